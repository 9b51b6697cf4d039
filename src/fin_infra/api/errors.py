"""One place that maps fin-infra errors to HTTP responses, and their OpenAPI descriptions.

NotFound -> 404, Conflict -> 409, a refused value (ValidationError, ConstraintViolationError) ->
422 in FastAPI's own validation-error shape, ProviderError -> 502, any other persistence error ->
503 (a missing table included: the service is not ready until its migrations run, and the message
names the table and the command). Bodies carry a short message, never the driver's text or SQL.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from fin_infra.errors import (
    ConflictError,
    FinInfraError,
    NotFoundError,
    PersistenceError,
    ProviderError,
    ValidationError,
)
from fin_infra.persistence.errors import ConstraintViolationError

__all__ = [
    "BODY_ERROR_RESPONSES",
    "ERROR_RESPONSES",
    "ErrorBody",
    "ResourceConfigError",
    "install_error_handlers",
]


class ResourceConfigError(ValidationError):
    """A resource was mounted with an unsafe or inconsistent configuration."""


class ErrorBody(BaseModel):
    """The body of every 4xx/5xx answer fin-infra produces (except 422, FastAPI's shape)."""

    detail: str


ERROR_RESPONSES: Final[dict[int | str, dict[str, Any]]] = {
    403: {"model": ErrorBody, "description": "Not permitted for the caller"},
    404: {"model": ErrorBody, "description": "No such row in the caller's tenant"},
    409: {"model": ErrorBody, "description": "Conflicts with an existing row"},
}
BODY_ERROR_RESPONSES: Final[dict[int | str, dict[str, Any]]] = {
    400: {"model": ErrorBody, "description": "The body is not valid JSON"},
    **ERROR_RESPONSES,
}


def _status(error: FinInfraError) -> int:
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, ConflictError):
        return 409
    if isinstance(error, ValidationError | ConstraintViolationError):
        return 422
    if isinstance(error, ProviderError):
        return 502
    if isinstance(error, PersistenceError):
        return 503
    return 500


async def _handle(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, FinInfraError)
    status = _status(error)
    if status == 422:
        kind = getattr(error, "kind", "value_error")
        body: Any = {"detail": [{"loc": ["body"], "msg": str(error), "type": kind}]}
    else:
        # Database errors carry a message written for people (never the driver's text).
        human = status < 500 or isinstance(error, PersistenceError)
        body = {
            "detail": (str(error) or "the database refused the operation")
            if human
            else type(error).__name__
        }
    return JSONResponse(body, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    """Register the fin-infra error mapping on ``app`` (idempotent)."""
    app.add_exception_handler(FinInfraError, _handle)
