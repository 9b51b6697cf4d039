"""Run an I/O-free provider operation with a real (sync or async) HTTP client.

Provider cores write each operation once, as a generator that *yields* an
:class:`~fin_infra.providers._http.ApiRequest` and is *sent* the ``httpx.Response`` back (or has
the :class:`~fin_infra.providers.errors.ProviderError` thrown in, so it can react, e.g. restart a
pagination). A generator may also yield output items (pages) to stream to the caller. These four
drivers are the only code that differs between the sync and async twins.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator, Iterator
from typing import Any, TypeVar, cast

import httpx

from fin_infra.providers._http import ApiRequest, AsyncHttpClient, HttpClient
from fin_infra.providers.errors import ProviderError

__all__ = ["Op", "Stream", "iter_async", "iter_sync", "run_async", "run_sync"]

T = TypeVar("T")
O = TypeVar("O")  # noqa: E741 - the conventional name for an output type

Op = Generator[ApiRequest, httpx.Response, T]
"""An operation that makes requests and returns ``T``."""

Stream = Generator[ApiRequest | O, httpx.Response | None, None]
"""An operation that makes requests and yields output items of type ``O``."""


def _resume(
    gen: Generator[Any, Any, Any], value: Any, error: ProviderError | None
) -> tuple[bool, Any]:
    """Send ``value`` (or throw ``error``) into ``gen``: ``(False, next item)`` or
    ``(True, return value)`` once it finishes."""
    try:
        return False, (gen.throw(error) if error is not None else gen.send(value))
    except StopIteration as stop:
        return True, stop.value


def run_sync(http: HttpClient, op: Op[T]) -> T:
    """Drive ``op`` to completion with the blocking client."""
    done, step = _resume(op, None, None)
    while not done:
        try:
            response = http.send(step)
        except ProviderError as exc:
            done, step = _resume(op, None, exc)
        else:
            done, step = _resume(op, response, None)
    return cast(T, step)


async def run_async(http: AsyncHttpClient, op: Op[T]) -> T:
    """Drive ``op`` to completion with the asyncio client."""
    done, step = _resume(op, None, None)
    while not done:
        try:
            response = await http.send(step)
        except ProviderError as exc:
            done, step = _resume(op, None, exc)
        else:
            done, step = _resume(op, response, None)
    return cast(T, step)


def iter_sync(http: HttpClient, stream: Stream[O]) -> Iterator[O]:
    """Yield ``stream``'s output items, sending its requests with the blocking client."""
    done, step = _resume(stream, None, None)
    while not done:
        if not isinstance(step, ApiRequest):
            yield step
            done, step = _resume(stream, None, None)
            continue
        try:
            response = http.send(step)
        except ProviderError as exc:
            done, step = _resume(stream, None, exc)
        else:
            done, step = _resume(stream, response, None)


async def iter_async(http: AsyncHttpClient, stream: Stream[O]) -> AsyncIterator[O]:
    """Yield ``stream``'s output items, sending its requests with the asyncio client."""
    done, step = _resume(stream, None, None)
    while not done:
        if not isinstance(step, ApiRequest):
            yield step
            done, step = _resume(stream, None, None)
            continue
        try:
            response = await http.send(step)
        except ProviderError as exc:
            done, step = _resume(stream, None, exc)
        else:
            done, step = _resume(stream, response, None)
