"""Plaid webhooks: verify the ``Plaid-Verification`` JWT and parse payloads into typed events.

Plaid signs each webhook with an ES256 JWT whose ``kid`` names a public key served by
``/webhook_verification_key/get``. A webhook is genuine when the JWT verifies with that key, was
issued at most five minutes ago, and its ``request_body_sha256`` equals the SHA-256 of the exact
body received. :func:`verify_webhook` checks one JWT against one key (no I/O);
:class:`WebhookVerifier` fetches and caches keys through a :class:`PlaidClient`, with a bounded
key lifetime, a negative cache and a lookup budget for unknown key ids, and optional replay
protection through a seen-store (:mod:`._seen`).
"""

from __future__ import annotations

import hashlib
import hmac
import inspect
import json
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Final

import jwt
from jwt.algorithms import ECAlgorithm
from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as PydanticValidationError

from fin_infra.errors import ValidationError
from fin_infra.providers.banking.plaid._seen import (
    AsyncSeenStore,
    MemorySeenStore,
    RedisSeenStore,
    SeenStore,
)
from fin_infra.providers.banking.plaid.client import AsyncPlaidClient, PlaidClient
from fin_infra.providers.errors import InvalidRequestError, ProviderError

__all__ = [
    "KEY_TTL",
    "MAX_WEBHOOK_AGE",
    "AsyncSeenStore",
    "AsyncWebhookVerifier",
    "HoldingsUpdated",
    "ItemErrorEvent",
    "LoginRepaired",
    "MemorySeenStore",
    "PendingExpiration",
    "RedisSeenStore",
    "SeenStore",
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
KEY_TTL: Final = 3600.0
"""Seconds a fetched verification key is trusted before it is fetched (and re-checked) again."""
UNKNOWN_KEY_TTL: Final = 300.0
"""Seconds a key id Plaid does not know is refused without asking Plaid again."""
MAX_KEY_FETCHES: Final = 3
FETCH_WINDOW: Final = 60.0
"""At most ``MAX_KEY_FETCHES`` lookups of not-yet-cached key ids per ``FETCH_WINDOW`` seconds."""
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
    """Every decision of the two verifiers, without I/O: key cache, lookup budget, replay."""

    def __init__(
        self,
        *,
        max_age: float,
        clock: Callable[[], float],
        key_ttl: float,
        unknown_key_ttl: float,
        max_key_fetches: int,
        fetch_window: float,
        seen: SeenStore | AsyncSeenStore | None,
    ) -> None:
        if max_key_fetches < 1 or fetch_window <= 0 or key_ttl <= 0 or unknown_key_ttl < 0:
            raise ValidationError("key cache and lookup budget settings must be positive")
        self._max_age = max_age
        self._clock = clock
        self._key_ttl = key_ttl
        self._unknown_ttl = unknown_key_ttl
        self._max_fetches = max_key_fetches
        self._window = fetch_window
        self._seen = seen
        self._keys: dict[str, tuple[Mapping[str, Any], float]] = {}
        self._unknown: OrderedDict[str, float] = OrderedDict()
        self._fetches: deque[float] = deque()

    def _cached_key(self, kid: str) -> Mapping[str, Any] | None:
        """The cached key for ``kid``, None when it must be fetched, or refuse right away."""
        now = self._clock()
        entry = self._keys.get(kid)
        if entry is not None:
            if now - entry[1] < self._key_ttl:
                return entry[0]
            del self._keys[kid]  # bounded lifetime: fetch again, Plaid may have expired it
        until = self._unknown.get(kid)
        if until is not None:
            if until > now:
                raise WebhookVerificationError("JWT names a key id Plaid does not know")
            del self._unknown[kid]
        while self._fetches and self._fetches[0] <= now - self._window:
            self._fetches.popleft()
        if len(self._fetches) >= self._max_fetches:
            raise WebhookVerificationError(
                "too many verification-key lookups for new key ids; refused without a lookup "
                "(Plaid retries a refused webhook)"
            )
        self._fetches.append(now)
        return None

    def _remember(self, kid: str, key: Mapping[str, Any]) -> Mapping[str, Any]:
        self._keys[kid] = (key, self._clock())
        return key

    def _remember_unknown(self, kid: str) -> WebhookVerificationError:
        self._unknown[kid] = self._clock() + self._unknown_ttl
        self._unknown.move_to_end(kid)
        while len(self._unknown) > _MAX_UNKNOWN:
            self._unknown.popitem(last=False)
        return WebhookVerificationError("JWT names a key id Plaid does not know")

    def _check(self, body: bytes, signed_jwt: str, key: Mapping[str, Any]) -> WebhookEvent:
        verify_webhook(body, signed_jwt, key, now=self._clock(), max_age=self._max_age)
        return parse_webhook(body)

    @property
    def _replay_ttl(self) -> float:
        return self._max_age + _CLOCK_SKEW


_MAX_UNKNOWN: Final = 4096
_REPLAYED: Final = "webhook already received (a replay of a verified body)"


def _digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


class WebhookVerifier(_VerifierBase):
    """Verifies and parses webhooks, fetching verification keys through ``client``.

    Keys are cached for at most ``key_ttl`` seconds, then fetched again, so a key Plaid has since
    marked expired stops verifying. A key id Plaid does not know is remembered for
    ``unknown_key_ttl`` seconds, and at most ``max_key_fetches`` lookups of new key ids are made
    per ``fetch_window`` seconds (each a single try), so forged webhooks cannot make the
    application hammer Plaid. With a ``seen`` store (e.g. :class:`MemorySeenStore`, or
    :class:`RedisSeenStore` across workers) a body already accepted within the maximum age is
    refused as a replay; call :meth:`forget` when your handler fails so Plaid's retry is accepted.
    """

    def __init__(
        self,
        client: PlaidClient,
        *,
        max_age: float = MAX_WEBHOOK_AGE,
        clock: Callable[[], float] = time.time,
        key_ttl: float = KEY_TTL,
        unknown_key_ttl: float = UNKNOWN_KEY_TTL,
        max_key_fetches: int = MAX_KEY_FETCHES,
        fetch_window: float = FETCH_WINDOW,
        seen: SeenStore | None = None,
    ) -> None:
        super().__init__(
            max_age=max_age,
            clock=clock,
            key_ttl=key_ttl,
            unknown_key_ttl=unknown_key_ttl,
            max_key_fetches=max_key_fetches,
            fetch_window=fetch_window,
            seen=seen,
        )
        self._client = client
        self._sync_seen = seen

    def verify(self, body: bytes, signed_jwt: str | None) -> WebhookEvent:
        """Check ``body`` against its ``Plaid-Verification`` header value; return the event."""
        token, kid = _key_id(signed_jwt)
        key = self._cached_key(kid)
        if key is None:
            try:
                key = self._remember(kid, self._client.webhook_verification_key(kid, retry=False))
            except InvalidRequestError:
                raise self._remember_unknown(kid) from None
        event = self._check(body, token, key)
        if self._sync_seen is not None and not self._sync_seen.add_if_new(
            _digest(body), self._replay_ttl
        ):
            raise WebhookVerificationError(_REPLAYED)
        return event

    def forget(self, body: bytes) -> None:
        """Let ``body`` be accepted again (your handler failed; Plaid will retry it)."""
        if self._sync_seen is not None:
            self._sync_seen.discard(_digest(body))


class AsyncWebhookVerifier(_VerifierBase):
    """The asyncio twin of :class:`WebhookVerifier` (same rules), with an AsyncPlaidClient.

    ``seen`` may be an :class:`AsyncSeenStore` or a blocking :class:`SeenStore`.
    """

    def __init__(
        self,
        client: AsyncPlaidClient,
        *,
        max_age: float = MAX_WEBHOOK_AGE,
        clock: Callable[[], float] = time.time,
        key_ttl: float = KEY_TTL,
        unknown_key_ttl: float = UNKNOWN_KEY_TTL,
        max_key_fetches: int = MAX_KEY_FETCHES,
        fetch_window: float = FETCH_WINDOW,
        seen: SeenStore | AsyncSeenStore | None = None,
    ) -> None:
        super().__init__(
            max_age=max_age,
            clock=clock,
            key_ttl=key_ttl,
            unknown_key_ttl=unknown_key_ttl,
            max_key_fetches=max_key_fetches,
            fetch_window=fetch_window,
            seen=seen,
        )
        self._client = client

    async def verify(self, body: bytes, signed_jwt: str | None) -> WebhookEvent:
        """Check ``body`` against its ``Plaid-Verification`` header value; return the event."""
        token, kid = _key_id(signed_jwt)
        key = self._cached_key(kid)
        if key is None:
            try:
                fetched = await self._client.webhook_verification_key(kid, retry=False)
            except InvalidRequestError:
                raise self._remember_unknown(kid) from None
            key = self._remember(kid, fetched)
        event = self._check(body, token, key)
        if self._seen is not None:
            added = self._seen.add_if_new(_digest(body), self._replay_ttl)
            if inspect.isawaitable(added):
                added = await added
            if not added:
                raise WebhookVerificationError(_REPLAYED)
        return event

    async def forget(self, body: bytes) -> None:
        """Let ``body`` be accepted again (your handler failed; Plaid will retry it)."""
        if self._seen is not None:
            done = self._seen.discard(_digest(body))
            if inspect.isawaitable(done):
                await done
