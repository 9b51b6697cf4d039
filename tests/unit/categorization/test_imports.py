"""The intelligence packages stay out of ``import fin_infra`` and export curated names."""

from __future__ import annotations

import subprocess
import sys

import fin_infra.categorization as categorization
import fin_infra.recurring as recurring


def test_import_fin_infra_does_not_load_intelligence() -> None:
    code = (
        "import sys, fin_infra; "
        "print(sorted(m for m in sys.modules if m.startswith(('fin_infra.categorization', "
        "'fin_infra.recurring', 'iso18245'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_importing_categorization_does_not_load_iso18245() -> None:
    code = "import sys, fin_infra.categorization; print('iso18245' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_public_names_are_sorted_and_exist() -> None:
    for module in (categorization, recurring):
        # isort style, as ruff's RUF022 keeps it: CONSTANTS, then Classes, then functions.
        assert module.__all__ == sorted(
            module.__all__, key=lambda n: (not n.isupper(), not n[0].isupper(), n)
        )
        for name in module.__all__:
            assert getattr(module, name) is not None
