"""`/zoeken`, `/lessen`, `Meer zoals deze` and `GET /api/v1/lessons`: one search service, four faces."""

from __future__ import annotations

import pytest

HOSTILE = [
    '"brug',
    'brug"van"',
    "title:",
    "title:brug",
    "*",
    "brug*",
    "AND OR",
    "NOT brug",
    "(brug OR",
    "brug^2 ~3",
    "\x00\x01\x1b[31mbrug",
    "\u202ebrug\u202c",
    "🙂 brug 🌉",
    "<script>alert(1)</script>",
    "'; DROP TABLE lesson; --",
    "%_\\",
    '""',
    '" "',
    "-",
    "ĳzer",
    "x" * 199,
    "a" * 10_000,
    "de het een",
    " ".join(["brug"] * 40),
]


def test_search_page_shows_marked_results_facets_and_sorting(imported, client):
    response = client.get("/zoeken?q=magneet")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Zoeken</h1>" in html
    assert 'value="magneet"' in html
    assert "1 les met ‘magneet’" in html
    assert 'href="/lessen/magneten-onderzoeken">Wat trekt een <mark>magneet</mark> aan?</a>' in html
    assert 'name="world" value="hightech-science"' in html
    assert 'Hi-tech &amp; Science <span class="count">(1' in html
    assert "Wonen, Werken &amp; Verkeer" not in html.split('class="filters"')[1].split("</form>")[0]


def test_filters_narrow_and_can_be_taken_away_one_by_one(imported, client):
    url = "/zoeken?q=brug&grade=groep-1-2&grade=groep-7-8&sort=shortest"
    html = client.get(url).get_data(as_text=True)
    assert "2 lessen met ‘brug’" in html
    assert 'id="f-grade-groep-1-2" name="grade" value="groep-1-2" checked' in html
    # The chip that removes one grade keeps the other, the words and the sorting.
    assert (
        'href="/zoeken?q=brug&amp;grade=groep-7-8&amp;sort=shortest#resultaten">'
        '<span class="visually-hidden">Filter weghalen: </span>Groep 1-2'
    ) in html
    assert 'aria-current="true">Kortste eerst</a>' in html


def test_spelling_suggestion_links_to_the_corrected_search(imported, client):
    html = client.get("/zoeken?q=magnet+onderzoekn").get_data(as_text=True)
    assert 'Bedoelde je <a href="/zoeken?q=magnet+onderzoeken">magnet onderzoeken</a>?' in html


def test_any_word_and_stop_word_notices(imported, client):
    html = client.get("/zoeken?q=magneet+knuffels").get_data(as_text=True)
    assert "Geen les bevat al je zoekwoorden" in html and "2 lessen" in html
    html = client.get("/zoeken?q=de+het").get_data(as_text=True)
    assert "die woorden zijn te algemeen" in html and "3 lessen" in html


def test_bad_filters_are_a_clear_400_on_the_page(imported, client):
    response = client.get("/zoeken?world=%3Cscript%3E")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Onbekende waarde &#39;&lt;script&gt;&#39; voor world" in html
    assert "<script>" not in html.split("<main")[1]


def test_pages_link_to_every_page_with_gaps(app, client, fixture_lessons):
    from library.lessons.importer import import_path

    source = (fixture_lessons / "brug-van-papier.md").read_text(encoding="utf-8")
    for number in range(30):
        text = source.replace("De sterkste brug van papier", f"Brug {number}")
        (fixture_lessons / f"brug-{number}.md").write_text(text, encoding="utf-8")
    import_path(fixture_lessons)
    html = client.get("/zoeken?q=brug&per_page=3&page=5").get_data(as_text=True)
    nav = html.split('class="pagination"')[1].split("</nav>")[0]
    assert 'rel="prev">Vorige' in nav and 'rel="next">Volgende' in nav
    numbers = [
        part.split("</span>")[1].split("<")[0] for part in nav.split('visually-hidden">Pagina ')[1:]
    ]
    assert numbers == ["1", "3", "4", "5", "6", "7", "11"]
    assert nav.count('<span class="gap">…</span>') == 2


