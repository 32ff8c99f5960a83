"""Reading the caller's organisation's rows: a page of a list, or one row by id (404 when it
is missing or another organisation's)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from apiflask import abort
from sqlmodel import Session

from service.api import deps
from service.api.auth import principal
from service.api.paging import PageQuery, next_cursor
from service.store.db import session_scope

T = TypeVar("T")


def page_of(
    lister: Callable[[Session, str, int, str | None], tuple[list[T], str | None]],
    query: PageQuery,
) -> dict[str, Any]:
    """`{"items", "next_cursor"}` from `lister(session, org_id, limit, after)`."""
    with session_scope(deps.engine()) as session:
        rows, position = lister(session, principal().org_id, query.limit, query.after)
    return {"items": rows, "next_cursor": next_cursor(position)}


def row_or_404(getter: Callable[[Session, str, str], T | None], row_id: str, what: str) -> T:
    """`getter(session, org_id, row_id)`, or a 404 problem naming the id."""
    with session_scope(deps.engine()) as session:
        row = getter(session, principal().org_id, row_id)
    if row is None:
        abort(404, detail=f"No {what} with id '{row_id}'.")
    return row
