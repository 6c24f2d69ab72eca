"""The curated library in content/: it imports cleanly and keeps its coverage.

Counts come from the imported lessons themselves (the database), so a lesson
that is removed or re-tagged can never silently thin out a world or a grade.
The content is imported once for the whole module: every test only reads it.
"""

import shutil
from collections import Counter

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so

from library.db import db
from library.lessons.importer import import_path
from library.lessons.models import Lesson, Revision
from library.vocab.loader import get_vocabularies
from tests.helpers.app import CONTENT, make_app

TECHNICAL_PROFILES = ["bwi", "pie", "mt", "mvi", "mat"]
REGION_TECHNOLOGIES = ["3d-printen", "green-screen", "iot", "drones", "robotica", "programmeren"]
WORLDS = [
    "mens-gezondheid",
    "energie-water-veiligheid",
    "voeding-natuur",
    "wonen-werken-verkeer",
    "ontwerp-productie-wereldhandel",
    "digitaal-media-entertainment",
    "hightech-science",
]
PO_GRADES = {"groep-1-2", "groep-3-4", "groep-5-6", "groep-7-8"}
VMBO_GRADES = {"vmbo-onderbouw", "vmbo-bovenbouw"}
GRADES = [*sorted(PO_GRADES), "vmbo-onderbouw", "vmbo-bovenbouw"]


@pytest.fixture(scope="module")
def library(tmp_path_factory, migrated_database):
    folder = tmp_path_factory.mktemp("content")
    database = folder / "library.sqlite3"
    shutil.copy(migrated_database, database)
    app = make_app(folder, database)
    with app.app_context():
        report = import_path(CONTENT)
        lessons = db.session.scalars(
            sa.select(Lesson)
            .options(
                so.selectinload(Lesson.current_revision).selectinload(Revision.sections),
                so.selectinload(Lesson.current_revision).selectinload(Revision.attachments),
                so.selectinload(Lesson.forked_from),
            )
            .order_by(Lesson.slug)
        ).all()
        yield report, lessons
        db.session.remove()
        db.engine.dispose()


def counts(lessons, key):
    return Counter(k for lesson in lessons for k in lesson.current_revision.metadata_.get(key, []))


def test_content_imports_cleanly_and_is_idempotent(library):
    report, lessons = library
    assert len(report.created) >= 42
    assert len(lessons) == len(report.created)
    again = import_path(CONTENT)
    assert again.unchanged == report.created


def test_every_world_has_at_least_six_lessons(library):
    worlds = counts(library[1], "worlds")
    for world in WORLDS:
        assert worlds[world] >= 6, (world, worlds[world])


def test_every_grade_group_is_covered(library):
    grades = counts(library[1], "grades")
    for grade in ("groep-1-2", "groep-3-4", "groep-5-6", "groep-7-8", "vmbo-onderbouw"):
        assert grades[grade] >= 6, (grade, grades[grade])
    assert grades["vmbo-bovenbouw"] >= 3


def test_both_kinds_every_threshold_and_every_core_goal(library):
    lessons = library[1]
    kinds = Counter(lesson.kind for lesson in lessons)
    assert kinds["onderzoekend"] >= 15 and kinds["ontwerpend"] >= 15
    assert {lesson.threshold for lesson in lessons} >= {"laag", "midden", "hoog"}
    goals = counts(lessons, "goals")
    wanted = [f"kd-po-{n}" for n in range(40, 47)] + [f"kd-ob-{n}" for n in range(28, 36)]
    assert [goal for goal in wanted if goals[goal] == 0] == []


def test_what_the_regions_do_is_in_the_library(library):
    lessons = library[1]
    technologies = counts(lessons, "technologies")
    assert [t for t in REGION_TECHNOLOGIES if technologies[t] == 0] == []
    locations = Counter(lesson.location for lesson in lessons)
    assert locations["vmbo-school"] >= 1  # a groep 7/8 visit to the vmbo techlab
    assert locations["bedrijf"] >= 1  # a company visit
    audiences = Counter(lesson.current_revision.metadata_.get("audience") for lesson in lessons)
    assert audiences["leerkrachten"] >= 1  # a session for teachers themselves


