"""The one HTTP seam every provider client goes through.

A provider describes itself once with a :class:`ProviderProfile` and each call with an
:class:`ApiRequest` (both in :mod:`._profile`, re-exported here with the exact JSON helpers of
:mod:`._json`, so a new provider imports everything it needs from this module).
:class:`HttpCore` holds every decision
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
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Final

import httpx

import fin_infra
from fin_infra.providers._json import decode_json, parse_model
from fin_infra.providers._logfilter import install_log_redaction
from fin_infra.providers._profile import (
    ApiRequest,
    ErrorDetails,
    ProviderProfile,
    new_idempotency_key,
)
from fin_infra.providers._ratelimit import TokenBucket, shared_bucket
from fin_infra.providers._redact import redact
from fin_infra.providers._resource import AsyncResource, SyncResource
from fin_infra.providers._retry import RetryPolicy, is_retryable_status, parse_retry_after
from fin_infra.providers.errors import (
    MalformedResponseError,
    ProviderConnectionError,
    ProviderError,
    ProviderTimeoutError,
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
        """The typed, redacted error for a non-2xx response.

        An error body the provider's decoder cannot read, or whose fields have the wrong JSON
        types (a number for ``error_code``, an object for ``request_id``, a list for the whole
        body), gives a :class:`MalformedResponseError` carrying the status: never a raw
        ``TypeError`` or ``AttributeError``.
        """
        try:
            details = self.profile.decode_error(response)
            _check_details(details)
        except ProviderError as exc:
            return exc
        except Exception as exc:
            return MalformedResponseError(
                f"unreadable error body ({type(exc).__name__}) with HTTP {response.status_code}",
                provider=self.profile.name,
                status=response.status_code,
                retryable=is_retryable_status(response.status_code) or None,
            )
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


def _check_details(details: ErrorDetails) -> None:
    """Raise TypeError unless every decoded field has the type the error needs."""
    if not isinstance(details.message, str):
        raise TypeError("message")
    for name in ("code", "type", "request_id", "display_message"):
        if not isinstance(getattr(details, name), str | None):
            raise TypeError(name)
    if not isinstance(details.retry_after, int | float | None) or isinstance(
        details.retry_after, bool
    ):
        raise TypeError("retry_after")


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
        install_log_redaction()

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
