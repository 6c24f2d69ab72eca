"""The workflow: draft -> ter beoordeling -> gepubliceerd / teruggestuurd -> gearchiveerd,
every save a revision, only drafts deleted, and no update ever lost."""

import re

import pytest
import sqlalchemy as sa
from flask import current_app

from library.accounts.models import Role
from library.accounts.policy import NotAllowed
from library.authoring import workflow
from library.db import db
from library.lessons.models import Lesson, LessonStatus, Revision
from library.lessons.service import get_lesson
from tests.helpers.editor import create
from tests.helpers.web import Visitor, make_user, signed_in

SLUG = "drijven-en-zinken"
WORKSPACE = f"/lessen/{SLUG}/werkversie"


def version_on(visitor, form_id: str = "versie-indienen") -> str:
    html = visitor.get(WORKSPACE).get_data(as_text=True)
    return re.search(rf'id="{form_id}" name="version" type="hidden" value="(\d+)"', html).group(1)


def step(visitor, name: str, **data):
    form_id = "versie-goedkeuren" if name in ("goedkeuren", "terugsturen") else f"versie-{name}"
    version = version_on(visitor, form_id)
    return visitor.post(f"/lessen/{SLUG}/{name}", {"version": version, **data}, form_page=WORKSPACE)


def publicly_listed() -> bool:
    """Whether anonymous visitors can open the lesson's page."""
    return Visitor(current_app.test_client()).get(f"/lessen/{SLUG}").status_code == 200


def found_by_search() -> bool:
    """Whether anonymous visitors find the lesson at /zoeken (the index follows the commits)."""
    html = Visitor(current_app.test_client()).get("/zoeken?q=drijven").get_data(as_text=True)
    return f'/lessen/{SLUG}"' in html


def test_the_whole_way_from_draft_to_published_and_archived(app, client):
    docent = signed_in(client, Role.DOCENT)
    create(docent)
    assert get_lesson(SLUG).status == "draft" and not publicly_listed()

    assert step(docent, "indienen").status_code == 302
    lesson = get_lesson(SLUG)
    assert lesson.status == "review" and lesson.submitted_at is not None
    assert not publicly_listed()

    moderator = signed_in(app.test_client(), Role.MODERATOR)
    assert "Drijven en zinken" in moderator.get("/beoordelen").get_data(as_text=True)
    response = step(moderator, "goedkeuren")
    assert response.status_code == 302 and response.headers["Location"] == "/beoordelen"
    lesson = get_lesson(SLUG)
    assert lesson.status == "published" and lesson.published_at is not None
    assert publicly_listed() and found_by_search()
    assert Visitor(app.test_client()).get(f"/lessen/{SLUG}").status_code == 200

    assert step(moderator, "archiveren").status_code == 302
    assert get_lesson(SLUG).status == "archived"
    assert not publicly_listed() and not found_by_search()
    assert step(moderator, "terugzetten").status_code == 302
    assert get_lesson(SLUG).status == "published"
    assert publicly_listed() and found_by_search()


def test_a_lesson_sent_back_carries_the_moderators_comment(app, client):
    leerkracht = signed_in(client, Role.LEERKRACHT)
    create(leerkracht)
    step(leerkracht, "indienen")
    moderator = signed_in(app.test_client(), Role.MODERATOR)
    response = step(moderator, "terugsturen", comment="")
    assert response.status_code == 400
    assert "Schrijf erbij wat de maker moet veranderen." in response.get_data(as_text=True)
    step(moderator, "terugsturen", comment="Voeg een werkblad toe voor groep 3.")
    lesson = get_lesson(SLUG)
    assert lesson.status == "returned"
    html = leerkracht.get(WORKSPACE).get_data(as_text=True)
    assert "Teruggestuurd" in html and "Voeg een werkblad toe voor groep 3." in html
    # The maker changes the lesson and offers it again; the comment has done its work.
    leerkracht.use_editor(f"/lessen/{SLUG}/bewerken", {"summary": "Met een werkblad erbij."})
    assert step(leerkracht, "indienen").status_code == 302
    lesson = get_lesson(SLUG)
    assert lesson.status == "review" and lesson.review_comment is None


