"""`/techlabs`: finding activities by facet and text with exact counts, a lab's page, an
activity's page, and the box on a lesson page, in a fixed number of queries."""

from __future__ import annotations

import re

import sqlalchemy as sa

from library.db import db
from library.lessons import service
from library.lessons.models import LessonStatus
from library.techlabs.queries import lab_by_slug


def count(html: str) -> str:
    return re.search(r'<h2 id="resultaten"[^>]*>([^<]*)</h2>', html).group(1).strip()


def facet_count(html: str, facet: str, label: str) -> int:
    match = re.search(
        rf'name="{facet}" value="[^"]*"[^>]*>\s*<label[^>]*>{re.escape(label)} <span class="count">\((\d+)',
        html,
    )
    assert match, (facet, label)
    return int(match.group(1))


def test_the_list_shows_every_activity_with_facet_counts(labs, client):
    html = client.get("/techlabs").get_data(as_text=True)
    assert count(html) == "3 activiteiten bij 2 labs"
    assert facet_count(html, "regio", "STO Regio Utrecht") == 2
    assert facet_count(html, "regio", "Techniek Twente") == 1
    assert facet_count(html, "groep", "Groep 5-6") == 2
    assert facet_count(html, "soort", "Techniekbus (komt naar school)") == 1
    assert facet_count(html, "planning", "Op aanvraag") == 2
    assert facet_count(html, "planning", "Vaste datum") == 1
    assert facet_count(html, "technologie", "3D-printen") == 2


def test_facets_narrow_the_list_and_count_the_others(labs, client):
    html = client.get("/techlabs?groep=groep-5-6&planning=op-aanvraag").get_data(as_text=True)
    assert count(html) == "1 activiteit bij 1 lab"
    assert "Magneten in de bus" in html and "Bruggen bouwen" not in html
    # Choosing one more value of a facet adds to the list (or within a facet).
    assert facet_count(html, "planning", "Vaste datum") == 1
    html = client.get("/techlabs?planning=op-aanvraag&planning=vaste-datum").get_data(as_text=True)
    assert count(html) == "3 activiteiten bij 2 labs"


def test_text_search_ignores_accents_and_case(labs, client):
    html = client.get("/techlabs?q=BRUGGEN").get_data(as_text=True)
    assert count(html) == "2 activiteiten bij 1 lab met ‘BRUGGEN’"
    html = client.get("/techlabs?q=magnéten").get_data(as_text=True)
    assert count(html).startswith("1 activiteit bij 1 lab")
    html = client.get("/techlabs?q=onderwaterrobot").get_data(as_text=True)
    assert count(html).startswith("0 activiteiten bij 0 labs")
    assert "Geen activiteiten gevonden" in html


def test_a_lab_page_shows_its_offer_and_only_its_public_contact(labs, client):
    html = client.get("/techlabs/proeflab").get_data(as_text=True)
    assert "<h1>Proeflab Utrecht</h1>" in html
    assert "pim@proeflab.example" in html and "Pim Proef" in html
    assert "030 123 45 67" not in html
    assert "Vmbo-leerlingen (één per 5 leerlingen)" in html
    assert "<strong>bruggen</strong>" in html and "<script" not in html
    assert "Bruggen bouwen met de printer" in html and "Printen voor leerkrachten" in html
    assert "1 september 2026 tot en met 18 december 2026" in html
    assert client.get("/techlabs/bestaat-niet").status_code == 404


def test_an_activity_page_links_its_published_lessons(labs, client):
    html = client.get("/techlabs/proeflab/bruggen-bouwen").get_data(as_text=True)
    assert 'Ter voorbereiding: <a href="/lessen/brug-van-papier">' in html
    assert 'verder te gaan: <a href="/lessen/magneten-onderzoeken">' in html
    assert "Welkom om mee te komen" in html
    service.set_status(service.get_lesson("magneten-onderzoeken"), LessonStatus.ARCHIVED)
    db.session.commit()
    html = client.get("/techlabs/proeflab/bruggen-bouwen").get_data(as_text=True)
    assert "/lessen/magneten-onderzoeken" not in html
    workshop = client.get("/techlabs/proeflab/printen-voor-leerkrachten").get_data(as_text=True)
    assert "4 november 2026" in workshop and "19:00–20:30" in workshop and "€ 7,50" in workshop
    assert client.get("/techlabs/proeflab/bestaat-niet").status_code == 404


def test_the_lesson_page_names_the_activities_that_use_it(labs, client):
    html = client.get("/lessen/magneten-onderzoeken").get_data(as_text=True)
    box = html.split('id="techlabs-kop"', 1)[1].split("</section>", 1)[0]
    assert "Bruggen bouwen met de printer</a> bij Proeflab Utrecht" in box
    assert "Magneten in de bus</a> bij De Magneetbus" in box
    assert "Dit kun je ook doen in een techlab" not in client.get(
        "/lessen/brug-voor-kleuters"
    ).get_data(as_text=True)


def test_the_lesson_page_box_takes_one_query_however_many_activities(labs, client, content_folder):
    def statements_for(url: str) -> int:
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        sa.event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(url).status_code == 200
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    # magneten-onderzoeken is named by two activities of two labs, then one, then none.
    with_two = statements_for("/lessen/magneten-onderzoeken")
    db.session.delete(lab_by_slug("magneetbus"))
    db.session.commit()
    with_one = statements_for("/lessen/magneten-onderzoeken")
    db.session.delete(lab_by_slug("proeflab"))
    db.session.commit()
    html = client.get("/lessen/magneten-onderzoeken").get_data(as_text=True)
    assert "Dit kun je ook doen in een techlab" not in html
    assert with_two == with_one == statements_for("/lessen/magneten-onderzoeken")


def test_the_navigation_links_to_the_techlabs(labs, client):
    assert '<a href="/techlabs" aria-current="page">Techlabs</a>' in client.get(
        "/techlabs"
    ).get_data(as_text=True)
