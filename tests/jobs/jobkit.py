"""Helpers for the job-library tests: thread jobs built from plain Python callables."""

from __future__ import annotations

import os
import threading
import time
from typing import Callable

from jobs.table import JobTable
from jobs.thread_job import ThreadJob, ThrottlePool


class Make:
    """Builds thread jobs in one table with its own pool."""

    def __init__(self, limit: int = 5) -> None:
        self.pool = ThrottlePool(limit)
        self.table = JobTable(self.pool)

    def __call__(self, body: Callable[[ThreadJob], None], *, start: bool = True,
                 name: str | None = None) -> ThreadJob:
        job = ThreadJob(self.table.next_id(), getattr(body, "__name__", "body"), body, self.pool,
                        name=name)
        self.table.add(job)
        if start:
            job.start()
        return job


def blocker() -> tuple[threading.Event, Callable[[ThreadJob], None]]:
    """(release event, body that waits for it, stoppable through set_stopper)."""
    gate = threading.Event()

    def body(job: ThreadJob) -> None:
        job.set_stopper(gate.set)
        gate.wait(10)
    return gate, body


class LogHost:
    """A host that logs output text and records of every stream in one timed sequence."""

    def __init__(self) -> None:
        from shell.language.host import Host

        log: list[tuple[float, str, str]] = []
        self.log = log

        class _Host(Host):
            def write(self, text: str) -> None:
                for line in text.splitlines():
                    log.append((time.monotonic(), "out", line))

            def write_record(self, stream, record) -> None:  # type: ignore[no-untyped-def]
                log.append((time.monotonic(), stream.name.title(), str(record)))
        self.host = _Host()
        self.runspace = None

    def events(self) -> list[tuple[str, str]]:
        """(kind, text) in order, blank output lines left out."""
        return [(kind, text) for _, kind, text in self.log if not (kind == "out" and not text.strip())]


def ps_in() -> tuple[LogHost, Callable[[str], bool]]:
    """A runspace with a LogHost; returns the host and ``run(text)``."""
    from shell.language.runspace import Runspace

    log = LogHost()
    rs = Runspace(log.host)
    log.runspace = rs

    def run(text: str) -> bool:
        return rs.engine.execute(text)
    return log, run


def native_children(name: str) -> list[int]:
    """Pids of live (not zombie) child processes of this process running ``name``."""
    me = os.getpid()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        state, ppid = fields[0], int(fields[1])
        if ppid == me and comm == name and state != "Z":
            found.append(int(entry))
    return found
