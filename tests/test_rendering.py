"""The one Markdown pipeline: formatting survives, nothing executable does."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from library.rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown

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


def test_mailto_links_are_allowed():
    assert 'href="mailto:juf@school.nl"' in render_markdown("[mail](mailto:juf@school.nl)")


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown("   \n") == ""