def test_lessen_is_the_filter_view_of_the_same_search(imported, client):
    html = client.get("/lessen?world=wonen-werken-verkeer&kind=ontwerpend").get_data(as_text=True)
    assert "<h1>Alle lessen</h1>" in html and "2 lessen" in html
    assert 'action="/lessen#resultaten"' in html


def test_every_page_searches_through_the_header_box(imported, client):
    html = client.get("/lessen/magneten-onderzoeken").get_data(as_text=True)
    assert '<form class="search-box" role="search" action="/zoeken"' in html


def test_lesson_page_shows_more_like_this(imported, client):
    html = client.get("/lessen/brug-van-papier").get_data(as_text=True)
    similar = html.split('aria-labelledby="meer-zoals-deze"')[1].split("</aside>")[0]
    assert "Meer zoals deze" in similar
    assert 'href="/lessen/brug-voor-kleuters"' in similar
    assert 'href="/lessen/brug-van-papier"' not in similar


def test_api_searches_with_words_filters_facets_and_highlights(imported, client):
    data = client.get(
        "/api/v1/lessons?q=brug&grade=groep-1-2&grade=groep-7-8&per_page=1"
    ).get_json()
    assert data["query"] == "brug" and data["total"] == 2 and len(data["results"]) == 1
    assert data["facets"]["world"] == {"wonen-werken-verkeer": 2}
    assert data["facets"]["grade"] == {"groep-1-2": 1, "groep-7-8": 1}
    assert data["facets"]["occupation"] == {
        "timmerman": 1,
        "bouwkundig-tekenaar": 1,
        "infratechnicus": 1,
    }
    assert data["suggestion"] is None
    hit = data["results"][0]
    assert hit["url"].startswith("http://bieb.test/lessen/")
    assert "<mark>brug</mark>" in hit["highlights"]["title"].lower()

    data = client.get("/api/v1/lessons?q=magnetn&sort=newest&max_duration=90").get_json()
    assert data["total"] == 0 and data["suggestion"] == "magneten"
    data = client.get("/api/v1/lessons?phase=concluderen&license=CC-BY-SA-4.0").get_json()
    assert [r["slug"] for r in data["results"]] == ["magneten-onderzoeken"]
    data = client.get("/api/v1/lessons?threshold=midden&location=klas&duration=tot-90").get_json()
    assert [r["slug"] for r in data["results"]] == ["brug-van-papier"]


def test_hostile_queries_never_break_the_api_or_the_page(imported, client):
    for query in HOSTILE:
        response = client.get("/api/v1/lessons", query_string={"q": query})
        assert response.status_code in (200, 400), query
        data = response.get_json()
        if response.status_code == 400:
            assert "te lang" in data["error"]["message"] or "hoogstens" in data["error"]["message"]
        else:
            assert isinstance(data["results"], list), query

        response = client.get("/zoeken", query_string={"q": query})
        assert response.status_code in (200, 400), query
        html = response.get_data(as_text=True)
        assert "<script>alert" not in html
        if response.status_code == 400:
            assert 'class="notice error" role="alert"' in html


@pytest.mark.parametrize(
    "params",
    [
        {"page": "99999999999999999999"},
        {"per_page": "-1"},
        {"max_duration": "1e3"},
        {"sort": "<b>"},
        {"world": ["wonen-werken-verkeer", "maan"]},
        {"duration": "kwartier"},
    ],
)
def test_hostile_parameters_are_4xx_with_a_message(imported, client, params):
    response = client.get("/api/v1/lessons", query_string=params)
    assert response.status_code == 400 and response.get_json()["error"]["message"]
    assert client.get("/zoeken", query_string=params).status_code == 400
