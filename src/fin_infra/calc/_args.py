"""Argument handling shared by the calc functions: Decimal or float/NumPy inputs, ``when``.

Every closed-form function accepts either exact inputs (``Decimal`` and ``int``; the result is a
``Decimal``) or binary inputs (``float``, ``int`` and NumPy arrays; the result is a ``float`` for
scalar input and an ``ndarray`` broadcast over array input). Mixing ``Decimal`` with ``float`` is
refused, since the float would silently contaminate the exact calculation.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

from fin_infra.errors import CalculationError

__all__ = [
    "ArrayLike",
    "Number",
    "When",
    "coerce",
    "finish",
    "select",
    "when_factor",
]

When: TypeAlias = Literal["end", "begin"]
Number: TypeAlias = float | int | Decimal
ArrayLike: TypeAlias = Number | npt.ArrayLike
FloatArray: TypeAlias = npt.NDArray[np.float64]


def when_factor(when: str) -> int:
    """0 for payments at the end of each period, 1 for the beginning."""
    if when == "end":
        return 0
    if when == "begin":
        return 1
    raise CalculationError(f"when must be 'end' or 'begin', not {when!r}")


def _is_exact(value: Any) -> bool:
    return isinstance(value, Decimal)


def coerce(*values: Any) -> tuple[bool, list[Any]]:
    """Bring the arguments to one arithmetic: ``(exact, values)``.

    ``exact`` is True when any argument is a Decimal; then every argument becomes a Decimal (ints
    convert exactly; floats and arrays are refused). Otherwise every argument becomes a float64
    NumPy array, ready to broadcast.
    """
    if any(_is_exact(v) for v in values):
        out: list[Any] = []
        for v in values:
            if isinstance(v, Decimal):
                if not v.is_finite():
                    raise CalculationError(f"not a finite number: {v!r}")
                out.append(v)
            elif isinstance(v, int) and not isinstance(v, bool):
                out.append(Decimal(v))
            else:
                raise CalculationError(
                    f"cannot mix Decimal with {type(v).__name__} ({v!r}); pass Decimal or int "
                    "everywhere for an exact result, or floats everywhere"
                )
        return True, out
    try:
        arrays = [np.asarray(v, dtype=np.float64) for v in values]
    except (TypeError, ValueError) as exc:
        raise CalculationError(f"arguments must be numbers or arrays of numbers: {exc}") from None
    return False, arrays


def select(exact: bool, cond: Any, if_true: Any, if_false: Any) -> Any:
    """Element-wise choice that works for Decimal scalars and NumPy arrays alike."""
    if exact:
        return if_true if cond else if_false
    return np.where(cond, if_true, if_false)


def finish(exact: bool, result: Any, *inputs: Any) -> Any:
    """Return a Decimal, a Python float (all inputs scalar) or an ndarray."""
    if exact:
        return result
    array = np.asarray(result, dtype=np.float64)
    if array.ndim == 0 and all(np.ndim(v) == 0 for v in inputs):
        return float(array)
    return array


def as_float_vector(values: Any, name: str = "values") -> FloatArray:
    """Cash flows as a finite, non-empty 1-D float64 array (Decimals are converted)."""
    try:
        array = np.asarray(values, dtype=np.float64)  # Decimals convert through __float__
    except (TypeError, ValueError) as exc:
        raise CalculationError(f"{name} must be a sequence of numbers: {exc}") from None
    if array.ndim != 1 or array.size == 0:
        raise CalculationError(f"{name} must be a non-empty 1-D sequence")
    # One cheap pass first: any NaN or infinity makes the sum non-finite (so may overflow).
    if not np.isfinite(array.sum()) and not np.all(np.isfinite(array)):
        raise CalculationError(f"{name} must be finite (no NaN or infinity)")
    return array
