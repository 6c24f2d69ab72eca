"""Careers (LOB): occupations and vmbo profiles on lessons, and the pages that list their lessons."""

import pytest


def test_lesson_page_shows_occupations_with_a_child_sentence_and_linked_profiles(imported, client):
    html = client.get("/lessen/brug-van-papier").get_data(as_text=True)
    assert "Beroepen in deze les" in html
    assert '<a href="/beroepen/infratechnicus">' in html
    assert "Een bouwkundig tekenaar" in html or "bouwkundig tekenaar" in html.lower()
    assert '<a href="/profielen/bwi">Bouwen, wonen en interieur</a>' in html


def test_lesson_without_careers_has_no_block(imported, client):
    assert "Beroepen in deze les" not in client.get("/lessen/magneten-onderzoeken").get_data(
        as_text=True
    )


def test_careers_index_lists_technical_profiles_first_with_their_occupations(imported, client):
    html = client.get("/beroepen").get_data(as_text=True)
    assert (
        html.index('id="profiel-bwi"')
        < html.index('id="profiel-pie"')
        < html.index('id="profiel-zw"')
    )
    assert '<a href="/beroepen/timmerman">Timmerman</a>' in html
    bwi = html.split('id="profiel-bwi"')[1].split('id="profiel-pie"')[0]
    assert "2 lessen leiden naar dit profiel." in bwi


def test_occupation_page_groups_lessons_by_grade(imported, client):
    html = client.get("/beroepen/timmerman").get_data(as_text=True)
    assert "<h1>Timmerman</h1>" in html
    assert 'id="groep-groep-1-2"' in html and "Een brug voor de knuffels" in html
    assert "De sterkste brug van papier" not in html


def test_profile_page_lists_lessons_per_grade_and_filters_grades(imported, client):
    html = client.get("/profielen/bwi").get_data(as_text=True)
    assert 'id="groep-groep-1-2"' in html and 'id="groep-groep-7-8"' in html
    html = client.get("/profielen/bwi?grade=groep-7-8").get_data(as_text=True)
    assert 'id="groep-groep-7-8"' in html and 'id="groep-groep-1-2"' not in html
    assert "(1)" in html


@pytest.mark.parametrize("url", ["/beroepen/astronaut-op-mars", "/profielen/xyz"])
def test_unknown_occupation_or_profile_is_404(client, url):
    assert client.get(url).status_code == 404


def test_lesson_json_names_profiles_and_occupations_with_labels(imported, client):
    data = client.get("/api/v1/lessons/brug-van-papier").get_json()
    assert data["profiles"] == [{"key": "bwi", "label": "Bouwen, wonen en interieur"}]
    assert data["occupations"][0] == {"key": "infratechnicus", "label": "Infratechnicus"}


def test_unknown_occupation_in_a_lesson_file_names_the_closest_keys(runner, fixture_lessons):
    path = fixture_lessons / "brug-voor-kleuters.md"
    path.write_text(path.read_text().replace("occupations: [timmerman]", "occupations: [timerman]"))
    result = runner.invoke(args=["content", "import", str(fixture_lessons)])
    assert result.exit_code == 1
    assert (
        "`timerman` is geen geldige waarde voor `occupations`. Bedoelde je: `timmerman`"
        in result.output
    )


def test_careers_round_trip_through_export(imported, runner, tmp_path):
    runner.invoke(args=["content", "export", str(tmp_path / "out")])
    text = (tmp_path / "out" / "brug-van-papier.md").read_text()
    assert "profiles:\n- bwi\noccupations:\n- infratechnicus\n- bouwkundig-tekenaar\n" in text
