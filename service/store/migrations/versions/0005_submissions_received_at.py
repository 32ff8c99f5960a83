"""submissions.received_at index: batch jobs read answers in the order they came, from a date

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_submissions_received_at", "submissions", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_submissions_received_at", table_name="submissions")
