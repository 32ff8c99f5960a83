"""Errors of the interview rules; the HTTP layer maps them to problem+json responses."""

from __future__ import annotations


class InterviewError(Exception):
    """Base: `status` is the HTTP status the API answers with, `field` the input at fault."""

    status = 400

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(InterviewError):
    """The thing does not exist for this caller (other organisations' rows included)."""

    status = 404


class Conflict(InterviewError):
    """The request is valid but the interview's state forbids it (expired, completed, ...)."""

    status = 409


class Invalid(InterviewError):
    """A field's value is wrong (unknown scenario id, expiry in the past, ...)."""

    status = 422


class Unavailable(InterviewError):
    """Code cannot be graded right now (no sandbox, or the queue is full: `retry_after`
    seconds, sent as Retry-After)."""

    status = 503

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
