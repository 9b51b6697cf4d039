"""Which packages of an application hold its models, when ``DISCOVER_PACKAGES`` does not say.

The guide runs ``fin-infra db revision --autogenerate`` right after ``fin-infra scaffold``, with no
settings: the CLI then looks in the application directory for Python files that define a class
deriving from ``ModelBase`` and uses their packages. Files are read, not imported; virtual
environments, hidden folders, tests and ``migrations/`` are skipped.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["guess_model_packages"]

_SKIP = {"migrations", "node_modules", "build", "dist", "site-packages", "tests", "test"}
_MODEL_CLASS = re.compile(r"^class\s+\w+\s*\(([^)]*)\)\s*:", re.MULTILINE)
_MAX_DEPTH = 5
_MAX_BYTES = 512_000


def _defines_model(path: Path) -> bool:
    try:
        if path.stat().st_size > _MAX_BYTES:
            return False
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(re.search(r"\bModelBase\b", bases) for bases in _MODEL_CLASS.findall(text))


def _skipped(folder: Path, name: str) -> bool:
    return (
        name.startswith((".", "_"))
        or name in _SKIP
        or (folder / name / "pyvenv.cfg").is_file()
        or not name.isidentifier()
    )


def guess_model_packages(app_dir: Path) -> list[str]:
    """Dotted names of the packages (or top-level modules) under ``app_dir`` defining models.

    A package found inside another found package is covered by it and left out.
    """
    found: set[str] = set()
    root = app_dir.resolve()
    for current, folders, files in os.walk(root):
        here = Path(current)
        depth = len(here.relative_to(root).parts)
        folders[:] = (
            [] if depth >= _MAX_DEPTH else sorted(f for f in folders if not _skipped(here, f))
        )
        for name in sorted(files):
            if not name.endswith(".py") or not _defines_model(here / name):
                continue
            parts = here.relative_to(root).parts
            found.add(".".join(parts) if parts else name.removesuffix(".py"))
    return sorted(p for p in found if not any(p.startswith(f"{q}.") for q in found))
