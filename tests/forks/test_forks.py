"""Adapting lessons: fork with licence rules, take over changes of the original,
restore old revisions, and download counting."""

import sqlalchemy as sa

from library.accounts.models import Role
from library.authoring import workflow
from library.db import db
from library.forks import service
from library.lessons.importer import import_path
from library.lessons.models import Lesson, LessonStatus
from library.vocab.licences import allowed_for_adaptation
from library.vocab.loader import load_vocabularies
from tests.helpers.web import Visitor, make_user, signed_in


def lesson(slug):
    db.session.expire_all()
    return db.session.scalar(sa.select(Lesson).where(Lesson.slug == slug))


def set_licence(fixture_lessons, slug, licence):
    path = fixture_lessons / f"{slug}.md"
    text = path.read_text()
    if "license:" in text:
        text = "\n".join(
            f"license: {licence}" if line.startswith("license:") else line
            for line in text.splitlines()
        )
    else:
        text = text.replace("kind:", f"license: {licence}\nkind:", 1)
    path.write_text(text + "\n")
    import_path(fixture_lessons)


def test_licence_rules_for_adaptations():
    licenses = load_vocabularies().licenses
    assert allowed_for_adaptation(licenses.get("CC-BY-ND-4.0"), licenses) == []
    assert allowed_for_adaptation(licenses.get("CC-BY-SA-4.0"), licenses) == ["CC-BY-SA-4.0"]
    assert allowed_for_adaptation(licenses.get("CC-BY-NC-SA-4.0"), licenses) == ["CC-BY-NC-SA-4.0"]
    assert set(allowed_for_adaptation(licenses.get("CC-BY-NC-4.0"), licenses)) == {
        "CC-BY-NC-4.0",
        "CC-BY-NC-SA-4.0",
        "CC-BY-NC-ND-4.0",
    }
    assert "CC0-1.0" not in allowed_for_adaptation(licenses.get("CC-BY-4.0"), licenses)


def test_teacher_forks_a_lesson_into_an_editable_draft_of_their_own(imported, client, app):
    visitor = signed_in(client, Role.LEERKRACHT)
    user = visitor.user
    page = visitor.get("/lessen/magneten-onderzoeken").get_data(as_text=True)
    assert "Aanpassen voor mijn klas</button>" in page
    response = visitor.post(
        "/lessen/magneten-onderzoeken/aanpassen", form_page="/lessen/magneten-onderzoeken"
    )
    assert response.status_code == 302
    copy_slug = response.headers["Location"].split("/lessen/")[1].split("/")[0]
    copy = lesson(copy_slug)
    assert copy.status == LessonStatus.DRAFT.value and copy.owner_id == user.id
    assert copy.forked_from.slug == "magneten-onderzoeken" and copy.forked_from_revision.number == 1
    meta = copy.current_revision.metadata_
    assert meta["forked_from"] == "magneten-onderzoeken@1"
    assert meta["authors"] == [user.name] and meta["license"] == "CC-BY-SA-4.0"
    assert [a.filename for a in copy.current_revision.attachments] == ["werkblad.pdf"]
    # The draft is private; the original counts it but does not list it yet.
    anonymous = Visitor(app.test_client())
    assert anonymous.get(f"/lessen/{copy_slug}").status_code == 404
    original = anonymous.get("/lessen/magneten-onderzoeken").get_data(as_text=True)
    assert "1 keer aangepast" in original and copy_slug not in original


def test_anonymous_visitors_are_asked_to_log_in(imported, client):
    page = client.get("/lessen/magneten-onderzoeken").get_data(as_text=True)
    assert "/inloggen?next=/lessen/magneten-onderzoeken" in page
    response = Visitor(client).post_without_token("/lessen/magneten-onderzoeken/aanpassen")
    assert response.status_code in (302, 400)
    assert (
        lesson("magneten-onderzoeken") is not None
        and db.session.scalar(sa.select(sa.func.count()).select_from(Lesson)) == 3
    )


def test_a_licence_the_vocabulary_does_not_know_is_adaptable_for_visitors_too(imported, client):
    # The policy lets anyone signed in adapt it; the page once told visitors otherwise.
    lesson("magneten-onderzoeken").license = "eigen-licentie"
    db.session.commit()
    page = client.get("/lessen/magneten-onderzoeken").get_data(as_text=True)
    assert 'Aanpassen voor mijn klas <span class="muted">(eerst inloggen)</span>' in page
    visitor = signed_in(client, Role.LEERKRACHT)
    page = visitor.get("/lessen/magneten-onderzoeken").get_data(as_text=True)
    assert "Aanpassen voor mijn klas</button>" in page


def test_no_derivatives_means_no_button_and_a_refused_post(imported, client, fixture_lessons):
    set_licence(fixture_lessons, "magneten-onderzoeken", "CC-BY-ND-4.0")
    anonymous = client.get("/lessen/magneten-onderzoeken").get_data(as_text=True)
    assert "Aanpassen voor mijn klas" not in anonymous
    visitor = signed_in(client, Role.LEERKRACHT)
    page = visitor.get("/lessen/magneten-onderzoeken").get_data(as_text=True)
    assert "Aanpassen voor mijn klas" not in page
    assert "kun je de les niet aanpassen" in page
    response = visitor.post("/lessen/magneten-onderzoeken/aanpassen", form_page="/account")
    assert response.status_code == 403
    assert "staat geen aangepaste versies toe" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Lesson)) == 3


