"""`/plannen/schoolweken`: a coordinator reads the school weeks and holidays of her region."""

from __future__ import annotations


def test_the_page_shows_the_holidays_and_periods_of_the_chosen_region_and_year(client):
    page = client.get("/plannen/schoolweken?regio=zuid&schooljaar=2025-2026").get_data(as_text=True)
    assert "<h2>Regio zuid, schooljaar 2025-2026</h2>" in page
    assert (
        "Het schooljaar heeft 42 schoolweken, van 18 augustus 2025 tot en met 10 juli 2026." in page
    )
    assert "<strong>Herfstvakantie</strong>: 11 oktober 2025 t/m 19 oktober 2025" in page
    assert "geen school op 6 april 2026 (Tweede Paasdag)" in page
    assert '<option value="zuid" selected>' in page


def test_without_a_choice_it_shows_the_current_school_year(client, monkeypatch):
    from datetime import date

    from library import dutch_time

    monkeypatch.setattr(dutch_time, "today", lambda: date(2027, 3, 1))
    page = client.get("/plannen/schoolweken").get_data(as_text=True)
    assert "<h2>Regio midden, schooljaar 2026-2027</h2>" in page


def test_an_unknown_year_or_region_is_a_dutch_message(client):
    response = client.get("/plannen/schoolweken?schooljaar=2031-2032")
    assert response.status_code == 400
    assert "Kies een schooljaar uit de lijst: 2025-2026, 2026-2027" in response.get_data(
        as_text=True
    )
    response = client.get("/plannen/schoolweken?regio=oost")
    assert response.status_code == 400
    assert "Er is geen vakantieregio ‘oost’" in response.get_data(as_text=True)
