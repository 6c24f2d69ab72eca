"""`flask review digest`: mail moderators the lessons waiting for them (daily, from cron);
`flask uploads clean`: remove uploaded files no lesson kept (daily, from cron)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from library.authoring import notices, uploads

review_cli = AppGroup("review", help="Beoordelen van lessen.")


@review_cli.command("digest")
def digest_command() -> None:
    """Mail de moderatoren welke lessen op beoordeling wachten (niets als er geen wachten)."""
    sent = notices.queue_digests()
    click.echo(f"Overzicht gemaild aan {sent} moderator(en).")


uploads_cli = AppGroup("uploads", help="Geüploade bestanden.")


@uploads_cli.command("clean")
def clean_command() -> None:
    """Verwijder bestanden die geen les gebruikt en die ouder zijn dan de wachttijd."""
    report = uploads.clean()
    click.echo(
        f"{report.files} bestand(en) verwijderd ({report.size / (1024 * 1024):.1f} MB); "
        f"{report.uploads} upload(s) tellen niet meer mee voor de opslagruimte."
    )
