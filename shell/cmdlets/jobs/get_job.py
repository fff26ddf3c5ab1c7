"""Get-Job: the jobs of this runspace, filtered."""

from __future__ import annotations

from datetime import datetime

from jobs.job import Job
from shell.cmdlets.jobs.selection import parse_state, select, unique
from shell.language.cmdlet import Cmdlet, Param


class GetJob(Cmdlet):
    """Get-Job [[-Id] <int[]>] [-Name] [-State] [-InstanceId] [-Command] [-HasMoreData] [-Newest]
    [-IncludeChildJob] [-ChildJobState]."""

    name = "Get-Job"
    aliases = ("gjb",)
    synopsis = "Gets the jobs started in the current session."
    description = ("Lists the jobs of this session (thread jobs, background jobs, remote jobs) with "
                   "their state and whether they hold results not yet received. Without parameters, "
                   "every job is listed. -IncludeChildJob also lists child jobs.")
    examples = (
        "Get-Job",
        "Get-Job -State Running",
        "Get-Job -Name Job2 | Receive-Job",
        "Get-Job -Newest 2",
        "Get-Job -HasMoreData $true",
    )
    params = (
        Param("Id", "object[]", position=0, aliases=("SessionId",),
              help="Ids of the jobs to get (job objects are accepted too)."),
        Param("Job", "object[]", pipeline=True, help="Job objects (from the pipeline)."),
        Param("Name", "string[]", attr="names", help="Names of the jobs to get; wildcards are allowed."),
        Param("InstanceId", "string[]", help="Instance identifiers (GUIDs) of the jobs to get."),
        Param("State", "string", choices=("NotStarted", "Running", "Completed", "Failed", "Stopping",
                                          "Stopped", "Blocked", "Disconnected"),
              help="Gets only the jobs in this state."),
        Param("Command", "string[]", help="Gets the jobs whose command matches (wildcards allowed)."),
        Param("HasMoreData", "bool", help="Gets only the jobs that do (or do not) hold unreceived data."),
        Param("Newest", "int", help="Gets only this many of the most recently started jobs."),
        Param("IncludeChildJob", "switch", help="Lists child jobs as well."),
        Param("ChildJobState", "string", help="With -IncludeChildJob: only the child jobs in this state."),
    )

    def begin(self) -> None:
        self._found: list[Job] = []
        self._piped = False

    def process(self) -> None:
        if self.expecting_input and "Job" not in self.bound and self.job is not None:
            self._piped = True
            self._found.extend(select(self, jobs=self.job, states=self.state))

    def end(self) -> None:
        if not self._piped:
            self._found = select(self, jobs=self.id, names=self.names, instance_ids=self.instance_id,
                                 commands=self.command, states=self.state,
                                 include_children=self.include_child_job, all_if_none=True)
        jobs = unique(self._found)
        if self.include_child_job and ("Id" in self.bound or "Name" in self.bound
                                       or "InstanceId" in self.bound or self._piped):
            jobs = unique(self._with_children(jobs))
        if self.child_job_state is not None and self.include_child_job:
            wanted = parse_state(self, self.child_job_state)
            jobs = [j for j in jobs if j.parent is None or j.State is wanted]
        if self.has_more_data is not None:
            jobs = [j for j in jobs if j.HasMoreData == bool(self.has_more_data)]
        if self.newest is not None:
            jobs = self._newest(jobs, int(self.newest))
        for job in jobs:
            self.write(job)

    @staticmethod
    def _with_children(jobs: list[Job]) -> list[Job]:
        out: list[Job] = []
        for job in jobs:
            out.append(job)
            out.extend(job.descendants())
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
