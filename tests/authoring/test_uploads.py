"""Attachments: the type comes from the content, files are stored by hash and never served as a page."""

import hashlib
import io
import zipfile

import pytest

from library.accounts.models import Role
from library.authoring import workflow
from library.authoring.uploads import UploadRefused, accept_upload, clean_filename
from library.content.filetypes import sniff
from library.lessons.service import get_lesson
from library.lessons.storage import blob_path, staged_path
from tests.helpers.editor import NEW_LESSON, create_with_file, upload
from tests.helpers.files import (
    SAMPLES,
    TRIANGLE,
    binary_stl,
    office,
    opendocument,
    zipped,
)
from tests.helpers.web import Visitor, fill, make_user, signed_in

MB = 1024 * 1024


ASCII_STL = b"""solid kubus
  facet normal 0 0 1
    outer loop
      vertex 0 0 0
      vertex 1.5 0 0
      vertex 0 -1e-3 0
    endloop
  endfacet
endsolid kubus
"""


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_every_listed_type_is_recognised_by_its_content(kind):
    assert sniff(SAMPLES[kind]) == kind


def test_ascii_stl_is_a_3d_model_too():
    assert sniff(ASCII_STL) == "stl"


@pytest.mark.parametrize(
    "data",
    [
        b"<!doctype html><script>alert(1)</script>",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"MZ\x90\x00 a windows program",
        b"#!/bin/sh\nrm -rf /\n",
        b"gewoon wat tekst",
        b"PK\x03\x04 not really a zip",
        # No triangles: the count (0) matches the size (84 bytes), and it is a page.
        b"<html><script>alert(1)</script>".ljust(80) + bytes(4),
        binary_stl(TRIANGLE, (float("nan"),) * 12),
        b"solid x\nfacet <script>alert(1)</script>\nendsolid x\n",
        ASCII_STL.replace(b"vertex 0 0 0", b"vertex <b>0</b> 0 0"),
        ASCII_STL.replace(b"    endloop\n", b""),
    ],
)
def test_other_content_is_not_recognised(data):
    assert sniff(data) is None


