"""`flask content import|export|check`: all-or-nothing import, idempotence, revisions, round trip."""

import shutil

import sqlalchemy as sa

from library.db import db
from library.lessons.models import Attachment, Lesson, Revision
from library.lessons.storage import blob_path
from tests.helpers.app import WORKSHEET, make_app
from tests.helpers.lessons import count


def test_import_creates_published_lessons_with_sections_and_attachments(runner, fixture_lessons):
    result = runner.invoke(args=["content", "import", str(fixture_lessons)])
    assert result.exit_code == 0, result.output
    assert "3 lessen: 3 nieuw, 0 bijgewerkt, 0 ongewijzigd." in result.output
    lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "magneten-onderzoeken"))
    assert lesson.status == "published"
    assert [s.phase for s in lesson.current_revision.sections] == [
        None,
        "confrontatie",
        "opzetten-experiment",
        "uitvoeren-experiment",
        "concluderen",
        None,
    ]
    (attachment,) = lesson.current_revision.attachments
    assert attachment.filename == "werkblad.pdf"
    assert blob_path(attachment.sha256).read_bytes() == WORKSHEET.read_bytes()


def test_importing_the_same_folder_twice_changes_nothing(runner, fixture_lessons):
    runner.invoke(args=["content", "import", str(fixture_lessons)])
    before = count(Revision)
    result = runner.invoke(args=["content", "import", str(fixture_lessons)])
    assert "0 nieuw, 0 bijgewerkt, 3 ongewijzigd" in result.output
    assert count(Revision) == before


def test_changed_file_becomes_a_new_revision(runner, fixture_lessons):
    runner.invoke(args=["content", "import", str(fixture_lessons)])
    path = fixture_lessons / "brug-van-papier.md"
    path.write_text(path.read_text().replace("Hoeveel knikkers", "Hoeveel knikkers of munten"))
    result = runner.invoke(args=["content", "import", str(fixture_lessons)])
    assert "1 bijgewerkt" in result.output
    lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "brug-van-papier"))
    assert [r.number for r in lesson.revisions] == [1, 2]
    assert lesson.current_revision.number == 2
    assert "munten" in lesson.current_revision.sections[-1].markdown
    assert "munten" not in lesson.revisions[0].sections[-1].markdown


def test_changed_attachment_alone_is_a_new_revision(runner, fixture_lessons):
    runner.invoke(args=["content", "import", str(fixture_lessons)])
    (fixture_lessons / "magneten-onderzoeken" / "werkblad.pdf").write_bytes(b"%PDF-1.4 nieuw")
    result = runner.invoke(args=["content", "import", str(fixture_lessons)])
    assert "1 bijgewerkt" in result.output


def test_a_bad_file_means_nothing_is_written_and_every_problem_is_named(runner, fixture_lessons):
    (fixture_lessons / "kapot.md").write_text(
        "---\ntitle: Kapot\nsummary: x\nkind: ontwerpend\nworlds: [hightech]\ngrades: [groep-7-8]\nkleur: rood\n---\n"
    )
    (fixture_lessons / "magneten-onderzoeken" / "werkblad.pdf").unlink()
    result = runner.invoke(args=["content", "import", str(fixture_lessons)])
    assert result.exit_code == 1
    output = result.output
    assert (
        f"{fixture_lessons / 'kapot.md'}:5: `hightech` is geen geldige waarde voor `worlds`. Bedoelde je: `hightech-science`?"
        in output
    )
    assert f"{fixture_lessons / 'kapot.md'}:7: onbekende sleutel `kleur`." in output
    assert "bijlage `werkblad.pdf` ontbreekt" in output
    assert "er is niets geschreven" in output
    assert count(Lesson) == 0 and count(Revision) == 0


def test_duplicate_slugs_across_files_are_refused(runner, fixture_lessons):
    shutil.copy(fixture_lessons / "brug-van-papier.md", fixture_lessons / "kopie.md")
    text = (
        (fixture_lessons / "kopie.md")
        .read_text()
        .replace("license:", "slug: brug-van-papier\nlicense:")
    )
    (fixture_lessons / "kopie.md").write_text(text)
    result = runner.invoke(args=["content", "import", str(fixture_lessons)])
    assert result.exit_code == 1
    assert "slug `brug-van-papier` staat ook in" in result.output


