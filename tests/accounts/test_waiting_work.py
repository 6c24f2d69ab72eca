"""Honest roles and counts: the navigation tells moderators and admins how much waits for
them, and the registration page promises a docent only what the settings let her do."""

import re

import pytest

from library.accounts import service
from library.accounts.models import Role
from library.db import db
from tests.helpers.lessons import make_lesson
from tests.helpers.web import Visitor, make_user, signed_in


def nav_link(html: str, name: str) -> str:
    """The main menu's link text as a screen reader reads it (hidden words included)."""
    nav = html.split('aria-label="Hoofdmenu"')[1].split("</nav>")[0]
    for link in re.findall(r"<a [^>]*>(.*?)</a>", nav):
        if link.startswith(name):
            return re.sub(r'<span class="count-badge" aria-hidden="true">\d+</span>', "", link)
    raise AssertionError(f"no link {name!r} in the menu")


def readable(link: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", link).split())


def test_moderators_see_how_many_lessons_wait_for_review(app, client):
    owner = make_user(Role.LEERKRACHT)
    moderator = signed_in(client, Role.MODERATOR)
    assert readable(nav_link(moderator.get("/").get_data(as_text=True), "Beoordelen")) == (
        "Beoordelen"
    )
    for slug in ("brug-van-papier", "magneten-onderzoeken", "brug-voor-kleuters"):
        make_lesson(slug, owner, "review")
    make_lesson("een-concept", owner, "draft")
    html = moderator.get("/").get_data(as_text=True)
    assert readable(nav_link(html, "Beoordelen")) == "Beoordelen (3 wachten)"
    assert '<span class="count-badge" aria-hidden="true">3</span>' in html
    teacher = signed_in(app.test_client(), Role.LEERKRACHT, email="juf@school.test")
    assert "count-badge" not in teacher.get("/").get_data(as_text=True)


def test_admins_see_how_many_role_requests_wait(app, client):
    asking = make_user(Role.LEERKRACHT, email="docent@school.test")
    service.request_role(asking, Role.DOCENT)
    admin = signed_in(client, Role.ADMIN)
    html = admin.get("/").get_data(as_text=True)
    assert readable(nav_link(html, "Gebruikers")) == "Gebruikers (1 aanvraag)"
    service.request_role(asking, Role.LEERKRACHT)  # withdrawn
    db.session.expire_all()
    assert readable(nav_link(admin.get("/").get_data(as_text=True), "Gebruikers")) == ("Gebruikers")


@pytest.mark.parametrize(
    ("review_required", "promise", "not_promised"),
    [
        (
            True,
            "een moderator kijkt ze na voordat ze gepubliceerd worden",
            "Je maakt en publiceert",
        ),
        (
            False,
            "Je maakt en publiceert lessen zonder dat een moderator",
            "voordat ze gepubliceerd",
        ),
    ],
)
def test_the_docent_is_promised_what_the_review_setting_does(
    app, client, review_required, promise, not_promised
):
    app.config["REVIEW_REQUIRED"] = review_required
    html = Visitor(client).get("/registreren").get_data(as_text=True)
    assert promise in html and not_promised not in html
