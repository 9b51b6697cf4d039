"""The one exception tree of fin-infra.

Every error the library raises on purpose derives from :class:`FinInfraError`, so an application
can catch the whole family at its edge::

    FinInfraError
    ├── ValidationError (also ValueError)       bad input to a library call
    │   └── CurrencyMismatchError                Money of two currencies combined
    ├── CalculationError (also ValueError)       a calculation has no valid answer
    │   ├── NoSolutionError                      no real solution (e.g. IRR of one-signed flows)
    │   └── ConvergenceError                     a solver ran out of iterations
    ├── ProviderError                            a remote provider failed (banking, brokerage, data)
    └── PersistenceError                         the database refused or lost an operation
        ├── NotFoundError
        └── ConflictError

Provider and persistence subclasses live next to the code that raises them and hang off the two
branches above.
"""

from __future__ import annotations

__all__ = [
    "CalculationError",
    "ConflictError",
    "ConvergenceError",
    "CurrencyMismatchError",
    "FinInfraError",
    "NoSolutionError",
    "NotFoundError",
    "PersistenceError",
    "ProviderError",
    "ValidationError",
]


class FinInfraError(Exception):
    """Root of every error fin-infra raises on purpose."""


class ValidationError(FinInfraError, ValueError):
    """An argument was of the wrong kind or out of range (e.g. a float where money is expected)."""


class CurrencyMismatchError(ValidationError):
    """Two amounts in different currencies were combined without an explicit conversion."""


class CalculationError(FinInfraError, ValueError):
    """A financial calculation cannot produce a valid answer for its input."""


class NoSolutionError(CalculationError):
    """The equation has no real solution in the allowed domain (e.g. no sign change in flows)."""


class ConvergenceError(CalculationError):
    """An iterative solver stopped before reaching the required tolerance."""


class ProviderError(FinInfraError):
    """A remote provider (bank aggregator, brokerage, market data vendor) failed a request.

    The providers package defines the detailed subclasses and attributes; this base exists here so
    code that only wants to catch "a provider failed" need not import the HTTP stack.
    """


class PersistenceError(FinInfraError):
    """The database refused an operation or the requested row does not exist."""


class NotFoundError(PersistenceError):
    """The requested row does not exist (or is not visible to the caller's tenant)."""


class ConflictError(PersistenceError):
    """The write conflicts with existing data (e.g. a unique constraint)."""
