"""``SqlResource``: how one model is exposed as a CRUD API, checked once at mount time."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from pydantic import BaseModel
from sqlalchemy import String, inspect

from fin_infra.api.errors import ResourceConfigError
from fin_infra.api.schemas import SERVER_OWNED

__all__ = ["ACTIONS", "AUTO", "READ_ONLY", "Action", "SqlResource"]

Action = Literal["create", "list", "search", "read", "update", "delete", "restore"]
ACTIONS: Final[frozenset[str]] = frozenset(
    {"create", "list", "search", "read", "update", "delete", "restore"}
)
AUTO: Final = "auto"
"""Default ``tenant_field`` (``tenant_id`` when the model has that column, else no tenancy) and
``soft_delete`` (soft when the model has a ``deleted_at`` column)."""
READ_ONLY: Final[frozenset[str]] = frozenset({"list", "search", "read"})
"""``operations=READ_ONLY`` mounts list, search (when there are search fields) and get only."""


@dataclass(frozen=True)
class SqlResource:
    """One model mounted at ``prefix`` with list/search/order/filter rules, tenancy and owners.

    ``operations`` names the actions mounted (create, list, search, read, update, delete,
    restore); the default is all of them. Either way search is mounted only with
    ``search_fields`` and restore only with soft delete. An action left out has no route: it is
    absent from OpenAPI and answers 405 (or 404). ``READ_ONLY`` mounts list, search and get.
    ``soft_delete`` defaults to ``AUTO``: soft when the model has ``deleted_at``, which also mounts
    ``POST /{id}/restore``.

    ``owner_field`` is a column set by the server from ``owner_dependency`` (a FastAPI
    dependency returning the authenticated user, e.g. its id): it is left out of the create and
    update schemas (derived or custom; a body carrying it is a 422), stamped on every created row,
    and every read, update, delete and restore sees only the caller's rows (others' are 404).

    ``permission_rules`` maps an action to a FastAPI dependency returning ``bool``; ``False``
    answers 403. Unlisted actions are allowed. Schemas default to ones derived from the model;
    custom write schemas may not contain the id, tenant or audit fields. ``tags`` (OpenAPI)
    default to the model's name.
    """

    model: type[Any]
    prefix: str
    search_fields: Sequence[str] = ()
    order_fields: Sequence[str] = ()
    filter_fields: Sequence[str] = ()
    soft_delete: bool | Literal["auto"] = AUTO
    tenant_field: str | None = AUTO
    permission_rules: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    create_schema: type[BaseModel] | None = None
    read_schema: type[BaseModel] | None = None
    update_schema: type[BaseModel] | None = None
    tags: Sequence[str] | None = None
    operations: Collection[str] | None = None
    owner_field: str | None = None
    owner_dependency: Callable[..., Any] | None = None

    @property
    def name(self) -> str:
        """The model's class name (used in summaries, default tags and messages)."""
        return self.model.__name__

    def resolved_tenant_field(self) -> str | None:
        """The tenant column in effect (``AUTO`` resolved against the model's columns)."""
        if self.tenant_field == AUTO:
            return "tenant_id" if "tenant_id" in inspect(self.model).columns else None
        return self.tenant_field

    def resolved_soft_delete(self) -> bool:
        """Whether delete is soft (``AUTO`` resolved against the model's columns)."""
        if self.soft_delete == AUTO:
            return "deleted_at" in inspect(self.model).columns
        return bool(self.soft_delete)

    def mounted_operations(self) -> frozenset[str]:
        """The actions that get a route: ``operations`` or every action that applies."""
        asked = ACTIONS if self.operations is None else frozenset(self.operations)
        left_out = {"search"} if not self.search_fields else set()
        if not self.resolved_soft_delete():
            left_out.add("restore")
        return asked - left_out

    def check(self, *, has_tenant_dependency: bool) -> None:
        """Refuse, with one clear message, a configuration that would be unsafe or fail later."""
        where = f"SqlResource({self.name}, prefix={self.prefix!r})"
        try:
            mapper = inspect(self.model)
        except Exception:
            raise ResourceConfigError(f"{where}: model is not a mapped SQLAlchemy class") from None
        columns = mapper.columns
        if not self.prefix.startswith("/") or self.prefix.endswith("/"):
            raise ResourceConfigError(f"{where}: prefix must start with '/' and not end with '/'")
        if len(mapper.primary_key) != 1:
            raise ResourceConfigError(f"{where}: needs a single-column primary key")
        for kind, names in (
            ("search_fields", self.search_fields),
            ("order_fields", self.order_fields),
            ("filter_fields", self.filter_fields),
        ):
            for name in names:
                if name not in columns:
                    raise ResourceConfigError(f"{where}: {kind} names unknown column {name!r}")
        for name in self.search_fields:
            if not isinstance(columns[name].type, String):
                raise ResourceConfigError(f"{where}: search field {name!r} is not a text column")
        tenant = self.resolved_tenant_field()
        if tenant is not None:
            if tenant not in columns:
                raise ResourceConfigError(f"{where}: tenant_field {tenant!r} is not a column")
            if not has_tenant_dependency:
                raise ResourceConfigError(
                    f"{where}: tenant-scoped (tenant_field={tenant!r}) but no tenant_dependency "
                    "was given; pass add_sql_resources(..., tenant_dependency=<your auth "
                    "dependency returning the caller's tenant id>)"
                )
        if self.soft_delete is True and "deleted_at" not in columns:
            raise ResourceConfigError(f"{where}: soft_delete needs a deleted_at column")
        self._check_owner(where, columns, tenant)
        self._check_operations(where)
        owned = {mapper.primary_key[0].key, *SERVER_OWNED} | ({tenant} if tenant else set())
        for kind, schema in (
            ("create_schema", self.create_schema),
            ("update_schema", self.update_schema),
        ):
            exposed = owned & set(schema.model_fields) if schema is not None else set()
            if exposed:
                raise ResourceConfigError(
                    f"{where}: {kind} lets clients write server-owned fields {sorted(exposed)}"
                )
        unknown = set(self.permission_rules) - ACTIONS
        if unknown:
            raise ResourceConfigError(f"{where}: unknown permission actions {sorted(unknown)}")
        if self.operations is not None:
            unmounted = set(self.permission_rules) - set(self.operations)
            if unmounted:
                raise ResourceConfigError(
                    f"{where}: permission_rules for actions not in operations {sorted(unmounted)}"
                )

    def _check_owner(self, where: str, columns: Any, tenant: str | None) -> None:
        if (self.owner_field is None) != (self.owner_dependency is None):
            raise ResourceConfigError(
                f"{where}: owner_field and owner_dependency go together (the column the server "
                "fills, and the dependency returning the authenticated caller)"
            )
        owner = self.owner_field
        if owner is None:
            return
        if owner not in columns:
            raise ResourceConfigError(f"{where}: owner_field {owner!r} is not a column")
        if columns[owner].primary_key or owner in SERVER_OWNED or owner == tenant:
            raise ResourceConfigError(
                f"{where}: owner_field {owner!r} is the primary key, the tenant or an audit column"
            )
        if owner in self.filter_fields:
            raise ResourceConfigError(
                f"{where}: filter_fields names the owner_field {owner!r}; rows are already "
                "limited to the caller's own"
            )

    def _check_operations(self, where: str) -> None:
        if self.operations is None:
            return
        if isinstance(self.operations, str):
            raise ResourceConfigError(f"{where}: operations is a collection of action names")
        asked = set(self.operations)
        if not asked:
            raise ResourceConfigError(f"{where}: operations is empty (nothing would be mounted)")
        unknown = asked - ACTIONS
        if unknown:
            raise ResourceConfigError(
                f"{where}: unknown operations {sorted(unknown)} (known: {sorted(ACTIONS)})"
            )
