"""Helpers for the tests that hold the OpenAPI document to the money rule.

Find the money fields of a request body in the document (a field whose input schema is
``anyOf`` a patterned string and a number), decide what the document says about a literal, and
write bodies with raw JSON number literals in them (``NaN``, ``1e400``, exact decimals).
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import httpx

from fin_infra.api.body import MAX_NUMBER

Path = tuple[str | int, ...]
"""A place in a body: keys, list indexes; ``"*"`` in a found path means any item or value."""


KINDS = ("string", "number")


class Raw:
    """A JSON literal written as is (``Raw("NaN")``, ``Raw("0.1")``)."""

    def __init__(self, text: str) -> None:
        self.text = text


def dumps(body: Any) -> str:
    """``body`` as JSON text, :class:`Raw` values written verbatim."""
    marks: dict[str, str] = {}

    def default(value: Any) -> Any:
        if isinstance(value, Raw):
            mark = f"@@{uuid.uuid4().hex}@@"
            marks[mark] = value.text
            return mark
        raise TypeError(type(value).__name__)

    text = json.dumps(body, default=default)
    for mark, literal in marks.items():
        text = text.replace(json.dumps(mark), literal)
    return text


def resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = doc["components"]["schemas"][name]
    return schema


def is_money(schema: dict[str, Any]) -> bool:
    branches = schema.get("anyOf", [])
    kinds = {b.get("type") for b in branches} - {"null"}  # Optional amounts: one flat anyOf
    return kinds == {"string", "number"} and any("pattern" in b for b in branches)


def money_fields(doc: dict[str, Any], schema: dict[str, Any], path: Path = ()) -> list[Any]:
    """``[(path, money schema)]`` for every money field under ``schema``."""
    schema = resolve(doc, schema)
    if is_money(schema):
        return [(path, schema)]
    found: list[Any] = []
    for branch in schema.get("anyOf", []):  # Optional[...]: the non-null branch
        if branch.get("type") != "null":
            found += money_fields(doc, branch, path)
    for name, sub in schema.get("properties", {}).items():
        found += money_fields(doc, sub, (*path, name))
    if isinstance(schema.get("items"), dict):
        found += money_fields(doc, schema["items"], (*path, "*"))
    if isinstance(schema.get("additionalProperties"), dict):
        found += money_fields(doc, schema["additionalProperties"], (*path, "*"))
    return found


def concrete(body: Any, path: Path) -> Path | None:
    """``path`` with each ``"*"`` replaced by the first index/key ``body`` has there."""
    out: list[str | int] = []
    node = body
    for step in path:
        if step == "*":
            if isinstance(node, list) and node:
                step = 0
            elif isinstance(node, dict) and node:
                step = next(iter(node))
            else:
                return None
        if (isinstance(node, dict) and step in node) or (
            isinstance(node, list) and isinstance(step, int) and step < len(node)
        ):
            node = node[step]
        else:
            return None
        out.append(step)
    return tuple(out)


def with_value(body: Any, path: Path, value: Any) -> Any:
    """A copy of ``body`` with ``value`` at ``path`` (which must exist)."""
    copied = copy.deepcopy(body)
    node = copied
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return copied


def get(body: Any, path: Path) -> Any:
    for step in path:
        body = body[step]
    return body


def schema_accepts(schema: dict[str, Any], literal: Raw | str) -> bool:
    """What the money ``schema`` says of ``literal`` (a JSON string, or a raw JSON number).

    A string must match the string branch's pattern (digits and places) and lie in the range the
    number branch states: JSON Schema cannot bound a string's value, so the rule's description
    says it in words ("greater than 0") and both branches share one range.
    """
    string, number = (next(b for b in schema["anyOf"] if b.get("type") == t) for t in KINDS)
    if isinstance(literal, str):
        if re.fullmatch(string["pattern"], literal) is None:
            return False
        return _in_range(Fraction(Decimal(literal)), number, with_step=False)
    try:
        decimal = Decimal(literal.text)
    except InvalidOperation:
        return False
    if not decimal.is_finite() or abs(decimal) > MAX_NUMBER:
        return False
    return _in_range(Fraction(decimal), number, with_step=True)  # exact, whatever the exponent


def _in_range(value: Fraction, number: dict[str, Any], *, with_step: bool) -> bool:
    checks = [
        ("exclusiveMinimum", lambda b: value > b),
        ("minimum", lambda b: value >= b),
        ("exclusiveMaximum", lambda b: value < b),
        ("maximum", lambda b: value <= b),
    ]
    if with_step:
        checks.append(("multipleOf", lambda b: value % b == 0))
    return all(ok(Fraction(str(number[key]))) for key, ok in checks if key in number)


def leaves(body: Any, path: Path = ()) -> list[Path]:
    """Every scalar's path in ``body`` (strings, numbers, booleans, nulls)."""
    if isinstance(body, dict):
        return [p for k, v in body.items() for p in leaves(v, (*path, k))]
    if isinstance(body, list):
        return [p for i, v in enumerate(body) for p in leaves(v, (*path, i))]
    return [path]


