"""What templates may use: vocabulary labels, the lesson cycle and small formatting filters."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from flask import Flask

from library.dutch_time import DUTCH_TIME, format_day
from library.lessons.display import minutes_text, part_of_cycle
from library.lessons.pictures import lesson_picture, picture_of
from library.rendering import offline_images
from library.vocab.loader import get_vocabularies


def format_moment(moment: datetime | None) -> str:
    """A stored moment as Dutch people read it: `3-12-2026 om 14:05`, their time."""
    if moment is None:
        return ""
    local = moment.astimezone(DUTCH_TIME)
    return f"{local.day}-{local.month}-{local.year} om {local:%H:%M}"


def term_labels(keys: list[str] | None, vocabulary: str) -> list[str]:
    """Keys of one vocabulary -> the labels a person reads."""
    terms = get_vocabularies()[vocabulary]
    return [terms.label_of(key) for key in keys or []]


def offline_html(markup: str, files: Mapping[str, str] | None) -> str:
    """Stored lesson HTML for the ZIP's offline page (`files`: attachment URL -> path in
    the ZIP), or as it is for a page on the site (`files` is None)."""
    return markup if files is None else offline_images(markup, files)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["minutes"] = minutes_text
    app.jinja_env.filters["labels"] = term_labels
    app.jinja_env.filters["moment"] = format_moment
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.globals["part_of_cycle"] = part_of_cycle
    app.jinja_env.globals["lesson_picture"] = lesson_picture
    app.jinja_env.globals["picture_of"] = picture_of
    app.jinja_env.filters["offline"] = offline_html
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def inject_vocabularies() -> dict:
        return {"vocab": get_vocabularies()}
