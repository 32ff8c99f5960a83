"""Service settings, read from the environment (every variable is prefixed `GRADER_`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """All knobs of the service; see the README's settings table."""

    model_config = SettingsConfigDict(env_prefix="GRADER_", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'var' / 'grader.db'}",
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db",
    )
    scenarios_dir: Path = PROJECT_ROOT / "scenarios"
    rubrics_dir: Path = PROJECT_ROOT / "rubrics"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, description="gunicorn worker processes")
    threads: int = Field(default=8, ge=1, description="threads per gunicorn worker")
    max_request_bytes: int = Field(default=1_000_000, ge=1024)
    api_keys: list[str] = Field(
        default_factory=list,
        description="interviewer API keys (JSON list); they unlock full score breakdowns",
    )
