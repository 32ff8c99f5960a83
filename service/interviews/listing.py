"""The interviewer's list of an organisation's interviews: filters, sort and pages.

Overall scores are computed (summary.py), not stored, so a score filter or sort scores every
interview that passed the other filters; otherwise only the shown page is scored.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from service.content.bank import Bank
from service.interviews.errors import Invalid
from service.interviews.summary import overall_score, scenario_states
from service.store.models import INTERVIEW_STATUSES, Assessment, Candidate, Interview

SORTS = ("-created", "created", "-score", "score", "status")
PER_PAGE = 25


@dataclass(frozen=True)
class ListQuery:
    """What the list shows: filters, sort key (a leading '-' means descending) and page."""

    status: str | None = None
    assessment_id: str | None = None
    scenario_id: str | None = None
    min_score: float | None = None
    max_score: float | None = None
    sort: str = "-created"
    page: int = 1

    @property
    def needs_scores(self) -> bool:
        """Whether every candidate row must be scored before paging."""
        return self.min_score is not None or self.max_score is not None or "score" in self.sort


@dataclass
class Row:
    """One interview of the list."""

    interview: Interview
    candidate: Candidate | None
    assessment: Assessment | None
    score: float | None = None


@dataclass
class Page:
    """One page of rows and where it is in the whole list."""

    rows: list[Row]
    total: int
    page: int
    pages: int
    assessments: list[Assessment] = field(default_factory=list)


def _number(args: Mapping[str, str], name: str) -> float | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise Invalid(f"{name} must be a number from 0 to 100", name) from None
    if not 0 <= value <= 100:
        raise Invalid(f"{name} must be a number from 0 to 100", name)
    return value


def parse_query(args: Mapping[str, str]) -> ListQuery:
    """A ListQuery from request arguments; Invalid naming the argument when one is wrong."""
    status = args.get("status") or None
    if status is not None and status not in INTERVIEW_STATUSES:
        raise Invalid(f"status must be one of {', '.join(INTERVIEW_STATUSES)}", "status")
    sort = args.get("sort") or "-created"
    if sort not in SORTS:
        raise Invalid(f"sort must be one of {', '.join(SORTS)}", "sort")
    raw_page = (args.get("page") or "1").strip()
    if not raw_page.isdigit() or int(raw_page) < 1:
        raise Invalid("page must be a whole number from 1", "page")
    low, high = _number(args, "min_score"), _number(args, "max_score")
    if low is not None and high is not None and low > high:
        raise Invalid("min_score must not be above max_score", "min_score")
    return ListQuery(status=status, assessment_id=args.get("assessment") or None,
                     scenario_id=args.get("scenario") or None, min_score=low, max_score=high,
                     sort=sort, page=int(raw_page))


def _score(session: Session, bank: Bank, interview: Interview) -> float | None:
    return overall_score(interview, scenario_states(session, interview, bank))


def _in_range(score: float | None, query: ListQuery) -> bool:
    if query.min_score is None and query.max_score is None:
        return True
    if score is None:
        return False
    low = query.min_score if query.min_score is not None else 0
    high = query.max_score if query.max_score is not None else 100
    return low <= score <= high


def _sort(rows: list[Row], sort: str) -> None:
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    if key == "score":
        scored = [r for r in rows if r.score is not None]
        unscored = [r for r in rows if r.score is None]
        scored.sort(key=lambda r: r.score, reverse=descending)
        rows[:] = scored + unscored  # unscored last either way
    elif key == "status":
        rows.sort(key=lambda r: (r.interview.status, r.interview.created_at), reverse=descending)
    else:
        rows.sort(key=lambda r: r.interview.created_at, reverse=descending)


def list_interviews(session: Session, bank: Bank, org_id: str, query: ListQuery) -> Page:
    """The organisation's interviews matching `query`, sorted, one page of PER_PAGE."""
    statement = (
        select(Interview, Candidate)
        .join(Candidate, col(Candidate.id) == col(Interview.candidate_id), isouter=True)
        .where(Interview.org_id == org_id)
    )
    if query.status:
        statement = statement.where(Interview.status == query.status)
    if query.assessment_id:
        statement = statement.where(Interview.assessment_id == query.assessment_id)
    assessments = session.exec(
        select(Assessment).where(Assessment.org_id == org_id).order_by(col(Assessment.name))
    ).all()
    by_id = {a.id: a for a in assessments}
    rows = [
        Row(interview, candidate, by_id.get(interview.assessment_id or ""))
        for interview, candidate in session.exec(statement).all()
        if query.scenario_id is None or query.scenario_id in interview.scenario_ids
    ]
    if query.needs_scores:
        for row in rows:
            row.score = _score(session, bank, row.interview)
        rows = [row for row in rows if _in_range(row.score, query)]
    _sort(rows, query.sort)
    pages = max(1, math.ceil(len(rows) / PER_PAGE))
    page = min(query.page, pages)
    shown = rows[(page - 1) * PER_PAGE: page * PER_PAGE]
    if not query.needs_scores:
        for row in shown:
            row.score = _score(session, bank, row.interview)
    return Page(shown, len(rows), page, pages, list(assessments))
