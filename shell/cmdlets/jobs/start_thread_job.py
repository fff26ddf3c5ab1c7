"""Start-ThreadJob: run a script block in a thread of this process, under the session's throttle."""

from __future__ import annotations

from shell.cmdlets.jobs.live import ShellThreadJob, thread_body
from shell.cmdlets.jobs.selection import job_table
from shell.cmdlets.jobs.start_options import START_PARAMS, CollectsInput, start_request
from shell.language.cmdlet import Param
from shell.language.errors import ErrorCategory


class StartThreadJob(CollectsInput):
    """Start-ThreadJob [-ScriptBlock] <scriptblock> [-ArgumentList] [-ThrottleLimit <int>] ..."""

    name = "Start-ThreadJob"
    aliases = ()
    synopsis = "Starts a job that runs in a thread of this session."
    description = ("Runs the script block in its own runspace on a thread of this process. Objects "
                   "are passed by reference (no serialisation). At most -ThrottleLimit thread jobs "
                   "(default 5) run at once; the others wait in NotStarted. A new limit applies to "
                   "every later thread job of the session. A thread job that waits for other thread "
                   "jobs gives its slot up while it waits, so nested jobs cannot deadlock.")
    examples = (
        "Start-ThreadJob { Get-ChildItem ~ }",
        "$j = Start-ThreadJob -ScriptBlock { param($n) 1..$n } -ArgumentList 3",
        "1..10 | ForEach-Object { Start-ThreadJob { Start-Sleep 1; $using:_ } -ThrottleLimit 10 }",
    )
    params = START_PARAMS + (
        Param("ThrottleLimit", "int", help="How many thread jobs may run at once (default 5)."),
        Param("StreamingHost", "object", help="A host that shows Write-Host output at once."),
    )

    def end(self) -> None:
        table = job_table(self.runspace)
        pool = table.thread_pool
        if self.throttle_limit is not None:
            if int(self.throttle_limit) < 1:
                self.throw(f"Cannot validate argument on parameter 'ThrottleLimit'. The "
                           f"{self.throttle_limit} argument is less than the minimum allowed range "
                           f"of 1.", category=ErrorCategory.INVALID_ARGUMENT,
                           error_id="ParameterArgumentValidationError")
            pool.limit = int(self.throttle_limit)
        request = start_request(self, self._piped)
        job = ShellThreadJob(table.next_id(), request.command, None, pool,  # type: ignore[arg-type]
                             name=self.job_name)
        job.body = thread_body(self.runspace, request, pool, self.streaming_host)
        table.add(job)
        job.start()
        self.write(job)
