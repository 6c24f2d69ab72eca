"""Download as ZIP (importable elsewhere), print view, and import of ZIPs."""

import io
import re
import shutil
import zipfile

import pytest

from library.db import db
from library.lessons.importer import import_path
from tests.helpers.app import WORKSHEET, make_app
from tests.helpers.editor import download

SLUGS = ["brug-van-papier", "brug-voor-kleuters", "magneten-onderzoeken"]


def test_zip_holds_lesson_file_printable_html_attachments_and_attribution(imported, client):
    response = download(client, "magneten-onderzoeken")
    assert response.mimetype == "application/zip"
    assert (
        response.headers["Content-Disposition"]
        == 'attachment; filename="magneten-onderzoeken-v1.zip"'
    )
    bundle = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(bundle.namelist()) == [
        "ATTRIBUTION.txt",
        "lesson.html",
        "lesson.md",
        "lesson/werkblad.pdf",
    ]
    lesson_md = bundle.read("lesson.md").decode()
    assert lesson_md.startswith(
        "---\ntitle: Wat trekt een magneet aan?\nslug: magneten-onderzoeken\n"
    )
    assert bundle.read("lesson/werkblad.pdf") == WORKSHEET.read_bytes()
    attribution = bundle.read("ATTRIBUTION.txt").decode()
    assert "Makers: Team Techniekbieb" in attribution
    assert "https://creativecommons.org/licenses/by-sa/4.0/deed.nl" in attribution


def test_printable_html_is_standalone(imported, client):
    bundle = zipfile.ZipFile(io.BytesIO(download(client, "magneten-onderzoeken").data))
    html = bundle.read("lesson.html").decode()
    assert "<style>" in html and "<link" not in html and "<script" not in html
    assert not re.search(r'(src|href)="https?://[^"]*\.(css|js|png|jpg|woff2?)"', html)
    assert "Wat trekt een magneet aan?" in html and "per groepje: 1 staafmagneet" in html


def test_fork_attribution_names_the_whole_chain(imported, client):
    bundle = zipfile.ZipFile(io.BytesIO(download(client, "brug-voor-kleuters").data))
    attribution = bundle.read("ATTRIBUTION.txt").decode()
    assert "Deze les is een bewerking van:" in attribution
    assert (
        "- De sterkste brug van papier, versie 1, door Sanne de Vries"
        " (CC BY 4.0 (Naamsvermelding)), http://bieb.test/lessen/brug-van-papier" in attribution
    )
    assert "forked_from: brug-van-papier\n" in bundle.read("lesson.md").decode()


def test_the_same_revision_always_gives_the_same_zip(imported, client):
    assert download(client, "brug-van-papier").data == download(client, "brug-van-papier").data


def lesson_json(client, slug):
    data = client.get(f"/api/v1/lessons/{slug}").get_json()
    for key in ("created_at", "updated_at"):
        data.pop(key)
    return data


def test_every_downloaded_zip_imports_unchanged_into_another_library(
    imported, client, tmp_path, migrated_database
):
    folder = tmp_path / "zips"
    folder.mkdir()
    originals = {}
    for slug in SLUGS:
        (folder / f"{slug}.zip").write_bytes(download(client, slug).data)
        originals[slug] = lesson_json(client, slug)
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    shutil.copy(migrated_database, other_dir / "db.sqlite3")
    other = make_app(other_dir, other_dir / "db.sqlite3")
    with other.app_context():
        report = import_path(folder)
        assert sorted(report.created) == SLUGS
        copies = {slug: lesson_json(other.test_client(), slug) for slug in SLUGS}
        again = import_path(folder / "brug-van-papier.zip")
        assert again.unchanged == ["brug-van-papier"]
        db.session.remove()
        db.engine.dispose()
    assert copies == originals


@pytest.mark.parametrize(
    "member,message",
    [("../boos.md", "onveilige bestandsnaam"), ("/etc/boos.md", "onveilige bestandsnaam")],
)
def test_unsafe_zip_members_are_refused(runner, tmp_path, member, message):
    archive = tmp_path / "boos.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr(member, "---\ntitle: x\n---\n")
    result = runner.invoke(args=["content", "import", str(archive)])
    assert result.exit_code == 1
    assert f"{archive}: {message}" in result.output


def test_broken_zip_and_problems_inside_a_zip_name_the_archive(runner, tmp_path):
    broken = tmp_path / "kapot.zip"
    broken.write_bytes(b"geen zip")
    result = runner.invoke(args=["content", "import", str(broken)])
    assert "geen geldig ZIP-bestand" in result.output
    archive = tmp_path / "les.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr(
            "lesson.md",
            "---\ntitle: Een les\nsummary: x\nkind: ontwerpend\nworlds: [maan]\ngrades: [groep-7-8]\n---\n",
        )
    result = runner.invoke(args=["content", "import", str(archive)])
    assert f"{archive}!lesson.md:5: `maan` is geen geldige waarde voor `worlds`" in result.output


def test_print_view_is_an_a4_page_with_checklist_phases_and_licence(imported, client):
    response = client.get("/lessen/magneten-onderzoeken/print")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="/static/print.css"' in html
    assert '<ul class="checklist"><li>per groepje: 1 staafmagneet</li>' in html
    assert '<li class="covered">1. Confrontatie (5 minuten)</li>' in html
    assert "Licentie: CC BY-SA 4.0" in html
    assert client.get("/lessen/bestaat-niet/print").status_code == 404
    assert client.get("/lessen/bestaat-niet/download").status_code == 404
