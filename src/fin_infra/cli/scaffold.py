"""``fin-infra scaffold DOMAIN``: write a persistence package (model, schemas, repository).

One command per domain, so ``fin-infra scaffold --help`` lists the domains with a line each. The
files are rendered in memory first and written all together, or not at all.
"""

from pathlib import Path
from typing import Annotated

import typer

from fin_infra.errors import FinInfraError
from fin_infra.scaffold import DOMAINS, DomainSpec, ScaffoldOptions, render, write_files

app = typer.Typer(
    name="scaffold",
    help="Write a ready-to-own persistence package (model, schemas, repository) for a domain.",
    no_args_is_help=True,
)

DestDir = Annotated[
    Path,
    typer.Option("--dest-dir", help="Directory of the package to write, e.g. app/models/budgets."),
]


def _command(spec: DomainSpec) -> None:
    def scaffold(
        dest_dir: DestDir,
        include_tenant: Annotated[
            bool, typer.Option("--include-tenant", help="Add a tenant_id scoping every row.")
        ] = False,
        include_soft_delete: Annotated[
            bool,
            typer.Option("--include-soft-delete", help="Add deleted_at: delete, then restore."),
        ] = False,
        with_repository: Annotated[
            bool,
            typer.Option(
                "--with-repository/--no-with-repository", help="Write the async repository too."
            ),
        ] = True,
        models_filename: Annotated[
            str | None,
            typer.Option(help=f"Model file name (default: {spec.stem}.py).", show_default=False),
        ] = None,
        schemas_filename: Annotated[
            str | None,
            typer.Option(
                help=f"Schemas file name (default: {spec.stem}_schemas.py).", show_default=False
            ),
        ] = None,
        repository_filename: Annotated[
            str | None,
            typer.Option(
                help=f"Repository file name (default: {spec.stem}_repository.py).",
                show_default=False,
            ),
        ] = None,
        overwrite: Annotated[
            bool, typer.Option("--overwrite", help="Replace files that already exist.")
        ] = False,
    ) -> None:
        options = ScaffoldOptions(
            include_tenant=include_tenant,
            include_soft_delete=include_soft_delete,
            with_repository=with_repository,
            models_filename=models_filename,
            schemas_filename=schemas_filename,
            repository_filename=repository_filename,
        )
        try:
            written = write_files(render(spec, options), dest_dir, overwrite=overwrite)
        except FinInfraError as error:
            typer.secho(f"error: {error}", fg=typer.colors.RED, err=True)
            raise typer.Exit(1) from None
        for path in written:
            typer.echo(f"wrote {path}")

    scaffold.__doc__ = spec.summary
    app.command(spec.name, help=spec.summary)(scaffold)


for _spec in DOMAINS.values():
    _command(_spec)
