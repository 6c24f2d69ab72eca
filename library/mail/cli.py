"""`flask mail send`: deliver what waits in the outbox (run it from cron, or after an outage)."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from library.mail import delivery

mail_cli = AppGroup("mail", help="E-mail van de bibliotheek.")


@mail_cli.command("send")
def send_command() -> None:
    """Verstuur de mails die nog in de outbox wachten."""
    report = delivery.send(delivery.pending_ids())
    for row, error in report.failed:
        click.echo(f"Niet verstuurd: mail {row.id} aan {row.recipient}: {error}", err=True)
    click.echo(f"{len(report.sent)} mail(s) verstuurd, {len(report.failed)} mislukt.")
    if report.failed:
        sys.exit(1)
