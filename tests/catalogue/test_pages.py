"""The reading pages: home, lesson list with filters, a lesson, attachments, error pages."""

import sqlalchemy as sa

from library.db import db
from library.lessons.models import Lesson, LessonStatus
from tests.helpers.app import WORKSHEET


def test_home_shows_search_worlds_grades_and_newest_lessons(imported, client):
    html = client.get("/").get_data(as_text=True)
    assert 'role="search"' in html
    for label in ("Mens &amp; Gezondheid", "Hi-tech &amp; Science", "Wonen, Werken &amp; Verkeer"):
        assert label in html
    assert "Groep 1-2" in html and "vmbo leerjaar 3-4" in html
    assert "Wat trekt een magneet aan?" in html
    assert 'href="/lessen?world=wonen-werken-verkeer"' in html


def test_lesson_list_filters_by_world_grade_and_kind(imported, client):
    html = client.get("/lessen?world=wonen-werken-verkeer").get_data(as_text=True)
    assert "2 lessen" in html
    assert "De sterkste brug van papier" in html and "Wat trekt een magneet aan?" not in html
    html = client.get("/lessen?world=wonen-werken-verkeer&grade=groep-1-2").get_data(as_text=True)
    assert "1 les" in html and "Een brug voor de knuffels" in html
    html = client.get("/lessen?kind=onderzoekend&kind=ontwerpend").get_data(as_text=True)
    assert "3 lessen" in html
    html = client.get("/lessen?grade=groep-3-4&grade=groep-7-8").get_data(as_text=True)
    assert "2 lessen" in html


def test_lesson_list_text_query_and_bad_filter(imported, client):
    assert "1 les" in client.get("/lessen?q=magneet").get_data(as_text=True)
    response = client.get("/lessen?world=maan")
    assert response.status_code == 400
    assert "Onbekende waarde" in response.get_data(as_text=True)


def test_unpublished_lessons_are_not_listed_or_shown(imported, client):
    lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "brug-van-papier"))
    lesson.status = LessonStatus.DRAFT.value
    db.session.commit()
    assert "De sterkste brug van papier" not in client.get("/lessen").get_data(as_text=True)
    assert client.get("/lessen/brug-van-papier").status_code == 404


def test_lesson_page_shows_labels_cycle_materials_sections_and_licence(imported, client):
    html = client.get("/lessen/magneten-onderzoeken").get_data(as_text=True)
    assert "<h1>Wat trekt een magneet aan?</h1>" in html
    assert "Groep 3-4, Groep 5-6" in html and "groep-3-4" not in html.split("<article")[1].split(
        "<footer"
    )[0].replace('id="', "")
    assert "Natuurkundige verschijnselen" in html
    assert "1 uur" in html
    assert 'type="checkbox" id="materiaal-1"' in html
    assert "<strong>magneten</strong>" in html
    # The cycle visual marks covered phases with links and the others as absent.
    assert 'href="#fase-confrontatie"' in html
    assert 'Verkennen <span class="visually-hidden">(niet in deze les)</span>' in html
    assert (
        html.index("Lesdoelen")
        < html.index('id="fase-confrontatie"')
        < html.index('id="fase-concluderen"')
    )
    assert "creativecommons.org/licenses/by-sa/4.0" in html
    assert "Team Techniekbieb (Basisschool De Vonk), STO Regio Utrecht" in html


def test_design_lesson_phases_come_in_cycle_order(imported, client):
    html = client.get("/lessen/brug-van-papier").get_data(as_text=True)
    positions = [
        html.index(f'id="fase-{p}"')
        for p in (
            "confrontatie",
            "verkennen",
            "ontwerpvoorstel-maken",
            "ontwerpvoorstel-uitvoeren",
            "testen-bijstellen",
        )
    ]
    assert positions == sorted(positions)


def test_fork_shows_what_it_is_based_on(imported, client):
    html = client.get("/lessen/brug-voor-kleuters").get_data(as_text=True)
    assert "Gebaseerd op" in html
    assert (
        '<a href="/lessen/brug-van-papier">De sterkste brug van papier</a> door Sanne de Vries'
        in html
    )


def test_attachment_download_is_never_rendered_as_a_page(imported, client):
    response = client.get("/lessen/magneten-onderzoeken/bijlagen/werkblad.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data == WORKSHEET.read_bytes()
    assert client.get("/lessen/magneten-onderzoeken/bijlagen/anders.pdf").status_code == 404


def test_unknown_pages_get_a_dutch_404(client):
    response = client.get("/lessen/bestaat-niet")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.get_data(as_text=True)
