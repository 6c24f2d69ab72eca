"""A forgotten password through a real SMTP server: the reset link, its limits, and the
administrator's `flask user set-password`."""

import time

import sqlalchemy as sa
from itsdangerous import TimestampSigner

from library.accounts import tokens
from library.accounts.models import Role, User
from library.db import db
from tests.helpers.mailbox import links, path_of, press_button_at, text_of
from tests.helpers.web import PASSWORD, Visitor, make_user

NEW = "een nieuwe lange zin voor mij"


def user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def ask_for_link(client, email: str):
    return Visitor(client).post("/wachtwoord-vergeten", {"email": email})


def choose_password(visitor: Visitor, link: str, password: str = NEW):
    return press_button_at(visitor, link, new_password=password, new_password_again=password)


def test_a_reset_link_sets_a_new_password_and_ends_every_login(app, client, smtp):
    make_user(Role.DOCENT)
    laptop, phone = Visitor(app.test_client()), Visitor(app.test_client())
    laptop.log_in("docent@school.test", remember="y")
    phone.log_in("docent@school.test")
    response = ask_for_link(client, "Docent@School.test")
    assert response.headers["Location"] == "/kijk-in-je-mail?reden=wachtwoord"
    message = smtp.last("docent@school.test")
    assert message["Subject"] == "Een nieuw wachtwoord voor Techniekbieb"
    assert "De link werkt 60 minuten en één keer." in text_of(message)
    [link] = links(message)
    assert link.startswith("http://bieb.test/wachtwoord-kiezen/")
    visitor = Visitor(client)
    response = choose_password(visitor, link)
    assert response.status_code == 302 and response.headers["Location"] == "/inloggen"
    assert laptop.get("/account").status_code == 302
    assert phone.get("/account").status_code == 302
    assert "horen niet bij elkaar" in Visitor(app.test_client()).log_in(
        "docent@school.test"
    ).get_data(as_text=True)
    assert Visitor(app.test_client()).log_in("docent@school.test", NEW).status_code == 302
    notice = smtp.last("docent@school.test")
    assert notice["Subject"] == "Je wachtwoord is gewijzigd"
    assert "http://bieb.test/wachtwoord-vergeten" in links(notice)
    # Used once, the link is spent.
    again = visitor.get(path_of(link))
    assert again.status_code == 400
    assert "Deze link klopt niet of is al gebruikt." in again.get_data(as_text=True)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(app, client, smtp):
    make_user(Role.DOCENT)
    known = ask_for_link(client, "docent@school.test")
    unknown = ask_for_link(app.test_client(), "niemand@school.test")
    assert known.headers["Location"] == unknown.headers["Location"]
    assert [m["To"] for m in smtp.messages] == ["docent@school.test"]


def test_a_reset_link_dies_when_the_password_is_changed_another_way(app, client, smtp):
    make_user(Role.DOCENT)
    ask_for_link(client, "docent@school.test")
    [link] = links(smtp.last("docent@school.test"))
    visitor = Visitor(client)
    visitor.log_in("docent@school.test")
    visitor.post(
        "/account/wachtwoord",
        {"current_password": PASSWORD, "new_password": NEW, "new_password_again": NEW},
    )
    assert visitor.get(path_of(link)).status_code == 400


def test_a_reset_link_expires_after_an_hour_and_forgeries_fail(app, client, monkeypatch):
    docent = make_user(Role.DOCENT)
    an_hour_ago = int(time.time()) - 3601
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: an_hour_ago)
    old = tokens.make(docent, "reset")
    monkeypatch.undo()
    response = client.get(f"/wachtwoord-kiezen/{old}")
    assert response.status_code == 400
    assert "Deze link is verlopen." in response.get_data(as_text=True)
    for forged in (tokens.make(docent, "confirm"), tokens.make(docent, "reset")[:-3] + "abc"):
        assert client.get(f"/wachtwoord-kiezen/{forged}").status_code == 400
    # A link for an address change is not a reset link either.
    assert (
        client.get(f"/wachtwoord-kiezen/{tokens.make(docent, 'email', 'x@y.nl')}").status_code
        == 400
    )


def test_a_weak_new_password_is_refused_and_the_link_still_works(app, client, smtp):
    make_user(Role.DOCENT)
    ask_for_link(client, "docent@school.test")
    [link] = links(smtp.last("docent@school.test"))
    response = choose_password(Visitor(client), link, "wachtwoord123")
    assert response.status_code == 400
    assert "te bekend" in response.get_data(as_text=True)
    assert choose_password(Visitor(client), link).status_code == 302


def test_reset_requests_are_limited_per_address_asked_for(app, client, smtp):
    make_user(Role.DOCENT)
    for email in ("docent@school.test", "niemand@school.test"):
        for number in range(3):
            visitor = Visitor(app.test_client())
            visitor.client.environ_base["REMOTE_ADDR"] = f"192.0.2.{number}"
            assert visitor.post("/wachtwoord-vergeten", {"email": email}).status_code == 302
        response = ask_for_link(client, email)
        # The same message for a known and an unknown address: it tells nobody which.
        assert response.status_code == 429
        assert "Er is net al een paar keer een nieuw wachtwoord aangevraagd" in response.get_data(
            as_text=True
        )
    assert len(smtp.to("docent@school.test")) == 3


def test_following_a_reset_link_confirms_the_address(app, client, smtp):
    make_user(Role.LEERKRACHT)
    leerkracht = user("leerkracht@school.test")
    leerkracht.email_confirmed_at = None
    db.session.commit()
    ask_for_link(client, "leerkracht@school.test")
    choose_password(Visitor(client), links(smtp.last("leerkracht@school.test"))[0])
    db.session.refresh(leerkracht)
    assert leerkracht.email_confirmed


def test_login_page_offers_the_reset(app, client):
    html = client.get("/inloggen").get_data(as_text=True)
    assert '<a href="/wachtwoord-vergeten">Wachtwoord vergeten?</a>' in html


def test_cli_sets_a_password_and_ends_every_login(app, runner, smtp):
    make_user(Role.DOCENT)
    phone = Visitor(app.test_client())
    phone.log_in("docent@school.test")
    result = runner.invoke(
        args=["user", "set-password", "--email", "docent@school.test", "--password", NEW]
    )
    assert result.exit_code == 0, result.output
    assert "Nieuw wachtwoord ingesteld voor docent@school.test; overal uitgelogd." in result.output
    assert phone.get("/account").status_code == 302
    assert Visitor(app.test_client()).log_in("docent@school.test", NEW).status_code == 302
    result = runner.invoke(
        args=["user", "set-password", "--email", "niemand@school.test", "--password", NEW]
    )
    assert result.exit_code == 1
    assert "Fout: Er is geen account met het e-mailadres niemand@school.test." in result.output
    weak = runner.invoke(
        args=["user", "set-password", "--email", "docent@school.test", "--password", "kort"]
    )
    assert weak.exit_code == 1 and "minstens 10 tekens" in weak.output
