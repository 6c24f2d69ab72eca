"""E-mail confirmation: when an account's owner followed the confirmation link

Accounts from before confirmation existed count as confirmed from their creation.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-27 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True))
    user = sa.table('user', sa.column('created_at', sa.DateTime(timezone=True)),
                    sa.column('email_confirmed_at', sa.DateTime(timezone=True)))
    op.execute(user.update().values(email_confirmed_at=user.c.created_at))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')
