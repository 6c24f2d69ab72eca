"""Stored HTML rendered again: cmark-gfm instead of Python-Markdown, images only of attachments

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 12:00:00.000000

Every revision's intro, preparation and section HTML is rendered again from its
Markdown with the current rules (library/rendering.py). The HTML is derived data:
going down leaves it as it is (`flask content render` renders it again at any time).
"""
from alembic import op

from library.lessons.rerender import render_stored_html


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    render_stored_html(op.get_bind())


def downgrade():
    pass
