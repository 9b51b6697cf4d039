"""Helpers for the example application's tests: a migrated, seeded app on a throw-away database."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx

from personal_finance.app import create_app

AS_OF = dt.date(2026, 11, 26)
"""The seed's "today": fixed so the sandbox data (and every expected value) is the same each run."""

Scenario = Callable[[httpx.AsyncClient], Awaitable[None]]


@asynccontextmanager
async def client_for(url: str) -> AsyncIterator[httpx.AsyncClient]:
    """Start the app on ``url`` (migrate + seed run in its lifespan) and yield a client."""
    app = create_app(url, as_of=AS_OF)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
            yield client


def run(url: str, scenario: Scenario) -> None:
    """Run ``scenario`` against a started app on ``url``, in one event loop."""

    async def main() -> None:
        async with client_for(url) as client:
            await scenario(client)

    asyncio.run(main())
