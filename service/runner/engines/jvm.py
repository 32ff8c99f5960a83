"""The second engine: local JVM pyspark inside the sandbox; Delta only with GRADER_DELTA_JARS."""

from __future__ import annotations

import os
import shutil
import sys
from functools import lru_cache
from pathlib import Path

from service.runner.engines import Engine
from service.settings import Settings

JAVA_OPTIONS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.io.tmpdir=/tmp"


def java_home() -> Path | None:
    """JAVA_HOME, or the JDK that `java` on PATH belongs to."""
    if os.environ.get("JAVA_HOME"):
        return Path(os.environ["JAVA_HOME"])
    java = shutil.which("java")
    return Path(java).resolve().parent.parent if java else None


def delta_jars(setting: str) -> list[Path]:
    """The jars GRADER_DELTA_JARS names: a directory of jars or comma-separated jar paths."""
    if not setting.strip():
        return []
    given = [Path(part.strip()) for part in setting.split(",") if part.strip()]
    jars: list[Path] = []
    for path in given:
        jars.extend(sorted(path.glob("*.jar")) if path.is_dir() else [path])
    return [jar.resolve() for jar in jars]


@lru_cache(maxsize=4)
def _java_config_files(home: Path) -> tuple[Path, ...]:
    """Files outside the JDK that its conf/ and lib/ symlinks point to (Debian keeps them
    in /etc)."""
    found: set[Path] = set()
    for link in home.glob("**/*"):
        if link.is_symlink():
            target = link.resolve()
            if target.is_relative_to("/etc") and target.is_file():
                found.add(target)
    return tuple(sorted(found))


def jvm_engine(settings: Settings) -> Engine:
    """Local[2] Spark with a small serial-GC JVM; its JDK and jar files bound read-only."""
    home = java_home()
    jars = delta_jars(settings.delta_jars)
    binds: list[Path] = []
    if home is not None:
        binds += [home, *_java_config_files(home)]
    binds += sorted(set(jars))  # the jars only, never the rest of the folders they are in
    memory_mb = settings.code_jvm_memory_mb
    return Engine(
        name="jvm",
        startup_seconds=settings.code_jvm_startup_seconds,
        timeout_seconds=settings.code_jvm_timeout_seconds,
        memory_bytes=memory_mb * 1024 * 1024,
        binds=tuple(binds),
        env={
            "JAVA_HOME": str(home or ""),
            "PYSPARK_PYTHON": sys.executable,
            "SPARK_LOCAL_IP": "127.0.0.1",
            "SPARK_LOCAL_HOSTNAME": "localhost",
        },
        config={
            "name": "jvm",
            "driver_memory": f"{max(256, memory_mb // 3)}m",
            "java_options": JAVA_OPTIONS,
            "delta_jars": [str(jar) for jar in jars],
        },
        has_delta=bool(jars),
    )
