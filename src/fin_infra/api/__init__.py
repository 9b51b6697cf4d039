"""One-call CRUD APIs over application models, with tenant isolation (FastAPI).

:func:`add_sql_resources` mounts, per :class:`SqlResource`, create / list / search / get / update
/ delete / restore routes (or the ``operations`` asked for) with typed OpenAPI, server-side tenancy
and owners, and one error mapping. :class:`DecimalRoute` reads JSON bodies exactly (numbers as
``Decimal``, no NaN/Infinity): every fin-infra router uses it, and so should an application's own
routers that take money.

Needs the ``api`` extra (``pip install ".[api]"`` in a fin-infra checkout).
"""

from __future__ import annotations

from fin_infra.api.body import DecimalRoute, parse_json
from fin_infra.api.errors import (
    ERROR_RESPONSES,
    ErrorBody,
    ResourceConfigError,
    install_error_handlers,
)
from fin_infra.api.mount import add_sql_resources
from fin_infra.api.resource import ACTIONS, AUTO, READ_ONLY, Action, SqlResource
from fin_infra.api.schemas import derive_schemas

__all__ = [
    "ACTIONS",
    "AUTO",
    "ERROR_RESPONSES",
    "READ_ONLY",
    "Action",
    "DecimalRoute",
    "ErrorBody",
    "ResourceConfigError",
    "SqlResource",
    "add_sql_resources",
    "derive_schemas",
    "install_error_handlers",
    "parse_json",
]
