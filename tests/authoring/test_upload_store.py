"""Uploads wait in the staging folder until a lesson keeps them; `flask uploads clean`
removes what no lesson keeps once it is older than the grace period; every account has a
quota and an hourly limit, refused with a Dutch message at the attachment field."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import sqlalchemy as sa

from library.accounts.models import Role
from library.authoring.models import Upload
from library.authoring.uploads import storage_used
from library.db import db, utcnow
from library.lessons.service import get_lesson
from library.lessons.storage import (
    blob_path,
    keep_blob,
    sha256_of,
    staged_path,
    store_blob,
    upload_dir,
)
from tests.helpers.editor import NEW_LESSON, create_with_file, upload
from tests.helpers.files import SAMPLES
from tests.helpers.web import form_fields, signed_in

MB = 1024 * 1024
DAY_AND_AN_HOUR = 25 * 3600


def pdf(size: int, mark: int = 0) -> bytes:
    return b"%PDF-1.7\n" + bytes([mark]) * size


def files_in(folder) -> list:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def age(*paths) -> None:
    """Make files, and every upload row, older than the grace period (24 hours)."""
    then = time.time() - DAY_AND_AN_HOUR
    for path in paths:
        os.utime(path, (then, then))
    db.session.execute(sa.update(Upload).values(created_at=utcnow() - timedelta(hours=25)))
    db.session.commit()


def test_an_upload_waits_until_its_lesson_is_saved(app, client):
    visitor = signed_in(client, Role.DOCENT)
    user = visitor.user
    response = upload(visitor, "/nieuwe-les", "werkblad.pdf", SAMPLES["pdf"], NEW_LESSON)
    assert response.status_code == 200
    digest = sha256_of(SAMPLES["pdf"])
    assert staged_path(digest).is_file() and not blob_path(digest).exists()
    fields = form_fields(response.get_data(as_text=True), "jouw-versie")
    fields["action"] = "save"
    visitor._fresh()
    assert client.post("/nieuwe-les", data=fields).status_code == 302
    assert blob_path(digest).read_bytes() == SAMPLES["pdf"] and not staged_path(digest).exists()
    [row] = db.session.scalars(sa.select(Upload)).all()
    assert row.user_id == user.id and row.saved_at is not None


def test_uploads_no_lesson_keeps_are_removed_after_the_grace_period(app, client, runner):
    """Three uploads that were never saved (the 15 MB of issue 13, smaller), one lesson that
    was, an old file no attachment names and a young one."""
    visitor = signed_in(client, Role.DOCENT)
    user = visitor.user
    for mark in range(3):
        upload(visitor, "/nieuwe-les", f"los-{mark}.pdf", pdf(MB, mark), NEW_LESSON)
    create_with_file(visitor, "werkblad.pdf", SAMPLES["pdf"])
    orphan, young = store_blob(pdf(100, 7)), store_blob(pdf(100, 8))
    assert storage_used(user) == 3 * len(pdf(MB)) + len(SAMPLES["pdf"])

    kept = runner.invoke(args=["uploads", "clean"])
    assert "0 bestand(en) verwijderd (0.0 MB); 0 upload(s)" in kept.output
    assert len(files_in(upload_dir())) == 6

    age(*files_in(upload_dir()))
    os.utime(blob_path(young))
    result = runner.invoke(args=["uploads", "clean"])
    assert result.exit_code == 0, result.output
    assert "4 bestand(en) verwijderd (3.0 MB); 3 upload(s) tellen niet meer mee" in result.output
    assert files_in(upload_dir()) == sorted(
        [blob_path(sha256_of(SAMPLES["pdf"])), blob_path(young)]
    )
    assert not blob_path(orphan).exists()
    assert storage_used(user) == len(SAMPLES["pdf"])
    lesson = get_lesson("drijven-en-zinken")
    assert visitor.get(f"/lessen/{lesson.slug}/bijlagen/werkblad.pdf").status_code == 200


def test_a_file_a_save_is_keeping_is_never_removed(app, runner):
    """An old file no attachment names yet, which a save now in progress keeps."""
    data = pdf(100, 3)
    digest = store_blob(data)
    age(blob_path(digest))
    keep_blob(digest)  # the save's transaction has not committed yet
    assert "0 bestand(en) verwijderd" in runner.invoke(args=["uploads", "clean"]).output
    assert blob_path(digest).read_bytes() == data


def test_a_file_that_waited_past_the_grace_period_must_be_added_again(app, client, runner):
    visitor = signed_in(client, Role.DOCENT)
    response = upload(visitor, "/nieuwe-les", "werkblad.pdf", SAMPLES["pdf"], NEW_LESSON)
    age(staged_path(sha256_of(SAMPLES["pdf"])))
    runner.invoke(args=["uploads", "clean"])
    fields = form_fields(response.get_data(as_text=True), "jouw-versie")
    fields["action"] = "save"
    visitor._fresh()
    response = client.post("/nieuwe-les", data=fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Het bestand ‘werkblad.pdf’ is niet meer bewaard" in html
    assert "Voeg het opnieuw toe." in html
    assert get_lesson("drijven-en-zinken") is None


def test_an_account_over_its_quota_is_refused_at_the_field(app, client):
    app.config["UPLOAD_QUOTA_MB"] = 1
    visitor = signed_in(client, Role.DOCENT)
    assert upload(visitor, "/nieuwe-les", "a.pdf", pdf(600_000, 1), NEW_LESSON).status_code == 200
    # The same file again takes no more room.
    assert upload(visitor, "/nieuwe-les", "b.pdf", pdf(600_000, 1), NEW_LESSON).status_code == 200
    response = upload(visitor, "/nieuwe-les", "c.pdf", pdf(600_000, 2), NEW_LESSON)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="upload-fout"' in html
    assert "Er past geen 0.6 MB meer bij: je bestanden nemen al 0.6 van je 1 MB in." in html
    assert len(files_in(upload_dir())) == 1


def test_an_account_uploads_at_most_so_many_files_an_hour(app, client):
    app.config["UPLOADS_PER_HOUR"] = 2
    visitor = signed_in(client, Role.DOCENT)
    for mark in range(2):
        assert upload(visitor, "/nieuwe-les", "a.pdf", pdf(10, mark), NEW_LESSON).status_code == 200
    response = upload(visitor, "/nieuwe-les", "a.pdf", pdf(10, 9), NEW_LESSON)
    assert response.status_code == 400
    assert (
        "Je hebt het afgelopen uur al 2 bestanden toegevoegd. Probeer het over een uur opnieuw"
        in response.get_data(as_text=True)
    )
    assert len(files_in(upload_dir())) == 2
