"""An adaptation as its maker finds it again: her draft at its own address, linked to a
comparison with the version she started from that shows only what she really changed."""

import re

import sqlalchemy as sa

from library.accounts.models import Role
from library.db import db
from library.history.diff import PAGE_STEPS, diff_metadata, diff_sections, section_texts
from library.history.edits import Budget
from library.lessons.importer import import_path
from library.lessons.models import Lesson, Revision
from library.vocab.loader import load_vocabularies
from tests.helpers.web import Visitor, signed_in

SOURCE = "magneten-onderzoeken"


def lesson(slug):
    db.session.expire_all()
    return db.session.scalar(sa.select(Lesson).where(Lesson.slug == slug))


def fork(visitor) -> str:
    response = visitor.post(f"/lessen/{SOURCE}/aanpassen", form_page=f"/lessen/{SOURCE}")
    assert response.status_code == 302
    return response.headers["Location"].split("/lessen/")[1].split("/")[0]


def save_as_a_browser_does(visitor, slug, changes=None):
    """Save the editor as Chromium sends it: every textarea's lines end in CRLF, and the
    lists come in the order given (here: the other way round)."""
    fields = visitor.editor(f"/lessen/{slug}/bewerken")
    for name in list(fields):
        fields.setlist(name, [value.replace("\n", "\r\n") for value in fields.getlist(name)])
    for name in ("grades", "skills"):
        fields.setlist(name, list(reversed(fields.getlist(name))))
    for name, value in (changes or {}).items():
        fields.setlist(name, value if isinstance(value, list) else [value])
    fields["action"] = "save"
    visitor._fresh()
    response = visitor.client.post(
        f"/lessen/{slug}/bewerken", data=fields, content_type="multipart/form-data"
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def field_labels(html: str) -> list[str]:
    return re.findall(r'<th scope="row">([^<]+)</th><td>', html)


def section_status(html: str, heading: str) -> str:
    match = re.search(
        rf'<h4 id="[^"]+">{re.escape(heading)}\s*<span class="diff-status">([^<]+)</span>', html
    )
    assert match, f"no section {heading!r} in the comparison"
    return match.group(1)


def test_lists_in_another_order_and_other_line_endings_are_no_change(app):
    vocabularies = load_vocabularies()
    old = {"grades": ["groep-3-4", "groep-5-6"], "occupations": ["timmerman", "elektromonteur"]}
    new = {"grades": ["groep-5-6", "groep-3-4"], "occupations": ["elektromonteur", "timmerman"]}
    assert diff_metadata(old, new, vocabularies) == []
    before = Revision(intro_markdown="", metadata_={"preparation": "Vul de bakjes.\n\nKlaar."})
    before.sections = []
    after = Revision(intro_markdown="", metadata_={"preparation": "Vul de bakjes.\r\n\r\nKlaar."})
    after.sections = []
    (change,) = diff_sections(before, after, Budget(PAGE_STEPS))
    assert (change.heading, change.status) == ("Voorbereiding", "unchanged")
    assert section_texts(after) == [
        ("field:preparation", "Voorbereiding", "Vul de bakjes.\n\nKlaar.")
    ]


def test_a_set_shows_what_went_and_came_and_keeps_the_rest_plain(app):
    old = {"grades": ["groep-3-4", "groep-5-6"]}
    new = {"grades": ["groep-7-8", "groep-5-6"]}
    (change,) = diff_metadata(old, new, load_vocabularies())
    assert [(p.op, p.text) for p in change.old_pieces] == [
        ("delete", "Groep 3-4"),
        ("equal", ", "),
        ("equal", "Groep 5-6"),
    ]
    assert [(p.op, p.text) for p in change.new_pieces] == [
        ("insert", "Groep 7-8"),
        ("equal", ", "),
        ("equal", "Groep 5-6"),
    ]


def test_a_fork_saved_from_a_browser_unchanged_shows_no_false_changes(imported, client):
    visitor = signed_in(client, Role.LEERKRACHT)
    slug = fork(visitor)
    save_as_a_browser_does(visitor, slug)
    html = visitor.get(f"/lessen/{slug}/vergelijk-met-origineel").get_data(as_text=True)
    # Only who made it changed: not the grades, skills or lineage, in whatever order.
    assert field_labels(html) == ["Makers", "Organisatie"]
    assert section_status(html, "Voorbereiding") == "ongewijzigd"
    assert set(re.findall(r'class="diff-status">([^<]+)<', html)) == {"ongewijzigd"}
    # Revisions are named in words, never `slug@n`.
    assert f"{SOURCE}@" not in html
    assert "De versie waar je van uitging</th>" in html and '<th scope="col">Nu</th>' in html


def test_a_real_change_of_the_preparation_is_shown_word_by_word(imported, client):
    visitor = signed_in(client, Role.LEERKRACHT)
    slug = fork(visitor)
    preparation = (
        "Vul per groepje een bakje met voorwerpen.\n\nZet de **magneten** en kompassen klaar."
    )
    save_as_a_browser_does(visitor, slug, {"preparation": preparation})
    html = visitor.get(f"/lessen/{slug}/vergelijk-met-origineel").get_data(as_text=True)
    assert section_status(html, "Voorbereiding") == "veranderd"
    assert '<ins><span class="visually-hidden">[toegevoegd: </span>en kompassen ' in html
    assert "Vul per groepje een bakje met voorwerpen." in html
    assert "[verwijderd: </span>Vul per groepje" not in html


def test_a_change_of_the_originals_preparation_can_be_taken_over(imported, client, fixture_lessons):
    visitor = signed_in(client, Role.LEERKRACHT)
    slug = fork(visitor)
    path = fixture_lessons / f"{SOURCE}.md"
    path.write_text(
        path.read_text().replace("Zet de **magneten** klaar.", "Leg de magneten klaar.")
    )
    import_path(fixture_lessons)
    url = f"/lessen/{slug}/vergelijk-met-origineel"
    page = visitor.get(url).get_data(as_text=True)
    assert "Het origineel is aangepast sinds de versie waar je van uitging" in page
    response = visitor.post(
        f"/lessen/{slug}/overnemen",
        {"onderdeel": "field:preparation", "version": str(lesson(slug).version)},
        form_page=url,
    )
    assert response.status_code == 302
    revision = lesson(slug).current_revision
    assert revision.message == "Overgenomen uit het origineel: Voorbereiding"
    assert revision.metadata_["preparation"].endswith("Leg de magneten klaar.")
    assert "Deze wijziging staat al in jouw les." in visitor.get(url).get_data(as_text=True)


def test_the_owner_reads_her_draft_at_its_own_address_and_nobody_else_does(imported, client, app):
    owner = signed_in(client, Role.LEERKRACHT)
    slug = fork(owner)
    page = owner.get(f"/lessen/{slug}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Dit is een concept: alleen jij kunt het zien." in html
    assert f'href="/lessen/{slug}/vergelijk-met-origineel">Vergelijk met origineel</a>' in html
    assert f'href="/lessen/{slug}/werkversie"' in html
    workspace = owner.get(f"/lessen/{slug}/werkversie").get_data(as_text=True)
    assert f'href="/lessen/{slug}/vergelijk-met-origineel">Vergelijk met origineel</a>' in workspace
    assert "niet-gepubliceerd-kop" not in workspace  # its own notice says it already
    assert Visitor(app.test_client()).get(f"/lessen/{slug}").status_code == 404
    for role in (Role.LEERKRACHT, Role.MODERATOR):
        other = signed_in(app.test_client(), role, email=f"ander-{role.value}@school.test")
        assert other.get(f"/lessen/{slug}").status_code == 404
