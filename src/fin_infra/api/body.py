"""Exact JSON request bodies: :class:`DecimalRoute` reads every JSON number as written.

``json.loads`` reads ``0.1`` as the binary float ``0.1000000000000000055...`` and accepts the
non-standard constants ``NaN``, ``Infinity`` and ``-Infinity``. A route of class
:class:`DecimalRoute` parses its body with :func:`parse_json` instead: a number with a fraction
or an exponent becomes the :class:`~decimal.Decimal` of its text (``0.1`` stays
``Decimal("0.1")``, ``12345678901234567.891`` keeps every digit), integers stay ``int``, and
``NaN``, ``Infinity``, ``-Infinity`` or a number beyond the range of a double (``1e400``) is a
422 naming where it was. Every fin-infra router uses it; give it to your own routers with
``APIRouter(route_class=DecimalRoute)``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Coroutine
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

__all__ = ["MAX_NUMBER", "DecimalRequest", "DecimalRoute", "InvalidNumberError", "parse_json"]

MAX_NUMBER: Final = Decimal(sys.float_info.max)
"""The largest magnitude a JSON number may have (that of a double, as most parsers read it)."""

_ECHO: Final = 40
_CONSTANT: Final = (
    "Input should be a finite number: JSON has no {text}; send a number or a decimal string"
)
_RANGE: Final = "Input should be a finite number: {text} is beyond the range of a JSON number"


class _Refused:
    """A number the body may not carry (found after parsing, so it can be located)."""

    __slots__ = ("message", "text")

    def __init__(self, text: str, message: str) -> None:
        self.text = text if len(text) <= _ECHO else f"{text[:_ECHO]}..."
        self.message = message.format(text=self.text)


class InvalidNumberError(json.JSONDecodeError):
    """A body carried ``NaN``/``Infinity`` or an out-of-range number; ``errors`` locates each.

    A :class:`json.JSONDecodeError`, so a plain FastAPI route that meets it still answers 422.
    """

    def __init__(self, errors: list[dict[str, Any]], doc: str) -> None:
        super().__init__(errors[0]["msg"], doc, 0)
        self.errors = errors


def _constant(text: str) -> _Refused:
    return _Refused(text, _CONSTANT)


def _float(text: str) -> Decimal | _Refused:
    try:
        number = Decimal(text)
    except InvalidOperation:  # an exponent beyond what Decimal can hold
        return _Refused(text, _RANGE)
    return number if abs(number) <= MAX_NUMBER else _Refused(text, _RANGE)


def _int(text: str) -> int | _Refused:
    # A double's range has at most 309 integer digits; this also keeps int()'s digit limit away.
    if len(text.lstrip("-")) > 309 or abs(number := int(text)) > MAX_NUMBER:
        return _Refused(text, _RANGE)
    return number


def _problems(value: Any) -> list[dict[str, Any]]:
    """The located refusals in a parsed document (iterative: depth is json's concern)."""
    errors: list[dict[str, Any]] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), value)]
    while stack:
        loc, item = stack.pop()
        if isinstance(item, dict):
            stack.extend(((*loc, k), v) for k, v in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend(((*loc, i), v) for i, v in reversed(list(enumerate(item))))
        elif isinstance(item, _Refused):
            errors.append(
                {
                    "type": "finite_number",
                    "loc": ("body", *loc),
                    "msg": item.message,
                    "input": item.text,
                }
            )
    return errors


def parse_json(raw: bytes | str) -> Any:
    """``raw`` as JSON with exact numbers; :class:`InvalidNumberError` for non-finite ones.

    >>> parse_json(b'{"amount": 0.1, "count": 3}')
    {'amount': Decimal('0.1'), 'count': 3}
    """
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    try:
        value = json.loads(text, parse_float=_float, parse_int=_int, parse_constant=_constant)
    except RecursionError:
        raise json.JSONDecodeError("JSON nested too deeply", text, 0) from None
    errors = _problems(value)
    if errors:
        raise InvalidNumberError(errors, text)
    return value


class DecimalRequest(Request):
    """A request whose :meth:`json` is :func:`parse_json` (exact numbers, no NaN/Infinity)."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = parse_json(await self.body())
        return self._json


class DecimalRoute(APIRoute):
    """An ``APIRoute`` that reads JSON bodies with :func:`parse_json`.

    Use it for every router whose bodies carry money:
    ``APIRouter(route_class=DecimalRoute)``, or ``app.router.route_class = DecimalRoute`` before
    adding routes to the app itself. A refused number answers 422 with one error per place.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def decimal_handler(request: Request) -> Response:
            exact = DecimalRequest(request.scope, request.receive)
            try:
                return await handler(exact)
            except RequestValidationError as error:
                cause = error.__cause__
                if isinstance(cause, InvalidNumberError):
                    raise RequestValidationError(cause.errors, body=cause.doc) from None
                raise

        return decimal_handler
