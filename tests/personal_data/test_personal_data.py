"""Mijn gegevens: the ZIP of everything about an account, and deleting it (by its owner or an
admin) so that published lessons stay and everything else goes."""

import io
import json
import zipfile

import sqlalchemy as sa

from library.accounts.models import LoginSession, Role, User
from library.collections import service as collections
from library.collections.models import Collection, SavedLesson
from library.db import db
from library.experiences import service as experiences
from library.experiences.models import Experience
from library.lessons.models import Lesson
from library.lines import service as lines
from library.lines.models import LearningLine
from tests.helpers.lessons import PDF, make_lesson
from tests.helpers.mailbox import text_of
from tests.helpers.web import PASSWORD, Visitor, make_user

REPORT = experiences.Report(grade="groep-7-8", minutes=50, rating=5, went_well="Top.")


def lesson_by(owner: User, slug: str, status: str) -> Lesson:
    """A lesson of `owner` that names them as maker, as the editor does."""
    lesson = make_lesson(slug, owner, status)
    revision = lesson.current_revision
    revision.metadata_ = {**revision.metadata_, "authors": [owner.name, "Co Maker"]}
    db.session.commit()
    return lesson


def a_teacher_with_everything():
    dana = make_user(Role.LEERKRACHT, email="dana@school.test", name="Dana de Vries")
    other = make_user(Role.DOCENT)
    published = lesson_by(dana, "dana-gepubliceerd", "published")
    draft = lesson_by(dana, "dana-concept", "draft")
    theirs = make_lesson("andermans-les", other, "published")
    collections.save_lesson(dana, theirs)
    collection = collections.create_collection(dana, "Voor groep 7")
    collections.add_lesson(collection, theirs)
    experiences.share(dana, theirs, REPORT)
    line = lines.create_line(dana, "Mijn lijn")
    return dana, published, draft, line


def read_zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "application/zip"
    assert response.headers["Cache-Control"] == "private, no-store"
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_the_zip_holds_everything_about_the_account_and_no_password(app, client):
    dana, *_ = a_teacher_with_everything()
    visitor = Visitor(client)
    visitor.log_in("dana@school.test")
    assert "Mijn gegevens downloaden (ZIP)" in visitor.get("/account/mijn-gegevens").get_data(
        as_text=True
    )
    archive = read_zip(visitor.get("/account/mijn-gegevens.zip"))
    names = set(archive.namelist())
    assert {
        "LEESMIJ.txt",
        "account.json",
        "lessen/dana-gepubliceerd.md",
        "lessen/dana-gepubliceerd/werkblad.pdf",
        "lessen/dana-concept.md",
        "versies.json",
        "collecties.json",
        "ervaringen.json",
        "leerlijnen.json",
    } <= names
    account = json.loads(archive.read("account.json"))
    assert account["email"] == "dana@school.test" and account["name"] == "Dana de Vries"
    assert archive.read("lessen/dana-gepubliceerd/werkblad.pdf") == PDF
    assert "title: dana-concept" in archive.read("lessen/dana-concept.md").decode()
    versions = json.loads(archive.read("versies.json"))
    assert {v["lesson"] for v in versions} == {"dana-gepubliceerd", "dana-concept"}
    kept = json.loads(archive.read("collecties.json"))
    assert [s["lesson"] for s in kept["saved_lessons"]] == ["andermans-les"]
    assert kept["collections"][0]["title"] == "Voor groep 7"
    assert json.loads(archive.read("ervaringen.json"))[0]["lesson"] == "andermans-les"
    assert json.loads(archive.read("leerlijnen.json"))[0]["title"] == "Mijn lijn"
    everything = b"".join(archive.read(name) for name in names)
    assert dana.password_hash.encode() not in everything and b"scrypt" not in everything


