"""Persistence errors and the one place driver errors are translated into them.

``translate_errors()`` wraps every repository statement: a unique violation becomes
``UniqueViolationError`` (a ``ConflictError``), a NOT NULL / foreign key / check violation or a
value the column cannot hold becomes ``ConstraintViolationError``, a lost or refused connection
becomes ``DatabaseUnavailableError``, a table or column the database does not have (migrations not
applied) becomes ``MissingTableError`` / ``MissingColumnError``, on SQLite, PostgreSQL and MariaDB
alike. A fin-infra error raised by a column type while binding comes out unwrapped.
The driver's message is kept as ``detail`` for logs, never shown to API clients; every message of
these errors is a sentence a user can act on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

from sqlalchemy import exc

from fin_infra.errors import ConflictError, FinInfraError, PersistenceError

__all__ = [
    "ConstraintViolationError",
    "DatabaseUnavailableError",
    "MigrationError",
    "MissingColumnError",
    "MissingTableError",
    "SchemaOutOfDateError",
    "UniqueViolationError",
    "UnknownRevisionError",
    "translate_errors",
]


class UniqueViolationError(ConflictError):
    """A row with the same unique key already exists."""


class ConstraintViolationError(PersistenceError):
    """The database refused a value: NOT NULL, foreign key, check, or a value out of range."""

    def __init__(self, message: str, *, kind: str, detail: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.detail = detail


class DatabaseUnavailableError(PersistenceError):
    """The database could not be reached or dropped the connection; the operation did not run."""


UPGRADE_HINT: Final = "run: fin-infra db upgrade head"


class SchemaOutOfDateError(PersistenceError):
    """The database lacks a table or column the models use: its migrations were not applied."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class MissingTableError(SchemaOutOfDateError):
    """A table the models use does not exist in the database (``table`` names it if known)."""

    def __init__(self, table: str | None, *, detail: str = "") -> None:
        what = f"table {table!r}" if table else "a table the application uses"
        super().__init__(f"{what} does not exist in the database; {UPGRADE_HINT}", detail=detail)
        self.table = table


class MissingColumnError(SchemaOutOfDateError):
    """A column the models use does not exist in the database (``column`` names it if known)."""

    def __init__(self, column: str | None, *, detail: str = "") -> None:
        what = f"column {column!r}" if column else "a column the application uses"
        super().__init__(
            f"{what} does not exist in the database (the schema is older than the models); "
            f"{UPGRADE_HINT}",
            detail=detail,
        )
        self.column = column


class MigrationError(PersistenceError):
    """A migration command could not run (configuration, revision files, or database state)."""


class UnknownRevisionError(MigrationError):
    """The database is stamped with a revision the migration files do not contain."""


# SQLSTATE (PostgreSQL) and errno (MySQL/MariaDB) of integrity and data errors.
_PG_CODES = {"23505": "unique", "23502": "not_null", "23503": "foreign_key", "23514": "check"}
_MYSQL_CODES = {
    1062: "unique",
    1048: "not_null",
    1364: "not_null",
    1451: "foreign_key",
    1452: "foreign_key",
    3819: "check",
    4025: "check",
    1366: "invalid_value",
    1292: "invalid_value",
    1264: "out_of_range",
    1406: "too_long",
}
_SQLITE_MARKERS = {
    "UNIQUE constraint failed": "unique",
    "PRIMARY KEY must be unique": "unique",
    "NOT NULL constraint failed": "not_null",
    "FOREIGN KEY constraint failed": "foreign_key",
    "CHECK constraint failed": "check",
}


# Missing table / column: PostgreSQL SQLSTATE, MySQL/MariaDB errno, SQLite message.
_PG_SCHEMA = {"42P01": "table", "42703": "column"}
_MYSQL_SCHEMA = {1146: "table", 1054: "column"}
_NAMES: Final = (
    re.compile(r"no such (?P<kind>table|column): (?P<name>[\w.\"`]+)"),
    re.compile(
        r"(?P<kind>relation|column) \"?(?P<name>[^\"\s]+)\"?(?: of relation \"[^\"]+\")? "
        r"does not exist"
    ),
    re.compile(r"(?P<kind>Table) '(?P<name>[^']+)' doesn't exist"),
    re.compile(r"Unknown (?P<kind>column) '(?P<name>[^']+)'"),
)


def _schema_error(error: exc.DBAPIError) -> SchemaOutOfDateError | None:
    """``MissingTableError`` / ``MissingColumnError`` if ``error`` says the schema lacks one."""
    orig: Any = error.orig
    text = str(orig)
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    args = getattr(orig, "args", ())
    kind = _PG_SCHEMA.get(state) if isinstance(state, str) else None
    if kind is None and args and isinstance(args[0], int):
        kind = _MYSQL_SCHEMA.get(args[0])
    if kind is None and "no such table" in text:
        kind = "table"
    if kind is None and "no such column" in text:
        kind = "column"
    if kind is None:
        return None
    name = None
    for pattern in _NAMES:
        match = pattern.search(text)
        if match:
            name = match.group("name").strip('"`')
            break
    if kind == "table":
        # MariaDB says 'database.table': the table is what the user can act on.
        return MissingTableError(name.rsplit(".", 1)[-1] if name else None, detail=text)
    return MissingColumnError(name, detail=text)


def _classify(error: exc.DBAPIError) -> str:
    orig: Any = error.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if isinstance(state, str):
        if state in _PG_CODES:
            return _PG_CODES[state]
        if state.startswith("22"):
            return "invalid_value"
    args = getattr(orig, "args", ())
    if args and isinstance(args[0], int) and args[0] in _MYSQL_CODES:
        return _MYSQL_CODES[args[0]]
    text = str(orig)
    for marker, kind in _SQLITE_MARKERS.items():
        if marker in text:
            return kind
    if isinstance(error, exc.DataError):
        return "invalid_value"
    return "integrity" if isinstance(error, exc.IntegrityError) else "unknown"


_MESSAGES = {
    "not_null": "a required value is missing",
    "foreign_key": "a referenced row does not exist (or is still referenced)",
    "check": "a value breaks a check constraint",
    "out_of_range": "a value is out of range for its column",
    "too_long": "a value is too long for its column",
    "invalid_value": "a value is not valid for its column",
    "integrity": "the database refused the write",
}


@contextmanager
def translate_errors() -> Iterator[None]:
    """Re-raise SQLAlchemy integrity/data errors as fin-infra persistence errors."""
    try:
        yield
    except (exc.IntegrityError, exc.DataError) as error:
        kind = _classify(error)
        if kind == "unique":
            raise UniqueViolationError("a row with the same unique value already exists") from error
        raise ConstraintViolationError(
            _MESSAGES.get(kind, "the database refused the write"), kind=kind, detail=str(error.orig)
        ) from error
    except exc.DBAPIError as error:
        schema = _schema_error(error)
        if schema is not None:
            raise schema from error
        kind = _classify(error)
        if kind in _MESSAGES and kind != "integrity":
            raise ConstraintViolationError(
                _MESSAGES[kind], kind=kind, detail=str(error.orig)
            ) from error
        if isinstance(error, exc.OperationalError | exc.InterfaceError):
            raise DatabaseUnavailableError("the database is unavailable") from error
        raise
    except exc.StatementError as error:
        # A column type refused a value while binding it (e.g. MoneyAmount out of range).
        if isinstance(error.orig, FinInfraError):
            raise error.orig from error
        raise
    except (OSError, TimeoutError) as error:
        raise DatabaseUnavailableError("the database is unavailable") from error
