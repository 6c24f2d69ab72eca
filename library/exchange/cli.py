"""`flask harvest URL`: take over the lessons of another Techniekbieb's OAI-PMH endpoint."""

from __future__ import annotations

import re
import sys

import click
from flask.cli import with_appcontext

from library import progress
from library.exchange.harvest import HarvestError, harvest

DATESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$")


def _datestamp(_context, _parameter, value: str | None) -> str | None:
    if value is not None and not DATESTAMP_RE.match(value):
        raise click.BadParameter("gebruik een datum als 2026-01-31 of 2026-01-31T08:00:00Z")
    return value


@click.command("harvest")
@with_appcontext
@click.argument("url")
@click.option(
    "--set", "set_spec", default=None, help="Alleen deze set, bijv. world:hightech-science."
)
@click.option(
    "--from",
    "since",
    default=None,
    callback=_datestamp,
    help="Alleen wat sinds deze datum (YYYY-MM-DD) veranderde.",
)
def harvest_command(url: str, set_spec: str | None, since: str | None) -> None:
    """Oogst de lessen van de OAI-PMH-bron op URL (een andere Techniekbieb)."""
    try:
        with progress.watching(progress.Watcher(sys.stderr)):
            report = harvest(url, set_spec=set_spec, since=since)
    except HarvestError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    for problem in report.problems:
        click.echo(problem, err=True)
    for slug in report.skipped:
        click.echo(
            f"{slug}: overgeslagen, deze les bestaat hier al (niet uit deze bron).", err=True
        )
    click.echo(
        f"{report.repository}: {len(report.created)} nieuw, {len(report.updated)} bijgewerkt, "
        f"{len(report.unchanged)} ongewijzigd, {len(report.withdrawn)} ingetrokken, "
        f"{len(report.skipped)} overgeslagen, {len(report.problems)} met problemen."
    )
    if report.problems:
        sys.exit(1)
