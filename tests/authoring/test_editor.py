"""The lesson editor: the same lesson documents as the importer, Dutch messages at the field,
sections that can be added, moved and removed without JavaScript, and a sanitised preview."""

import sqlalchemy as sa
from lxml.html import fromstring

from library.accounts.models import Role
from library.content.format import parse_lesson, serialise
from library.db import db
from library.lessons.exporter import document_from_revision
from library.lessons.models import Lesson, LessonStatus
from library.lessons.service import get_lesson
from library.vocab.loader import get_vocabularies
from tests.helpers.app import FIXTURES
from tests.helpers.editor import NEW_LESSON, create, upload
from tests.helpers.files import SAMPLES
from tests.helpers.web import Visitor, fill, form_fields, signed_in


def test_a_new_lesson_is_saved_as_a_private_draft_of_its_maker(app, client):
    visitor = signed_in(client, Role.DOCENT, region="STO Noord")
    user = visitor.user
    response = create(visitor)
    assert response.headers["Location"].endswith("/lessen/drijven-en-zinken/werkversie")
    lesson = get_lesson("drijven-en-zinken")
    assert lesson.status == LessonStatus.DRAFT.value and lesson.owner_id == user.id
    assert lesson.region == "STO Noord" and lesson.organisation == "Testschool"
    revision = lesson.current_revision
    assert revision.author == user.name and revision.author_id == user.id
    assert revision.metadata_["authors"] == [user.name]
    assert [(s.phase, s.heading) for s in revision.sections] == [
        ("confrontatie", "Confrontatie"),
        ("uitvoeren-experiment", "Uitvoeren van het experiment"),
    ]
    assert revision.metadata_["materials"] == ["een bak water", "voorwerpen van huis"]
    assert revision.metadata_["duration"] == 60
    html = visitor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Concept" in html and "Laat een appel en een knikker zien." in html
    # Not on the public pages.
    assert Visitor(app.test_client()).get("/lessen/drijven-en-zinken").status_code == 404


def test_the_editor_makes_the_document_the_importer_makes(imported, client):
    """An imported lesson, opened and saved unchanged in the editor, is the same lesson file."""
    visitor = signed_in(client, Role.DOCENT)
    user = visitor.user
    lesson = get_lesson("magneten-onderzoeken")
    lesson.owner = user
    db.session.commit()
    before = serialise(document_from_revision(lesson.current_revision))
    response = visitor.use_editor("/lessen/magneten-onderzoeken/bewerken")
    assert response.status_code == 302
    db.session.expire_all()
    lesson = get_lesson("magneten-onderzoeken")
    assert serialise(document_from_revision(lesson.current_revision)) == before
    assert lesson.current_revision.number == 1  # nothing changed, no new revision
    text = (FIXTURES / "lessons" / "magneten-onderzoeken.md").read_text()
    document, problems = parse_lesson(text, "x.md", get_vocabularies(), "magneten-onderzoeken")
    assert problems == [] and serialise(document) == before


def test_problems_are_dutch_and_shown_at_their_field(app, client):
    visitor = signed_in(client, Role.DOCENT)
    response = visitor.use_editor(
        "/nieuwe-les",
        {**NEW_LESSON, "title": "ab", "worlds": [], "duration": "een uur", "grades": ["groep-9"]},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="title-fout"' in html and "Titel moet minstens 3 tekens hebben" in html
    assert (
        'id="worlds-fout"' in html
        and "Werelden van techniek moet minstens één waarde hebben" in html
    )
    assert 'id="duration-fout"' in html and "moet een heel getal zijn (nu ‘een uur’)" in html
    assert "‘groep-9’ is geen geldige waarde voor Groepen en leerjaren" in html
    assert '<a href="#title">Titel moet minstens 3 tekens hebben.' not in html  # message kept as is
    assert 'href="#title"' in html and 'aria-invalid="true"' in html
    # What was typed stays in the form.
    assert "Laat een appel en een knikker zien." in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Lesson)) == 0


