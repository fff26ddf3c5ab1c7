"""BackgroundJob: Start-Job's job, run by an endpoint in a separate process over the wire.

As in PowerShell, a background job is a parent (PSJobTypeName BackgroundJob,
Location localhost) with one child job that does the work, so the parent and its
child take consecutive Ids (``Job1`` with child ``Job2``; the next job is ``Job3``).

The child is given a ``connect`` callable that returns a ready
``sessions.connection.Connection`` to a fresh endpoint process (spawned, or forked
from a pre-imported server); this module never knows how the endpoint is started
or how objects are converted (the shell passes its wire decoder to the connection,
so records arrive as shell objects). It runs the initialization script and then
the script as invocations on that connection, in the endpoint's one runspace, and
buffers every record in arrival order (the far side sends them in the order
written, across streams).

A stop asks the far side to stop the invocation; if the job has not stopped
within ``KILL_AFTER`` seconds the connection is closed, which kills the endpoint's
process group (the endpoint and any native program it runs). The process dying,
or the connection failing, fails only this job, with the reason kept. Stopping and
recording the outcome are shared with RemoteJob's children (jobs/invocation_job.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from jobs.invocation_job import InvocationChildJob
from jobs.job import Job, JobError, child_summary_watcher

if TYPE_CHECKING:
    from sessions.connection import Connection

#: Seconds a stopping background job gets before its process is killed.
KILL_AFTER = 1.0


class ProcessWork:
    """What a background job runs: the script (and init script) with its arguments and options."""

    __slots__ = ("connect", "script", "args", "using", "init_script", "options", "reason")

    def __init__(self, connect: Callable[[], Connection], script: str, *, args: list[Any] | None = None,
                 using: dict[str, Any] | None = None, init_script: str | None = None,
                 options: dict[str, Any] | None = None,
                 reason: Callable[[Any], Any] | None = None) -> None:
        self.connect = connect
        self.script = script
        self.args = list(args or ())
        self.using = dict(using or {})
        self.init_script = init_script
        self.options = dict(options or {})
        # Turns a failed invocation's reason (as decoded) into the job's Reason; the
        # shell makes an exception of an error record, as PowerShell's Reason is one.
        self.reason = reason


class ProcessChildJob(InvocationChildJob):
    """The child of a BackgroundJob: drives one endpoint process through one connection."""

    kill_after = KILL_AFTER

    def __init__(self, id: int, command: str, work: ProcessWork, parent: Job) -> None:
        super().__init__(id, command, location="localhost", parent=parent)
        self.work = work
        self.pid: int | None = None
        self._conn: Connection | None = None

    # ----------------------------------------------------------- primitives
    def _start(self) -> None:
        if not self._set_running():
            return
        self._start_driver(self._drive, f"BackgroundJob-{self.Id}")

    def _kill(self) -> None:
        with self._lock:
            conn = self._conn
        if conn is not None:
            conn.close(timeout=0.5)

    # ----------------------------------------------------------- the driver thread
    def _drive(self) -> None:
        """Connect, run the init script and the script, record how it ended (never raises)."""
        try:
            state, reason = self._run()
        except Exception as exc:  # noqa: BLE001 - a driver records its exception as the reason
            state, reason = "Failed", JobError(f"The background job failed: {type(exc).__name__}: {exc}")
        self._finish_as(state, reason, "The background job failed.")

    def _run(self) -> tuple[str, Any]:
        from sessions.connection import ConnectionFailed, ConnectionLost  # noqa: PLC0415

        work = self.work
        try:
            conn = work.connect()
        except ConnectionFailed as exc:
            return "Failed", JobError(str(exc))
        with self._lock:
            self._conn = conn
        info = conn.remote_info
        self.pid = info.pid if info is not None else None
        self._sm.notify()                   # waiters may be waiting for the process to exist
        try:
            if self.stop_requested:
                return "Stopped", None
            steps = []
            if work.init_script:
                steps.append((work.init_script, [], work.using))
            steps.append((work.script, work.args, work.using))
            state, reason = "Completed", None
            for script, args, using in steps:
                inv = conn.invoke(script, args, using, on_records=self._on_records,
                                  options=work.options)
                self._running(inv)
                inv.wait()
                state, reason = inv.state, inv.reason
                if state != "Completed":
                    break
            if isinstance(reason, str):
                reason = JobError(reason)
            elif reason is not None and work.reason is not None:
                reason = work.reason(reason)
            return state, reason
        except ConnectionLost as exc:
            return "Failed", JobError(str(exc))
        finally:
            conn.close(timeout=1.0)

    def _on_records(self, stream: int, first_seq: int, objs: list[Any]) -> None:
        # On the connection's reader thread, in arrival order.
        self.write_many(stream, objs)


class BackgroundJob(Job):
    """Start-Job's job: PSJobTypeName BackgroundJob, Location localhost, one ProcessChildJob."""

    PSJobTypeName = "BackgroundJob"
    ps_type_names = ("System.Management.Automation.PSRemotingJob", "System.Management.Automation.Job",
                     "System.Object")
    #: The class of the child (the shell gives its own, which is PSLive too).
    child_class: type[ProcessChildJob] = ProcessChildJob

    def __init__(self, id: int, child_id: int, command: str, work: ProcessWork, *,
                 name: str | None = None) -> None:
        super().__init__(id, command, name=name, location="localhost")
        self.child = self.child_class(child_id, command, work, self)
        self.add_watcher(child_summary_watcher(self))

    @property
    def pid(self) -> int | None:
        """The endpoint process's id, once connected."""
        return self.child.pid
