"""Reading Plaid's error bodies and choosing the typed error for them.

Plaid answers errors with JSON ``{error_type, error_code, error_message, display_message,
request_id}``; the ``error_type``/``error_code`` pair is more precise than the HTTP status.
"""

from __future__ import annotations

import json
from typing import Final

import httpx

from fin_infra.providers._http import ErrorDetails
from fin_infra.providers.errors import (
    AuthenticationError,
    InvalidRequestError,
    ItemError,
    ItemLoginRequiredError,
    PermissionDeniedError,
    ProviderError,
    ProviderServerError,
    RateLimitError,
    error_class_for_status,
)

__all__ = ["TransactionsSyncMutationError", "classify_plaid_error", "decode_plaid_error"]


class TransactionsSyncMutationError(InvalidRequestError):
    """Transactions changed while ``/transactions/sync`` was paginating; restart the loop."""


_BY_CODE: Final[dict[str, type[ProviderError]]] = {
    "ITEM_LOGIN_REQUIRED": ItemLoginRequiredError,
    "INVALID_API_KEYS": AuthenticationError,
    "INVALID_ACCESS_TOKEN": AuthenticationError,
    "UNAUTHORIZED_ENVIRONMENT": AuthenticationError,
    "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION": TransactionsSyncMutationError,
}
_BY_TYPE: Final[dict[str, type[ProviderError]]] = {
    "INVALID_REQUEST": InvalidRequestError,
    "INVALID_INPUT": InvalidRequestError,
    "INVALID_RESULT": InvalidRequestError,
    "RATE_LIMIT_EXCEEDED": RateLimitError,
    "API_ERROR": ProviderServerError,
    "INSTITUTION_ERROR": ProviderServerError,
    "ITEM_ERROR": ItemError,
    "ASSET_REPORT_ERROR": InvalidRequestError,
    "TRANSACTIONS_ERROR": InvalidRequestError,
    "OAUTH_ERROR": PermissionDeniedError,
}


def decode_plaid_error(response: httpx.Response) -> ErrorDetails:
    """The fields of a Plaid error body; a non-JSON body degrades to the HTTP reason.

    Fields are passed through as found: the HTTP seam refuses wrong JSON types (a number for
    ``error_code``...) with :class:`~fin_infra.providers.errors.MalformedResponseError`.
    """
    try:
        body = json.loads(response.content)
    except ValueError:
        body = None
    if body is None:
        return ErrorDetails(message=response.reason_phrase or "error response without a body")
    if not isinstance(body, dict):
        raise TypeError(f"a Plaid error body is an object, not {type(body).__name__}")
    return ErrorDetails(
        message=body.get("error_message") or response.reason_phrase or "error",
        code=body.get("error_code"),
        type=body.get("error_type"),
        request_id=body.get("request_id"),
        display_message=body.get("display_message"),
    )


def classify_plaid_error(status: int, details: ErrorDetails) -> type[ProviderError]:
    """By ``error_code``, then ``error_type``, then HTTP status."""
    return (
        _BY_CODE.get(details.code or "")
        or _BY_TYPE.get(details.type or "")
        or error_class_for_status(status)
    )
