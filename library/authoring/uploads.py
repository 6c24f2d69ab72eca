"""Attachments people upload: a clean name, the one check every attachment passes, and
the account's allowance.

What a lesson may carry is decided by its content (`content/filetypes.py`, shared with
import and harvest); this module turns a browser's file name into one the lesson format
accepts. An accepted file waits in the staging folder until a lesson with it is saved
(`keep`); `clean` removes what no lesson kept once it is older than the grace period
(`LIBRARY_UPLOAD_GRACE_HOURS`). Each account may upload `LIBRARY_UPLOADS_PER_HOUR`
files an hour and keep `LIBRARY_UPLOAD_QUOTA_MB` of them (every distinct file it
uploaded that is still waiting or was saved with a lesson).
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from pathlib import PurePosixPath, PureWindowsPath

import sqlalchemy as sa
from flask import current_app
from werkzeug.datastructures import FileStorage

from library.accounts.models import User
from library.authoring.models import Upload
from library.content.filetypes import refusal
from library.content.format import FILENAME_RE
from library.db import db, utcnow
from library.lessons import storage
from library.lessons.models import Attachment
from library.lessons.service import StoredAttachment

MAX_NAME_LENGTH = 120
MB = 1024 * 1024


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


def accept_upload(filename: str, data: bytes, max_bytes: int, *, by: User) -> StoredAttachment:
    """Check an uploaded file and the account's allowance, then stage it until a lesson
    with it is saved; raise UploadRefused with the reason."""
    name = clean_filename(filename)
    reason = refusal(name, data, max_bytes)
    if reason:
        raise UploadRefused(reason)
    if not FILENAME_RE.match(name):
        raise UploadRefused(f"Geef ‘{name}’ een kortere naam met letters en cijfers.")
    sha256 = storage.sha256_of(data)
    _check_allowance(by, sha256, len(data))
    storage.stage_blob(sha256, data)
    db.session.add(Upload(user_id=by.id, sha256=sha256, size=len(data)))
    db.session.commit()
    return StoredAttachment(filename=name, sha256=sha256, size=len(data))


def accept_posted_file(file: FileStorage, *, by: User) -> StoredAttachment:
    """A file posted with the editor, up to `LIBRARY_MAX_UPLOAD_MB`: staged right away
    (`accept_upload`), so it travels with the form until a save keeps it."""
    max_bytes = int(current_app.config["MAX_UPLOAD_MB"]) * MB
    return accept_upload(file.filename or "", file.read(), max_bytes, by=by)


def _check_allowance(user: User, sha256: str, size: int) -> None:
    config = current_app.config
    per_hour = int(config["UPLOADS_PER_HOUR"])
    recent = db.session.scalar(
        sa.select(sa.func.count(Upload.id)).where(
            Upload.user_id == user.id, Upload.created_at > utcnow() - timedelta(hours=1)
        )
    )
    if recent >= per_hour:
        raise UploadRefused(
            f"Je hebt het afgelopen uur al {per_hour} bestanden toegevoegd. Probeer het over "
            "een uur opnieuw; wat je al toevoegde blijft bewaard."
        )
    quota = int(float(config["UPLOAD_QUOTA_MB"]) * MB)
    used, has_it = storage_used(user), _has_uploaded(user, sha256)
    if not has_it and used + size > quota:
        raise UploadRefused(
            f"Er past geen {size / MB:.1f} MB meer bij: je bestanden nemen al "
            f"{used / MB:.1f} van je {quota / MB:g} MB in. Vraag de beheerder om meer ruimte."
        )


def storage_used(user: User) -> int:
    """Bytes the account's uploads take: each distinct file once, waiting or saved."""
    files = (
        sa.select(Upload.sha256, sa.func.max(Upload.size).label("size"))
        .where(Upload.user_id == user.id)
        .group_by(Upload.sha256)
        .subquery()
    )
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(files.c.size), 0)))


def _has_uploaded(user: User, sha256: str) -> bool:
    query = sa.select(Upload.id).where(Upload.user_id == user.id, Upload.sha256 == sha256)
    return db.session.scalar(query.limit(1)) is not None


class UploadExpired(UploadRefused):
    """A file the editor still lists waited past the grace period and is gone."""

    def __init__(self, attachment: StoredAttachment) -> None:
        super().__init__(
            f"Het bestand ‘{attachment.filename}’ is niet meer bewaard: het wachtte te lang "
            "op opslaan. Voeg het opnieuw toe."
        )
        self.attachment = attachment


def keep(attachments: list[StoredAttachment], *, by: User) -> None:
    """Move the files of a lesson about to be saved into the store and mark `by`'s uploads
    of them saved (inside the caller's transaction); UploadExpired for a file that is gone."""
    for attachment in attachments:
        try:
            storage.keep_blob(attachment.sha256)
        except storage.BlobMissing:
            raise UploadExpired(attachment) from None
    shas = {attachment.sha256 for attachment in attachments}
    if shas:
        db.session.execute(
            sa.update(Upload)
            .where(Upload.user_id == by.id, Upload.sha256.in_(shas), Upload.saved_at.is_(None))
            .values(saved_at=utcnow())
        )


@dataclass(frozen=True)
class CleanReport:
    files: int
    size: int
    uploads: int


def clean() -> CleanReport:
    """Remove files no attachment references (staged or stored) that are older than the
    grace period, and the upload rows of files no lesson keeps; safe while the site runs."""
    grace = timedelta(hours=max(1.0, float(current_app.config["UPLOAD_GRACE_HOURS"])))
    referenced = set(db.session.scalars(sa.select(Attachment.sha256).distinct()))
    sizes = storage.remove_unused(referenced, older_than=time.time() - grace.total_seconds())
    forgotten = db.session.execute(
        sa.delete(Upload).where(
            Upload.created_at < utcnow() - grace,
            sa.or_(
                Upload.saved_at.is_(None),
                ~sa.exists().where(Attachment.sha256 == Upload.sha256),
            ),
        )
    ).rowcount
    db.session.commit()
    return CleanReport(len(sizes), sum(sizes), forgotten)