def test_deleting_keeps_published_lessons_and_removes_the_rest(app, client, smtp):
    dana, published, draft, line = a_teacher_with_everything()
    published_id, draft_id, line_id, dana_id = published.id, draft.id, line.id, dana.id
    visitor, phone = Visitor(client), Visitor(app.test_client())
    visitor.log_in("dana@school.test")
    phone.log_in("dana@school.test")
    response = visitor.post(
        "/account/verwijderen",
        {"name_at_lessons": "naam", "password": PASSWORD, "sure": "y"},
        form_page="/account/mijn-gegevens",
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"
    db.session.expire_all()
    assert db.session.get(User, dana_id) is None
    kept = db.session.get(Lesson, published_id)
    assert kept is not None and kept.owner_id is None
    assert kept.current_revision.metadata_["authors"] == ["Dana de Vries", "Co Maker"]
    assert db.session.get(Lesson, draft_id) is None
    assert db.session.get(LearningLine, line_id) is None  # never published
    for model in (Collection, SavedLesson, Experience, LoginSession):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0, model
    assert phone.get("/account").status_code == 302
    assert client.get("/lessen/dana-gepubliceerd").status_code == 200
    farewell = smtp.last("dana@school.test")
    assert farewell["Subject"] == "Je account bij Techniekbieb is verwijderd"
    assert "met je naam als maker" in text_of(farewell)
    assert "horen niet bij elkaar" in Visitor(app.test_client()).log_in(
        "dana@school.test"
    ).get_data(as_text=True)


def test_deleting_anonymously_puts_anoniem_where_the_name_stood(app, client):
    dana, published, *_ = a_teacher_with_everything()
    published_id = published.id
    visitor = Visitor(client)
    visitor.log_in("dana@school.test")
    visitor.post(
        "/account/verwijderen",
        {"name_at_lessons": "anoniem", "password": PASSWORD, "sure": "y"},
        form_page="/account/mijn-gegevens",
    )
    db.session.expire_all()
    kept = db.session.get(Lesson, published_id)
    assert kept.current_revision.metadata_["authors"] == ["anoniem", "Co Maker"]
    assert {r.author for r in kept.revisions} == {"anoniem"}
    html = client.get("/lessen/dana-gepubliceerd").get_data(as_text=True)
    assert "Dana de Vries" not in html and "anoniem" in html


def test_deleting_needs_the_password_and_the_check(app, client):
    a_teacher_with_everything()
    visitor = Visitor(client)
    visitor.log_in("dana@school.test")
    for data, message in [
        ({"name_at_lessons": "naam", "password": "fout fout fout", "sure": "y"}, "klopt niet"),
        ({"name_at_lessons": "naam", "password": PASSWORD}, "Vink aan dat je dit begrijpt."),
    ]:
        response = visitor.post("/account/verwijderen", data, form_page="/account/mijn-gegevens")
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(User).where(User.email == "dana@school.test"))


def test_an_admin_downloads_and_deletes_someone_else(app, client, smtp):
    dana, published, *_ = a_teacher_with_everything()
    dana_id = dana.id
    make_user(Role.ADMIN)
    admin = Visitor(client)
    admin.log_in("admin@school.test")
    users_page = admin.get("/beheer/gebruikers").get_data(as_text=True)
    assert f"/beheer/gebruikers/{dana_id}/verwijderen" in users_page
    archive = read_zip(admin.get(f"/beheer/gebruikers/{dana_id}/gegevens.zip"))
    assert "lessen/dana-concept.md" in archive.namelist()
    response = admin.post(
        f"/beheer/gebruikers/{dana_id}/verwijderen", {"name_at_lessons": "naam", "sure": "y"}
    )
    assert response.status_code == 302
    assert db.session.get(User, dana_id) is None
    # Nobody else reaches another's data; the last admin cannot leave.
    docent = Visitor(app.test_client())
    docent.log_in("docent@school.test")
    admin_id = db.session.scalar(sa.select(User.id).where(User.email == "admin@school.test"))
    assert docent.get(f"/beheer/gebruikers/{admin_id}/gegevens.zip").status_code == 403
    response = admin.post(
        "/account/verwijderen",
        {"name_at_lessons": "naam", "password": PASSWORD, "sure": "y"},
        form_page="/account/mijn-gegevens",
    )
    assert "Dit is het enige beheerdersaccount." in response.get_data(as_text=True)
