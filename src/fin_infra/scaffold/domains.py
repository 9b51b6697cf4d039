"""What each scaffolded domain is made of, and ``render``: a domain plus options to file texts.

``render`` is pure: it returns ``{relative path: text}`` and never touches the file system, so the
output can be checked (golden files, ruff, mypy) before :func:`~fin_infra.scaffold.write_files`
puts it on disk.
"""

from __future__ import annotations

import keyword
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

from fin_infra.scaffold.templating import ScaffoldError, render_template

__all__ = ["DOMAINS", "DomainSpec", "ScaffoldOptions", "render"]

TEMPLATES = "fin_infra.scaffold.templates"
_LINE_LENGTH = 88  # ruff's default: the generated code must fit any project's settings


@dataclass(frozen=True, slots=True)
class DomainSpec:
    """One scaffoldable domain: its names, how its rows are ordered, what its repository adds."""

    name: str
    summary: str
    model: str
    stem: str
    noun: str
    plural: str
    order_by: str
    order_doc: str
    mutable: bool = True
    snapshots: bool = False
    extra_exports: tuple[tuple[str, str], ...] = ()
    schemas_use: tuple[str, ...] = ()  # names the schemas module imports from the model module

    @property
    def var(self) -> str:
        """The local variable naming one row in generated code (``budget``, ``snapshot``)."""
        return self.noun.split()[-1]

    def schema_names(self) -> list[str]:
        """The schema classes of the domain (snapshots are immutable: no update schema)."""
        names = [f"{self.model}Create", f"{self.model}Read"]
        return [*names, f"{self.model}Update"] if self.mutable else names


DOMAINS: dict[str, DomainSpec] = {
    spec.name: spec
    for spec in (
        DomainSpec(
            name="budgets",
            summary="Budget: planned spending per category over a month, a year or any period.",
            model="Budget",
            stem="budget",
            noun="budget",
            plural="budgets",
            order_by="Budget.period_start.desc()",
            order_doc="latest period first",
        ),
        DomainSpec(
            name="goals",
            summary="Goal: a savings, debt payoff or purchase target with milestones.",
            model="Goal",
            stem="goal",
            noun="goal",
            plural="goals",
            order_by="Goal.created_at.desc()",
            order_doc="newest first",
            extra_exports=(("schemas", "Milestone"),),
            schemas_use=("default_milestones",),
        ),
        DomainSpec(
            name="net_worth",
            summary="NetWorthSnapshot: assets, liabilities and net worth on a day (immutable).",
            model="NetWorthSnapshot",
            stem="net_worth",
            noun="net worth snapshot",
            plural="net worth snapshots",
            order_by="NetWorthSnapshot.snapshot_date.desc()",
            order_doc="latest first",
            mutable=False,
            snapshots=True,
        ),
    )
}


@dataclass(frozen=True, slots=True)
class ScaffoldOptions:
    """The choices of ``fin-infra scaffold``; filenames default to ``<stem>[_kind].py``."""

    include_tenant: bool = False
    include_soft_delete: bool = False
    with_repository: bool = True
    models_filename: str | None = None
    schemas_filename: str | None = None
    repository_filename: str | None = None


def _module(filename: str | None, default: str, option: str) -> str:
    """The module name of a generated file (``budget.py`` -> ``budget``), checked."""
    if filename is None:
        return default
    stem = filename.removesuffix(".py")
    if "/" in stem or "\\" in stem:
        raise ScaffoldError(f"{option} must be a file name, not a path: {filename!r}")
    if not stem.isidentifier() or keyword.iskeyword(stem) or stem == "__init__":
        raise ScaffoldError(f"{option} must name a Python module such as 'models.py': {filename!r}")
    return stem


def _import(module: str, names: Iterable[str]) -> str:
    """``from module import a, b`` laid out as ruff format would (wrapped when too long)."""
    listed = list(names)
    line = f"from {module} import {', '.join(listed)}"
    if len(line) <= _LINE_LENGTH:
        return line
    body = "".join(f"    {name},\n" for name in listed)
    return f"from {module} import (\n{body})"


def _relative_imports(imports: dict[str, list[str]]) -> str:
    return "\n".join(_import(f".{module}", imports[module]) for module in sorted(imports))


