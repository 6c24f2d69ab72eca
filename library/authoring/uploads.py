"""Attachments people upload: a clean name, then the one check every attachment passes.

What a lesson may carry is decided by its content (`content/filetypes.py`, shared with
import and harvest); this module turns a browser's file name into one the lesson format
accepts and stores what passes by hash.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

from library.content.filetypes import refusal
from library.content.format import FILENAME_RE
from library.lessons.service import StoredAttachment
from library.lessons.storage import store_blob

MAX_NAME_LENGTH = 120


class UploadRefused(ValueError):
    """The file cannot be attached; the message says why, in Dutch."""


def clean_filename(filename: str) -> str:
    """A name the lesson format accepts: no folders, no odd characters, a lower-case extension."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    name = unicodedata.normalize("NFKC", name).strip()
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem = re.sub(r"[^\w .()+-]+", "-", stem).strip(" .-")[:MAX_NAME_LENGTH] or "bijlage"
    if not re.match(r"\w", stem):
        stem = "bijlage-" + stem
    return f"{stem}.{extension.lower()}" if extension else stem


def accept_upload(filename: str, data: bytes, max_bytes: int) -> StoredAttachment:
    """Check an uploaded file and store it by hash; raise UploadRefused with the reason."""
    name = clean_filename(filename)
    reason = refusal(name, data, max_bytes)
    if reason:
        raise UploadRefused(reason)
    if not FILENAME_RE.match(name):
        raise UploadRefused(f"Geef ‘{name}’ een kortere naam met letters en cijfers.")
    return StoredAttachment(filename=name, sha256=store_blob(data), size=len(data))
