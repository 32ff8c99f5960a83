"""Entry point inside the sandbox: `python -m harness RESULT_FD`, the job on stdin.

Order matters: read the job, confine this process (rlimits, seccomp), then import Spark and
run the candidate's code. Every message leaves on RESULT_FD; stdout and stderr are only
counted by the host.
"""

from __future__ import annotations

import json
import os
import sys

from . import confine
from .channel import ResultChannel


def main() -> None:
    """Read the job, confine this process, run the tests, exit without cleanup handlers."""
    result_fd = int(sys.argv[1])
    job = json.loads(sys.stdin.buffer.read())
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    confine.apply_rlimits(job["limits"])
    if job["seccomp"]:
        confine.apply_seccomp()
    from .run import run

    run(job, ResultChannel(result_fd, job["limits"]["message_bytes"]))
    sys.stdout.flush()
    os._exit(0)


main()
