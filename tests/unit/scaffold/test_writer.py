"""``write_files``: everything or nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from fin_infra.scaffold import ScaffoldError, write_files

FILES = {"a.py": "A = 1\n", "b.py": "B = 2\n", "__init__.py": ""}


def test_writes_all_files_creating_directories(tmp_path: Path) -> None:
    dest = tmp_path / "x" / "y"
    assert write_files(FILES, dest) == [dest / name for name in FILES]
    assert {p.name: p.read_text() for p in dest.iterdir()} == FILES
    assert (dest / "a.py").stat().st_mode & 0o777 == 0o644


def test_a_failure_midway_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tempfile.mkstemp
    calls = []

    def failing_second_time(*args: Any, **kwargs: Any) -> tuple[int, str]:
        calls.append(args)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", failing_second_time)
    dest = tmp_path / "new" / "pkg"
    with pytest.raises(ScaffoldError, match=r"No space left on device.*nothing was written"):
        write_files(FILES, dest)
    assert list(tmp_path.iterdir()) == []


def test_existing_files_are_untouched_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "b.py").write_text("mine\n")

    def no_space(*args: Any, **kwargs: Any) -> tuple[int, str]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", no_space)
    with pytest.raises(ScaffoldError):
        write_files(FILES, tmp_path, overwrite=True)
    assert [p.name for p in tmp_path.iterdir()] == ["b.py"]
    assert (tmp_path / "b.py").read_text() == "mine\n"


def test_refuses_a_file_as_destination(tmp_path: Path) -> None:
    (tmp_path / "pkg").write_text("")
    with pytest.raises(ScaffoldError, match="exists and is not a directory"):
        write_files(FILES, tmp_path / "pkg")


def test_refuses_a_directory_in_the_way_even_with_overwrite(tmp_path: Path) -> None:
    (tmp_path / "b.py").mkdir()
    with pytest.raises(ScaffoldError, match=r"b\.py is a directory"):
        write_files(FILES, tmp_path, overwrite=True)
    assert [p.name for p in tmp_path.iterdir()] == ["b.py"]
