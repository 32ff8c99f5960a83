"""A throwaway PostgreSQL server for the test suite, run as the `postgres` user."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run `make setup` (apt package postgresql)")
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@dataclass
class PostgresServer:
    """A running server in a temporary directory."""

    root: Path
    port: int
    process: subprocess.Popen
    durable: bool = False

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def halt(self) -> None:
        """Stop the server (fast shutdown: open connections are cut), keeping its data."""
        pid_file = self.root / "data" / "postmaster.pid"
        if self.process.poll() is None and pid_file.exists():  # postgres itself, not runuser
            os.kill(int(pid_file.read_text().split()[0]), signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def resume(self) -> None:
        """Start the halted server again on the same port and data."""
        self.process = _launch(self.root, self.port, self.durable)

    def stop(self) -> None:
        self.halt()
        shutil.rmtree(self.root, ignore_errors=True)


def _launch(root: Path, port: int, durable: bool = False) -> subprocess.Popen:
    """Run postgres on the data directory in `root` and wait until it accepts connections.
    Not durable (the tests): no fsync, commits return before their WAL is written."""
    speed = [] if durable else ["-c", "fsync=off", "-c", "full_page_writes=off",
                                "-c", "synchronous_commit=off"]
    process = subprocess.Popen(
        _as_postgres([str(_bindir() / "postgres"), "-D", str(root / "data"), "-p", str(port),
                      "-h", "127.0.0.1", "-k", str(root), *speed]),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres").close()
            return process
        except psycopg.OperationalError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                err = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"PostgreSQL did not start: {err}") from None
            time.sleep(0.1)


def start_postgres(durable: bool = False) -> PostgresServer:
    """initdb + postgres on a free loopback port; waits until it accepts connections.
    `durable`: PostgreSQL's own settings (fsync and synchronous commit on), for benchmarks."""
    root = Path(tempfile.mkdtemp(prefix="grader-pg-"))
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
    root.chmod(0o700)
    subprocess.run(
        _as_postgres([str(_bindir() / "initdb"), "-D", str(root / "data"), "-U", "postgres",
                      "--auth=trust", "-E", "UTF8", "--no-sync"]),
        check=True, capture_output=True,
    )
    port = _free_port()
    try:
        return PostgresServer(root, port, _launch(root, port, durable), durable)
    except RuntimeError:
        shutil.rmtree(root, ignore_errors=True)
        raise
