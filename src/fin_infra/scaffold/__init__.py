"""Scaffolding: ready-to-own persistence packages (model, schemas, repository) for a domain.

:func:`render` turns a domain (``budgets``, ``goals``, ``net_worth``) and :class:`ScaffoldOptions`
into ``{file name: text}`` without touching the disk; :func:`write_files` writes them all or none.
Templates ship as package data and are filled by :func:`render_template`. The ``fin-infra
scaffold`` command is the front end.
"""

from __future__ import annotations

from fin_infra.scaffold.domains import DOMAINS, DomainSpec, ScaffoldOptions, render
from fin_infra.scaffold.templating import (
    ScaffoldError,
    TemplateNotFoundError,
    TemplateRenderError,
    render_template,
)
from fin_infra.scaffold.writer import write_files

__all__ = [
    "DOMAINS",
    "DomainSpec",
    "ScaffoldError",
    "ScaffoldOptions",
    "TemplateNotFoundError",
    "TemplateRenderError",
    "render",
    "render_template",
    "write_files",
]