def _modules(spec: DomainSpec, options: ScaffoldOptions) -> tuple[str, str, str]:
    """The module names of the model, schemas and repository files, checked."""
    models = _module(options.models_filename, spec.stem, "--models-filename")
    schemas = _module(options.schemas_filename, f"{spec.stem}_schemas", "--schemas-filename")
    repository = _module(
        options.repository_filename, f"{spec.stem}_repository", "--repository-filename"
    )
    written = [models, schemas, repository] if options.with_repository else [models, schemas]
    if len(set(written)) != len(written):
        raise ScaffoldError(f"the generated files need distinct names, got {sorted(written)}")
    return models, schemas, repository


def _substitutions(spec: DomainSpec, options: ScaffoldOptions, models: str) -> dict[str, object]:
    """The variables of the model, schemas and repository templates."""
    tenant, soft = options.include_tenant, options.include_soft_delete
    mixins = ["UUIDPrimaryKey", "Timestamps"]
    mixins += ["TenantScoped"] * tenant + ["SoftDelete"] * soft + ["ModelBase"]
    return {
        "model": spec.model,
        "noun": spec.noun,
        "plural": spec.plural,
        "plural_title": spec.plural[0].upper() + spec.plural[1:],
        "var": spec.var,
        "order_by": spec.order_by,
        "order_doc": spec.order_doc,
        "tenant": tenant,
        "soft_delete": soft,
        "mutable": spec.mutable,
        "snapshots": spec.snapshots,
        "mixins": ", ".join(mixins),
        "tenant_column": '"tenant_id", ' if tenant else "",
        "protected": "the id, the audit columns or the tenant"
        if tenant
        else "the id or the audit columns",
        "tenant_scope": " of one tenant" if tenant else "",
        "verbs": " ".join(
            ["create", "get", "list", *["update"] * spec.mutable, "delete"]
            + ["restore", "list_deleted"] * soft
        ),
        "unique": "live_unique" if soft else "UniqueConstraint",
        "persistence_import": _import(
            "fin_infra.persistence", [*sorted(mixins), *["live_unique"] * soft]
        ),
        "models_import": _import(f".{models}", spec.schemas_use) if spec.schemas_use else "",
    }


def _package_init(spec: DomainSpec, exports: dict[str, list[str]], *, repository: bool) -> str:
    """``__init__.py``: re-export every public name of the generated modules."""
    names = sorted(chain(*exports.values()))
    return render_template(
        TEMPLATES,
        "package_init.py.tmpl",
        {
            "summary": spec.summary,
            "contents": "the model, its API schemas and its repository"
            if repository
            else "the model and its API schemas",
            "imports": _relative_imports({m: sorted(n) for m, n in exports.items()}),
            "names": "\n    ".join(f'"{name}",' for name in names),
        },
    )


def render(domain: str | DomainSpec, options: ScaffoldOptions | None = None) -> dict[str, str]:
    """The files of ``domain`` for ``options``: ``{file name: text}``, ``__init__.py`` last.

    >>> sorted(render("budgets"))
    ['__init__.py', 'budget.py', 'budget_repository.py', 'budget_schemas.py']
    >>> sorted(render("goals", ScaffoldOptions(with_repository=False, models_filename="models")))
    ['__init__.py', 'goal_schemas.py', 'models.py']
    """
    spec = DOMAINS.get(domain) if isinstance(domain, str) else domain
    if spec is None:
        raise ScaffoldError(f"unknown domain {domain!r}; choose one of: {', '.join(DOMAINS)}")
    options = options or ScaffoldOptions()
    models, schemas, repository = _modules(spec, options)
    subs = _substitutions(spec, options, models)
    files = {
        f"{models}.py": render_template(TEMPLATES, f"{spec.name}/model.py.tmpl", subs),
        f"{schemas}.py": render_template(TEMPLATES, f"{spec.name}/schemas.py.tmpl", subs),
    }
    exports = {models: [spec.model], schemas: spec.schema_names()}
    for kind, name in spec.extra_exports:
        exports[{"models": models, "schemas": schemas}[kind]].append(name)
    if options.with_repository:
        files[f"{repository}.py"] = render_template(
            TEMPLATES,
            "repository.py.tmpl",
            {**subs, "local_imports": _relative_imports({models: [spec.model]})},
        )
        exports[repository] = [f"{spec.model}Repository"]
    files["__init__.py"] = _package_init(spec, exports, repository=options.with_repository)
    return files
