"""The lab file format: valid files read as canonical documents, each problem with its line,
and a document written out reads back the same."""

from __future__ import annotations

import re

import pytest

from library.content.format import SLUG_RE
from library.techlabs.format import ACTIVITY_KEYS, LAB_KEYS, parse_lab, serialise
from library.techlabs.importer import read_lab_folder
from library.techlabs.models import Audience, LabKind
from library.vocab.loader import get_vocabularies
from tests.helpers.app import CONTENT, FIXTURES

LABS = FIXTURES / "techlabs"
REPOSITORY_LABS = CONTENT.parent / "techlabs"

MINIMAL = """\
name: Klein lab
kind: doe-lab
operator: Iemand
region: STO Zuid-Limburg
periods:
  - from: 2026-09-01
    until: 2026-10-01
activities:
  - slug: iets-doen
    title: Iets doen
    summary: Een korte activiteit.
    audience: klas
    grades: [groep-5-6]
    on_request: true
"""


def parse(text: str, slug: str = "klein-lab"):
    return parse_lab(text, "klein-lab.yaml", get_vocabularies(), default_slug=slug)


def messages(text: str) -> list[str]:
    document, problems = parse(text)
    assert document is None
    return [str(problem) for problem in problems]


def test_a_minimal_file_is_a_canonical_document():
    document, problems = parse(MINIMAL)
    assert problems == []
    assert document.slug == "klein-lab"
    activity = document.data["activities"][0]
    assert activity == {
        "slug": "iets-doen",
        "title": "Iets doen",
        "summary": "Een korte activiteit.",
        "audience": "klas",
        "grades": ["groep-5-6"],
        "on_request": True,
        "cost": "gratis",
    }


def test_vocabulary_aliases_become_keys():
    document, _ = parse_lab(
        (LABS / "proeflab.yaml").read_text(), "proeflab.yaml", get_vocabularies(), "proeflab"
    )
    assert document.data["technologies"] == ["3d-printen", "robotica"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("kind: doe-lab", "kind: schuur"),
            "klein-lab.yaml:2: `schuur` is geen geldige waarde voor `kind`; kies uit `vmbo-techlab`",
        ),
        (
            ("region: STO Zuid-Limburg\n", ""),
            "klein-lab.yaml:1: de verplichte sleutel `region` ontbreekt in het labbestand",
        ),
        (
            ("operator: Iemand", "operater: Iemand"),
            "klein-lab.yaml:3: onbekende sleutel `operater` in het labbestand. Bedoelde je: `operator`?",
        ),
        (
            ("grades: [groep-5-6]", "grades: [groep-9]"),
            "klein-lab.yaml:13: `groep-9` is geen geldige waarde voor `grades`.",
        ),
        (
            ("    on_request: true\n", ""),
            "klein-lab.yaml:9: geef een activiteit óf `dates` (vaste data) óf `on_request: true`",
        ),
        (("until: 2026-10-01", "until: 2026-08-01"), "klein-lab.yaml:7: `until` ligt vóór `from`"),
        (
            ("until: 2026-10-01", "until: 2026-02-30"),
            "klein-lab.yaml:7: `until` is geen bestaande datum (nu `2026-02-30`)",
        ),
        (
            ("audience: klas", "audience: leerkrachten"),
            "klein-lab.yaml:9: een activiteit voor leerkrachten noemt haar `format`",
        ),
        (
            ("  - slug: iets-doen", "  - slug: Iets Doen"),
            "klein-lab.yaml:9: `slug` mag alleen a-z, 0-9 en losse streepjes bevatten (nu `Iets Doen`)",
        ),
        (
            ("name: Klein lab", "name: &a Klein lab"),
            "klein-lab.yaml:1: het bestand gebruikt YAML die een labbestand niet mag bevatten: ankers",
        ),
        (
            ("name: Klein lab", "name: !!python/object:os.system x"),
            "klein-lab.yaml:1: het bestand gebruikt YAML die een labbestand niet mag bevatten: YAML-tags",
        ),
        (("name: Klein lab", "name: [Klein"), "klein-lab.yaml:2: het bestand is geen geldige YAML"),
    ],
)
def test_each_problem_is_reported_at_its_line(change, expected):
    old, new = change
    found = messages(MINIMAL.replace(old, new))
    assert any(message.startswith(expected) for message in found), found


