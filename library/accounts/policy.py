"""Who may do what: the one place every view, template and service asks.

`can(user, action, target)` answers for the signed-in user or an anonymous visitor; the
target is what the action is done to (a lesson, a revision, a collection, an experience,
a learning line, an account, a techlab or its activity), none for actions such as
`create`. Actions on a lesson also depend on its status and on who owns it:

- a draft is private to its owner (not even moderators read it);
- a lesson in review, sent back or archived is seen by its owner and the moderators;
- a published lesson is seen by everyone.

Whoever may see a lesson reads it at its own address (`/lessen/<slug>`): its owner her
draft, the moderators a lesson in review; everyone else gets the 404 of a missing one.

Anyone signed in may adapt (fork) a published lesson whose licence allows derivatives (a
licence the vocabulary does not know allows them); a visitor who is not signed in is
offered to sign in for it. A fork is compared only with what everyone may read of its
source: the revision it was adapted from, published and not redacted, of a lesson that
is published now.
What teachers make around lessons follows the same habits: a collection is its owner's
and seen by others only when shared; experiences are shared by anyone signed in about a
published lesson that is not their own, edited by their writer and hidden by moderators;
learning lines are built by those who may write lessons and edited by their owner or a
moderator, and seen by everyone once published.

A lesson's history follows who may see what: its owner and the moderators (once
submitted) see every revision; everyone else sees only the revisions that were
published, never what was written as a draft, waited for review or was sent back.
Moderators may redact a revision (its text goes, the fact and reason stay).

An account whose e-mail address is not confirmed yet keeps drafts, but submits,
publishes and shares experiences only once its owner followed the confirmation mail.

Techlabs are seen by everyone. An admin or moderator makes someone staff of a lab (a
membership of that lab, not a role); its staff, and the moderators, manage the lab.
Anyone signed in with a confirmed e-mail address asks for a visit to an activity. A visit
is seen by the teacher who asked and by the lab's staff (and moderators); each step of
the cycle is taken by one side only (`VISIT_STEPS`): the lab plans the intake, confirms,
declines and marks the visit done, the teacher writes the follow-up, and either side
cancels a visit that has not happened yet.

People download everything the library holds about them and delete their account;
an admin can do both for anyone.

Moderators review, edit the metadata of, unpublish and restore any lesson; admins
can do all a moderator can and also manage users. Whether docents publish without
review is the installation's choice (`LIBRARY_REVIEW_REQUIRED`).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from werkzeug.exceptions import Forbidden

from library.accounts.models import Role
from library.lessons.models import Lesson, LessonStatus
from library.vocab.licences import allows_adaptation
from library.vocab.loader import get_vocabularies

MODERATING = frozenset({Role.MODERATOR, Role.ADMIN})
SUBMITTING = frozenset({Role.LEERKRACHT, Role.DOCENT, Role.MODERATOR, Role.ADMIN})
UNPUBLISHED_DRAFTS = frozenset({LessonStatus.DRAFT, LessonStatus.RETURNED})


class NotAllowed(Forbidden):
    """The user may not do this; shown as the Dutch 403 page."""


def role_of(user) -> Role | None:
    """The user's role, or None for an anonymous visitor or a blocked account."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return Role(user.role)


def _owns(user, lesson: Lesson) -> bool:
    return lesson.owner_id is not None and lesson.owner_id == user.id


def _status(lesson: Lesson) -> LessonStatus:
    return LessonStatus(lesson.status)


def publishes_directly(role: Role | None) -> bool:
    """Whether this role's own lessons go live without a moderator's review."""
    if role in MODERATING:
        return True
    return role == Role.DOCENT and not current_app.config["REVIEW_REQUIRED"]


def registration_promise(role: Role) -> str:
    """What the registration page tells someone choosing this role she may do: the
    same rules as `publishes_directly`, so a docent is promised publishing only where
    her lessons skip review (`LIBRARY_REVIEW_REQUIRED=false`)."""
    if role == Role.DOCENT:
        publishing = (
            "Je maakt en publiceert lessen zonder dat een moderator ze eerst nakijkt."
            if publishes_directly(Role.DOCENT)
            else "Je maakt lessen en biedt ze aan; een moderator kijkt ze na voordat ze "
            "gepubliceerd worden."
        )
        return f"{publishing} Een beheerder bevestigt deze rol; tot dan werk je als leerkracht."
    if role == Role.PABO_STUDENT:
        return "Je bekijkt lessen en oefent met eigen concepten (niet publiceren)."
    return "Je bewaart concepten en biedt lessen aan; een moderator kijkt ze na."


def _view(role: Role, user, lesson: Lesson) -> bool:
    status = _status(lesson)
    if status == LessonStatus.PUBLISHED:
        return True
    return _owns(user, lesson) or (role in MODERATING and status != LessonStatus.DRAFT)


