"""Receive-Job: a job's results, re-emitted on the caller's streams in the order they were written.

Output goes down the pipeline; errors become non-terminating errors, warnings
warnings, and so on, interleaved exactly as the job wrote them (PowerShell's
ThreadJob groups them by stream: issue 24330). A Failed job's reason is on its
Error stream (the jobs library puts it there), so it is shown as an error.

With ``-Wait`` results are streamed as they come until every job has ended; the
wait is interruptible (Ctrl+C returns to the prompt and the job keeps running).
"""

from __future__ import annotations

from typing import Any

from jobs.job import Job
from jobs.states import JobState
from jobs.waiting import ended, wait_until
from shell.cmdlets.core.properties import wildcard_match
from shell.cmdlets.jobs.selection import ask_mandatory, job_table, named_job, select, selector_params
from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.psobject import PSObject
from shell.language.streams import Stream


_NEEDS_WAIT = "The %s parameter cannot be used without the -Wait parameter"
#: The type name every remoting job (BackgroundJob, RemoteJob) carries: PSRemotingJob.
_REMOTING = "System.Management.Automation.PSRemotingJob"
_NO_COMPUTER = ("The command cannot retrieve the jobs of the specified computers. The ComputerName "
                "parameter can be used only with jobs created by using Windows PowerShell remoting.")
_NO_SESSION = "The Session parameter can be used only with PSRemotingJob objects."


def as_error_record(item: Any) -> ErrorRecord:
    """Whatever a job put on its Error stream, as an ErrorRecord (a failure reason, a wire error)."""
    if isinstance(item, ErrorRecord):
        return item
    if isinstance(item, PSRuntimeError):
        return item.record
    record = getattr(item, "record", None)
    if isinstance(record, ErrorRecord):
        return record
    if isinstance(item, BaseException):
        message = str(item) or type(item).__name__
        return ErrorRecord(message, category=ErrorCategory.NOT_SPECIFIED, error_id="JobStateFailed",
                           exception_type="System.Management.Automation.RemoteException",
                           inner=item)
    return ErrorRecord(str(item), category=ErrorCategory.NOT_SPECIFIED)


def state_event(job: Job, previous: JobState) -> PSObject:
    """What ``-WriteEvents`` writes when a job changes state."""
    return PSObject({"Job": job, "JobStateInfo": job.JobStateInfo, "PreviousJobStateInfo": previous},
                    type_names=["System.Management.Automation.JobStateEventArgs", "System.EventArgs",
                                "System.Object"],
                    string_form=f"{job.Name} changed state from {previous.value} to {job.State.value}")


