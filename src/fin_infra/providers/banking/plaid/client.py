"""``PlaidClient`` and ``AsyncPlaidClient``: Plaid through fin-infra's HTTP seam.

Both are thin: every request and parse lives in :class:`~._core.PlaidCore`; these classes only
choose the sync or async driver. Credentials are explicit arguments (the library never reads the
environment) and never appear in a ``repr``, a log line or an error message.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence

import httpx

from fin_infra.models import Account, Holding, Security
from fin_infra.providers._drive import iter_async, iter_sync, run_async, run_sync
from fin_infra.providers._http import DEFAULT_TIMEOUT, AsyncHttpClient, HttpClient
from fin_infra.providers._ratelimit import RateLimit
from fin_infra.providers._redact import Secret
from fin_infra.providers._resource import AsyncResource, SyncResource
from fin_infra.providers._retry import RetryPolicy
from fin_infra.providers.banking.base import (
    LinkToken,
    SyncAccumulator,
    SyncPage,
    TokenExchange,
    TransactionsSyncResult,
)
from fin_infra.providers.banking.plaid import _wire as w
from fin_infra.providers.banking.plaid._core import (
    MAX_SYNC_COUNT,
    PLAID_RATE_LIMIT,
    PlaidCore,
    PlaidEnvironment,
)

__all__ = ["AsyncPlaidClient", "PlaidClient"]


class PlaidClient(SyncResource):
    """Blocking Plaid client; implements :class:`~fin_infra.providers.banking.BankingProvider`.

    Usage::

        client = PlaidClient(client_id, secret, environment="production")
        result = client.transactions_sync(access_token, cursor=stored_cursor)
    """

    name = "plaid"

    def __init__(
        self,
        client_id: str,
        secret: str | Secret,
        *,
        environment: PlaidEnvironment = "sandbox",
        base_url: str | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        rate_limit: RateLimit | None = PLAID_RATE_LIMIT,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self._core = PlaidCore(
            client_id, secret, environment=environment, base_url=base_url, rate_limit=rate_limit
        )
        self._http = HttpClient(
            self._core.profile,
            transport=transport,
            timeout=timeout,
            retry=retry,
            sleep=sleep,
            rand=rand,
        )

    def __repr__(self) -> str:
        return f"PlaidClient(environment={self._core.environment!r})"

    def create_link_token(
        self,
        user_id: str,
        *,
        products: Sequence[str] = ("transactions",),
        client_name: str = "fin-infra",
        country_codes: Sequence[str] = ("US",),
        webhook: str | None = None,
        access_token: str | None = None,
    ) -> LinkToken:
        """A Link token for ``user_id`` (pass ``access_token`` for Link's update mode)."""
        return run_sync(
            self._http,
            self._core.create_link_token(
                user_id,
                products=products,
                client_name=client_name,
                country_codes=country_codes,
                webhook=webhook,
                access_token=access_token,
            ),
        )

    def exchange_public_token(self, public_token: str) -> TokenExchange:
        """Trade Link's public token for the item's access token."""
        return run_sync(self._http, self._core.exchange_public_token(public_token))

    def item(self, access_token: str) -> w.WireItem:
        """The item's status, institution and products."""
        return run_sync(self._http, self._core.item(access_token))

    def remove_item(self, access_token: str) -> None:
        """Remove the item; its access token stops working."""
        run_sync(self._http, self._core.remove_item(access_token))

    def accounts(self, access_token: str) -> list[Account]:
        """Accounts with balances as Plaid last cached them."""
        return run_sync(self._http, self._core.accounts(access_token))

    def balances(self, access_token: str) -> list[Account]:
        """Accounts with balances fetched live from the institution."""
        return run_sync(self._http, self._core.balances(access_token))

    def identity(self, access_token: str) -> list[w.WireAccountIdentity]:
        """Account owners' names, emails, phone numbers and addresses."""
        return run_sync(self._http, self._core.identity(access_token))

    def liabilities(self, access_token: str) -> w.WireLiabilities:
        """Credit card, mortgage and student loan details."""
        return run_sync(self._http, self._core.liabilities(access_token))

    def holdings(self, access_token: str) -> tuple[list[Holding], list[Security]]:
        """Investment holdings and their securities."""
        return run_sync(self._http, self._core.holdings(access_token))

    def investment_transactions(
        self, access_token: str, start_date: str, end_date: str
    ) -> list[w.WireInvestmentTransaction]:
        """Investment transactions between two ISO dates, every page."""
        op = self._core.investment_transactions(access_token, start_date, end_date)
        return run_sync(self._http, op)

    def search_institutions(
        self, query: str, *, country_codes: Sequence[str] = ("US",), products: Sequence[str] = ()
    ) -> list[w.WireInstitution]:
        """Institutions whose name matches ``query``."""
        op = self._core.search_institutions(query, country_codes=country_codes, products=products)
        return run_sync(self._http, op)

    def sandbox_public_token(
        self, institution_id: str, products: Sequence[str] = ("transactions",)
    ) -> str:
        """Sandbox only: a public token for a test item, skipping Link."""
        return run_sync(self._http, self._core.sandbox_public_token(institution_id, products))

    def sandbox_reset_login(self, access_token: str) -> None:
        """Sandbox only: force the item into ``ITEM_LOGIN_REQUIRED``."""
        run_sync(self._http, self._core.sandbox_reset_login(access_token))

    def sandbox_fire_webhook(self, access_token: str, webhook_code: str) -> None:
        """Sandbox only: ask Plaid to send a webhook (e.g. ``SYNC_UPDATES_AVAILABLE``)."""
        run_sync(self._http, self._core.sandbox_fire_webhook(access_token, webhook_code))

    def webhook_verification_key(self, key_id: str, *, retry: bool = True) -> dict[str, object]:
        """The public JWK that signs webhooks with key id ``key_id`` (``retry=False``: one try)."""
        return run_sync(self._http, self._core.webhook_verification_key(key_id, retry=retry))

    def iter_transactions_sync(
        self, access_token: str, cursor: str | None = None, *, count: int = MAX_SYNC_COUNT
    ) -> Iterator[SyncPage]:
        """Stream ``/transactions/sync`` pages from ``cursor`` (memory bounded by one page)."""
        return iter_sync(self._http, self._core.sync_pages(access_token, cursor, count=count))

    def transactions_sync(
        self, access_token: str, cursor: str | None = None, *, count: int = MAX_SYNC_COUNT
    ) -> TransactionsSyncResult:
        """Every change since ``cursor``, netted, with the ``next_cursor`` to store."""
        return SyncAccumulator.collect(
            self.iter_transactions_sync(access_token, cursor, count=count)
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()


class AsyncPlaidClient(AsyncResource):
    """The asyncio twin of :class:`PlaidClient`: same core, same arguments, same methods."""

    name = "plaid"

    def __init__(
        self,
        client_id: str,
        secret: str | Secret,
        *,
        environment: PlaidEnvironment = "sandbox",
        base_url: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        rate_limit: RateLimit | None = PLAID_RATE_LIMIT,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self._core = PlaidCore(
            client_id, secret, environment=environment, base_url=base_url, rate_limit=rate_limit
        )
        self._http = AsyncHttpClient(
            self._core.profile,
            transport=transport,
            timeout=timeout,
            retry=retry,
            sleep=sleep,
            rand=rand,
        )

    def __repr__(self) -> str:
        return f"AsyncPlaidClient(environment={self._core.environment!r})"

    async def create_link_token(
        self,
        user_id: str,
        *,
        products: Sequence[str] = ("transactions",),
        client_name: str = "fin-infra",
        country_codes: Sequence[str] = ("US",),
        webhook: str | None = None,
        access_token: str | None = None,
    ) -> LinkToken:
        """A Link token for ``user_id`` (pass ``access_token`` for Link's update mode)."""
        op = self._core.create_link_token(
            user_id,
            products=products,
            client_name=client_name,
            country_codes=country_codes,
            webhook=webhook,
            access_token=access_token,
        )
        return await run_async(self._http, op)

    async def exchange_public_token(self, public_token: str) -> TokenExchange:
        """Trade Link's public token for the item's access token."""
        return await run_async(self._http, self._core.exchange_public_token(public_token))

    async def item(self, access_token: str) -> w.WireItem:
        """The item's status, institution and products."""
        return await run_async(self._http, self._core.item(access_token))

    async def identity(self, access_token: str) -> list[w.WireAccountIdentity]:
        """Account owners' names, emails, phone numbers and addresses."""
        return await run_async(self._http, self._core.identity(access_token))

    async def liabilities(self, access_token: str) -> w.WireLiabilities:
        """Credit card, mortgage and student loan details."""
        return await run_async(self._http, self._core.liabilities(access_token))

    async def investment_transactions(
        self, access_token: str, start_date: str, end_date: str
    ) -> list[w.WireInvestmentTransaction]:
        """Investment transactions between two ISO dates, every page."""
        op = self._core.investment_transactions(access_token, start_date, end_date)
        return await run_async(self._http, op)

    async def search_institutions(
        self, query: str, *, country_codes: Sequence[str] = ("US",), products: Sequence[str] = ()
    ) -> list[w.WireInstitution]:
        """Institutions whose name matches ``query``."""
        op = self._core.search_institutions(query, country_codes=country_codes, products=products)
        return await run_async(self._http, op)

    async def sandbox_public_token(
        self, institution_id: str, products: Sequence[str] = ("transactions",)
    ) -> str:
        """Sandbox only: a public token for a test item, skipping Link."""
        return await run_async(
            self._http, self._core.sandbox_public_token(institution_id, products)
        )

    async def sandbox_reset_login(self, access_token: str) -> None:
        """Sandbox only: force the item into ``ITEM_LOGIN_REQUIRED``."""
        await run_async(self._http, self._core.sandbox_reset_login(access_token))

    async def sandbox_fire_webhook(self, access_token: str, webhook_code: str) -> None:
        """Sandbox only: ask Plaid to send a webhook (e.g. ``SYNC_UPDATES_AVAILABLE``)."""
        await run_async(self._http, self._core.sandbox_fire_webhook(access_token, webhook_code))

    async def accounts(self, access_token: str) -> list[Account]:
        """Accounts with balances as Plaid last cached them."""
        return await run_async(self._http, self._core.accounts(access_token))

    async def balances(self, access_token: str) -> list[Account]:
        """Accounts with balances fetched live from the institution."""
        return await run_async(self._http, self._core.balances(access_token))

    async def holdings(self, access_token: str) -> tuple[list[Holding], list[Security]]:
        """Investment holdings and their securities."""
        return await run_async(self._http, self._core.holdings(access_token))

    async def remove_item(self, access_token: str) -> None:
        """Remove the item; its access token stops working."""
        await run_async(self._http, self._core.remove_item(access_token))

    async def webhook_verification_key(
        self, key_id: str, *, retry: bool = True
    ) -> dict[str, object]:
        """The public JWK that signs webhooks with key id ``key_id`` (``retry=False``: one try)."""
        op = self._core.webhook_verification_key(key_id, retry=retry)
        return await run_async(self._http, op)

    def iter_transactions_sync(
        self, access_token: str, cursor: str | None = None, *, count: int = MAX_SYNC_COUNT
    ) -> AsyncIterator[SyncPage]:
        """Stream ``/transactions/sync`` pages from ``cursor`` (memory bounded by one page)."""
        return iter_async(self._http, self._core.sync_pages(access_token, cursor, count=count))

    async def transactions_sync(
        self, access_token: str, cursor: str | None = None, *, count: int = MAX_SYNC_COUNT
    ) -> TransactionsSyncResult:
        """Every change since ``cursor``, netted, with the ``next_cursor`` to store."""
        acc = SyncAccumulator()
        async for page in self.iter_transactions_sync(access_token, cursor, count=count):
            acc.apply(page)
        return acc.result()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()
