"""A lesson's picture: its own cover, or else the illustration of its first world.

The cover is an image among the lesson's attachments, named by the lesson file's
`cover` key with its alt text in `cover_alt`. The seven world illustrations are
drawings of the library's own (`static/worlds/<world key>.svg`), each with its alt
text in the worlds vocabulary (`illustration_alt`). Cards, the lesson page, the print
view, the API and JSON-LD all ask here, so they show the same picture.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import url_for

from library.vocab.loader import get_vocabularies

WORLD_FOLDER = "worlds"
# The box a picture is shown in (16:9): the drawings are made on this grid, and a
# photo of another shape is cropped to it, so no page shifts while one loads.
WIDTH, HEIGHT = 320, 180


@dataclass(frozen=True)
class Picture:
    url: str
    alt: str
    own: bool  # the lesson's own cover; False: its world's illustration
    filename: str = ""  # the cover's attachment name; "" for a world's illustration
    width: int = WIDTH
    height: int = HEIGHT

    def as_json(self) -> dict[str, str]:
        """The API's and the ZIP's `image`: where it is, its alt text, whose it is."""
        return {"url": self.url, "alt": self.alt, "kind": "cover" if self.own else "world"}


def lesson_picture(
    slug: str,
    worlds: Iterable[str],
    cover: str | None = None,
    cover_alt: str | None = None,
    *,
    external: bool = False,
) -> Picture | None:
    """The lesson's cover, else its first world's illustration (None for neither)."""
    if cover:
        url = url_for("lessons.attachment", slug=slug, filename=cover, _external=external)
        return Picture(url, cover_alt or "", own=True, filename=cover)
    return world_picture(worlds, external=external)


def world_picture(worlds: Iterable[str], *, external: bool = False) -> Picture | None:
    """The illustration of the first of the worlds that has one."""
    vocabulary = get_vocabularies().worlds
    for key in worlds:
        term = vocabulary.get(key)
        if term is not None and term.get("illustration_alt"):
            url = url_for("static", filename=world_illustration(key), _external=external)
            return Picture(url, term.get("illustration_alt"), own=False)
    return None


def world_illustration(key: str) -> str:
    """The world's drawing, as a path under the static folder."""
    return f"{WORLD_FOLDER}/{key}.svg"


def picture_of(slug: str, metadata: dict, *, external: bool = False) -> Picture | None:
    """`lesson_picture` for a revision's metadata."""
    return lesson_picture(
        slug,
        metadata.get("worlds", []),
        metadata.get("cover"),
        metadata.get("cover_alt"),
        external=external,
    )
