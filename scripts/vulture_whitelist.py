"""Names that look unused to vulture because something else reads them by name.

`scripts/test` runs vulture over library/ and scripts/, this file included, and fails on
any finding. Routes, CLI commands, context processors and other functions that Flask or
Click call are left out by `ignore_decorators` in pyproject.toml; what is listed here is
used by a framework, a library we subclass, or a template. Vulture only reads this file
(it matches attribute names); nothing imports or runs it.

A name belongs here only when its reader is named beside it. Code that nothing reads is
removed, not listed.
"""

import zipfile

from attachments.source import _BlockCollector
from jinja2 import Environment
from werkzeug.datastructures import ResponseCacheControl
from whoosh.analysis import Token

from library.accounts.forms import DeleteAccountForm, NewPasswordFields, RegisterForm
from library.accounts.login import login_manager
from library.accounts.models import User
from library.accounts.policy import ACTIONS
from library.authoring.forms import CheckboxesField, LessonForm
from library.collections.models import CollectionItem
from library.content.format import _Dumper
from library.db import UTCDateTime
from library.exchange.fetch import _PinnedTransport
from library.experiences.models import Experience
from library.experiences.views import LessonExperiences
from library.forms import Form
from library.history.diff import RevisionDiff, SectionChange
from library.lessons.display import CycleDiagram
from library.lessons.models import Lesson, Revision
from library.overview.coverage import Coverage
from library.plans.school_weeks import Holiday
from library.printing.blocks import BlockCollector
from library.printing.sheet import Sheet
from library.search.documents import _TextExtractor
from library.search.facets import FacetResult
from library.search.models import IndexQueueEntry
from library.search.request import SearchRequest
from library.search.results import Hit, SearchResult
from library.search.whoosh.analyzers import DutchTokenizer
from library.search.whoosh.highlight import MarkFormatter
from library.techlabs.models import Activity, ActivityDate, Lab, LabStaff, Visit

# Form fields: WTForms binds, validates and renders them by name (templates, EqualTo).
RegisterForm.password_again
NewPasswordFields.new_password_again
DeleteAccountForm.sure
LessonForm.audience
LessonForm.skills
LessonForm.technologies
LessonForm.materials
LessonForm.preparation_minutes
LessonForm.word_list
LessonForm.sentence_starters
# WTForms reads a field class's widgets and a form's Meta.
CheckboxesField.widget
CheckboxesField.option_widget
Form.Meta
Form.Meta.locales

# Model columns: SQLAlchemy maps them; the database, joins and templates read them.
User.last_failed_login_at  # templates/accounts/account.html
CollectionItem.collection_id
Experience.hidden_reason  # templates/experiences/
Experience.hidden_by_id
Revision.redacted_by  # who redacted a revision, kept with it
IndexQueueEntry.queued_at
ActivityDate.activity_id
LabStaff.added_at
Visit.activity_id
Visit.teacher_id
Visit.activity_date  # a relationship: SQLAlchemy writes its foreign key

# Read by templates only.
CycleDiagram.node_radius  # macros/lessons.html cycle_drawing
User.requested_role_enum
Lesson.status_label
LessonExperiences.may_share
RevisionDiff.has_changes
SectionChange.replaced
Coverage.goal_frameworks
FacetResult.display_order
SearchRequest.unfiltered
SearchRequest.toggled
SearchRequest.filter_count  # templates/search/results.html: "Filters (3)"
SearchRequest.with_time  # templates/macros/facets.html: "Hoeveel tijd heb je?"
Hit.cycle_part
SearchResult.page_numbers
SearchResult.sort_options
Lab.kind_label
Lab.shows_contact
Activity.is_free
Visit.followed_up_at  # templates/techlabs/visit.html: whether the follow-up is shown
Holiday.advised  # templates/plans/weeks.html: an advised week a school may move

# The policy's actions, which tests/accounts/test_policy.py holds against its permission matrix.
ACTIONS

# Flask-Login reads its settings and calls User.get_id.
login_manager.login_view
login_manager.login_message
login_manager.login_message_category
login_manager.needs_refresh_message
login_manager.session_protection
User.get_id

# Settings that Werkzeug, Jinja and zipfile read from their objects.
ResponseCacheControl.no_cache
ResponseCacheControl.private
ResponseCacheControl.no_store
ResponseCacheControl.max_age
Environment.trim_blocks
Environment.lstrip_blocks
zipfile.ZipInfo.external_attr

# Overrides that the base class calls: SQLAlchemy's column type, PyYAML's dumper, httpx's
# transport (its pool), html.parser's callbacks, Whoosh's tokenizer and highlighter,
# fpdf2's page footer.
UTCDateTime.impl
UTCDateTime.cache_ok
UTCDateTime.process_bind_param
UTCDateTime.process_result_value
_Dumper.ignore_aliases
_PinnedTransport._pool
_TextExtractor.handle_data
_TextExtractor.handle_endtag
BlockCollector.handle_endtag
BlockCollector.handle_startendtag
BlockCollector.handle_data
_BlockCollector.handle_comment
DutchTokenizer.tokenize  # the `tokenize` argument Whoosh passes to the tokenizer
Token.original
MarkFormatter.between
MarkFormatter._text
MarkFormatter.format_token
Sheet.footer
