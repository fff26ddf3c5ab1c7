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

from typing import TYPE_CHECKING, Any, Callable

from jobs.process_job import BackgroundJob, ProcessWork
from shell.cmdlets.jobs.selection import job_table
from shell.cmdlets.jobs.start_options import START_PARAMS, start_request
from shell.language.cmdlet import Cmdlet
from shell.language.errors import ErrorRecord, PSRuntimeError

if TYPE_CHECKING:
    from sessions.connection import Connection
    from shell.language.runspace import Runspace

#: The label a failing job's process goes by in messages ("... exited unexpectedly").
PROCESS_LABEL = "The background job's process"


def failure_reason(reason: Any) -> Any:
    """A failed job's Reason: an exception (``$job.JobStateInfo.Reason.Message``), as in PowerShell."""
    if isinstance(reason, ErrorRecord):
        return PSRuntimeError(reason)
    return reason


def endpoint_connector(runspace: Runspace) -> Callable[[], Connection]:
    """A callable that starts one endpoint process and returns its ready connection."""
    from sessions.connection import Connection  # noqa: PLC0415
    from shell.language import wire_adapter  # noqa: PLC0415

    argv = runspace.endpoint_command
    if not argv:
        from shell.language.remoting import endpoint_argv  # noqa: PLC0415
        argv = endpoint_argv()
    argv = list(argv)

    def connect() -> Connection:
        return Connection.start_process(argv, decoder=wire_adapter.decoder(), label=PROCESS_LABEL)
    return connect


class StartJob(Cmdlet):
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
    params = START_PARAMS

    def begin(self) -> None:
        self._piped: list[Any] = []

    def process(self) -> None:
        if self.expecting_input and "InputObject" not in self.bound:
            self._piped.append(self.input_object)

    def end(self) -> None:
        from shell.language.wire_adapter import to_record  # noqa: PLC0415

        table = job_table(self.runspace)
        request = start_request(self, self._piped)
        options: dict[str, Any] = {"cwd": request.location}
        if request.input is not None:
            options["input"] = [to_record(v) for v in request.input]
        init = request.init
        work = ProcessWork(endpoint_connector(self.runspace), request.block.text,
                           args=[to_record(a) for a in request.args],
                           using={k: to_record(v) for k, v in request.using.items()},
                           init_script=init.text if init is not None else None,
                           options=options, reason=failure_reason)
        job = BackgroundJob(table.next_id(), table.next_id(), request.command, work,
                            name=self.job_name)
        table.add(job)
        job.start()
        self.write(job)