def _edit(role: Role, user, lesson: Lesson) -> bool:
    return _owns(user, lesson) and _status(lesson) != LessonStatus.ARCHIVED


def _edit_metadata(role: Role, user, lesson: Lesson) -> bool:
    return role in MODERATING and _status(lesson) != LessonStatus.DRAFT


def awaits_confirmation(user) -> bool:
    """Signed in, but the e-mail address is not confirmed yet: drafts only, nothing shared."""
    return role_of(user) is not None and not user.email_confirmed


def _submit(role: Role, user, lesson: Lesson) -> bool:
    unpublished = _status(lesson) in UNPUBLISHED_DRAFTS
    confirmed = not awaits_confirmation(user)
    return _owns(user, lesson) and role in SUBMITTING and unpublished and confirmed


def _publish(role: Role, user, lesson: Lesson) -> bool:
    unpublished = _status(lesson) in UNPUBLISHED_DRAFTS
    confirmed = not awaits_confirmation(user)
    return _owns(user, lesson) and publishes_directly(role) and unpublished and confirmed


def _delete(role: Role, user, lesson: Lesson) -> bool:
    never_published = lesson.published_at is None
    return _owns(user, lesson) and _status(lesson) in UNPUBLISHED_DRAFTS and never_published


def _decide(role: Role, user, lesson: Lesson) -> bool:
    return role in MODERATING and _status(lesson) == LessonStatus.REVIEW


def _archive(role: Role, user, lesson: Lesson) -> bool:
    published = _status(lesson) == LessonStatus.PUBLISHED
    return published and (role in MODERATING or _owns(user, lesson))


def _restore(role: Role, user, lesson: Lesson) -> bool:
    return role in MODERATING and _status(lesson) == LessonStatus.ARCHIVED


def _adaptable(lesson: Lesson) -> bool:
    licence = get_vocabularies().licenses.get(lesson.license)
    return _status(lesson) == LessonStatus.PUBLISHED and allows_adaptation(licence)


def _fork(role: Role, user, lesson: Lesson) -> bool:
    return _adaptable(lesson)


def _fork_after_login(role: Role | None, user, lesson: Lesson) -> bool:
    """Not signed in, at a lesson anyone signed in may adapt: the page offers to sign in."""
    return role is None and _adaptable(lesson)


def _compare_with_source(role: Role | None, user, source) -> bool:
    """`source` is a fork's `lineage.Source`. The same for everyone: the comparison shows
    the source's text on a page about the fork."""
    revision = source.revision
    published = revision.published and _status(source.lesson) == LessonStatus.PUBLISHED
    return published and not revision.redacted


def _view_versions(role: Role, user, lesson: Lesson) -> bool:
    return _owns(user, lesson) or (role in MODERATING and _status(lesson) != LessonStatus.DRAFT)


def _share_experience(role: Role, user, lesson: Lesson) -> bool:
    published = _status(lesson) == LessonStatus.PUBLISHED
    return published and not _owns(user, lesson) and not awaits_confirmation(user)


def _view_revision(role: Role | None, user, revision) -> bool:
    lesson = revision.lesson
    if role is None:
        return revision.published and _status(lesson) == LessonStatus.PUBLISHED
    if not _view(role, user, lesson):
        return False
    return revision.published or _view_versions(role, user, lesson)


def _redact_revision(role: Role | None, user, revision) -> bool:
    # The current revision is the lesson itself: it is changed by editing or sending back.
    lesson = revision.lesson
    past = revision.id != lesson.current_revision_id and not revision.redacted
    return role in MODERATING and _status(lesson) != LessonStatus.DRAFT and past


def _manage_account(role: Role | None, user, account) -> bool:
    """Download the data of, or delete, an account: its owner, or an admin."""
    return role is not None and (account.id == user.id or role == Role.ADMIN)


def _view_collection(role: Role | None, user, collection) -> bool:
    return collection.shared or (role is not None and _owns(user, collection))


def _edit_own(role: Role | None, user, thing) -> bool:
    return role is not None and _owns(user, thing)


def _edit_experience(role: Role | None, user, experience) -> bool:
    return role is not None and experience.author_id == user.id


def _view_line(role: Role | None, user, line) -> bool:
    return line.published or _edit_line(role, user, line)


def _edit_line(role: Role | None, user, line) -> bool:
    return role is not None and (_owns(user, line) or role in MODERATING)


def _manage_lab(role: Role | None, user, lab) -> bool:
    """The lab's own staff, or a moderator: staff of another lab may not."""
    if role is None:
        return False
    return role in MODERATING or any(member.user_id == user.id for member in lab.staff)


