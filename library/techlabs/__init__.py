"""Techlabs and their offer: labs, activities, finding them."""

from __future__ import annotations

from flask import Flask

from library.lessons.importer import ContentKind, register_kind


def init_app(app: Flask) -> None:
    """`content/techlabs/` is imported, checked and exported with the lessons."""
    from library.techlabs.exporter import export_labs
    from library.techlabs.importer import read_lab_folder, write_labs

    register_kind(
        app,
        ContentKind(
            folder="techlabs",
            plural="labs",
            read=read_lab_folder,
            write=write_labs,
            export=export_labs,
        ),
    )
