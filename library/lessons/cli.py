"""`flask content import|export|check`: the lesson files in and out of the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from library import progress
from library.db import db
from library.lessons.exporter import export_lessons
from library.lessons.importer import (
    ImportRejected,
    content_kinds,
    import_content,
    is_content_folder,
    validated_content,
    validated_documents,
)
from library.lessons.rerender import render_stored_html
from library.locks import LockTimeout

content_cli = AppGroup("content", help="Lesbestanden importeren, exporteren en controleren.")


def _report_problems(error: ImportRejected) -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    click.echo(
        f"{len(error.problems)} probleem/problemen gevonden; er is niets geschreven.", err=True
    )


@content_cli.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--author", default="import", help="Naam bij de nieuwe revisies.")
@click.option("--message", default=None, help="Toelichting bij de nieuwe revisies.")
def import_command(path: Path, author: str, message: str | None) -> None:
    """Importeer de lesbestanden onder PATH (map, ZIP of map met ZIPs), of een contentmap
    met `lessons/` en `techlabs/`: alles of niets."""
    try:
        with progress.watching(progress.Watcher(sys.stderr)):
            reports = import_content(path, author=author, message=message)
    except ImportRejected as error:
        _report_problems(error)
        sys.exit(1)
    except LockTimeout as error:
        click.echo(f"{error} Er is niets geschreven.", err=True)
        sys.exit(1)
    for plural, report in reports.items():
        click.echo(
            f"{report.total} {plural}: {len(report.created)} nieuw, "
            f"{len(report.updated)} bijgewerkt, {len(report.unchanged)} ongewijzigd."
        )


@content_cli.command("check")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
def check_command(path: Path) -> None:
    """Controleer de lesbestanden onder PATH zonder iets te schrijven."""
    try:
        if is_content_folder(path):
            with validated_content(path) as (documents, read):
                click.echo(f"{len(documents)} lesbestanden in orde.")
                for kind, kind_documents in read:
                    click.echo(f"{len(kind_documents)} {kind.plural} in orde.")
            return
        with validated_documents(path) as documents:
            click.echo(f"{len(documents)} lesbestanden in orde.")
    except ImportRejected as error:
        _report_problems(error)
        sys.exit(1)


@content_cli.command("export")
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
@click.option("--all", "include_unpublished", is_flag=True, help="Ook niet-gepubliceerde lessen.")
def export_command(path: Path, include_unpublished: bool) -> None:
    """Schrijf de lessen als lesbestanden naar PATH, de labs naar PATH/techlabs."""
    slugs = export_lessons(path, include_unpublished=include_unpublished)
    click.echo(f"{len(slugs)} lessen geëxporteerd naar {path}.")
    for kind in content_kinds():
        slugs = kind.export(path / kind.folder)
        if slugs:
            click.echo(f"{len(slugs)} {kind.plural} geëxporteerd naar {path / kind.folder}.")


@content_cli.command("render")
def render_command() -> None:
    """Render the HTML of every revision again from its Markdown (after the rules changed)."""
    count = render_stored_html(db.session.connection())
    db.session.commit()
    click.echo(f"De HTML van {count} versies is opnieuw gemaakt.")
