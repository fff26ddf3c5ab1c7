"""What the child jobs that drive a wire invocation share (BackgroundJob's and RemoteJob's children).

Both run their script as a ``sessions`` invocation, started from a driver thread
(or, for a RemoteJob child on an open session, from the caller's thread). A stop
asks the far side to stop the invocation running now; if the job has not ended
within ``kill_after`` seconds it is forced (``force_stopped``, whose ``_kill`` the
kind overrides: close the connection, or the temporary session). The outcome the
far side reports -- "Completed", "Failed" with a reason, or "Stopped" -- becomes
the job's end state through ``_finish_as``.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable, ClassVar

from jobs.job import Job, JobError

if TYPE_CHECKING:
    from sessions.connection import Invocation


class InvocationChildJob(Job):
    """A child job whose work is one invocation at a time on a ``sessions`` connection."""

    PSJobTypeName = ""
    #: Seconds a stopping job gets before it is forced to Stopped (each kind sets its own).
    kill_after: ClassVar[float] = 1.0

    def __init__(self, id: int, command: str, *, location: str, parent: Job) -> None:
        super().__init__(id, command, location=location, parent=parent)
        self._lock = threading.Lock()
        self._inv: Invocation | None = None
        self._driver: threading.Thread | None = None

    def _start_driver(self, target: Callable[[], None], name: str) -> None:
        """Run ``target`` on the job's driver thread."""
        self._driver = threading.Thread(target=target, daemon=True, name=name)
        self._driver.start()

    def _stop(self) -> None:
        with self._lock:
            inv = self._inv
        if inv is not None:
            inv.stop()
        timer = threading.Timer(self.kill_after, self._kill_if_alive)
        timer.daemon = True
        timer.start()

    def _kill_if_alive(self) -> None:
        if not self.finished:
            self.force_stopped()

    def _running(self, inv: Invocation) -> None:
        """``inv`` is the invocation a stop goes to from now on; stopped at once if a stop came first."""
        with self._lock:
            self._inv = inv
        if self.stop_requested:
            inv.stop()

    def _finish_as(self, state: str, reason: Any, failed: str) -> None:
        """End as the invocation ended: Stopped, Failed (``reason``, else ``failed`` as a JobError)
        or Completed."""
        if state == "Stopped":
            self.stop_requested = True
            self._finish()
        elif state == "Failed":
            self._finish(reason if reason is not None else JobError(failed))
        else:
            self._finish()
