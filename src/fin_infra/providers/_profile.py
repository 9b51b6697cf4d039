"""What a provider and a single call tell the HTTP seam.

A :class:`ProviderProfile` describes a provider once (name, base URL, auth headers, which values
are secret, how to read its error bodies, its rate limit). An :class:`ApiRequest` describes one
logical call, including whether it is safe to send twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import httpx

from fin_infra.providers._ratelimit import RateLimit
from fin_infra.providers.errors import ProviderError, error_class_for_status

__all__ = [
    "ApiRequest",
    "ErrorDetails",
    "ProviderProfile",
    "default_decode_error",
    "new_idempotency_key",
]

_SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


def new_idempotency_key() -> str:
    """A fresh idempotency key: make one per logical write and reuse it on every retry."""
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class ApiRequest:
    """One logical call: what to send, whether it is safe to repeat, and what to redact.

    ``idempotent`` defaults to the method's HTTP semantics (POST and PATCH are not); an
    ``idempotency_key`` (already placed in ``json`` or ``headers`` by the provider) makes a write
    safe to retry. ``secrets`` are per-call values such as an access token, redacted from errors.
    """

    method: str
    path: str
    json: Mapping[str, Any] | None = None
    params: Mapping[str, str] | None = None
    headers: Mapping[str, str] | None = None
    idempotent: bool | None = None
    idempotency_key: str | None = None
    secrets: tuple[str, ...] = field(default=(), repr=False)

    @property
    def retry_safe(self) -> bool:
        """True when sending this request twice cannot do the work twice."""
        if self.idempotency_key:
            return True
        if self.idempotent is not None:
            return self.idempotent
        return self.method.upper() in _SAFE_METHODS

    def __repr__(self) -> str:
        return f"ApiRequest({self.method} {self.path})"


@dataclass(frozen=True, slots=True)
class ErrorDetails:
    """What a provider's error body says, in neutral terms."""

    message: str
    code: str | None = None
    type: str | None = None
    request_id: str | None = None
    display_message: str | None = None
    retry_after: float | None = None


def default_decode_error(response: httpx.Response) -> ErrorDetails:
    """Read ``message``/``code`` from a JSON body, else use the reason phrase."""
    try:
        body = response.json()
    except ValueError:
        body = None
    message = response.reason_phrase or "error"
    code: str | None = None
    if isinstance(body, dict):
        message = str(body.get("message") or body.get("error") or message)
        code = None if body.get("code") is None else str(body["code"])
    return ErrorDetails(message=message, code=code, request_id=response.headers.get("x-request-id"))


def _classify_by_status(status: int, details: ErrorDetails) -> type[ProviderError]:
    return error_class_for_status(status)


@dataclass(frozen=True, slots=True)
class ProviderProfile:
    """How to talk to one provider: everything the seam needs that differs between vendors.

    ``secrets`` lists credential values to redact from any error text; ``rate_limit_key``
    identifies the credential whose shared token bucket calls draw from.
    """

    name: str
    base_url: str
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    secrets: tuple[str, ...] = field(default=(), repr=False)
    decode_error: Callable[[httpx.Response], ErrorDetails] = default_decode_error
    classify_error: Callable[[int, ErrorDetails], type[ProviderError]] = _classify_by_status
    rate_limit: RateLimit | None = None
    rate_limit_key: str = field(default="", repr=False)
