"""The one Markdown pipeline: formatting survives, nothing executable does."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from library.rendering import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    MarkupBudget,
    offline_images,
    render_markdown,
)

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](javascript&#58;alert(1))",
    '<a href="jav&#x09;ascript:alert(1)">klik</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">klik</a>',
    "[klik]( javascript:alert(1))",
    '<a href="vbscript:msgbox(1)">klik</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klik</a>',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    '<iframe src="https://example.org"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<style>body{display:none}</style>",
    '<div onclick="alert(1)">x</div>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name=x></form>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "[x](https://ok.example){: onclick=alert(1)}",
]

SAFE_SCHEMES = {"", "http", "https", "mailto"}


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markup_is_neutralised(source):
    html = render_markdown(source)
    collector = TagCollector()
    collector.feed(html)
    for tag, attrs in collector.tags:
        assert tag in ALLOWED_TAGS, (source, html)
        for name, value in attrs.items():
            assert name in ALLOWED_ATTRIBUTES.get(tag, []), (source, html)
            if name in ("href", "src"):
                assert urlsplit("".join(value.split())).scheme.lower() in SAFE_SCHEMES, (
                    source,
                    html,
                )
    for needle in ("<script", "<svg", "<iframe", "<style", "<object", "<embed", "<form", "<math"):
        assert needle not in html.lower(), (source, html)


def test_ordinary_markdown_is_kept():
    html = render_markdown(
        "# Kop\n\n**vet** en *schuin*\n\n- een\n- twee\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<h3>Kop</h3>" in html
    assert "<strong>vet</strong>" in html and "<em>schuin</em>" in html
    assert "<li>een</li>" in html
    assert "<td>1</td>" in html


def test_external_links_get_nofollow_noopener_and_internal_links_do_not():
    html = render_markdown(
        "[extern](https://example.org) en [intern](/lessen/brug) en https://slo.nl"
    )
    assert '<a href="https://example.org" rel="nofollow noopener">extern</a>' in html
    assert '<a href="/lessen/brug">intern</a>' in html
    assert '<a href="https://slo.nl" rel="nofollow noopener">https://slo.nl</a>' in html


@pytest.mark.parametrize(
    "source", ["[klik](http://[::1)", "[klik](http://exa%20mple.org)", "[klik](ftp://x.org)"]
)
def test_a_link_the_sanitiser_refuses_becomes_its_text(source):
    assert render_markdown(source) == "<p>klik</p>"


def test_mailto_links_are_allowed():
    assert 'href="mailto:juf@school.nl"' in render_markdown("[mail](mailto:juf@school.nl)")


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown("   \n") == ""


def test_raw_html_is_left_out_and_its_text_kept():
    html = render_markdown("H<sub>2</sub>O is <b>water</b>.")
    assert html == "<p>H2O is water.</p>"


def test_smart_punctuation_tables_and_strikethrough():
    html = render_markdown('"Kijk" -- zei ze... ~~weg~~\n\n| a | b |\n|:-:|---|\n| 1 | 2 |')
    assert "“Kijk” – zei ze… <del>weg</del>" in html
    assert '<th align="center">a</th>' in html and "<td>2</td>" in html


@pytest.mark.parametrize(
    "text",
    ["ftp://files.example/x", "irc://chat.example/kanaal", "xmpp:juf@school.example"],
)
def test_autolinks_are_made_only_for_allowed_schemes(text):
    html = render_markdown(f"Zie {text} hier.")
    assert "<a" not in html and text in html


def test_bare_web_addresses_and_e_mail_addresses_become_links():
    html = render_markdown("Zie www.slo.nl of mail juf@school.nl.")
    assert '<a href="http://www.slo.nl" rel="nofollow noopener">www.slo.nl</a>' in html
    assert '<a href="mailto:juf@school.nl">juf@school.nl</a>' in html


IMAGES = {"schema.png": "/lessen/brug/bijlagen/schema.png"}


def test_images_show_only_the_lessons_own_attachments():
    html = render_markdown("![Het schema](schema.png)", images=IMAGES)
    assert '<img src="/lessen/brug/bijlagen/schema.png" alt="Het schema">' in html
    spaced = render_markdown("![S](<mijn schema.png>)", images={"mijn schema.png": "/x/s.png"})
    assert '<img src="/x/s.png" alt="S">' in spaced


@pytest.mark.parametrize(
    "source",
    [
        "![teller](/lessen/andere-les/download)",
        "![teller](https://tracker.example/pixel.gif)",
        "![teller](//tracker.example/pixel.gif)",
        "![teller](/lessen/brug/bijlagen/schema.png)",
        "![teller](data:image/png;base64,iVBORw0KGgo=)",
    ],
)
def test_any_other_image_shows_as_its_alt_text(source):
    assert render_markdown(source, images=IMAGES) == "<p>teller</p>"


def test_without_a_lesson_there_are_no_images():
    assert render_markdown("![Het schema](schema.png)") == "<p>Het schema</p>"


@pytest.mark.parametrize(
    "text",
    ["[" * 30_000, "- " * 500 + "x", ">" * 30_000 + " x", "*a" * 15_000, "a" + "`" * 29_999],
)
def test_pathological_markdown_renders_at_the_largest_accepted_size(text):
    """Python-Markdown took 13 s on 8,000 `[` and hit the recursion limit on deep lists."""
    html = render_markdown(text)
    assert html.startswith("<p>") and html.endswith("</p>")


def test_markup_too_deep_or_beyond_the_budget_is_shown_as_plain_text():
    assert render_markdown("- " * 40 + "<diep>") == "<p>" + "- " * 40 + "&lt;diep&gt;</p>"
    budget = MarkupBudget(tags=10)
    assert render_markdown("**een** *twee*", budget=budget) == (
        "<p><strong>een</strong> <em>twee</em></p>"
    )
    assert budget.tags == 4
    assert render_markdown("**drie** *vier*", budget=budget) == "<p>**drie** *vier*</p>"


def test_offline_html_keeps_attachment_images_at_their_zip_path_and_drops_others():
    html = (
        '<p><img src="/lessen/brug/bijlagen/schema.png" alt="a &gt; b"> en'
        ' <img alt="x" src="https://tracker.example/p.gif"></p>'
    )
    offline = offline_images(html, {"/lessen/brug/bijlagen/schema.png": "lesson/schema.png"})
    assert offline == '<p><img src="lesson/schema.png" alt="a &gt; b"> en </p>'
