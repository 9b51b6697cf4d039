"""The one HTTP seam every provider client goes through.

A provider describes itself once with a :class:`ProviderProfile` (name, base URL, auth headers,
which values are secret, how to read its error bodies). :class:`HttpCore` holds every decision
and no I/O: it builds the ``httpx.Request``, turns a response or a transport failure into either
the response, a typed :class:`~fin_infra.providers.errors.ProviderError`, or a :class:`Retry`
with its delay. :class:`HttpClient` and :class:`AsyncHttpClient` are thin sync and async loops
around that core that only send and sleep.

Everything a test needs to fake the wire is the ``transport=`` argument (any httpx transport,
e.g. ``httpx.MockTransport``); ``sleep=`` makes backoff instantaneous in tests.

Retry rules, in one place:

* only connection errors, timeouts, 408, 429 and 5xx are retried, at most
  ``RetryPolicy.max_attempts`` tries, with exponential backoff, jitter and ``Retry-After``;
* a request that is not safe to repeat (a write without an idempotency key) is never retried:
  mark reads sent as POST with ``idempotent=True`` and give writes an ``idempotency_key``
  (make it once per logical write with :func:`new_idempotency_key`, outside the retry loop).
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final, TypeVar

import httpx
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

import fin_infra
from fin_infra.providers._ratelimit import RateLimit, TokenBucket, shared_bucket
from fin_infra.providers._redact import redact
from fin_infra.providers._resource import AsyncResource, SyncResource
from fin_infra.providers._retry import RetryPolicy, is_retryable_status, parse_retry_after
from fin_infra.providers.errors import (
    MalformedResponseError,
    ProviderConnectionError,
    ProviderError,
    ProviderTimeoutError,
    error_class_for_status,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "ApiRequest",
    "AsyncHttpClient",
    "ErrorDetails",
    "HttpClient",
    "HttpCore",
    "ProviderProfile",
    "Retry",
    "decode_json",
    "new_idempotency_key",
    "parse_model",
]

logger = logging.getLogger("fin_infra.providers")

DEFAULT_TIMEOUT: Final = httpx.Timeout(30.0, connect=10.0)
"""30 s to read an answer, 10 s to connect: explicit, never httpx's "wait forever" of None."""

M = TypeVar("M", bound=BaseModel)

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


@dataclass(frozen=True, slots=True)
class Retry:
    """The core's verdict that the call should be sent again after ``delay`` seconds."""

    delay: float
    error: ProviderError


