"""Database settings read at the application edge: ``SQL_URL`` and ``DISCOVER_PACKAGES``.

The library's lower layers never read the environment. :func:`resolve_database` is the one place
that does, and both ``fin-infra db`` and :func:`fin_infra.api.add_sql_resources` (when given no
``url`` / ``session_factory``) call it, so migrations and the API always meet the same database.

Precedence of the URL: an explicit ``url`` argument, then ``SQL_URL`` from the process
environment, then ``SQL_URL`` from the application directory's ``.env`` file, then
:data:`~fin_infra.persistence.engine.DEFAULT_URL`. The application directory is the explicit
``app_dir``, else ``$FIN_INFRA_APP_DIR``, else the nearest directory at or above the working
directory holding ``migrations/env.py``, else the working directory. A relative SQLite path is
relative to the application directory, so every command and the API agree from any folder.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fin_infra.persistence.discovery import parse_packages
from fin_infra.persistence.engine import DEFAULT_URL, normalize_url
from fin_infra.persistence.urls import mask_url

__all__ = ["DatabaseSettings", "find_app_dir", "resolve_database"]

logger = logging.getLogger("fin_infra.persistence")


@dataclass(frozen=True, slots=True)
class DatabaseSettings:
    """Where the database is, which packages hold the application's models, and why.

    ``source`` says where ``url`` came from (``"argument"``, ``"SQL_URL environment variable"``,
    ``"SQL_URL in <path>/.env"`` or ``"default"``); ``app_dir`` is the application directory
    used to find ``.env`` and to anchor a relative SQLite path (``None`` from :meth:`load`).
    """

    url: str = DEFAULT_URL
    discover_packages: list[str] = field(default_factory=list)
    source: str = field(default="default", compare=False)
    app_dir: Path | None = field(default=None, compare=False)

    @classmethod
    def load(
        cls, env_file: Path | None = None, environ: Mapping[str, str] | None = None
    ) -> DatabaseSettings:
        """Read ``SQL_URL`` / ``DISCOVER_PACKAGES`` from ``environ`` (default: the process
        environment), falling back to ``env_file`` (a ``.env`` file) when given and present.

        The URL is returned as written; :func:`resolve_database` also anchors relative SQLite
        paths and finds the ``.env`` file the way ``fin-infra db`` does.
        """
        environ = os.environ if environ is None else environ
        from_file: dict[str, str] = {}
        if env_file is not None and env_file.is_file():
            from dotenv import dotenv_values

            from_file = {k: v for k, v in dotenv_values(env_file).items() if v}
        url, source = DEFAULT_URL, "default"
        if environ.get("SQL_URL"):
            url, source = environ["SQL_URL"], "SQL_URL environment variable"
        elif from_file.get("SQL_URL"):
            url, source = from_file["SQL_URL"], f"SQL_URL in {env_file}"
        packages = environ.get("DISCOVER_PACKAGES") or from_file.get("DISCOVER_PACKAGES", "")
        return cls(url=url, discover_packages=parse_packages(packages), source=source)


def find_app_dir(explicit: Path | None = None, *, search: bool = True) -> Path:
    """The application directory: ``explicit``, ``$FIN_INFRA_APP_DIR``, the nearest directory at
    or above the working directory holding ``migrations/env.py`` (when ``search``), or the cwd."""
    if explicit is not None:
        return explicit.resolve()
    if os.environ.get("FIN_INFRA_APP_DIR"):
        return Path(os.environ["FIN_INFRA_APP_DIR"]).resolve()
    cwd = Path.cwd().resolve()
    if search:
        for folder in (cwd, *cwd.parents):
            if (folder / "migrations" / "env.py").is_file():
                return folder
    return cwd


def resolve_database(
    app_dir: Path | None = None,
    url: str | None = None,
    *,
    search: bool = True,
    environ: Mapping[str, str] | None = None,
) -> DatabaseSettings:
    """The database the application means, resolved once for the CLI and the API alike.

    ``url`` (when given) wins over ``SQL_URL`` from ``environ`` (default: the process
    environment), which wins over ``SQL_URL`` in ``<app dir>/.env``, which wins over
    ``DEFAULT_URL``. The result's URL uses fin-infra's async driver, keeps its password (use
    :func:`~fin_infra.persistence.urls.mask_url` to show it) and has a relative SQLite path
    anchored at the application directory (see :func:`find_app_dir`). Logs the source at INFO.
    """
    root = find_app_dir(app_dir, search=search)
    loaded = DatabaseSettings.load(env_file=root / ".env", environ=environ)
    source = "argument" if url else loaded.source
    parsed = normalize_url(url or loaded.url)
    database = parsed.database
    relative = database not in (None, "", ":memory:") and not Path(str(database)).is_absolute()
    if parsed.get_backend_name() == "sqlite" and relative:
        parsed = parsed.set(database=str(root / str(database)))
    resolved = parsed.render_as_string(hide_password=False)
    logger.info("database URL from %s: %s", source, mask_url(resolved))
    return DatabaseSettings(
        url=resolved, discover_packages=loaded.discover_packages, source=source, app_dir=root
    )
