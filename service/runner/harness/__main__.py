"""Entry point inside the sandbox: `python -m harness RESULT_FD`.

stdin carries two documents: the boot line (engine, limits, workdir) at once, then the job
(code and tests) whenever the host hands one over, up to EOF. Order matters: read the boot
line, confine this process (session CPU share, rlimits, seccomp), start and warm up the
engine, say `ready`, then wait for the job and run the candidate's code. A sandbox runs at
most one job; EOF without a job ends it. Every message leaves on RESULT_FD; stdout and stderr
are only counted by the host.
"""

from __future__ import annotations

import json
import os
import sys

from . import confine
from .channel import ResultChannel


def main() -> None:
    """Boot and confine, start the engine, wait for one job, run it, exit without cleanup."""
    result_fd = int(sys.argv[1])
    boot = json.loads(sys.stdin.buffer.readline())
    confine.apply_session_nice()
    confine.apply_rlimits(boot["limits"])
    if boot["seccomp"]:
        confine.apply_seccomp()
    from .run import run, start

    channel = ResultChannel(result_fd, boot["limits"]["message_bytes"])
    spark = start(boot, channel)
    job = sys.stdin.buffer.read()
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    if job.strip():
        run(json.loads(job), boot["workdir"], spark, channel)
    sys.stdout.flush()
    os._exit(0)


main()
