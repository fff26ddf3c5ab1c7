"""Get-Job: the jobs of this runspace, filtered."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from jobs.job import Job
from shell.cmdlets.jobs.selection import named_job, parse_state, select, unique
from shell.language.cmdlet import Cmdlet, Param


class GetJob(Cmdlet):
    """Get-Job [[-Id] <int[]>] [-Name] [-State] [-InstanceId] [-Command] [-HasMoreData] [-Newest]
    [-IncludeChildJob] [-ChildJobState] [-Before] [-After] [-Filter]."""

    name = "Get-Job"
    aliases = ("gjb",)
    synopsis = "Gets the jobs started in the current session."
    description = ("Lists the jobs of this session (thread jobs, background jobs, remote jobs) with "
                   "their state and whether they hold results not yet received. Without parameters, "
                   "every job is listed. -IncludeChildJob also lists child jobs; -ChildJobState lists "
                   "the child jobs in that state. An object piped in selects jobs by its InstanceId, "
                   "Id, Name, Command or State property.")
    examples = (
        "Get-Job",
        "Get-Job -State Running",
        "Get-Job -Name Job2 | Receive-Job",
        "Get-Job -Newest 2",
        "Get-Job -HasMoreData $true",
        "[pscustomobject]@{Command='*Get-Process*'} | Get-Job",
    )
    params = (
        Param("Id", "object[]", position=0, aliases=("SessionId",),
              help="Ids of the jobs to get (a name given here is taken as -Name)."),
        Param("Job", "object[]", pipeline=True, help="Job objects (from the pipeline)."),
        Param("Name", "string[]", attr="names", help="Names of the jobs to get; wildcards are allowed."),
        Param("InstanceId", "string[]", help="Instance identifiers (GUIDs) of the jobs to get."),
        Param("State", "string", help="Gets only the jobs in this state (a JobState name)."),
        Param("Command", "string[]", help="Gets the jobs whose command matches (wildcards allowed)."),
        Param("HasMoreData", "bool", help="Gets only the jobs that do (or do not) hold unreceived data."),
        Param("Newest", "int", help="Gets only this many of the most recently started jobs."),
        Param("IncludeChildJob", "switch", help="Lists child jobs as well."),
        Param("ChildJobState", "string", help="Lists the child jobs in this state too."),
        Param("Before", "datetime", help="Gets the jobs that ended before this date and time."),
        Param("After", "datetime", help="Gets the jobs that ended after this date and time."),
        Param("Filter", "hashtable", help="Property values of the jobs to get (all must match)."),
    )

    def begin(self) -> None:
        self._found: list[Job] = []
        self._piped = False

    def process(self) -> None:
        if self.expecting_input and "Job" not in self.bound and self.job is not None:
            self._piped = True
            self._found.extend(select(self, jobs=self.job, states=self.state, piped=True))

    def end(self) -> None:
        child_state = None
        if self.child_job_state is not None:
            child_state = parse_state(self, self.child_job_state, "ChildJobState")
        if not self._piped:
            self._found = select(self, jobs=self.id, names=self.names, instance_ids=self.instance_id,
                                 commands=self.command, states=self.state, filters=self.filter,
                                 all_if_none=True, named=named_job(self, "Id"))
        jobs = unique(self._found)
        if child_state is not None:
            # PowerShell: the parents, and their child jobs in that state (-IncludeChildJob
            # then makes no difference).
            jobs = unique(self._with_children(jobs, lambda c: c.State.value == child_state))
        elif self.include_child_job:
            jobs = unique(self._with_children(jobs, lambda c: True))
        if self.has_more_data is not None:
            jobs = [j for j in jobs if j.HasMoreData == bool(self.has_more_data)]
        if self.before is not None:
            jobs = [j for j in jobs if j.PSEndTime is not None and j.PSEndTime < self.before]
        if self.after is not None:
            jobs = [j for j in jobs if j.PSEndTime is not None and j.PSEndTime > self.after]
        if self.newest is not None:
            jobs = self._newest(jobs, int(self.newest))
        for job in jobs:
            self.write(job)

    @staticmethod
    def _with_children(jobs: list[Job], keep: Callable[[Job], bool]) -> list[Job]:
        out: list[Job] = []
        for job in jobs:
            out.append(job)
            out.extend(child for child in job.descendants() if keep(child))
        return out

    @staticmethod
    def _newest(jobs: list[Job], count: int) -> list[Job]:
        """The ``count`` most recently started jobs (by PSBeginTime; never started counts as oldest,
        as a null sorts first in PowerShell), kept in table order."""
        if count <= 0:
            return []
        ranked = sorted(jobs, key=lambda j: (j.PSBeginTime or datetime.min, j.Id))
        keep = {id(j) for j in ranked[-count:]}
        return [j for j in jobs if id(j) in keep]
