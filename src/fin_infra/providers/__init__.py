"""Provider integrations (banking, brokerage, market data) and the framework they share.

Needs the ``providers`` extra (``pip install ".[providers]"`` in a fin-infra checkout). Every
client goes through one HTTP seam (``transport=``, ``base_url=``, timeouts, retries, rate
limiting, typed errors with secrets redacted); see :mod:`fin_infra.providers._http`.
"""

from __future__ import annotations

from fin_infra.providers._http import (
    DEFAULT_TIMEOUT,
    ApiRequest,
    AsyncHttpClient,
    ErrorDetails,
    HttpClient,
    HttpCore,
    ProviderProfile,
    new_idempotency_key,
)
from fin_infra.providers._logfilter import scrub_url_secrets
from fin_infra.providers._ratelimit import RateLimit, TokenBucket
from fin_infra.providers._redact import Secret, redact
from fin_infra.providers._retry import RetryPolicy
from fin_infra.providers.errors import (
    AuthenticationError,
    InvalidRequestError,
    ItemError,
    ItemLoginRequiredError,
    MalformedResponseError,
    PaginationLoopError,
    PermissionDeniedError,
    ProviderConnectionError,
    ProviderError,
    ProviderServerError,
    ProviderTimeoutError,
    RateLimitError,
)
from fin_infra.providers.tokens import (
    TokenCipher,
    TokenCipherPicklingError,
    TokenDecryptionError,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "ApiRequest",
    "AsyncHttpClient",
    "AuthenticationError",
    "ErrorDetails",
    "HttpClient",
    "HttpCore",
    "InvalidRequestError",
    "ItemError",
    "ItemLoginRequiredError",
    "MalformedResponseError",
    "PaginationLoopError",
    "PermissionDeniedError",
    "ProviderConnectionError",
    "ProviderError",
    "ProviderProfile",
    "ProviderServerError",
    "ProviderTimeoutError",
    "RateLimit",
    "RateLimitError",
    "RetryPolicy",
    "Secret",
    "TokenBucket",
    "TokenCipher",
    "TokenCipherPicklingError",
    "TokenDecryptionError",
    "new_idempotency_key",
    "redact",
    "scrub_url_secrets",
]
