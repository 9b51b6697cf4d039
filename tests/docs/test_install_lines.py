"""The documented install lines install this project: from the checkout or a built wheel.

The name ``fin-infra`` on the public registry belongs to another project, so a ``pip install``
of a bare name would install someone else's code; and every extra named must exist.
"""

from __future__ import annotations

import re
import shlex
import tomllib

from tests.docs.blocks import ROOT, collect

EXTRAS = re.compile(r"\[(?P<names>[\w,\s-]+)\]$")


def install_targets() -> list[tuple[str, str]]:
    targets = []
    for block in collect():
        if block.lang != "bash":
            continue
        for line in block.code.splitlines():
            if not line.startswith("pip install"):
                continue
            words = shlex.split(line, comments=True)
            targets += [(block.id, w) for w in words[2:] if not w.startswith("-")]
    return targets


def test_install_lines_name_paths_not_registry_names() -> None:
    targets = install_targets()
    assert any(t == ".[all]" for _, t in targets)
    bare = [(where, t) for where, t in targets if not t.startswith((".", "/", "$("))]
    assert not bare, "pip install of a registry name (fin-infra on PyPI is another project)"


def test_install_lines_name_existing_extras() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = set(project["project"]["optional-dependencies"])
    unknown = []
    for where, target in install_targets():
        match = EXTRAS.search(target)
        if match and target.split("[", 1)[0] in (".", ""):
            unknown += [(where, n) for n in match["names"].split(",") if n.strip() not in extras]
    assert not unknown


def test_readme_says_why_not_the_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.index("```")
    assert readme[first_block:].startswith("```bash\n./scripts/demo")
    assert 'pip install ".[all]"' in readme
    assert "different, unrelated project" in readme
