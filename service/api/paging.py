"""Limit/cursor paging of stored lists (assessments, candidates): opaque cursors over
service.store.paging positions."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from service.api.scenarios import decode_cursor, encode_cursor
from service.store.paging import parse_position


class PageQuery(BaseModel):
    """`limit` items after `cursor` (the next_cursor of the previous page)."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=20, ge=1, le=100)
    cursor: str | None = Field(default=None, description="next_cursor from the previous page")

    @field_validator("cursor")
    @classmethod
    def _cursor_decodes(cls, value: str | None) -> str | None:
        if value is not None:
            parse_position(decode_cursor(value))
        return value

    @property
    def after(self) -> str | None:
        """The store position the cursor points after."""
        return decode_cursor(self.cursor) if self.cursor else None


def next_cursor(position: str | None) -> str | None:
    """The cursor of the next page (None on the last page)."""
    return encode_cursor(position) if position else None
