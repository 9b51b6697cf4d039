"""The README's budgets, goals and net worth examples run and print what they show.

They run in a fresh interpreter, as a reader would paste them: the SQL example scaffolds tables
onto ``ModelBase``, which must not meet the tables other tests declare in this process.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
HEADING = "## Budgets, goals and net worth"

RUNNER = """
import doctest, sys
from pathlib import Path
section = Path(sys.argv[1]).read_text(encoding="utf-8").split(sys.argv[2], 1)[1]
section = section.split("\\n## ", 1)[0]
test = doctest.DocTestParser().get_doctest(section, {}, "README", sys.argv[1], 0)
runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
runner.run(test)
print(f"examples={len(test.examples)} failures={runner.failures}")
"""


def test_readme_examples_run() -> None:
    assert HEADING in README.read_text(encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", RUNNER, str(README), HEADING],
        capture_output=True,
        text=True,
        check=False,
    )
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout + result.stderr
    counts = re.fullmatch(r"examples=(\d+) failures=0", last)
    assert counts, result.stdout
    assert int(counts[1]) > 50