def test_a_fixed_date_needs_an_end_after_its_start_and_seats():
    dates = (
        '    dates:\n      - date: 2026-10-14\n        start: "10:00"\n        end: "09:00"\n'
        '        seats: 3\n      - date: 2026-10-15\n        start: "10:00"\n        end: "11:00"\n'
        "        seats: 0\n"
    )
    assert messages(MINIMAL.replace("    on_request: true\n", dates)) == [
        "klein-lab.yaml:17: `end` moet na `start` liggen",
        "klein-lab.yaml:22: `seats` moet tussen 1 en 500 liggen (nu 0)",
    ]


def test_public_contact_names_only_given_parts():
    text = MINIMAL.replace("periods:", "contact:\n  name: Ans\n  public: [name, phone]\nperiods:")
    assert messages(text) == [
        "klein-lab.yaml:7: `public` noemt `phone`, maar `contact` geeft geen `phone`"
    ]


def test_texts_have_limits():
    text = MINIMAL.replace("summary: Een korte activiteit.", "summary: " + "a" * 401)
    assert messages(text) == [
        "klein-lab.yaml:11: `summary` mag hoogstens 400 tekens hebben (nu 401)"
    ]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    text = MINIMAL + "#" * (200_001 - len(MINIMAL))
    assert messages(text) == [
        "klein-lab.yaml:1: een labbestand mag hoogstens 200.000 tekens hebben (nu 200.001)"
    ]


def test_an_activity_slug_is_unique_within_its_lab():
    activity = MINIMAL[MINIMAL.index("  - slug: iets-doen") :]
    assert messages(MINIMAL + activity) == [
        "klein-lab.yaml:15: de activiteit `iets-doen` staat twee keer in het bestand"
    ]


@pytest.mark.parametrize("folder", [LABS, REPOSITORY_LABS], ids=["fixtures", "content"])
def test_serialised_documents_read_back_the_same(folder):
    for document in read_lab_folder(folder):
        again, problems = parse_lab(serialise(document), document.source, get_vocabularies())
        assert problems == []
        assert again == document


def test_the_repository_has_six_labs_of_every_kind_with_twelve_activities():
    documents = read_lab_folder(REPOSITORY_LABS)
    activities = [a for document in documents for a in document.data["activities"]]
    assert len(documents) >= 6
    assert len(activities) >= 12
    assert {document.data["kind"] for document in documents} == {kind.value for kind in LabKind}
    assert {a["audience"] for a in activities} == {audience.value for audience in Audience}
    assert any(a.get("dates") for a in activities) and any(a.get("on_request") for a in activities)
    guides = {g["who"] for document in documents for g in document.data.get("guides", [])}
    assert "mbo-studenten" in guides
    for activity in activities:
        for key in ("preparation_lesson", "follow_up_lesson"):
            assert SLUG_RE.match(activity[key]), (activity["slug"], key)
            assert (CONTENT / f"{activity[key]}.md").is_file(), (activity["slug"], activity[key])


def test_the_format_doc_example_is_a_valid_lab():
    doc = CONTENT.parent.parent / "docs" / "techlab-format.md"
    examples = re.findall(r"^```techlab\n(.*?)^```$", doc.read_text(), re.M | re.S)
    assert examples
    for example in examples:
        document, problems = parse_lab(
            example, "docs/techlab-format.md", get_vocabularies(), "voorbeeld"
        )
        assert problems == [] and document.data["activities"]


def test_the_format_doc_lists_every_key():
    text = (CONTENT.parent.parent / "docs" / "techlab-format.md").read_text()
    lab_table = text.split("## Lab keys", 1)[1].split("\n## ", 1)[0]
    activity_table = text.split("## Activity keys", 1)[1].split("\n## ", 1)[0]
    assert tuple(re.findall(r"^\| `([a-z_]+)` \|", lab_table, re.M)) == LAB_KEYS
    assert tuple(re.findall(r"^\| `([a-z_]+)` \|", activity_table, re.M)) == ACTIVITY_KEYS
