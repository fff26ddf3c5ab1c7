"""Waiting for jobs: one, any or all, with a timeout, interruptible by a stop event.

Every wait registers a wake-up on the jobs it watches (``Job.add_watcher``), so it
wakes as soon as a state changes or a record arrives, and checks the caller's stop
event (``Runspace.stop_event``: Ctrl+C, Stop-Job of the waiting job) every
``STOP_POLL`` seconds — a plain ``threading.Event`` cannot call anyone back.

A thread that waits while holding a ThreadJob throttle slot lends the slot to the
pool for the duration of the wait (``blocking``), so a thread job that starts other
thread jobs and waits for them never deadlocks on the throttle (PowerShell/ThreadJob
issue 59). The ThreadJob runner installs the hooks on its worker threads.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from jobs.states import FINISHED, WAIT_ENDS

if TYPE_CHECKING:
    from jobs.job import Job

#: How often a wait looks at the stop event, in seconds.
STOP_POLL = 0.05

_local = threading.local()


def set_blocking_hooks(release: Callable[[], None] | None, reacquire: Callable[[], None] | None) -> None:
    """Install (or with None, remove) this thread's hooks run around every blocking wait."""
    _local.hooks = None if release is None or reacquire is None else (release, reacquire)


@contextmanager
def blocking() -> Iterator[None]:
    """A region where the current thread blocks: a thread job lends its throttle slot meanwhile.

    Use it around any wait on other jobs (or anything they may need a slot to produce).
    """
    hooks = getattr(_local, "hooks", None)
    if hooks is None:
        yield
        return
    release, reacquire = hooks
    release()
    try:
        yield
    finally:
        reacquire()


def wait_until(jobs: Iterable[Job], condition: Callable[[], bool], *, timeout: float | None = None,
               stop_event: threading.Event | None = None) -> bool:
    """Block until ``condition()`` is true, checked after every change of ``jobs`` (and their children).

    Returns True when the condition held, False when ``timeout`` seconds passed or the
    stop event was set first (the caller tells which by looking at its event).
    """
    if condition():
        return True
    if stop_event is not None and stop_event.is_set():
        return False
    wake = threading.Event()
    watched = list(jobs)
    for job in watched:
        job.add_watcher(wake.set)
    deadline = None if timeout is None or timeout < 0 else time.monotonic() + timeout
    try:
        with blocking():
            while True:
                wake.clear()
                if condition():
                    return True
                if stop_event is not None and stop_event.is_set():
                    return False
                slice_ = None if stop_event is None else STOP_POLL
                if deadline is not None:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return condition()
                    slice_ = remaining if slice_ is None else min(slice_, remaining)
                wake.wait(slice_)
    finally:
        for job in watched:
            job.remove_watcher(wake.set)


def ended(job: Job, force: bool = False) -> bool:
    """Whether Wait-Job stops waiting for ``job``: finished, or Disconnected unless ``force``."""
    return job.State in (FINISHED if force else WAIT_ENDS)


def wait_jobs(jobs: list[Job], *, any_one: bool = False, timeout: float | None = None,
              stop_event: threading.Event | None = None, force: bool = False) -> list[Job]:
    """Wait for all ``jobs`` (or, with ``any_one``, the first) to end; returns those that ended.

    On timeout or stop the jobs that ended so far are returned (Wait-Job then outputs
    nothing unless the wait was satisfied: compare the result with what was asked).
    """
    if any_one:
        cond = lambda: any(ended(j, force) for j in jobs)  # noqa: E731
    else:
        cond = lambda: all(ended(j, force) for j in jobs)  # noqa: E731
    wait_until(jobs, cond, timeout=timeout, stop_event=stop_event)
    return [j for j in jobs if ended(j, force)]

