"""Every known answer in ../shared/vectors/calc_vectors.json, read from the file at test time.

Vectors come from spreadsheet documentation and peers' suites; ``tol`` is the allowed absolute
error, ``expect_nan`` means no valid answer exists (raise, or NaN when asked not to), and
``check: "root"`` accepts any true root. ``pf_*`` vectors belong to the analytics tests.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest

from fin_infra import calc
from fin_infra.errors import CalculationError
from tests.conftest import SHARED

VECTORS_FILE = SHARED / "vectors" / "calc_vectors.json"
_SOLVERS = {"irr", "xirr", "rate", "mirr"}


def _load() -> list[dict[str, Any]]:
    if not VECTORS_FILE.exists():
        return []
    vectors: list[dict[str, Any]] = json.loads(VECTORS_FILE.read_text())
    return [v for v in vectors if not v["fn"].startswith("pf_")]


VECTORS = _load()


def _args(vector: dict[str, Any]) -> dict[str, Any]:
    args = dict(vector["args"])
    for key in ("dates",):
        if key in args:
            args[key] = [dt.date.fromisoformat(d) for d in args[key]]
    return args


def _npv_at(vector: dict[str, Any], rate: float) -> float:
    args = _args(vector)
    if vector["fn"] == "xirr":
        return float(calc.xnpv(rate, args["dates"], args["amounts"]))
    return float(calc.npv(rate, args["values"]))


def test_vectors_file_is_present(shared_dir: Path) -> None:
    assert VECTORS, f"no cash-flow vectors found in {VECTORS_FILE}"


@pytest.mark.parametrize("vector", VECTORS, ids=[f"{i}-{v['fn']}" for i, v in enumerate(VECTORS)])
def test_vector(vector: dict[str, Any]) -> None:
    func = getattr(calc, vector["fn"])
    args = _args(vector)
    if vector.get("expect_nan"):
        with pytest.raises(CalculationError):
            func(**args)
        if vector["fn"] in _SOLVERS:
            assert math.isnan(func(**args, raise_exceptions=False))
        return
    result = float(func(**args))
    if vector.get("check") == "root":
        assert result > -1
        assert abs(_npv_at(vector, result)) <= vector["root_tol"] * sum(
            abs(a) for a in args.get("amounts", args.get("values", []))
        )
        return
    assert result == pytest.approx(vector["expected"], abs=vector["tol"]), vector["source"]
