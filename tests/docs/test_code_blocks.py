"""Every fenced code block of README.md and docs/ runs on its own (see ``tests/docs/blocks.py``).

One test per block, named ``file:line``: ``pytest tests/docs -k docs/scaffold.md`` runs a page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docs.blocks import Block, collect, run


def _params() -> list[object]:
    params: list[object] = []
    for block in collect():
        if block.problem is None and (block.marker == "not-run" or block.lang == "text"):
            continue  # not code, or not runnable here for the reason written beside it
        marks = []
        if block.problem is None and block.marker == "xfail":
            marks.append(pytest.mark.xfail(strict=True, reason=block.reason))
        params.append(pytest.param(block, id=block.id, marks=marks))
    return params


@pytest.mark.parametrize("block", _params())
def test_code_block(block: Block, tmp_path: Path) -> None:
    assert block.problem is None, f"{block.id}: {block.problem}"
    run(block, tmp_path)
