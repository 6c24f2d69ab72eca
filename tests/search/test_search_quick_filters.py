"""What a teacher asks first, at the top of /zoeken and /lessen: for which group, how much
time she has and whether she can give it without technical know-how; the answers on
every card; the filter panel that waits below and says how many filters are on."""

from __future__ import annotations

from tests.helpers.search import page, text

PARTS = ("filters", "resultaten")


def quick_links(tree) -> dict[str, str]:
    """Each quick choice's text -> where it leads."""
    return {text(a): a.get("href") for a in tree.xpath('//nav[@aria-label="Snel kiezen"]//a')}


def badges(tree, where: str, slug: str) -> list[str]:
    """What the badges say on the card, inside `where`, that links to a lesson."""
    card = tree.xpath(f"{where}//article[.//a[@href='/lessen/{slug}']]")[0]
    return [text(badge) for badge in card.xpath(".//ul[@class='badges']/li")]


def result_slugs(tree) -> list[str]:
    return [a.get("href") for a in tree.xpath('//ol[@class="results"]//h3/a')]


def test_quick_choices_stand_above_the_filters_and_lead_to_the_results(imported, client):
    tree = page(client, "/lessen")
    links = quick_links(tree)
    assert links["Groep 5-6"] == "/lessen?grade=groep-5-6#resultaten"
    assert links["45 minuten"] == "/lessen?max_duration=45#resultaten"
    assert links["een uur"] == "/lessen?max_duration=60#resultaten"
    assert links["anderhalf uur"] == "/lessen?max_duration=90#resultaten"
    assert links["een dagdeel"] == "/lessen?max_duration=240#resultaten"
    assert links["Zonder technische voorkennis"] == "/lessen?threshold=laag#resultaten"
    # In the page's order the quick choices come before the filter panel and the results.
    landmarks = [
        element.get("id") or element.get("aria-label")
        for element in tree.iter()
        if element.get("aria-label") == "Snel kiezen" or element.get("id") in PARTS
    ]
    assert landmarks == ["Snel kiezen", "filters", "resultaten"]


def test_a_short_lesson_for_groep_5_6_without_know_how_is_three_quick_choices_away(
    imported, client
):
    tree = page(client, "/zoeken?grade=groep-5-6&max_duration=60&threshold=laag")
    assert result_slugs(tree) == ["/lessen/magneten-onderzoeken"]
    assert text(tree.get_element_by_id("resultaten")) == "1 les"
    chosen = tree.xpath('//nav[@aria-label="Snel kiezen"]//a[@aria-current="true"]')
    assert [text(a) for a in chosen] == [
        "✓ Gekozen: Groep 5-6",
        "✓ Gekozen: een uur",
        "✓ Gekozen: Zonder technische voorkennis",
    ]
    # A chosen quick choice takes itself away again and keeps the others.
    links = quick_links(tree)
    assert links["✓ Gekozen: een uur"] == "/zoeken?grade=groep-5-6&threshold=laag#resultaten"
    assert links["✓ Gekozen: Groep 5-6"] == "/zoeken?threshold=laag&max_duration=60#resultaten"
    # Another time replaces the one chosen.
    assert links["anderhalf uur"] == (
        "/zoeken?grade=groep-5-6&threshold=laag&max_duration=90#resultaten"
    )


def test_the_time_a_teacher_has_keeps_the_lessons_that_fit_in_it(imported, client):
    assert result_slugs(page(client, "/lessen?max_duration=45&sort=shortest")) == [
        "/lessen/brug-voor-kleuters"
    ]
    assert result_slugs(page(client, "/lessen?max_duration=60&sort=shortest")) == [
        "/lessen/brug-voor-kleuters",
        "/lessen/magneten-onderzoeken",
    ]
    assert len(result_slugs(page(client, "/lessen?max_duration=240"))) == 3


def test_the_filter_panel_says_how_many_filters_are_on_and_returns_to_the_results(imported, client):
    tree = page(client, "/lessen")
    assert text(tree.xpath("//details[@id='filters']/summary")[0]) == "Filters"
    tree = page(client, "/lessen?grade=groep-3-4&grade=groep-5-6&max_duration=60")
    panel = tree.get_element_by_id("filters")
    assert panel.get("open") is None  # closed: on a phone the results come first
    assert text(panel.xpath("summary")[0]) == "Filters (3 gekozen)"
    form = panel.xpath("form")[0]
    assert form.get("action") == "/lessen#resultaten"
    assert form.xpath("input[@name='max_duration']")[0].get("value") == "60"


def test_a_skip_link_leads_to_the_results_first(imported, client):
    tree = page(client, "/zoeken?q=brug")
    first = tree.xpath("//body//a")[0]
    assert (text(first), first.get("href")) == ("Naar de resultaten", "#resultaten")
    heading = tree.get_element_by_id("resultaten")
    assert heading.tag == "h2" and heading.get("tabindex") == "-1"


def test_the_threshold_is_explained_where_it_is_chosen_and_where_it_is_taken_away(imported, client):
    tree = page(client, "/lessen?threshold=laag")
    facet = tree.xpath("//fieldset[legend='Drempel']")[0]
    explanation = tree.get_element_by_id(facet.get("aria-describedby"))
    assert text(explanation) == (
        "Hoeveel technische kennis jij als leerkracht nodig hebt om de les te geven."
    )
    labels = [text(label) for label in facet.xpath(".//label")]
    assert labels == [
        "Laag: geen technische voorkennis nodig (2 lessen)",
        "Midden: wat techniekervaring helpt (1 les)",
    ]
    chip = tree.xpath('//div[@class="active-filters"]//a[@class="chip"]')[0]
    assert text(chip) == "Filter weghalen: Laag: geen technische voorkennis nodig ×"


def test_lesson_cards_show_time_groups_and_threshold_as_badges(imported, client):
    assert badges(page(client, "/"), "", "magneten-onderzoeken") == [
        "Duur: 1 uur",
        "Groep 3-4",
        "Groep 5-6",
        "Drempel laag: Geen technische voorkennis nodig",
    ]


def test_search_results_and_similar_lessons_show_the_same_badges(imported, client):
    results = page(client, "/zoeken?q=brug")
    assert badges(results, "//ol[@class='results']", "brug-voor-kleuters") == [
        "Duur: 45 minuten",
        "Groep 1-2",
        "Drempel laag: Geen technische voorkennis nodig",
    ]
    lesson = page(client, "/lessen/brug-voor-kleuters")
    assert badges(lesson, "//aside", "brug-van-papier") == [
        "Duur: 1 uur en 30 minuten",
        "Groep 7-8",
        "Drempel midden: Wat techniekervaring helpt",
    ]
