"""Domain models: Decimal amounts, strings in JSON, lossless round trips, validation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from fin_infra.models import (
    Account,
    AccountBalances,
    AccountType,
    Bar,
    Holding,
    NetWorthSnapshot,
    Quote,
    Security,
    SecurityType,
    Transaction,
)

UTC = dt.UTC


def _round_trip(model: BaseModel) -> None:
    text = model.model_dump_json()
    assert type(model).model_validate_json(text) == model


def _txn(**overrides: object) -> Transaction:
    fields: dict[str, object] = {
        "id": "t1",
        "account_id": "acc1",
        "amount": "-42.10",
        "date": dt.date(2024, 3, 1),
        "name": "SQ *BLUE BOTTLE 1234",
    }
    fields.update(overrides)
    return Transaction.model_validate(fields)


def test_transaction_amount_is_decimal_and_a_string_in_json() -> None:
    txn = _txn(merchant_name="Blue Bottle", category="FOOD_AND_DRINK")
    assert txn.amount == Decimal("-42.10")
    assert '"amount":"-42.10"' in txn.model_dump_json()
    assert txn.is_outflow
    assert not txn.is_inflow
    _round_trip(txn)


def test_float_amounts_are_refused_in_python() -> None:
    with pytest.raises(PydanticValidationError, match="must not be float"):
        _txn(amount=12.5)


def test_json_numbers_are_read_through_their_decimal_form() -> None:
    text = _txn().model_dump_json().replace('"-42.10"', "0.1")
    assert Transaction.model_validate_json(text).amount == Decimal("0.1")


def test_models_are_immutable_and_reject_unknown_fields() -> None:
    txn = _txn()
    with pytest.raises(PydanticValidationError):
        txn.amount = Decimal(1)  # type: ignore[misc]
    with pytest.raises(PydanticValidationError):
        _txn(tenant_id="other")


def test_currency_is_validated_and_upper_cased() -> None:
    assert _txn(currency="eur").currency == "EUR"
    with pytest.raises(PydanticValidationError):
        _txn(currency="XYZ")


def test_account_liability_side() -> None:
    card = Account(
        id="a1",
        name="Card",
        type=AccountType.CREDIT,
        balances=AccountBalances(current=Decimal("310.55"), limit=Decimal(5000)),
    )
    assert card.is_liability
    assert not Account(id="a2", name="Checking", type="depository").is_liability
    _round_trip(card)


def test_holding_market_value() -> None:
    h = Holding(account_id="a", security_id="s", quantity="1.5", institution_price="100.10")
    assert h.market_value() == Decimal("150.150")
    assert h.market_value(Decimal(2)) == Decimal("3.0")
    with pytest.raises(ValueError, match="no price"):
        Holding(account_id="a", security_id="s", quantity="1").market_value()
    _round_trip(h)
    _round_trip(Security(id="s", symbol="VTI", type=SecurityType.ETF))


def test_quote_needs_an_aware_timestamp() -> None:
    q = Quote(symbol="AAPL", price="189.25", timestamp=dt.datetime(2024, 1, 2, 15, tzinfo=UTC))
    _round_trip(q)
    with pytest.raises(PydanticValidationError):
        Quote(symbol="AAPL", price="1", timestamp=dt.datetime(2024, 1, 2, 15))


def test_bar_checks_its_range() -> None:
    ts = dt.datetime(2024, 1, 2, tzinfo=UTC)
    bar = Bar(symbol="X", timestamp=ts, open="10", high="12", low="9", close="11", volume="1000")
    assert bar.date == dt.date(2024, 1, 2)
    _round_trip(bar)
    with pytest.raises(PydanticValidationError, match="low <= open"):
        Bar(symbol="X", timestamp=ts, open="10", high="9", low="8", close="11", volume="1")
    with pytest.raises(PydanticValidationError):
        Bar(symbol="X", timestamp=ts, open="1", high="1", low="1", close="1", volume="-1")


def test_net_worth_snapshot_must_add_up() -> None:
    snap = NetWorthSnapshot(
        as_of=dt.date(2024, 6, 30),
        total_assets="1000.50",
        total_liabilities="200.25",
        net_worth="800.25",
        assets_breakdown={"cash": "1000.50"},
    )
    _round_trip(snap)
    with pytest.raises(PydanticValidationError, match="must equal"):
        NetWorthSnapshot(
            as_of=dt.date(2024, 6, 30), total_assets="1", total_liabilities="1", net_worth="1"
        )


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=4, min_value=-(10**12), max_value=10**12
    )
)
def test_any_decimal_amount_round_trips_exactly(amount: Decimal) -> None:
    txn = _txn(amount=amount)
    back = Transaction.model_validate_json(txn.model_dump_json())
    assert back.amount == amount
    assert str(back.amount) == str(amount)
