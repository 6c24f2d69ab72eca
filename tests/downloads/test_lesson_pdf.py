"""The lesson PDF: the teacher's text and the worksheets in one A4 file, read back with pypdf."""

import io

import pypdf
import sqlalchemy as sa

from library.db import db
from library.downloads import pdf
from library.lessons.models import Lesson, LessonStatus
from tests.helpers.app import WORKSHEET

A4 = (595.28, 841.89)


def read_pdf(client, slug):
    response = client.get(f"/lessen/{slug}/pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    return response, pypdf.PdfReader(io.BytesIO(response.data))


def text_of(reader):
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_holds_title_quick_look_phases_sections_and_the_worksheet(imported, client):
    response, reader = read_pdf(client, "magneten-onderzoeken")
    assert (
        response.headers["Content-Disposition"]
        == 'attachment; filename="magneten-onderzoeken-v1.pdf"'
    )
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == A4
    text = " ".join(text_of(reader).split())
    assert text.startswith("Techniekbieb · magneten-onderzoeken Wat trekt een magneet aan?")
    for expected in (
        "In één oogopslag",
        "Duur: 1 uur",
        "Groepen: Groep 3-4, Groep 5-6",
        "Drempel: Laag: Geen technische voorkennis nodig; alles staat in de les. De drempel zegt hoeveel techniekkennis jij als leerkracht nodig hebt.",
        "1. Confrontatie (5 minuten)",
        "2. Verkennen (niet in deze les)",
        "per groepje: 1 staafmagneet",
        "Fase 1 · Confrontatie",
        "Fase 5 · Concluderen",
        "Tips voor de leerkracht",
        "Houd magneten uit de buurt van telefoons.",
        "magneet een voorwerp dat ijzer naar zich toe trekt",
        "werkblad.pdf: achter in deze PDF",
        "Licentie: CC BY-SA 4.0",
    ):
        assert expected in text, expected
    # The worksheet's own page comes last, unchanged, with a bookmark to it.
    worksheet = pypdf.PdfReader(WORKSHEET)
    assert reader.pages[-1].extract_text() == worksheet.pages[0].extract_text()
    assert "Werkblad magneten" in reader.pages[-1].extract_text()
    assert all("pagina" in page.extract_text() for page in reader.pages[:-1])
    assert "pagina" not in reader.pages[-1].extract_text()
    titles = [item.title for item in reader.outline]
    assert titles == ["Wat trekt een magneet aan?", "werkblad.pdf"]
    assert reader.get_destination_page_number(reader.outline[1]) == len(reader.pages) - 1


def test_worksheets_beyond_the_budget_are_listed_with_their_address(imported, client, monkeypatch):
    monkeypatch.setattr(pdf, "MAX_APPENDED_BYTES", 10)
    _, reader = read_pdf(client, "magneten-onderzoeken")
    text = " ".join(text_of(reader).split())
    assert (
        "werkblad.pdf: http://bieb.test/lessen/magneten-onderzoeken/bijlagen/werkblad.pdf" in text
    )
    assert "Werkblad magneten" not in text
    assert [item.title for item in reader.outline] == ["Wat trekt een magneet aan?"]


def test_a_lesson_without_worksheets_and_the_pdf_of_a_fork(imported, client):
    _, reader = read_pdf(client, "brug-voor-kleuters")
    text = " ".join(text_of(reader).split())
    assert "Een brug voor de knuffels" in text and "Werkbladen: geen" in text
    assert "Werkbladen en bijlagen" not in text
    assert "Fase 1 · Confrontatie De knuffel wil naar de overkant." in text
    assert "Bewerking van: De sterkste brug van papier" in text


def test_the_pdf_is_made_once_per_revision_and_revalidates_by_its_etag(imported, client):
    first, _ = read_pdf(client, "magneten-onderzoeken")
    second, _ = read_pdf(client, "magneten-onderzoeken")
    assert first.data == second.data
    assert first.headers["Cache-Control"] == "public, max-age=3600"
    again = client.get(
        "/lessen/magneten-onderzoeken/pdf", headers={"If-None-Match": first.get_etag()[0]}
    )
    assert again.status_code == 304


def test_only_published_lessons_have_a_pdf(imported, client):
    lesson = db.session.scalar(sa.select(Lesson).where(Lesson.slug == "brug-van-papier"))
    lesson.status = LessonStatus.DRAFT.value
    db.session.commit()
    assert client.get("/lessen/brug-van-papier/pdf").status_code == 404
    assert client.get("/lessen/bestaat-niet/pdf").status_code == 404
