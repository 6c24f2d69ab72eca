"""What a lesson's text may show: images only of its own attachments (on the site and in the
ZIP's offline page), and stored HTML that `flask content render` and migration 0016 renew."""

import io
import zipfile

import sqlalchemy as sa

from library.db import db
from library.lessons.importer import import_path
from library.lessons.models import Lesson
from library.lessons.service import get_lesson
from tests.helpers.editor import download
from tests.helpers.files import SAMPLES

IMAGES = (
    "![Het schema](schema.png) ![teller](/lessen/brug-van-papier/download)"
    " ![pixel](https://tracker.example/p.gif)"
)


def with_images(fixture_lessons):
    path = fixture_lessons / "magneten-onderzoeken.md"
    text = path.read_text()
    assert "attachments: [werkblad.pdf]" in text
    text = text.replace("attachments: [werkblad.pdf]", "attachments: [werkblad.pdf, schema.png]")
    text = text.replace("Magneten zijn geheimzinnig:", IMAGES + "\n\nMagneten zijn geheimzinnig:")
    path.write_text(text)
    (fixture_lessons / "magneten-onderzoeken" / "schema.png").write_bytes(SAMPLES["png"])
    import_path(fixture_lessons)


def download_count(slug):
    return db.session.scalar(sa.select(Lesson.download_count).where(Lesson.slug == slug))


def test_a_lesson_shows_its_own_images_and_no_other_lessons_download_or_tracker(
    app, client, fixture_lessons
):
    with_images(fixture_lessons)
    html = client.get("/lessen/magneten-onderzoeken").get_data(as_text=True)
    assert '<img src="/lessen/magneten-onderzoeken/bijlagen/schema.png" alt="Het schema">' in html
    assert "tracker.example" not in html and "/lessen/brug-van-papier/download" not in html
    assert "teller" in html and "pixel" in html  # the alt texts stand in their place
    assert client.get("/lessen/magneten-onderzoeken/bijlagen/schema.png").status_code == 200
    assert download_count("brug-van-papier") == 0


def test_the_zips_offline_page_shows_attachment_images_from_the_zip_and_nothing_external(
    app, client, fixture_lessons
):
    with_images(fixture_lessons)
    section = get_lesson("magneten-onderzoeken").current_revision.sections[0]
    # HTML stored before images were limited to attachments.
    section.html += '<p><img src="https://tracker.example/oud.gif" alt="oud"></p>'
    db.session.commit()
    bundle = zipfile.ZipFile(io.BytesIO(download(client, "magneten-onderzoeken").data))
    page = bundle.read("lesson.html").decode()
    assert '<img src="lesson/schema.png" alt="Het schema">' in page
    assert "lesson/schema.png" in bundle.namelist()
    assert "tracker.example" not in page and page.count("<img") == 1


def test_flask_content_render_renders_the_stored_html_again(app, runner, fixture_lessons):
    import_path(fixture_lessons)
    revision = get_lesson("magneten-onderzoeken").current_revision
    revision.preparation_html = '<p><img src="https://tracker.example/p.gif"></p>'
    revision.sections[0].html = "<p>oud</p>"
    db.session.commit()
    count = db.session.scalar(sa.text("select count(*) from revision"))
    result = runner.invoke(args=["content", "render"])
    assert result.exit_code == 0
    assert f"De HTML van {count} versies is opnieuw gemaakt." in result.output
    db.session.expire_all()
    revision = get_lesson("magneten-onderzoeken").current_revision
    assert revision.preparation_html.startswith("<p>Vul per groepje een bakje met voorwerpen.</p>")
    assert "<strong>magneten</strong>" in revision.preparation_html
    assert revision.sections[0].html != "<p>oud</p>" and "<" in revision.sections[0].html
