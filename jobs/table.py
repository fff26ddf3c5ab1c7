"""The job table of one runspace: Ids, lookup, the toolbar's counts, and stopping everything.

Ids come from one counter per table, so a parent and its children (created one
after the other) get consecutive Ids, as in PowerShell. Only top-level jobs are
listed; children are reached through ``ChildJobs``.

``stop_all`` is registered in the runspace's ``on_exit``: when the console ends,
every job is stopped and every process a job started is gone (DESIGN.md,
"Process model": no orphans). Resources shared by the jobs of a table (the
ThreadJob throttle pool, a fork server for BackgroundJobs) live here too.
"""

from __future__ import annotations

import itertools
import threading
from typing import TYPE_CHECKING, Any, Callable

from jobs.waiting import wait_until

if TYPE_CHECKING:
    from jobs.job import Job
    from jobs.thread_job import ThrottlePool

#: How long ``stop_all`` lets jobs stop by themselves before killing what is left.
STOP_GRACE = 1.0


class JobTable:
    """The jobs of one runspace."""

    def __init__(self, thread_pool: ThrottlePool | None = None) -> None:
        self._ids = itertools.count(1).__next__
        self._lock = threading.Lock()
        self._jobs: dict[int, Job] = {}
        self._pool = thread_pool
        self._closers: list[Callable[[], None]] = []
        self.resources: dict[str, Any] = {}
        self.closed = False

    # ----------------------------------------------------------- ids and membership
    def next_id(self) -> int:
        """A fresh job Id (take them in order for a parent and then its children)."""
        with self._lock:
            return self._ids()

    def add(self, job: Job) -> Job:
        """List a top-level job (its children come with it); returns it."""
        with self._lock:
            self._jobs[job.Id] = job
        return job

    def remove(self, job: Job) -> bool:
        """Drop a job from the table; False when it was not listed."""
        with self._lock:
            return self._jobs.pop(job.Id, None) is not None

    def jobs(self, include_children: bool = False) -> list[Job]:
        """Top-level jobs in Id order (with their children after each, when asked)."""
        with self._lock:
            top = sorted(self._jobs.values(), key=lambda j: j.Id)
        if not include_children:
            return top
        out: list[Job] = []
        for job in top:
            out.append(job)
            out.extend(job.descendants())
        return out

    def get(self, job_id: int) -> Job | None:
        """The job (top-level or child) with this Id, or None."""
        with self._lock:
            found = self._jobs.get(job_id)
        if found is not None:
            return found
        for job in self.jobs(include_children=True):
            if job.Id == job_id:
                return job
        return None

    def __len__(self) -> int:
        return len(self._jobs)

    def __contains__(self, job: object) -> bool:
        return any(j is job for j in self.jobs(include_children=True))

    # ----------------------------------------------------------- console
    def counts(self) -> tuple[int, int]:
        """(jobs not yet finished, finished jobs with data not received), for the toolbar."""
        running = finished_with_data = 0
        for job in self.jobs():
            if not job.finished:
                running += 1
            elif job.HasMoreData:
                finished_with_data += 1
        return running, finished_with_data

    # ----------------------------------------------------------- shared resources
    @property
    def thread_pool(self) -> ThrottlePool:
        """The ThreadJob throttle pool of this table (shared with nested runspaces' tables)."""
        if self._pool is None:
            from jobs.thread_job import ThrottlePool  # noqa: PLC0415 - only when thread jobs are used
            with self._lock:
                if self._pool is None:
                    self._pool = ThrottlePool()
        return self._pool

    def on_close(self, closer: Callable[[], None]) -> None:
        """Run ``closer()`` at the end of ``stop_all`` (shut down a fork server, ...)."""
        self._closers.append(closer)

    def stop_all(self, grace: float = STOP_GRACE) -> None:
        """Stop every job, wait up to ``grace`` seconds, kill what is left, release resources.

        Registered in the runspace's ``on_exit``; safe to call more than once.
        """
        jobs = self.jobs()
        for job in jobs:
            try:
                job.stop()
            except Exception:  # noqa: BLE001 - one job failing to stop must not spare the others
                pass
        live = [j for j in jobs if not j.finished]
        if live:
            wait_until(live, lambda: all(j.finished for j in live), timeout=grace)
        for job in live:
            if not job.finished:
                try:
                    job.force_stopped()
                except Exception:  # noqa: BLE001
                    pass
        closers, self._closers = self._closers, []
        for closer in reversed(closers):
            try:
                closer()
            except Exception:  # noqa: BLE001
                pass
        self.closed = True
