"""code jobs: status and results of try-out code gradings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "code_jobs",
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column("scenario_id", sa.String(length=80), nullable=False),
        sa.Column("content_version", sa.String(length=64), nullable=False),
        sa.Column("engine", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("verdict", sa.String(length=32), nullable=True),
        sa.Column("result_json", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_code_jobs_scenario_id", "code_jobs", ["scenario_id"])


def downgrade() -> None:
    op.drop_index("ix_code_jobs_scenario_id", table_name="code_jobs")
    op.drop_table("code_jobs")
