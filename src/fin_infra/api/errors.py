"""One place that maps fin-infra errors to HTTP responses, and their OpenAPI descriptions.

NotFound -> 404, Conflict -> 409, a refused value (ValidationError, ConstraintViolationError) ->
422 in FastAPI's own validation-error shape, ProviderError -> 502, any other persistence error ->
503 (a missing table included: the service is not ready until its migrations run, and the message
names the table and the command). Bodies carry a short message, never the driver's text or SQL.

FastAPI's 422 echoes the refused ``input``; a NaN float or a ``Decimal`` there used to make the
error answer itself fail (a 500). Every echoed value goes through :func:`json_safe` first.
Amounts a request may carry unbounded (a quantity times a price of 10**30 each) can exceed what
exact decimal arithmetic holds: that ``decimal.DecimalException`` is the input's fault, a 422.
"""

from __future__ import annotations

import decimal
import logging
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
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
    "json_safe",
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


_ECHO_DEPTH: Final = 32


def json_safe(value: Any, _depth: int = 0) -> Any:
    """``value`` as plain JSON data that always serializes.

    Non-finite floats become ``"NaN"``/``"Infinity"``/``"-Infinity"``, Decimals their string
    (``'1E+400'``), bytes their text, anything else (an exception in ``ctx``) its ``str()``.
    Containers nested deeper than 32 levels are cut to ``"..."`` (a refused body may be nested
    as deep as the JSON parser allows).
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping | list | tuple | set | frozenset) and _depth >= _ECHO_DEPTH:
        return "..."
    if isinstance(value, Mapping):
        return {str(json_safe(k)): json_safe(v, _depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v, _depth + 1) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


_log = logging.getLogger(__name__)
TOO_LARGE: Final = (
    "the amounts are too large or too precise to compute with exactly "
    "(28 significant digits); send smaller amounts"
)


async def _handle_decimal(request: Request, error: Exception) -> JSONResponse:
    _log.info("decimal arithmetic refused %s %s: %r", request.method, request.url.path, error)
    detail = [{"loc": ["body"], "msg": TOO_LARGE, "type": "decimal_arithmetic"}]
    return JSONResponse({"detail": detail}, status_code=422)


async def _handle_invalid_request(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return JSONResponse({"detail": json_safe(list(error.errors()))}, status_code=422)


def install_error_handlers(app: FastAPI) -> None:
    """Register the fin-infra error mapping on ``app`` (idempotent).

    Also answers FastAPI's request validation errors (422) with every echoed input made
    JSON-safe, so a refused NaN, infinity or Decimal can never turn the answer into a 500, and
    decimal arithmetic overflowing on the request's amounts with a 422 saying so.
    """
    app.add_exception_handler(FinInfraError, _handle)
    app.add_exception_handler(RequestValidationError, _handle_invalid_request)
    app.add_exception_handler(decimal.DecimalException, _handle_decimal)
