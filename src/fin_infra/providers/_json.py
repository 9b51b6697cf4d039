"""Exact JSON decoding of provider responses: numbers become ``Decimal``, never ``float``."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from fin_infra.providers.errors import MalformedResponseError

__all__ = ["decode_json", "parse_model"]

M = TypeVar("M", bound=BaseModel)


def decode_json(response: httpx.Response, provider: str) -> Any:
    """The body as JSON with every non-integer number as an exact ``Decimal`` (never a float).

    Raises :class:`MalformedResponseError` (without echoing the body) when it is not JSON.
    """
    try:
        return json.loads(response.content, parse_float=Decimal)
    except ValueError:
        raise MalformedResponseError(
            f"response to {response.request.url.path} is not valid JSON",
            provider=provider,
            status=response.status_code,
        ) from None


def parse_model(response: httpx.Response, model: type[M], provider: str) -> M:
    """The body decoded exactly (see :func:`decode_json`) and validated into ``model``."""
    data = decode_json(response, provider)
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        raise MalformedResponseError(
            f"response to {response.request.url.path} does not match {model.__name__} "
            f"({exc.error_count()} problems)",
            provider=provider,
            status=response.status_code,
        ) from None
