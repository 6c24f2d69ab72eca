"""Attachment files, stored once by content hash under the upload folder.

A file's path is `<upload>/<aa>/<sha256>`: the same worksheet attached to a lesson
and to its forks is one file on disk, and a stored file never changes.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from pathlib import Path

from flask import current_app

# Served inline (shown in the page); every other attachment is served as a download.
INLINE_MEDIA_TYPES = frozenset({"image/png", "image/jpeg"})
MEDIA_TYPES = {
    ".sb3": "application/x.scratch.sb3",
    ".stl": "model/stl",
    ".hex": "application/octet-stream",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def blob_path(sha256: str) -> Path:
    return upload_dir() / sha256[:2] / sha256


def store_blob(data: bytes) -> str:
    """Write the bytes (if not stored yet) and return their sha256.

    Written atomically, so a crash never leaves half a file under a hash name.
    """
    digest = hashlib.sha256(data).hexdigest()
    target = blob_path(digest)
    if not target.is_file():
        write_atomically(target, data)
    return digest


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".write-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_blob(sha256: str) -> bytes:
    return blob_path(sha256).read_bytes()


def media_type_for(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    return (
        MEDIA_TYPES.get(suffix) or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    )


def attachment_url(slug: str, filename: str) -> str:
    """The path the lesson page serves an attachment at, also outside a request: the
    HTML rendered on import and by `flask content render` links to it."""
    adapter = current_app.url_map.bind("", script_name=current_app.config["APPLICATION_ROOT"])
    return adapter.build("lessons.attachment", {"slug": slug, "filename": filename})


def image_urls(slug: str, filenames: list[str]) -> dict[str, str]:
    """The attachments that may show as images in the lesson's text: file name -> URL."""
    return {
        name: attachment_url(slug, name)
        for name in filenames
        if media_type_for(name) in INLINE_MEDIA_TYPES
    }
