"""A name -> factory table, for the ``easy_*`` helpers that build a provider by name.

Factories import their provider only when called, so naming one never loads the others.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from fin_infra.errors import ValidationError

__all__ = ["Registry"]

T = TypeVar("T")


class Registry(Generic[T]):
    """Factories of one kind of provider, by name.

    >>> r = Registry("greeting", {"hello": lambda **o: "hello " + o["to"]})
    >>> r.build("hello", to="you"), r.names()
    ('hello you', ['hello'])
    """

    def __init__(self, kind: str, factories: Mapping[str, Callable[..., T]]) -> None:
        self.kind = kind
        self._factories = dict(factories)

    def register(self, name: str, factory: Callable[..., T]) -> None:
        """Make ``build(name, **options)`` call ``factory(**options)``."""
        if not name or not name.isidentifier():
            raise ValidationError(f"{self.kind} name must be an identifier, not {name!r}")
        self._factories[name] = factory

    def names(self) -> list[str]:
        """The registered names, sorted."""
        return sorted(self._factories)

    def build(self, name: str, **options: Any) -> T:
        """The provider ``name`` made with ``options``, or ValidationError naming the choices."""
        factory = self._factories.get(name)
        if factory is None:
            raise ValidationError(f"unknown {self.kind} {name!r}; choose from {self.names()}")
        return factory(**options)
