"""Changing the e-mail address through a real SMTP server: the new address confirms with a
link, the old one is told, and nothing changes before the link is followed."""

from library.accounts import tokens
from library.accounts.models import Role
from library.db import db
from tests.helpers.mailbox import links, path_of, press_button_at, text_of
from tests.helpers.web import PASSWORD, Visitor, make_user

NEW = "juf.docent@andere-school.nl"


def ask(visitor: Visitor, email: str = NEW, password: str = PASSWORD):
    return visitor.post("/account/e-mailadres", {"email": email, "password": password})


def test_the_new_address_confirms_and_the_old_one_is_told(app, client, smtp):
    docent = make_user(Role.DOCENT)
    visitor = Visitor(client)
    visitor.log_in("docent@school.test")
    response = ask(visitor)
    assert response.headers["Location"] == "/kijk-in-je-mail?reden=e-mailadres"
    message = smtp.last(NEW)
    assert message["Subject"] == "Bevestig je nieuwe e-mailadres voor Techniekbieb"
    [link] = links(message)
    # Nothing changes before the link is followed and its button pressed.
    page = visitor.get(path_of(link)).get_data(as_text=True)
    assert NEW in page and "Ja, gebruik dit adres" in page
    db.session.refresh(docent)
    assert docent.email == "docent@school.test"
    response = press_button_at(visitor, link)
    assert response.headers["Location"] == "/account"
    db.session.refresh(docent)
    assert docent.email == NEW
    told = smtp.last("docent@school.test")
    assert told["Subject"] == "Je e-mailadres bij Techniekbieb is gewijzigd"
    assert f"gebruikt vanaf nu het e-mailadres {NEW}" in text_of(told)
    assert Visitor(app.test_client()).log_in(NEW).status_code == 302
    assert visitor.get(path_of(link)).status_code == 400  # once only


def test_the_password_is_needed_and_the_new_address_must_differ(app, client, smtp):
    make_user(Role.DOCENT)
    visitor = Visitor(client)
    visitor.log_in("docent@school.test")
    response = ask(visitor, password="fout fout fout")
    assert response.status_code == 400
    assert "Je wachtwoord klopt niet." in response.get_data(as_text=True)
    response = ask(visitor, email="Docent@School.test")
    assert "Dit is al je e-mailadres." in response.get_data(as_text=True)
    assert smtp.messages == []


def test_an_address_that_has_an_account_gets_a_note_not_a_link(app, client, smtp):
    make_user(Role.DOCENT)
    make_user(Role.LEERKRACHT, email=NEW)
    visitor = Visitor(client)
    visitor.log_in("docent@school.test")
    assert ask(visitor).headers["Location"] == "/kijk-in-je-mail?reden=e-mailadres"
    note = smtp.last(NEW)
    assert note["Subject"] == "Je hebt al een account bij Techniekbieb"
    assert not any("bevestigen" in link for link in links(note))


def test_a_change_link_dies_when_the_address_is_taken_or_changed_meanwhile(app, client, smtp):
    docent = make_user(Role.DOCENT)
    token = tokens.make(docent, "email", NEW)
    make_user(Role.LEERKRACHT, email=NEW)
    response = client.get(f"/account/e-mailadres-bevestigen/{token}")
    assert response.status_code == 400
    assert "Er is inmiddels een ander account met dit e-mailadres." in response.get_data(
        as_text=True
    )
    other = tokens.make(docent, "email", "derde@school.test")
    docent.email = "vierde@school.test"
    db.session.commit()
    assert client.get(f"/account/e-mailadres-bevestigen/{other}").status_code == 400
