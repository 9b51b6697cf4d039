"""Plaid webhooks: verify the ``Plaid-Verification`` JWT and parse payloads into typed events.

Plaid signs each webhook with an ES256 JWT whose ``kid`` names a public key served by
``/webhook_verification_key/get``. A webhook is genuine when the JWT verifies with that key, was
issued at most five minutes ago, and its ``request_body_sha256`` equals the SHA-256 of the exact
body received. :func:`verify_webhook` checks one JWT against one key (no I/O);
:class:`WebhookVerifier` fetches and caches keys through a :class:`PlaidClient`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Final

import jwt
from jwt.algorithms import ECAlgorithm
from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as PydanticValidationError

from fin_infra.providers.banking.plaid.client import AsyncPlaidClient, PlaidClient
from fin_infra.providers.errors import InvalidRequestError, ProviderError

__all__ = [
    "MAX_WEBHOOK_AGE",
    "AsyncWebhookVerifier",
    "HoldingsUpdated",
    "ItemErrorEvent",
    "LoginRepaired",
    "PendingExpiration",
    "SyncUpdatesAvailable",
    "UnknownWebhook",
    "UserPermissionRevoked",
    "WebhookEvent",
    "WebhookVerificationError",
    "WebhookVerifier",
    "parse_webhook",
    "verify_webhook",
]

MAX_WEBHOOK_AGE: Final = 300.0
"""Seconds after which a signed webhook is refused (Plaid's recommendation: five minutes)."""
_CLOCK_SKEW: Final = 30.0


class WebhookVerificationError(ProviderError):
    """The webhook is not provably from Plaid (bad signature, stale, or body tampered with)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, provider="plaid", code="WEBHOOK_VERIFICATION_FAILED")


def _claims_from(signed_jwt: str, key: Mapping[str, Any]) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(signed_jwt)
    except jwt.PyJWTError:
        raise WebhookVerificationError("Plaid-Verification header is not a JWT") from None
    if header.get("alg") != "ES256":
        raise WebhookVerificationError(f"unexpected JWT algorithm {header.get('alg')!r}")
    if header.get("kid") != key.get("kid"):
        raise WebhookVerificationError("JWT key id does not match the verification key")
    jwk = {k: key[k] for k in ("kty", "crv", "x", "y") if k in key}
    try:
        public_key = ECAlgorithm.from_jwk(json.dumps(jwk))
        claims: dict[str, Any] = jwt.decode(
            signed_jwt,
            public_key,  # type: ignore[arg-type]
            algorithms=["ES256"],
            options={"verify_iat": False, "require": ["iat", "request_body_sha256"]},
        )
    except (jwt.PyJWTError, ValueError, KeyError):
        raise WebhookVerificationError("webhook signature does not verify") from None
    return claims


def verify_webhook(
    body: bytes,
    signed_jwt: str,
    key: Mapping[str, Any],
    *,
    now: float | None = None,
    max_age: float = MAX_WEBHOOK_AGE,
) -> None:
    """Raise :class:`WebhookVerificationError` unless ``body`` is a genuine, fresh Plaid webhook.

    ``key`` is the JWK returned by ``/webhook_verification_key/get`` for the JWT's ``kid``;
    ``body`` must be the raw bytes received, before any JSON parsing.
    """
    current = time.time() if now is None else now
    expired_at = key.get("expired_at")
    if isinstance(expired_at, int) and expired_at < current:
        raise WebhookVerificationError("the verification key has expired")
    claims = _claims_from(signed_jwt, key)
    issued = claims["iat"]
    if not isinstance(issued, int | float) or current - issued > max_age:
        raise WebhookVerificationError(f"webhook is older than {max_age:g} seconds")
    if issued - current > _CLOCK_SKEW:
        raise WebhookVerificationError("webhook is issued in the future")
    digest = hashlib.sha256(body).hexdigest()
    if not hmac.compare_digest(digest, str(claims["request_body_sha256"])):
        raise WebhookVerificationError("webhook body does not match its signed SHA-256")


class WebhookEvent(BaseModel):
    """A parsed webhook: its type and code, the item it is about, and the raw payload."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    kind: ClassVar[tuple[str, str] | None] = None

    webhook_type: str
    webhook_code: str
    item_id: str | None = None
    environment: str | None = None
    raw: dict[str, Any] = {}


class SyncUpdatesAvailable(WebhookEvent):
    """New transaction changes are ready: call ``transactions_sync`` with the stored cursor."""

    kind = ("TRANSACTIONS", "SYNC_UPDATES_AVAILABLE")
    initial_update_complete: bool
    historical_update_complete: bool


class ItemErrorEvent(WebhookEvent):
    """The item entered an error state (``error["error_code"]``, e.g. ``ITEM_LOGIN_REQUIRED``)."""

    kind = ("ITEM", "ERROR")
    error: dict[str, Any] | None = None


class PendingExpiration(WebhookEvent):
    """The user's consent expires soon; send them through Link update mode."""

    kind = ("ITEM", "PENDING_EXPIRATION")
    consent_expiration_time: str


class LoginRepaired(WebhookEvent):
    """The item recovered from ``ITEM_LOGIN_REQUIRED`` without update mode."""

    kind = ("ITEM", "LOGIN_REPAIRED")


class UserPermissionRevoked(WebhookEvent):
    """The user revoked access at their institution; the item no longer works."""

    kind = ("ITEM", "USER_PERMISSION_REVOKED")


class HoldingsUpdated(WebhookEvent):
    """Investment holdings changed; refetch them."""

    kind = ("HOLDINGS", "DEFAULT_UPDATE")
    new_holdings: int
    updated_holdings: int


class UnknownWebhook(WebhookEvent):
    """A webhook fin-infra has no dedicated type for; see ``raw``."""


_EVENTS: Final[dict[tuple[str, str], type[WebhookEvent]]] = {
    cls.kind: cls
    for cls in (
        SyncUpdatesAvailable,
        ItemErrorEvent,
        PendingExpiration,
        LoginRepaired,
        UserPermissionRevoked,
        HoldingsUpdated,
    )
    if cls.kind is not None
}


def parse_webhook(body: bytes | str | Mapping[str, Any]) -> WebhookEvent:
    """The typed event for a webhook payload (``UnknownWebhook`` for unlisted type/code pairs)."""
    try:
        payload = dict(body) if isinstance(body, Mapping) else json.loads(body)
        if not isinstance(payload, dict):
            raise TypeError
        kind = (str(payload.get("webhook_type")), str(payload.get("webhook_code")))
        cls = _EVENTS.get(kind, UnknownWebhook)
        return cls.model_validate({**payload, "raw": payload})
    except (ValueError, TypeError, PydanticValidationError):
        raise WebhookVerificationError("webhook payload is not a valid Plaid webhook") from None


def _key_id(signed_jwt: str | None) -> tuple[str, str]:
    """The header's JWT and the ``kid`` it names (read before any key is fetched)."""
    if not signed_jwt:
        raise WebhookVerificationError("missing Plaid-Verification header")
    try:
        kid = jwt.get_unverified_header(signed_jwt).get("kid")
    except jwt.PyJWTError:
        raise WebhookVerificationError("Plaid-Verification header is not a JWT") from None
    if not isinstance(kid, str) or not kid:
        raise WebhookVerificationError("JWT has no key id")
    return signed_jwt, kid


class _VerifierBase:
    def __init__(self, *, max_age: float, clock: Callable[[], float]) -> None:
        self._max_age = max_age
        self._clock = clock
        self._keys: dict[str, Mapping[str, Any]] = {}

    def _finish(self, body: bytes, signed_jwt: str, key: Mapping[str, Any]) -> WebhookEvent:
        verify_webhook(body, signed_jwt, key, now=self._clock(), max_age=self._max_age)
        return parse_webhook(body)


class WebhookVerifier(_VerifierBase):
    """Verifies and parses webhooks, fetching verification keys through ``client`` (cached)."""

    def __init__(
        self,
        client: PlaidClient,
        *,
        max_age: float = MAX_WEBHOOK_AGE,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(max_age=max_age, clock=clock)
        self._client = client

    def verify(self, body: bytes, signed_jwt: str | None) -> WebhookEvent:
        """Check ``body`` against its ``Plaid-Verification`` header value; return the event."""
        token, kid = _key_id(signed_jwt)
        if kid not in self._keys:
            try:
                self._keys[kid] = self._client.webhook_verification_key(kid)
            except InvalidRequestError:
                raise WebhookVerificationError("JWT names a key id Plaid does not know") from None
        return self._finish(body, token, self._keys[kid])


class AsyncWebhookVerifier(_VerifierBase):
    """The asyncio twin of :class:`WebhookVerifier`, fetching keys with an AsyncPlaidClient."""

    def __init__(
        self,
        client: AsyncPlaidClient,
        *,
        max_age: float = MAX_WEBHOOK_AGE,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(max_age=max_age, clock=clock)
        self._client = client

    async def verify(self, body: bytes, signed_jwt: str | None) -> WebhookEvent:
        """Check ``body`` against its ``Plaid-Verification`` header value; return the event."""
        token, kid = _key_id(signed_jwt)
        if kid not in self._keys:
            try:
                self._keys[kid] = await self._client.webhook_verification_key(kid)
            except InvalidRequestError:
                raise WebhookVerificationError("JWT names a key id Plaid does not know") from None
        return self._finish(body, token, self._keys[kid])
