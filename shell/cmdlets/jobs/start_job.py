"""Start-Job (sajb): run a script block in a separate psrepl process, over the wire protocol.

The job's process is an endpoint (``python -m shell --endpoint``, or a child forked
from a pre-imported fork server when one is available) with a fresh runspace. The
script's text, its arguments, its ``$using:`` values and its input cross as wire
records; results come back as ``Deserialized.`` objects, in the order written.
-InitializationScript runs first in the same process. The job's Location is
``localhost``; like PowerShell's, it is a parent with one child job, so Ids go
Job1, Job3, ...
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Any, Callable

from shell.cmdlets.jobs.start_options import START_PARAMS, CollectsInput, start_request, wire_arguments
from shell.language.cmdlet import Param
from shell.language.errors import ErrorRecord, PSRuntimeError

if TYPE_CHECKING:
    from jobs.table import JobTable
    from sessions.connection import Connection
    from sessions.transport_process import ProcessTransport
    from shell.language.runspace import Runspace

#: The label a failing job's process goes by in messages ("... exited unexpectedly").
PROCESS_LABEL = "The background job's process"

#: Where a job table keeps its fork server (JobTable.resources).
FORK_SERVER = "forkserver"
_FORK_LOCK = threading.Lock()
#: Seconds after a spawned job started when the fork server is started even if the job is silent.
WARM_AFTER = 0.1


def failure_reason(reason: Any) -> Any:
    """A failed job's Reason: an exception (``$job.JobStateInfo.Reason.Message``), as in PowerShell."""
    if isinstance(reason, ErrorRecord):
        return PSRuntimeError(reason)
    return reason


def _fork_server(table: JobTable) -> Any:
    """The table's fork server, started (in the background) on first use; None if unavailable."""
    from sessions.forkserver import ForkServer  # noqa: PLC0415
    from shell.language.remoting import forkserver_argv  # noqa: PLC0415

    with _FORK_LOCK:
        if table.closed:
            return None             # the console is ending: no new process
        server = table.resources.get(FORK_SERVER)
        if server is not None and server.alive:
            return server
        try:
            server = ForkServer.start(forkserver_argv())
        except OSError:
            return None
        if FORK_SERVER not in table.resources:
            # Closed with the table (the console's end), whichever server is current then.
            table.on_close(lambda: _close_fork_server(table))
        table.resources[FORK_SERVER] = server
        return server


def _close_fork_server(table: JobTable) -> None:
    server = table.resources.pop(FORK_SERVER, None)
    if server is not None:
        server.close()


def early_endpoint(runspace: Runspace) -> ProcessTransport | None:
    """Start the standard endpoint process now when a job will need one (no fork server is
    ready): the console's first job, whose process then boots on the other core while
    this one imports the job machinery. None when a fork server will serve, or for
    another endpoint command."""
    from sessions.transport_process import ProcessTransport  # noqa: PLC0415
    from shell.language.remoting import endpoint_argv, is_standard_endpoint  # noqa: PLC0415

    argv = list(runspace.endpoint_command or ())
    if (argv and not is_standard_endpoint(argv)) or not hasattr(os, "fork"):
        return None
    table = runspace.job_table
    server = table.resources.get(FORK_SERVER) if table is not None else None
    if server is not None and server.ready:
        return None
    try:
        return ProcessTransport.spawn(endpoint_argv(), label=PROCESS_LABEL)
    except OSError:
        return None     # the connector tries again, and says why if it fails


