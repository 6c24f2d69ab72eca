"""The search page reads words that name a grade group or a time as those filters: they
show as chips that take them away, ticked in the filter panel, and the text box keeps
the other words. The API takes every word as a word."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.helpers.search import page, text


def result_slugs(tree) -> list[str]:
    return [
        a.get("href").removeprefix("/lessen/") for a in tree.xpath('//ol[@class="results"]//h3/a')
    ]


def chips(tree) -> dict[str, str]:
    """Each chip's accessible text -> where it leads."""
    links = tree.xpath('//div[@class="active-filters"]//a[@class="chip"]')
    return {text(a).removesuffix(" ×"): a.get("href") for a in links}


def arguments(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_a_group_and_a_time_in_the_words_are_filters_shown_as_chips(imported, client):
    tree = page(client, "/zoeken?q=brug+groep+7+90+minuten")
    assert result_slugs(tree) == ["brug-van-papier"]
    assert tree.get_element_by_id("zoekvraag").get("value") == "brug"
    assert chips(tree) == {
        "Filter weghalen: Groep 7-8": "/zoeken?q=brug&max_duration=90#resultaten",
        "Filter weghalen: hooguit 1 uur en 30 minuten": "/zoeken?q=brug&grade=groep-7-8#resultaten",
    }
    # Ticked in the filter panel, and the panel and the search form keep them.
    assert tree.get_element_by_id("f-grade-groep-7-8").get("checked") is not None
    assert text(tree.xpath("//details[@id='filters']/summary")[0]) == "Filters (2 gekozen)"
    form = tree.xpath('//form[@class="search-big"]')[0]
    hidden = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    assert hidden == {"grade": "groep-7-8", "max_duration": "90"}
    # The quick choices show them chosen.
    chosen = tree.xpath('//nav[@aria-label="Snel kiezen"]//a[@aria-current="true"]')
    assert [text(a) for a in chosen] == ["✓ Gekozen: Groep 7-8", "✓ Gekozen: anderhalf uur"]


def test_taking_a_chip_away_leaves_the_other_filter_and_the_words(imported, client):
    tree = page(client, "/zoeken?q=brug+groep+7+90+minuten")
    without_group = chips(tree)["Filter weghalen: Groep 7-8"]
    tree = page(client, without_group)
    assert set(result_slugs(tree)) == {"brug-van-papier", "brug-voor-kleuters"}
    assert tree.get_element_by_id("zoekvraag").get("value") == "brug"
    assert list(chips(tree)) == ["Filter weghalen: hooguit 1 uur en 30 minuten"]
    assert tree.xpath('//p[contains(., "Gelezen als filter")]') == []


def test_the_page_says_what_it_read_and_offers_the_words_as_words(imported, client):
    tree = page(client, "/zoeken?q=kleuters+brug")
    assert result_slugs(tree) == ["brug-voor-kleuters"]
    notice = tree.xpath('//p[contains(., "Gelezen als filter")]')[0]
    assert text(notice) == "Gelezen als filter: ‘kleuters’. Zoek op de woorden zelf"
    link = notice.xpath(".//a")[0].get("href")
    assert arguments(link) == {"q": ['"kleuters" brug']}
    # Followed, the words are searched as they are, without the filter.
    tree = page(client, link)
    assert chips(tree) == {}
    assert tree.get_element_by_id("zoekvraag").get("value") == '"kleuters" brug'


def test_a_quoted_group_and_an_unknown_group_stay_words(imported, client):
    for query in ('"groep 7" brug', "groep 9 brug"):
        tree = page(client, f"/zoeken?q={query}")
        assert chips(tree) == {}, query
        assert tree.get_element_by_id("zoekvraag").get("value") == query


def test_groups_in_the_words_join_those_chosen_and_a_time_replaces_the_one_chosen(imported, client):
    tree = page(client, "/zoeken?q=brug+kleuters&grade=groep-7-8")
    assert set(result_slugs(tree)) == {"brug-van-papier", "brug-voor-kleuters"}
    assert list(chips(tree)) == ["Filter weghalen: Groep 1-2", "Filter weghalen: Groep 7-8"]
    tree = page(client, "/zoeken?q=brug+45+minuten&max_duration=90")
    assert result_slugs(tree) == ["brug-voor-kleuters"]
    assert list(chips(tree)) == ["Filter weghalen: hooguit 45 minuten"]


def test_the_lesson_list_reads_the_words_too(imported, client):
    tree = page(client, "/lessen?q=onderbouw")
    assert set(result_slugs(tree)) == {"brug-voor-kleuters", "magneten-onderzoeken"}
    assert list(chips(tree)) == ["Filter weghalen: Groep 1-2", "Filter weghalen: Groep 3-4"]


def test_the_api_takes_every_word_as_a_word(imported, client):
    data = client.get("/api/v1/lessons?q=brug+kleuters").get_json()
    assert data["query"] == "brug kleuters"
    assert data["facets"]["grade"] == {"groep-1-2": 1}
