"""A Form-8949-style report of a year's dispositions, as typed rows, CSV or JSON.

Columns follow Form 8949: (a) description, (b) date acquired, (c) date sold, (d) proceeds,
(e) cost or other basis, (f) code, (g) adjustment, (h) gain or loss. A wash sale has code ``W`` and
the disallowed loss as a positive adjustment. Part I is short-term, Part II long-term; the box
letter depends on how the broker reported basis (``covered``: A/D, ``noncovered``: B/E,
``no_1099b``: C/F). Amounts are rounded here, at the report edge, to cents (half up) unless
``places`` says otherwise (0 for whole dollars); (h) is computed from the rounded columns so
every row adds up: h = d - e + g.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, Literal

from fin_infra.errors import CurrencyMismatchError
from fin_infra.investments import Ledger, RealizedGain, Term
from fin_infra.money import quantize

__all__ = ["COLUMNS", "Form8949Row", "form_8949", "form_8949_csv", "form_8949_json"]

Reporting = Literal["covered", "noncovered", "no_1099b"]
_BOXES: Final[dict[Reporting, tuple[str, str]]] = {
    "covered": ("A", "D"),
    "noncovered": ("B", "E"),
    "no_1099b": ("C", "F"),
}
COLUMNS: Final[tuple[str, ...]] = (
    "part",
    "box",
    "description",
    "date_acquired",
    "date_sold",
    "proceeds",
    "cost_basis",
    "code",
    "adjustment",
    "gain_or_loss",
)
"""CSV header and JSON keys, in form order."""


@dataclass(frozen=True, slots=True)
class Form8949Row:
    """One line of Form 8949, amounts already rounded."""

    part: Literal["I", "II"]
    box: str
    description: str
    date_acquired: str
    date_sold: str
    proceeds: Decimal
    cost_basis: Decimal
    code: str
    adjustment: Decimal
    gain_or_loss: Decimal

    def as_strings(self) -> dict[str, str]:
        """Column name to text, as written to CSV and JSON."""
        return {name: str(getattr(self, name)) for name in COLUMNS}


def _row(gain: RealizedGain, reporting: Reporting, places: int) -> Form8949Row:
    if gain.currency != "USD":
        raise CurrencyMismatchError(
            f"{gain.sale_id}: Form 8949 is in USD; "
            f"convert {gain.currency} at trade-date rates first"
        )
    short = gain.term is Term.SHORT
    proceeds = quantize(gain.proceeds, places, ROUND_HALF_UP)
    basis = quantize(gain.cost_basis, places, ROUND_HALF_UP)
    adjustment = quantize(gain.wash_disallowed, places, ROUND_HALF_UP)
    return Form8949Row(
        part="I" if short else "II",
        box=_BOXES[reporting][0 if short else 1],
        description=f"{gain.quantity.normalize():f} sh. {gain.symbol}",
        date_acquired=gain.acquired.strftime("%m/%d/%Y"),
        date_sold=gain.sold.strftime("%m/%d/%Y"),
        proceeds=proceeds,
        cost_basis=basis,
        code="W" if gain.wash_disallowed else "",
        adjustment=adjustment,
        gain_or_loss=proceeds - basis + adjustment,
    )


def form_8949(
    ledger: Ledger | Iterable[RealizedGain],
    year: int,
    *,
    reporting: Reporting = "covered",
    places: int = 2,
    exclude_accounts: Collection[str] = (),
) -> list[Form8949Row]:
    """The dispositions sold in ``year``: Part I (short-term) first, then by date sold.

    Leave tax-deferred accounts (IRAs) out with ``exclude_accounts``: their sales are not reported.
    """
    gains = ledger.realized if isinstance(ledger, Ledger) else ledger
    chosen = sorted(
        (g for g in gains if g.sold.year == year and g.account_id not in exclude_accounts),
        key=lambda g: (g.term is Term.LONG, g.sold, g.acquired, g.symbol, g.lot_id),
    )
    return [_row(g, reporting, places) for g in chosen]


def form_8949_csv(rows: Iterable[Form8949Row]) -> str:
    """CSV text with a header row (:data:`COLUMNS`)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(row.as_strings() for row in rows)
    return out.getvalue()


def form_8949_json(rows: Iterable[Form8949Row]) -> str:
    """JSON: rows (amounts as strings, exact) and per-part totals of columns d, e, g and h."""
    items = list(rows)
    totals: dict[str, dict[str, str]] = {}
    for part in ("I", "II"):
        chosen = [r for r in items if r.part == part]
        if chosen:
            totals[part] = {
                name: str(sum((getattr(r, name) for r in chosen), Decimal(0)))
                for name in ("proceeds", "cost_basis", "adjustment", "gain_or_loss")
            }
    return json.dumps({"rows": [r.as_strings() for r in items], "totals": totals}, indent=2)
