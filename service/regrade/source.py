"""Streaming stored written answers out of the database in chunks (server-side cursor).

An answer qualifies when it is a `text` submission whose body is kept (not erased) and whose
newest result is `done`. Rows come out in chunks of `chunk` dicts, so memory stays bounded by
the chunk size, not by the number of answers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

import pyarrow as pa
from sqlalchemy import and_, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Select

from service.regrade.rescore import ANSWER_COLUMNS
from service.store.models import Result, Review, Submission

# Rows per chunk. A row carries the old breakdown as JSON (about 8 KB), and a chunk is held a few
# times over (driver rows, Arrow table, Parquet buffers): 1,000 rows keep that near 40 MB, and
# the driver's peak the same whatever the number of answers (5,000 rows: +250 MB, growing).
CHUNK_ROWS = 1000


def _newest_result_id() -> Any:
    """Per submission the id of its newest result (the one that counts), found through the
    results' submission index as each submission is read: the rows stream out in the order of
    the received-at index, with nothing ranked or sorted up front (a window over every result
    took seconds before the first row)."""
    newer = aliased(Result)
    return (
        select(newer.id)
        .where(newer.submission_id == Submission.id)
        .order_by(newer.created_at.desc(), newer.id.desc())
        .limit(1)
        .correlate(Submission)
        .scalar_subquery()
    )


def _latest_reviews() -> Any:
    """Per submission its latest review's score (whichever of its results was reviewed)."""
    return select(
        Result.submission_id.label("submission_id"), Review.score.label("score"),
        func.row_number().over(
            partition_by=Result.submission_id,
            order_by=(Review.created_at.desc(), Review.id.desc()),
        ).label("rank"),
    ).join(Result, Result.id == Review.result_id).subquery("reviewed")


def answers_query(
    scenario_ids: Sequence[str], since: datetime | None = None, with_reviews: bool = False
) -> Select:
    """The qualifying answers to `scenario_ids` received at or after `since`, oldest first;
    columns as in service/regrade/rescore.ANSWER_COLUMNS (plus `reviewed_score`)."""
    newest = Result.__table__
    columns = [
        Submission.id.label("submission_id"), newest.c.id.label("result_id"),
        Submission.org_id, Submission.interview_id, Submission.scenario_id, Submission.body,
        newest.c.score.label("old_score"), newest.c.passed.label("old_passed"),
        newest.c.content_version.label("old_content_version"),
        newest.c.engine_version.label("old_engine_version"),
        newest.c.detail_json.label("old_detail_json"),
    ]
    query = select(*columns).select_from(Submission).join(
        newest, newest.c.id == _newest_result_id()
    ).where(
        newest.c.status == "done", Submission.kind == "text",
        Submission.body.is_not(None), Submission.scenario_id.in_(list(scenario_ids)),
    )
    if since is not None:
        query = query.where(Submission.received_at >= since)
    if with_reviews:
        reviewed = _latest_reviews()
        query = query.add_columns(reviewed.c.score.label("reviewed_score")).outerjoin(
            reviewed, and_(reviewed.c.submission_id == Submission.id, reviewed.c.rank == 1)
        )
    return query.order_by(Submission.received_at, Submission.id)


def stream_answers(
    db: Engine, query: Select, chunk: int = CHUNK_ROWS
) -> Iterator[list[dict[str, Any]]]:
    """The query's rows as lists of at most `chunk` dicts, read through a server-side cursor."""
    with db.connect() as connection:
        result = connection.execution_options(stream_results=True, yield_per=chunk).execute(query)
        for rows in result.partitions():
            yield [dict(row._mapping) for row in rows]


def answer_schema(with_reviews: bool = False) -> pa.Schema:
    """The Arrow schema of the staged rows of `answers_query`."""
    fields = [
        pa.field(name, pa.float64() if name == "old_score" else
                 pa.bool_() if name == "old_passed" else pa.string())
        for name in ANSWER_COLUMNS
    ]
    if with_reviews:
        fields.append(pa.field("reviewed_score", pa.float64()))
    return pa.schema(fields)
