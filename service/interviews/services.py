"""What the interview rules need from the running service, bundled once by create_app."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from service.content.bank import Bank
from service.runner.pool import CodeRunner
from service.settings import Settings
from service.store.sealed import Sealer


@dataclass
class Services:
    """Settings, content, database, sandbox pool and the sealer of outgoing secrets."""

    settings: Settings
    bank: Bank
    db: Engine
    runner: CodeRunner
    sealer: Sealer

    def invite_url(self, token: str) -> str:
        """The candidate's invite link: the token is its last path segment."""
        return f"{self.settings.public_url.rstrip('/')}/i/{token}"

    def report_url(self, interview_id: str) -> str:
        """The interviewer report page of an interview."""
        return f"{self.settings.public_url.rstrip('/')}/reports/{interview_id}"
