"""``render_template``: substitution, conditional blocks, and the two documented errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from fin_infra.scaffold import TemplateNotFoundError, TemplateRenderError, render_template

TEMPLATE = """\
head $name
{% if tenant %}
tenant
{% if not soft %}
tenant, hard delete
{% else %}
tenant, soft delete
{% endif %}
{% else %}
no tenant
{% endif %}
tail $$ ${name}s
"""


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An importable package ``fi_scaffold_templates`` holding test templates."""
    root = tmp_path / "fi_scaffold_templates"
    root.mkdir()
    (root / "__init__.py").write_text("")
    (root / "t.tmpl").write_text(TEMPLATE)
    (root / "open.tmpl").write_text("{% if a %}\nx\n")
    (root / "stray.tmpl").write_text("x\n{% endif %}\n")
    (root / "dollar.tmpl").write_text("price: $ 5\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    return "fi_scaffold_templates"


@pytest.mark.parametrize(
    ("tenant", "soft", "middle"),
    [
        (False, False, ["no tenant"]),
        (False, True, ["no tenant"]),
        (True, False, ["tenant", "tenant, hard delete"]),
        (True, True, ["tenant", "tenant, soft delete"]),
    ],
)
def test_blocks_nest_and_variables_are_substituted(
    package: str, tenant: bool, soft: bool, middle: list[str]
) -> None:
    text = render_template(package, "t.tmpl", {"name": "budget", "tenant": tenant, "soft": soft})
    assert text.splitlines() == ["head budget", *middle, "tail $ budgets"]


def test_missing_variable_in_text(package: str) -> None:
    with pytest.raises(TemplateRenderError) as caught:
        render_template(package, "t.tmpl", {"tenant": False, "soft": False})
    assert str(caught.value) == (
        f"Failed to render template {package}/t.tmpl: missing variable name"
    )


def test_missing_variable_in_a_condition(package: str) -> None:
    with pytest.raises(TemplateRenderError, match=r"t\.tmpl: missing variable soft$"):
        render_template(package, "t.tmpl", {"name": "x", "tenant": True})


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("open.tmpl", r"unclosed \{% if %\}"),
        ("stray.tmpl", r"\{% endif %\} without \{% if %\}"),
        ("dollar.tmpl", "Invalid placeholder"),
    ],
)
def test_malformed_templates(package: str, name: str, reason: str) -> None:
    with pytest.raises(TemplateRenderError, match=f"Failed to render template .*{name}: {reason}"):
        render_template(package, name, {"a": True})


@pytest.mark.parametrize(
    ("package", "name"),
    [
        ("fin_infra.scaffold.templates", "no_such.py.tmpl"),
        ("fin_infra.scaffold.templates", "budgets"),
        ("fin_infra.no_such_package", "repository.py.tmpl"),
    ],
)
def test_template_not_found(package: str, name: str) -> None:
    with pytest.raises(TemplateNotFoundError) as caught:
        render_template(package, name, {})
    assert str(caught.value) == f"Template not found: {package}/{name}"


def test_shipped_templates_are_package_data() -> None:
    text = render_template(
        "fin_infra.scaffold.templates",
        "package_init.py.tmpl",
        {"summary": "S.", "contents": "c", "imports": "import x", "names": '"x",'},
    )
    assert text.startswith('"""S.\n')