def test_share_alike_and_non_commercial_are_kept(imported, client, fixture_lessons):
    user = make_user(Role.LEERKRACHT)
    copy = service.fork_lesson(lesson("magneten-onderzoeken"), by=user)
    document = service.document_from_revision(copy.current_revision)
    document.metadata["license"] = "CC-BY-4.0"
    try:
        workflow.save_lesson(copy, document, [], by=user, expected_version=copy.version)
    except workflow.LicenceNotAllowed as refused:
        assert "moet daarom onder CC BY-SA 4.0" in str(refused)
    else:
        raise AssertionError("a ShareAlike adaptation was relicensed")
    set_licence(fixture_lessons, "brug-van-papier", "CC-BY-NC-4.0")
    copy = service.fork_lesson(lesson("brug-van-papier"), by=user)
    document = service.document_from_revision(copy.current_revision)
    document.metadata["license"] = "CC-BY-NC-SA-4.0"
    assert workflow.save_lesson(copy, document, [], by=user, expected_version=copy.version)
    assert lesson(copy.slug).license == "CC-BY-NC-SA-4.0"


def test_fork_of_a_fork_credits_the_whole_chain(imported, client, app):
    app.config["REVIEW_REQUIRED"] = False
    user = make_user(Role.DOCENT)
    copy = service.fork_lesson(lesson("brug-voor-kleuters"), by=user)
    workflow.submit(copy, by=user, expected_version=copy.version)
    html = client.get(f"/lessen/{copy.slug}").get_data(as_text=True)
    assert (
        "Een brug voor de knuffels</a> door Sanne de Vries, Piet Klaassen, dat weer gebaseerd is op"
        in html
    )
    assert "De sterkste brug van papier</a> door Sanne de Vries" in html


def test_fork_takes_over_a_changed_section_of_the_original(imported, client, fixture_lessons, app):
    app.config["REVIEW_REQUIRED"] = False
    visitor = signed_in(client, Role.DOCENT)
    user = visitor.user
    copy = service.fork_lesson(lesson("brug-van-papier"), by=user)
    workflow.submit(copy, by=user, expected_version=copy.version)
    path = fixture_lessons / "brug-van-papier.md"
    path.write_text(
        path.read_text().replace("Teken je ontwerp.", "Teken je ontwerp met maten erbij.")
    )
    import_path(fixture_lessons)
    url = f"/lessen/{copy.slug}/vergelijk-met-origineel"
    page = visitor.get(url).get_data(as_text=True)
    assert "Het origineel is sindsdien veranderd" in page
    assert "Neem deze wijziging over" in page
    response = visitor.post(
        f"/lessen/{copy.slug}/overnemen",
        {"onderdeel": "phase:ontwerpvoorstel-maken", "version": str(lesson(copy.slug).version)},
        form_page=url,
    )
    assert response.status_code == 302
    fork = lesson(copy.slug)
    assert fork.current_revision.number == 2
    assert fork.current_revision.message == "Overgenomen uit het origineel: Ontwerpen"
    section = next(s for s in fork.current_revision.sections if s.phase == "ontwerpvoorstel-maken")
    assert section.markdown == "Teken je ontwerp met maten erbij."
    assert "Deze wijziging staat al in jouw les." in visitor.get(url).get_data(as_text=True)


def test_only_the_owner_takes_over_changes(imported, client, app):
    app.config["REVIEW_REQUIRED"] = False
    owner = make_user(Role.DOCENT)
    copy = service.fork_lesson(lesson("brug-van-papier"), by=owner)
    workflow.submit(copy, by=owner, expected_version=copy.version)
    stranger = signed_in(client, Role.DOCENT, email="ander@school.test")
    response = stranger.post(
        f"/lessen/{copy.slug}/overnemen",
        {"onderdeel": "phase:verkennen", "version": str(copy.version)},
        form_page="/account",
    )
    assert response.status_code == 403
    assert lesson(copy.slug).current_revision.number == 1


def test_owner_restores_an_old_revision_as_a_new_one(imported, client, app):
    app.config["REVIEW_REQUIRED"] = False
    visitor = signed_in(client, Role.DOCENT)
    user = visitor.user
    copy = service.fork_lesson(lesson("brug-van-papier"), by=user)
    document = service.document_from_revision(copy.current_revision)
    document.metadata["title"] = "Een andere titel"
    workflow.save_lesson(copy, document, [], by=user, expected_version=copy.version)
    workflow.submit(lesson(copy.slug), by=user, expected_version=lesson(copy.slug).version)
    url = f"/lessen/{copy.slug}/versies"
    assert "Zet versie 1 terug" in visitor.get(url).get_data(as_text=True)
    response = visitor.post(
        f"/lessen/{copy.slug}/versies/1/terugzetten",
        {"version": str(lesson(copy.slug).version)},
        form_page=url,
    )
    assert response.status_code == 302
    restored = lesson(copy.slug)
    assert [r.number for r in restored.revisions] == [1, 2, 3]
    assert restored.current_revision.message == "Versie 1 teruggezet"
    assert restored.title == "De sterkste brug van papier"
    assert "Zet versie" not in Visitor(app.test_client()).get(url).get_data(as_text=True)


def test_downloads_are_counted_without_touching_the_lesson_version(imported, client):
    before = lesson("brug-van-papier").version
    client.get("/lessen/brug-van-papier/download")
    client.get("/lessen/brug-van-papier/download")
    counted = lesson("brug-van-papier")
    assert counted.download_count == 2 and counted.version == before
    assert "2 keer gedownload." in client.get("/lessen/brug-van-papier").get_data(as_text=True)


def test_a_harvest_origin_is_not_copied_into_an_adaptation(imported):
    source = lesson("brug-van-papier")
    source.current_revision.metadata_ = {
        **source.current_revision.metadata_,
        "x-harvest-origin": {"base_url": "https://elders.example/oai"},
    }
    db.session.commit()
    copy = service.fork_lesson(lesson("brug-van-papier"), by=make_user(Role.LEERKRACHT))
    assert "x-harvest-origin" not in copy.current_revision.metadata_
