"""Hypothesis strategies shared by the analytics tests: realistic return series and panels."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

# Property tests: no per-example deadline and no "too slow" verdict, since the machine running the
# suite may be shared and busy; example counts are set per test.
PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Daily-ish returns: losses down to -90%, gains up to +100%, no NaN.
RETURN = st.floats(min_value=-0.9, max_value=1.0, allow_nan=False, allow_infinity=False)


def series(min_size: int = 1, max_size: int = 60) -> st.SearchStrategy[np.ndarray]:
    """1-D float64 return series."""
    return st.integers(min_size, max_size).flatmap(lambda n: arrays(np.float64, n, elements=RETURN))


def panels(
    min_rows: int = 2, max_rows: int = 40, max_cols: int = 4
) -> st.SearchStrategy[np.ndarray]:
    """2-D float64 panels (periods x assets)."""
    shapes = st.tuples(st.integers(min_rows, max_rows), st.integers(1, max_cols))
    return shapes.flatmap(lambda shape: arrays(np.float64, shape, elements=RETURN))
