"""``SqlResource``: how one model is exposed as a CRUD API, checked once at mount time."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from pydantic import BaseModel
from sqlalchemy import String, inspect

from fin_infra.api.errors import ResourceConfigError
from fin_infra.api.schemas import SERVER_OWNED

__all__ = ["ACTIONS", "AUTO", "Action", "SqlResource"]

Action = Literal["create", "list", "search", "read", "update", "delete", "restore"]
ACTIONS: Final[frozenset[str]] = frozenset(
    {"create", "list", "search", "read", "update", "delete", "restore"}
)
AUTO: Final = "auto"
"""Default ``tenant_field``: ``tenant_id`` when the model has that column, else no tenancy."""


@dataclass(frozen=True)
class SqlResource:
    """One model mounted at ``prefix`` with list/search/order/filter rules and tenancy.

    ``permission_rules`` maps an action (create, list, search, read, update, delete, restore) to
    a FastAPI dependency returning ``bool``; ``False`` answers 403. Unlisted actions are allowed.
    Schemas default to ones derived from the model; custom write schemas may not contain
    server-owned fields. ``tags`` (OpenAPI) default to the model's name.
    """

    model: type[Any]
    prefix: str
    search_fields: Sequence[str] = ()
    order_fields: Sequence[str] = ()
    filter_fields: Sequence[str] = ()
    soft_delete: bool = False
    tenant_field: str | None = AUTO
    permission_rules: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    create_schema: type[BaseModel] | None = None
    read_schema: type[BaseModel] | None = None
    update_schema: type[BaseModel] | None = None
    tags: Sequence[str] | None = None

    @property
    def name(self) -> str:
        """The model's class name (used in summaries, default tags and messages)."""
        return self.model.__name__

    def resolved_tenant_field(self) -> str | None:
        """The tenant column in effect (``AUTO`` resolved against the model's columns)."""
        if self.tenant_field == AUTO:
            return "tenant_id" if "tenant_id" in inspect(self.model).columns else None
        return self.tenant_field

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
        if self.soft_delete and "deleted_at" not in columns:
            raise ResourceConfigError(f"{where}: soft_delete needs a deleted_at column")
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
