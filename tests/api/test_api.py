"""The JSON API: the whole lesson, the filtered list, and clear 4xx errors."""

import pytest


def test_lesson_json_has_every_field(imported, client):
    data = client.get("/api/v1/lessons/magneten-onderzoeken").get_json()
    expected = {
        "slug",
        "title",
        "summary",
        "kind",
        "worlds",
        "grades",
        "goals",
        "skills",
        "technologies",
        "duration",
        "group_size",
        "threshold",
        "location",
        "materials",
        "preparation",
        "tags",
        "license",
        "authors",
        "organisation",
        "region",
        "forked_from",
        "attachments",
        "sections",
        "revision",
        "url",
        "created_at",
        "updated_at",
    }
    assert expected <= set(data)
    assert data["grades"] == ["groep-3-4", "groep-5-6"]
    assert data["revision"] == 1
    assert data["url"] == "http://bieb.test/lessen/magneten-onderzoeken"
    assert data["sections"][1] == {
        "heading": "Confrontatie",
        "phase": "confrontatie",
        "markdown": "*Duur: 5 minuten*\n\nLaat een paperclip over tafel 'lopen' met een magneet onder het blad.",
        "html": "<p><em>Duur: 5 minuten</em></p>\n<p>Laat een paperclip over tafel ‘lopen’ met een magneet onder het blad.</p>",
    }
    assert data["attachments"][0]["filename"] == "werkblad.pdf"


def test_fork_json_names_its_source(imported, client):
    data = client.get("/api/v1/lessons/brug-voor-kleuters").get_json()
    assert data["forked_from"] == {"slug": "brug-van-papier", "revision": 1}
    assert client.get("/api/v1/lessons/brug-van-papier").get_json()["fork_count"] == 1


def test_revisions_are_listed_newest_first(imported, client):
    data = client.get("/api/v1/lessons/magneten-onderzoeken/revisions").get_json()
    assert data["slug"] == "magneten-onderzoeken"
    assert [r["number"] for r in data["revisions"]] == [1]
    assert data["revisions"][0]["author"] == "import"
    assert client.get("/api/v1/lessons/bestaat-niet/revisions").status_code == 404


def test_list_with_filters_and_paging(imported, client):
    data = client.get("/api/v1/lessons?world=wonen-werken-verkeer&per_page=1&page=2").get_json()
    assert set(data) == {"query", "total", "page", "per_page", "results", "facets", "suggestion"}
    assert data["total"] == 2 and data["page"] == 2 and data["per_page"] == 1
    assert len(data["results"]) == 1
    assert set(data["results"][0]) == {
        "slug",
        "title",
        "summary",
        "kind",
        "worlds",
        "grades",
        "goals",
        "duration",
        "url",
        "image",
        "highlights",
    }
    data = client.get("/api/v1/lessons?goal=kd-po-42").get_json()
    assert [r["slug"] for r in data["results"]] == ["magneten-onderzoeken"]


@pytest.mark.parametrize(
    "query",
    [
        "world=maan",
        "per_page=101",
        "per_page=0",
        "page=0",
        "page=twee",
        "kind=knutselen",
        "kleur=rood",
    ],
)
def test_bad_parameters_give_a_400_json_error(imported, client, query):
    response = client.get(f"/api/v1/lessons?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]


def test_unknown_slug_is_a_404_json_error(client):
    response = client.get("/api/v1/lessons/bestaat-niet")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404
    assert client.get("/api/v1/bestaat-niet").get_json()["error"]["status"] == 404