def endpoint_connector(runspace: Runspace, early: ProcessTransport | None = None) -> Callable[[], Connection]:
    """A callable that starts one endpoint process and returns its ready connection.

    With the standard endpoint, a job is forked from the console's fork server once
    that has warmed up (a few milliseconds); until then, or when it fails, or when the
    runspace names another endpoint command, the endpoint is spawned afresh (or
    ``early``, started by ``early_endpoint``, is used). The fork server itself is
    started only once a spawned job has sent its first output (or ended), or
    WARM_AFTER seconds after it started, whichever comes first, so that on two cores
    it does not compete with the first job's start.
    """
    from sessions.connection import Connection, ConnectionFailed  # noqa: PLC0415
    from shell.cmdlets.jobs.selection import job_table  # noqa: PLC0415
    from shell.language import wire_adapter  # noqa: PLC0415
    from shell.language.remoting import endpoint_argv, is_standard_endpoint  # noqa: PLC0415

    argv = list(runspace.endpoint_command or ())
    forking = hasattr(os, "fork")
    if not argv or is_standard_endpoint(argv):
        argv = endpoint_argv()      # the fastest-starting spelling of the standard endpoint
    else:
        forking = False
    table = job_table(runspace)

    def warmer() -> Callable[[], None]:
        once = threading.Lock()

        def warm() -> None:
            if once.acquire(blocking=False):
                threading.Thread(target=_fork_server, args=(table,), name="psrepl-forkserver-start",
                                 daemon=True).start()
        return warm

    started = [early]

    def connect() -> Connection:
        decoder = wire_adapter.decoder()
        transport, started[0] = started[0], None
        server = table.resources.get(FORK_SERVER) if forking else None
        if transport is not None:
            conn = Connection(transport, decoder=decoder, label=PROCESS_LABEL).handshake()
        else:
            if server is not None and server.ready:
                try:
                    return server.spawn(decoder=decoder, label=PROCESS_LABEL)
                except ConnectionFailed:
                    pass            # the fork server is gone: a fresh process still runs the job
            conn = Connection.start_process(argv, decoder=decoder, label=PROCESS_LABEL)
        if forking and (server is None or not server.alive):
            # Warm a fork server for the next jobs (a job that is silent for a while,
            # e.g. `sleep 100`, should not keep the next ones from being forked).
            warm = conn.on_first_output = warmer()
            timer = threading.Timer(WARM_AFTER, warm)
            timer.daemon = True
            timer.start()
        return conn
    return connect


class StartJob(CollectsInput):
    """Start-Job [-ScriptBlock] <scriptblock> [-Name] [-ArgumentList] [-InitializationScript] ..."""

    name = "Start-Job"
    aliases = ("sajb",)
    synopsis = "Starts a background job in a separate process."
    description = ("Runs the script block in a new psrepl process with its own runspace and returns "
                   "the job at once. Results come back serialized (Deserialized. objects) and are "
                   "read with Receive-Job. $using: variables and -ArgumentList pass values in; "
                   "-InitializationScript runs first in the same process. The job, and any program "
                   "it started, is stopped when this console ends.")
    examples = (
        "$j = Start-Job { 1..3 | % { \"Output $_\" } }; Wait-Job $j | Out-Null; Receive-Job $j",
        "Start-Job -ScriptBlock { param($p) Get-ChildItem $p } -ArgumentList ~",
        "Start-Job -FilePath ./collect.ps1 -Name Collect",
        "Get-Process &",
    )
    params = START_PARAMS + (
        Param("LiteralPath", "string", aliases=("PSPath", "LP"), completer="path",
              help="A script file the job runs, its path taken as typed (no wildcards)."),
    )

    def end(self) -> None:
        request = start_request(self, self._piped)
        args, using, options = wire_arguments(request.args, request.using, request.input)
        # The job machinery is imported only now, while the first job's process boots.
        early = early_endpoint(self.runspace)
        try:
            from jobs.process_job import ProcessWork  # noqa: PLC0415
            from shell.cmdlets.jobs.live import ShellBackgroundJob  # noqa: PLC0415
            from shell.cmdlets.jobs.selection import job_table  # noqa: PLC0415

            table = job_table(self.runspace)
            init = request.init
            work = ProcessWork(endpoint_connector(self.runspace, early), request.block.text, args=args,
                               using=using, init_script=init.text if init is not None else None,
                               options={"cwd": request.location, **options}, reason=failure_reason)
            job = ShellBackgroundJob(table.next_id(), table.next_id(), request.command, work,
                                     name=self.job_name)
            table.add(job)
        except BaseException:
            if early is not None:
                early.close()
            raise
        job.start()
        self.write(job)
