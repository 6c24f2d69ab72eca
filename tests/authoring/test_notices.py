"""Mails about lessons, through a real SMTP server: the review outcome and new experiences
to the maker, the daily digest to moderators, each as the account page lets people choose."""

from library.accounts.models import Role
from library.authoring import workflow
from library.db import db
from library.experiences import service as experiences
from tests.helpers.lessons import make_lesson
from tests.helpers.mailbox import links, text_of
from tests.helpers.web import Visitor, make_user

REPORT = experiences.Report(grade="groep-7-8", minutes=60, rating=4, went_well="Fijn.")


def test_the_maker_hears_that_the_lesson_was_published_or_sent_back(app, smtp):
    maker = make_user(Role.LEERKRACHT)
    moderator = make_user(Role.MODERATOR)
    first = make_lesson("eerste-les", maker, "review")
    second = make_lesson("tweede-les", maker, "review")
    workflow.approve(first, by=moderator, expected_version=first.version)
    published = smtp.last("leerkracht@school.test")
    assert published["Subject"] == f"Je les is gepubliceerd: {first.title}"
    assert "http://bieb.test/lessen/eerste-les/werkversie" in links(published)
    workflow.send_back(
        second,
        by=moderator,
        comment="Voeg een veiligheidsregel toe.",
        expected_version=second.version,
    )
    returned = smtp.last("leerkracht@school.test")
    assert returned["Subject"] == f"Je les is teruggestuurd: {second.title}"
    assert "Voeg een veiligheidsregel toe." in text_of(returned)
    assert "http://bieb.test/account#mails" in links(returned)


def test_no_review_mail_for_a_maker_who_turned_it_off(app, client, smtp):
    maker = make_user(Role.LEERKRACHT)
    moderator = make_user(Role.MODERATOR)
    visitor = Visitor(client)
    visitor.log_in("leerkracht@school.test")
    response = visitor.post("/account/mails", {"notify_experiences": "y"}, form_page="/account")
    assert response.headers["Location"] == "/account#mails"
    db.session.refresh(maker)
    assert (maker.notify_review, maker.notify_experiences, maker.notify_digest) == (
        False,
        True,
        True,  # not a reviewer: the digest box is not shown, and its value kept
    )
    lesson = make_lesson("een-les", maker, "review")
    workflow.approve(lesson, by=moderator, expected_version=lesson.version)
    assert smtp.messages == []


def test_the_maker_hears_of_a_new_experience_unless_it_is_held_or_unwanted(app, smtp):
    maker = make_user(Role.LEERKRACHT)
    lesson = make_lesson("gegeven-les", maker, "published")
    teacher = make_user(Role.DOCENT, name="Tim Leraar")
    experiences.share(teacher, lesson, REPORT)
    message = smtp.last("leerkracht@school.test")
    assert message["Subject"] == f"Een nieuwe ervaring bij je les {lesson.title}"
    assert "Tim Leraar heeft je les" in text_of(message)
    assert "http://bieb.test/lessen/gegeven-les#ervaringen" in links(message)
    # Editing it again is not news.
    experiences.share(teacher, lesson, REPORT)
    assert len(smtp.to("leerkracht@school.test")) == 1
    maker.notify_experiences = False
    db.session.commit()
    other = make_user(Role.DOCENT, email="ander@school.test")
    experiences.share(other, lesson, REPORT)
    assert len(smtp.to("leerkracht@school.test")) == 1


def test_moderators_get_a_digest_of_the_waiting_lessons(app, runner, smtp):
    maker = make_user(Role.LEERKRACHT, name="Lotte Leerkracht")
    make_user(Role.MODERATOR)
    admin = make_user(Role.ADMIN)
    make_user(Role.DOCENT)
    result = runner.invoke(args=["review", "digest"])
    assert "Overzicht gemaild aan 0 moderator(en)." in result.output
    assert smtp.messages == []
    make_lesson("wacht-een", maker, "review")
    make_lesson("wacht-twee", maker, "review")
    admin.notify_digest = False
    db.session.commit()
    result = runner.invoke(args=["review", "digest"])
    assert result.exit_code == 0 and "Overzicht gemaild aan 1 moderator(en)." in result.output
    assert [m["To"] for m in smtp.messages] == ["moderator@school.test"]
    digest = smtp.last("moderator@school.test")
    assert digest["Subject"] == "2 lessen wachten op beoordeling"
    assert "(door Lotte Leerkracht)" in text_of(digest)
    assert "http://bieb.test/lessen/wacht-een/werkversie" in links(digest)
    assert "http://bieb.test/beoordelen" in links(digest)


def test_only_reviewers_are_offered_the_digest(app, client):
    make_user(Role.LEERKRACHT)
    make_user(Role.MODERATOR)
    teacher, moderator = Visitor(client), Visitor(app.test_client())
    teacher.log_in("leerkracht@school.test")
    moderator.log_in("moderator@school.test")
    assert "Elke dag een overzicht" not in teacher.get("/account").get_data(as_text=True)
    assert "Elke dag een overzicht" in moderator.get("/account").get_data(as_text=True)
