"""The replayed state of a lot ledger: open lots, realized gains, income and wash sales.

:func:`~fin_infra.investments.build_ledger` produces a :class:`Ledger`; its rows reconcile to the
transactions (:meth:`Ledger.reconcile`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from fin_infra.errors import CurrencyMismatchError
from fin_infra.investments.matching import Method
from fin_infra.investments.rows import Income, IncomeKind, Lot, RealizedGain, Term, WashSale

if TYPE_CHECKING:
    from fin_infra.models import Holding

__all__ = ["Ledger", "Reconciliation"]

_ZERO: Final = Decimal(0)


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """Where every unit of basis went: ``basis_in + wash_adjustments`` must equal the rest.

    ``basis_in`` is what was paid (buys and reinvestments with fees) or carried in (transfers);
    ``wash_adjustments`` the disallowed losses added to replacement lots.
    """

    basis_in: Decimal
    wash_adjustments: Decimal
    open_basis: Decimal
    realized_basis: Decimal
    transferred_out_basis: Decimal

    @property
    def difference(self) -> Decimal:
        """Zero when the ledger reconciles."""
        return (
            self.basis_in
            + self.wash_adjustments
            - self.open_basis
            - self.realized_basis
            - self.transferred_out_basis
        )


def _single_currency(currencies: Iterable[str]) -> None:
    found = set(currencies)
    if len(found) > 1:
        raise CurrencyMismatchError(
            f"rows in {sorted(found)}: filter by symbol or currency before totalling"
        )


@dataclass(frozen=True, slots=True)
class Ledger:
    """The replayed state: open lots, realized gains, income and wash sales, as typed rows."""

    method: Method
    lots: tuple[Lot, ...]
    realized: tuple[RealizedGain, ...]
    income: tuple[Income, ...]
    wash_sales: tuple[WashSale, ...]
    transferred_out: tuple[Lot, ...]
    basis_in: Decimal

    def open_lots(self, symbol: str | None = None, account_id: str | None = None) -> list[Lot]:
        """Open lots, optionally of one symbol and/or account."""
        return [
            lot
            for lot in self.lots
            if (symbol is None or lot.symbol == symbol)
            and (account_id is None or lot.account_id == account_id)
        ]

    def position(self, symbol: str, account_id: str | None = None) -> Decimal:
        """Units of ``symbol`` held (in one account, or across all)."""
        return sum((lot.quantity for lot in self.open_lots(symbol, account_id)), _ZERO)

    def positions(self) -> dict[tuple[str, str], Decimal]:
        """Units held per ``(account_id, symbol)``."""
        out: dict[tuple[str, str], Decimal] = {}
        for lot in self.lots:
            key = (lot.account_id, lot.symbol)
            out[key] = out.get(key, _ZERO) + lot.quantity
        return out

    def cost_basis(self, symbol: str | None = None, account_id: str | None = None) -> Decimal:
        """Total basis of the open lots (wash-sale adjustments included)."""
        lots = self.open_lots(symbol, account_id)
        _single_currency(lot.currency for lot in lots)
        return sum((lot.cost_basis for lot in lots), _ZERO)

    def realized_in(
        self, year: int | None = None, term: Term | None = None, symbol: str | None = None
    ) -> list[RealizedGain]:
        """Realized rows, optionally of one tax year, term and symbol."""
        return [
            row
            for row in self.realized
            if (year is None or row.sold.year == year)
            and (term is None or row.term is term)
            and (symbol is None or row.symbol == symbol)
        ]

    def realized_gain(
        self, year: int | None = None, term: Term | None = None, symbol: str | None = None
    ) -> Decimal:
        """Sum of reportable gains (economic gain plus disallowed wash-sale losses)."""
        rows = self.realized_in(year, term, symbol)
        _single_currency(row.currency for row in rows)
        return sum((row.reportable_gain for row in rows), _ZERO)

    def _income(self, kind: IncomeKind, year: int | None) -> Decimal:
        rows = [r for r in self.income if r.kind is kind and (year is None or r.date.year == year)]
        _single_currency(r.currency for r in rows)
        return sum((r.amount for r in rows), _ZERO)

    def dividends(self, year: int | None = None) -> Decimal:
        """Dividends received, reinvested ones included."""
        return self._income(IncomeKind.DIVIDEND, year)

    def fees(self, year: int | None = None) -> Decimal:
        """Account fees paid (trade commissions are in basis and proceeds instead)."""
        return self._income(IncomeKind.FEE, year)

    def reconcile(self) -> Reconciliation:
        """Account for every unit of basis; ``difference`` is zero for a consistent ledger."""
        return Reconciliation(
            basis_in=self.basis_in,
            wash_adjustments=sum((w.disallowed for w in self.wash_sales if w.basis_added), _ZERO),
            open_basis=sum((lot.cost_basis for lot in self.lots), _ZERO),
            realized_basis=sum((row.cost_basis for row in self.realized), _ZERO),
            transferred_out_basis=sum((lot.cost_basis for lot in self.transferred_out), _ZERO),
        )

    def holdings(self) -> list[Holding]:
        """Open positions as :class:`fin_infra.models.Holding` (quantity and total basis)."""
        from fin_infra.models import Holding

        grouped: dict[tuple[str, str], list[Lot]] = defaultdict(list)
        for lot in self.lots:
            grouped[(lot.account_id, lot.symbol)].append(lot)
        return [
            Holding(
                account_id=account_id,
                security_id=symbol,
                symbol=symbol,
                quantity=sum((lot.quantity for lot in lots), _ZERO),
                cost_basis=sum((lot.cost_basis for lot in lots), _ZERO),
                currency=lots[0].currency,
            )
            for (account_id, symbol), lots in grouped.items()
        ]
