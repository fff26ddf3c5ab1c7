"""Helpers for the job-library tests: thread jobs built from plain Python callables."""

from __future__ import annotations

import threading
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
