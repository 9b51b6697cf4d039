"""Helpers for the example application's tests: a migrated, seeded app on a throw-away database."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx

from fin_infra.providers.tokens import TokenCipher
from personal_finance.app import create_app

AS_OF = dt.date(2026, 11, 26)
"""The seed's "today": fixed so the sandbox data (and every expected value) is the same each run."""

TOKEN_KEY = TokenCipher.generate_key()
"""One key for the whole test session, so a restarted app can read the tokens it stored."""

Scenario = Callable[[httpx.AsyncClient], Awaitable[object]]


@asynccontextmanager
async def client_for(url: str, token_key: str = TOKEN_KEY) -> AsyncIterator[httpx.AsyncClient]:
    """Start the app on ``url`` (migrate + seed run in its lifespan) and yield a client."""
    app = create_app(url, as_of=AS_OF, token_cipher=TokenCipher([token_key]))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
            yield client


def run(url: str, scenario: Scenario, *, token_key: str = TOKEN_KEY) -> None:
    """Run ``scenario`` against a started app on ``url``, in one event loop."""

    async def main() -> None:
        async with client_for(url, token_key) as client:
            await scenario(client)

    asyncio.run(main())
