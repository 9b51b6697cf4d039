"""Exact parsing of a response into any type (a list of wire models, say) via ``TypeAdapter``.

The seam's :func:`~fin_infra.providers._json.parse_model` takes one Pydantic model; Alpaca
answers several endpoints with a bare JSON array, which this parses the same exact way.
"""

from __future__ import annotations

from typing import TypeVar

import httpx
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from fin_infra.providers._json import decode_json
from fin_infra.providers.errors import MalformedResponseError

__all__ = ["parse_as"]

T = TypeVar("T")


def parse_as(response: httpx.Response, adapter: TypeAdapter[T], provider: str) -> T:
    """The body decoded exactly (``Decimal`` numbers) and validated by ``adapter``."""
    data = decode_json(response, provider)
    try:
        return adapter.validate_python(data)
    except PydanticValidationError as exc:
        raise MalformedResponseError(
            f"response to {response.request.url.path} does not match {adapter} "
            f"({exc.error_count()} problems)",
            provider=provider,
            status=response.status_code,
        ) from None
