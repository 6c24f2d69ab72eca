"""Markdown -> sanitised HTML: the only place HTML is made from what users write.

Markdown is CommonMark with GitHub's tables, strikethrough and autolinks, rendered by
cmark-gfm (C, linear in its input, also on pathological text) with raw HTML left out
and dangerous URLs dropped. In its output links are kept only to `http`, `https`,
`mailto` and this site (external ones get `rel="nofollow noopener"`, a refused one
becomes its text) and images only of the lesson's own attachments; then nh3 (the
Rust html5ever parser and ammonia sanitiser) cleans it with an explicit allow-list
of tags, attributes and URL schemes.

nh3 replaced bleach, which is pure Python: on the curated lessons bleach took 5.0 ms
a lesson and nh3 0.15 ms, and bleach was a third of an import's rendering time.
The sanitiser still works within a `MarkupBudget`, so a text whose markup is too
large or too deeply nested is shown as plain text instead.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from urllib.parse import unquote

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
        "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s",
        "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
EXTENSIONS = ["table", "strikethrough", "autolink"]
# Without CMARK_OPT_UNSAFE, cmark leaves raw HTML out and drops `javascript:` URLs.
OPTIONS = Options.CMARK_OPT_SMART
# Markup one lesson's texts may give the sanitiser together (the largest curated lesson
# has 300 tags), and how deeply it may nest.
MAX_MARKUP_TAGS = 6_000
MAX_MARKUP_DEPTH = 32
VOID_TAGS = frozenset({"br", "hr", "img", "input"})
# cmark escapes `<` and `>` in text and attribute values, so every `<` starts a tag.
TAG_RE = re.compile(r"<(/?)([a-z0-9]+)[^>]*>")
# A tag of the sanitiser's output: quoted attribute values may hold `>`, never `"`.
IMG_RE = re.compile(r'<img\s[^<>"]*(?:"[^"]*"[^<>"]*)*>')
SRC_RE = re.compile(r'\ssrc="([^"]*)"')
# cmark's links and images: `<a href="…" title="…">`, `<img src="…" alt="…" … />`
# (attribute values escaped, so they hold no `"`, `<` or `>`).
LINK_OR_IMAGE_RE = re.compile(r'<a href="([^"]*)"[^>]*>|<img src="([^"]*)" alt="([^"]*)"[^>]*>')
# The sanitiser's links, and a link target that is not empty.
ANCHOR_RE = re.compile(r"<a\b([^>]*)>|</a>")
HREF_RE = re.compile(r'\shref="[^"]')


class MarkupBudget:
    """The tags the sanitiser may still be given; one budget for all texts of a lesson."""

    def __init__(self, tags: int = MAX_MARKUP_TAGS) -> None:
        self.tags = tags

    def take(self, markup: str) -> bool:
        """Take the markup's tags if they are left and it nests no deeper than allowed."""
        tags = markup.count("<")
        if tags > self.tags or _depth(markup) > MAX_MARKUP_DEPTH:
            return False
        self.tags -= tags
        return True


def _depth(markup: str) -> int:
    depth = deepest = 0
    for match in TAG_RE.finditer(markup):
        if match[1]:
            depth -= 1
        elif match[2] not in VOID_TAGS:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def render_markdown(
    text: str, *, images: Mapping[str, str] | None = None, budget: MarkupBudget | None = None
) -> str:
    """Render user-written Markdown to HTML that is safe to put in a page as is.

    `images` maps the file names of the lesson's attachments that may show as images to
    their URLs (`![Schema](schema.png)`); any other image shows as its alt text. Headings
    of level 1 and 2 are shifted to level 3: in a lesson page the lesson title is the h1
    and the sections are h2, so a writer's headings nest below them.
    """
    if not text or not text.strip():
        return ""
    markup = cmarkgfm.markdown_to_html_with_extensions(text, options=OPTIONS, extensions=EXTENSIONS)
    if not (budget or MarkupBudget()).take(markup):
        return plain_text(text)
    markup = _links_and_images(_demote_top_headings(markup), images or {})
    cleaned = nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_PROTOCOLS,
        link_rel=None,
        strip_comments=True,
    )
    return _unlink_refused(cleaned).strip()


def plain_text(text: str) -> str:
    """The text as escaped paragraphs, for a text with more markup than the budget allows."""
    paragraphs = [part.strip("\n") for part in text.split("\n\n") if part.strip()]
    return "\n".join(
        "<p>" + html.escape(part).replace("\n", "<br>\n") + "</p>" for part in paragraphs
    )


def _demote_top_headings(markup: str) -> str:
    for level in ("h1", "h2"):
        markup = markup.replace(f"<{level}>", "<h3>").replace(f"</{level}>", "</h3>")
    return markup


def _links_and_images(markup: str, images: Mapping[str, str]) -> str:
    """Before sanitising: external links get rel="nofollow noopener", and an image shows
    only when it is one of the lesson's attachments (else its alt text stands in its place)."""

    def replace(match: re.Match) -> str:
        tag = match[0]
        if match[1] is not None:
            external = _is_external(html.unescape(match[1]))
            return tag[:-1] + ' rel="nofollow noopener">' if external else tag
        url = images.get(unquote(html.unescape(match[2])))
        if url is None:
            return match[3]
        start, end = match.start(2) - match.start(), match.end(2) - match.start()
        return tag[:start] + html.escape(url) + tag[end:]

    return LINK_OR_IMAGE_RE.sub(replace, markup)


def _is_external(href: str) -> bool:
    return href.startswith(("http:", "https:", "//"))


def _unlink_refused(markup: str) -> str:
    """After sanitising: a link whose target was refused (nh3 removed its `href`, or cmark
    emptied it) becomes its text. The parser never nests links, so each `</a>` closes
    the last `<a>`."""
    kept: list[bool] = []

    def replace(match: re.Match) -> str:
        if match[1] is None:
            return match[0] if not kept or kept.pop() else ""
        kept.append(bool(HREF_RE.search(match[1])))
        return match[0] if kept[-1] else ""

    return ANCHOR_RE.sub(replace, markup)


def offline_images(markup: str, files: Mapping[str, str]) -> str:
    """Sanitised HTML for a page read offline: images of the attachments point at the
    files beside it (`files` maps their URLs to those paths); any other image goes."""

    def replace(match: re.Match) -> str:
        tag = match[0]
        src = SRC_RE.search(tag)
        path = files.get(html.unescape(src[1])) if src else None
        if path is None:
            return ""
        return tag[: src.start(1)] + html.escape(path) + tag[src.end(1) :]

    return IMG_RE.sub(replace, markup)
