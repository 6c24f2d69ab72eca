"""The overview acts for a coordinator: her own region preset, the blind spots ranked by
what she can do about them with a way to do it, and the tables as she sees them in CSV."""

import csv
import io
import re

import pytest

from library.lessons.importer import import_path
from library.overview.blind_spots import blind_spots
from library.overview.coverage import compute_coverage
from library.vocab.loader import get_vocabularies
from tests.helpers.app import FIXTURES
from tests.helpers.web import Visitor, signed_in

TWENTE = "Techniek Twente"


@pytest.fixture
def covered(labs):
    import_path(FIXTURES / "coverage")
    return labs


def total(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html.split('class="overview-total">')[1]).split())


def test_a_signed_in_coordinator_sees_her_own_region_and_may_choose_all(covered, client):
    coordinator = signed_in(client, "moderator", region=TWENTE)
    html = coordinator.get("/overzicht").get_data(as_text=True)
    assert total(html).startswith(f"2 gepubliceerde lessen uit {TWENTE}.")
    assert f"<option selected>{TWENTE}</option>" in html
    everything = coordinator.get("/overzicht?regio=").get_data(as_text=True)
    assert total(everything).startswith("6 gepubliceerde lessen.")
    assert total(
        Visitor(covered.test_client()).get("/overzicht").get_data(as_text=True)
    ).startswith("6 gepubliceerde lessen.")
    # A region no lesson or lab names is no filter: she sees everything, without an error.
    elsewhere = signed_in(covered.test_client(), "leerkracht", region="Nergensland")
    response = elsewhere.get("/overzicht")
    assert response.status_code == 200
    assert total(response.get_data(as_text=True)).startswith("6 gepubliceerde lessen.")


def test_blind_spots_are_ranked_empty_first_and_what_others_have_before_what_nobody_has(covered):
    vocabularies = get_vocabularies()
    spots = blind_spots(compute_coverage(vocabularies, TWENTE), compute_coverage(vocabularies))
    ranks = [(spot.lessons, not spot.only_elsewhere) for spot in spots]
    assert ranks == sorted(ranks)
    assert {rank for rank in ranks} == {(0, False), (0, True), (1, False), (1, True)}
    first = spots[0]
    assert first.lessons == 0 and first.elsewhere and first.elsewhere > 0


def test_each_blind_spot_says_what_to_do(covered, client):
    coordinator = signed_in(client, "moderator", region=TWENTE)
    html = coordinator.get("/overzicht").get_data(as_text=True)
    spots = html.split('<ul class="blind-spots">')[1].split("</ul>")[0]
    first = spots.split("</li>")[0]
    assert "Geen enkele les in" in first
    match = re.search(r'href="(/lessen\?[^"]+)">Elders wel: (\d+) les', first)
    assert match, first
    assert int(match.group(2)) > 0
    assert coordinator.get(match.group(1).replace("&amp;", "&")).status_code == 200
    assert 'href="/techlabs?regio=Techniek+Twente' in first
    assert "Nergens een les." in spots
    assert 'href="/nieuwe-les">Schrijf er een les voor</a>' in first


def test_the_tables_download_in_the_shape_the_page_shows(covered, client):
    response = client.get("/overzicht/tabellen.csv?regio=")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(
        csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    assert rows[0][0] == "Overzicht" and rows[0][1:3] == ["Groep 1-2", "Groep 3-4"]
    assert rows[1][0] == "Alle lessen" and rows[1][1:] == ["1", "1", "2", "3", "1", "1"]
    worlds = rows.index(["Werelden", *rows[0][1:]])
    energy = next(r for r in rows[worlds:] if r and r[0] == "Energie, Water & Veiligheid")
    assert energy[4] == "2"  # groep 7-8, as the page's cell
    assert any("n.v.t." in row for row in rows)  # a kerndoel outside its grade groups
    assert len(rows) < 120  # a table, not one row per cell
    # The long CSV the README promises stays.
    assert (
        client.get("/overzicht.csv")
        .get_data(as_text=True)
        .startswith("\ufeffoverzicht;rij_sleutel")
    )
