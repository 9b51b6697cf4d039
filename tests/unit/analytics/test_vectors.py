"""The ``pf_*`` known answers in ../shared/vectors/calc_vectors.json, read at test time.

Each vector is checked on its own series and again as every column of a 2-D panel, so the
vectorised path is held to the same references.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from fin_infra import analytics as fa

# Vector name -> (function, the vector's argument names mapped to ours).
CASES: dict[str, tuple[Callable[..., Any], dict[str, str]]] = {
    "pf_cum_return": (fa.cum_return, {}),
    "pf_max_drawdown": (fa.max_drawdown, {}),
    "pf_sharpe": (fa.sharpe_ratio, {"risk_free_per_period": "risk_free"}),
    "pf_sortino": (fa.sortino_ratio, {"mar_per_period": "mar"}),
    "pf_annual_volatility": (fa.annual_volatility, {}),
    "pf_cagr": (fa.cagr, {}),
    "pf_beta": (fa.beta, {}),
}


def _vectors(shared_dir: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(
        (shared_dir / "vectors" / "calc_vectors.json").read_text()
    )
    return [v for v in data if v["fn"].startswith("pf_")]


def _call(vector: dict[str, Any], *, columns: int = 0) -> Any:
    func, renames = CASES[vector["fn"]]
    args = {renames.get(k, k): v for k, v in vector["args"].items()}
    if columns:
        for key in ("returns", "benchmark"):
            if key in args:
                args[key] = np.tile(np.asarray(args[key])[:, np.newaxis], (1, columns))
    return func(**args)


def test_every_portfolio_vector_has_a_function(shared_dir: Path) -> None:
    names = {v["fn"] for v in _vectors(shared_dir)}
    assert names, "no pf_* vectors in the shared file"
    assert names <= set(CASES), f"vectors without a mapped function: {names - set(CASES)}"


@pytest.mark.parametrize("fn", sorted(CASES))
def test_portfolio_vectors(fn: str, shared_dir: Path) -> None:
    vectors = [v for v in _vectors(shared_dir) if v["fn"] == fn]
    assert vectors, f"the shared file has no {fn} vector"
    for vector in vectors:
        result = _call(vector)
        assert isinstance(result, float)
        assert result == pytest.approx(vector["expected"], abs=vector["tol"]), vector["source"]


@pytest.mark.parametrize("fn", sorted(CASES))
def test_portfolio_vectors_column_by_column(fn: str, shared_dir: Path) -> None:
    for vector in (v for v in _vectors(shared_dir) if v["fn"] == fn):
        result = _call(vector, columns=3)
        assert result.shape == (3,)
        np.testing.assert_allclose(result, vector["expected"], rtol=0, atol=vector["tol"])
