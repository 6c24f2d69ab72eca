"""Using the editor as a teacher does: a new lesson's fields, creating it, uploading a
file, downloading the ZIP."""

from __future__ import annotations

import io

from tests.helpers.web import form_fields

NEW_LESSON = {
    "title": "Drijven en zinken",
    "summary": "Wat drijft er en wat zinkt er? De leerlingen onderzoeken het met een bak water.",
    "kind": "onderzoekend",
    "worlds": ["energie-water-veiligheid"],
    "grades": ["groep-3-4", "groep-5-6"],
    "goals": ["kd-po-42"],
    "duration": "60",
    "materials": "een bak water\nvoorwerpen van huis",
    "phases-0-text": "Laat een appel en een knikker zien. Wat gebeurt er in het water?",
    "phases-3-text": "Test de voorwerpen één voor één en noteer het.",
}


def create(visitor, changes=None):
    response = visitor.use_editor("/nieuwe-les", {**NEW_LESSON, **(changes or {})})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


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


def download(client, slug):
    response = client.get(f"/lessen/{slug}/download")
    assert response.status_code == 200
    return response
