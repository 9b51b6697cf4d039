"""Fenced code blocks of the Markdown documentation, and how each one is run on its own.

A block is run according to its language: ``python`` as a script, ``pycon`` as a doctest, ``bash``
as a shell script (each in a fresh interpreter or shell, in an empty temporary directory),
``json``/``toml`` must parse, ``text`` is an output sample and is not run. A block that cannot
run in a test says so, with a reason, on the line right before its fence::

    <!-- not-run: serves until stopped; covered by tests/examples/test_personal_finance_e2e.py -->
    <!-- xfail: fails until <the known bug> is fixed -->

Anything else (a block without a language, an unknown language, a marker without a reason, a
marker that is not right before a fence) is a problem, and its test fails.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNNABLE = {"python", "pycon", "bash", "json", "toml"}
ALIASES = {"py": "python", "sh": "bash", "shell": "bash"}
NOT_CODE = {"text"}
TIMEOUT = 180
PORT = "8765"  # the port the docs' server examples use; replaced with a free one when run

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\s]*)[^`]*$")
MARKER = re.compile(r"^\s*<!--\s*(?P<kind>not-run|xfail)\b(?P<rest>.*?)(?P<end>-->)?\s*$")
OUTPUT = re.compile(r"^\s*# > ?(?P<line>.*)$")  # expected output; ruff format keeps "# > "
ENV_DROP = ("SQL_URL", "DISCOVER_PACKAGES", "APP_DIR")


@dataclass(frozen=True)
class Block:
    """One fenced block: where it is, its language and code, and how it is marked."""

    path: str  # relative to the repository root
    line: int  # 1-based line of the opening fence
    lang: str
    code: str
    marker: str | None = None  # "not-run" or "xfail"
    reason: str = ""
    problem: str | None = None

    @property
    def id(self) -> str:
        return f"{self.path}:{self.line}"


def documents(root: Path = ROOT) -> list[Path]:
    """README.md and every Markdown page under docs/."""
    return [root / "README.md", *sorted((root / "docs").rglob("*.md"))]


def parse(text: str, path: str) -> list[Block]:
    """The fenced blocks of one Markdown text, each with its marker or its problem."""
    lines = text.splitlines()
    blocks: list[Block] = []
    claimed: set[int] = set()  # marker lines that sit right before a fence
    inside: set[int] = set()  # lines of code blocks, fences included
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        lang = opening["info"].lower()
        lang = ALIASES.get(lang, lang)
        body: list[str] = []
        j = i + 1
        while j < len(lines):
            stripped = lines[j].strip()
            if stripped.startswith(fence[0] * len(fence)) and set(stripped) == {fence[0]}:
                break
            line = lines[j]
            body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
            j += 1
        marker, reason, problem = None, "", None
        before = MARKER.match(lines[i - 1]) if i > 0 else None
        if before:
            claimed.add(i - 1)
            marker = before["kind"]
            rest = before["rest"].strip()
            reason = rest[1:].strip() if rest.startswith(":") else ""
            if not before["end"]:
                problem = f"the {marker} marker must be a one-line HTML comment ending in -->"
            elif not reason:
                problem = f"the {marker} marker needs a reason: <!-- {marker}: why -->"
        if j >= len(lines):
            problem = "the code block is never closed"
        elif not lang:
            problem = "the code block has no language: use ```text for output samples"
        elif lang not in RUNNABLE | NOT_CODE and marker != "not-run":
            problem = (
                f"no runner for ```{lang}: use a runnable language "
                f"({', '.join(sorted(RUNNABLE))}), ```text, or mark it <!-- not-run: why -->"
            )
        elif lang in NOT_CODE and marker:
            problem = f"a ```{lang} block is never run: drop its {marker} marker"
        code = "\n".join(body) + "\n"
        blocks.append(Block(path, i + 1, lang, code, marker, reason, problem))
        inside.update(range(i, j + 1))
        i = j + 1
    for number, line in enumerate(lines):
        if MARKER.match(line) and number not in claimed | inside:
            blocks.append(
                Block(
                    path,
                    number + 1,
                    "",
                    "",
                    problem="a not-run/xfail marker must be on the line right before a fence",
                )
            )
    return blocks


def collect(root: Path = ROOT) -> list[Block]:
    """Every block of the documentation, in page order."""
    found: list[Block] = []
    for document in documents(root):
        relative = document.relative_to(root).as_posix()
        found.extend(parse(document.read_text(encoding="utf-8"), relative))
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def environment() -> dict[str, str]:
    """A clean environment: this interpreter's bin/ first on PATH, no settings leaking in."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ENV_DROP and not key.startswith("FIN_INFRA_")
    }
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join([bindir, env.get("PATH", "")])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONWARNINGS"] = "error"  # every Python the blocks start, as with -W error
    return env


DOCTEST_RUNNER = """
import doctest, sys
from pathlib import Path
text = Path(sys.argv[1]).read_text(encoding="utf-8")
test = doctest.DocTestParser().get_doctest(text, {"__name__": "__main__"}, sys.argv[2], None, 0)
flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
runner = doctest.DocTestRunner(optionflags=flags)
runner.run(test)
if not test.examples:
    sys.exit("no >>> examples in a pycon block")
sys.exit(1 if runner.failures else 0)
"""


def run(block: Block, tmp: Path) -> None:
    """Run one block in an empty directory made in ``tmp``; raise AssertionError on failure."""
    if block.lang == "json":
        json.loads(block.code)
        return
    if block.lang == "toml":
        tomllib.loads(block.code)
        return
    workdir = tmp / "work"
    workdir.mkdir()
    script = tmp / f"block.{block.lang}"  # outside the working directory
    source = block.code.replace(PORT, str(free_port())) if block.lang == "bash" else block.code
    script.write_text(source, encoding="utf-8")
    stdin = None
    if block.lang == "python":  # read from stdin, as pasted: the working dir is on sys.path
        command = [sys.executable, "-W", "error", "-"]
        stdin = script.open(encoding="utf-8")
    elif block.lang == "pycon":
        command = [sys.executable, "-W", "error", "-c", DOCTEST_RUNNER, str(script), block.id]
    elif block.lang == "bash":
        command = ["bash", "-euo", "pipefail", str(script)]
    else:  # pragma: no cover - parse() reports every other language as a problem
        raise AssertionError(f"no runner for {block.lang}")
    process = subprocess.Popen(
        command,
        cwd=workdir,
        env=environment(),
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: background servers die with it
    )
    try:
        output, _ = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        raise AssertionError(f"{block.id} ran over {TIMEOUT} s:\n{output}") from None
    finally:
        if stdin is not None:
            stdin.close()
        with contextlib.suppress(ProcessLookupError):  # kill what the block left running
            os.killpg(process.pid, signal.SIGKILL)
    if process.returncode != 0:
        raise AssertionError(f"{block.id} exited with {process.returncode}:\n{output}")
    expected = [m["line"] for m in map(OUTPUT.match, block.code.splitlines()) if m]
    if block.lang == "python" and expected:
        printed = [line.rstrip() for line in output.rstrip().splitlines()]
        assert printed == [line.rstrip() for line in expected], (
            f"{block.id} printed:\n{output}\nbut its "  # > " lines say:\n" + "\n".join(expected)
        )