@pytest.mark.parametrize(
    "package",
    [
        zipped(("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<document/>")),
        office("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
        office("word/document.xml").replace(b"_rels/.rels", b"_rels/.xxxx"),
        office("word/document.xml", declared="wxrd/document.xml"),
    ],
)
def test_an_office_document_must_declare_its_main_part(teacher, package):
    assert sniff(package) == "zip"
    with pytest.raises(UploadRefused, match="het is een zip-archief"):
        accept_upload("verslag.docx", package, 20 * MB, by=teacher)


def test_an_opendocument_file_starts_with_its_stored_mimetype_and_has_a_manifest():
    assert sniff(opendocument("text")) == "odt"
    assert sniff(opendocument("text", manifest=False)) == "zip"
    deflated = io.BytesIO()
    with zipfile.ZipFile(deflated, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", b"<manifest:manifest/>")
    assert sniff(deflated.getvalue()) == "zip"
    assert sniff(opendocument("graphics")) == "zip"
    # A member whose bytes do not match its checksum: no real ZIP package at all.
    broken = opendocument("text").replace(b".opendocument.text", b".opendocument.texx")
    assert sniff(broken) is None


@pytest.fixture
def teacher(app):
    return make_user(Role.LEERKRACHT)


def test_an_accepted_file_waits_once_by_its_hash_until_a_lesson_keeps_it(teacher):
    first = accept_upload("Werkblad brug.pdf", SAMPLES["pdf"], 20 * MB, by=teacher)
    second = accept_upload("kopie.pdf", SAMPLES["pdf"], 20 * MB, by=teacher)
    assert first.sha256 == second.sha256 == hashlib.sha256(SAMPLES["pdf"]).hexdigest()
    assert staged_path(first.sha256).read_bytes() == SAMPLES["pdf"]
    assert not blob_path(first.sha256).exists()
    assert first.filename == "Werkblad brug.pdf" and first.size == len(SAMPLES["pdf"])


def test_a_name_that_lies_about_the_content_is_refused(teacher):
    with pytest.raises(UploadRefused, match="past niet bij de inhoud: het is een png-afbeelding"):
        accept_upload("werkblad.pdf", SAMPLES["png"], 20 * MB, by=teacher)
    with pytest.raises(UploadRefused, match="geen bestand dat je hier kunt toevoegen"):
        accept_upload("pagina.pdf", b"<html><body>hoi</body></html>", 20 * MB, by=teacher)
    # A zip archive may hold an Office document or a Scratch project.
    assert (
        accept_upload("project.zip", SAMPLES["sb3"], 20 * MB, by=teacher).filename == "project.zip"
    )


def test_size_limit_and_empty_files(teacher):
    with pytest.raises(UploadRefused, match="groter dan 1 MB"):
        accept_upload("groot.pdf", b"%PDF-" + bytes(MB), MB, by=teacher)
    with pytest.raises(UploadRefused, match="is leeg"):
        accept_upload("leeg.pdf", b"", MB, by=teacher)


def test_file_names_lose_folders_and_odd_characters():
    assert clean_filename("C:\\Users\\juf\\Werkblad (1).PDF") == "Werkblad (1).pdf"
    assert clean_filename("../../etc/passwd.png") == "passwd.png"
    assert clean_filename("<script>.jpg") == "script.jpg"
    assert clean_filename(".png") == "bijlage.png"


def test_the_editor_attaches_uploaded_files_and_keeps_them_until_saved(app, client):
    visitor = signed_in(client, Role.DOCENT)
    create_with_file(visitor, "Werkblad.pdf", SAMPLES["pdf"])
    lesson = get_lesson("drijven-en-zinken")
    assert [a.filename for a in lesson.current_revision.attachments] == ["Werkblad.pdf"]
    assert lesson.current_revision.metadata_["attachments"] == ["Werkblad.pdf"]
    assert lesson.current_revision.attachments[0].media_type == "application/pdf"


def test_a_refused_upload_is_explained_at_the_attachment_field(app, client):
    visitor = signed_in(client, Role.DOCENT)
    response = upload(visitor, "/nieuwe-les", "werkblad.pdf", b"<html>nee</html>", NEW_LESSON)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="upload-fout"' in html and "geen bestand dat je hier kunt toevoegen" in html


def test_a_forged_attachment_list_is_refused(app, client):
    visitor = signed_in(client, Role.DOCENT)
    fields = fill(visitor.editor("/nieuwe-les"), NEW_LESSON)
    fields["attachments_token"] = "W1siZ2VoZWltLnBkZiIsImFiYyIsMV1d.vervalst"
    visitor._fresh()
    assert client.post("/nieuwe-les", data=fields).status_code == 400


def test_downloads_are_attachments_with_nosniff_and_a_sandbox(app, client):
    visitor = signed_in(client, Role.DOCENT)
    lesson_url = create_with_file(visitor, "werkblad.pdf", SAMPLES["pdf"])
    response = visitor.get(f"{lesson_url}/bijlagen/werkblad.pdf")
    assert response.status_code == 200 and response.data == SAMPLES["pdf"]
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    # A draft's file is its maker's: the public gets nothing, and no cache keeps it.
    assert Visitor(app.test_client()).get(f"{lesson_url}/bijlagen/werkblad.pdf").status_code == 404
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Expires" not in response.headers


def test_only_a_published_lessons_files_may_be_cached_publicly(app, client):
    app.config["REVIEW_REQUIRED"] = False
    visitor = signed_in(client, Role.DOCENT)
    lesson_url = create_with_file(visitor, "werkblad.pdf", SAMPLES["pdf"])
    slug = lesson_url.rsplit("/", 1)[1]
    lesson = get_lesson(slug)
    workflow.submit(lesson, by=lesson.owner, expected_version=lesson.version)
    anyone = Visitor(app.test_client()).get(f"{lesson_url}/bijlagen/werkblad.pdf")
    assert anyone.headers["Cache-Control"] == "public, max-age=3600"
    lesson = get_lesson(slug)
    workflow.archive(lesson, by=lesson.owner, expected_version=lesson.version)
    own = visitor.get(f"{lesson_url}/bijlagen/werkblad.pdf")
    assert own.status_code == 200 and own.headers["Cache-Control"] == "private, no-store"


def test_raster_images_may_show_inline_but_stay_sandboxed(app, client):
    visitor = signed_in(client, Role.DOCENT)
    lesson_url = create_with_file(visitor, "foto.png", SAMPLES["png"])
    response = visitor.get(f"{lesson_url}/bijlagen/foto.png")
    assert response.headers["Content-Disposition"].startswith("inline;")
    assert response.headers["Content-Type"] == "image/png"
    assert "sandbox" in response.headers["Content-Security-Policy"]
