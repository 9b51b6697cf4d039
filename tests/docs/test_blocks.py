"""The collector itself: markers, problems, and that a wrong block really fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docs.blocks import Block, collect, parse, run

PAGE = """# Page

```pycon
>>> 1 + 1
2

```

<!-- not-run: serves forever -->
```bash
serve-forever
```

<!-- xfail: known bug -->
```python
raise SystemExit(1)
```

- a list item:

  ```json
  {"nested": true}
  ```
"""


def test_parse_reads_languages_markers_and_indented_fences() -> None:
    blocks = parse(PAGE, "page.md")
    assert [(b.line, b.lang, b.marker, b.reason, b.problem) for b in blocks] == [
        (3, "pycon", None, "", None),
        (10, "bash", "not-run", "serves forever", None),
        (15, "python", "xfail", "known bug", None),
        (21, "json", None, "", None),
    ]
    assert blocks[3].code == '{"nested": true}\n'


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("```\nx\n```\n", "has no language"),
        ("```ruby\nputs 1\n```\n", "no runner for ```ruby"),
        ("<!-- not-run -->\n```bash\nx\n```\n", "needs a reason"),
        ("<!-- not-run:   -->\n```bash\nx\n```\n", "needs a reason"),
        ("<!-- xfail: why\n```bash\nx\n```\n", "one-line HTML comment"),
        ("<!-- not-run: why -->\n\n```bash\nx\n```\n", "right before a fence"),
        ("<!-- not-run: why -->\n```text\nx\n```\n", "drop its not-run marker"),
        ("```python\nx = 1\n", "never closed"),
    ],
)
def test_parse_reports_problems(text: str, problem: str) -> None:
    problems = [b.problem for b in parse(text, "page.md") if b.problem]
    assert len(problems) == 1
    assert problem in problems[0]


def test_marker_inside_a_block_is_text() -> None:
    blocks = parse("```text\n<!-- not-run: shown, not used -->\n```\n", "page.md")
    assert [b.problem for b in blocks] == [None]


@pytest.mark.parametrize(
    ("lang", "code"),
    [
        ("pycon", ">>> 1 + 1\n3\n"),
        ("python", "print('hello')\n# > goodbye\n"),
        ("python", "import warnings\nwarnings.warn('runs with -W error')\n"),
        ("python", "print(value)\n"),  # a fresh interpreter: nothing from another block
        ("bash", "false\necho unreachable\n"),
        ("bash", "echo $UNSET_VARIABLE\n"),
        ("json", "{not json}\n"),
    ],
)
def test_a_wrong_block_fails(lang: str, code: str, tmp_path: Path) -> None:
    with pytest.raises((AssertionError, ValueError)):
        run(Block("page.md", 1, lang, code), tmp_path)


def test_a_right_block_passes(tmp_path: Path) -> None:
    run(Block("page.md", 1, "python", "print('hello')\n# > hello\n"), tmp_path)


@pytest.mark.parametrize(
    ("lang", "code"),
    [
        ("python", "import os, sys\nassert os.listdir() == [] and sys.path[0] == ''\n"),
        ("pycon", ">>> import os\n>>> os.listdir()\n[]\n"),
        ("bash", 'test -z "$(ls -A)"\n'),
        ("bash", 'test "$(command -v python)" -ef "$(dirname "$(command -v fin-infra)")/python"\n'),
    ],
)
def test_blocks_start_in_an_empty_directory_with_this_environment(
    lang: str, code: str, tmp_path: Path
) -> None:
    run(Block("page.md", 1, lang, code), tmp_path)


def test_the_documentation_has_blocks_of_every_kind() -> None:
    blocks = collect()
    assert {b.lang for b in blocks} >= {"python", "pycon", "bash"}
    assert any(b.path == "README.md" for b in blocks)
    assert not [b.id for b in blocks if b.problem]
