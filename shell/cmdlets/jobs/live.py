"""The job kinds as shell objects, and what a ThreadJob runs (the jobs library knows no language).

``jobs`` cannot import ``shell``, so its classes only look like ``PSLive`` objects
(``ps_type_names``/``ps_properties``/``ps_table``); the classes here are the same
kinds that also *are* PSLive, so that every part of the shell that asks
``isinstance(x, PSLive)`` (the wire adapter sending a job to a client, members,
formatting) treats a job as the live object it is.

``thread_body`` builds what a ThreadJob runs on its worker thread: a fresh runspace
whose host (``JobHost``) writes into the job's buffers, the caller's ``$using:``
values, and the script block run with ``-ArgumentList`` bound to ``param()``/``$args``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from jobs.job import JobError
from jobs.process_job import BackgroundJob, ProcessChildJob
from jobs.table import JobTable
from jobs.thread_job import ThreadJob
from shell.cmdlets.jobs.jobhost import JobHost
from shell.language.errors import ControlSignal, ExitSignal, PipelineStoppedError, PSRuntimeError
from shell.language.psobject import PSLive
from shell.language.scriptblock import ScriptBlock
from shell.language.streams import Stream

if TYPE_CHECKING:
    from jobs.thread_job import ThrottlePool
    from shell.cmdlets.jobs.start_options import StartRequest
    from shell.language.host import Host
    from shell.language.runspace import Runspace


class ShellThreadJob(ThreadJob, PSLive):
    """Start-ThreadJob's job (a ThreadJob that is also a PSLive)."""


class ShellProcessChildJob(ProcessChildJob, PSLive):
    """The child of Start-Job's job: the endpoint process that runs the script."""

    # A remoting job's results stay open while it runs, so HasMoreData is True until it
    # ends (PowerShell's PSRemotingChildJob), whether or not anything has arrived yet.
    results_open_while_running = True


class ShellBackgroundJob(BackgroundJob, PSLive):
    """Start-Job's job (a BackgroundJob that is also a PSLive)."""

    results_open_while_running = True
    child_class = ShellProcessChildJob


def run_script(job: Any, rs: Runspace, blocks: list[tuple[ScriptBlock, list[Any], Any]]) -> None:
    """Run ``blocks`` (block, args, $input) in the job's runspace ``rs``, in order, into ``job``.

    A block without args or input (the initialization script) runs in the job's global
    scope, so the functions and variables it defines are there for the script.

    A ``throw`` (script-terminating) fails the job with the error as the reason; another
    terminating error is written to the job's Error stream and ends the script, and the
    job completes, as a PowerShell job's script does. ``exit`` ends the job normally.
    """
    def out(obj: Any) -> None:
        job.write(Stream.OUTPUT, obj)
    # Records go straight into the job's buffers, unless a -StreamingHost is to show
    # Write-Host output at once: then the JobHost sorts them (host text there, the rest here).
    emit = rs.host.write_record if getattr(rs.host, "streaming", None) is not None else job.write
    engine = rs.engine
    try:
        for block, args, input_ in blocks:
            plain = not args and input_ is None
            engine.invoke_block(ScriptBlock(block.ast, block.text, rs), args, input=input_,
                                new_scope=not plain, output=out, emit=emit)
    except PSRuntimeError as err:
        if err.script_terminating:
            raise
        job.write(Stream.ERROR, err.record)
    except (PipelineStoppedError, ExitSignal, ControlSignal):
        pass
    except RecursionError:
        raise JobError("The script failed due to call depth overflow.") from None
    except Exception as err:  # noqa: BLE001 - a bug in psrepl fails the job, never the console
        raise JobError(f"Internal error in psrepl: {type(err).__name__}: {err}") from None


def thread_body(caller: Runspace, request: StartRequest, pool: ThrottlePool,
                streaming: Host | None = None) -> Callable[[ThreadJob], None]:
    """The callable a ThreadJob runs: a fresh runspace, then the init script and the script."""
    def body(job: ThreadJob) -> None:
        from shell.language.runspace import Runspace  # noqa: PLC0415 - cheap, already imported
        rs = Runspace(JobHost(job, streaming), commands=caller.commands, location=request.location,
                      computer_name=caller.computer_name)
        rs.using_values = request.using
        rs.endpoint_command = caller.endpoint_command
        # Jobs started inside this job share the console's throttle pool (one pool per console,
        # as PowerShell's is per session) and end with this job's runspace.
        table = JobTable(pool)
        rs.job_table = table
        rs.on_exit.append(table.stop_all)
        job.set_stopper(rs.request_stop)
        blocks: list[tuple[ScriptBlock, list[Any], Any]] = []
        if request.init is not None:
            blocks.append((request.init, [], None))
        blocks.append((request.block, request.args, request.input))
        try:
            run_script(job, rs, blocks)
        finally:
            rs.close()
    return body
