"""`flask index rebuild|check|retry`: the search index, rebuilt and checked from the database."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from library import progress
from library.search import indexing
from library.search.backend import IndexBusy


def _fail(error: Exception) -> None:
    reason = "een ander proces schrijft de index" if isinstance(error, IndexBusy) else error
    click.echo(f"De zoekindex is niet bijgewerkt: {reason}. Probeer het zo opnieuw.", err=True)
    sys.exit(1)


index_cli = AppGroup("index", help="De zoekindex opbouwen, controleren en bijwerken.")


@index_cli.command("rebuild")
@click.option(
    "--processes",
    type=click.IntRange(1, 16),
    default=None,
    help="Aantal processen (standaard: automatisch).",
)
def rebuild_command(processes: int | None) -> None:
    """Bouw de zoekindex opnieuw op uit de database (zoeken blijft werken)."""
    try:
        with progress.watching(progress.Watcher(sys.stderr)):
            report = indexing.rebuild(processes)
    except (IndexBusy, OSError) as error:
        _fail(error)
    click.echo(
        f"Zoekindex opgebouwd: {report.lessons} lessen in {report.seconds:.1f} s "
        f"({report.processes} proces{'sen' if report.processes > 1 else ''})."
    )


@index_cli.command("check")
def check_command() -> None:
    """Vergelijk de zoekindex met de database; sluit af met 1 bij verschillen."""
    report = indexing.check()
    problems = [
        *(f"ontbreekt in de index: {slug}" for slug in report.missing),
        *(f"staat in de index maar is niet gepubliceerd: {slug}" for slug in report.unexpected),
        *(f"verouderd in de index: {slug}" for slug in report.outdated),
        *(f"wacht in de wachtrij: {slug}" for slug in report.queued),
    ]
    for problem in problems:
        click.echo(problem, err=True)
    if not report.ok:
        click.echo(
            f"{len(problems)} verschil(len) tussen database en zoekindex. "
            "Herstel met `flask index retry` of `flask index rebuild`.",
            err=True,
        )
        sys.exit(1)
    click.echo(f"Zoekindex in orde: {report.indexed} van {report.published} gepubliceerde lessen.")


@index_cli.command("retry")
def retry_command() -> None:
    """Schrijf de lessen uit de wachtrij alsnog naar de zoekindex."""
    try:
        report, left = indexing.retry()
    except (IndexBusy, OSError) as error:
        _fail(error)
    click.echo(
        f"{len(report.written)} les(sen) bijgewerkt, {len(report.removed)} verwijderd; "
        f"{left} in de wachtrij."
    )
    if left:
        sys.exit(1)
