"""The docs site builds with ``mkdocs build --strict``, so a broken link or anchor fails the suite.

Also: every relative link of README.md (not part of the site) points at a file that exists.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.docs.blocks import ROOT, environment

LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=environment(),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_site_builds_strict(tmp_path: Path) -> None:
    result = build(ROOT, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    pages = {
        p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*.html")
    }
    for page in (ROOT / "docs").glob("*.md"):
        expected = "index.html" if page.stem == "index" else f"{page.stem}/index.html"
        assert expected in pages


def test_every_page_is_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    missing = [p.name for p in (ROOT / "docs").glob("*.md") if f" {p.name}" not in nav]
    assert not missing


@pytest.mark.parametrize(
    ("page", "broken"),
    [
        ("installation.md", "[gone](no-such-page.md)"),
        ("installation.md", "[gone](calc.md#no-such-heading)"),
        ("installation.md", "[gone](#no-such-heading)"),
    ],
)
def test_a_broken_link_fails_the_build(page: str, broken: str, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    with (project / "docs" / page).open("a", encoding="utf-8") as file:
        file.write(f"\nSee {broken}.\n")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "Aborted with" in result.stdout + result.stderr


def test_readme_links_resolve() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = [m["target"] for m in LINK.finditer(readme)]
    assert any(t.startswith("docs/") for t in targets)
    local = [t.split("#", 1)[0] for t in targets if "://" not in t and not t.startswith("#")]
    missing = [t for t in local if t and not (ROOT / t).exists()]
    assert not missing