def test_a_level_two_heading_inside_a_phase_is_refused_at_that_phase(app, client):
    visitor = signed_in(client, Role.DOCENT)
    response = visitor.use_editor(
        "/nieuwe-les",
        {**NEW_LESSON, "phases-1-text": "Eerst dit.\n\n## Stiekem een kop\n\nDan dat."},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="phases-1-text-fout"' in html and "Gebruik ‘### ’ voor een tussenkop" in html


def test_free_sections_are_added_moved_and_removed_without_javascript(app, client):
    visitor = signed_in(client, Role.DOCENT)
    response = visitor.use_editor("/nieuwe-les", NEW_LESSON, action="section-add")
    assert response.status_code == 200
    fields = form_fields(response.get_data(as_text=True), "jouw-versie")
    assert fields["title"] == "Drijven en zinken"  # nothing typed is lost
    fill(fields, {"sections-0-heading": "Lesdoelen", "sections-0-text": "Je weet wat drijft."})
    fields["sections-0-after"] = ""
    fields["action"] = "section-add"
    visitor._fresh()
    fields = form_fields(
        client.post("/nieuwe-les", data=fields).get_data(as_text=True), "jouw-versie"
    )
    fill(fields, {"sections-1-heading": "Tips", "sections-1-text": "Gebruik een doorzichtige bak."})
    fields["action"] = "section-up-1"
    visitor._fresh()
    fields = form_fields(
        client.post("/nieuwe-les", data=fields).get_data(as_text=True), "jouw-versie"
    )
    assert (fields["sections-0-heading"], fields["sections-1-heading"]) == ("Tips", "Lesdoelen")
    fields["action"] = "section-remove-0"
    visitor._fresh()
    fields = form_fields(
        client.post("/nieuwe-les", data=fields).get_data(as_text=True), "jouw-versie"
    )
    assert fields["sections-0-heading"] == "Lesdoelen" and "sections-1-heading" not in fields
    fields["action"] = "save"
    visitor._fresh()
    assert client.post("/nieuwe-les", data=fields).status_code == 302
    sections = get_lesson("drijven-en-zinken").current_revision.sections
    assert [s.heading for s in sections][:1] == ["Lesdoelen"]  # placed before the phases


def test_a_free_section_named_like_a_phase_or_without_heading_is_refused(app, client):
    visitor = signed_in(client, Role.DOCENT)
    html = visitor.use_editor("/nieuwe-les", NEW_LESSON, action="section-add").get_data(
        as_text=True
    )
    fields = form_fields(html, "jouw-versie")
    fill(fields, {"sections-0-heading": "Concluderen", "sections-0-text": "Wat weten we nu?"})
    fields["action"] = "save"
    visitor._fresh()
    response = client.post("/nieuwe-les", data=fields)
    assert response.status_code == 400
    assert "Deze kop is de naam van een fase" in response.get_data(as_text=True)
    fields["sections-0-heading"] = ""
    fields["title"] = ""
    visitor._fresh()
    html = client.post("/nieuwe-les", data=fields).get_data(as_text=True)
    # Every problem at once: the section's heading and the lesson's title.
    assert "Geef dit onderdeel een kop." in html and "Titel is leeg" in html


def test_changing_the_kind_offers_the_other_cycle_and_keeps_every_text(app, client):
    visitor = signed_in(client, Role.DOCENT)
    response = visitor.use_editor(
        "/nieuwe-les", {**NEW_LESSON, "kind": "ontwerpend"}, action="refresh"
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Fase 3: Ontwerpvoorstel maken" in html
    fields = form_fields(html, "jouw-versie")
    # Confrontatie is in both cycles; "Uitvoeren van het experiment" became a free section.
    assert fields["phases-0-text"].startswith("Laat een appel")
    assert fields["sections-0-heading"] == "Uitvoeren van het experiment"
    assert fields["sections-0-text"].startswith("Test de voorwerpen")


def test_saving_with_a_changed_kind_first_shows_the_new_phases(app, client):
    visitor = signed_in(client, Role.DOCENT)
    response = visitor.use_editor("/nieuwe-les", {**NEW_LESSON, "kind": "ontwerpend"})
    assert response.status_code == 200
    assert "De fasen passen nu bij ontwerpend leren" in response.get_data(as_text=True)
    assert get_lesson("drijven-en-zinken") is None


def test_preview_renders_through_the_sanitiser_and_saves_nothing(app, client):
    visitor = signed_in(client, Role.DOCENT)
    response = visitor.use_editor(
        "/nieuwe-les",
        {
            **NEW_LESSON,
            "phases-0-text": "**Kijk** <script>alert(1)</script><a href='javascript:x'>x</a>",
        },
        action="preview",
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Voorbeeld." in html and "<h1>Drijven en zinken</h1>" in html
    assert "<strong>Kijk</strong>" in html
    assert "<script>alert" not in html and "javascript:" not in html
    assert get_lesson("drijven-en-zinken") is None


def test_an_owner_edit_makes_a_new_revision(app, client):
    visitor = signed_in(client, Role.DOCENT)
    create(visitor)
    response = visitor.use_editor(
        "/lessen/drijven-en-zinken/bewerken",
        {"summary": "Een nieuwe samenvatting van deze les.", "message": "Samenvatting korter"},
    )
    assert response.status_code == 302
    lesson = get_lesson("drijven-en-zinken")
    assert lesson.current_revision.number == 2
    assert lesson.current_revision.message == "Samenvatting korter"
    assert lesson.summary == "Een nieuwe samenvatting van deze les."


def test_a_moderator_edits_only_the_description_of_someone_elses_lesson(imported, client):
    visitor = signed_in(client, Role.MODERATOR)
    fields = visitor.editor("/lessen/brug-van-papier/bewerken")
    assert "phases-0-text" not in fields and "title" in fields
    response = visitor.use_editor(
        "/lessen/brug-van-papier/bewerken",
        {"title": "De allersterkste brug van papier", "phases-0-text": "Ingeslopen tekst"},
    )
    assert response.status_code == 302
    lesson = get_lesson("brug-van-papier")
    assert lesson.title == "De allersterkste brug van papier"
    assert lesson.current_revision.number == 2
    assert "Ingeslopen tekst" not in serialise(document_from_revision(lesson.current_revision))
    assert lesson.status == LessonStatus.PUBLISHED.value


def test_editor_pages_need_a_login(app, client):
    response = Visitor(client).get("/nieuwe-les")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen?next=")


def test_a_phase_text_over_the_limit_is_refused_at_that_phase_also_in_preview(app, client):
    visitor = signed_in(client, Role.DOCENT)
    for action in ("preview", "save"):
        response = visitor.use_editor(
            "/nieuwe-les", {**NEW_LESSON, "phases-1-text": "w" * 30_001}, action=action
        )
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert 'id="phases-1-text-fout"' in html
        assert "Het onderdeel ‘Verkennen’ mag hoogstens 30.000 tekens hebben (nu 30.001)" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Lesson)) == 0


def test_an_introduction_or_a_heading_over_the_limit_is_refused_at_its_field(app, client):
    visitor = signed_in(client, Role.DOCENT)
    html = visitor.use_editor("/nieuwe-les", NEW_LESSON, action="section-add").get_data(
        as_text=True
    )
    fields = form_fields(html, "jouw-versie")
    fill(
        fields,
        {"intro": "i" * 30_001, "sections-0-heading": "k" * 121, "sections-0-text": "Tekst."},
    )
    fields["action"] = "save"
    visitor._fresh()
    response = client.post("/nieuwe-les", data=fields, content_type="multipart/form-data")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="intro-fout"' in html and "De inleiding mag hoogstens 30.000 tekens" in html
    assert 'id="sections-0-heading-fout"' in html
    assert "mag hoogstens 120 tekens hebben (nu 121)" in html


def test_a_text_field_larger_than_any_lesson_text_is_refused_before_it_is_read(app, client):
    visitor = signed_in(client, Role.DOCENT)
    response = visitor.use_editor("/nieuwe-les", {**NEW_LESSON, "intro": "x" * 200_000})
    assert response.status_code == 413
    assert "een tekst is langer dan hier kan" in response.get_data(as_text=True)


LANGUAGE_FIELDS = {
    "audience": "leerkrachten",
    "preparation_minutes": "25",
    "word_list": (
        "stroomkring: de weg die de stroom rondgaat: van de batterij en weer terug\n\n"
        "micro:bit: een kleine computer\n"
    ),
    "sentence_starters": "Wij dachten dat ..., omdat ...\nHet lampje brandde bij ..., dus ...",
}


def test_the_editor_saves_audience_preparation_time_word_list_and_starters(app, client):
    visitor = signed_in(client, Role.DOCENT)
    create(visitor, LANGUAGE_FIELDS)
    meta = get_lesson("drijven-en-zinken").current_revision.metadata_
    assert meta["audience"] == "leerkrachten"
    assert meta["preparation_minutes"] == 25
    assert meta["word_list"] == [
        {
            "word": "stroomkring",
            "meaning": "de weg die de stroom rondgaat: van de batterij en weer terug",
        },
        {"word": "micro:bit", "meaning": "een kleine computer"},
    ]
    assert meta["sentence_starters"] == [
        "Wij dachten dat ..., omdat ...",
        "Het lampje brandde bij ..., dus ...",
    ]
    # Opened again, the fields show what was saved, one entry per line.
    fields = visitor.editor("/lessen/drijven-en-zinken/bewerken")
    assert fields["word_list"] == (
        "stroomkring: de weg die de stroom rondgaat: van de batterij en weer terug\n"
        "micro:bit: een kleine computer"
    )
    assert fields["audience"] == "leerkrachten" and fields["preparation_minutes"] == "25"


def test_a_lesson_for_pupils_keeps_no_audience_key(app, client):
    visitor = signed_in(client, Role.DOCENT)
    create(visitor, {"audience": "leerlingen", "preparation_minutes": "0"})
    meta = get_lesson("drijven-en-zinken").current_revision.metadata_
    assert "audience" not in meta and meta["preparation_minutes"] == 0
    assert visitor.editor("/lessen/drijven-en-zinken/bewerken")["audience"] == "leerlingen"


def test_word_list_and_preparation_problems_are_shown_at_their_fields(app, client):
    visitor = signed_in(client, Role.DOCENT)
    response = visitor.use_editor(
        "/nieuwe-les",
        {
            **NEW_LESSON,
            "preparation_minutes": "een kwartier",
            "word_list": "isolator: geen stroom\nisolator: nog eens\ngeleider",
            "sentence_starters": "x" * 201,
        },
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="preparation_minutes-fout"' in html
    assert "Voorbereidingstijd in minuten moet een heel getal zijn (nu ‘een kwartier’)" in html
    assert 'id="word_list-fout"' in html
    assert "‘isolator’ staat twee keer in Woordenschat" in html
    assert "De uitleg van ‘geleider’ in Woordenschat is leeg" in html
    assert 'id="sentence_starters-fout"' in html
    assert "Een item van Zinsstarters mag hoogstens 200 tekens hebben (nu 201)" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Lesson)) == 0


