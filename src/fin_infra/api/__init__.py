"""One-call CRUD APIs over application models, with tenant isolation (FastAPI).

:func:`add_sql_resources` mounts, per :class:`SqlResource`, create / list / search / get / update
/ delete / restore routes (or the ``operations`` asked for) with typed OpenAPI, server-side tenancy
and owners, and one error mapping.

Needs the ``api`` extra (``pip install fin-infra[api]``).
"""

from __future__ import annotations

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
    "ErrorBody",
    "ResourceConfigError",
    "SqlResource",
    "add_sql_resources",
    "derive_schemas",
    "install_error_handlers",
]
