"""Choosing a banking provider by name: ``easy_banking("plaid", ...)`` or ``("sandbox")``.

Factories import their provider only when called, so naming one never loads the others. An
application can register its own aggregator with :func:`register_banking_provider`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fin_infra.errors import ValidationError
from fin_infra.providers.banking.base import BankingProvider

__all__ = ["available_banking_providers", "easy_banking", "register_banking_provider"]

BankingFactory = Callable[..., BankingProvider]


def _plaid(**options: Any) -> BankingProvider:
    from fin_infra.providers.banking.plaid import PlaidClient

    return PlaidClient(**options)


def _sandbox(**options: Any) -> BankingProvider:
    from fin_infra.providers.banking.sandbox import SandboxBanking

    return SandboxBanking(**options)


_FACTORIES: dict[str, BankingFactory] = {"plaid": _plaid, "sandbox": _sandbox}


def register_banking_provider(name: str, factory: BankingFactory) -> None:
    """Make ``easy_banking(name, **options)`` call ``factory(**options)``."""
    if not name or not name.isidentifier():
        raise ValidationError(f"provider name must be an identifier, not {name!r}")
    _FACTORIES[name] = factory


def available_banking_providers() -> list[str]:
    """Names ``easy_banking`` accepts."""
    return sorted(_FACTORIES)


def easy_banking(provider: str = "sandbox", **options: Any) -> BankingProvider:
    """A ready banking provider: ``easy_banking("plaid", client_id=..., secret=...)``.

    Options go to the provider's constructor (for Plaid: ``client_id``, ``secret``,
    ``environment``, ``transport``...). Credentials are explicit; nothing is read from the
    environment.
    """
    factory = _FACTORIES.get(provider)
    if factory is None:
        raise ValidationError(
            f"unknown banking provider {provider!r}; choose from {available_banking_providers()}"
        )
    return factory(**options)
