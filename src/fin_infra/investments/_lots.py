"""Mutable lots and positions inside the replay (the public, frozen view is :class:`Lot`).

Exactness: only when a basis, proceeds or disallowed loss is split between parts of a lot is a
part computed to 1e-12 of the currency unit; the other part takes the exact remainder, so parts
always add back to the whole.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from decimal import Decimal
from typing import Final

from fin_infra.investments.errors import InsufficientQuantityError, UnknownLotError
from fin_infra.investments.matching import Method
from fin_infra.investments.rows import Lot
from fin_infra.investments.transactions import InvestmentTransaction

__all__ = ["ZERO", "OpenLot", "Position", "share_of"]

ZERO: Final = Decimal(0)
_ALLOC: Final = Decimal("1e-12")


def share_of(total: Decimal, qty: Decimal, whole: Decimal) -> Decimal:
    """``total * qty / whole`` to 1e-12; exactly ``total`` when ``qty`` is the whole."""
    if qty == whole:
        return total
    exact = total * qty / whole
    rounded = exact.quantize(_ALLOC)
    return exact if rounded == exact else rounded


class OpenLot:
    """A mutable open lot inside the engine (the public, frozen view is :class:`Lot`)."""

    __slots__ = (
        "account_id",
        "acquired",
        "basis",
        "currency",
        "holding_start",
        "lot_id",
        "origin",
        "quantity",
        "replacement",
        "seq",
        "symbol",
        "wash",
    )

    def __init__(
        self,
        lot_id: str,
        origin: str,
        account_id: str,
        symbol: str,
        quantity: Decimal,
        basis: Decimal,
        acquired: dt.date,
        holding_start: dt.date,
        currency: str,
        seq: int,
        wash: Decimal = ZERO,
        replacement: bool = False,
    ) -> None:
        self.lot_id = lot_id
        self.origin = origin
        self.account_id = account_id
        self.symbol = symbol
        self.quantity = quantity
        self.basis = basis
        self.acquired = acquired
        self.holding_start = holding_start
        self.currency = currency
        self.seq = seq
        self.wash = wash
        self.replacement = replacement

    def take(self, qty: Decimal, lot_id: str | None = None) -> OpenLot:
        """Detach ``qty`` units (with their share of basis) as a new lot; keep the rest here."""
        basis = share_of(self.basis, qty, self.quantity)
        wash = share_of(self.wash, qty, self.quantity) if self.wash else ZERO
        piece = OpenLot(
            lot_id or self.lot_id,
            self.origin,
            self.account_id,
            self.symbol,
            qty,
            basis,
            self.acquired,
            self.holding_start,
            self.currency,
            self.seq,
            wash,
            self.replacement,
        )
        self.quantity -= qty
        self.basis -= basis
        self.wash -= wash
        return piece

    def freeze(self) -> Lot:
        """The public, immutable view of this lot as it stands."""
        return Lot(
            lot_id=self.lot_id,
            account_id=self.account_id,
            symbol=self.symbol,
            quantity=self.quantity,
            cost_basis=self.basis,
            acquired=self.acquired,
            holding_start=self.holding_start,
            wash_adjustment=self.wash,
            currency=self.currency,
        )


class Position:
    """The open lots of one account and symbol, oldest acquisition first."""

    __slots__ = ("currency", "lots", "quantity")

    def __init__(self, currency: str) -> None:
        self.currency = currency
        self.lots: deque[OpenLot] = deque()
        self.quantity = ZERO

    def add(self, lot: OpenLot) -> None:
        lots = self.lots
        if (
            not lots
            or lot.acquired > lots[-1].acquired
            or (lots[-1].acquired, lots[-1].seq) <= (lot.acquired, lot.seq)
        ):
            lots.append(lot)
        else:  # a transferred lot older than the newest: keep acquisition order for FIFO/LIFO
            index = next(
                i
                for i, other in enumerate(lots)
                if (other.acquired, other.seq) > (lot.acquired, lot.seq)
            )
            lots.insert(index, lot)
        self.quantity += lot.quantity

    def repool(self) -> None:
        """Give every lot the average unit basis (average-cost method), keeping the total."""
        left_basis = sum((lot.basis for lot in self.lots), ZERO)
        left_wash = sum((lot.wash for lot in self.lots), ZERO)
        left_qty = self.quantity
        for lot in self.lots:
            lot.basis = share_of(left_basis, lot.quantity, left_qty)
            lot.wash = share_of(left_wash, lot.quantity, left_qty)
            left_basis -= lot.basis
            left_wash -= lot.wash
            left_qty -= lot.quantity

    def take(self, tx: InvestmentTransaction, method: Method) -> list[OpenLot]:
        """Remove ``tx.quantity`` units by ``method`` (or ``tx.lot_id``) and return the parts."""
        need = tx.quantity
        lots = self.lots
        order: list[OpenLot] | None = None
        if tx.lot_id is not None:
            order = [lot for lot in lots if tx.lot_id in (lot.origin, lot.lot_id)]
            if not order:
                raise UnknownLotError(
                    f"{tx.id}: no open lot {tx.lot_id!r} in {tx.account_id}/{tx.symbol}"
                )
            held = sum((lot.quantity for lot in order), ZERO)
            if held < need:
                raise InsufficientQuantityError(
                    f"{tx.id}: {tx.action} of {need} {tx.symbol} but lot {tx.lot_id!r} holds {held}"
                )
        else:
            if method is Method.SPECIFIC:
                raise UnknownLotError(f"{tx.id}: specific-lot matching needs the sale's lot_id")
            if self.quantity < need:
                raise InsufficientQuantityError(
                    f"{tx.id}: {tx.action} of {need} {tx.symbol} in {tx.account_id} "
                    f"but {self.quantity} held"
                )
            if method is Method.HIFO:
                order = sorted(lots, key=lambda lot: (-(lot.basis / lot.quantity), lot.seq))
            elif method is Method.AVERAGE:
                self.repool()
        parts: list[OpenLot] = []
        if order is None:  # FIFO, LIFO or average without a named lot: take from one end
            oldest = method is not Method.LIFO
            while need:
                lot = lots[0] if oldest else lots[-1]
                if lot.quantity <= need:
                    parts.append(lots.popleft() if oldest else lots.pop())
                    need -= lot.quantity
                else:
                    parts.append(lot.take(need))
                    need = ZERO
        else:
            emptied: set[int] = set()
            for lot in order:
                if not need:
                    break
                if lot.quantity <= need:
                    parts.append(lot)
                    emptied.add(id(lot))
                    need -= lot.quantity
                else:
                    parts.append(lot.take(need))
                    need = ZERO
            if emptied:
                self.lots = deque(lot for lot in lots if id(lot) not in emptied)
        self.quantity -= tx.quantity
        return parts
