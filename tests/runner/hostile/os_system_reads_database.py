# expect: runtime_error
# says: No such file or directory
import os
from pathlib import Path


def solve(spark, orders):
    status = os.system("cat {DB_PATH} {PROJECT}/var/grader.db /etc/shadow > /tmp/loot 2>&1")
    loot = Path("/tmp/loot").read_bytes()
    raise RuntimeError(f"status {status}: {len(loot)} bytes: {loot[:200]!r}")
