"""Attachments: the type comes from the content, files are stored by hash and never served as a page."""

import hashlib
import io
import struct
import zipfile

import pytest

from library.accounts.models import Role
from library.authoring import workflow
from library.authoring.uploads import UploadRefused, accept_upload, clean_filename
from library.content.filetypes import sniff
from library.lessons.service import get_lesson
from library.lessons.storage import blob_path, staged_path
from tests.test_editor import NEW_LESSON, signed_in
from tests.web import Visitor, fill, form_fields, make_user

MB = 1024 * 1024


def zipped(*entries: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            compression = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compression)
    return buffer.getvalue()


def opendocument(kind: str, *, manifest: bool = True) -> bytes:
    mimetype = f"application/vnd.oasis.opendocument.{kind}".encode()
    entries = [("mimetype", mimetype), ("content.xml", b"<office:document-content/>")]
    if manifest:
        entries.append(("META-INF/manifest.xml", b"<manifest:manifest/>"))
    return zipped(*entries)


OOXML_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
MAIN_TYPES = {
    "word/document.xml": "wordprocessingml.document.main+xml",
    "ppt/presentation.xml": "presentationml.presentation.main+xml",
    "xl/workbook.xml": "spreadsheetml.sheet.main+xml",
}


def office(part: str, content_type: str | None = None, declared: str | None = None) -> bytes:
    """An OPC package whose [Content_Types].xml declares its main part (as Office writes it)."""
    content_type = content_type or (
        f"application/vnd.openxmlformats-officedocument.{MAIN_TYPES[part]}"
    )
    types = (
        f'<Types xmlns="{OOXML_TYPES}"><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{declared or part}" ContentType="{content_type}"/></Types>'
    )
    return zipped(
        ("[Content_Types].xml", types.encode()), ("_rels/.rels", b"<Relationships/>"),
        (part, b"<document/>"),
    )  # fmt: skip


def binary_stl(*triangles: tuple[float, ...]) -> bytes:
    body = b"".join(struct.pack("<12fH", *triangle, 0) for triangle in triangles)
    return b"model".ljust(80, b" ") + struct.pack("<I", len(triangles)) + body


TRIANGLE = (0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0)
BINARY_STL = binary_stl(TRIANGLE, TRIANGLE)
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
HEX = b":10010000214601360121470136007EFE09D2190140\n:00000001FF\n"
SAMPLES = {
    "pdf": b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n",
    "png": b"\x89PNG\r\n\x1a\n" + bytes(20),
    "jpg": b"\xff\xd8\xff\xe0" + bytes(20),
    "docx": office("word/document.xml"),
    "pptx": office("ppt/presentation.xml"),
    "xlsx": office("xl/workbook.xml"),
    "odt": opendocument("text"),
    "odp": opendocument("presentation"),
    "ods": opendocument("spreadsheet"),
    "sb3": zipped(("project.json", b"{}"), ("1.svg", b"<svg/>")),
    "zip": zipped(("werkblad.txt", b"hallo")),
    "stl": BINARY_STL,
    "hex": HEX,
}


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


def upload(visitor, url, name, data, changes=None):
    return visitor.use_editor(
        url,
        {**(changes or {}), "upload": (io.BytesIO(data), name)},
        action="upload",
        content_type="multipart/form-data",
    )


def create_with_file(visitor, name, data, title="Drijven en zinken"):
    """Write a new lesson with one attachment through the editor, as a teacher would."""
    response = upload(visitor, "/nieuwe-les", name, data, {**NEW_LESSON, "title": title})
    assert response.status_code == 200, response.get_data(as_text=True)
    fields = form_fields(response.get_data(as_text=True), "jouw-versie")
    fields["action"] = "save"
    visitor._fresh()
    response = visitor.client.post("/nieuwe-les", data=fields)
    assert response.status_code == 302
    return response.headers["Location"].removesuffix("/werkversie")


def test_the_editor_attaches_uploaded_files_and_keeps_them_until_saved(app, client):
    visitor, _ = signed_in(client)
    create_with_file(visitor, "Werkblad.pdf", SAMPLES["pdf"])
    lesson = get_lesson("drijven-en-zinken")
    assert [a.filename for a in lesson.current_revision.attachments] == ["Werkblad.pdf"]
    assert lesson.current_revision.metadata_["attachments"] == ["Werkblad.pdf"]
    assert lesson.current_revision.attachments[0].media_type == "application/pdf"


def test_a_refused_upload_is_explained_at_the_attachment_field(app, client):
    visitor, _ = signed_in(client)
    response = upload(visitor, "/nieuwe-les", "werkblad.pdf", b"<html>nee</html>", NEW_LESSON)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="upload-fout"' in html and "geen bestand dat je hier kunt toevoegen" in html


def test_a_forged_attachment_list_is_refused(app, client):
    visitor, _ = signed_in(client)
    fields = fill(visitor.editor("/nieuwe-les"), NEW_LESSON)
    fields["attachments_token"] = "W1siZ2VoZWltLnBkZiIsImFiYyIsMV1d.vervalst"
    visitor._fresh()
    assert client.post("/nieuwe-les", data=fields).status_code == 400


def test_downloads_are_attachments_with_nosniff_and_a_sandbox(app, client):
    visitor, _ = signed_in(client)
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
    visitor, _ = signed_in(client)
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
    visitor, _ = signed_in(client)
    lesson_url = create_with_file(visitor, "foto.png", SAMPLES["png"])
    response = visitor.get(f"{lesson_url}/bijlagen/foto.png")
    assert response.headers["Content-Disposition"].startswith("inline;")
    assert response.headers["Content-Type"] == "image/png"
    assert "sandbox" in response.headers["Content-Security-Policy"]
