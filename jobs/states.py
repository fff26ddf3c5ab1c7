"""Job states and the one function that moves a job from one state to another.

States are PowerShell's ``JobState`` names. Every change goes through
``StateMachine.transition``, which refuses moves the table ``LEGAL`` does not
allow (a finished job never runs again; a job that never started cannot
complete) and wakes everyone waiting on the job. Waiting itself lives in
``jobs.waiting``; the machine only keeps the state and tells its watchers.
"""

from __future__ import annotations

import threading
from datetime import datetime
from enum import Enum
from typing import Any, Callable


class JobState(Enum):
    """A job's state, named as PowerShell's ``System.Management.Automation.JobState``."""

    NOT_STARTED = "NotStarted"
    RUNNING = "Running"
    COMPLETED = "Completed"
    FAILED = "Failed"
    STOPPING = "Stopping"
    STOPPED = "Stopped"
    BLOCKED = "Blocked"
    DISCONNECTED = "Disconnected"

    def __str__(self) -> str:
        return self.value

    @property
    def finished(self) -> bool:
        """True for the end states: Completed, Failed, Stopped."""
        return self in FINISHED

    @classmethod
    def parse(cls, text: str) -> JobState:
        """The state named ``text`` (any case); ValueError listing the names otherwise."""
        low = str(text).lower()
        for state in cls:
            if state.value.lower() == low:
                return state
        names = ", ".join(s.value for s in cls)
        raise ValueError(f'Cannot convert value "{text}" to type "JobState". '
                         f'Specify one of the following enumerator names and try again: {names}')


#: Every name of PowerShell's JobState enum, in its order. A -State filter accepts each;
#: psrepl's jobs never suspend or stop at a breakpoint, so those names find no job.
PS_STATE_NAMES = ("NotStarted", "Running", "Completed", "Failed", "Stopped", "Blocked", "Suspended",
                  "Disconnected", "Suspending", "Stopping", "AtBreakpoint")


def state_name(text: object) -> str:
    """The JobState name ``text`` spells (any case), as PowerShell writes it.

    ValueError with PowerShell's conversion message when it names no JobState.
    """
    value = "" if text is None else str(text).strip()
    low = value.lower()
    for name in PS_STATE_NAMES:
        if name.lower() == low:
            return name
    raise ValueError(f'Cannot convert value "{value}" to type "System.Management.Automation.JobState". '
                     f'Error: "Unable to match the identifier name {value} to a valid enumerator name. '
                     f'Specify one of the following enumerator names and try again:\n'
                     f'{", ".join(PS_STATE_NAMES)}"')


#: States a job never leaves.
FINISHED = frozenset({JobState.COMPLETED, JobState.FAILED, JobState.STOPPED})

#: States at which Wait-Job and Receive-Job -Wait stop waiting (without -Force):
#: finished, or no longer making progress on its own (PowerShell: Suspended, Disconnected).
WAIT_ENDS = FINISHED | {JobState.DISCONNECTED}

#: Every legal move. A job may stop or fail from any live state; only a running
#: job completes, blocks or disconnects; Stopping leads only to an end state.
LEGAL: dict[JobState, frozenset[JobState]] = {
    JobState.NOT_STARTED: frozenset({JobState.RUNNING, JobState.STOPPING, JobState.STOPPED,
                                     JobState.FAILED}),
    JobState.RUNNING: frozenset({JobState.COMPLETED, JobState.FAILED, JobState.STOPPING,
                                 JobState.STOPPED, JobState.BLOCKED, JobState.DISCONNECTED}),
    JobState.BLOCKED: frozenset({JobState.RUNNING, JobState.COMPLETED, JobState.FAILED,
                                 JobState.STOPPING, JobState.STOPPED}),
    JobState.DISCONNECTED: frozenset({JobState.RUNNING, JobState.COMPLETED, JobState.FAILED,
                                      JobState.STOPPING, JobState.STOPPED}),
    JobState.STOPPING: frozenset({JobState.STOPPED, JobState.FAILED}),
    JobState.COMPLETED: frozenset(),
    JobState.FAILED: frozenset(),
    JobState.STOPPED: frozenset(),
}


class IllegalTransitionError(Exception):
    """A move the state table does not allow (a bug in a job kind, never a user error)."""

    def __init__(self, old: JobState, new: JobState) -> None:
        super().__init__(f"A job cannot move from {old.value} to {new.value}.")
        self.old = old
        self.new = new


class JobStateInfo:
    """``$job.JobStateInfo``: the state and, for a Failed job, the reason it failed."""

    ps_type_names = ("System.Management.Automation.JobStateInfo", "System.Object")
    ps_properties = ("State", "Reason")

    __slots__ = ("State", "Reason")

    def __init__(self, state: JobState, reason: Any = None) -> None:
        self.State = state
        self.Reason = reason

    def __str__(self) -> str:
        return self.State.value

    def __repr__(self) -> str:
        return f"JobStateInfo({self.State.value}, reason={self.Reason!r})"


class StateMachine:
    """The state of one job, changed only through ``transition``.

    ``watchers`` are callables run (outside the lock) after every change and after
    new data arrives; ``jobs.waiting`` registers its wake-ups here.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.info = JobStateInfo(JobState.NOT_STARTED)
        self.begin_time: datetime | None = None
        self.end_time: datetime | None = None
        self._watchers: list[Callable[[], None]] = []

    @property
    def state(self) -> JobState:
        """The current state."""
        return self.info.State

    def transition(self, new: JobState, reason: Any = None, *, only_from: frozenset[JobState] | None = None
                   ) -> bool:
        """Move to ``new``; the one place a job's state changes.

        Raises IllegalTransitionError for a move LEGAL does not allow. ``only_from``
        makes the move conditional instead: when the current state is not in it, nothing
        happens and False is returned (used where two threads race, e.g. a job finishing
        while Stop-Job asks it to stop). Moving to the current state is a no-op (False).
        """
        with self._lock:
            old = self.info.State
            if old is new:
                return False
            if only_from is not None and old not in only_from:
                return False
            if new not in LEGAL[old]:
                raise IllegalTransitionError(old, new)
            # Keep an earlier reason (a Stopping job that then fails keeps why).
            self.info = JobStateInfo(new, reason if reason is not None else self.info.Reason)
            now = datetime.now()
            if new is JobState.RUNNING and self.begin_time is None:
                self.begin_time = now
            if new in FINISHED:
                self.end_time = now
        self.notify()
        return True

    def add_watcher(self, watcher: Callable[[], None]) -> None:
        """Call ``watcher()`` after every change (from the thread making the change)."""
        with self._lock:
            self._watchers.append(watcher)

    def remove_watcher(self, watcher: Callable[[], None]) -> None:
        """Stop calling ``watcher``; no error if it was not registered."""
        with self._lock:
            try:
                self._watchers.remove(watcher)
            except ValueError:
                pass

    def notify(self) -> None:
        """Wake every watcher (a change of state, or new data in the job's buffers)."""
        watchers = self._watchers
        if not watchers:
            return
        for watcher in tuple(watchers):
            watcher()
