"""No orphans: however the console ends, its jobs and every process they started are gone within 2 s."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest
from pshelpers import psrepl_command
from test_jobs_background import comm, descendants, gone_within


def start_console_with_jobs() -> tuple[subprocess.Popen, list[int]]:
    """A real psrepl reading stdin, with two BackgroundJobs (the second forked from the fork server
    the first one started) and a ThreadJob, each running `sleep 100`."""
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(psrepl_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    proc.stdin.write("$b = Start-Job { sleep 100 }\n$t = Start-ThreadJob { sleep 100 }\n"
                     "Wait-Job $b -Timeout 1 | Out-Null\n$c = Start-Job { sleep 100 }\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 15
    tree: list[int] = []
    while time.monotonic() < deadline:
        tree = descendants(proc.pid)
        if sum(1 for p in tree if comm(p) == "sleep") >= 3:
            break
        time.sleep(0.05)
    else:
        proc.kill()
        raise AssertionError(f"the jobs did not start their sleeps: {[(p, comm(p)) for p in tree]}")
    return proc, tree


@pytest.mark.parametrize("how", ["exit", "eof", "sigterm", "sighup"])
def test_console_end_leaves_no_process_behind(how: str) -> None:
    proc, tree = start_console_with_jobs()
    assert len(tree) >= 6          # two endpoints, the fork server and three sleeps at least
    ended = time.monotonic()
    if how == "exit":
        proc.stdin.write("exit\n")
        proc.stdin.flush()
    elif how == "eof":
        proc.stdin.close()
    else:
        proc.send_signal(signal.SIGTERM if how == "sigterm" else signal.SIGHUP)
    try:
        proc.wait(5)
    finally:
        if proc.poll() is None:
            proc.kill()
    left = gone_within(tree + [proc.pid], max(0.0, ended + 2.0 - time.monotonic()))
    assert left == [], [(p, comm(p)) for p in left]
    assert "Traceback" not in proc.stderr.read()
