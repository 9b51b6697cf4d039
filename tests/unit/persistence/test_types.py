"""Column types: exact money per dialect, aware UTC timestamps, and the DDL they emit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.schema import CreateTable

from fin_infra.errors import ValidationError
from fin_infra.persistence import MoneyAmount, UTCDateTime
from tests.fakes.sql_models import Budget

SQLITE = sqlite.dialect()
PG = postgresql.dialect()
MARIADB = mysql.dialect(is_mariadb=True)


def test_ddl_per_dialect() -> None:
    assert "amount BIGINT NOT NULL" in str(CreateTable(Budget.__table__).compile(dialect=SQLITE))
    pg = str(CreateTable(Budget.__table__).compile(dialect=PG))
    assert "amount NUMERIC(19, 4) NOT NULL" in pg
    assert "created_at TIMESTAMP WITH TIME ZONE NOT NULL" in pg
    maria = str(CreateTable(Budget.__table__).compile(dialect=MARIADB))
    assert "amount NUMERIC(19, 4) NOT NULL" in maria
    assert "created_at DATETIME(6) NOT NULL" in maria


@given(st.decimals(min_value=-(10**14), max_value=10**14, places=4, allow_nan=False))
def test_sqlite_scaled_integer_round_trip(value: Decimal) -> None:
    money = MoneyAmount()
    stored = money.process_bind_param(value, SQLITE)
    assert isinstance(stored, int)
    assert money.process_result_value(stored, SQLITE) == value


@pytest.mark.parametrize("dialect", [PG, MARIADB], ids=["postgresql", "mariadb"])
def test_numeric_dialects_get_quantized_decimals(dialect: object) -> None:
    money = MoneyAmount(10, 2)
    assert money.process_bind_param(Decimal("1.5"), dialect) == Decimal("1.50")
    assert str(money.process_bind_param("3", dialect)) == "3.00"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0.1, "float"),
        (Decimal("NaN"), "finite"),
        (Decimal("0.001"), "decimal places"),
        (Decimal("100000000"), "does not fit"),
        (True, "bool"),
    ],
)
def test_money_refuses_instead_of_rounding(value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        MoneyAmount(10, 2).process_bind_param(value, PG)


def test_trailing_zeros_beyond_scale_are_fine() -> None:
    assert MoneyAmount(10, 2).process_bind_param(Decimal("1.2300"), PG) == Decimal("1.23")


def test_sqlite_64_bit_limit_is_refused() -> None:
    with pytest.raises(ValidationError, match="64-bit"):
        MoneyAmount().process_bind_param(Decimal("922337203685477.5808"), SQLITE)


def test_bad_precision_is_refused() -> None:
    with pytest.raises(ValidationError):
        MoneyAmount(4, 4)


def test_repr_is_a_constructor_call() -> None:
    assert repr(MoneyAmount(12, 3)) == "MoneyAmount(precision=12, scale=3)"
    assert repr(UTCDateTime()) == "UTCDateTime()"


def test_timestamps_must_be_aware_and_come_back_utc() -> None:
    kind = UTCDateTime()
    with pytest.raises(ValidationError, match="timezone-aware"):
        kind.process_bind_param(datetime(2024, 1, 1), PG)
    local = datetime(2024, 1, 1, 12, tzinfo=timezone(timedelta(hours=-5)))
    stored = kind.process_bind_param(local, SQLITE)
    assert stored == datetime(2024, 1, 1, 17)
    assert stored is not None
    back = kind.process_result_value(stored, SQLITE)
    assert back == local
    assert back is not None
    assert back.tzinfo is UTC
    assert kind.process_bind_param(local, PG) == local.astimezone(UTC)
