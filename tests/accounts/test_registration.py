"""Registering and confirming an address, through a real SMTP server: the mail, its link,
the same answer for known addresses, and what an unconfirmed account may do."""

import time
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner

from library.accounts import policy, tokens
from library.accounts.models import Role, User
from library.db import db
from tests.helpers.lessons import make_lesson
from tests.helpers.mailbox import html_of, links, path_of, press_button_at, text_of
from tests.helpers.web import PASSWORD, Visitor, make_user

FORM = {
    "name": "Dana de Vries",
    "email": "dana@vakcollege.nl",
    "password": PASSWORD,
    "password_again": PASSWORD,
    "role": "leerkracht",
}


def user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_the_confirmation_mail_links_to_a_button_that_confirms_the_address(app, client, smtp):
    visitor = Visitor(client)
    assert visitor.post("/registreren", FORM).status_code == 302
    message = smtp.last("dana@vakcollege.nl")
    assert message["Subject"] == "Bevestig je e-mailadres voor Techniekbieb"
    assert "Hallo Dana de Vries," in text_of(message)
    assert "De link werkt 2 dagen en één keer." in text_of(message)
    [link] = links(message)
    assert link.startswith("http://bieb.test/account/bevestigen/")
    assert f'<a href="{link}">Mijn e-mailadres bevestigen</a>' in html_of(message)
    # Opening the link changes nothing (mail scanners open links); the button confirms.
    page = visitor.get(path_of(link)).get_data(as_text=True)
    assert "Ja, dit is mijn e-mailadres" in page and "dana@vakcollege.nl" in page
    assert user("dana@vakcollege.nl").email_confirmed_at is None
    response = press_button_at(visitor, link)
    assert response.status_code == 302 and response.headers["Location"] == "/inloggen"
    assert user("dana@vakcollege.nl").email_confirmed_at is not None
    # The link works once.
    again = visitor.get(path_of(link))
    assert again.status_code == 400
    assert "Deze link klopt niet of is al gebruikt." in again.get_data(as_text=True)


def test_a_known_address_gets_the_same_answer_and_its_owner_a_note(app, client, smtp):
    make_user(Role.LEERKRACHT, email="dana@vakcollege.nl", name="Dana")
    before = user("dana@vakcollege.nl").password_hash
    known = Visitor(client).post("/registreren", FORM)
    new = Visitor(app.test_client()).post("/registreren", {**FORM, "email": "nieuw@school.test"})
    assert (known.status_code, known.headers["Location"]) == (
        new.status_code,
        new.headers["Location"],
    )
    note = smtp.last("dana@vakcollege.nl")
    assert note["Subject"] == "Je hebt al een account bij Techniekbieb"
    assert "Er is al een account met dit adres: het jouwe." in text_of(note)
    assert "http://bieb.test/inloggen" in links(note)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2
    assert user("dana@vakcollege.nl").password_hash == before
    assert smtp.last("nieuw@school.test")["Subject"].startswith("Bevestig je e-mailadres")


def test_an_unconfirmed_account_keeps_drafts_but_does_not_submit_or_share(app, client, smtp):
    Visitor(client).post("/registreren", FORM)
    dana = user("dana@vakcollege.nl")
    other = make_user(Role.DOCENT)
    draft = make_lesson("dana-concept", dana, "draft")
    published = make_lesson("andermans-les", other, "published")
    assert policy.can(dana, "edit", draft) and policy.can(dana, "create")
    assert not policy.can(dana, "submit", draft)
    assert not policy.can(dana, "share_experience", published)
    visitor = Visitor(client)
    visitor.log_in("dana@vakcollege.nl")
    workspace = visitor.get("/lessen/dana-concept/werkversie").get_data(as_text=True)
    assert "Bevestig eerst je e-mailadres" in workspace
    assert "Indienen voor beoordeling" not in workspace
    assert visitor.get("/lessen/andermans-les/ervaring").status_code == 403
    press_button_at(visitor, links(smtp.last("dana@vakcollege.nl"))[0])
    db.session.refresh(dana)
    assert policy.can(dana, "submit", draft) and policy.can(dana, "share_experience", published)


