"""The lot ledger: replay investment transactions into open lots, realized gains and income.

:func:`build_ledger` sorts transactions by date (keeping the given order within a day), then
applies each one. Sales consume lots by a :class:`~fin_infra.investments.matching.Method`; given a
:class:`ReplacementRule` (such as :class:`fin_infra.tax.WashSaleRule`), a loss whose units are
replaced within the rule's window is disallowed and carried into the replacement lot's basis and
holding period.

Exactness: quantities and amounts are never rounded. Only when a basis, proceeds or disallowed loss
is split between parts of a lot is a part computed to 1e-12 of the currency unit; the last part
takes the exact remainder, so the parts always add back to the whole and the result reconciles
(:meth:`Ledger.reconcile`) to the cent and beyond.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Final, Protocol

from fin_infra.errors import CurrencyMismatchError
from fin_infra.investments.errors import (
    InsufficientQuantityError,
    LedgerError,
    UnknownLotError,
)
from fin_infra.investments.matching import Method
from fin_infra.investments.rows import (
    Income,
    IncomeKind,
    Lot,
    RealizedGain,
    Term,
    WashSale,
    holding_term,
)
from fin_infra.investments.transactions import Action, InvestmentTransaction

if TYPE_CHECKING:
    from fin_infra.models import Holding

__all__ = ["Ledger", "Reconciliation", "ReplacementRule", "build_ledger"]

_ZERO: Final = Decimal(0)
_ALLOC: Final = Decimal("1e-12")


class ReplacementRule(Protocol):
    """When a loss sale is replaced: within ``window_days`` by a buy in the same ``group``."""

    @property
    def window_days(self) -> int:
        """Days before and after the sale in which a purchase replaces the sold units."""
        ...

    def group(self, symbol: str) -> str:
        """The key shared by substantially identical symbols."""
        ...


def _part(total: Decimal, qty: Decimal, whole: Decimal) -> Decimal:
    """``total * qty / whole`` to 1e-12; exactly ``total`` when ``qty`` is the whole."""
    if qty == whole:
        return total
    exact = total * qty / whole
    rounded = exact.quantize(_ALLOC)
    return exact if rounded == exact else rounded


class _Lot:
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
        wash: Decimal = _ZERO,
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

    def take(self, qty: Decimal, lot_id: str | None = None) -> _Lot:
        """Detach ``qty`` units (with their share of basis) as a new lot; keep the rest here."""
        basis = _part(self.basis, qty, self.quantity)
        wash = _part(self.wash, qty, self.quantity) if self.wash else _ZERO
        piece = _Lot(
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


class _Position:
    """The open lots of one account and symbol, oldest acquisition first."""

    __slots__ = ("currency", "lots", "quantity")

    def __init__(self, currency: str) -> None:
        self.currency = currency
        self.lots: deque[_Lot] = deque()
        self.quantity = _ZERO

    def add(self, lot: _Lot) -> None:
        lots = self.lots
        if not lots or (lots[-1].acquired, lots[-1].seq) <= (lot.acquired, lot.seq):
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
        left_basis = sum((lot.basis for lot in self.lots), _ZERO)
        left_wash = sum((lot.wash for lot in self.lots), _ZERO)
        left_qty = self.quantity
        for lot in self.lots:
            lot.basis = _part(left_basis, lot.quantity, left_qty)
            lot.wash = _part(left_wash, lot.quantity, left_qty)
            left_basis -= lot.basis
            left_wash -= lot.wash
            left_qty -= lot.quantity

    def take(self, tx: InvestmentTransaction, method: Method) -> list[_Lot]:
        """Remove ``tx.quantity`` units by ``method`` (or ``tx.lot_id``) and return the parts."""
        need = tx.quantity
        lots = self.lots
        order: list[_Lot] | None = None
        if tx.lot_id is not None:
            order = [lot for lot in lots if tx.lot_id in (lot.origin, lot.lot_id)]
            if not order:
                raise UnknownLotError(
                    f"{tx.id}: no open lot {tx.lot_id!r} in {tx.account_id}/{tx.symbol}"
                )
            held = sum((lot.quantity for lot in order), _ZERO)
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
        parts: list[_Lot] = []
        if order is None:  # FIFO, LIFO or average without a named lot: take from one end
            oldest = method is not Method.LIFO
            while need:
                lot = lots[0] if oldest else lots[-1]
                if lot.quantity <= need:
                    parts.append(lots.popleft() if oldest else lots.pop())
                    need -= lot.quantity
                else:
                    parts.append(lot.take(need))
                    need = _ZERO
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
                    need = _ZERO
            if emptied:
                self.lots = deque(lot for lot in lots if id(lot) not in emptied)
        self.quantity -= tx.quantity
        return parts


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
            wash_adjustments=sum((w.disallowed for w in self.wash_sales), _ZERO),
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


@dataclass(slots=True)
class _Pending:
    """A disallowed loss waiting for its replacement purchase to happen."""

    lot_id: str
    quantity: Decimal
    disallowed: Decimal
    holding_start: dt.date


class _Engine:
    def __init__(self, method: Method, rule: ReplacementRule | None) -> None:
        self.method = method
        self.rule = rule
        self.positions: dict[tuple[str, str], _Position] = {}
        self.realized: list[RealizedGain] = []
        self.income: list[Income] = []
        self.wash: list[WashSale] = []
        self.moved_out: list[Lot] = []
        self.basis_in = _ZERO
        self.seq = 0
        self.ids: set[str] = set()
        # Wash-sale bookkeeping (only with a rule).
        self.group_keys: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.buys: dict[str, list[InvestmentTransaction]] = defaultdict(list)
        self.buy_order: dict[str, list[int]] = defaultdict(list)
        self.capacity: dict[str, Decimal] = {}
        self.pending: dict[str, list[_Pending]] = defaultdict(list)
        self.pieces: dict[str, int] = defaultdict(int)

    def position(self, tx: InvestmentTransaction, create: bool) -> _Position:
        key = (tx.account_id, tx.symbol)
        pos = self.positions.get(key)
        if pos is None:
            if not create:
                raise InsufficientQuantityError(
                    f"{tx.id}: {tx.action} of {tx.symbol} but none held in {tx.account_id}"
                )
            pos = self.positions[key] = _Position(tx.currency)
            if self.rule is not None:
                self.group_keys[self.rule.group(tx.symbol)].add(key)
        elif pos.currency != tx.currency:
            raise CurrencyMismatchError(
                f"{tx.id}: {tx.symbol} in {tx.account_id} is held in {pos.currency}, "
                f"not {tx.currency}"
            )
        return pos

    def run(self, txs: Sequence[InvestmentTransaction]) -> Ledger:
        if self.rule is not None:
            for index, tx in enumerate(txs):
                if tx.action in (Action.BUY, Action.REINVEST):
                    group = self.rule.group(tx.symbol)
                    self.buys[group].append(tx)
                    self.buy_order[group].append(index)
        handlers = {
            Action.BUY: self.buy,
            Action.REINVEST: self.buy,
            Action.SELL: self.sell,
            Action.SPLIT: self.split,
            Action.TRANSFER_IN: self.transfer_in,
            Action.TRANSFER_OUT: self.transfer_out,
            Action.DIVIDEND: self.cash,
            Action.FEE: self.cash,
        }
        for index, tx in enumerate(txs):
            if tx.id in self.ids:
                raise LedgerError(f"duplicate transaction id {tx.id!r}")
            self.ids.add(tx.id)
            handlers[tx.action](index, tx)
        lots = tuple(
            lot.freeze()
            for key in sorted(self.positions)
            for lot in self.positions[key].lots
            if lot.quantity
        )
        return Ledger(
            method=self.method,
            lots=lots,
            realized=tuple(self.realized),
            income=tuple(self.income),
            wash_sales=tuple(self.wash),
            transferred_out=tuple(self.moved_out),
            basis_in=self.basis_in,
        )

    def new_lot(
        self,
        tx: InvestmentTransaction,
        basis: Decimal,
        acquired: dt.date,
        lot_id: str | None = None,
    ) -> _Lot:
        self.seq += 1
        return _Lot(
            lot_id or tx.id,
            tx.id,
            tx.account_id,
            tx.symbol,
            tx.quantity,
            basis,
            acquired,
            acquired,
            tx.currency,
            self.seq,
        )

    def buy(self, index: int, tx: InvestmentTransaction) -> None:
        pos = self.position(tx, create=True)
        gross = tx.quantity * tx.price
        basis = gross + tx.fees
        self.basis_in += basis
        if tx.action is Action.REINVEST:
            self.income.append(
                Income(
                    tx.id,
                    tx.account_id,
                    tx.symbol,
                    tx.date,
                    IncomeKind.DIVIDEND,
                    gross,
                    tx.currency,
                )
            )
        lot = self.new_lot(tx, basis, tx.date)
        for pending in self.pending.pop(tx.id, ()):
            piece = lot.take(pending.quantity, pending.lot_id)
            piece.basis += pending.disallowed
            piece.wash += pending.disallowed
            piece.holding_start = pending.holding_start
            piece.replacement = True
            pos.add(piece)
        if lot.quantity:
            pos.add(lot)

    def sell(self, index: int, tx: InvestmentTransaction) -> None:
        pos = self.position(tx, create=False)
        parts = pos.take(tx, self.method)
        left_proceeds = tx.quantity * tx.price - tx.fees
        left_qty = tx.quantity
        for part in parts:
            proceeds = _part(left_proceeds, part.quantity, left_qty)
            left_proceeds -= proceeds
            left_qty -= part.quantity
            disallowed = _ZERO
            if self.rule is not None and proceeds < part.basis:
                disallowed = self.wash_sale(index, tx, part, part.basis - proceeds)
            self.realized.append(
                RealizedGain(
                    sale_id=tx.id,
                    lot_id=part.lot_id,
                    account_id=part.account_id,
                    symbol=part.symbol,
                    quantity=part.quantity,
                    acquired=part.holding_start,
                    sold=tx.date,
                    proceeds=proceeds,
                    cost_basis=part.basis,
                    term=holding_term(part.holding_start, tx.date),
                    currency=part.currency,
                    wash_disallowed=disallowed,
                )
            )

    def wash_sale(
        self, index: int, tx: InvestmentTransaction, part: _Lot, loss: Decimal
    ) -> Decimal:
        """Match the sold units with replacement units, earliest acquired first; disallow."""
        assert self.rule is not None
        group = self.rule.group(tx.symbol)
        window = dt.timedelta(days=self.rule.window_days)
        held_days = tx.date - part.holding_start
        left_qty, left_loss = part.quantity, loss

        def disallow(units: Decimal) -> Decimal:
            nonlocal left_qty, left_loss
            amount = _part(left_loss, units, left_qty)
            left_qty -= units
            left_loss -= amount
            return amount

        # Units bought in the window before the sale and still held (not from the sold lot).
        start = tx.date - window
        earlier: list[tuple[_Lot, _Position]] = []
        for key in self.group_keys[group]:
            pos = self.positions[key]
            for lot in reversed(pos.lots):  # acquisition order: recent lots are at the end
                if lot.acquired < start:
                    break
                if not lot.replacement and lot.origin != part.origin:
                    earlier.append((lot, pos))
        earlier.sort(key=lambda item: (item[0].acquired, item[0].seq))
        for lot, pos in earlier:
            if not left_qty:
                break
            units = min(lot.quantity, left_qty)
            amount = disallow(units)
            self.pieces[lot.origin] += 1
            target = lot
            if units < lot.quantity:
                target = lot.take(units, f"{lot.origin}/w{self.pieces[lot.origin]}")
                pos.lots.insert(pos.lots.index(lot), target)
            else:
                target.lot_id = f"{lot.origin}/w{self.pieces[lot.origin]}"
            target.basis += amount
            target.wash += amount
            target.holding_start = target.acquired - held_days
            target.replacement = True
            self.wash_row(
                tx, part, target.lot_id, target.account_id, units, amount, target.holding_start
            )
        # Units bought after the sale, within the window.
        end = tx.date + window
        buys = self.buys[group]
        for later in range(bisect_right(self.buy_order[group], index), len(buys)):
            buy = buys[later]
            if not left_qty or buy.date > end:
                break
            capacity = self.capacity.get(buy.id, buy.quantity)
            if not capacity:
                continue
            units = min(capacity, left_qty)
            self.capacity[buy.id] = capacity - units
            amount = disallow(units)
            self.pieces[buy.id] += 1
            lot_id = f"{buy.id}/w{self.pieces[buy.id]}"
            start_of_holding = buy.date - held_days
            self.pending[buy.id].append(_Pending(lot_id, units, amount, start_of_holding))
            self.wash_row(tx, part, lot_id, buy.account_id, units, amount, start_of_holding)
        return loss - left_loss

    def wash_row(
        self,
        tx: InvestmentTransaction,
        part: _Lot,
        lot_id: str,
        account_id: str,
        units: Decimal,
        amount: Decimal,
        holding_start: dt.date,
    ) -> None:
        self.wash.append(
            WashSale(
                sale_id=tx.id,
                sold_lot_id=part.lot_id,
                sold=tx.date,
                replacement_lot_id=lot_id,
                replacement_account_id=account_id,
                quantity=units,
                disallowed=amount,
                holding_start=holding_start,
            )
        )

    def split(self, index: int, tx: InvestmentTransaction) -> None:
        pos = self.position(tx, create=False)
        for lot in pos.lots:
            lot.quantity *= tx.ratio
        pos.quantity = sum((lot.quantity for lot in pos.lots), _ZERO)

    def transfer_in(self, index: int, tx: InvestmentTransaction) -> None:
        pos = self.position(tx, create=True)
        self.basis_in += tx.amount
        pos.add(self.new_lot(tx, tx.amount, tx.acquired or tx.date))

    def transfer_out(self, index: int, tx: InvestmentTransaction) -> None:
        pos = self.position(tx, create=False)
        parts = pos.take(tx, self.method)
        if tx.to_account is None:
            self.moved_out.extend(part.freeze() for part in parts)
            return
        dest_key = (tx.to_account, tx.symbol)
        dest = self.positions.get(dest_key)
        if dest is None:
            dest = self.positions[dest_key] = _Position(tx.currency)
            if self.rule is not None:
                self.group_keys[self.rule.group(tx.symbol)].add(dest_key)
        for part in parts:
            part.account_id = tx.to_account
            dest.add(part)

    def cash(self, index: int, tx: InvestmentTransaction) -> None:
        kind = IncomeKind.DIVIDEND if tx.action is Action.DIVIDEND else IncomeKind.FEE
        self.income.append(
            Income(tx.id, tx.account_id, tx.symbol, tx.date, kind, tx.amount, tx.currency)
        )


def build_ledger(
    transactions: Iterable[InvestmentTransaction],
    method: Method | str = Method.FIFO,
    *,
    replacement_rule: ReplacementRule | None = None,
) -> Ledger:
    """Replay ``transactions`` (any order; sorted by date, stable) into a :class:`Ledger`.

    >>> from fin_infra.investments import Action, InvestmentTransaction as T
    >>> day = dt.date(2024, 1, 2)
    >>> ledger = build_ledger([
    ...     T(id="b1", date=day, action=Action.BUY, symbol="VTI", quantity="10", price="100"),
    ...     T(id="s1", date=day.replace(month=6), action=Action.SELL, symbol="VTI",
    ...       quantity="4", price="110"),
    ... ])
    >>> ledger.position("VTI"), ledger.cost_basis(), ledger.realized_gain()
    (Decimal('6'), Decimal('600'), Decimal('40'))
    """
    txs = sorted(transactions, key=lambda tx: tx.date)
    return _Engine(Method(method), replacement_rule).run(txs)
