"""The job base: identity, state, buffers, child jobs; job kinds override a few primitives.

A job kind (ThreadJob, BackgroundJob, RemoteJob) overrides the Runner primitives:

* ``_start()`` — begin running (or queue); called once by ``start``.
* ``_stop()``  — ask the running work to stop; the kind later calls ``_finish``.
* ``_kill()``  — last resort when a stop did not finish in time (kill a process).

and reports progress through ``write`` (a record on a stream), ``_set_running`` and
``_finish(error)``. Everything else — the state machine, HasMoreData, receiving,
stopping children — is here, the same for every kind.

A job shows PowerShell's surface without importing the shell (``jobs`` never imports
``shell``): like ``shell.language.psobject.PSLive`` it names its type names,
PowerShell properties (Python attributes of the same names) and default table
columns in ``ps_type_names``/``ps_properties``/``ps_table``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Callable, ClassVar, Iterator

from jobs.buffers import (DEBUG, ERROR, INFORMATION, OUTPUT, PROGRESS, VERBOSE, WARNING, Entry,
                          StreamBuffers, merge)
from jobs.states import FINISHED, JobState, JobStateInfo, StateMachine
from jobs.waiting import wait_until

_LIVE = frozenset({JobState.RUNNING, JobState.BLOCKED, JobState.DISCONNECTED})


class JobError(Exception):
    """Why a job failed, when the failure is not a script's own error (a process died)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def Message(self) -> str:  # noqa: N802 - PowerShell's $job.JobStateInfo.Reason.Message
        """The reason's text."""
        return self.message


class FinishedHandle:
    """``$job.Finished``: PowerShell's ManualResetEvent, set when the job reaches an end state.

    ``WaitOne()`` waits for ever, ``WaitOne(ms)`` at most ``ms`` milliseconds; both return
    whether the job has ended.
    """

    ps_type_names: ClassVar[tuple[str, ...]] = (
        "System.Threading.ManualResetEvent", "System.Threading.EventWaitHandle",
        "System.Threading.WaitHandle", "System.Object")
    ps_properties: ClassVar[tuple[str, ...]] = ()

    def __init__(self, job: Job) -> None:
        self._job = job

    def WaitOne(self, milliseconds: Any = -1) -> bool:  # noqa: N802 - PowerShell's method name
        """Wait until the job has ended (or ``milliseconds`` passed); True when it has."""
        job = self._job
        try:
            ms = float(milliseconds)
        except (TypeError, ValueError):
            ms = -1.0
        wait_until([job], lambda: job.finished, timeout=None if ms < 0 else ms / 1000.0)
        return job.finished

    def __str__(self) -> str:
        return "System.Threading.ManualResetEvent"


