"""The exact JSON body parser, DecimalRoute and the JSON-safe 422 handler."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel

from fin_infra.api import DecimalRoute, install_error_handlers, parse_json
from fin_infra.api.body import MAX_NUMBER, InvalidNumberError
from fin_infra.api.errors import json_safe


def test_numbers_are_read_exactly_as_written() -> None:
    parsed = parse_json(b'{"a": 0.1, "b": [12345678901234567.891, -0.0], "c": 7, "d": 1E2}')
    assert parsed == {
        "a": Decimal("0.1"),
        "b": [Decimal("12345678901234567.891"), Decimal("-0.0")],
        "c": 7,
        "d": Decimal("1E+2"),
    }
    assert str(parsed["a"]) == "0.1"
    assert str(parsed["b"][0]) == "12345678901234567.891"
    assert type(parsed["c"]) is int


def test_strings_that_spell_constants_are_left_alone() -> None:
    assert parse_json('{"a": "NaN", "b": "1e400"}') == {"a": "NaN", "b": "1e400"}


@pytest.mark.parametrize(
    ("text", "loc", "says"),
    [
        ('{"a": NaN}', ("body", "a"), "JSON has no NaN"),
        ('{"a": [1, Infinity]}', ("body", "a", 1), "JSON has no Infinity"),
        ('{"a": {"b": -Infinity}}', ("body", "a", "b"), "JSON has no -Infinity"),
        ('{"a": 1e400}', ("body", "a"), "1e400 is beyond the range"),
        ('{"a": -1e400}', ("body", "a"), "-1e400 is beyond the range"),
        ('{"a": 1e9999999999999999999}', ("body", "a"), "beyond the range"),
        ('{"a": 1e-9999999999999999999}', ("body", "a"), "beyond the range"),
        ("[" + "9" * 400 + "]", ("body", 0), "beyond the range"),
        ("[" + "9" * 5000 + "]", ("body", 0), "beyond the range"),
        ("NaN", ("body",), "JSON has no NaN"),
    ],
)
def test_non_finite_and_out_of_range_numbers_are_located(
    text: str, loc: tuple[Any, ...], says: str
) -> None:
    with pytest.raises(InvalidNumberError) as caught:
        parse_json(text)
    (error,) = caught.value.errors
    assert error["type"] == "finite_number"
    assert error["loc"] == loc
    assert says in error["msg"]
    assert len(error["input"]) <= 43  # long numbers are cut in the echo
    assert isinstance(caught.value, json.JSONDecodeError)


def test_every_refused_number_is_reported() -> None:
    with pytest.raises(InvalidNumberError) as caught:
        parse_json('{"a": NaN, "b": [Infinity, {"c": 1e400}], "d": 1e-400}')
    assert [e["loc"] for e in caught.value.errors] == [
        ("body", "a"),
        ("body", "b", 0),
        ("body", "b", 1, "c"),
    ]


def test_the_largest_double_is_still_a_number() -> None:
    assert parse_json("1.7976931348623157e308") == Decimal("1.7976931348623157e308")
    assert Decimal("1.7976931348623157e308") <= MAX_NUMBER


def test_a_body_nested_too_deeply_is_a_decode_error() -> None:
    with pytest.raises(json.JSONDecodeError, match="nested too deeply"):
        parse_json("[" * 100_000 + "]" * 100_000)


class Payment(BaseModel):
    amount: Decimal
    count: int
    note: str = ""


def call(app: FastAPI, method: str, path: str, text: str | None = None) -> httpx.Response:
    """One request to ``app`` over httpx's ASGI transport."""

    async def main() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            headers = {"content-type": "application/json"}
            return await client.request(method, path, content=text, headers=headers)

    return asyncio.run(main())


def _app(route_class: type[Any] | None) -> FastAPI:
    app = FastAPI()
    router = APIRouter(route_class=route_class) if route_class else APIRouter()
    seen: list[Payment] = []

    @router.post("/pay")
    def pay(body: Payment) -> dict[str, str]:
        seen.append(body)
        return {"amount": repr(body.amount)}

    install_error_handlers(app)
    app.include_router(router)
    return app


def _post(app: FastAPI, text: str) -> httpx.Response:
    return call(app, "POST", "/pay", text)


def _body(field: str, literal: str) -> str:
    """A Payment body whose ``field`` is the raw JSON ``literal``."""
    values = {"amount": '"1"', "count": "1", "note": '"x"', field: literal}
    return "{" + ", ".join(f'"{k}": {v}' for k, v in values.items()) + "}"


def test_decimal_route_hands_the_exact_decimal_to_the_handler() -> None:
    answer = _post(_app(DecimalRoute), '{"amount": 12345678901234567.891, "count": 1}')
    assert answer.status_code == 200
    assert answer.json() == {"amount": "Decimal('12345678901234567.891')"}
    plain = _post(_app(None), '{"amount": 12345678901234567.891, "count": 1}')
    assert plain.json() == {"amount": "Decimal('12345678901234568')"}  # what it fixes


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e400"])
@pytest.mark.parametrize("field", ["amount", "count", "note"])
def test_decimal_route_answers_a_located_422(constant: str, field: str) -> None:
    answer = _post(_app(DecimalRoute), _body(field, constant))
    assert answer.status_code == 422
    (error,) = answer.json()["detail"]
    assert error["loc"] == ["body", field]
    assert error["type"] == "finite_number"
    assert "finite number" in error["msg"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e400", "-1e400"])
@pytest.mark.parametrize("field", ["amount", "count", "note"])
def test_a_plain_route_still_answers_422_not_500(constant: str, field: str) -> None:
    """Without DecimalRoute the float reaches pydantic; the handler must echo it safely."""
    answer = _post(_app(None), _body(field, constant))
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["body", field]


def test_the_handler_echoes_what_json_cannot_carry() -> None:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/boom")
    def boom() -> None:
        nested: Any = "leaf"
        for _ in range(200):
            nested = [nested]
        raise RequestValidationError(
            [
                {
                    "type": "x",
                    "loc": ("body", "a"),
                    "msg": "refused",
                    "input": {
                        "nan": float("nan"),
                        "inf": float("-inf"),
                        "dec": Decimal("1E+400"),
                        "snan": Decimal("sNaN"),
                        "raw": b"\xff",
                        "deep": nested,
                    },
                    "ctx": {"error": ValueError("why"), "le": Decimal("1.5")},
                }
            ]
        )

    answer = call(app, "GET", "/boom")
    assert answer.status_code == 422
    (error,) = answer.json()["detail"]
    echoed = error["input"]
    assert (echoed["nan"], echoed["inf"], echoed["dec"], echoed["snan"]) == (
        "NaN",
        "-Infinity",
        "1E+400",
        "sNaN",
    )
    assert echoed["raw"] == "\ufffd"
    assert error["ctx"] == {"error": "why", "le": "1.5"}
    assert "..." in json.dumps(echoed["deep"])


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        (float("inf"), "Infinity"),
        (float("nan"), "NaN"),
        (1.5, 1.5),
        (Decimal("0.1"), "0.1"),
        ((1, {2}), [1, [2]]),
        ({1: None}, {"1": None}),
        (object, str(object)),
    ],
)
def test_json_safe(value: object, safe: object) -> None:
    assert json_safe(value) == safe
    json.dumps(json_safe(value), allow_nan=False)
