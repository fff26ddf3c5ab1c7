"""RemoteJob: ``Invoke-Command -AsJob``'s job, created locally, one child job per computer.

As in PowerShell (about_Remote_Jobs, "results returned to the local computer"),
the job object lives here while its commands run on the remote computers: the
parent (PSJobTypeName RemoteJob, Location ``Server01,Server02``) has one
``RemoteChildJob`` per computer (Location the computer's name), Ids consecutive.
The parent's state summarises its children as PowerShell's does: Running while
any runs, Failed if one failed, Stopped if one was stopped, else Completed.

A child reaches its computer through a ``sessions.session.ClientSession``: an
open one (``Invoke-Command -Session``; it stays open), or one the child opens with
``opener()`` and closes when done (``-ComputerName``: a temporary session). At
most ``throttle`` children of one command connect and run at a time (-ThrottleLimit,
32 by default). Records arrive on the connection's reader thread and go, in
arrival order, through the shell's ``transform`` hook (PSComputerName) into the
child's buffers -- or, for a synchronous Invoke-Command, which drives the very
same job without listing it, to a ``sink``.

A computer that cannot be reached fails only its child (the reason names it); a
dropped connection fails the commands running on it with the connection's reason.
This module knows no language: how objects are stamped and how reasons become
PowerShell errors are given by the caller in ``RemoteWork``.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable

from jobs.invocation_job import InvocationChildJob
from jobs.job import Job, JobError, child_summary_watcher

if TYPE_CHECKING:
    from sessions.session import ClientSession

#: Seconds a stopping child gets before it is marked Stopped (and a temporary session closed).
KILL_AFTER = 2.0

Sink = Callable[["RemoteChildJob", int, list], None]


class RemoteWork:
    """What every child runs, and the caller's hooks.

    ``transform(computer, stream, objs) -> objs``: applied to every batch received
    (the shell adds PSComputerName). ``reason(computer, reason) -> reason``: turns
    a failed command's reason (a str or a decoded error) into the job's Reason.
    ``open_error(computer, exc) -> reason``: the Reason when connecting failed.
    """

    __slots__ = ("script", "args", "using", "options", "transform", "reason", "open_error")

    def __init__(self, script: str, *, args: list[Any] | None = None, using: dict[str, Any] | None = None,
                 options: dict[str, Any] | None = None,
                 transform: Callable[[str, int, list], list] | None = None,
                 reason: Callable[[str, Any], Any] | None = None,
                 open_error: Callable[[str, BaseException], Any] | None = None) -> None:
        self.script = script
        self.args = list(args or ())
        self.using = dict(using or {})
        self.options = dict(options or {})
        self.transform = transform
        self.reason = reason
        self.open_error = open_error


class RemoteChildJob(InvocationChildJob):
    """The work on one computer: open (or use) a session, run the script, record the outcome."""

    kill_after = KILL_AFTER

    def __init__(self, id: int, command: str, computer: str, work: RemoteWork, parent: Job, *,
                 session: ClientSession | None = None, opener: Callable[[], ClientSession] | None = None,
                 throttle: threading.Semaphore | None = None, sink: Sink | None = None) -> None:
        super().__init__(id, command, location=computer, parent=parent)
        if (session is None) == (opener is None):
            raise ValueError("a remote child job needs a session or an opener, not both")
        self.computer = computer
        self.work = work
        self.session = session
        self.opener = opener
        self.temporary = session is None
        self.throttle = throttle
        self.sink = sink
        self._ended = False

    # ----------------------------------------------------------- primitives
    def _start(self) -> None:
        if not self._set_running():
            return
        if self.session is not None and (self.throttle is None or self.throttle.acquire(blocking=False)):
            # An open session and a free slot: send the command from here; it finishes
            # through its state callback, with no thread of its own.
            self._send(self.session)
            return
        self._start_driver(self._drive, f"RemoteJob-{self.Id}")

    def _kill(self) -> None:
        if self.temporary:
            with self._lock:
                session = self.session
            if session is not None:
                session.close()

    # ----------------------------------------------------------- running
    def _drive(self) -> None:
        """On a thread: wait for a throttle slot, connect if needed, send the command (never raises)."""
        from sessions.connection import ConnectionFailed  # noqa: PLC0415

        if self.throttle is not None:
            self.throttle.acquire()
        try:
            session = self.session
            if session is None:
                if self.stop_requested:
                    self._end("Stopped", None)
                    return
                try:
                    session = self.opener()  # type: ignore[misc]
                except ConnectionFailed as exc:
                    self._end("Failed", self._open_failure(exc))
                    return
                with self._lock:
                    self.session = session
            self._send(session)
        except BaseException as exc:  # noqa: BLE001 - a driver records its exception as the reason
            self._end("Failed", self._crashed(exc))

    def _send(self, session: ClientSession) -> None:
        """Send the command on ``session`` (the throttle slot is held); it ends in ``_on_state``."""
        from sessions.session import SessionUnavailable  # noqa: PLC0415

        work = self.work
        if self.stop_requested:
            self._end("Stopped", None)
            return
        try:
            inv = session.invoke(work.script, work.args, work.using, on_records=self._on_records,
                                 on_state=self._on_state, options=work.options)
        except SessionUnavailable as exc:
            self._end("Failed", self._failure(str(exc)))
            return
        except Exception as exc:  # noqa: BLE001
            self._end("Failed", self._crashed(exc))
            return
        self._running(inv)

    def _on_state(self, state: str, reason: Any) -> None:
        # On the connection's reader thread.
        if state == "Failed":
            self._end("Failed", self._failure(reason))
        elif state in ("Completed", "Stopped"):
            self._end(state, None)

    def _end(self, state: str, reason: Any) -> None:
        """Release the slot, close a temporary session (off the reader thread), record the outcome."""
        with self._lock:
            if self._ended:
                return
            self._ended = True
        if self.throttle is not None:
            self.throttle.release()
        if self.temporary:
            with self._lock:
                session = self.session
            if session is not None:
                # Closing waits for the far side to go: never on the connection's own reader thread.
                closer = threading.Thread(target=self._close_then_finish, args=(session, state, reason),
                                          daemon=True, name=f"RemoteJob-{self.Id}-close")
                closer.start()
                return
        self._record(state, reason)

    def _close_then_finish(self, session: ClientSession, state: str, reason: Any) -> None:
        try:
            session.close()
        finally:
            self._record(state, reason)

    def _record(self, state: str, reason: Any) -> None:
        self._finish_as(state, reason, f"The command failed on {self.computer}.")

    def _crashed(self, exc: BaseException) -> JobError:
        """The Reason when psrepl itself failed while sending the command (never lost)."""
        return JobError(f"The remote job on {self.computer} failed: {type(exc).__name__}: {exc}")

    def _open_failure(self, exc: BaseException) -> Any:
        if self.work.open_error is not None:
            return self.work.open_error(self.computer, exc)
        return JobError(str(exc))

    def _failure(self, reason: Any) -> Any:
        if self.work.reason is not None:
            return self.work.reason(self.computer, reason)
        return JobError(str(reason)) if not isinstance(reason, BaseException) else reason

    def _on_records(self, stream: int, first_seq: int, objs: list[Any]) -> None:
        # On the connection's reader thread, in arrival order.
        transform = self.work.transform
        if transform is not None:
            objs = transform(self.computer, stream, objs)
        if self.sink is not None:
            self.sink(self, stream, objs)
        else:
            self.write_many(stream, objs)


class RemoteJob(Job):
    """Invoke-Command -AsJob's job: PSJobTypeName RemoteJob, one RemoteChildJob per computer.

    ``targets`` lists (computer, session or None, opener or None) in the order given;
    ``ids`` gives the parent's Id and then one per child (consecutive, from the job table).
    """

    PSJobTypeName = "RemoteJob"
    ps_type_names = ("System.Management.Automation.PSRemotingJob", "System.Management.Automation.Job",
                     "System.Object")
    #: The class of the children (the shell gives its own, which are PSLive too).
    child_class: type[RemoteChildJob] = RemoteChildJob

    def __init__(self, ids: Callable[[], int], command: str, work: RemoteWork,
                 targets: list[tuple[str, ClientSession | None, Callable[[], ClientSession] | None]], *,
                 name: str | None = None, throttle_limit: int = 32, sink: Sink | None = None) -> None:
        location = ",".join(dict.fromkeys(computer for computer, _, _ in targets))
        super().__init__(ids(), command, name=name, location=location)
        self.throttle = threading.Semaphore(max(1, throttle_limit))
        for computer, session, opener in targets:
            self.child_class(ids(), command, computer, work, self, session=session, opener=opener,
                             throttle=self.throttle, sink=sink)
        self.add_watcher(child_summary_watcher(self))
