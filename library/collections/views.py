"""`Mijn lessen` and collections: saving lessons, naming, ordering and sharing collections."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from library.accounts import policy
from library.accounts.forms import ConfirmForm
from library.accounts.login import signed_in_user
from library.collections import queries, service
from library.collections.forms import (
    AddToCollectionForm,
    CollectionForm,
    SharingForm,
)
from library.collections.models import Collection
from library.forms import show_error
from library.lessons.models import Lesson
from library.lookup import published_lesson_or_404, visible_or_404

bp = Blueprint("collections", __name__)

MOVES = {"omhoog": -1, "omlaag": 1}


def _collection(token: str, action: str = "view_collection") -> Collection:
    """The collection at this address; a 404 for whoever may not see it (the address is secret)."""
    return visible_or_404(queries.collection_by_token(token), "view_collection", action)


def _back_to_lesson(lesson: Lesson):
    return redirect(url_for("lessons.show", slug=lesson.slug) + "#bewaren")


def _mine_page(form: CollectionForm, status: int = 200):
    user = signed_in_user()
    return render_template(
        "collections/mine.html",
        saved=queries.saved_lessons(user),
        collections=queries.collections_of(user),
        form=form,
    ), status


@bp.get("/mijn-lessen")
@login_required
def mine():
    policy.authorize(current_user, "keep_lessons")
    return _mine_page(CollectionForm(formdata=None))


@bp.post("/collecties")
@login_required
def create():
    policy.authorize(current_user, "keep_lessons")
    form = CollectionForm()
    if not form.validate_on_submit():
        return _mine_page(form, 400)
    try:
        collection = service.create_collection(
            signed_in_user(), form.title.data, form.description.data
        )
    except service.CollectionError as problem:
        return _mine_page(form, show_error(form, problem))
    flash(f"De collectie ‘{collection.title}’ is gemaakt.", "success")
    return redirect(url_for("collections.show", token=collection.token))


@bp.post("/lessen/<slug>/bewaren")
@login_required
def save(slug: str):
    policy.authorize(current_user, "keep_lessons")
    lesson = published_lesson_or_404(slug)
    if ConfirmForm().validate_on_submit():
        service.save_lesson(signed_in_user(), lesson)
        flash("De les staat in Mijn lessen.", "success")
    return _back_to_lesson(lesson)


@bp.post("/lessen/<slug>/niet-meer-bewaren")
@login_required
def forget(slug: str):
    policy.authorize(current_user, "keep_lessons")
    lesson = published_lesson_or_404(slug)
    if ConfirmForm().validate_on_submit():
        service.forget_lesson(signed_in_user(), lesson)
        flash("De les staat niet meer in Mijn lessen.", "success")
    if request.form.get("terug") == "mijn-lessen":
        return redirect(url_for("collections.mine"))
    return _back_to_lesson(lesson)


@bp.post("/lessen/<slug>/in-collectie")
@login_required
def add(slug: str):
    policy.authorize(current_user, "keep_lessons")
    lesson = published_lesson_or_404(slug)
    user = signed_in_user()
    form = AddToCollectionForm(queries.collections_of(user))
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(errors[0], "error")
        return _back_to_lesson(lesson)
    try:
        if form.wants_new:
            collection = service.create_collection(user, form.new_title.data)
        else:
            collection = _collection(form.collection.data, "edit_collection")
        added = service.add_lesson(collection, lesson)
    except service.CollectionError as problem:
        flash(str(problem), "error")
        return _back_to_lesson(lesson)
    where = f"in de collectie ‘{collection.title}’"
    flash(f"De les staat nu {where}." if added else f"De les stond al {where}.", "success")
    return _back_to_lesson(lesson)


@bp.get("/collecties/<token>")
def show(token: str):
    collection = _collection(token)
    owner = policy.can(current_user, "edit_collection", collection)
    return render_template(
        "collections/show.html",
        collection=collection,
        lessons=queries.published_lessons(collection),
        owner=owner,
        sharing=SharingForm(shared=collection.shared) if owner else None,
    )


@bp.route("/collecties/<token>/bewerken", methods=["GET", "POST"])
@login_required
def edit(token: str):
    collection = _collection(token, "edit_collection")
    form = CollectionForm(obj=collection)
    if form.validate_on_submit():
        try:
            service.update_collection(collection, form.title.data, form.description.data)
        except service.CollectionError as problem:
            show_error(form, problem)
        else:
            flash("De collectie is opgeslagen.", "success")
            return redirect(url_for("collections.show", token=collection.token))
    status = 400 if form.errors else 200
    return render_template("collections/edit.html", collection=collection, form=form), status


@bp.post("/collecties/<token>/delen")
@login_required
def share(token: str):
    collection = _collection(token, "edit_collection")
    form = SharingForm()
    if form.validate_on_submit():
        service.set_shared(collection, form.shared.data)
        flash(
            "Iedereen met de link kan de collectie nu bekijken."
            if collection.shared
            else "De collectie is weer alleen voor jou.",
            "success",
        )
    return redirect(url_for("collections.show", token=collection.token) + "#delen")


@bp.post("/collecties/<token>/nieuwe-link")
@login_required
def renew(token: str):
    collection = _collection(token, "edit_collection")
    if ConfirmForm().validate_on_submit():
        service.renew_link(collection)
        flash("De collectie heeft een nieuwe link. De oude link werkt niet meer.", "success")
    return redirect(url_for("collections.show", token=collection.token) + "#delen")


@bp.post("/collecties/<token>/lessen/<slug>/verplaatsen")
@login_required
def move(token: str, slug: str):
    collection = _collection(token, "edit_collection")
    lesson = published_lesson_or_404(slug)
    offset = MOVES.get(request.form.get("richting", ""))
    if ConfirmForm().validate_on_submit() and offset is not None:
        try:
            service.move_lesson(collection, lesson, offset)
        except service.CollectionError as problem:
            flash(str(problem), "error")
    return redirect(url_for("collections.show", token=collection.token) + f"#les-{slug}")


@bp.post("/collecties/<token>/lessen/<slug>/weghalen")
@login_required
def remove(token: str, slug: str):
    collection = _collection(token, "edit_collection")
    lesson = published_lesson_or_404(slug)
    if ConfirmForm().validate_on_submit():
        service.remove_lesson(collection, lesson)
        flash(f"‘{lesson.title}’ is uit de collectie gehaald.", "success")
    return redirect(url_for("collections.show", token=collection.token))


@bp.route("/collecties/<token>/verwijderen", methods=["GET", "POST"])
@login_required
def delete(token: str):
    collection = _collection(token, "edit_collection")
    form = ConfirmForm()
    if form.validate_on_submit():
        title = collection.title
        service.delete_collection(collection)
        flash(f"De collectie ‘{title}’ is verwijderd.", "success")
        return redirect(url_for("collections.mine"))
    return render_template("collections/delete.html", collection=collection, form=form)


@dataclass(frozen=True)
class Keeping:
    """What the lesson page shows a signed-in teacher about keeping this lesson."""

    saved: bool
    form: AddToCollectionForm
    collections: list[Collection]


@bp.app_context_processor
def keeping_tools() -> dict:
    """`keeping(lesson)` in templates: None unless the visitor may keep lessons."""

    def keeping(lesson: Lesson) -> Keeping | None:
        if not policy.can(current_user, "keep_lessons") or not lesson.is_published:
            return None
        user = signed_in_user()
        collections = queries.collections_of(user)
        containing = [c for c in collections if any(i.lesson_id == lesson.id for i in c.items)]
        return Keeping(
            queries.is_saved(user, lesson),
            AddToCollectionForm(collections, formdata=None),
            containing,
        )

    return {"keeping": keeping}
