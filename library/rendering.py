"""Markdown -> sanitised HTML: the only place HTML is made from what users write.

Python-Markdown runs without any extension that lets a writer set HTML attributes
(no `attr_list`, no `md_in_html`); its output then goes through bleach with an
explicit allow-list of tags, attributes and URL schemes. Bare URLs become links,
and links that leave the site get `rel="nofollow noopener"`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import bleach
import markdown
from bleach.linkifier import LinkifyFilter

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
        "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s",
        "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "abbr": ["title"],
    "img": ["src", "alt", "title"],
    "ol": ["start"],
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan", "scope"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "sane_lists", "smarty"]


def _mark_external_links(attrs: dict, new: bool = False) -> dict:
    """bleach callback: external links get rel="nofollow noopener"; internal ones keep no rel."""
    href = attrs.get((None, "href"), "")
    parts = urlsplit(href)
    if parts.scheme in ("http", "https") or href.startswith("//"):
        attrs[(None, "rel")] = "nofollow noopener"
    else:
        attrs.pop((None, "rel"), None)
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[
        lambda source: LinkifyFilter(source, callbacks=[_mark_external_links], parse_email=True)
    ],
)


def render_markdown(text: str) -> str:
    """Render user-written Markdown to HTML that is safe to put in a page as is.

    Headings of level 1 and 2 are shifted to level 3: in a lesson page the lesson
    title is the h1 and the sections are h2, so a writer's headings nest below them.
    """
    if not text or not text.strip():
        return ""
    html = markdown.markdown(
        text,
        extensions=MARKDOWN_EXTENSIONS,
        output_format="html",
        tab_length=4,
    )
    html = _demote_top_headings(html)
    return _cleaner.clean(html).strip()


def _demote_top_headings(html: str) -> str:
    for level in ("h1", "h2"):
        html = html.replace(f"<{level}>", "<h3>").replace(f"</{level}>", "</h3>")
    return html
