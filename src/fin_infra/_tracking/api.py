"""Pieces shared by the tracker routers (``add_budgets``, ``add_goals``, ``add_net_worth``).

The caller's user id comes from the application's dependency (its authenticated principal),
never from the request. A record of another user answers 404, as an unknown id does, so ids
cannot be probed. After a write the routers commit the request's session when the tracker
stores in one of the SQL adapters, so a failed commit is the response, not a lost write.
"""

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Path, Query, Response
from pydantic import BaseModel, ConfigDict

from fin_infra._tracking.records import Record
from fin_infra._tracking.repository import Store
from fin_infra._tracking.sql import SqlStore
from fin_infra.api.body import DecimalRoute
from fin_infra.api.errors import BODY_ERROR_RESPONSES, ERROR_RESPONSES, install_error_handlers
from fin_infra.errors import NotFoundError
from fin_infra.models._types import AmountRule
from fin_infra.persistence.errors import translate_errors

__all__ = [
    "BODY_ERRORS",
    "ERRORS",
    "Body",
    "DecimalRoute",
    "Page",
    "RequestAmount",
    "RequestRate",
    "commit",
    "mount",
    "owned",
    "restore_owned",
    "user_of",
]

R = TypeVar("R", bound=Record)

ERRORS = ERROR_RESPONSES
BODY_ERRORS = BODY_ERROR_RESPONSES


RequestAmount = Annotated[Decimal, AmountRule(19, 4)]
"""An amount in a request body, bounded as the SQL adapters store it (``NUMERIC(19, 4)``).

A decimal string (``"600.10"``) or a JSON number, read exactly by :class:`DecimalRoute`.
"""

RequestRate = Annotated[Decimal, AmountRule(28, 12, gt=0)]
"""A positive rate (an FX rate): a decimal string or an exact JSON number, up to 12 places."""


class Body(BaseModel):
    """Base of the routers' request bodies: unknown fields (``user_id``, ``id``) are refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Page(BaseModel):
    """Query parameters of a listing: a page of the caller's records, oldest first."""

    limit: Annotated[int, Query(ge=1, le=200)] = 50
    offset: Annotated[int, Query(ge=0)] = 0
    include_deleted: bool = False


def user_of(user_dependency: Callable[..., Any]) -> Callable[..., Awaitable[str]]:
    """Wrap the application's user dependency: its value as a non-empty string, or 403."""

    async def user(value: Annotated[Any, Depends(user_dependency)]) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value:
            raise HTTPException(status_code=403, detail="no user for the caller")
        return value

    return user


def owned(record: R, user_id: str) -> R:
    """``record`` if ``user_id`` owns it; ``NotFoundError`` (404) otherwise."""
    if record.user_id != user_id:
        raise NotFoundError(f"no record with id {record.id!r}")
    return record


async def restore_owned(store: Store[R], id: str, user_id: str) -> R:
    """Restore ``id`` only when it is one of ``user_id``'s soft-deleted records."""
    offset = 0
    while page := await store.list(user_id, limit=200, offset=offset, include_deleted=True):
        if any(r.id == id and r.deleted_at is not None for r in page):
            return await store.restore(id)
        offset += len(page)
    raise NotFoundError(f"no soft-deleted record with id {id!r}")


async def commit(store: object) -> None:
    """Commit the session of a SQL adapter (in-memory stores have nothing to commit)."""
    if isinstance(store, SqlStore):
        with translate_errors():
            await store.session.commit()


def mount(
    app: FastAPI,
    router: APIRouter,
    *,
    tracker: Callable[..., Any],
    user: Callable[..., Awaitable[str]],
    record: type[BaseModel],
    noun: str,
    path: str = "",
    listing: bool = True,
) -> APIRouter:
    """Finish ``router`` with the routes every tracker shares, on its repository (list when
    ``listing``, get, delete and restore the caller's records under ``path``), install the error
    handlers on ``app`` and include the router; return it."""
    Store_ = Annotated[Any, Depends(tracker)]  # noqa: N806 - a type alias
    User = Annotated[str, Depends(user)]  # noqa: N806
    Id = Annotated[str, Path(alias=f"{noun}_id")]  # noqa: N806 - the path names it after the noun
    plural = f"{noun}s"
    one = f"{path}/{{{noun}_id}}"

    async def list_records(page: Annotated[Page, Query()], t: Store_, user_id: User) -> list[Any]:
        return list(await t.repository.list(user_id, **page.model_dump()))

    async def get_record(id: Id, t: Store_, user_id: User) -> Any:
        return owned(await t.repository.get(id), user_id)

    async def delete_record(id: Id, t: Store_, user_id: User, soft: bool = True) -> Response:
        owned(await t.repository.get(id), user_id)
        await t.repository.delete(id, soft=soft)
        await commit(t.repository)
        return Response(status_code=204)

    async def restore_record(id: Id, t: Store_, user_id: User) -> Any:
        restored = await restore_owned(t.repository, id, user_id)
        await commit(t.repository)
        return restored

    if listing:
        router.add_api_route(
            path,
            list_records,
            methods=["GET"],
            name=f"list_{plural}",
            response_model=list[record],  # type: ignore[valid-type]
            responses=ERRORS,
            description=f"A page of the caller's {plural}, oldest first.",
        )
    router.add_api_route(
        one,
        get_record,
        methods=["GET"],
        name=f"get_{noun}",
        response_model=record,
        responses=ERRORS,
        description=f"One of the caller's {plural}.",
    )
    router.add_api_route(
        one,
        delete_record,
        methods=["DELETE"],
        name=f"delete_{noun}",
        status_code=204,
        response_class=Response,
        responses=ERRORS,
        description=f"Delete one of the caller's {plural} (``soft``: restorable).",
    )
    router.add_api_route(
        f"{one}/restore",
        restore_record,
        methods=["POST"],
        name=f"restore_{noun}",
        response_model=record,
        responses=ERRORS,
        description=f"Bring back one of the caller's soft-deleted {plural}.",
    )
    install_error_handlers(app)
    app.include_router(router)
    return router
