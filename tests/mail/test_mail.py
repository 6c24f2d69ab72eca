"""E-mail: the outbox written with the change, sent after the commit, kept and retried."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from library.accounts import throttle
from library.accounts.models import Role
from library.db import db, utcnow
from library.mail import compose, delivery
from library.mail.models import OutboxMessage
from tests.helpers.mailbox import html_of, links, path_of, text_of
from tests.helpers.web import Visitor, make_user


def wrong_passwords(client, times: int = throttle.ACCOUNT.free) -> None:
    visitor = Visitor(client)
    for _ in range(times):
        visitor.log_in("docent@school.test", "fout fout fout")


def outbox() -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_the_owner_gets_one_mail_when_wrong_passwords_slow_their_account_down(app, client, smtp):
    make_user(Role.DOCENT)
    wrong_passwords(client, throttle.ACCOUNT.free + 2)
    assert len(smtp.messages) == 1
    message = smtp.last("docent@school.test")
    assert message["Subject"] == "Verkeerde wachtwoorden geprobeerd op je account"
    assert message["From"] == "Techniekbieb <noreply@bieb.test>"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"].endswith("@bieb.test>")
    assert "Hallo Docent vmbo Test," in text_of(message)
    assert '<a href="http://bieb.test/account/wachtwoord">' in html_of(message)
    # The link is absolute and leads to the page (after logging in).
    assert links(message) == ["http://bieb.test/account/wachtwoord"]
    assert client.get(path_of(links(message)[0])).status_code == 302
    [row] = outbox()
    assert row.sent_at is not None and row.attempts == 1 and row.kind == "failed_logins"


def test_a_mail_of_a_change_that_is_rolled_back_is_never_sent(app, smtp):
    compose.queue("a@school.test", "failed_logins", name="A", password_url="http://x/")
    db.session.rollback()
    assert outbox() == [] and smtp.messages == []


def test_when_smtp_is_down_the_mail_waits_and_mail_send_delivers_it(app, client, smtp, runner):
    make_user(Role.DOCENT)
    smtp.stop()
    wrong_passwords(client)
    # The change stands (the owner's count) and the mail waits with its error.
    [row] = outbox()
    assert row.sent_at is None and row.attempts == 1
    assert "Connection refused" in row.last_error or "Errno" in row.last_error
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 1
    assert f"Niet verstuurd: mail {row.id} aan docent@school.test" in result.output
    smtp.start()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "1 mail(s) verstuurd, 0 mislukt." in result.output
    assert smtp.last("docent@school.test")["Subject"].startswith("Verkeerde wachtwoorden")
    db.session.refresh(row)
    assert row.sent_at is not None and row.attempts == 3
    assert "0 mail(s) verstuurd" in runner.invoke(args=["mail", "send"]).output
    assert len(smtp.messages) == 1


def test_a_mail_another_process_is_sending_is_not_sent_twice(app, smtp):
    message = compose.queue("a@school.test", "failed_logins", name="A", password_url="http://x/")
    message.claimed_at = utcnow()
    db.session.commit()
    assert delivery.send([message.id]).sent == []
    # A claim that old belonged to a process that died while sending.
    message.claimed_at = utcnow() - delivery.CLAIM_TIMEOUT - timedelta(seconds=1)
    db.session.commit()
    assert delivery.send([message.id]).sent == [message.id]
    assert len(smtp.messages) == 1


def test_without_a_mail_server_mails_go_to_the_folder_and_their_links_to_the_log(
    app, client, caplog, tmp_path
):
    make_user(Role.DOCENT)
    with caplog.at_level("WARNING", logger="library.mail.transport"):
        wrong_passwords(client)
    [written] = (tmp_path / "mail").glob("*.eml")
    assert b"Subject: Verkeerde wachtwoorden geprobeerd op je account" in written.read_bytes()
    assert "links: http://bieb.test/account/wachtwoord" in caplog.text


def test_a_subject_from_user_text_stays_on_one_line(app, smtp):
    message = compose.queue(
        "a@school.test", "failed_logins", name="A\nBcc: x@evil.test", password_url="http://x/"
    )
    db.session.commit()
    received = smtp.last("a@school.test")
    assert received["Bcc"] is None and smtp.envelopes[0][1] == ["a@school.test"]
    assert message.subject == "Verkeerde wachtwoorden geprobeerd op je account"


def test_links_outside_a_request_need_a_server_name(app):
    assert compose.absolute_url("accounts.login") == "http://bieb.test/inloggen"
    app.config["SERVER_NAME"] = None
    with pytest.raises(compose.NoServerName):
        compose.absolute_url("accounts.login")