def test_adaptations_are_linked_to_their_originals(library):
    forks = [
        lesson for lesson in library[1] if lesson.current_revision.metadata_.get("forked_from")
    ]
    assert len(forks) >= 4
    for fork in forks:
        assert fork.forked_from is not None, fork.slug
        assert fork.forked_from.slug == fork.current_revision.metadata_["forked_from"].split("@")[0]


def test_lessons_carry_real_attachments(library):
    with_files = [lesson for lesson in library[1] if lesson.current_revision.attachments]
    assert len(with_files) >= 6
    for lesson in with_files:
        cover = lesson.current_revision.metadata_.get("cover")
        for attachment in lesson.current_revision.attachments:
            # Worksheets are PDFs; a drawn cover is the lesson's own SVG.
            expected = "image/svg+xml" if attachment.filename == cover else "application/pdf"
            assert attachment.media_type == expected, (lesson.slug, attachment.filename)
            assert attachment.size > 1000


def test_every_lesson_is_complete_enough_to_teach_tomorrow(library):
    for lesson in library[1]:
        revision = lesson.current_revision
        meta = revision.metadata_
        phases = [s.phase for s in revision.sections if s.phase]
        # A lesson may honestly work through part of the cycle: then it is a short one.
        assert phases, lesson.slug
        assert len(phases) >= 4 or lesson.duration <= 60, lesson.slug
        assert meta.get("materials") and meta.get("preparation"), lesson.slug
        assert lesson.duration and lesson.threshold and lesson.location, lesson.slug
        assert meta.get("goals") and meta.get("skills"), lesson.slug
        headings = " ".join(s.heading.lower() for s in revision.sections)
        assert "tips" in headings, lesson.slug


def test_every_lesson_leads_to_occupations_and_profiles(library):
    lessons = library[1]
    for lesson in lessons:
        meta = lesson.current_revision.metadata_
        assert meta.get("occupations") and meta.get("profiles"), lesson.slug
    profiles = counts(lessons, "profiles")
    for profile in TECHNICAL_PROFILES:
        assert profiles[profile] >= 4, (profile, profiles[profile])


def meta_of(lesson):
    return lesson.current_revision.metadata_


def test_at_least_110_lessons_and_16_adaptations(library):
    lessons = library[1]
    assert len(lessons) >= 110
    assert sum(1 for lesson in lessons if meta_of(lesson).get("forked_from")) >= 16


def test_every_world_and_grade_group_has_three_lessons(library):
    cells = Counter(
        (world, grade)
        for lesson in library[1]
        for world in meta_of(lesson)["worlds"]
        for grade in meta_of(lesson)["grades"]
    )
    thin = {(w, g): cells[w, g] for w in WORLDS for g in GRADES if cells[w, g] < 3}
    assert thin == {}


def test_short_lessons_fill_a_single_slot_and_kleuters_have_their_own(library):
    short = [lesson for lesson in library[1] if lesson.duration <= 45]
    assert len(short) >= 15
    assert sum(1 for lesson in short if "groep-1-2" in meta_of(lesson)["grades"]) >= 8


def test_every_lesson_gives_its_preparation_time(library):
    missing = [
        lesson.slug for lesson in library[1] if meta_of(lesson).get("preparation_minutes") is None
    ]
    assert missing == []


def test_every_pupils_lesson_supports_language(library):
    for lesson in library[1]:
        meta = meta_of(lesson)
        if meta.get("audience") == "leerkrachten":
            continue
        assert meta.get("word_list") and meta.get("sentence_starters"), lesson.slug


def test_goals_belong_to_the_grades_a_lesson_is_for(library):
    goals = get_vocabularies().goals
    for lesson in library[1]:
        meta = meta_of(lesson)
        frameworks = {goals.get(key).get("framework") for key in meta.get("goals", [])}
        grades = set(meta["grades"])
        if not grades & VMBO_GRADES:
            assert "kerndoelen-ob-2006" not in frameworks, lesson.slug
        else:
            assert "kerndoelen-ob-2006" in frameworks, lesson.slug
        if not grades & PO_GRADES:
            assert "kerndoelen-po-2006" not in frameworks, lesson.slug


def test_some_lessons_work_through_part_of_the_cycle(library):
    cycles = get_vocabularies().cycles
    partial = []
    for lesson in library[1]:
        phases = {s.phase for s in lesson.current_revision.sections if s.phase}
        if len(phases) < len(cycles[lesson.kind].phases):
            partial.append(lesson.slug)
    assert len(partial) >= 3
