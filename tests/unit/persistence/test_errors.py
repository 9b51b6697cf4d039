"""translate_errors: driver errors that carry no constraint become typed fin-infra errors."""

from __future__ import annotations

import pytest
from sqlalchemy import exc

from fin_infra.errors import ValidationError
from fin_infra.persistence import DatabaseUnavailableError, translate_errors


class DriverError(Exception):
    """A DBAPI error without SQLSTATE or errno."""


def test_lost_connection_is_database_unavailable() -> None:
    with pytest.raises(DatabaseUnavailableError), translate_errors():
        raise exc.OperationalError("SELECT 1", {}, DriverError("server closed the connection"))
    with pytest.raises(DatabaseUnavailableError), translate_errors():
        raise ConnectionRefusedError(111, "refused")


def test_binding_error_of_a_column_type_is_unwrapped() -> None:
    original = ValidationError("amount does not fit")
    with pytest.raises(ValidationError) as caught, translate_errors():
        raise exc.StatementError("bind failed", "INSERT", {}, original)
    assert caught.value is original


def test_other_errors_pass_through() -> None:
    with pytest.raises(exc.ProgrammingError), translate_errors():
        raise exc.ProgrammingError("SELECT nope", {}, DriverError("syntax error"))
    with pytest.raises(KeyError), translate_errors():
        raise KeyError("unrelated")
