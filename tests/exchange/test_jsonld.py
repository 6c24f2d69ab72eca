"""schema.org JSON-LD in the lesson page head: LRMI fields, SLO terms, occupations, forks,
and text that can never break out of its <script> element."""

from __future__ import annotations

import json

from lxml import html

from library.exchange.jsonld import script_content
from library.lessons.importer import import_path

BEGRIPPENKADER = "http://purl.edustandaard.nl/begrippenkader"


def page_jsonld(client, slug: str) -> tuple[dict, str]:
    response = client.get(f"/lessen/{slug}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    scripts = html.fromstring(page).xpath("//head/script[@type='application/ld+json']")
    assert len(scripts) == 1
    return json.loads(scripts[0].text), page


def test_lesson_is_a_learning_resource_with_slo_terms(imported, client):
    data, _ = page_jsonld(client, "magneten-onderzoeken")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "LearningResource"
    assert data["url"] == data["@id"] == "http://bieb.test/lessen/magneten-onderzoeken"
    assert data["name"] == "Wat trekt een magneet aan?"
    assert data["description"].startswith("Kinderen onderzoeken welke voorwerpen")
    assert data["inLanguage"] == "nl"
    assert data["timeRequired"] == "PT1H"
    assert data["learningResourceType"] == "verkennings- en onderzoeksmateriaal"
    assert data["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert data["author"] == [{"@type": "Person", "name": "Team Techniekbieb"}]
    assert data["publisher"] == {"@type": "Organization", "name": "Basisschool De Vonk"}
    assert [(t["name"], t["termCode"]) for t in data["educationalLevel"]] == [
        ("Groep 3-4", "e0d54104-4bbc-4e6a-9c53-114f0af56027"),
        ("Groep 5-6", "a719649f-03ca-48cf-b689-252b109de32c"),
    ]
    assert data["teaches"] == [
        {
            "@type": "DefinedTerm",
            "@id": f"{BEGRIPPENKADER}/c3d8c8c0-0f94-4dec-8ce6-f52fab27158f",
            "name": "Natuurkundige verschijnselen",
            "termCode": "c3d8c8c0-0f94-4dec-8ce6-f52fab27158f",
            "inDefinedTermSet": BEGRIPPENKADER,
        }
    ]
    assert {"magnetisme", "ijzer", "Hi-tech & Science"} <= set(data["keywords"])


def test_occupations_are_what_the_lesson_is_about(imported, client):
    data, _ = page_jsonld(client, "brug-van-papier")
    assert [(item["@type"], item["name"]) for item in data["about"]] == [
        ("Occupation", "Infratechnicus"),
        ("Occupation", "Bouwkundig tekenaar"),
    ]
    assert all(item["description"] for item in data["about"])
    assert "Infratechnicus" in data["keywords"]
    assert "isBasedOn" not in data


def test_a_fork_is_based_on_its_source(imported, client):
    data, _ = page_jsonld(client, "brug-voor-kleuters")
    assert data["isBasedOn"]["url"] == "http://bieb.test/lessen/brug-van-papier"
    assert data["isBasedOn"]["name"] == "De sterkste brug van papier"
    assert data["isBasedOn"]["author"] == [{"@type": "Person", "name": "Sanne de Vries"}]
    assert data["educationalLevel"][0]["termCode"] == "e222c093-f0c6-4895-9dfb-c08eafb27aef"


def test_grade_groups_without_an_slo_identifier_keep_their_name(app, client, fixture_lessons):
    lesson = fixture_lessons / "brug-van-papier.md"
    lesson.write_text(lesson.read_text().replace("[groep-7-8]", "[groep-7-8, vmbo-bovenbouw]"))
    import_path(fixture_lessons)
    data, _ = page_jsonld(client, "brug-van-papier")
    assert data["educationalLevel"][1] == {"@type": "DefinedTerm", "name": "vmbo leerjaar 3-4"}


def test_lesson_text_cannot_end_the_script_element(app, client, fixture_lessons, tmp_path):
    hostile = "Brug </script><script>alert(1)</script> & <!-- zo"
    target = tmp_path / "hostile"
    target.mkdir()
    source = (fixture_lessons / "brug-van-papier.md").read_text()
    (target / "brug-van-papier.md").write_text(
        source.replace("title: De sterkste brug van papier", f'title: "{hostile}"')
    )
    import_path(target)
    data, page = page_jsonld(client, "brug-van-papier")
    assert data["name"] == hostile
    head = page.split("</head>")[0]
    assert "<script>alert(1)" not in head
    # The JSON-LD block's end and those of the external scripts, no other.
    assert head.count("</script>") == 1 + head.count("<script src=")


def test_script_content_escapes_markup_characters():
    text = str(script_content({"name": "<b> & </script>"}))
    assert text == '{"name": "\\u003cb\\u003e \\u0026 \\u003c/script\\u003e"}'
    assert json.loads(text) == {"name": "<b> & </script>"}


def test_the_page_policy_still_forbids_inline_script(imported, client):
    response = client.get("/lessen/magneten-onderzoeken")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