def test_without_required_review_a_docent_publishes_directly(app, client):
    app.config["REVIEW_REQUIRED"] = False
    docent = signed_in(client, Role.DOCENT)
    create(docent)
    html = docent.get(WORKSPACE).get_data(as_text=True)
    assert ">Publiceren</button>" in html
    step(docent, "indienen")
    assert get_lesson(SLUG).status == "published"


def test_without_required_review_a_leerkracht_still_goes_through_review(app, client):
    app.config["REVIEW_REQUIRED"] = False
    leerkracht = signed_in(client, Role.LEERKRACHT)
    create(leerkracht)
    assert "Indienen voor beoordeling" in leerkracht.get(WORKSPACE).get_data(as_text=True)
    step(leerkracht, "indienen")
    assert get_lesson(SLUG).status == "review"


def test_a_pabo_student_keeps_drafts_but_cannot_submit_them(app, client):
    student = signed_in(client, Role.PABO_STUDENT)
    create(student)
    html = student.get(WORKSPACE).get_data(as_text=True)
    assert "Indienen" not in html and "Publiceren</button>" not in html
    response = student.post(
        f"/lessen/{SLUG}/indienen", {"version": "2"}, form_page=f"/lessen/{SLUG}/bewerken"
    )
    assert response.status_code == 403
    assert get_lesson(SLUG).status == "draft"


def test_every_save_is_a_revision(app, client):
    docent = signed_in(client, Role.DOCENT)
    user = docent.user
    create(docent)
    for summary in ("Tweede versie van de samenvatting.", "Derde versie van de samenvatting."):
        docent.use_editor(f"/lessen/{SLUG}/bewerken", {"summary": summary})
    revisions = db.session.scalars(
        sa.select(Revision)
        .join(Lesson, Revision.lesson_id == Lesson.id)
        .where(Lesson.slug == SLUG)
        .order_by(Revision.number)
    ).all()
    assert [r.number for r in revisions] == [1, 2, 3]
    assert all(r.author_id == user.id for r in revisions)
    # A draft's history is its owner's: the same pages as a published lesson's.
    html = docent.get(f"/lessen/{SLUG}/versies").get_data(as_text=True)
    assert 'Versie 3</a> <span class="muted">(huidig)</span>' in html
    old = docent.get(f"/lessen/{SLUG}/versies/1").get_data(as_text=True)
    assert "Je bekijkt versie 1" in old and "Wat drijft er en wat zinkt er?" in old
    assert Visitor(app.test_client()).get(f"/lessen/{SLUG}/versies").status_code == 404


def test_a_published_lesson_changed_by_a_leerkracht_goes_back_to_review(app, client):
    leerkracht = signed_in(client, Role.LEERKRACHT)
    create(leerkracht)
    step(leerkracht, "indienen")
    moderator = signed_in(app.test_client(), Role.MODERATOR)
    step(moderator, "goedkeuren")
    html = leerkracht.get(f"/lessen/{SLUG}/bewerken").get_data(as_text=True)
    assert "kijkt een moderator ze eerst na" in html
    leerkracht.use_editor(f"/lessen/{SLUG}/bewerken", {"summary": "Gewijzigd na publicatie."})
    assert get_lesson(SLUG).status == "review"


def test_only_drafts_can_be_deleted(app, client):
    docent = signed_in(client, Role.DOCENT)
    create(docent)
    assert docent.get(f"/lessen/{SLUG}/verwijderen").status_code == 200
    step(docent, "indienen")
    moderator = signed_in(app.test_client(), Role.MODERATOR)
    step(moderator, "goedkeuren")
    assert docent.get(f"/lessen/{SLUG}/verwijderen").status_code == 403
    assert moderator.get(f"/lessen/{SLUG}/verwijderen").status_code == 403


def test_deleting_a_draft_removes_it_with_its_revisions(app, client):
    docent = signed_in(client, Role.DOCENT)
    create(docent)
    page = f"/lessen/{SLUG}/verwijderen"
    html = docent.get(page).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    response = docent.post(page, {"version": version})
    assert response.status_code == 302
    assert get_lesson(SLUG) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Revision)) == 0