def test_check_validates_without_writing(runner, fixture_lessons):
    result = runner.invoke(args=["content", "check", str(fixture_lessons)])
    assert result.exit_code == 0
    assert "3 lesbestanden in orde." in result.output
    assert count(Lesson) == 0


def test_fork_is_linked_to_its_source_revision(imported):
    fork = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "brug-voor-kleuters"))
    assert fork.forked_from.slug == "brug-van-papier"
    assert fork.forked_from_revision.number == 1


def test_attachments_are_stored_once_by_content_hash(imported, runner, fixture_lessons):
    copy = fixture_lessons / "tweede"
    copy.mkdir()
    text = (fixture_lessons / "magneten-onderzoeken.md").read_text()
    (copy / "magneten-kopie.md").write_text(text)
    (copy / "magneten-kopie").mkdir()
    shutil.copy(fixture_lessons / "magneten-onderzoeken" / "werkblad.pdf", copy / "magneten-kopie")
    runner.invoke(args=["content", "import", str(copy)])
    hashes = db.session.scalars(sa.select(Attachment.sha256)).all()
    assert len(hashes) == 2 and len(set(hashes)) == 1


def lesson_json(client, slug):
    data = client.get(f"/api/v1/lessons/{slug}").get_json()
    for key in ("created_at", "updated_at", "url"):
        data.pop(key)
    for attachment in data["attachments"]:
        attachment.pop("url")
    return data


def test_export_then_import_into_an_empty_library_gives_identical_lessons(
    imported, client, runner, tmp_path, migrated_database
):
    exported = tmp_path / "export"
    result = runner.invoke(args=["content", "export", str(exported)])
    assert "3 lessen geëxporteerd" in result.output
    assert (exported / "magneten-onderzoeken" / "werkblad.pdf").is_file()
    assert (
        "x-internal-note: behouden bij export" in (exported / "magneten-onderzoeken.md").read_text()
    )

    slugs = ["brug-van-papier", "brug-voor-kleuters", "magneten-onderzoeken"]
    original = {slug: lesson_json(client, slug) for slug in slugs}

    other_dir = tmp_path / "other"
    other_dir.mkdir()
    shutil.copy(migrated_database, other_dir / "db.sqlite3")
    other = make_app(other_dir, other_dir / "db.sqlite3")
    with other.app_context():
        other_runner = other.test_cli_runner()
        result = other_runner.invoke(args=["content", "import", str(exported)])
        assert "3 nieuw" in result.output, result.output
        copied = {slug: lesson_json(other.test_client(), slug) for slug in slugs}
        second_export = other_dir / "export"
        other_runner.invoke(args=["content", "export", str(second_export)])
        db.session.remove()
        db.engine.dispose()
    assert copied == original
    for path in exported.rglob("*"):
        if path.is_file():
            assert (second_export / path.relative_to(exported)).read_bytes() == path.read_bytes()


def test_an_attachment_an_upload_could_not_be_is_refused_on_import(runner, fixture_lessons):
    folder = fixture_lessons / "magneten-onderzoeken"
    (folder / "evil.html").write_text("<script>fetch('/account').then(steal)</script>")
    (folder / "model.stl").write_bytes(b"<html><script>steal()</script>".ljust(80) + bytes(4))
    lesson = fixture_lessons / "magneten-onderzoeken.md"
    text = lesson.read_text().replace("[werkblad.pdf]", "[werkblad.pdf, evil.html, model.stl]")
    lesson.write_text(text)
    line = text.splitlines().index("attachments: [werkblad.pdf, evil.html, model.stl]") + 1
    result = runner.invoke(args=["content", "import", str(fixture_lessons)])
    assert result.exit_code == 1
    refused = "is geen bestand dat je hier kunt toevoegen. Dit kan wel: pdf, docx"
    assert f"{lesson}:{line}: bijlage `evil.html`: ‘evil.html’ {refused}" in result.output
    assert f"{lesson}:{line}: bijlage `model.stl`: ‘model.stl’ {refused}" in result.output
    assert count(Lesson) == 0
