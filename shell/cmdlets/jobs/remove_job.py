"""Remove-Job: drop jobs from the table; a job that has not finished needs -Force (it is stopped first)."""

from __future__ import annotations

from jobs.job import Job
from shell.cmdlets.jobs.selection import SelectsJobs, selector_params, unique
from shell.cmdlets.jobs.stop_job import stop_jobs
from shell.language.cmdlet import Param
from shell.language.errors import ErrorCategory


class RemoveJob(SelectsJobs):
    """Remove-Job [-Job] <Job[]> [-Force] [-State <JobState>]."""

    name = "Remove-Job"
    aliases = ("rjb",)
    synopsis = "Deletes jobs."
    description = ("Removes finished jobs and their results from the session. A job that is still "
                   "running is refused unless -Force is given, which stops it first.")
    examples = ("Remove-Job -Id 1", "Get-Job | Remove-Job", "Remove-Job -State Completed",
                "Remove-Job $job -Force")
    params = selector_params("remove") + (
        Param("State", "string", help="Remove every job in this state."),
        Param("Command", "string[]", help="Remove the jobs whose command matches."),
        Param("Force", "switch", aliases=("F",), help="Stop and remove jobs that have not finished."),
    )

    def end(self) -> None:
        table = self.runspace.job_table
        removable: list[Job] = []
        for job in unique(self._jobs):
            if job.parent is not None:
                self.write_error(f"The command cannot remove the job with the job ID {job.Id} because "
                                 f"it is a child job. Remove its parent job instead.",
                                 category=ErrorCategory.INVALID_OPERATION, target=job,
                                 error_id="CannotRemoveChildJob")
                continue
            if not job.finished and not self.force:
                self.write_error(f"The command cannot remove the job with the job ID {job.Id} because "
                                 f"the job is not finished. To remove the job, first stop the job, or "
                                 f"use the Force parameter.", category=ErrorCategory.INVALID_OPERATION,
                                 target=job, error_id="JobObjectNotFinishedCannotBeRemoved")
                continue
            removable.append(job)
        stop_jobs(self, [j for j in removable if not j.finished])
        for job in removable:
            table.remove(job)