def test_two_people_editing_the_same_lesson_lose_nothing(app, client):
    docent = signed_in(client, Role.DOCENT)
    create(docent)
    first_tab = docent.editor(f"/lessen/{SLUG}/bewerken")
    second_tab = docent.editor(f"/lessen/{SLUG}/bewerken")
    first_tab["summary"], first_tab["action"] = "Eerste wijziging, eerst opgeslagen.", "save"
    second_tab["summary"], second_tab["action"] = "Tweede wijziging, later opgeslagen.", "save"
    docent._fresh()
    assert client.post(f"/lessen/{SLUG}/bewerken", data=first_tab).status_code == 302
    docent._fresh()
    response = client.post(f"/lessen/{SLUG}/bewerken", data=second_tab)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Deze les is intussen door iemand anders opgeslagen" in html
    assert f'href="/lessen/{SLUG}/versies/2"' in html  # their version
    assert 'href="#jouw-versie"' in html  # yours, still in the form
    assert "Tweede wijziging, later opgeslagen." in html
    assert get_lesson(SLUG).summary == "Eerste wijziging, eerst opgeslagen."
    # Saving again, knowingly, makes the second version the newest.
    from tests.helpers.web import form_fields

    again = form_fields(html, "jouw-versie")
    again["action"] = "save"
    docent._fresh()
    assert client.post(f"/lessen/{SLUG}/bewerken", data=again).status_code == 302
    assert get_lesson(SLUG).summary == "Tweede wijziging, later opgeslagen."
    assert get_lesson(SLUG).current_revision.number == 3


def test_approving_a_lesson_that_changed_since_it_was_opened_is_refused(app, client):
    docent = signed_in(client, Role.DOCENT)
    create(docent)
    step(docent, "indienen")
    moderator = signed_in(app.test_client(), Role.MODERATOR)
    seen = version_on(moderator, "versie-goedkeuren")
    docent.use_editor(f"/lessen/{SLUG}/bewerken", {"summary": "Nog snel iets anders."})
    response = moderator.post(f"/lessen/{SLUG}/goedkeuren", {"version": seen}, form_page=WORKSPACE)
    assert response.status_code == 302
    assert get_lesson(SLUG).status == "review"
    html = moderator.get(WORKSPACE).get_data(as_text=True)
    assert "De les is veranderd sinds je deze pagina opende." in html


def test_a_save_that_races_another_commit_is_a_conflict(app, client):
    """Two requests that both passed the version check: the database refuses the second."""
    docent = signed_in(client, Role.DOCENT)
    user = docent.user
    create(docent)
    lesson = get_lesson(SLUG)
    seen = lesson.version
    db.session.execute(
        sa.update(Lesson).where(Lesson.id == lesson.id).values(version=Lesson.version + 1)
    )
    with pytest.raises(workflow.EditConflict):
        workflow.submit(lesson, by=user, expected_version=seen)
    db.session.expire_all()
    assert get_lesson(SLUG).status == "draft"


@pytest.fixture
def losing_race(monkeypatch):
    """Another request commits the lesson right after this one passed its version check."""
    checked = workflow._check_version

    def check_then_lose(lesson, expected_version):
        checked(lesson, expected_version)
        with db.engine.begin() as connection:
            connection.execute(
                sa.update(Lesson).where(Lesson.id == lesson.id).values(version=Lesson.version + 1)
            )

    monkeypatch.setattr(workflow, "_check_version", check_then_lose)


def test_an_edit_that_loses_the_race_while_writing_gets_the_conflict_page(app, client, request):
    docent = signed_in(client, Role.DOCENT)
    create(docent)
    request.getfixturevalue("losing_race")
    response = docent.use_editor(f"/lessen/{SLUG}/bewerken", {"summary": "Net te laat."})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Deze les is intussen door iemand anders opgeslagen" in html
    assert "Net te laat." in html
    db.session.expire_all()
    assert get_lesson(SLUG).current_revision.number == 1


def test_services_ask_the_policy_themselves(app, client):
    docent = signed_in(client, Role.DOCENT)
    create(docent)
    lesson = get_lesson(SLUG)
    other = make_user(Role.LEERKRACHT, email="ander@school.test")
    with pytest.raises(NotAllowed):
        workflow.submit(lesson, by=other, expected_version=lesson.version)
    with pytest.raises(NotAllowed):
        workflow.approve(lesson, by=other, expected_version=lesson.version)
    assert lesson.status == LessonStatus.DRAFT.value
