"""The one place where a failed ``fin-infra`` command becomes one clear line and a non-zero exit.

:class:`FriendlyGroup` is the root command group: any exception a command lets escape (a fin-infra
error, a database that cannot be reached or refuses the login, a missing optional extra, a bug) is
printed as ``error: what failed (database: URL with the password masked). What to do.`` on stderr,
and the command exits with status 1. ``fin-infra --debug ...`` or ``FIN_INFRA_DEBUG=1`` lets the
exception through instead, for the full traceback.
"""

from __future__ import annotations

import os
import re
import sys
from contextvars import ContextVar
from typing import Any

import typer
from typer.core import TyperGroup

from fin_infra._extras import extra_for_import_error, missing_extra_hint
from fin_infra.errors import FinInfraError, PersistenceError, ValidationError

__all__ = [
    "DEBUG_ENV",
    "DEBUG_KEY",
    "FriendlyGroup",
    "debug_requested",
    "describe",
    "note_database_url",
]

DEBUG_ENV = "FIN_INFRA_DEBUG"
DEBUG_KEY = "fin_infra.debug"
_database_url: ContextVar[str | None] = ContextVar("fin_infra_cli_database_url", default=None)
_USERINFO_PASSWORD = re.compile(r"(//[^/:@\s]*:)[^@/\s]*(@)")

# PostgreSQL SQLSTATEs and MySQL/MariaDB error numbers, by what they mean for the user.
_PG_LOGIN = {"28000", "28P01"}
_PG_NO_DATABASE = {"3D000"}
_MY_LOGIN = {1044, 1045, 1698}
_MY_NO_DATABASE = {1049}
_MY_UNREACHABLE = {2002, 2003, 2005, 2006, 2013}
_REACH_ADVICE = "Check that the server is running and that SQL_URL (or --url) points to it."


def note_database_url(url: str) -> None:
    """Remember the database URL the current command uses, so its errors can name it (masked)."""
    _database_url.set(url)


def debug_requested(ctx: typer.Context | None = None) -> bool:
    """True when ``--debug`` was given or ``FIN_INFRA_DEBUG`` is set to a true value."""
    if ctx is not None and ctx.meta.get(DEBUG_KEY):
        return True
    return os.environ.get(DEBUG_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def _mask(url: str) -> str:
    try:
        from fin_infra.persistence.urls import mask_url
    except ImportError:  # the db extra is missing: mask by pattern
        return _USERINFO_PASSWORD.sub(r"\1***\2", url)
    return mask_url(url)


def _password(url: str) -> str | None:
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).password
    except Exception:
        match = re.search(r"//[^/:@\s]*:([^@/\s]+)@", url)
        return match.group(1) if match else None


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _sentence(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _describe_dbapi(error: Any, where: str) -> str:
    from sqlalchemy import exc

    orig = getattr(error, "orig", None)
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    args = getattr(orig, "args", ())
    errno = args[0] if args and isinstance(args[0], int) else None
    text = _first_line(orig) if orig is not None else _first_line(error)
    if errno in _MY_LOGIN or (errno is None and state in _PG_LOGIN):
        return (
            f"the database server refused the login{where}: {text}. "
            "Check the user name and password in SQL_URL (or --url)."
        )
    if errno in _MY_NO_DATABASE or (errno is None and state in _PG_NO_DATABASE):
        return (
            f"the database does not exist{where}: {text}. Create it (PostgreSQL: createdb NAME; "
            "MariaDB: CREATE DATABASE NAME) or fix the database name in SQL_URL (or --url)."
        )
    if "unable to open database file" in text:
        return (
            f"cannot open the SQLite database file{where}. Check that its folder exists and is "
            "writable, or fix SQL_URL (or --url)."
        )
    if errno in _MY_UNREACHABLE or isinstance(error, exc.InterfaceError):
        return f"cannot reach the database{where}: {text}. {_REACH_ADVICE}"
    if isinstance(error, exc.OperationalError):
        return f"the database failed{where}: {_sentence(text)} {_REACH_ADVICE}"
    return f"the database refused a statement{where}: {text}"


def _is_dbapi_error(error: BaseException) -> bool:
    try:
        from sqlalchemy import exc
    except ImportError:
        return False
    return isinstance(error, exc.DBAPIError)


def _is_unknown_revision(error: BaseException) -> bool:
    return any(cls.__name__ == "UnknownRevisionError" for cls in type(error).__mro__)


def describe(error: BaseException, url: str | None = None) -> str:
    """One line saying what failed and what to do (no ``error:`` prefix, password masked).

    ``url`` is the database the command used, if any: it is named (masked) in database errors.
    """
    where = f" at {_mask(url)}" if url else ""
    if isinstance(error, ImportError):
        extra = extra_for_import_error(error)
        if extra is not None:
            return (
                f"this command needs the optional {extra!r} extra ({error.name} is not "
                f"installed). Install it with: {missing_extra_hint(extra)}"
            )
        return f"a module could not be imported: {_first_line(error)}"
    if _is_dbapi_error(error):
        message = _describe_dbapi(error, where)
    elif isinstance(error, FinInfraError):
        message = str(error)
        database_related = isinstance(error, ValidationError | PersistenceError)
        if url and database_related and not _plain_migration_error(error):
            message = f"{message} (database: {_mask(url)})"
    elif isinstance(error, OSError) and url:
        reason = error.strerror or _first_line(error)
        message = f"cannot connect to the database{where}: {reason}. {_REACH_ADVICE}"
    elif isinstance(error, OSError):
        target = f": {error.filename}" if error.filename else ""
        message = f"{error.strerror or _first_line(error)}{target}"
    else:
        message = (
            f"unexpected {type(error).__name__}: {_first_line(error)} (run with --debug or "
            f"{DEBUG_ENV}=1 for the traceback)"
        )
    password = _password(url) if url else None
    if password and len(password) > 2:
        message = message.replace(password, "***")
    return message


def _plain_migration_error(error: BaseException) -> bool:
    """A migration error about files or settings (not about the database's state)."""
    names = {cls.__name__ for cls in type(error).__mro__}
    return "MigrationError" in names and not _is_unknown_revision(error)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (e.g. under a test runner)
        pass


class FriendlyGroup(TyperGroup):
    """The root group: commands' exceptions become one line on stderr and exit status 1."""

    def invoke(self, ctx: Any) -> Any:  # click.Context (vendored by recent Typer)
        """Run the command; turn any escaping exception into one line unless debugging."""
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):  # usage errors, exits
            raise
        except BrokenPipeError:  # the reader went away (e.g. `| head`): nothing left to say
            _silence_stdout()
            raise typer.Exit(1) from None
        except Exception as error:
            if debug_requested(ctx):
                raise
            typer.secho(
                f"error: {describe(error, _database_url.get())}", fg=typer.colors.RED, err=True
            )
            raise typer.Exit(1) from None
