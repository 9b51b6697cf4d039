"""The seed step: a sandbox user with linked banks, a categorized year, a portfolio and plans.

:func:`seed` links a bank and a broker of the sandbox, stores accounts, a year of
transactions (re-categorized with :class:`~fin_infra.categorization.Categorizer`, the provider's
category kept where the categorizer has no answer) and positions, detects recurring bills,
rebuilds month-end net worth from the transactions and market prices, and creates budgets and
goals from the user's own spending. It runs once per tenant: a seeded tenant is left alone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fin_infra.models import Account, AccountBalances, Holding, Quote, Transaction
from fin_infra.net_worth import compute_snapshot
from fin_infra.providers.banking.sandbox import INSTITUTIONS, SandboxBanking
from fin_infra.providers.market_data.base import MarketDataProvider
from fin_infra.providers.tokens import TokenCipher

from .banking import categorize, refresh_recurring
from .budget_categories import BUDGET_CATEGORIES
from .market import CASH_SYMBOLS, daily_closes
from .models import (
    BankAccount,
    BankTransaction,
    BudgetCreate,
    BudgetRepository,
    GoalCreate,
    GoalRepository,
    LinkedItem,
    NetWorthSnapshotCreate,
    NetWorthSnapshotRepository,
    Position,
)

__all__ = ["DEMO_USER", "LINKED_INSTITUTIONS", "month_ends", "seed"]

DEMO_USER = "sandbox-user"
"""The user (and tenant) the seed creates."""

LINKED_INSTITUTIONS = ("ins_fi_platypus", "ins_fi_gingham")
"""The sandbox institutions the user links: a bank (checking, savings, card) and a broker."""

_FIFTY = Decimal(50)


def month_ends(as_of: dt.date, months: int) -> list[dt.date]:
    """The last day of each of the ``months`` months before ``as_of``'s, then ``as_of``."""
    days: list[dt.date] = []
    first = as_of.replace(day=1)
    for _ in range(months):
        first_of_previous = (first - dt.timedelta(days=1)).replace(day=1)
        days.append(first - dt.timedelta(days=1))
        first = first_of_previous
    return [*reversed(days), as_of]


def _balance_on(account: Account, txns: Sequence[Transaction], day: dt.date) -> Decimal:
    """The account's balance at the end of ``day``, undoing the transactions after it."""
    later = sum((t.amount for t in txns if t.date > day), Decimal(0))
    current = account.balances.current or Decimal(0)
    # Liabilities are reported as amounts owed: money out of the account raised them.
    return current + later if account.is_liability else current - later


def _round_up(amount: Decimal) -> Decimal:
    return (amount / _FIFTY).to_integral_value(ROUND_CEILING) * _FIFTY


async def _tenant_is_seeded(session: AsyncSession, tenant: str) -> bool:
    query = select(func.count()).select_from(BankAccount).where(BankAccount.tenant_id == tenant)
    return bool(await session.scalar(query))


async def seed(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    as_of: dt.date,
    market: MarketDataProvider,
    cipher: TokenCipher,
    bank: SandboxBanking | None = None,
    tenant: str = DEMO_USER,
) -> bool:
    """Seed ``tenant`` (one user of the same id) unless it already has data; True if it seeded.

    Access tokens are stored encrypted with ``cipher`` (bound to their item id).
    """
    bank = bank or SandboxBanking(as_of=as_of)
    async with session_factory() as session, session.begin():
        if await _tenant_is_seeded(session, tenant):
            return False
        accounts: list[tuple[str, Account]] = []
        holdings: list[Holding] = []
        names: dict[str, str] = {}
        txns: list[Transaction] = []
        for institution in (INSTITUTIONS[i] for i in LINKED_INSTITUTIONS):
            # Link would hand the app this public token after the user picked the institution.
            public = bank.sandbox_public_token(institution.id, tenant)
            link = bank.exchange_public_token(public)
            token = link.access_token
            accounts += [(institution.name, a) for a in bank.accounts(token)]
            held, securities = bank.holdings(token)
            holdings += held
            names |= {s.symbol or s.id: s.name or s.id for s in securities}
            synced = bank.transactions_sync(token)
            txns += synced.added
            session.add(
                LinkedItem(
                    tenant_id=tenant,
                    item_id=link.item_id,
                    institution_id=institution.id,
                    institution=institution.name,
                    access_token=cipher.encrypt(token, context=link.item_id),
                    cursor=synced.next_cursor,
                )
            )

        categorized = categorize(t for t in txns if not t.pending)
        txns = [t for t, _ in categorized]
        _add_ledger(session, tenant, accounts, holdings, names, categorized)
        refresh_recurring(session, tenant, txns, as_of)
        await _add_net_worth(
            session, tenant, [a for _, a in accounts], holdings, txns, market, as_of
        )
        await _add_budgets(session, tenant, txns, as_of)
        await _add_goals(session, tenant, [a for _, a in accounts], txns, as_of)
    return True


def _add_ledger(
    session: AsyncSession,
    tenant: str,
    accounts: Sequence[tuple[str, Account]],
    holdings: Sequence[Holding],
    names: dict[str, str],
    categorized: Sequence[tuple[Transaction, str]],
) -> None:
    for institution, account in accounts:
        session.add(
            BankAccount(
                tenant_id=tenant,
                provider_account_id=account.id,
                institution=institution,
                name=account.name,
                type=account.type.value,
                subtype=account.subtype,
                currency=account.balances.currency,
                current_balance=account.balances.current or Decimal(0),
            )
        )
    for holding in holdings:
        symbol = holding.symbol or holding.security_id
        session.add(
            Position(
                tenant_id=tenant,
                account_id=holding.account_id,
                symbol=symbol,
                name=names.get(symbol, symbol),
                asset_class="cash" if symbol in CASH_SYMBOLS else _asset_class(symbol),
                quantity=holding.quantity,
                cost_basis=holding.cost_basis,
            )
        )
    session.add_all(BankTransaction.from_domain(t, tenant, source) for t, source in categorized)


