"""POSTs that adapt lessons: fork (`Aanpassen voor mijn klas`), take over, restore."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from library.accounts import policy
from library.accounts.login import signed_in_user
from library.authoring import workflow
from library.authoring.forms import DecisionForm
from library.forks import service
from library.lookup import lesson_or_404
from library.vocab.licences import allows_adaptation
from library.vocab.loader import get_vocabularies

bp = Blueprint("forks", __name__)


@bp.post("/lessen/<slug>/aanpassen")
@login_required
def fork(slug: str):
    source = lesson_or_404(slug)
    if not policy.can(current_user, "fork", source):
        license = get_vocabularies().licenses.get(source.license)
        reason = (
            f"Deze les staat onder {license.label}: "
            "die licentie staat geen aangepaste versies toe. "
            "Je mag de les wel gebruiken, printen en downloaden zoals hij is."
            if not allows_adaptation(license)
            else "Alleen gepubliceerde lessen kun je aanpassen."
        )
        return render_template("forks/refused.html", lesson=source, reason=reason), 403
    copy = service.fork_lesson(source, by=signed_in_user())
    flash(
        f"Je eigen versie van ‘{source.title}’ staat klaar als concept. Pas hem aan voor je klas.",
        "success",
    )
    return redirect(url_for("authoring.edit", slug=copy.slug))


@bp.post("/lessen/<slug>/overnemen")
@login_required
def take_over(slug: str):
    fork = lesson_or_404(slug)
    form = DecisionForm()
    key = request.form.get("onderdeel", "")
    try:
        revision = service.take_over_section(
            fork, key, by=signed_in_user(), expected_version=form.expected_version
        )
    except workflow.EditConflict:
        flash("De les is intussen veranderd. Bekijk de verschillen opnieuw.", "error")
    except workflow.WorkflowError as problem:
        flash(str(problem), "error")
    else:
        if revision is None:
            flash("Dit onderdeel was al gelijk aan het origineel.", "info")
        else:
            flash(f"Overgenomen in versie {revision.number}.", "success")
    return redirect(url_for("history.compare_with_original", slug=fork.slug))


@bp.post("/lessen/<slug>/versies/<int:number>/terugzetten")
@login_required
def restore(slug: str, number: int):
    lesson = lesson_or_404(slug)
    form = DecisionForm()
    try:
        revision = service.restore_revision(
            lesson, number, by=signed_in_user(), expected_version=form.expected_version
        )
    except workflow.EditConflict:
        flash("De les is intussen veranderd. Probeer het opnieuw.", "error")
        return redirect(url_for("history.revisions", slug=lesson.slug))
    except workflow.WorkflowError as problem:
        flash(str(problem), "error")
        return redirect(url_for("history.revisions", slug=lesson.slug))
    if revision is None:
        flash(f"Versie {number} is al de huidige inhoud; er is niets veranderd.", "info")
    else:
        flash(f"Versie {number} is teruggezet als versie {revision.number}.", "success")
    return redirect(url_for("history.revisions", slug=lesson.slug))
