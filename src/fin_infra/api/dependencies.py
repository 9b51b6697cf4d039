"""Request dependencies shared by the mounted routers: session, tenant, permission.

The tenant comes only from the application's ``tenant_dependency`` (its authenticated principal),
never from a header, query parameter or body. With ``rls=True`` the session sets PostgreSQL's
``app.current_tenant`` inside the request's own transaction.
"""

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, HTTPException
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fin_infra.persistence.rls import set_current_tenant

__all__ = ["permission_dependency", "session_dependency", "tenant_of"]


def tenant_of(tenant_dependency: Callable[..., Any] | None) -> Callable[..., Awaitable[str | None]]:
    """Wrap the application's tenant dependency: its value as a non-empty string, or 403."""
    if tenant_dependency is None:

        async def no_tenant() -> str | None:
            return None

        return no_tenant

    async def tenant(value: Annotated[Any, Depends(tenant_dependency)]) -> str | None:
        if isinstance(value, UUID | int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value:
            raise HTTPException(status_code=403, detail="no tenant for the caller")
        return value

    return tenant


def session_dependency(
    sessionmaker: async_sessionmaker[AsyncSession],
    tenant: Callable[..., Awaitable[str | None]],
    *,
    rls: bool,
) -> Callable[..., AsyncIterator[AsyncSession]]:
    """A session per request, rolled back unless the handler commits; RLS tenant set if asked."""

    async def session(
        tenant_id: Annotated[str | None, Depends(tenant)],
    ) -> AsyncIterator[AsyncSession]:
        async with sessionmaker() as db:
            if rls and tenant_id is not None:
                await set_current_tenant(db, tenant_id)
            yield db

    return session


def permission_dependency(action: str, rule: Callable[..., Any]) -> Callable[..., Awaitable[None]]:
    """Run the application's rule for ``action``; a falsy answer is 403."""

    async def permitted(allowed: Annotated[Any, Depends(rule)]) -> None:
        if not allowed:
            raise HTTPException(status_code=403, detail=f"not permitted to {action}")

    return permitted