def _asset_class(symbol: str) -> str:
    return "bonds" if symbol in {"BND", "AGG"} else "equity"


async def _add_net_worth(
    session: AsyncSession,
    tenant: str,
    accounts: Sequence[Account],
    holdings: Sequence[Holding],
    txns: Sequence[Transaction],
    market: MarketDataProvider,
    as_of: dt.date,
) -> None:
    """Month-end snapshots for the past year, balances rebuilt backwards from today's."""
    days = month_ends(as_of, 12)
    symbols = sorted({h.symbol for h in holdings if h.symbol})
    closes = daily_closes(market, symbols, days[0] - dt.timedelta(days=7), as_of)
    by_account: defaultdict[str, list[Transaction]] = defaultdict(list)
    for txn in txns:
        by_account[txn.account_id].append(txn)
    repository = NetWorthSnapshotRepository(session, tenant)
    for day in days:
        balances = [
            a.model_copy(
                update={
                    "balances": AccountBalances(
                        current=_balance_on(a, by_account[a.id], day),
                        currency=a.balances.currency,
                    )
                }
            )
            for a in accounts
        ]
        quotes = [_quote_on(symbol, series, day) for symbol, series in closes.items()]
        quotes += [_par(symbol, day) for symbol in symbols if symbol in CASH_SYMBOLS]
        snapshot = compute_snapshot(balances, holdings, quotes, as_of=day)
        await repository.create(
            NetWorthSnapshotCreate(
                user_id=tenant,
                snapshot_date=day,
                currency=snapshot.currency,
                total_assets=snapshot.total_assets,
                total_liabilities=snapshot.total_liabilities,
                net_worth=snapshot.net_worth,
                assets_breakdown=snapshot.assets_breakdown,
                liabilities_breakdown=snapshot.liabilities_breakdown,
            )
        )


def _quote_on(symbol: str, closes: dict[dt.date, Decimal], day: dt.date) -> Quote:
    """The last close on or before ``day``."""
    last = max(d for d in closes if d <= day)
    return _close(symbol, closes[last], "USD", last)


def _par(symbol: str, day: dt.date) -> Quote:
    """Cash (a currency held as a position) is worth its quantity."""
    return _close(symbol, Decimal(1), symbol, day)


def _close(symbol: str, price: Decimal, currency: str, day: dt.date) -> Quote:
    return Quote(
        symbol=symbol,
        price=price,
        currency=currency,
        timestamp=dt.datetime.combine(day, dt.time(21), tzinfo=dt.UTC),
    )


async def _add_budgets(
    session: AsyncSession, tenant: str, txns: Sequence[Transaction], as_of: dt.date
) -> None:
    """This month's budget: each category's average over the last three months, rounded up."""
    start = as_of.replace(day=1)
    window_start = (start - dt.timedelta(days=80)).replace(day=1)
    spent: defaultdict[str, Decimal] = defaultdict(Decimal)
    for txn in txns:
        name = BUDGET_CATEGORIES.get(txn.category_detailed or "")
        if name and window_start <= txn.date < start:
            spent[name] -= txn.amount
    next_month = (start + dt.timedelta(days=32)).replace(day=1)
    categories = {name: _round_up(total / 3) for name, total in sorted(spent.items()) if total > 0}
    await BudgetRepository(session, tenant).create(
        BudgetCreate(
            user_id=tenant,
            name="Monthly spending",
            period="monthly",
            period_start=start,
            period_end=next_month - dt.timedelta(days=1),
            categories=categories,
        )
    )


async def _add_goals(
    session: AsyncSession,
    tenant: str,
    accounts: Sequence[Account],
    txns: Sequence[Transaction],
    as_of: dt.date,
) -> None:
    """An emergency fund sized on the user's real spending, a trip and a house deposit."""
    year_ago = as_of - dt.timedelta(days=365)
    outflow = -sum(
        (t.amount for t in txns if t.amount < 0 and t.date > year_ago and _is_spending(t)),
        Decimal(0),
    )
    savings = sum(
        (a.balances.current or Decimal(0) for a in accounts if a.subtype == "savings"), Decimal(0)
    )
    emergency = _round_up(outflow / 12 * 6)
    plans = [
        # name, type, target, saved so far, saving a month, expected return, years to go
        ("Emergency fund", "emergency_fund", emergency, min(savings, emergency), 300, "0.04", 2),
        ("Summer trip", "savings", Decimal(4000), Decimal(1250), 200, "0", 1),
        ("House deposit", "purchase", Decimal(40000), Decimal(6500), 500, "0.05", 4),
    ]
    repository = GoalRepository(session, tenant)
    for name, kind, target, saved, monthly, rate, years in plans:
        await repository.create(
            GoalCreate(
                user_id=tenant,
                name=name,
                goal_type=kind,
                target_amount=target,
                current_amount=saved,
                start_date=as_of,
                monthly_contribution=Decimal(monthly),
                annual_rate=Decimal(rate),
                target_date=as_of.replace(year=as_of.year + years, day=1),
            )
        )


def _is_spending(txn: Transaction) -> bool:
    return (txn.category or "") not in {"TRANSFER_OUT", "TRANSFER_IN", "LOAN_PAYMENTS"}
