"""The account lifecycle on PostgreSQL, through a real SMTP server: registering, confirming,
throttled logins, logging out everywhere, a reset, a waiting mail retried, the data ZIP and
deleting the account.

Runs where LIBRARY_TEST_POSTGRES_URL names an empty database, like tests/test_postgres.py.
"""

import io
import zipfile

import pytest
import sqlalchemy as sa

from library.accounts.models import User
from library.db import db
from library.mail.models import OutboxMessage
from tests.helpers.mailbox import SMTPServer, links, press_button_at
from tests.helpers.web import PASSWORD, Visitor

NEW = "een nieuwe lange zin voor mij"


@pytest.fixture
def pg_smtp(pg_app):  # noqa: F811
    server = SMTPServer()
    server.start()
    pg_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_USE_TLS=False)
    yield server
    server.stop()


def test_the_whole_account_lifecycle_on_postgresql(pg_app, pg_smtp, tmp_path):  # noqa: F811
    client, runner = pg_app.test_client(), pg_app.test_cli_runner()
    form = {
        "name": "Pim Postgres",
        "email": "pim@school.test",
        "password": PASSWORD,
        "password_again": PASSWORD,
        "role": "leerkracht",
    }
    assert Visitor(client).post("/registreren", form).status_code == 302
    visitor = Visitor(client)
    assert press_button_at(visitor, links(pg_smtp.last("pim@school.test"))[0]).status_code == 302
    pim = db.session.scalar(sa.select(User).where(User.email == "pim@school.test"))
    assert pim.email_confirmed

    stranger = Visitor(pg_app.test_client())
    stranger.client.environ_base["REMOTE_ADDR"] = "203.0.113.5"
    for _ in range(5):
        stranger.log_in("pim@school.test", "fout fout fout")
    assert pg_smtp.last("pim@school.test")["Subject"].startswith("Verkeerde wachtwoorden")
    phone = Visitor(pg_app.test_client())
    phone.log_in("pim@school.test")
    assert phone.get("/account").status_code == 200
    visitor.log_in("pim@school.test")
    visitor.post("/account/overal-uitloggen", form_page="/account")
    assert phone.get("/account").status_code == 302

    # SMTP down: the reset mail waits in the outbox, `flask mail send` delivers it later.
    pg_smtp.stop()
    Visitor(client).post("/wachtwoord-vergeten", {"email": "pim@school.test"})
    waiting = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))
    assert waiting.kind == "reset" and waiting.attempts == 1
    pg_smtp.start()
    assert runner.invoke(args=["mail", "send"]).exit_code == 0
    reset = pg_smtp.last("pim@school.test")
    assert reset["Subject"] == "Een nieuw wachtwoord voor Techniekbieb"
    response = press_button_at(
        Visitor(client), links(reset)[0], new_password=NEW, new_password_again=NEW
    )
    assert response.headers["Location"] == "/inloggen"
    visitor = Visitor(client)
    assert visitor.log_in("pim@school.test", NEW).status_code == 302

    archive = zipfile.ZipFile(io.BytesIO(visitor.get("/account/mijn-gegevens.zip").data))
    assert "account.json" in archive.namelist()
    response = visitor.post(
        "/account/verwijderen",
        {"name_at_lessons": "anoniem", "password": NEW, "sure": "y"},
        form_page="/account/mijn-gegevens",
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(User).where(User.email == "pim@school.test")) is None
    assert pg_smtp.last("pim@school.test")["Subject"].endswith("is verwijderd")
