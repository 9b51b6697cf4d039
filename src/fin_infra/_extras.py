"""Optional extras: which extra provides a module, and the one install hint every message uses.

The ``fin-infra`` name on PyPI belongs to another project, so the hint installs from a checkout
of this repository (or a wheel built from it), never by name from the registry.
"""

from __future__ import annotations

from typing import Final

__all__ = ["EXTRA_OF_MODULE", "extra_for_import_error", "missing_extra_hint"]

# Top-level import name -> the extra (in pyproject.toml) that installs it.
EXTRA_OF_MODULE: Final = {
    "sqlalchemy": "db",
    "alembic": "db",
    "aiosqlite": "db",
    "asyncpg": "db",
    "aiomysql": "db",
    "pymysql": "db",
    "greenlet": "db",
    "dotenv": "db",
    "fastapi": "api",
    "starlette": "api",
    "uvicorn": "api",
    "httpx": "providers",
    "cryptography": "providers",
    "jwt": "providers",
    "redis": "providers",
    "iso18245": "categorization",
    "plotly": "example",
    "personal_finance": "example",
}


def missing_extra_hint(extra: str) -> str:
    """The install command for ``extra``, brackets intact, e.g. ``pip install ".[db]"``.

    >>> missing_extra_hint("db")
    'pip install ".[db]" (in a fin-infra checkout; "fin-infra" on PyPI is another project)'
    """
    where = '(in a fin-infra checkout; "fin-infra" on PyPI is another project)'
    return f'pip install ".[{extra}]" {where}'


def extra_for_import_error(error: ImportError) -> str | None:
    """The extra that provides the module ``error`` failed to import, or None if none does."""
    name = error.name or ""
    return EXTRA_OF_MODULE.get(name.split(".")[0])
