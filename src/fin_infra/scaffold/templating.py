"""``render_template``: fill a template shipped as package data, or fail saying exactly why.

Templates are plain text with two constructs, enough for generated Python to stay readable:

- ``${name}`` is replaced by ``str(subs[name])`` (``$$`` is a literal ``$``);
- lines holding only ``{% if name %}``, ``{% if not name %}``, ``{% else %}`` or ``{% endif %}``
  keep or drop the lines between them, by the truth of ``subs[name]`` (blocks nest).

>>> from fin_infra.scaffold import render_template
>>> subs = {"summary": "Budgets.", "contents": "the model", "names": '"Budget",'}
>>> render_template("fin_infra.scaffold.templates", "package_init.py.tmpl", subs)
Traceback (most recent call last):
...
fin_infra.scaffold.templating.TemplateRenderError: Failed to render template \
fin_infra.scaffold.templates/package_init.py.tmpl: missing variable imports
>>> subs["imports"] = "from .budget import Budget"
>>> "from .budget import Budget" in render_template(
...     "fin_infra.scaffold.templates", "package_init.py.tmpl", subs
... )
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources
from string import Template

from fin_infra.errors import FinInfraError

__all__ = ["ScaffoldError", "TemplateNotFoundError", "TemplateRenderError", "render_template"]

_DIRECTIVE = re.compile(r"^\s*\{%\s*(if\s+(not\s+)?(?P<name>\w+)|else|endif)\s*%\}\s*$")


class ScaffoldError(FinInfraError):
    """Scaffolding could not produce or write the requested files (nothing was written)."""


class TemplateNotFoundError(ScaffoldError, LookupError):
    """No template ``name`` in ``package``."""


class TemplateRenderError(ScaffoldError):
    """A template names a variable it was not given, or its ``{% if %}`` blocks do not balance."""


def _read(package: str, name: str) -> str:
    try:
        return (resources.files(package) / name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise TemplateNotFoundError(f"Template not found: {package}/{name}") from None


class _RenderProblemError(Exception):
    """Why a template could not be rendered (turned into ``TemplateRenderError``)."""


def _select_lines(text: str, subs: Mapping[str, object]) -> str:
    """Keep the lines whose enclosing ``{% if %}`` blocks are all true."""
    kept: list[str] = []
    stack: list[tuple[bool, bool]] = []  # (this block's condition, enclosing blocks all true)
    active = True
    for line in text.splitlines(keepends=True):
        match = _DIRECTIVE.match(line)
        if match is None:
            if active:
                kept.append(line)
            continue
        keyword = match.group(1).split()[0]
        if keyword == "if":
            name = match.group("name")
            if name not in subs:
                raise _RenderProblemError(f"missing variable {name}")
            condition = bool(subs[name]) != bool(match.group(2))
            stack.append((condition, active))
            active = active and condition
        elif not stack:
            raise _RenderProblemError(f"{{% {keyword} %}} without {{% if %}}")
        elif keyword == "else":
            condition, outer = stack[-1]
            stack[-1] = (not condition, outer)
            active = outer and not condition
        else:
            _, active = stack.pop()
    if stack:
        raise _RenderProblemError("unclosed {% if %}")
    return "".join(kept)


def render_template(package: str, name: str, subs: Mapping[str, object]) -> str:
    """Render template ``name`` of ``package`` with ``subs``.

    Raises ``TemplateNotFoundError`` ("Template not found: ...") for a wrong package or name and
    ``TemplateRenderError`` ("Failed to render template ...: missing variable X") when the
    template uses a variable ``subs`` lacks. Rendering is pure: it never touches the file system
    beyond reading the template.
    """
    text = _read(package, name)
    try:
        return Template(_select_lines(text, subs)).substitute(subs)
    except _RenderProblemError as problem:
        reason = str(problem)
    except KeyError as error:
        reason = f"missing variable {error.args[0]}"
    except ValueError as error:  # a lone "$" not followed by a name
        reason = str(error)
    raise TemplateRenderError(f"Failed to render template {package}/{name}: {reason}")