class ReceiveJob(Cmdlet):
    """Receive-Job [-Job] <Job[]> [-Keep] [-Wait] [-AutoRemoveJob] [-WriteEvents] [-WriteJobInResults]."""

    name = "Receive-Job"
    aliases = ("rcjb",)
    synopsis = "Gets the results of jobs."
    description = ("Returns what the jobs have written so far, on the same streams (output, errors, "
                   "warnings, ...) in the order it was written. The results are removed from the job "
                   "unless -Keep is given. -Wait streams results as they come until the jobs end.")
    examples = (
        "Receive-Job -Id 1",
        "$job | Receive-Job -Keep",
        "Get-Job | Wait-Job | Receive-Job",
        "Receive-Job $job -Wait -AutoRemoveJob",
    )
    params = selector_params("receive from") + (
        Param("Location", "string[]", help="Receive only from child jobs at these locations."),
        Param("ComputerName", "string[]", aliases=("Cn",),
              help="Receive only from the child jobs run on these computers (remoting jobs)."),
        Param("Session", "object[]", help="Receive only from the child jobs run in these sessions "
                                          "(Invoke-Command -AsJob -Session)."),
        Param("Keep", "switch", help="Leave the results in the job, to be received again."),
        Param("Wait", "switch", help="Stream results until the jobs have ended."),
        Param("AutoRemoveJob", "switch", help="With -Wait: remove the jobs once they have ended."),
        Param("WriteEvents", "switch", help="With -Wait: report each change of the jobs' state."),
        Param("WriteJobInResults", "switch", help="With -Wait: write the job object before its results."),
        Param("NoRecurse", "switch", help="Receive from the job itself, not its child jobs."),
        Param("Force", "switch", help="With -Wait: keep waiting through Disconnected."),
    )

    def begin(self) -> None:
        # PowerShell's checks, in its order (ReceiveJobCommand.BeginProcessing).
        if not self.wait:
            for given, message in ((self.auto_remove_job, _NEEDS_WAIT % "-AutoRemoveJob"),
                                   (self.write_job_in_results, _NEEDS_WAIT % "-WriteJobInResults"),
                                   (self.write_events, "The WriteEvents parameter cannot be used "
                                                       "without the Wait parameter."),
                                   (self.force, "The -Force parameter cannot be used without the "
                                                "-Wait parameter.")):
                if given:
                    self.throw(message, category=ErrorCategory.INVALID_OPERATION,
                               error_id="System.InvalidOperationException")
        job_table(self.runspace)

    def process(self) -> None:
        piped = self.expecting_input and "Job" not in self.bound
        if not piped and not self.bound & {"Job", "Id", "Name", "InstanceId"}:
            self.job = ask_mandatory(self, "Job")   # the default (Location) set's mandatory -Job
        jobs = select(self, jobs=self.job, ids=self.id, names=self.names, instance_ids=self.instance_id,
                      piped=piped, named=named_job(self))
        if not jobs:
            return
        sources = {id(job): self._sources(job) for job in jobs}
        jobs = [job for job in jobs if sources[id(job)] is not None]
        if self.wait:
            self._receive_waiting(jobs, sources)
        else:
            for job in jobs:
                for source in sources[id(job)]:
                    self._emit_entries(source.receive(keep=self.keep, recurse=False))

    # ----------------------------------------------------------- helpers
    def _sources(self, job: Job) -> list[Job] | None:
        """The jobs whose buffers are read for ``job``: itself and (unless -NoRecurse) its children,
        limited to -Location, -ComputerName or -Session when given. None (an error written)
        when -ComputerName or -Session is given for a job that is not a remoting job."""
        sources = [job] if self.no_recurse else [job, *job.descendants()]
        if self.location:
            places = [str(p) for p in self.location]
            sources = [s for s in sources if any(wildcard_match(p, s.Location) for p in places)]
        if self.computer_name is not None or self.session is not None:
            if _REMOTING not in job.ps_type_names:
                which = ("ComputerName", _NO_COMPUTER) if self.computer_name is not None else \
                    ("Session", _NO_SESSION)
                self.write_error(which[1], category=ErrorCategory.INVALID_ARGUMENT, target=job,
                                 error_id=f"{which[0]}ParameterNotSupported")
                return None
            children = list(job.descendants())
            if self.computer_name is not None:
                names = [str(n) for n in self.computer_name]
                children = [c for c in children if any(wildcard_match(n, c.Location) for n in names)]
            if self.session is not None:
                wanted = self.session if isinstance(self.session, list) else [self.session]
                children = [c for c in children
                            if any(getattr(c, "session", None) is s for s in wanted if s is not None)]
            sources = children
        return sources

    def _emit_entries(self, entries: list[tuple[int, int, Any]]) -> None:
        for _, stream, record in entries:
            if stream == Stream.OUTPUT:
                self.write(record)
            elif stream == Stream.ERROR:
                error = as_error_record(record)
                if error.command is None:
                    # Written as the job wrote it (PowerShell's PreserveInvocationInfoOnce): a
                    # `throw` in the job reads "Exception: ...", not "Receive-Job: ...".
                    error.command = ""
                self.write_error(error)
            else:
                self._emit(Stream(stream), record)

    def _receive_waiting(self, jobs: list[Job], sources: dict[int, list[Job]]) -> None:
        """Stream every job's results until all have ended (or Ctrl+C)."""
        seen_seq: dict[int, int] = {}          # -Keep: last sequence number emitted per source
        previous = {id(job): job.State for job in jobs}
        if self.write_job_in_results:
            for job in jobs:
                self.write(job)

        def written() -> int:
            return sum(job.records_written for job in jobs)

        def states() -> list[JobState]:
            return [job.State for job in jobs]

        while True:
            mark, seen_states = written(), states()
            all_ended = all(ended(job, self.force) for job in jobs)
            for job in jobs:
                for source in sources[id(job)]:
                    self._emit_entries(self._fresh(source, seen_seq))
                if self.write_events and job.State is not previous[id(job)]:
                    self.write(state_event(job, previous[id(job)]))
                    previous[id(job)] = job.State
            if all_ended:
                break
            done = wait_until(jobs, lambda: written() != mark or states() != seen_states,
                              stop_event=self.runspace.stop_event)
            if not done:
                self.check_stopping()
        if self.auto_remove_job:
            table = self.runspace.job_table
            for job in jobs:
                if job.finished and job.parent is None:
                    table.remove(job)

    def _fresh(self, source: Job, seen_seq: dict[int, int]) -> list[tuple[int, int, Any]]:
        """What ``source`` holds that this call has not emitted yet."""
        if not self.keep:
            return source.receive(recurse=False)
        last = seen_seq.get(id(source), -1)
        entries = [e for e in source.receive(keep=True, recurse=False) if e[0] > last]
        if entries:
            seen_seq[id(source)] = entries[-1][0]
        return entries