class Job:
    """One job: what every kind shares. Construct a kind, add it to a JobTable, ``start()`` it."""

    ps_type_names: ClassVar[tuple[str, ...]] = ("System.Management.Automation.Job", "System.Object")
    #: In PowerShell's order (what ``Format-List`` shows): the State type-table member first,
    #: then the kind's own overrides, then the Job base class's properties as declared.
    ps_properties: ClassVar[tuple[str, ...]] = (
        "State", "HasMoreData", "StatusMessage", "Location", "Command", "JobStateInfo", "Finished",
        "InstanceId", "Id", "Name", "ChildJobs", "PSBeginTime", "PSEndTime", "PSJobTypeName",
        "Output", "Error", "Progress", "Verbose", "Debug", "Warning", "Information")
    ps_table: ClassVar[tuple[str, ...] | None] = (
        "Id", "Name", "PSJobTypeName", "State", "HasMoreData", "Location", "Command")
    ps_view: ClassVar[str | None] = None

    #: PSJobTypeName, set by each kind.
    PSJobTypeName: ClassVar[str] = ""

    #: PowerShell's remoting jobs (BackgroundJob, RemoteJob and their children) keep their
    #: results open until they end, so their HasMoreData is True while they run
    #: (PSRemotingChildJob: ``Results.IsOpen || Results.Count > 0``); a ThreadJob's counts
    #: only what its streams hold. Kinds set this.
    results_open_while_running: ClassVar[bool] = False

    # Class-level defaults of the instance attributes: the shell finds an object's
    # PowerShell properties by looking at its class, so every one is declared here.
    Id: int = 0
    Name: str = ""
    InstanceId: str = ""
    Command: str = ""
    Location: str = ""
    StatusMessage: str = ""
    ChildJobs: list[Job] = []  # noqa: RUF012 - replaced per instance in __init__

    def __init__(self, id: int, command: str, *, name: str | None = None, location: str = "",
                 parent: Job | None = None) -> None:
        self.Id = id
        self.Name = name or f"Job{id}"
        self.InstanceId = str(uuid.uuid4())
        self.Command = command
        self.Location = location
        self.StatusMessage = ""
        self.ChildJobs: list[Job] = []
        self.parent = parent
        self._sm = StateMachine()
        counter = parent._buffers.counter if parent is not None else None
        self._buffers = StreamBuffers(counter, on_data=self._sm.notify)
        self._started = False
        self.stop_requested = False
        if parent is not None:
            parent.add_child(self)

    # ----------------------------------------------------------- PowerShell surface
    @property
    def State(self) -> JobState:  # noqa: N802
        """The current JobState."""
        return self._sm.state

    @property
    def JobStateInfo(self) -> JobStateInfo:  # noqa: N802
        """State and, when Failed, the Reason."""
        return self._sm.info

    @property
    def HasMoreData(self) -> bool:  # noqa: N802
        """True while this job or a child holds records that Receive-Job has not taken."""
        if self._buffers.has_data:
            return True
        if self.results_open_while_running and self._sm.state not in FINISHED:
            return True
        return any(child.HasMoreData for child in self.ChildJobs)

    @property
    def records_written(self) -> int:
        """How many records this job and its children have written so far (taken or not)."""
        return self._buffers.total_written + sum(c.records_written for c in self.ChildJobs)

    @property
    def PSBeginTime(self) -> datetime | None:  # noqa: N802
        """When the job started running."""
        return self._sm.begin_time

    @property
    def PSEndTime(self) -> datetime | None:  # noqa: N802
        """When the job finished."""
        return self._sm.end_time

    @property
    def Output(self) -> list[Any]:  # noqa: N802
        """Output not yet received."""
        return self._buffers.stream(OUTPUT)

    @property
    def Error(self) -> list[Any]:  # noqa: N802
        """Errors not yet received."""
        return self._buffers.stream(ERROR)

    @property
    def Warning(self) -> list[Any]:  # noqa: N802
        """Warnings not yet received."""
        return self._buffers.stream(WARNING)

    @property
    def Verbose(self) -> list[Any]:  # noqa: N802
        """Verbose records not yet received."""
        return self._buffers.stream(VERBOSE)

    @property
    def Debug(self) -> list[Any]:  # noqa: N802
        """Debug records not yet received."""
        return self._buffers.stream(DEBUG)

    @property
    def Information(self) -> list[Any]:  # noqa: N802
        """Information records (Write-Host, Write-Information) not yet received."""
        return self._buffers.stream(INFORMATION)

    @property
    def Progress(self) -> list[Any]:  # noqa: N802
        """Progress records not yet received."""
        return self._buffers.stream(PROGRESS)

    def StopJob(self) -> None:  # noqa: N802 - $job.StopJob()
        """Stop the job (as Stop-Job does)."""
        self.stop()

    def ps_get(self, name: str, default: Any = None) -> Any:
        """A PowerShell property by name, matched case-insensitively."""
        low = name.lower()
        for prop in self.ps_properties:
            if prop.lower() == low:
                return getattr(self, prop)
        return default

    def __str__(self) -> str:
        # As PowerShell shows a job inside a collection: ChildJobs : {Job2}
        return self.Name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.Id} {self.Name!r} {self.State.value}>"

    # ----------------------------------------------------------- children and watching
    def add_child(self, child: Job) -> None:
        """Make ``child`` one of this job's ChildJobs; its changes wake this job's watchers."""
        self.ChildJobs.append(child)
        child.parent = self
        child.add_watcher(self._sm.notify)

    def add_watcher(self, watcher: Callable[[], None]) -> None:
        """Call ``watcher()`` after every state change or new record (of this job or a child)."""
        self._sm.add_watcher(watcher)

    def remove_watcher(self, watcher: Callable[[], None]) -> None:
        """Undo ``add_watcher``."""
        self._sm.remove_watcher(watcher)

    def descendants(self) -> Iterator[Job]:
        """Every child job, depth first."""
        for child in self.ChildJobs:
            yield child
            yield from child.descendants()

    @property
    def finished(self) -> bool:
        """True in an end state (Completed, Failed, Stopped)."""
        return self._sm.state in FINISHED

    # Declared after ``finished``: the shell finds members case-insensitively and the later
    # of two spellings wins, so ``$job.Finished`` is this handle, not the Python flag.
    @property
    def Finished(self) -> FinishedHandle:  # noqa: N802 - PowerShell's $job.Finished (a wait handle)
        """PowerShell's ``$job.Finished``: a handle that is set once the job has ended."""
        return FinishedHandle(self)

    # ----------------------------------------------------------- data
    def write(self, stream: int, record: Any) -> None:
        """Buffer one record of ``stream`` (1 Output .. 7 Progress), for Receive-Job."""
        self._buffers.append(stream, record)

    def write_many(self, stream: int, records: list[Any]) -> None:
        """Buffer several records of one stream in order."""
        self._buffers.extend(stream, records)

    def receive(self, keep: bool = False, recurse: bool = True) -> list[Entry]:
        """Buffered records of this job (and its children), in the order written.

        Without ``keep`` they are removed, so HasMoreData becomes False once all is taken.
        """
        jobs = [self, *self.descendants()] if recurse else [self]
        batches = [j._buffers.peek() if keep else j._buffers.take() for j in jobs]
        return list(merge(batches))

    # ----------------------------------------------------------- life cycle (public)
    def start(self) -> None:
        """Start the job (a kind may queue it, leaving it NotStarted for a while)."""
        if self._started:
            return
        self._started = True
        self._start()

    def stop(self) -> None:
        """Ask the job and its children to stop; a job that never ran becomes Stopped at once.

        Returns without waiting; wait with ``jobs.waiting.wait_jobs``. Stopping a finished
        job does nothing.
        """
        self.stop_requested = True
        for child in self.ChildJobs:
            child.stop()
        if self._sm.transition(JobState.STOPPED, only_from=frozenset({JobState.NOT_STARTED})):
            self._cancel()
            return
        if self._sm.transition(JobState.STOPPING, only_from=_LIVE):
            self._stop()
            if not self.ChildJobs:
                return
        if self.ChildJobs and all(child.finished for child in self.ChildJobs):
            self._finish_from_children()

    def force_stopped(self) -> None:
        """The stop did not finish in time: kill what can be killed and mark the job Stopped."""
        for child in self.ChildJobs:
            child.force_stopped()
        if self.finished:
            return
        self.stop_requested = True
        try:
            self._kill()
        finally:
            self._sm.transition(JobState.STOPPED, only_from=frozenset(
                {JobState.NOT_STARTED, JobState.STOPPING} | _LIVE))

    # ----------------------------------------------------------- primitives (kinds override)
    def _start(self) -> None:
        """Begin the work. The base job has none: it runs its children, if any."""
        self._set_running()
        for child in self.ChildJobs:
            child.start()
        if self.ChildJobs and all(child.finished for child in self.ChildJobs):
            self._finish_from_children()

    def _stop(self) -> None:
        """Ask the running work to stop (the kind then calls ``_finish``)."""

    def _cancel(self) -> None:
        """The job was stopped before it started: drop it from any queue."""

    def _kill(self) -> None:
        """Force the work to end (kill a process); called when a stop did not finish in time."""

    # ----------------------------------------------------------- reporting (kinds call)
    def _set_running(self) -> bool:
        """NotStarted -> Running; False if the job was stopped meanwhile."""
        return self._sm.transition(JobState.RUNNING, only_from=frozenset({JobState.NOT_STARTED}))

    def _set_state(self, state: JobState, reason: Any = None) -> bool:
        """Move to ``state`` (Blocked, Disconnected, back to Running); refused moves raise."""
        return self._sm.transition(state, reason)

    def _finish(self, error: Any = None) -> bool:
        """The work ended: Stopped if a stop was asked, else Failed (``error`` kept) or Completed.

        A Failed job's ``error`` becomes ``JobStateInfo.Reason`` and is also written to
        its Error stream (Receive-Job shows it as an error). Safe to call from the worker
        thread while another thread stops the job: the first end state wins, later calls
        return False.
        """
        live = frozenset({JobState.NOT_STARTED, JobState.STOPPING}) | _LIVE
        if self.stop_requested or self._sm.state is JobState.STOPPING:
            return self._sm.transition(JobState.STOPPED, only_from=live)
        if error is not None:
            # The reason goes on the Error stream first, so that Receive-Job shows it in
            # order after what the job wrote, and HasMoreData stays True until it is seen.
            if self._sm.state in live:
                self._buffers.append(ERROR, error)
            return self._sm.transition(JobState.FAILED, error, only_from=live)
        return self._sm.transition(JobState.COMPLETED, only_from=live - {JobState.NOT_STARTED})

    def _finish_from_children(self) -> bool:
        """A parent whose children all ended: Failed if one failed (its reason kept),
        Stopped if one was stopped, else Completed (as PowerShell summarises them)."""
        failed = [c for c in self.ChildJobs if c.State is JobState.FAILED]
        if failed:
            reason = failed[0].JobStateInfo.Reason
            live = frozenset({JobState.NOT_STARTED, JobState.STOPPING}) | _LIVE
            return self._sm.transition(JobState.FAILED, reason, only_from=live)
        if any(c.State is JobState.STOPPED for c in self.ChildJobs):
            self.stop_requested = True
        return self._finish()


def child_summary_watcher(parent: Job) -> Callable[[], None]:
    """A watcher that finishes ``parent`` once every child has ended (for kinds with children)."""

    def watch() -> None:
        if parent.ChildJobs and not parent.finished and all(c.finished for c in parent.ChildJobs):
            parent._finish_from_children()
    return watch