def test_a_moderator_may_set_audience_and_preparation_time_but_not_the_word_list(imported, client):
    visitor = signed_in(client, Role.MODERATOR)
    fields = visitor.editor("/lessen/brug-van-papier/bewerken")
    assert "audience" in fields and "preparation_minutes" in fields
    assert "word_list" not in fields and "sentence_starters" not in fields
    response = visitor.use_editor(
        "/lessen/brug-van-papier/bewerken",
        {"audience": "leerkrachten", "preparation_minutes": "20", "word_list": "brug: ingeslopen"},
    )
    assert response.status_code == 302
    meta = get_lesson("brug-van-papier").current_revision.metadata_
    assert meta["audience"] == "leerkrachten" and meta["preparation_minutes"] == 20
    assert "word_list" not in meta


def post_again(visitor, page, **changes):
    """Send the editor form of the page back with the changes, as a browser does."""
    fields = form_fields(page, "jouw-versie")
    for name, value in changes.items():
        fields[name] = value
    visitor._fresh()
    return visitor.client.post("/nieuwe-les", data=fields)


ALT = "Een bootje van folie in een bak water."


def test_a_cover_is_chosen_among_the_attached_images_with_its_alt_text(app, client):
    visitor = signed_in(client, Role.DOCENT)
    page = upload(visitor, "/nieuwe-les", "bootje.png", SAMPLES["png"], NEW_LESSON)
    page = page.get_data(as_text=True)
    # Only the images can be the cover; "none" comes first.
    choices = fromstring(page).xpath("//select[@id='cover']/option")
    assert [(option.get("value"), option.text) for option in choices] == [
        ("", "Geen: de tekening van de wereld van techniek"),
        ("bootje.png", "bootje.png"),
    ]
    refused = post_again(visitor, page, action="save", cover="bootje.png", cover_alt="")
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert 'id="cover-fout"' in text
    assert "Omslagafbeelding heeft een Beschrijving van de omslag nodig: zeg in een zin" in text
    saved = post_again(visitor, text, action="save", cover="bootje.png", cover_alt=ALT)
    assert saved.status_code == 302
    meta = get_lesson("drijven-en-zinken").current_revision.metadata_
    assert (meta["cover"], meta["cover_alt"]) == ("bootje.png", ALT)


def test_removing_the_cover_file_removes_the_cover(app, client):
    visitor = signed_in(client, Role.DOCENT)
    page = upload(visitor, "/nieuwe-les", "bootje.png", SAMPLES["png"], NEW_LESSON)
    removed = post_again(
        visitor,
        page.get_data(as_text=True),
        action="attachment-remove-0",
        cover="bootje.png",
        cover_alt=ALT,
    ).get_data(as_text=True)
    fields = form_fields(removed, "jouw-versie")
    assert fields.get("cover", "") == "" and fields["cover_alt"] == ""
    assert post_again(visitor, removed, action="save").status_code == 302
    assert "cover" not in get_lesson("drijven-en-zinken").current_revision.metadata_
