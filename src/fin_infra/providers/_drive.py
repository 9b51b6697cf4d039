"""Run an I/O-free provider operation with a real (sync or async) HTTP client.

Provider cores write each operation once, as a generator that *yields* an
:class:`~fin_infra.providers._http.ApiRequest` and is *sent* the ``httpx.Response`` back (or has
the :class:`~fin_infra.providers.errors.ProviderError` thrown in, so it can react, e.g. restart a
pagination). A generator may also yield output items (pages) to stream to the caller.
:func:`iter_sync` and :func:`iter_async` are the only code that differs between the sync and
async twins; :func:`run_sync` and :func:`run_async` are built on them.

Whatever an operation raises while it reads a response, other than a ``ProviderError`` of its
own (a pydantic error from a domain model, a ``ValueError`` from an unknown enum value, a
``TypeError`` from a body of the wrong shape), becomes a :class:`MalformedResponseError`: the
provider's data broke the contract, and callers (e.g. a fallback) can rely on provider failures
being typed.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx
from pydantic import ValidationError as PydanticValidationError

from fin_infra.providers._http import ApiRequest, AsyncHttpClient, HttpClient
from fin_infra.providers.errors import MalformedResponseError, ProviderError

__all__ = ["Op", "Stream", "iter_async", "iter_sync", "malformed", "run_async", "run_sync"]

T = TypeVar("T")
O = TypeVar("O")  # noqa: E741 - the conventional name for an output type

Op = Generator[ApiRequest, httpx.Response, T]
"""An operation that makes requests and returns ``T``."""

Stream = Generator[ApiRequest | O, httpx.Response | None, None]
"""An operation that makes requests and yields output items of type ``O``."""


def _resume(
    gen: Generator[Any, Any, Any],
    value: Any,
    error: ProviderError | None,
    provider: str = "provider",
    answered: httpx.Response | None = None,
) -> tuple[bool, Any]:
    """Send ``value`` (or throw ``error``) into ``gen``: ``(False, next item)`` or
    ``(True, return value)`` once it finishes."""
    try:
        return False, (gen.throw(error) if error is not None else gen.send(value))
    except StopIteration as stop:
        return True, stop.value
    except ProviderError:
        raise
    except Exception as exc:
        if answered is None:
            raise  # the operation's own input checks, before any answer was read
        raise malformed(provider, answered, exc) from exc


def malformed(provider: str, response: httpx.Response, exc: Exception) -> MalformedResponseError:
    """The typed error for provider data our models refused (first line of the reason only)."""
    if isinstance(exc, PydanticValidationError) and exc.errors():
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        reason = f"{exc.title}{'.' + where if where else ''}: {first['msg']}"
    else:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    reason = reason[:200]
    return MalformedResponseError(
        f"{type(exc).__name__} reading the response to {response.request.url.path}"
        + (f": {reason}" if reason else ""),
        provider=provider,
        status=response.status_code,
    )


def iter_sync(http: HttpClient, stream: Stream[O]) -> Generator[O, None, None]:
    """Yield ``stream``'s output items, sending its requests with the blocking client."""
    name = http.core.profile.name
    last: httpx.Response | None = None
    done, step = _resume(stream, None, None, name)
    while not done:
        if not isinstance(step, ApiRequest):
            yield step
            done, step = _resume(stream, None, None, name, last)
            continue
        try:
            response = http.send(step)
        except ProviderError as exc:
            done, step = _resume(stream, None, exc, name, last)
        else:
            last = response
            done, step = _resume(stream, response, None, name, last)


async def iter_async(http: AsyncHttpClient, stream: Stream[O]) -> AsyncGenerator[O, None]:
    """Yield ``stream``'s output items, sending its requests with the asyncio client."""
    name = http.core.profile.name
    last: httpx.Response | None = None
    done, step = _resume(stream, None, None, name)
    while not done:
        if not isinstance(step, ApiRequest):
            yield step
            done, step = _resume(stream, None, None, name, last)
            continue
        try:
            response = await http.send(step)
        except ProviderError as exc:
            done, step = _resume(stream, None, exc, name, last)
        else:
            last = response
            done, step = _resume(stream, response, None, name, last)


@dataclass(frozen=True, slots=True)
class _Result(Generic[T]):
    value: T


def _with_result(op: Op[T]) -> Stream[_Result[T]]:
    """``op`` as a stream whose one output item is its return value."""
    value = yield from op
    yield _Result(value)


def run_sync(http: HttpClient, op: Op[T]) -> T:
    """Drive ``op`` to completion with the blocking client; return its result."""
    items = iter_sync(http, _with_result(op))
    try:
        for item in items:
            return item.value
    finally:
        items.close()
    raise RuntimeError("operation ended without a result")  # pragma: no cover


async def run_async(http: AsyncHttpClient, op: Op[T]) -> T:
    """Drive ``op`` to completion with the asyncio client; return its result."""
    items = iter_async(http, _with_result(op))
    try:
        async for item in items:
            return item.value
    finally:
        await items.aclose()
    raise RuntimeError("operation ended without a result")  # pragma: no cover
