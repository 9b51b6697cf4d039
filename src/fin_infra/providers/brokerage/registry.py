"""Choosing a brokerage by name: ``easy_brokerage("alpaca", key_id=..., secret_key=...)``.

Factories import their brokerage only when called. An application can register its own with
:func:`register_brokerage`. Credentials are explicit; nothing is read from the environment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fin_infra.providers._registry import Registry
from fin_infra.providers.brokerage.base import BrokerageProvider

__all__ = ["available_brokerages", "easy_brokerage", "register_brokerage"]

BrokerageFactory = Callable[..., BrokerageProvider]


def _alpaca(**options: Any) -> BrokerageProvider:
    from fin_infra.providers.brokerage.alpaca import AlpacaClient

    return AlpacaClient(**options)


_REGISTRY: Registry[BrokerageProvider] = Registry("brokerage", {"alpaca": _alpaca})


def register_brokerage(name: str, factory: BrokerageFactory) -> None:
    """Make ``easy_brokerage(name, **options)`` call ``factory(**options)``."""
    _REGISTRY.register(name, factory)


def available_brokerages() -> list[str]:
    """Names ``easy_brokerage`` accepts."""
    return _REGISTRY.names()


def easy_brokerage(provider: str = "alpaca", **options: Any) -> BrokerageProvider:
    """A ready brokerage (paper trading unless the options say ``paper=False, allow_live=True``)."""
    return _REGISTRY.build(provider, **options)
