"""Attachment files, stored once by content hash under the upload folder.

A file's path is `<upload>/<aa>/<sha256>`: the same worksheet attached to a lesson
and to its forks is one file on disk, and a stored file never changes.

A file uploaded in the editor waits in `<upload>/staging/<sha256>` until a lesson that
has it is saved (`keep_blob` moves it into the store). `remove_unused` collects what no
attachment references: staged files and stored blobs older than a grace period. Every
write or keep renews a file's time, so a file a save is about to reference is always
young, and `remove_unused` takes a file away only after checking, once it has moved it
aside, that nobody renewed it meanwhile.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
import re
from collections.abc import Iterator
from pathlib import Path

from flask import current_app

from library.files import write_atomically

STAGING = "staging"
BLOB_FOLDER_RE = re.compile(r"^[0-9a-f]{2}$")
# Served inline (shown in the page); every other attachment is served as a download.
INLINE_MEDIA_TYPES = frozenset({"image/png", "image/jpeg", "image/webp", "image/svg+xml"})
MEDIA_TYPES = {
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
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
    digest = sha256_of(data)
    _write_or_renew(blob_path(digest), data)
    return digest


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stage_blob(sha256: str, data: bytes) -> None:
    """Keep uploaded bytes (whose `sha256_of` is given) aside until a lesson with them is
    saved."""
    _write_or_renew(staged_path(sha256), data)


def staged_path(sha256: str) -> Path:
    return upload_dir() / STAGING / sha256


class BlobMissing(LookupError):
    """Neither the store nor the staging folder has the file (it waited past the grace)."""


def keep_blob(sha256: str) -> None:
    """Make the file part of the store for a save about to commit (moving it out of the
    staging folder when it waits there) and renew its time."""
    target = blob_path(sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Not staged: stored already (an earlier revision, a fork), or missing.
    with contextlib.suppress(FileNotFoundError):
        os.replace(staged_path(sha256), target)
    try:
        os.utime(target)
    except FileNotFoundError:
        raise BlobMissing(sha256) from None


def _write_or_renew(path: Path, data: bytes) -> None:
    try:
        os.utime(path)
    except FileNotFoundError:
        write_atomically(path, data)


def remove_unused(referenced: set[str], older_than: float) -> list[int]:
    """Delete staged files, stored blobs no attachment references, and left-over temporary
    files, whose time is before `older_than` (a timestamp); the sizes of those deleted."""
    removed = []
    for path in list(_unused(upload_dir(), referenced)):
        size = _remove_if_older(path, older_than)
        if size is not None:
            removed.append(size)
    return removed


def _unused(root: Path, referenced: set[str]) -> Iterator[Path]:
    """Staged files, and stored ones that are temporary or that no attachment names."""
    for folder in root.iterdir() if root.is_dir() else ():
        staging = folder.name == STAGING
        if not folder.is_dir() or not (staging or BLOB_FOLDER_RE.match(folder.name)):
            continue
        for path in folder.iterdir():
            if path.is_file() and (staging or path.name not in referenced):
                yield path


def _remove_if_older(path: Path, older_than: float) -> int | None:
    """Move the file aside, then delete it if it is still old; a save that renewed it
    meanwhile (keep_blob, store_blob) finds it back in place."""
    aside = path.with_name(f".removing-{path.name}")
    try:
        if path.stat().st_mtime >= older_than:
            return None
        os.replace(path, aside)
    except FileNotFoundError:
        return None
    moved = aside.stat()
    if moved.st_mtime >= older_than:
        os.replace(aside, path)
        return None
    aside.unlink()
    return moved.st_size


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
