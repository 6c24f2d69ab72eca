"""History: revisions, comparisons, fork vs original, lineage of any depth."""

import re

import sqlalchemy as sa

from library.db import db
from library.history.diff import PAGE_STEPS, Piece, diff_metadata, text_diff
from library.history.edits import Budget
from library.lessons import lineage
from library.lessons.importer import import_path
from library.lessons.models import Lesson
from library.vocab.loader import load_vocabularies
from tests.helpers.text import words


def lesson(slug):
    return db.session.scalar(sa.select(Lesson).where(Lesson.slug == slug))


def edit(path, old, new):
    path.write_text(path.read_text().replace(old, new))


def diff(old, new, steps=PAGE_STEPS):
    return text_diff(old, new, Budget(steps))


def field_row(html, label):
    """A changed field's two cells as a reader gets them: `old | new`, with only the
    <del> and <ins> marks kept (and the words that say so to screen readers)."""
    row = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', html).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row)
    return " | ".join(re.sub(r"<(?!/?(del|ins)>)[^>]+>", "", cell) for cell in cells)


def test_word_diff_marks_only_what_changed():
    assert diff("De brug draagt tien knikkers.", "De brug draagt twintig knikkers!") == [
        Piece("equal", "De brug draagt "),
        Piece("delete", "tien"),
        Piece("insert", "twintig"),
        Piece("equal", " knikkers"),
        Piece("delete", "."),
        Piece("insert", "!"),
    ]


def test_metadata_diff_names_the_language_fields_and_shows_word_pairs():
    old = {"word_list": [{"word": "isolator", "meaning": "geen stroom, zoals plastic"}]}
    new = {
        "audience": "leerkrachten",
        "preparation_minutes": 20,
        "word_list": [
            {"word": "isolator", "meaning": "geen stroom, zoals plastic"},
            {"word": "geleider", "meaning": "wel stroom"},
        ],
    }
    changes = {c.name: c for c in diff_metadata(old, new, load_vocabularies())}
    assert changes["audience"].label == "Voor wie"
    assert changes["audience"].new == "Voor leerkrachten (scholing, teambijeenkomst)"
    assert changes["preparation_minutes"].new == "20"
    assert changes["word_list"].label == "Woordenschat"
    assert changes["word_list"].old == "isolator: geen stroom, zoals plastic"
    assert changes["word_list"].new == "isolator: geen stroom, zoals plastic; geleider: wel stroom"


def test_revision_list_view_and_comparison(imported, client, fixture_lessons):
    edit(
        fixture_lessons / "brug-van-papier.md",
        "Hoeveel knikkers houdt hij?",
        "Hoeveel munten houdt hij?",
    )
    edit(fixture_lessons / "brug-van-papier.md", "duration: 90", "duration: 100")
    import_path(fixture_lessons, author="Sanne", message="Munten in plaats van knikkers")
    html = client.get("/lessen/brug-van-papier/versies").get_data(as_text=True)
    assert 'Versie 2</a> <span class="muted">(huidig)</span>' in html
    assert "Munten in plaats van knikkers" in html
    old = client.get("/lessen/brug-van-papier/versies/1").get_data(as_text=True)
    assert "knikkers houdt hij" in old and "niet de huidige versie" in old
    html = client.get("/lessen/brug-van-papier/vergelijk?van=1&naar=2").get_data(as_text=True)
    assert '<del><span class="visually-hidden">[verwijderd: </span>knikkers' in html
    assert '<ins><span class="visually-hidden">[toegevoegd: </span>munten' in html
    assert (
        field_row(html, "Duur (minuten)")
        == "<del>[verwijderd: 90]</del> | <ins>[toegevoegd: 100]</ins>"
    )
    assert "ongewijzigd" in html  # unchanged sections are listed as such


def test_bad_comparisons_are_4xx(imported, client):
    assert client.get("/lessen/brug-van-papier/vergelijk?van=1&naar=7").status_code == 404
    assert client.get("/lessen/brug-van-papier/vergelijk?van=een").status_code == 400
    assert client.get("/lessen/brug-van-papier/versies/9").status_code == 404
    assert client.get("/lessen/magneten-onderzoeken/vergelijk-met-origineel").status_code == 404


def test_fork_compared_with_original_and_with_the_originals_newer_revision(
    imported, client, fixture_lessons
):
    html = client.get("/lessen/brug-voor-kleuters/vergelijk-met-origineel").get_data(as_text=True)
    assert "Wat deze bewerking veranderde" in html
    assert (
        field_row(html, "Groepen")
        == "<del>[verwijderd: Groep 7-8]</del> | <ins>[toegevoegd: Groep 1-2]</ins>"
    )
    assert "Het origineel is sindsdien veranderd" not in html
    edit(
        fixture_lessons / "brug-van-papier.md",
        "Teken je ontwerp.",
        "Teken je ontwerp op ruitjespapier.",
    )
    import_path(fixture_lessons)
    html = client.get("/lessen/brug-voor-kleuters/vergelijk-met-origineel").get_data(as_text=True)
    assert "Het origineel is sindsdien veranderd" in html
    assert '<ins><span class="visually-hidden">[toegevoegd: </span> op ruitjespapier' in html


def test_lineage_of_any_depth_in_fixed_queries(imported, fixture_lessons, app):
    text = (fixture_lessons / "brug-voor-kleuters.md").read_text()
    text = text.replace("forked_from: brug-van-papier", "forked_from: brug-voor-kleuters").replace(
        "title: Een brug voor de knuffels", "title: Een brug voor de poppen"
    )
    (fixture_lessons / "brug-voor-poppen.md").write_text(text)
    import_path(fixture_lessons)
    leaf = lesson("brug-voor-poppen")
    assert [a.lesson.slug for a in lineage.ancestors(leaf)] == [
        "brug-voor-kleuters",
        "brug-van-papier",
    ]
    statements = []
    sa.event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    tree = lineage.family_tree(lesson("brug-van-papier"))
    assert len(statements) <= 3
    assert tree.size == 3
    assert tree.children[0].lesson.slug == "brug-voor-kleuters"
    assert tree.children[0].children[0].lesson.slug == "brug-voor-poppen"


def test_lesson_page_shows_adaptations_and_family_tree(imported, client):
    html = client.get("/lessen/brug-van-papier").get_data(as_text=True)
    assert (
        "1 keer aangepast door leerkrachten voor hun eigen klas; 1 bewerking is gepubliceerd."
        in html
    )
    assert '<a href="/lessen/brug-voor-kleuters">Een brug voor de knuffels</a>' in html
    family = client.get("/lessen/brug-voor-kleuters/familie").get_data(as_text=True)
    assert '<a href="/lessen/brug-van-papier">De sterkste brug van papier</a>' in family
    assert '<strong aria-current="page">Een brug voor de knuffels</strong>' in family


def test_a_comparison_of_thousands_of_changed_words_shows_the_section_as_replaced(
    imported, client, fixture_lessons
):
    edit(fixture_lessons / "brug-van-papier.md", "Teken je ontwerp.", words(1, 4_500))
    import_path(fixture_lessons)
    edit(fixture_lessons / "brug-van-papier.md", words(1, 4_500), words(2, 4_500))
    import_path(fixture_lessons)
    html = client.get("/lessen/brug-van-papier/vergelijk?van=2&naar=3").get_data(as_text=True)
    assert '<span class="diff-status">sectie vervangen</span>' in html
    assert "Dit onderdeel is helemaal vervangen: eerst de oude tekst, dan de nieuwe." in html
    assert words(2, 4_500) in html
