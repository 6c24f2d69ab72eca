"""`flask user create` and `set-password`: accounts from the command line (the first admin)."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from library.accounts import recovery, service
from library.accounts.models import ROLE_LABELS, Role

user_cli = AppGroup("user", help="Gebruikers beheren.")


@user_cli.command("create")
@click.option("--email", prompt="E-mailadres", help="Het e-mailadres waarmee de gebruiker inlogt.")
@click.option("--name", prompt="Naam", help="De naam bij de lessen van de gebruiker.")
@click.option(
    "--role",
    type=click.Choice([role.value for role in Role]),
    default=Role.ADMIN.value,
    show_default=True,
    help="De rol: " + ", ".join(f"{role.value} ({label})" for role, label in ROLE_LABELS.items()),
)
@click.option("--organisation", default="", help="School of organisatie.")
@click.option("--region", default="", help="STO-regio.")
@click.password_option("--password", prompt="Wachtwoord", help="Minstens 10 tekens.")
def create_command(
    email: str, name: str, role: str, organisation: str, region: str, password: str
) -> None:
    """Maak een gebruiker aan (standaard een beheerder)."""
    registration = service.Registration(
        name=name,
        email=email,
        password=password,
        role=Role(role),
        organisation=organisation,
        region=region,
    )
    try:
        user = service.create_user(registration)
    except service.AccountError as error:
        click.echo(f"Fout: {error.message}", err=True)
        sys.exit(1)
    click.echo(f"Gebruiker {user.email} aangemaakt als {Role(user.role).label.lower()}.")


@user_cli.command("set-password")
@click.option("--email", prompt="E-mailadres", help="Het e-mailadres van de gebruiker.")
@click.password_option("--password", prompt="Nieuw wachtwoord", help="Minstens 10 tekens.")
def set_password_command(email: str, password: str) -> None:
    """Geef iemand een nieuw wachtwoord; al zijn of haar sessies eindigen."""
    try:
        user = recovery.set_password(email, password)
    except service.AccountError as error:
        click.echo(f"Fout: {error.message}", err=True)
        sys.exit(1)
    click.echo(f"Nieuw wachtwoord ingesteld voor {user.email}; overal uitgelogd.")
