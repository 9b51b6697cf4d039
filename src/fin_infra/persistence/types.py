"""Column types that keep money exact and timestamps tz-aware on SQLite, PostgreSQL and MariaDB.

``MoneyAmount`` stores a :class:`~decimal.Decimal` as ``NUMERIC(19, 4)`` where the database has an
exact decimal type, and as a scaled ``BIGINT`` (the amount times ``10**scale``) on SQLite, which has
none; both are exact, orderable and summable. A value that does not fit is refused, never rounded.
On SQLite the scaled integer must also fit 64 bits: at scale 4 that is +/-922,337,203,685,477.5807.

``UTCDateTime`` accepts only aware datetimes, stores UTC, and hands back aware UTC datetimes even on
databases (SQLite, MariaDB) that drop the offset.

A plain ``DateTime(timezone=True)`` column (one an application declares itself) gets the same
reading on those databases from :func:`aware_datetime_colspecs`, which every engine made by
:func:`fin_infra.persistence.create_engine` installs: an aware value is stored as UTC and read back
as aware UTC. ``DateTime()`` without ``timezone=True`` is left naive, as declared.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import TIMESTAMP, BigInteger, DateTime, Dialect, Numeric
from sqlalchemy.dialects import mysql, sqlite
from sqlalchemy.types import TypeDecorator, TypeEngine

from fin_infra.errors import ValidationError
from fin_infra.money import D

__all__ = ["MoneyAmount", "UTCDateTime", "aware_datetime_colspecs"]


class MoneyAmount(TypeDecorator[Decimal]):
    """An exact decimal column: ``NUMERIC(precision, scale)``, or a scaled integer on SQLite.

    Binding a float, a non-finite value, a value with more than ``scale`` decimal places, or one
    with more than ``precision - scale`` integer digits raises ``ValidationError``.
    """

    impl = Numeric
    cache_ok = True

    def __init__(self, precision: int = 19, scale: int = 4) -> None:
        if not 0 <= scale < precision <= 38:
            raise ValidationError("MoneyAmount needs 0 <= scale < precision <= 38")
        super().__init__(precision=precision, scale=scale, asdecimal=True)
        self.precision = precision
        self.scale = scale
        self._limit = Decimal(10) ** (precision - scale)
        self._step = Decimal(1).scaleb(-scale)

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(self.precision, self.scale, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        amount = D(value)
        if abs(amount) >= self._limit:
            raise ValidationError(
                f"amount {amount} does not fit NUMERIC({self.precision}, {self.scale})"
            )
        exact = amount.quantize(self._step)
        if exact != amount:
            raise ValidationError(
                f"amount {amount} has more than {self.scale} decimal places; round it first"
            )
        if dialect.name == "sqlite":
            scaled = int(exact.scaleb(self.scale))
            if not -(2**63) <= scaled < 2**63:
                raise ValidationError(f"amount {amount} does not fit SQLite's 64-bit integer")
            return scaled
        return exact

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return Decimal(int(value)).scaleb(-self.scale).quantize(self._step)
        if isinstance(value, Decimal):
            return value
        return D(str(value))

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal

    def __repr__(self) -> str:
        # Alembic renders column types with repr(): keep it a valid constructor call.
        return f"MoneyAmount(precision={self.precision}, scale={self.scale})"


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp stored in UTC (microsecond precision on every backend)."""

    impl = DateTime
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(timezone=True)

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name in ("mysql", "mariadb"):
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValidationError(f"timestamps must be timezone-aware datetimes, not {value!r}")
        utc = value.astimezone(UTC)
        if dialect.name == "postgresql":
            return utc
        return utc.replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    @property
    def python_type(self) -> type[datetime]:
        return datetime

    def __repr__(self) -> str:
        return "UTCDateTime()"


def _utc_naive(value: Any) -> Any:
    """An aware datetime as naive UTC (what SQLite and MariaDB store); anything else unchanged."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


class _AwareWhenTimezone(DateTime):
    """With ``timezone=True``: bind aware values as naive UTC, read naive values back as UTC."""

    def bind_processor(self, dialect: Dialect) -> Any:
        inner = super().bind_processor(dialect)
        if not self.timezone:
            return inner

        def process(value: Any) -> Any:
            value = _utc_naive(value)
            return inner(value) if inner is not None else value

        return process

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        inner = super().result_processor(dialect, coltype)
        if not self.timezone:
            return inner

        def process(value: Any) -> Any:
            if inner is not None:
                value = inner(value)
            if isinstance(value, datetime) and value.tzinfo is None:
                return value.replace(tzinfo=UTC)
            return value

        return process


class _SQLiteAwareDateTime(_AwareWhenTimezone, sqlite.DATETIME):
    """SQLite's ``DATETIME`` storage, aware UTC for ``timezone=True`` columns."""


class _MySQLAwareDateTime(_AwareWhenTimezone, mysql.DATETIME):
    """MySQL/MariaDB's ``DATETIME``, aware UTC for ``timezone=True`` columns."""


def aware_datetime_colspecs(dialect: Dialect) -> dict[Any, Any] | None:
    """The type adaptation map that makes ``DateTime(timezone=True)`` aware UTC on ``dialect``.

    ``None`` where the database keeps the offset itself (PostgreSQL). The map replaces the
    dialect's ``colspecs``; DDL is unchanged (it is rendered from the declared type).
    """
    if dialect.name == "sqlite":
        return {**dialect.colspecs, DateTime: _SQLiteAwareDateTime}
    if dialect.name in ("mysql", "mariadb"):
        # TIMESTAMP keeps MySQL's own session-time-zone conversion: map it to itself so it is
        # not caught by the DateTime entry (adaptation walks the type's MRO).
        return {**dialect.colspecs, DateTime: _MySQLAwareDateTime, TIMESTAMP: TIMESTAMP}
    return None
