"""ThreadJob: a job run by a thread of this process, under a throttle.

The job is given a ``body`` — a callable run on the worker thread with the job as
its argument. The shell builds it (a fresh runspace whose host writes into the
job's buffers, running the script block); this module knows nothing of the
language. Objects pass by reference.

At most ``limit`` thread jobs run at once (``-ThrottleLimit``, default 5, and as in
PowerShell a new limit applies to later jobs of the whole pool); the others stay
NotStarted in a queue. A worker that blocks waiting for other jobs lends its slot
(``jobs.waiting.blocking``), and taking a slot back never blocks, so nested thread
jobs cannot deadlock the pool.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from typing import Callable

from jobs import waiting
from jobs.job import Job

#: The default ThrottleLimit of Start-ThreadJob.
DEFAULT_THROTTLE = 5

#: How long an idle worker thread waits for another job before it ends.
IDLE_SECONDS = 2.0


class ThrottlePool:
    """Runs queued thread jobs, at most ``limit`` at a time (waiting workers excepted)."""

    def __init__(self, limit: int = DEFAULT_THROTTLE) -> None:
        self._lock = threading.Lock()
        self._limit = max(1, int(limit))
        self._active = 0
        self._queue: deque[ThreadJob] = deque()
        # Workers that finished a job wait here for the next one (a thread start costs more
        # than a hand-over), and end after IDLE_SECONDS without work.
        self._ready: queue.SimpleQueue[ThreadJob] = queue.SimpleQueue()
        self._idle = 0

    @property
    def limit(self) -> int:
        """How many thread jobs may run at once."""
        return self._limit

    @limit.setter
    def limit(self, value: int) -> None:
        with self._lock:
            self._limit = max(1, int(value))
        self._dispatch()

    @property
    def active(self) -> int:
        """Workers holding a slot now (a waiting worker has lent its slot)."""
        return self._active

    @property
    def queued(self) -> int:
        """Jobs waiting for a slot."""
        return len(self._queue)

    def submit(self, job: ThreadJob) -> None:
        """Queue ``job``; it starts as soon as a slot is free (maybe at once)."""
        with self._lock:
            self._queue.append(job)
        self._dispatch()

    def cancel(self, job: ThreadJob) -> bool:
        """Take a job that has not started out of the queue; False when it was not queued."""
        with self._lock:
            try:
                self._queue.remove(job)
            except ValueError:
                return False
        return True

    def release(self) -> None:
        """Give a slot back (a worker ended, or blocks waiting) and start queued jobs."""
        with self._lock:
            self._active -= 1
        self._dispatch()

    def reacquire(self) -> None:
        """Take a slot back after a wait. Never blocks: the pool may run over its limit
        for a moment, and queued jobs wait until it is under again."""
        with self._lock:
            self._active += 1

    def _dispatch(self) -> None:
        starting: list[ThreadJob] = []
        handed: list[ThreadJob] = []
        with self._lock:
            while self._queue and self._active < self._limit:
                job = self._queue.popleft()
                self._active += 1
                if self._idle > 0:          # an idle worker takes it: no thread to start
                    self._idle -= 1
                    handed.append(job)
                else:
                    starting.append(job)
        # A job that has a slot is Running from now on, though its worker may take a moment
        # to pick it up (Get-Job right after Start-ThreadJob shows Running, not NotStarted).
        for job in handed + starting:
            job._set_running()
        for job in handed:
            self._ready.put(job)
        for job in starting:
            threading.Thread(target=self._worker, args=(job,), daemon=True,
                             name=f"ThreadJob-worker-{job.Id}").start()

    def _worker(self, job: ThreadJob) -> None:
        """A worker thread: runs jobs until it has been idle for IDLE_SECONDS."""
        waiting.set_blocking_hooks(self.release, self.reacquire)
        while True:
            try:
                job.thread = threading.current_thread()
                job._run()
            finally:
                with self._lock:
                    self._idle += 1
                self.release()
            next_job = self._next_job()
            if next_job is None:
                return
            job = next_job

    def _next_job(self) -> ThreadJob | None:
        """The next job handed to this idle worker, or None when it should end."""
        while True:
            try:
                return self._ready.get(timeout=IDLE_SECONDS)
            except queue.Empty:
                with self._lock:
                    # Leave only if no job was promised to the idle workers meanwhile.
                    if self._idle > self._ready.qsize():
                        self._idle -= 1
                        return None


class ThreadJob(Job):
    """A job run on a worker thread of a ThrottlePool: PSJobTypeName ThreadJob, Location PowerShell."""

    PSJobTypeName = "ThreadJob"
    ps_type_names = ("ThreadJob.ThreadJob", "System.Management.Automation.Job", "System.Object")
    # PowerShell's ThreadJob class declares StatusMessage before HasMoreData (Format-List order).
    ps_properties = ("State", "StatusMessage", "HasMoreData") + Job.ps_properties[3:]

    def __init__(self, id: int, command: str, body: Callable[[ThreadJob], None], pool: ThrottlePool, *,
                 name: str | None = None, location: str = "PowerShell") -> None:
        super().__init__(id, command, name=name, location=location)
        self.body = body
        self.pool = pool
        self.thread: threading.Thread | None = None
        self._stopper: Callable[[], None] | None = None
        self._stopper_lock = threading.Lock()

    def set_stopper(self, stopper: Callable[[], None]) -> None:
        """What ``Stop-Job`` calls to interrupt the body (e.g. its runspace's request_stop).

        Called at once when a stop was already asked for.
        """
        with self._stopper_lock:
            self._stopper = stopper
            run_now = self.stop_requested
        if run_now:
            stopper()

    def _start(self) -> None:
        self.pool.submit(self)

    def _cancel(self) -> None:
        self.pool.cancel(self)

    def _stop(self) -> None:
        with self._stopper_lock:
            stopper = self._stopper
        if stopper is not None:
            stopper()

    def _run(self) -> None:
        """The worker thread: run the body and record how it ended (exceptions are kept, not lost)."""
        if self.finished:
            return                      # stopped before its worker picked it up
        if self.stop_requested:
            self._finish()
            return
        error: BaseException | None = None
        try:
            self.body(self)
        except BaseException as exc:  # noqa: BLE001 - a worker records its exception as the reason
            error = exc
        self._finish(error)
