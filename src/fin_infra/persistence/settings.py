"""Database settings read at the application edge: ``SQL_URL`` and ``DISCOVER_PACKAGES``.

The library itself never reads the environment; the CLI (or an application) calls
``DatabaseSettings.load()`` once, which reads the process environment first and an optional
``.env`` file second.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fin_infra.persistence.discovery import parse_packages
from fin_infra.persistence.engine import DEFAULT_URL

__all__ = ["DatabaseSettings"]


@dataclass(frozen=True, slots=True)
class DatabaseSettings:
    """Where the database is and which packages hold the application's models."""

    url: str = DEFAULT_URL
    discover_packages: list[str] = field(default_factory=list)

    @classmethod
    def load(
        cls, env_file: Path | None = None, environ: Mapping[str, str] | None = None
    ) -> DatabaseSettings:
        """Read ``SQL_URL`` / ``DISCOVER_PACKAGES`` from ``environ`` (default: the process
        environment), falling back to ``env_file`` (a ``.env`` file) when given and present."""
        values: dict[str, str] = {}
        if env_file is not None and env_file.is_file():
            from dotenv import dotenv_values

            values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        values.update(os.environ if environ is None else environ)
        return cls(
            url=values.get("SQL_URL") or DEFAULT_URL,
            discover_packages=parse_packages(values.get("DISCOVER_PACKAGES", "")),
        )
