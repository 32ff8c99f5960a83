"""content versions: snapshots of scenario and rubric files

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_versions",
        sa.Column("version", sa.String(length=64), primary_key=True),
        sa.Column("scenario_id", sa.String(length=80), nullable=False),
        sa.Column("scenario_yaml", sa.Text(), nullable=False),
        sa.Column("rubric_yaml", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_content_versions_scenario_id", "content_versions", ["scenario_id"])


def downgrade() -> None:
    op.drop_index("ix_content_versions_scenario_id", table_name="content_versions")
    op.drop_table("content_versions")
