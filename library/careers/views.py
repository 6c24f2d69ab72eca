"""`/beroepen`: occupations and vmbo profiles, each with the lessons that lead there."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from library.careers import queries
from library.lessons.queries import counts_by_term
from library.vocab.loader import get_vocabularies

bp = Blueprint("careers", __name__)

TECHNICAL_SECTOR = "techniek"


@bp.get("/beroepen")
def index():
    vocabularies = get_vocabularies()
    profiles = sorted(
        vocabularies.profiles, key=lambda p: (p.get("sector") != TECHNICAL_SECTOR, p.position)
    )
    return render_template(
        "careers/index.html",
        profiles=[(p, queries.occupations_of_profile(p.key, vocabularies)) for p in profiles],
        occupation_counts=counts_by_term("occupations"),
        profile_counts=counts_by_term("profiles"),
    )


@bp.get("/beroepen/<key>")
def occupation(key: str):
    vocabularies = get_vocabularies()
    term = vocabularies.occupations.get(key)
    if term is None:
        abort(404)
    lessons = queries.published_lessons_with_term("occupations", key)
    return render_template(
        "careers/occupation.html",
        occupation=term,
        by_grade=queries.group_by_grade(lessons, vocabularies),
        total=len(lessons),
    )


@bp.get("/profielen/<key>")
def profile(key: str):
    vocabularies = get_vocabularies()
    term = vocabularies.profiles.get(key)
    if term is None:
        abort(404)
    chosen = [g for g in request.args.getlist("grade") if g in vocabularies.grades]
    lessons = queries.published_lessons_with_term("profiles", key, grades=chosen)
    return render_template(
        "careers/profile.html",
        profile=term,
        occupations=queries.occupations_of_profile(key, vocabularies),
        by_grade=queries.group_by_grade(lessons, vocabularies, grades=chosen),
        chosen=chosen,
        total=len(lessons),
    )
