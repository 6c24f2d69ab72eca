"""Markdown -> sanitised HTML: the only place HTML is made from what users write.

Markdown is CommonMark with GitHub's tables, strikethrough and autolinks, rendered by
cmark-gfm (C, linear in its input, also on pathological text) with raw HTML left out
and dangerous URLs dropped. Its output then goes through bleach with an explicit
allow-list of tags, attributes and URL schemes, and a filter that keeps links only
to `http`, `https`, `mailto` and this site (external ones get `rel="nofollow
noopener"`) and images only of the lesson's own attachments.

bleach is pure Python, and its time grows with the tags it is given (tens of
microseconds each) and with their nesting, so it works within a `MarkupBudget`: a
text whose markup does not fit is shown as plain text instead.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from urllib.parse import unquote, urlsplit

import bleach
import cmarkgfm
from bleach.html5lib_shim import Filter
from cmarkgfm.cmark import Options

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
    "td": ["colspan", "rowspan", "align"],
    "th": ["colspan", "rowspan", "scope", "align"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
EXTENSIONS = ["table", "strikethrough", "autolink"]
# Without CMARK_OPT_UNSAFE, cmark leaves raw HTML out and drops `javascript:` URLs.
OPTIONS = Options.CMARK_OPT_SMART
# Markup one lesson's texts may give the sanitiser together (the largest curated lesson
# has 300 tags), and how deeply it may nest; a quarter of a second of bleach at worst.
MAX_MARKUP_TAGS = 6_000
MAX_MARKUP_DEPTH = 32
VOID_TAGS = frozenset({"br", "hr", "img", "input"})
# cmark escapes `<` and `>` in text and attribute values, so every `<` starts a tag.
TAG_RE = re.compile(r"<(/?)([a-z0-9]+)[^>]*>")
# A tag of bleach's output: quoted attribute values may hold `>`, never `"`.
IMG_RE = re.compile(r'<img\s[^<>"]*(?:"[^"]*"[^<>"]*)*>')
SRC_RE = re.compile(r'\ssrc="([^"]*)"')


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
    markup = _demote_top_headings(markup)
    cleaner = bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[lambda source: _LinksAndImages(source, images or {})],
    )
    return cleaner.clean(markup).strip()


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


class _LinksAndImages(Filter):
    """After sanitising: a link whose target was refused becomes its text, external links
    get rel="nofollow noopener", and an image shows only when it is one of the lesson's
    attachments (else its alt text stands in its place)."""

    def __init__(self, source, images: Mapping[str, str]) -> None:
        super().__init__(source)
        self.images = images

    def __iter__(self) -> Iterator[dict]:
        kept_links: list[bool] = []
        for token in super().__iter__():
            name, kind = token.get("name"), token["type"]
            if name == "a" and kind == "StartTag":
                kept_links.append((None, "href") in token["data"])
                if kept_links[-1]:
                    _mark_external_link(token["data"])
                    yield token
            elif name == "a" and kind == "EndTag":
                if not kept_links or kept_links.pop():
                    yield token
            elif name == "img":
                yield from self._image(token)
            else:
                yield token

    def _image(self, token: dict) -> Iterator[dict]:
        attributes = token["data"]
        url = self.images.get(unquote(attributes.get((None, "src"), "")))
        if url is not None:
            attributes[(None, "src")] = url
            yield token
        elif attributes.get((None, "alt")):
            yield {"type": "Characters", "data": attributes[(None, "alt")]}


def _mark_external_link(attributes: dict) -> None:
    href = attributes.get((None, "href"), "")
    if urlsplit(href).scheme in ("http", "https") or href.startswith("//"):
        attributes[(None, "rel")] = "nofollow noopener"
    else:
        attributes.pop((None, "rel"), None)


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
