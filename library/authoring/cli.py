"""`flask review digest`: mail moderators the lessons waiting for them (daily, from cron)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from library.authoring import notices

review_cli = AppGroup("review", help="Beoordelen van lessen.")


@review_cli.command("digest")
def digest_command() -> None:
    """Mail de moderatoren welke lessen op beoordeling wachten (niets als er geen wachten)."""
    sent = notices.queue_digests()
    click.echo(f"Overzicht gemaild aan {sent} moderator(en).")
