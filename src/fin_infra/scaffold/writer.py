"""``write_files``: put rendered files in a directory, all of them or none.

Every file is checked before anything is written: an existing file is refused unless
``overwrite=True``. Contents go to temporary files first and are moved into place only when all
of them were written, so an error never leaves a half-written package behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from fin_infra.scaffold.templating import ScaffoldError

__all__ = ["write_files"]


def _check(files: Mapping[str, str], dest_dir: Path, *, overwrite: bool) -> list[Path]:
    if dest_dir.exists() and not dest_dir.is_dir():
        raise ScaffoldError(f"{dest_dir} exists and is not a directory (nothing was written)")
    targets = [dest_dir / name for name in files]
    for target in targets:
        if target.is_dir():
            raise ScaffoldError(f"{target} is a directory (nothing was written)")
        if target.exists() and not overwrite:
            raise ScaffoldError(
                f"{target} already exists (nothing was written; use --overwrite to replace it)"
            )
    return targets


def _missing_parents(path: Path) -> list[Path]:
    """``path`` and its ancestors that do not exist yet, deepest first."""
    missing: list[Path] = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    return missing


def write_files(files: Mapping[str, str], dest_dir: Path, *, overwrite: bool = False) -> list[Path]:
    """Write ``files`` (``{name: text}``) into ``dest_dir``; return the written paths.

    Raises ``ScaffoldError`` naming the first file in the way (or the I/O failure); in that case
    nothing was written and no directory was left behind.
    """
    targets = _check(files, dest_dir, overwrite=overwrite)
    created = _missing_parents(dest_dir)
    staged: list[tuple[Path, Path]] = []
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
        for target, text in zip(targets, files.values(), strict=True):
            handle, name = tempfile.mkstemp(dir=dest_dir, prefix=f".{target.name}.")
            staged.append((Path(name), target))
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            os.chmod(name, 0o644)
        for temporary, target in staged:
            os.replace(temporary, target)
    except OSError as error:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        for directory in created:
            if directory.is_dir() and not any(directory.iterdir()):
                directory.rmdir()
        message = f"could not write to {dest_dir}: {error} (nothing was written)"
        raise ScaffoldError(message) from None
    return targets
