"""Input handling shared by the analytics functions: one way in for lists, arrays and pandas.

Every public metric accepts a 1-D series (periods) or a 2-D panel (periods x assets) as a list, a
NumPy array, or a pandas Series/DataFrame. pandas is never imported here: its objects are read
through ``to_numpy()`` and ``index``, which they share with anything array-like enough.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from fin_infra.errors import ValidationError

__all__ = [
    "FloatArray",
    "Metric",
    "accumulate",
    "as_pair",
    "as_series",
    "check_periods_per_year",
    "check_probability",
    "check_window",
    "index_of",
    "to_metric",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
"""A float64 NumPy array."""

Metric: TypeAlias = float | FloatArray
"""A metric: a float for a 1-D series, one value per asset (1-D array) for a 2-D panel."""


def as_series(data: npt.ArrayLike, name: str = "returns", *, min_length: int = 1) -> FloatArray:
    """``data`` as a finite float64 array of one or two dimensions (periods first).

    Raises :class:`~fin_infra.errors.ValidationError` for non-numeric data, more than two
    dimensions, fewer than ``min_length`` periods, no assets, or NaN/infinite values.
    """
    if isinstance(data, str | bytes):
        raise ValidationError(f"{name} must be a sequence of numbers, not {type(data).__name__}")
    to_numpy = getattr(data, "to_numpy", None)
    try:
        if callable(to_numpy):
            arr = np.asarray(to_numpy(dtype=np.float64), dtype=np.float64)
        else:
            arr = np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"{name} must contain only numbers: {exc}") from None
    if arr.ndim not in (1, 2):
        raise ValidationError(
            f"{name} must be 1-D (periods) or 2-D (periods x assets), got {arr.ndim}-D"
        )
    if arr.shape[0] < min_length:
        need = "at least one period" if min_length == 1 else f"at least {min_length} periods"
        raise ValidationError(f"{name} needs {need}, got {arr.shape[0]}")
    if arr.ndim == 2 and arr.shape[1] == 0:
        raise ValidationError(f"{name} has no assets (0 columns)")
    finite = np.isfinite(arr)
    if not finite.all():
        position = tuple(int(i) for i in np.argwhere(~finite)[0])
        where = position[0] if arr.ndim == 1 else position
        raise ValidationError(
            f"{name} contains NaN or infinity (first at position {where}); drop or fill them first"
        )
    return arr


def as_pair(
    returns: npt.ArrayLike, benchmark: npt.ArrayLike, *, min_length: int = 1
) -> tuple[FloatArray, FloatArray]:
    """``returns`` and ``benchmark`` validated and aligned period by period.

    A 1-D benchmark is broadcast against every column of a 2-D ``returns``.
    """
    r = as_series(returns, "returns", min_length=min_length)
    b = as_series(benchmark, "benchmark", min_length=min_length)
    if r.shape[0] != b.shape[0]:
        raise ValidationError(
            f"returns and benchmark differ in length: {r.shape[0]} != {b.shape[0]} periods"
        )
    if b.ndim == 2:
        if b.shape[1] == 1:
            b = b[:, 0]
        elif r.ndim == 1 or b.shape[1] != r.shape[1]:
            raise ValidationError(
                f"benchmark has {b.shape[1]} columns; pass one column or one per asset"
            )
    if r.ndim == 2 and b.ndim == 1:
        b = b[:, np.newaxis]
    return r, b


# Below this many values per row, NumPy's own accumulate is faster than a Python loop over rows.
_ROW_LOOP_MIN_WIDTH = 64


def accumulate(ufunc: np.ufunc, x: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """``ufunc.accumulate(x, axis=0)`` (running sum, product or maximum down the periods).

    NumPy accumulates down axis 0 of a wide panel several times slower than it applies one
    vectorised operation per row, so wide panels go row by row. The order of operations is the
    same, so the result is bit for bit identical.
    """
    if x.ndim < 2 or x[0].size < _ROW_LOOP_MIN_WIDTH:
        return np.asarray(ufunc.accumulate(x, axis=0))
    out = np.empty_like(x)
    out[0] = x[0]
    for i in range(1, x.shape[0]):
        ufunc(out[i - 1], x[i], out=out[i])
    return out


def index_of(data: object) -> Sequence[Hashable] | None:
    """The labels (dates) of a pandas object's rows, or None for plain sequences and arrays."""
    index = getattr(data, "index", None)
    if index is None or callable(index):  # list.index is a method, not labels
        return None
    return list(index)


def to_metric(values: npt.NDArray[Any]) -> Metric:
    """A 0-D result as a Python float; per-asset results stay an array."""
    result = np.asarray(values, dtype=np.float64)
    if result.ndim == 0:
        return float(result)
    return result


def check_periods_per_year(periods_per_year: float) -> float:
    """``periods_per_year`` if it is a positive finite number (252 for trading days)."""
    if isinstance(periods_per_year, bool) or not isinstance(periods_per_year, int | float):
        raise ValidationError(f"periods_per_year must be a number, got {periods_per_year!r}")
    if not np.isfinite(periods_per_year) or periods_per_year <= 0:
        raise ValidationError(f"periods_per_year must be positive, got {periods_per_year!r}")
    return float(periods_per_year)


def check_probability(value: float, name: str) -> float:
    """``value`` if it lies strictly between 0 and 1."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1:
        raise ValidationError(f"{name} must lie strictly between 0 and 1, got {value!r}")
    return float(value)


def check_window(window: int, periods: int, minimum: int = 1) -> int:
    """``window`` if it is an int in ``[minimum, periods]``."""
    if isinstance(window, bool) or not isinstance(window, int):
        raise ValidationError(f"window must be an int, got {window!r}")
    if window < minimum:
        raise ValidationError(f"window must be at least {minimum}, got {window}")
    if window > periods:
        raise ValidationError(f"window {window} is longer than the series ({periods} periods)")
    return window
