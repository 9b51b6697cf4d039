"""Replay investment transactions into open lots, realized gains and income.

:func:`build_ledger` sorts transactions by date (keeping the given order within a day), then
applies each one. Sales consume lots by a :class:`~fin_infra.investments.matching.Method`; given a
:class:`ReplacementRule` (such as :class:`fin_infra.tax.WashSaleRule`), a loss whose units are
replaced within the rule's window is disallowed and carried into the replacement lot's basis and
holding period.

Exactness: quantities and amounts are never rounded. Only when a basis, proceeds or disallowed loss
is split between parts of a lot is a part computed to 1e-12 of the currency unit; the other part
takes the exact remainder, so the result reconciles (:meth:`Ledger.reconcile`) exactly.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from fin_infra.errors import CurrencyMismatchError
from fin_infra.investments._lots import ZERO, OpenLot, Position, share_of
from fin_infra.investments.errors import InsufficientQuantityError, LedgerError
from fin_infra.investments.ledger import Ledger
from fin_infra.investments.matching import Method, ReplacementRule
from fin_infra.investments.rows import Income, IncomeKind, Lot, RealizedGain, WashSale, holding_term
from fin_infra.investments.transactions import Action, InvestmentTransaction

__all__ = ["build_ledger"]


@dataclass(slots=True)
class _Pending:
    """A disallowed loss waiting for its replacement purchase to happen."""

    lot_id: str
    quantity: Decimal
    disallowed: Decimal
    holding_start: dt.date


class _Engine:
    """One replay: positions by (account, symbol), the rows produced, wash-sale bookkeeping."""

    def __init__(self, method: Method, rule: ReplacementRule | None) -> None:
        self.method = method
        self.rule = rule
        self.positions: dict[tuple[str, str], Position] = {}
        self.realized: list[RealizedGain] = []
        self.income: list[Income] = []
        self.wash: list[WashSale] = []
        self.moved_out: list[Lot] = []
        self.basis_in = ZERO
        self.seq = 0
        self.ids: set[str] = set()
        # Wash-sale bookkeeping (only with a rule).
        self.group_keys: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.buys: dict[str, list[InvestmentTransaction]] = defaultdict(list)
        self.buy_order: dict[str, list[int]] = defaultdict(list)
        self.capacity: dict[str, Decimal] = {}
        self.pending: dict[str, list[_Pending]] = defaultdict(list)
        self.pieces: dict[str, int] = defaultdict(int)

    def position(self, tx: InvestmentTransaction, create: bool) -> Position:
        key = (tx.account_id, tx.symbol)
        pos = self.positions.get(key)
        if pos is None:
            if not create:
                raise InsufficientQuantityError(
                    f"{tx.id}: {tx.action} of {tx.symbol} but none held in {tx.account_id}"
                )
            pos = self.positions[key] = Position(tx.currency)
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

    def new_lot(self, tx: InvestmentTransaction, basis: Decimal, acquired: dt.date) -> OpenLot:
        """A lot opened by ``tx``, its id being the transaction's."""
        self.seq += 1
        return OpenLot(
            tx.id,
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
            proceeds = share_of(left_proceeds, part.quantity, left_qty)
            left_proceeds -= proceeds
            left_qty -= part.quantity
            disallowed = ZERO
            if (
                self.rule is not None
                and proceeds < part.basis
                and not self.rule.tax_deferred(part.account_id)
            ):
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
        self, index: int, tx: InvestmentTransaction, part: OpenLot, loss: Decimal
    ) -> Decimal:
        """Match the sold units with replacement units, earliest acquired first; disallow."""
        assert self.rule is not None
        group = self.rule.group(tx.symbol)
        window = dt.timedelta(days=self.rule.window_days)
        held_days = tx.date - part.holding_start
        left_qty, left_loss = part.quantity, loss

        def disallow(units: Decimal) -> Decimal:
            nonlocal left_qty, left_loss
            amount = share_of(left_loss, units, left_qty)
            left_qty -= units
            left_loss -= amount
            return amount

        # Units bought in the window before the sale and still held (not from the sold lot).
        start = tx.date - window
        earlier: list[tuple[OpenLot, Position]] = []
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
            target.replacement = True
            deferred = self.rule.tax_deferred(target.account_id)
            if not deferred:
                target.basis += amount
                target.wash += amount
                target.holding_start = target.acquired - held_days
            replacement = (target.lot_id, target.account_id, target.holding_start)
            self.wash_row(tx, part, replacement, units, amount, not deferred)
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
            deferred = self.rule.tax_deferred(buy.account_id)
            if deferred:
                pending = _Pending(lot_id, units, ZERO, buy.date)
            else:
                pending = _Pending(lot_id, units, amount, buy.date - held_days)
            self.pending[buy.id].append(pending)
            replacement = (lot_id, buy.account_id, pending.holding_start)
            self.wash_row(tx, part, replacement, units, amount, not deferred)
        return loss - left_loss

    def wash_row(
        self,
        tx: InvestmentTransaction,
        part: OpenLot,
        replacement: tuple[str, str, dt.date],
        units: Decimal,
        amount: Decimal,
        basis_added: bool,
    ) -> None:
        """Record that ``units`` of ``replacement`` (lot id, account, holding start) replaced
        units of the sold ``part``, disallowing ``amount``."""
        lot_id, account_id, holding_start = replacement
        self.wash.append(
            WashSale(
                sale_id=tx.id,
                sold_lot_id=part.lot_id,
                sold=tx.date,
                replacement_lot_id=lot_id,
                replacement_account_id=account_id,
                quantity=units,
                disallowed=amount,
                basis_added=basis_added,
                holding_start=holding_start,
            )
        )

    def split(self, index: int, tx: InvestmentTransaction) -> None:
        pos = self.position(tx, create=False)
        for lot in pos.lots:
            lot.quantity *= tx.ratio
        pos.quantity = sum((lot.quantity for lot in pos.lots), ZERO)

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
            dest = self.positions[dest_key] = Position(tx.currency)
            if self.rule is not None:
                self.group_keys[self.rule.group(tx.symbol)].add(dest_key)
        staying = {lot.lot_id for lot in pos.lots}
        for part in parts:
            if part.lot_id in staying:  # part of a lot moved: the moved units get their own id
                self.pieces[part.origin] += 1
                part.lot_id = f"{part.origin}/t{self.pieces[part.origin]}"
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
