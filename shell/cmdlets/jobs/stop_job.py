"""Stop-Job: stop jobs (and their children); the jobs stay in the table, Stopped.

A thread job is stopped through its runspace (the interpreter stops the pipeline and
kills a native program it is waiting for); a background job through its invocation,
and its process is killed if it does not stop in time. Stop-Job waits for the jobs
to reach Stopped, as PowerShell's does, for at most ``STOP_WAIT`` seconds.
"""

from __future__ import annotations

from jobs.job import Job
from jobs.waiting import wait_until
from shell.cmdlets.jobs.selection import SelectsJobs, filter_param, selector_params, unique
from shell.language.cmdlet import Cmdlet, Param

#: How long Stop-Job waits for a job to stop by itself before forcing it.
STOP_WAIT = 2.0


def stop_jobs(cmdlet: Cmdlet, jobs: list[Job]) -> None:
    """Stop ``jobs``, wait (interruptibly) up to STOP_WAIT seconds, force what is left."""
    for job in jobs:
        job.stop()
    live = [j for j in jobs if not j.finished]
    if not live:
        return
    stop = cmdlet.runspace.stop_event
    wait_until(live, lambda: all(j.finished for j in live), timeout=STOP_WAIT, stop_event=stop)
    if stop.is_set():
        cmdlet.check_stopping()
    for job in live:
        if not job.finished:
            job.force_stopped()


class StopJob(SelectsJobs):
    """Stop-Job [-Job] <Job[]> [-PassThru]."""

    name = "Stop-Job"
    aliases = ("spjb",)
    synopsis = "Stops running jobs."
    description = ("Stops the jobs and their child jobs, including native programs they are running. "
                   "The jobs are not removed: their results can still be received.")
    examples = ("Stop-Job -Id 1", "Get-Job -State Running | Stop-Job", "Stop-Job $job -PassThru")
    params = selector_params("stop") + (
        filter_param("stop"),
        Param("State", "string", help="Stop every job in this state."),
        Param("PassThru", "switch", help="Write the stopped jobs."),
    )

    def end(self) -> None:
        jobs = unique(self._jobs)
        stop_jobs(self, jobs)
        if self.pass_thru:
            for job in jobs:
                self.write(job)