def test_forged_expired_and_misused_links_are_refused(app, client, monkeypatch):
    make_user(Role.LEERKRACHT)
    leerkracht = user("leerkracht@school.test")
    leerkracht.email_confirmed_at = None
    db.session.commit()
    token = tokens.make(leerkracht, "confirm")
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (forged, "x" * 1000, tokens.make(leerkracht, "reset")):
        response = client.get(f"/account/bevestigen/{bad}")
        assert response.status_code == 400
        assert "Deze link klopt niet of is al gebruikt." in response.get_data(as_text=True)
    three_days_ago = int(time.time()) - 3 * 24 * 3600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: three_days_ago)
    old = tokens.make(leerkracht, "confirm")
    monkeypatch.undo()
    response = client.get(f"/account/bevestigen/{old}")
    assert response.status_code == 400
    assert "Deze link is verlopen. Vraag een nieuwe aan." in response.get_data(as_text=True)
    with pytest.raises(tokens.InvalidLink):
        tokens.read(old, "confirm")


def test_asking_for_the_confirmation_again_is_limited(app, client, smtp):
    Visitor(client).post("/registreren", FORM)
    visitor = Visitor(client)
    visitor.log_in("dana@vakcollege.nl")
    for _ in range(3):
        response = visitor.post("/account/bevestigingsmail", form_page="/account")
        assert response.status_code == 302
    html = visitor.get("/account").get_data(as_text=True)
    assert "We hebben een nieuwe link gestuurd naar dana@vakcollege.nl." in html
    visitor.post("/account/bevestigingsmail", form_page="/account")
    html = visitor.get("/account").get_data(as_text=True)
    assert "We hebben je net al een paar bevestigingsmails gestuurd." in html
    assert len(smtp.to("dana@vakcollege.nl")) == 4  # the first and three more
    # Any of the links confirms; then the others are spent too.
    first, *rest = [links(m)[0] for m in smtp.to("dana@vakcollege.nl")]
    press_button_at(visitor, rest[-1])
    assert visitor.get(path_of(first)).status_code == 400


def test_the_way_back_to_a_lesson_survives_registering_confirming_and_logging_in(
    imported, client, smtp
):
    lesson_page = "/lessen/magneten-onderzoeken"
    visitor = Visitor(client)
    html = visitor.get(lesson_page).get_data(as_text=True)
    assert f'href="/inloggen?next={lesson_page}"' in html  # "Aanpassen voor mijn klas"
    login = visitor.get(f"/inloggen?next={lesson_page}").get_data(as_text=True)
    assert f'href="/registreren?next={lesson_page}"' in login
    register = f"/registreren?next={lesson_page}"
    assert visitor.post(register, FORM).status_code == 302
    [link] = links(smtp.last("dana@vakcollege.nl"))
    assert link.endswith(f"?next={lesson_page}")
    response = press_button_at(visitor, link)
    assert response.headers["Location"] == f"/inloggen?next={lesson_page}"
    response = visitor.post(
        response.headers["Location"], {"email": FORM["email"], "password": PASSWORD}
    )
    assert response.headers["Location"] == lesson_page
    assert "Aanpassen voor mijn klas</button>" in visitor.get(lesson_page).get_data(as_text=True)


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_a_way_back_that_leaves_the_site_is_dropped_at_every_step(app, client, smtp, target):
    visitor = Visitor(client)
    page = visitor.get("/registreren", query_string={"next": target}).get_data(as_text=True)
    assert 'action="/registreren"' in page and 'href="/inloggen">Log in</a>' in page
    assert visitor.post("/registreren?" + urlencode({"next": target}), FORM).status_code == 302
    [link] = links(smtp.last("dana@vakcollege.nl"))
    assert "next" not in link
    forged = path_of(link) + "?" + urlencode({"next": target})
    confirm_page = visitor.get(forged).get_data(as_text=True)
    assert f'action="{path_of(link)}"' in confirm_page
    response = press_button_at(visitor, forged)
    assert response.headers["Location"] == "/inloggen"
