"""Request dependencies: the caller's tenant, a session, the providers, the token cipher.

``current_user`` is a stand-in for authentication (an ``X-User`` header, defaulting to the seeded
sandbox user); replace it with your own auth dependency and everything else stays the same.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.ext.asyncio import AsyncSession

from fin_infra.providers.banking.base import BankingProvider
from fin_infra.providers.market_data.base import MarketDataProvider
from fin_infra.providers.tokens import TokenCipher

from .seed import DEMO_USER

__all__ = ["Bank", "Cipher", "Market", "Session", "Tenant", "current_user"]


def current_user(
    x_user: Annotated[str, Header(min_length=1, max_length=64)] = DEMO_USER,
) -> str:
    """The caller's tenant id (stand-in: trusts a header; derive it from your auth instead)."""
    return x_user


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.session_factory() as session:
        yield session


def _market(request: Request) -> MarketDataProvider:
    market: MarketDataProvider = request.app.state.market
    return market


def _bank(request: Request) -> BankingProvider:
    bank: BankingProvider = request.app.state.bank
    return bank


def _cipher(request: Request) -> TokenCipher:
    cipher: TokenCipher = request.app.state.token_cipher
    return cipher


Tenant = Annotated[str, Depends(current_user)]
Session = Annotated[AsyncSession, Depends(_session)]
Market = Annotated[MarketDataProvider, Depends(_market)]
Bank = Annotated[BankingProvider, Depends(_bank)]
Cipher = Annotated[TokenCipher, Depends(_cipher)]
