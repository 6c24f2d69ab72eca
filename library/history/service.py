"""Redacting a revision: a moderator removes what a past version must no longer show."""

from __future__ import annotations

from library.accounts import policy
from library.accounts.models import User
from library.db import db, utcnow
from library.forms import FormError
from library.lessons.models import Revision

MAX_REASON_LENGTH = 500
# What a redacted revision keeps of its metadata: what the pages need to place it, and
# its title and makers, which every adaptation made from it must keep crediting.
KEPT_METADATA = ("slug", "kind", "license", "title", "authors")


class RedactionError(FormError):
    """The revision cannot be redacted now; the message is for the moderator."""


def redact_revision(revision: Revision, *, by: User, reason: str) -> None:
    """Replace a past revision's text, files and message by nothing; keep when, who and why.

    Only a past revision (the policy says which): the current one is the lesson itself.
    One commit.
    """
    policy.authorize(by, "redact_revision", revision)
    reason = reason.strip()
    if not reason:
        raise RedactionError("Schrijf erbij waarom deze versie wordt verwijderd.", "reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise RedactionError(f"Houd de reden korter dan {MAX_REASON_LENGTH} tekens.", "reason")
    revision.metadata_ = {
        k: revision.metadata_[k] for k in KEPT_METADATA if k in revision.metadata_
    }
    revision.intro_markdown = revision.intro_html = revision.preparation_html = ""
    revision.message = ""
    revision.sections = []
    revision.attachments = []
    revision.redacted_at = utcnow()
    revision.redacted_by = by.name
    revision.redaction_reason = reason
    db.session.commit()
