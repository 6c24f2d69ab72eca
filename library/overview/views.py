"""`/overzicht`: the coverage matrices and blind spots, for everyone, per region and as CSV."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from library.overview.blind_spots import blind_spots, level_of
from library.overview.cache import cached_coverage, cached_regions
from library.overview.export import coverage_csv

bp = Blueprint("overview", __name__)


class RegionError(ValueError):
    """A region no published lesson names; the message is for the user."""


def _chosen_region(choices: list[str]) -> str | None:
    region = " ".join((request.args.get("regio") or "").split())
    if not region:
        return None
    if region not in choices:
        raise RegionError(
            f"Er zijn geen gepubliceerde lessen uit de regio ‘{region[:100]}’. "
            "Kies een regio uit de lijst."
        )
    return region


@bp.get("/overzicht")
def index():
    choices = cached_regions()
    error = None
    try:
        region = _chosen_region(choices)
    except RegionError as problem:
        error, region = str(problem), None
    coverage = cached_coverage(region)
    page = render_template(
        "overview/index.html",
        coverage=coverage,
        spots=blind_spots(coverage),
        regions=choices,
        error=error,
        level_of=level_of,
    )
    return page, 400 if error else 200


@bp.get("/overzicht.csv")
def download():
    try:
        region = _chosen_region(cached_regions())
    except RegionError as problem:
        return Response(str(problem), status=400, mimetype="text/plain")
    name = "techniekbieb-overzicht" + (f"-{_file_part(region)}" if region else "") + ".csv"
    return Response(
        coverage_csv(cached_coverage(region)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _file_part(region: str) -> str:
    return "".join(c if c.isascii() and c.isalnum() else "-" for c in region.lower()).strip("-")
