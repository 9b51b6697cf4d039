"""Exact JSON decoding of provider responses into wire models (numbers become ``Decimal``).

Brokerage and market-data vendors send prices as JSON numbers; decoding with
``parse_float=Decimal`` keeps every digit the vendor sent, so no price passes through a binary
float on its way to :mod:`fin_infra.models`.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from fin_infra.providers.errors import MalformedResponseError

__all__ = ["load_json", "parse_as", "parse_model"]

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


def load_json(response: httpx.Response, provider: str) -> Any:
    """The body as JSON with ``Decimal`` numbers, or :class:`MalformedResponseError`."""
    try:
        return json.loads(response.content, parse_float=Decimal)
    except ValueError:
        raise MalformedResponseError(
            f"response to {response.request.url.path} is not valid JSON",
            provider=provider,
            status=response.status_code,
        ) from None


def _malformed(response: httpx.Response, provider: str, what: str) -> MalformedResponseError:
    return MalformedResponseError(
        f"response to {response.request.url.path} does not match {what}",
        provider=provider,
        status=response.status_code,
    )


def parse_model(response: httpx.Response, model: type[M], provider: str) -> M:
    """Decode a 2xx body into ``model`` (exact numbers), or :class:`MalformedResponseError`."""
    try:
        return model.model_validate(load_json(response, provider))
    except PydanticValidationError as exc:
        raise _malformed(
            response, provider, f"{model.__name__} ({exc.error_count()} problems)"
        ) from None


def parse_as(response: httpx.Response, adapter: TypeAdapter[T], provider: str) -> T:
    """Like :func:`parse_model` for any type (a list of models, say) through a ``TypeAdapter``."""
    try:
        return adapter.validate_python(load_json(response, provider))
    except PydanticValidationError as exc:
        raise _malformed(response, provider, f"{adapter} ({exc.error_count()} problems)") from None
