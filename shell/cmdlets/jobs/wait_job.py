"""Wait-Job: wait until jobs end (all, or the first with -Any), optionally with a timeout.

As in PowerShell, a timeout returns nothing and raises no error (the jobs keep
running). The wait is interruptible: Ctrl+C returns to the prompt and leaves the
jobs running.
"""

from __future__ import annotations

from jobs.states import JobState
from jobs.waiting import ended, wait_jobs
from shell.cmdlets.jobs.selection import SelectsJobs, filter_param, selector_params, unique
from shell.language.cmdlet import Param


class WaitJob(SelectsJobs):
    """Wait-Job [-Job] <Job[]> [-Any] [-Timeout <int>] [-Force]."""

    name = "Wait-Job"
    aliases = ("wjb",)
    synopsis = "Waits until one or all of the jobs have ended."
    description = ("Blocks until the jobs are Completed, Failed or Stopped (or Disconnected, unless "
                   "-Force), then writes the jobs that ended. With -Any it returns as soon as one has "
                   "ended. With -Timeout (seconds) it gives up quietly: nothing is written and the "
                   "jobs keep running.")
    examples = (
        "Wait-Job -Id 1",
        "Get-Job | Wait-Job -Any",
        "Wait-Job $job -Timeout 30",
        "Get-Job | Wait-Job | Receive-Job",
    )
    params = selector_params("wait for") + (
        filter_param("wait for"),
        Param("State", "string", help="Wait for the jobs in this state."),
        Param("Any", "switch", help="Return when any one of the jobs has ended."),
        Param("Timeout", "int", aliases=("TimeoutSec",), default=-1,
              help="Give up after this many seconds (-1: wait for ever)."),
        Param("Force", "switch", help="Keep waiting for Disconnected jobs."),
    )

    def end(self) -> None:
        jobs = unique(self._jobs)
        if not jobs:
            return
        if any(j.State is JobState.BLOCKED for j in jobs):
            self.throw("Wait-Job cannot finish working, because one or more jobs are blocked waiting "
                       "for user interaction. Process interactive job output by using the Receive-Job "
                       "cmdlet, and then try again.", category="DeadlockDetected",
                       error_id="BlockedJobsDeadlockWithWaitJob")
        timeout = None if self.timeout is None or int(self.timeout) < 0 else float(self.timeout)
        stop = self.runspace.stop_event
        done = wait_jobs(jobs, any_one=self.any, timeout=timeout, stop_event=stop, force=self.force)
        if stop.is_set():
            self.check_stopping()
        satisfied = bool(done) if self.any else len(done) == len(jobs)
        if not satisfied:
            return          # timed out: nothing, no error, the jobs keep running
        written = [job for job in jobs if ended(job, self.force)]
        for job in written[:1] if self.any else written:
            self.write(job)
        if any(not job.finished for job in done):
            # A Disconnected job ended the wait without finishing (PowerShell warns likewise).
            self.write_warning("One or more jobs are in a suspended or disconnected state, and cannot "
                               "continue without additional user input. Specify the -Force parameter to "
                               "continue to a completed, failed, or stopped state.")