def _ask_visit(role: Role | None, user, activity) -> bool:
    """A visit is asked for by someone the lab can write back to: a confirmed account."""
    return role is not None and not awaits_confirmation(user)


# A visit's step -> (who takes it, the statuses it is taken from). "lab" is the lab's staff
# or a moderator, "teacher" the teacher who asked. Statuses are `techlabs.models.VisitStatus`.
VISIT_STEPS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "plan_intake": (frozenset({"lab"}), frozenset({"aangevraagd", "voorgesprek"})),
    "confirm_visit": (frozenset({"lab"}), frozenset({"voorgesprek"})),
    "decline_visit": (frozenset({"lab"}), frozenset({"aangevraagd", "voorgesprek"})),
    "mark_visited": (frozenset({"lab"}), frozenset({"bevestigd"})),
    "follow_up_visit": (frozenset({"teacher"}), frozenset({"uitgevoerd"})),
    "cancel_visit": (
        frozenset({"lab", "teacher"}),
        frozenset({"aangevraagd", "voorgesprek", "bevestigd"}),
    ),
}


def _sides(role: Role | None, user, visit) -> set[str]:
    """How the user stands to the visit: the teacher who asked, the lab's side, or neither."""
    if role is None:
        return set()
    sides = {"teacher"} if visit.teacher_id == user.id else set()
    if _manage_lab(role, user, visit.activity.lab):
        sides.add("lab")
    return sides


def _view_visit(role: Role | None, user, visit) -> bool:
    return bool(_sides(role, user, visit))


def _visit_step(step: str) -> Callable[[Role | None, object, object], bool]:
    takers, statuses = VISIT_STEPS[step]

    def rule(role: Role | None, user, visit) -> bool:
        return visit.status in statuses and bool(_sides(role, user, visit) & takers)

    rule.__doc__ = f"Whether the user may take the step {step!r} of this visit now."
    return rule


LESSON_RULES: dict[str, Callable[[Role, object, Lesson], bool]] = {
    "view": _view,
    "edit": _edit,
    "edit_metadata": _edit_metadata,
    "submit": _submit,
    "publish": _publish,
    "delete": _delete,
    "approve": _decide,
    "return": _decide,
    "archive": _archive,
    "restore": _restore,
    "view_versions": _view_versions,
    "share_experience": _share_experience,
    "fork": _fork,
}
GENERAL_RULES: dict[str, frozenset[Role]] = {
    "create": frozenset(Role),
    "review": MODERATING,
    "manage_users": frozenset({Role.ADMIN}),
    "keep_lessons": frozenset(Role),
    "hide_experience": MODERATING,
    "create_line": SUBMITTING,
    "manage_lab_staff": MODERATING,
    # Which schools visited a lab, and which not yet: the names teachers typed are for the
    # regional coordinators, the counts are for everyone.
    "see_visiting_schools": MODERATING,
}
# Actions on a revision of a lesson, on a fork's source and on what users make around
# lessons (a collection, an experience, a learning line); `can` gets the thing in place of
# a lesson. Anonymous visitors are asked too (role None), also of the lesson actions here.
ITEM_RULES: dict[str, Callable[[Role | None, object, object], bool]] = {
    "fork_after_login": _fork_after_login,
    "compare_with_source": _compare_with_source,
    "view_revision": _view_revision,
    "redact_revision": _redact_revision,
    "manage_account": _manage_account,
    "view_collection": _view_collection,
    "edit_collection": _edit_own,
    "edit_experience": _edit_experience,
    "view_line": _view_line,
    "edit_line": _edit_line,
    "manage_lab": _manage_lab,
    "ask_visit": _ask_visit,
    "view_visit": _view_visit,
    **{step: _visit_step(step) for step in VISIT_STEPS},
}
ACTIONS = tuple(LESSON_RULES) + tuple(GENERAL_RULES)


def can(user, action: str, target: object | None = None) -> bool:
    """Whether the user (or anonymous visitor) may do the action (to the target: a lesson
    for the lesson actions, the item for the item actions)."""
    role = role_of(user)
    if action in GENERAL_RULES:
        return role in GENERAL_RULES[action]
    if action in ITEM_RULES:
        if target is None:
            raise ValueError(f"action {action!r} needs the thing it acts on")
        return ITEM_RULES[action](role, user, target)
    if action not in LESSON_RULES:
        raise ValueError(f"unknown action {action!r}")
    if target is None:
        raise ValueError(f"action {action!r} needs a lesson")
    if role is None:
        return action == "view" and _status(target) == LessonStatus.PUBLISHED
    return LESSON_RULES[action](role, user, target)


def authorize(user, action: str, target: object | None = None) -> None:
    """Raise `NotAllowed` (a 403) unless the user may do the action (to the target)."""
    if not can(user, action, target):
        raise NotAllowed()
