"""The review queue: lessons waiting for a moderator, of the moderator's own region first."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from library.accounts import policy
from library.authoring import bp
from library.authoring.queries import count_in_review, regions_in_review, review_queue

ALL_REGIONS = "alle"


@bp.get("/beoordelen")
@login_required
def queue():
    policy.authorize(current_user, "review")
    chosen = request.args.get("regio", current_user.region or ALL_REGIONS)
    region = None if chosen == ALL_REGIONS else chosen
    return render_template(
        "review/queue.html",
        lessons=review_queue(region),
        region=region,
        regions=regions_in_review(),
        all_regions=ALL_REGIONS,
    )


@bp.app_context_processor
def review_counts() -> dict:
    """The navigation's count of lessons waiting, asked only where "Beoordelen" shows."""

    def waiting_reviews() -> int:
        return count_in_review() if policy.can(current_user, "review") else 0

    return {"waiting_reviews": waiting_reviews}
