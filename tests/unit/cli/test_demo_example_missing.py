"""``fin-infra demo`` without the example app installed: one line saying how to install it.

The example ships apart from the library (``fin-infra-example``, ``examples/pyproject.toml``), so
a plain ``pip install .`` has a ``fin-infra demo`` command but no app to serve. The test runs the
real entry point in a fresh interpreter where ``personal_finance`` cannot be found.
"""

from __future__ import annotations

import subprocess
import sys

HIDE_EXAMPLE = (
    "import sys; sys.modules['personal_finance'] = None; "  # find_spec() -> None, as if absent
    "sys.argv = ['fin-infra', 'demo', '--port', '1']; "
    "from fin_infra.cli import main; main()"
)


def test_demo_without_the_example_says_how_to_install_it() -> None:
    result = subprocess.run(
        [sys.executable, "-c", HIDE_EXAMPLE], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "is not installed" in lines[0]
    assert "pip install ./examples (the example app" in lines[0]


def test_demo_print_example_needs_no_example_app() -> None:
    code = HIDE_EXAMPLE.replace("'--port', '1'", "'--print-example'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "monthly payment" in result.stdout
