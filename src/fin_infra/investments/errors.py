"""Errors of the lot ledger, all :class:`~fin_infra.errors.ValidationError` subclasses."""

from __future__ import annotations

from fin_infra.errors import ValidationError

__all__ = ["InsufficientQuantityError", "LedgerError", "MissingPriceError", "UnknownLotError"]


class LedgerError(ValidationError):
    """The transactions cannot be replayed into lots (bad order, mixed currencies...)."""


class InsufficientQuantityError(LedgerError):
    """A sale or transfer asks for more units than are held (short sales are not supported)."""


class UnknownLotError(LedgerError):
    """A specific-lot sale names a lot that is not open in that account and symbol."""


class MissingPriceError(LedgerError):
    """No price was given (or could be fetched) for a symbol that needs one."""
