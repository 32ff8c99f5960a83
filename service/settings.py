"""Service settings, read from the environment (every variable is prefixed `GRADER_`)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """All knobs of the service; see the README's settings table."""

    model_config = SettingsConfigDict(
        env_prefix="GRADER_", extra="ignore", hide_input_in_errors=True
    )

    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'var' / 'grader.db'}",
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db",
    )
    scenarios_dir: Path = PROJECT_ROOT / "scenarios"
    rubrics_dir: Path = PROJECT_ROOT / "rubrics"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, description="web server worker processes")
    threads: int = Field(default=8, ge=1,
                         description="threads per web worker that run requests in Python")
    keepalive: bool = Field(
        default=True,
        description="clients may send further requests over the same connection (HTTP/1.1 "
        "keep-alive); false: one request per connection",
    )
    stop_timeout_seconds: float | None = Field(
        default=None, gt=0,
        description="how long `grader serve` waits on SIGTERM for a web worker to stop (answer "
        "its requests, finish its code runs) before killing it; its unfinished jobs are graded "
        "again at the next start; empty: the longest code timeout plus 30 s (30 s with a "
        "broker, when web workers run no code)",
    )
    access_log: bool = Field(
        default=True,
        description="one log line per request from the web server; false where a proxy in "
        "front logs them already (each line costs a worker about 5 % of its Python time)",
    )
    max_request_bytes: int = Field(default=1_000_000, ge=1024)
    api_keys: list[str] = Field(
        default_factory=list,
        description="interviewer API keys (JSON list); they unlock full score breakdowns",
    )
    # --- code runner (service/runner) ---
    sandbox: Literal["strict", "unsafe-dev"] = Field(
        default="strict",
        description="strict: bubblewrap + cgroups + own UID, refuse when unavailable; "
        "unsafe-dev: plain subprocess without isolation (development only)",
    )
    spark_engine: Literal["sail", "jvm"] = Field(
        default="sail", description="sail: Sail Spark Connect server; jvm: local JVM pyspark"
    )
    spark_remote: str = Field(
        default="",
        pattern=r"^(sc://[^\s/]+(/.*)?)?$",
        description="Spark Connect endpoint (sc://host:port) for `grader regrade` and "
        "`grader analytics`; empty: a local JVM pyspark session (local[*])",
    )
    spark_staging_dir: Path | None = Field(
        default=None,
        description="where regrade and analytics stage answers as Parquet; it must be readable "
        "by the Spark executors (a shared mount for a remote cluster); empty: a temp dir",
    )
    delta_jars: str = Field(
        default="",
        description="Delta Lake jars for the jvm engine: a directory of jars or comma-separated "
        "jar paths; empty: tasks that need Delta are unsupported on the jvm engine",
    )
    code_pool_size: int = Field(default=2, ge=1, description="sandboxes running at once")
    code_queue_max: int = Field(default=100, ge=0, description="submissions waiting for a slot")
    code_warm_sandboxes: int = Field(
        default=2, ge=0,
        description="sail sandboxes started ahead of demand, each used for one run; 0: off",
    )
    code_warm_max_age_seconds: float = Field(
        default=600.0, gt=0, description="a warm sandbox older than this is replaced unused"
    )
    code_startup_seconds: float = Field(
        default=60.0, gt=0, description="wall clock for a sandbox to start its engine, sail"
    )
    code_jvm_startup_seconds: float = Field(
        default=120.0, gt=0, description="wall clock for a sandbox to start its engine, jvm"
    )
    code_timeout_seconds: float = Field(default=20.0, gt=0, description="wall clock, sail")
    code_jvm_timeout_seconds: float = Field(default=120.0, gt=0, description="wall clock, jvm")
    code_memory_mb: int = Field(default=1024, ge=128, description="cgroup memory limit, sail")
    code_jvm_memory_mb: int = Field(default=2048, ge=256, description="cgroup memory, jvm")
    code_pids_limit: int = Field(default=512, ge=16, description="processes + threads")
    code_output_bytes: int = Field(
        default=2_000_000, ge=10_000, description="cap on result JSON and on stdout+stderr"
    )
    code_tmp_mb: int = Field(default=256, ge=16, description="size of the sandbox's /tmp")
    code_nice: int = Field(
        default=10, ge=0, le=19,
        description="CPU priority of sandboxed code (nice value): when the API and graders both "
        "want the CPU, requests go first; 0: the same priority as the service",
    )
    code_scheduler: Literal["idle", "normal"] = Field(
        default="idle",
        description="Linux scheduling policy of sandboxed code: idle (SCHED_IDLE: a request "
        "that wakes up takes a core from a sandbox at once) or normal (the nice value alone)",
    )
    code_sync_wait_seconds: float = Field(
        default=2.0, ge=0, description="try-out endpoint: answer 200 if done within this wait"
    )
    sandbox_uid_base: int = Field(default=64000, ge=1000, description="first sandbox UID")
    sandbox_uid_count: int = Field(default=64, ge=1, description="UIDs (concurrent sandboxes)")
    # --- interviews, deliveries and the public side ---
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="base of links sent to people: invite URLs, report URLs",
    )
    secret_key: str = Field(
        default="",
        description="seals stored outgoing secrets (webhook secrets, Greenhouse keys); empty: a "
        "random key kept in var/secret.key (mode 0600), created on first start",
    )
    invite_ttl_hours: float = Field(default=168.0, gt=0, description="default interview expiry")
    max_answer_chars: int = Field(default=50_000, ge=100, description="written answer length")
    max_code_chars: int = Field(default=64_000, ge=100, description="code answer length")
    rate_limit: str = Field(
        default="600/minute", description="per API key or invite token (Flask-Limiter syntax)"
    )
    login_rate_limit: str = Field(
        default="5/minute",
        description="failed sign-ins to the web pages allowed per client address and e-mail",
    )
    rate_limit_storage_url: str = Field(
        default="memory://", description="Flask-Limiter storage (memory:// or redis://...)"
    )
    smtp_url: str = Field(
        default="",
        description="smtp://[user:password@]host:port[?starttls=true]; empty: invites are logged",
    )
    smtp_from: str = Field(default="interview-grader <noreply@localhost>")
    delivery_backoff_seconds: float = Field(
        default=30.0, gt=0, description="first retry delay of a failed delivery; doubles each time"
    )
    delivery_max_backoff_seconds: float = Field(default=3600.0, gt=0)
    delivery_give_up_hours: float = Field(
        default=48.0, ge=24, description="a delivery is retried for this long, then marked failed"
    )
    delivery_timeout_seconds: float = Field(default=10.0, gt=0, description="per HTTP/SMTP call")
    delivery_targets: Literal["public", "loopback", "any"] = Field(
        default="public",
        description="addresses webhook and Greenhouse deliveries may connect to: public (no "
        "private, loopback, link-local or other reserved address), loopback (public and this "
        "host's loopback), any (no filter: receivers on a private network)",
    )
    background_interval_seconds: float = Field(
        default=2.0, gt=0, description="how often expiry, deliveries and the job sweeper run"
    )

    @field_validator("smtp_url")
    @classmethod
    def _smtp_url_parses(cls, value: str) -> str:
        if value:
            from service.outbox.smtp import parse_smtp_url

            parse_smtp_url(value)
        return value
    # --- distributed grading (service/worker, docs/deploy.md) ---
    broker_url: str = Field(
        default="",
        description="redis://host:port/N: `grader serve` stores and enqueues, `grader worker` "
        "processes grade code, send deliveries and run the scheduler; empty: one process does all",
    )
    broker_visibility_timeout_seconds: float | None = Field(
        default=None, gt=0,
        description="a task a worker took but never acknowledged (the worker died) goes back to "
        "the queue after this long; must exceed the longest job; empty: twice the longest code "
        "timeout plus 60 s",
    )
