"""The offline sandbox provider: deterministic, realistic, consistent, and a BankingProvider."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fin_infra.errors import ValidationError
from fin_infra.models import AccountType
from fin_infra.providers import AuthenticationError, InvalidRequestError
from fin_infra.providers.banking import BankingProvider, easy_banking
from fin_infra.providers.banking.sandbox import INSTITUTIONS, SandboxBanking

AS_OF = dt.date(2025, 6, 30)


def link(bank: SandboxBanking, institution: str = "ins_fi_platypus", user: str = "u1") -> str:
    return bank.exchange_public_token(bank.sandbox_public_token(institution, user)).access_token


def test_is_a_banking_provider_built_by_easy_banking() -> None:
    bank = easy_banking("sandbox", seed=3, as_of=AS_OF)
    assert isinstance(bank, SandboxBanking)
    assert isinstance(bank, BankingProvider)
    assert bank.create_link_token("user-1").link_token.startswith("link-sandbox-")


def test_a_year_of_realistic_history() -> None:
    bank = SandboxBanking(as_of=AS_OF)
    result = bank.transactions_sync(link(bank))
    txns = result.added
    assert len(txns) > 500
    dates = [t.date for t in txns]
    assert min(dates) >= AS_OF - dt.timedelta(days=364)
    assert max(dates) <= AS_OF
    assert len({t.id for t in txns}) == len(txns)
    paychecks = [t for t in txns if t.category_detailed == "INCOME_WAGES"]
    assert 25 <= len(paychecks) <= 27  # every two weeks
    assert all(t.amount == Decimal("2150.00") for t in paychecks)
    coffees = [t for t in txns if t.merchant_name == "Starbucks"]
    assert all(Decimal("-7.25") <= t.amount <= Decimal("-4.50") for t in coffees)
    assert all(t.amount.as_tuple().exponent == -2 for t in txns)  # cents, shown as cents
    assert any(t.pending for t in txns)
    assert not any(t.pending for t in txns if (AS_OF - t.date).days >= 2)


def test_deterministic_for_seed_date_and_token() -> None:
    a, b = SandboxBanking(seed=1, as_of=AS_OF), SandboxBanking(seed=1, as_of=AS_OF)
    assert a.transactions_sync(link(a)) == b.transactions_sync(link(b))
    c = SandboxBanking(seed=2, as_of=AS_OF)
    assert a.transactions_sync(link(a)).added != c.transactions_sync(link(c)).added
    assert link(a, user="u1") != link(a, user="u2")


def test_balances_agree_with_transactions() -> None:
    bank = SandboxBanking(as_of=AS_OF)
    token = link(bank)
    accounts = {a.id: a for a in bank.accounts(token)}
    txns = bank.transactions_sync(token).added
    checking = next(a for a in accounts.values() if a.subtype == "checking")
    flow = sum((t.amount for t in txns if t.account_id == checking.id), Decimal(0))
    assert checking.balances.current == Decimal("2450.00") + flow
    card = next(a for a in accounts.values() if a.type is AccountType.CREDIT)
    card_flow = sum((t.amount for t in txns if t.account_id == card.id), Decimal(0))
    # Every card payment leaves checking on the same day for the same amount.
    paid = sorted((t.date, t.amount) for t in txns if t.account_id == card.id and t.amount > 0)
    from_checking = sorted(
        (t.date, -t.amount)
        for t in txns
        if t.account_id == checking.id and "CARD PAYMENT" in t.name
    )
    assert paid
    assert paid == from_checking
    assert card.balances.current == max(-card_flow, Decimal(0))
    assert card.balances.current > 0  # this month's charges are not paid yet
    assert card.balances.limit == Decimal("8000.00")


def test_paging_and_cursor_resume() -> None:
    bank = SandboxBanking(as_of=AS_OF)
    token = link(bank)
    everything = bank.transactions_sync(token).added
    pages = list(bank.iter_transactions_sync(token, count=100))
    assert all(len(p.added) == 100 for p in pages[:-1])
    assert [t for p in pages for t in p.added] == everything
    assert pages[1].cursor == pages[0].next_cursor
    later = bank.transactions_sync(token, cursor=pages[2].next_cursor)
    assert later.added == everything[300:]
    done = bank.transactions_sync(token, cursor=later.next_cursor)
    assert done.added == []
    assert done.next_cursor == later.next_cursor
    with pytest.raises(InvalidRequestError, match="cursor"):
        bank.transactions_sync(token, cursor="somebody-else:3")
    with pytest.raises(ValidationError, match="count"):
        bank.transactions_sync(token, count=0)


def test_institutions_holdings_and_loans() -> None:
    bank = SandboxBanking(as_of=AS_OF)
    assert {i for i, _ in bank.institutions()} == set(INSTITUTIONS)
    brokerage = link(bank, "ins_fi_gingham")
    holdings, securities = bank.holdings(brokerage)
    assert {h.symbol for h in holdings} == {s.symbol for s in securities}
    vti = next(h for h in holdings if h.symbol == "VTI")
    assert vti.market_value() == Decimal("42.5") * Decimal("251.30")
    assert bank.holdings(link(bank)) == ([], [])
    loan = next(a for a in bank.accounts(link(bank, "ins_fi_tartan")) if a.type is AccountType.LOAN)
    assert loan.is_liability
    assert Decimal(0) < loan.balances.current < Decimal("18500.00")  # type: ignore[operator]


def test_bad_tokens_and_removed_items() -> None:
    bank = SandboxBanking(as_of=AS_OF)
    with pytest.raises(InvalidRequestError, match="unknown sandbox institution"):
        bank.sandbox_public_token("ins_nope")
    with pytest.raises(AuthenticationError):
        bank.accounts("access-production-whatever")
    with pytest.raises(AuthenticationError):
        bank.exchange_public_token("public-sandbox-ins_nope-123")
    token = link(bank)
    bank.remove_item(token)
    with pytest.raises(AuthenticationError, match="removed"):
        bank.accounts(token)