def error_at(answer: Any, path: Path) -> dict[str, Any] | None:
    """The 422 error located at ``("body", *path)``, if ``answer`` has one."""
    if answer.status_code != 422:
        return None
    for error in answer.json()["detail"]:
        if tuple(error["loc"]) == ("body", *path):
            return dict(error)
    return None


CONSTANTS = ("NaN", "Infinity", "-Infinity", "1e400", "-1e400")
"""Literals every field must refuse with a located ``finite_number`` 422."""


def body_schema(doc: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    operation = doc["paths"][path][method.lower()]
    return dict(operation["requestBody"]["content"]["application/json"]["schema"])


def body_operations(doc: dict[str, Any]) -> set[str]:
    """``"METHOD /path"`` of every operation in ``doc`` that takes a JSON body."""
    return {
        f"{method.upper()} {path}"
        for path, item in doc["paths"].items()
        for method, operation in item.items()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    }


def money_problems(api: Any) -> list[str]:
    """Where a money field's behaviour and its schema disagree (empty: they agree).

    For each money field of each operation: the sample value as a string and as a JSON
    number, a value with too many places, one out of range, an exponent string, a non-number
    string, ``1e-400``; the server must refuse (a 422 located at the field, with a message)
    exactly those the schema refuses, and never answer 5xx.
    """
    problems: list[str] = []
    for operation in api.operations:
        schema = body_schema(api.doc, operation.method, operation.path)
        for found, money in money_fields(api.doc, schema):
            body = operation.body()
            path = concrete(body, found)
            if path is None:
                problems.append(f"{operation.name}: the sample body has no {found}")
                continue
            sample = str(get(body, path))
            candidates: list[Raw | str] = [
                sample,
                Raw(sample),
                f"{sample}00000000001" if "." in sample else f"{sample}.00000000001",
                Raw(f"{sample}00000000001" if "." in sample else f"{sample}.00000000001"),
                "1" + "0" * 40,
                Raw("1" + "0" * 40),
                "1e2",
                "twelve",
                Raw("1e-400"),
                Raw("0.1"),
                "0.1",
            ]
            for literal in candidates:
                answer = api.send(operation, dumps(with_value(body, path, literal)))
                shown = literal.text if isinstance(literal, Raw) else repr(literal)
                where = f"{operation.name} {'.'.join(map(str, path))}={shown}"
                if answer.status_code >= 500:
                    problems.append(f"{where}: {answer.status_code}")
                    continue
                refused = error_at(answer, path)
                if schema_accepts(money, literal):
                    if refused is not None:
                        problems.append(f"{where}: schema accepts, server refused: {refused}")
                elif refused is None or not refused.get("msg"):
                    problems.append(f"{where}: schema refuses, server said {answer.text[:200]}")
    return problems


def non_finite_problems(api: Any) -> list[str]:
    """Fields that do not answer NaN/Infinity/-Infinity/1e400 with a located 422 (and 1e-400
    with anything but a 5xx)."""
    problems: list[str] = []
    for operation in api.operations:
        body = operation.body()
        for path in leaves(body):
            for literal in (*CONSTANTS, "1e-400"):
                answer = api.send(operation, dumps(with_value(body, path, Raw(literal))))
                where = f"{operation.name} {'.'.join(map(str, path))}={literal}"
                if answer.status_code >= 500:
                    problems.append(f"{where}: {answer.status_code}")
                    continue
                if literal == "1e-400":
                    continue
                error = error_at(answer, path)
                if error is None or error["type"] != "finite_number":
                    problems.append(f"{where}: {answer.status_code} {answer.text[:200]}")
                elif "finite number" not in error["msg"]:
                    problems.append(f"{where}: unclear message {error['msg']!r}")
    return problems


def call_with_constant(case: Any, literal: str, headers: dict[str, str]) -> httpx.Response | None:
    """Send ``case`` (schemathesis) with its first body field (or the whole body) replaced by the
    raw ``literal``; ``None`` when the operation takes no JSON body (or the case is one of
    schemathesis' unexpected-method probes)."""
    if case.body is None or case.media_type != "application/json":
        return None
    if case.method.upper() != case.operation.method.upper():
        return None
    paths = [p for p in leaves(case.body) if p]
    body = with_value(case.body, paths[0], Raw(literal)) if paths else Raw(literal)
    return httpx.request(
        case.method,
        case.operation.schema.get_base_url().rstrip("/") + case.formatted_path,
        params=case.query,
        content=dumps(body),
        headers={**(case.headers or {}), **headers, "Content-Type": "application/json"},
    )
