"""`/overzicht`: the coverage matrices and blind spots and the techlabs' reach, for everyone,
per region (and school year) and as CSV; the schools by name for moderators."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, render_template, request
from flask_login import current_user, login_required

from library import dutch_time
from library.accounts import policy
from library.dutch_time import SchoolYear
from library.overview.blind_spots import blind_spots, level_of
from library.overview.cache import cached_coverage, cached_regions
from library.overview.export import coverage_csv, coverage_tables_csv, reach_csv, schools_csv
from library.overview.reach import compute_reach, lab_regions, reach_years
from library.vocab.loader import fold, get_vocabularies

bp = Blueprint("overview", __name__)
# How far ahead a school year may be asked for: visits are agreed a year or two ahead.
YEARS_AHEAD = 5
EARLIEST_YEAR = 2000


class FilterError(ValueError):
    """A region or school year the overview cannot show; the message is for the user."""


@dataclass(frozen=True)
class Filters:
    region: str | None
    year: SchoolYear
    regions: list[str]
    lab_regions: frozenset[str]


def _regions(labs: frozenset[str]) -> list[str]:
    """The regions published lessons or labs name, alphabetically."""
    return sorted(set(cached_regions()) | labs, key=fold)


def _chosen_region(choices: list[str]) -> str | None:
    """The region asked for; without `regio` in the address, the signed-in user's own
    (when lessons or labs name it). `regio=` (empty) is every region."""
    if "regio" not in request.args:
        own = current_user.region if current_user.is_authenticated else None
        return own if own in choices else None
    region = " ".join((request.args.get("regio") or "").split())
    if not region:
        return None
    if region not in choices:
        raise FilterError(
            f"Er zijn geen lessen of techlabs uit de regio ‘{region[:100]}’. "
            "Kies een regio uit de lijst."
        )
    return region


def _chosen_year(current: SchoolYear) -> SchoolYear:
    text = request.args.get("schooljaar") or ""
    if not text:
        return current
    year = SchoolYear.parse(text[:20])
    if year is None or not EARLIEST_YEAR <= year.start <= current.start + YEARS_AHEAD:
        raise FilterError(f"Kies een schooljaar uit de lijst, zoals {current.label}.")
    return year


def _filters() -> Filters:
    """The region and school year asked for; raises FilterError for one that is not."""
    labs = frozenset(lab_regions())
    regions = _regions(labs)
    current = SchoolYear.of(dutch_time.today())
    return Filters(_chosen_region(regions), _chosen_year(current), regions, labs)


def _file_part(text: str) -> str:
    return "".join(c if c.isascii() and c.isalnum() else "-" for c in text.lower()).strip("-")


def _csv(content: str, name: str) -> Response:
    return Response(
        content,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


@bp.get("/overzicht")
def index():
    error = None
    try:
        chosen = _filters()
    except FilterError as problem:
        error = str(problem)
        labs = frozenset(lab_regions())
        chosen = Filters(None, SchoolYear.of(dutch_time.today()), _regions(labs), labs)
    coverage = cached_coverage(chosen.region)
    reach = compute_reach(get_vocabularies(), chosen.region, chosen.year)
    page = render_template(
        "overview/index.html",
        coverage=coverage,
        spots=blind_spots(coverage, cached_coverage(None) if chosen.region else None),
        region_has_labs=chosen.region in chosen.lab_regions,
        regions=chosen.regions,
        reach=reach,
        years=sorted({chosen.year, *reach_years(chosen.region, chosen.year)}, reverse=True),
        sees_schools=policy.can(current_user, "see_visiting_schools"),
        error=error,
        level_of=level_of,
    )
    return page, 400 if error else 200


def _coverage_download(name: str, write) -> Response:
    try:
        region = _filters().region
    except FilterError as problem:
        return Response(str(problem), status=400, mimetype="text/plain")
    name += f"-{_file_part(region)}" if region else ""
    return _csv(write(cached_coverage(region)), name)


@bp.get("/overzicht.csv")
def download():
    return _coverage_download("techniekbieb-overzicht", coverage_csv)


@bp.get("/overzicht/tabellen.csv")
def tables_download():
    return _coverage_download("techniekbieb-overzicht-tabellen", coverage_tables_csv)


def _reach_download(kind: str, write) -> Response:
    try:
        chosen = _filters()
    except FilterError as problem:
        return Response(str(problem), status=400, mimetype="text/plain")
    reach = compute_reach(get_vocabularies(), chosen.region, chosen.year)
    region_part = f"-{_file_part(chosen.region)}" if chosen.region else ""
    return _csv(write(reach), f"{kind}{region_part}-{chosen.year.label}")


@bp.get("/overzicht/bezoeken.csv")
def reach_download():
    return _reach_download("bezoeken", reach_csv)


@bp.get("/overzicht/scholen.csv")
@login_required
def schools_download():
    policy.authorize(current_user, "see_visiting_schools")
    return _reach_download("scholen", schools_csv)
