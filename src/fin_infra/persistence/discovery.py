"""Model discovery: import every module of the application's model packages.

SQLAlchemy only knows a table once its class has been imported. ``discover_and_import_models``
walks the named packages and imports every module, so every ``ModelBase`` subclass is registered
before autogenerate compares the schema or an API is mounted.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable

from fin_infra.errors import ValidationError

__all__ = ["discover_and_import_models", "parse_packages"]


def parse_packages(spec: str | Iterable[str]) -> list[str]:
    """Split ``"app.models, other.models"`` (or a list) into clean, de-duplicated package names."""
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    names: list[str] = []
    for item in items:
        name = item.strip()
        if name and name not in names:
            names.append(name)
    return names


def discover_and_import_models(packages: str | Iterable[str]) -> list[str]:
    """Import ``packages`` and all their submodules; return the imported module names, in order.

    A name that cannot be imported raises ``ValidationError`` naming it (an import error inside
    one of the application's modules is re-raised unchanged, so its traceback stays useful).
    """
    imported: list[str] = []
    for name in parse_packages(packages):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name is not None and name.startswith(error.name):
                raise ValidationError(f"cannot import model package {name!r}: {error}") from None
            raise
        imported.append(module.__name__)
        path = getattr(module, "__path__", None)
        if path is None:
            continue
        for info in sorted(pkgutil.walk_packages(path, prefix=f"{name}."), key=lambda i: i.name):
            importlib.import_module(info.name)
            imported.append(info.name)
    return imported