class HttpCore:
    """Every decision of a provider call, with no I/O: build, classify, retry or raise."""

    def __init__(
        self,
        profile: ProviderProfile,
        *,
        base_url: str | None = None,
        retry: RetryPolicy | None = None,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.profile = profile
        self.base_url = (base_url or profile.base_url).rstrip("/")
        self.retry = retry or RetryPolicy()
        self._rand = rand
        self._bucket: TokenBucket | None = None
        if profile.rate_limit is not None:
            key = profile.rate_limit_key or profile.name
            self._bucket = shared_bucket(profile.name, key, profile.rate_limit)

    def reserve(self) -> float:
        """Seconds to wait for a rate-limit token before sending (0.0 without a limiter)."""
        return 0.0 if self._bucket is None else self._bucket.reserve()

    def build(self, request: ApiRequest) -> httpx.Request:
        """The wire request: base URL, provider headers, the call's own headers and body."""
        headers = {"User-Agent": f"fin-infra/{fin_infra.__version__}", **self.profile.headers}
        if request.headers:
            headers.update(request.headers)
        return httpx.Request(
            request.method.upper(),
            self.base_url + request.path,
            params=request.params,
            json=request.json,
            headers=headers,
        )

    def on_response(
        self, request: ApiRequest, attempt: int, response: httpx.Response
    ) -> httpx.Response | Retry:
        """Return a 2xx response, a :class:`Retry`, or raise the typed error."""
        status = response.status_code
        if 200 <= status < 300:
            logger.debug(
                "%s %s %s -> %d (attempt %d)",
                self.profile.name,
                request.method,
                request.path,
                status,
                attempt,
            )
            return response
        error = self.error_from_response(request, response)
        return self._retry_or_raise(request, attempt, error, is_retryable_status(status))

    def on_transport_error(self, request: ApiRequest, attempt: int, exc: Exception) -> Retry:
        """Turn an httpx failure into a :class:`Retry`, or raise the typed error."""
        if isinstance(exc, httpx.TimeoutException):
            cls: type[ProviderError] = ProviderTimeoutError
        elif isinstance(exc, httpx.TransportError):
            cls = ProviderConnectionError
        else:
            cls = MalformedResponseError
        message = redact(f"{type(exc).__name__}: {exc}", self._secrets(request))
        error = cls(message, provider=self.profile.name)
        return self._retry_or_raise(request, attempt, error, error.retryable, cause=exc)

    def error_from_response(self, request: ApiRequest, response: httpx.Response) -> ProviderError:
        """The typed, redacted error for a non-2xx response."""
        details = self.profile.decode_error(response)
        retry_after = details.retry_after
        if retry_after is None:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
        cls = self.profile.classify_error(response.status_code, details)
        secrets = self._secrets(request)
        display = details.display_message
        return cls(
            redact(details.message, secrets),
            provider=self.profile.name,
            status=response.status_code,
            code=details.code,
            type=details.type,
            request_id=details.request_id,
            display_message=None if display is None else redact(display, secrets),
            retry_after=retry_after,
            retryable=is_retryable_status(response.status_code) or None,
        )

    def _retry_or_raise(
        self,
        request: ApiRequest,
        attempt: int,
        error: ProviderError,
        retryable: bool,
        cause: BaseException | None = None,
    ) -> Retry:
        delay = None
        if retryable and request.retry_safe:
            delay = self.retry.delay(attempt, error.retry_after, self._rand)
        if delay is None:
            logger.debug(
                "%s %s %s failed: %s", self.profile.name, request.method, request.path, error
            )
            raise error from cause
        logger.info(
            "%s %s %s: retrying in %.2fs after attempt %d: %s",
            self.profile.name,
            request.method,
            request.path,
            delay,
            attempt,
            error,
        )
        return Retry(delay=delay, error=error)

    def _secrets(self, request: ApiRequest) -> tuple[str, ...]:
        return self.profile.secrets + request.secrets


def decode_json(response: httpx.Response, provider: str) -> Any:
    """The body as JSON with every non-integer number as an exact ``Decimal`` (never a float).

    Raises :class:`MalformedResponseError` (without echoing the body) when it is not JSON.
    """
    try:
        return json.loads(response.content, parse_float=Decimal)
    except ValueError:
        raise MalformedResponseError(
            f"response to {response.request.url.path} is not valid JSON",
            provider=provider,
            status=response.status_code,
        ) from None


def parse_model(response: httpx.Response, model: type[M], provider: str) -> M:
    """The body decoded exactly (see :func:`decode_json`) and validated into ``model``."""
    data = decode_json(response, provider)
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        raise MalformedResponseError(
            f"response to {response.request.url.path} does not match {model.__name__} "
            f"({exc.error_count()} problems)",
            provider=provider,
            status=response.status_code,
        ) from None


class _ClientBase:
    """Construction shared by the sync and async clients."""

    def __init__(
        self,
        profile: ProviderProfile,
        *,
        base_url: str | None,
        retry: RetryPolicy | None,
        rand: Callable[[], float],
    ) -> None:
        self.core = HttpCore(profile, base_url=base_url, retry=retry, rand=rand)

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(provider={self.core.profile.name!r}, base_url={self.core.base_url!r})"


class HttpClient(_ClientBase, SyncResource):
    """Blocking client: sends through ``transport`` and sleeps between retries with ``sleep``."""

    def __init__(
        self,
        profile: ProviderProfile,
        *,
        transport: httpx.BaseTransport | None = None,
        base_url: str | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
    ) -> None:
        super().__init__(profile, base_url=base_url, retry=retry, rand=rand)
        self._client = httpx.Client(transport=transport, timeout=timeout)
        self._sleep = sleep

    def send(self, request: ApiRequest) -> httpx.Response:
        """Send with rate limiting and retries; return the 2xx response or raise ProviderError."""
        attempt = 0
        while True:
            attempt += 1
            wait = self.core.reserve()
            if wait > 0:
                self._sleep(wait)
            step: httpx.Response | Retry
            try:
                response = self._client.send(self.core.build(request))
            except httpx.RequestError as exc:
                step = self.core.on_transport_error(request, attempt, exc)
            else:
                step = self.core.on_response(request, attempt, response)
            if isinstance(step, httpx.Response):
                return step
            self._sleep(step.delay)

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()


class AsyncHttpClient(_ClientBase, AsyncResource):
    """The asyncio twin of :class:`HttpClient`, sharing its :class:`HttpCore`."""

    def __init__(
        self,
        profile: ProviderProfile,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        base_url: str | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rand: Callable[[], float] = random.random,
    ) -> None:
        super().__init__(profile, base_url=base_url, retry=retry, rand=rand)
        self._client = httpx.AsyncClient(transport=transport, timeout=timeout)
        self._sleep = sleep

    async def send(self, request: ApiRequest) -> httpx.Response:
        """Send with rate limiting and retries; return the 2xx response or raise ProviderError."""
        attempt = 0
        while True:
            attempt += 1
            wait = self.core.reserve()
            if wait > 0:
                await self._sleep(wait)
            step: httpx.Response | Retry
            try:
                response = await self._client.send(self.core.build(request))
            except httpx.RequestError as exc:
                step = self.core.on_transport_error(request, attempt, exc)
            else:
                step = self.core.on_response(request, attempt, response)
            if isinstance(step, httpx.Response):
                return step
            await self._sleep(step.delay)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()
