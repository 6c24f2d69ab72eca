"""The top of a lesson page: worksheets and printing at hand, the quick look, the drawn cycle."""

import io
import zipfile

from lxml import html as lxml_html

from tests.helpers.editor import download


def page_tree(client, slug):
    response = client.get(f"/lessen/{slug}")
    assert response.status_code == 200
    return lxml_html.fromstring(response.get_data(as_text=True))


def test_werkbladen_and_afdrukken_come_first_and_lead_to_the_worksheets_and_the_print_view(
    imported, client
):
    tree = page_tree(client, "magneten-onderzoeken")
    (tools,) = tree.xpath("//ul[@class='lesson-tools']")
    links = [(a.text_content(), a.get("href")) for a in tools.iter("a")]
    assert links == [
        ("Werkbladen (1)", "#werkbladen"),
        ("Afdrukken", "/lessen/magneten-onderzoeken/print"),
        ("PDF met werkbladen", "/lessen/magneten-onderzoeken/pdf"),
    ]
    assert tools.xpath("string(.//a[@data-print]/text())") == "Afdrukken"
    # The buttons stand above the quick look and everything else of the lesson.
    article = tree.xpath("//article[@class='lesson']")[0]
    order = [child.get("class") for child in article]
    assert order.index("lesson-tools") < order.index("quick-look") < order.index("facts")
    (target,) = tree.xpath("//*[@id='werkbladen']")
    assert target.text_content() == "Werkbladen en bijlagen"
    worksheet = target.getparent().xpath(".//a")[0]
    assert worksheet.get("href") == "/lessen/magneten-onderzoeken/bijlagen/werkblad.pdf"
    assert tree.xpath("//script/@src") == ["/static/print.js"]


def test_a_lesson_without_worksheets_offers_no_werkbladen_button(imported, client):
    tree = page_tree(client, "brug-van-papier")
    texts = tree.xpath("//ul[@class='lesson-tools']//a/text()")
    assert texts == ["Afdrukken", "PDF met werkbladen"]


def quick_look(tree):
    return {
        dt.text_content(): dt.getnext().text_content()
        for dt in tree.xpath("//section[@class='quick-look']//dt")
    }


def test_in_een_oogopslag_gives_what_the_lesson_file_says(imported, client):
    tree = page_tree(client, "magneten-onderzoeken")
    assert tree.xpath("string(//section[@class='quick-look']/h2)") == "In één oogopslag"
    assert quick_look(tree) == {
        "Duur": "1 uur",
        "Groepen": "Groep 3-4, Groep 5-6",
        "Groepjes": "4 leerlingen per groepje",
        "Drempel": "Laag: Geen technische voorkennis nodig; alles staat in de les."
        " De drempel zegt hoeveel techniekkennis jij als leerkracht nodig hebt.",
        "Voorbereiding": "15 minuten",
        "Materialen": "2 dingen op de lijst",
        "Werkbladen": "1 bestand",
    }
    links = tree.xpath("//section[@class='quick-look']//a/@href")
    assert links == ["#voorbereiding", "#materialen", "#werkbladen"]
    # Every anchor it links to is on the page.
    for href in links:
        assert tree.xpath(f"//*[@id='{href[1:]}']")
    # No safety line: the lesson format has no such key yet, so nothing is made up.
    assert "Veiligheid" not in quick_look(tree)


def test_the_quick_look_leaves_out_what_a_lesson_does_not_say(imported, client):
    facts = quick_look(page_tree(client, "brug-voor-kleuters"))
    assert facts == {
        "Duur": "45 minuten",
        "Groepen": "Groep 1-2",
        "Drempel": "Laag: Geen technische voorkennis nodig; alles staat in de les."
        " De drempel zegt hoeveel techniekkennis jij als leerkracht nodig hebt.",
        "Werkbladen": "geen",
    }


def test_the_cycle_is_drawn_with_each_phase_explained_and_its_minutes(imported, client):
    tree = page_tree(client, "magneten-onderzoeken")
    (svg,) = tree.xpath("//nav[@class='cycle']//svg")
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.xpath(f"string(.//*[@id='{title_id}'])") == (
        "Onderzoekend leren: een cyclus van 7 fasen"
    )
    desc = svg.xpath(f"string(.//*[@id='{desc_id}'])")
    assert desc.startswith("1. Confrontatie, 2. Verkennen (niet in deze les), 3. Opzetten")
    assert len(svg.xpath(".//circle")) == 7
    assert len(svg.xpath(".//circle[contains(@class, 'covered')]")) == 4
    assert len(svg.xpath(".//path[@class='cycle-arc']")) == 7
    items = tree.xpath("//ol[@class='cycle-list']/li")
    first = items[0]
    assert first.xpath("string(.//span[@class='phase-minutes'])") == "5 minuten"
    assert first.xpath("string(.//span[@class='phase-what'])").startswith(
        "Iets verrassends (een proefje, een voorwerp, een verhaal) roept een vraag op"
    )
    # Only the phase whose text starts with its time says minutes.
    assert [bool(li.xpath(".//span[@class='phase-minutes']")) for li in items].count(True) == 1
    assert tree.xpath("//nav[@class='cycle']//a[@href='/onderzoekend-en-ontwerpend-leren']")


def test_the_print_view_lists_and_links_the_worksheets_and_has_a_print_button(imported, client):
    page = client.get("/lessen/magneten-onderzoeken/print").get_data(as_text=True)
    tree = lxml_html.fromstring(page)
    (sheets,) = tree.xpath("//section[@class='worksheets']")
    assert sheets.xpath("string(h2)") == "Werkbladen en bijlagen"
    (link,) = sheets.xpath(".//a")
    assert (link.text, link.get("href")) == (
        "werkblad.pdf",
        "/lessen/magneten-onderzoeken/bijlagen/werkblad.pdf",
    )
    assert sheets.xpath("string(.//span[@class='sheet-url'])") == (
        "http://bieb.test/lessen/magneten-onderzoeken/bijlagen/werkblad.pdf"
    )
    (button,) = tree.xpath("//button[@data-print]")
    assert button.text == "Afdrukken" and button.get("hidden") is not None  # shown by print.js
    assert tree.xpath("//a[@href='/lessen/magneten-onderzoeken/pdf']")
    assert "In één oogopslag" in page


def test_the_zip_page_opens_its_worksheets_from_the_zip(imported, client):
    bundle = zipfile.ZipFile(io.BytesIO(download(client, "magneten-onderzoeken").data))
    tree = lxml_html.fromstring(bundle.read("lesson.html").decode())
    assert tree.xpath("//section[@class='worksheets']//a/@href") == ["lesson/werkblad.pdf"]
    assert "lesson/werkblad.pdf" in bundle.namelist()
    assert not tree.xpath("//button") and not tree.xpath("//script")
