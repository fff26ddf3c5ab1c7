"""Remove-Job: drop jobs from the table; a job that has not finished needs -Force (it is stopped first)."""

from __future__ import annotations

from jobs.job import Job
from shell.cmdlets.jobs.selection import SelectsJobs, filter_param, listify, selector_params, unique
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
        filter_param("remove"),
        Param("State", "string", help="Remove every job in this state."),
        Param("Command", "string[]", help="Remove the jobs whose command matches."),
        Param("Force", "switch", aliases=("F",), help="Stop and remove jobs that have not finished."),
    )

    def end(self) -> None:
        table = self.runspace.job_table
        removable: list[Job] = []
        for job in unique(self._jobs):
            if job.parent is not None:
                self.write_error("The command cannot remove the job because it does not exist or because "
                                 "it is a child job. Child jobs can be removed only by removing the "
                                 "parent job.", category=ErrorCategory.INVALID_OPERATION, target=job,
                                 error_id="CannotRemoveJob")
                continue
            if not job.finished and not self.force:
                self.write_error(self._not_finished(job), category=ErrorCategory.INVALID_OPERATION,
                                 target=job, error_id="JobObjectNotFinishedCannotBeRemoved")
                continue
            removable.append(job)
        stop_jobs(self, [j for j in removable if not j.finished])
        for job in removable:
            table.remove(job)

    def _not_finished(self, job: Job) -> str:
        """PowerShell's message for a job that is still running, which names the job the way the
        command did (by name, by instance identifier, or by Id and object)."""
        end = "because the job is not finished. To remove the job, first stop the job"
        if "InstanceId" in self.bound:
            return (f"The command cannot remove the job with the job ID {job.Id} and the instance "
                    f"identifier {job.InstanceId} {end} or use the Force parameter.")
        by_name = "Name" in self.bound or (
            "Job" in self.bound and all(isinstance(v, str) and not v.strip().lstrip("-").isdigit()
                                        for v in listify(self.job)))
        if by_name:
            return (f"The command cannot remove the job with the job ID {job.Id} and the name {job.Name} "
                    f"{end}, or use the Force parameter.")
        return f"The command cannot remove the job with the job ID {job.Id} {end}, or use the Force parameter."
