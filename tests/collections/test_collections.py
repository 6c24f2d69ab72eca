"""`Mijn lessen` and collections: saving, naming, ordering, sharing by link, and who may see what."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from library.collections import service
from library.collections.models import Collection
from library.db import db
from library.lessons.models import Lesson, LessonStatus
from tests.helpers.web import Visitor, make_user, signed_in

PAPER, TODDLERS, MAGNETS = "brug-van-papier", "brug-voor-kleuters", "magneten-onderzoeken"
LONG_AGO = datetime(2024, 1, 1, tzinfo=UTC)


@pytest.fixture
def teacher(imported, app):
    return signed_in(app.test_client(), "leerkracht", email="juf@school.test", name="Juf Anna")


@pytest.fixture
def anonymous(imported, app):
    return Visitor(app.test_client())


@pytest.fixture
def stranger(imported, app):
    return signed_in(
        app.test_client(), "leerkracht", email="meester@school.test", name="Meester Bob"
    )


def lesson(slug):
    return db.session.scalar(sa.select(Lesson).where(Lesson.slug == slug))


def only_collection():
    return db.session.scalar(sa.select(Collection))


def add(visitor, slug, **data):
    return visitor.post(f"/lessen/{slug}/in-collectie", data, form_page=f"/lessen/{slug}")


def titles_in(html):
    return [
        part.split("</a>")[0] for part in html.split('class="card-title"><a href="/lessen/')[1:]
    ]


def test_anonymous_visitors_are_asked_to_log_in(imported, client):
    response = client.get("/mijn-lessen")
    assert response.status_code == 302 and response.headers["Location"].startswith("/inloggen")
    assert "Bewaren" not in client.get(f"/lessen/{PAPER}").get_data(as_text=True)


def test_a_teacher_saves_a_lesson_and_finds_it_in_mijn_lessen(teacher):
    page = teacher.get(f"/lessen/{PAPER}").get_data(as_text=True)
    assert '<button type="submit">Bewaren</button>' in page
    response = teacher.post(f"/lessen/{PAPER}/bewaren", form_page=f"/lessen/{PAPER}")
    assert response.headers["Location"] == f"/lessen/{PAPER}#bewaren"
    assert "Bewaard in" in teacher.get(f"/lessen/{PAPER}").get_data(as_text=True)
    mine = teacher.get("/mijn-lessen").get_data(as_text=True)
    assert "De sterkste brug van papier" in mine
    teacher.post(f"/lessen/{PAPER}/bewaren", form_page=f"/lessen/{PAPER}")
    assert len(titles_in(teacher.get("/mijn-lessen").get_data(as_text=True))) == 1


def test_forgetting_a_lesson_takes_it_out_of_mijn_lessen(teacher):
    teacher.post(f"/lessen/{PAPER}/bewaren", form_page=f"/lessen/{PAPER}")
    response = teacher.post(
        f"/lessen/{PAPER}/niet-meer-bewaren", {"terug": "mijn-lessen"}, form_page="/mijn-lessen"
    )
    assert response.headers["Location"] == "/mijn-lessen"
    assert "De sterkste brug van papier" not in teacher.get("/mijn-lessen").get_data(as_text=True)


def test_saving_needs_a_csrf_token_and_a_published_lesson(teacher):
    assert teacher.post_without_token(f"/lessen/{PAPER}/bewaren").status_code == 400
    assert teacher.post("/lessen/bestaat-niet/bewaren", form_page="/mijn-lessen").status_code == 404


def test_a_collection_needs_a_name(teacher):
    response = teacher.post(
        "/collecties", {"title": "  ", "description": ""}, form_page="/mijn-lessen"
    )
    assert response.status_code == 400
    assert "Geef de collectie een naam." in response.get_data(as_text=True)
    assert only_collection() is None


def test_collections_are_made_filled_and_ordered_from_lesson_pages(teacher):
    response = add(teacher, PAPER, collection="nieuw", new_title="Thema bruggen, groep 7")
    assert response.headers["Location"] == f"/lessen/{PAPER}#bewaren"
    collection = only_collection()
    assert collection.title == "Thema bruggen, groep 7" and not collection.shared
    add(teacher, MAGNETS, collection=collection.token)
    add(teacher, TODDLERS, collection=collection.token)
    url = f"/collecties/{collection.token}"
    assert titles_in(teacher.get(url).get_data(as_text=True)) == [
        f'{PAPER}">De sterkste brug van papier',
        f'{MAGNETS}">Wat trekt een magneet aan?',
        f'{TODDLERS}">Een brug voor de knuffels',
    ]
    teacher.post(f"{url}/lessen/{TODDLERS}/verplaatsen", {"richting": "omhoog"}, form_page=url)
    teacher.post(f"{url}/lessen/{PAPER}/verplaatsen", {"richting": "omlaag"}, form_page=url)
    assert [t.split('"')[0] for t in titles_in(teacher.get(url).get_data(as_text=True))] == [
        TODDLERS,
        PAPER,
        MAGNETS,
    ]
    teacher.post(f"{url}/lessen/{PAPER}/weghalen", form_page=url)
    assert [t.split('"')[0] for t in titles_in(teacher.get(url).get_data(as_text=True))] == [
        TODDLERS,
        MAGNETS,
    ]
    page = teacher.get(f"/lessen/{MAGNETS}").get_data(as_text=True)
    assert f'Staat in: <a href="/collecties/{collection.token}">Thema bruggen, groep 7</a>' in page


def test_adding_twice_says_so_and_a_new_collection_needs_a_name(teacher):
    add(teacher, PAPER, collection="nieuw", new_title="Water")
    token = only_collection().token
    add(teacher, PAPER, collection=token)
    page = teacher.get(f"/lessen/{PAPER}").get_data(as_text=True)
    assert "De les stond al in de collectie ‘Water’." in page
    add(teacher, PAPER, collection="nieuw", new_title="")
    assert "Geef de nieuwe collectie een naam." in teacher.get(f"/lessen/{PAPER}").get_data(
        as_text=True
    )


def test_a_private_collection_is_hidden_from_everyone_else(teacher, stranger, anonymous):
    add(teacher, PAPER, collection="nieuw", new_title="Alleen voor mij")
    url = f"/collecties/{only_collection().token}"
    assert teacher.get(url).status_code == 200
    assert stranger.get(url).status_code == 404
    assert anonymous.get(url).status_code == 404
    assert anonymous.get(f"/api/v1{url.replace('collecties', 'collections')}").status_code == 404


def test_a_shared_collection_is_read_by_anyone_with_the_link_but_changed_by_its_owner_only(
    teacher, stranger, anonymous
):
    add(teacher, PAPER, collection="nieuw", new_title="Thema water, groep 5")
    collection = only_collection()
    url = f"/collecties/{collection.token}"
    teacher.post(f"{url}/delen", {"shared": "y"}, form_page=url)
    page = teacher.get(url).get_data(as_text=True)
    assert f'value="http://bieb.test{url}"' in page
    response = anonymous.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Thema water, groep 5" in html and "Collectie van Juf Anna" in html
    assert "Uit de collectie halen" not in html and "Delen" not in html
    assert stranger.get(f"{url}/bewerken").status_code == 403
    response = stranger.post(f"{url}/lessen/{PAPER}/weghalen", form_page="/mijn-lessen")
    assert response.status_code == 403
    db.session.expire_all()
    assert len(only_collection().items) == 1


def test_a_new_link_makes_the_old_one_stop_working(teacher, anonymous):
    add(teacher, PAPER, collection="nieuw", new_title="Gedeeld")
    old = only_collection().token
    teacher.post(f"/collecties/{old}/delen", {"shared": "y"}, form_page=f"/collecties/{old}")
    response = teacher.post(f"/collecties/{old}/nieuwe-link", form_page=f"/collecties/{old}")
    db.session.expire_all()
    new = only_collection().token
    assert new != old and response.headers["Location"] == f"/collecties/{new}#delen"
    assert anonymous.get(f"/collecties/{old}").status_code == 404
    assert anonymous.get(f"/collecties/{new}").status_code == 200


def test_stopping_to_share_makes_the_link_private_again(teacher, anonymous):
    add(teacher, PAPER, collection="nieuw", new_title="Even gedeeld")
    url = f"/collecties/{only_collection().token}"
    teacher.post(f"{url}/delen", {"shared": "y"}, form_page=url)
    teacher.post(f"{url}/delen", {}, form_page=url)
    assert anonymous.get(url).status_code == 404


def test_owner_renames_and_deletes_a_collection(teacher):
    teacher.post("/collecties", {"title": "Eerst", "description": ""}, form_page="/mijn-lessen")
    url = f"/collecties/{only_collection().token}"
    response = teacher.post(
        f"{url}/bewerken", {"title": "Thema licht", "description": "Voor de projectweek."}
    )
    assert response.headers["Location"] == url
    assert "Voor de projectweek." in teacher.get(url).get_data(as_text=True)
    too_long = teacher.post(f"{url}/bewerken", {"title": "x" * 121, "description": ""})
    assert too_long.status_code == 400 and "Hoogstens 120 tekens." in too_long.get_data(
        as_text=True
    )
    assert "Ja, verwijderen" in teacher.get(f"{url}/verwijderen").get_data(as_text=True)
    assert teacher.post(f"{url}/verwijderen").headers["Location"] == "/mijn-lessen"
    assert only_collection() is None


def test_archived_lessons_leave_collections_and_mijn_lessen(teacher):
    add(teacher, PAPER, collection="nieuw", new_title="Bruggen")
    teacher.post(f"/lessen/{PAPER}/bewaren", form_page=f"/lessen/{PAPER}")
    lesson(PAPER).status = LessonStatus.ARCHIVED.value
    db.session.commit()
    assert "De sterkste brug van papier" not in teacher.get("/mijn-lessen").get_data(as_text=True)
    html = teacher.get(f"/collecties/{only_collection().token}").get_data(as_text=True)
    assert "De sterkste brug van papier" not in html and "Deze collectie is nog leeg." in html


def test_api_gives_a_shared_collection_with_its_lessons_in_order(teacher, anonymous):
    add(teacher, MAGNETS, collection="nieuw", new_title="Onderzoeken")
    token = only_collection().token
    add(teacher, PAPER, collection=token)
    assert anonymous.get(f"/api/v1/collections/{token}").get_json() == {
        "error": {"status": 404, "message": "Er is geen gedeelde collectie met deze id."}
    }
    assert teacher.get(f"/api/v1/collections/{token}").status_code == 200
    teacher.post(f"/collecties/{token}/delen", {"shared": "y"}, form_page=f"/collecties/{token}")
    data = anonymous.get(f"/api/v1/collections/{token}").get_json()
    assert data["id"] == token and data["title"] == "Onderzoeken" and data["shared"] is True
    assert data["owner"] == "Juf Anna"
    assert data["url"] == f"http://bieb.test/collecties/{token}"
    assert [item["slug"] for item in data["lessons"]] == [MAGNETS, PAPER]
    assert data["lessons"][0]["grades"] == ["groep-3-4", "groep-5-6"]


def test_service_refuses_unpublished_lessons_and_too_many_collections(imported, monkeypatch):
    user = make_user("leerkracht")
    draft = lesson(PAPER)
    draft.status = LessonStatus.DRAFT.value
    db.session.commit()
    with pytest.raises(service.CollectionError, match="Alleen gepubliceerde lessen"):
        service.save_lesson(user, draft)
    monkeypatch.setattr(service, "MAX_COLLECTIONS", 1)
    service.create_collection(user, "Een")
    with pytest.raises(service.CollectionError, match="Je hebt al 1 collecties"):
        service.create_collection(user, "Twee")


def test_every_change_to_a_collection_or_its_lessons_moves_its_updated_at(imported):
    user = make_user("leerkracht")
    collection = service.create_collection(user, "Bruggen")
    changes = {
        "add": lambda: service.add_lesson(collection, lesson(PAPER)),
        "add another": lambda: service.add_lesson(collection, lesson(MAGNETS)),
        "move": lambda: service.move_lesson(collection, lesson(MAGNETS), -1),
        "remove": lambda: service.remove_lesson(collection, lesson(PAPER)),
        "rename": lambda: service.update_collection(collection, "Magneten", ""),
        "share": lambda: service.set_shared(collection, True),
        "renew the link": lambda: service.renew_link(collection),
    }
    for change, call in changes.items():
        collection.updated_at = LONG_AGO
        db.session.commit()
        call()
        assert collection.updated_at > LONG_AGO, change


def test_mijn_lessen_is_in_the_menu_for_signed_in_users(teacher, anonymous):
    assert '<a href="/mijn-lessen">Mijn lessen</a>' in teacher.get("/").get_data(as_text=True)
    assert "/mijn-lessen" not in anonymous.get("/").get_data(as_text=True)
