"""What remote results look like locally: PSComputerName on every result, errors that name the computer.

As PowerShell does (about_Remote_Output): every object that comes back from
Invoke-Command (-ComputerName, -Session, and -AsJob's RemoteJob, whose Receive-Job
gives the same objects) carries ``PSComputerName``, ``RunspaceId`` and
``PSShowComputerName`` (False with -HideComputerName, which changes only the
display: the formatter then leaves the PSComputerName column out). A string, an
integer or a double comes back as a copy of itself that carries the three as note
properties (shell/language/noted.py: ``NotedStr``...) and otherwise behaves as the
value: it prints as itself, adds, compares, converts and crosses the wire as it.
Every such value from one computer shares one notes dict (``SharedNotes``), so
stamping costs a copy of the value and one attribute store. Booleans and $null
stay plain: Python's ``bool`` cannot be subclassed and ``None`` has no class of its
own, so ``$r.PSComputerName`` of ``$true`` is $null here (PowerShell gives the
computer). As in PowerShell, only the top-level output objects are stamped, not the
values inside arrays or hashtables (nor, here, arrays, hashtables and dates
themselves, which cannot carry notes yet).

A command that ends with a terminating error on the far side becomes a
*non-terminating* error locally, naming the computer (``[Server01] ...``), so one
computer cannot abort the others; a computer that cannot be reached gives one
such error and the others carry on.
"""

from __future__ import annotations

from typing import Any, Callable

from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.noted import SharedNotes, all_with_notes
from shell.language.psobject import PSObject


def stamper(runspace_ids: dict[str, str], hide: bool) -> Callable[[str, int, list], list]:
    """The ``transform`` of a RemoteWork: adds PSComputerName/RunspaceId/PSShowComputerName.

    ``runspace_ids``: computer -> the session's InstanceId (filled in as sessions open).
    """
    show = not hide
    shared: dict[tuple[str, str], SharedNotes] = {}

    def stamp(computer: str, stream: int, objs: list) -> list:
        if stream != 1:
            return objs
        rid = runspace_ids.get(computer, "")
        others = False
        for obj in objs:
            if obj.__class__ is PSObject:
                props = obj.properties
                props["PSComputerName"] = computer
                props["RunspaceId"] = rid
                props["PSShowComputerName"] = show
            else:
                others = True
        if not others:
            return objs
        notes = shared.get((computer, rid))
        if notes is None:
            notes = shared[computer, rid] = SharedNotes(
                PSComputerName=computer, RunspaceId=rid, PSShowComputerName=show)
        return all_with_notes(objs, notes)
    return stamp


def error_of(computer: str, reason: Any) -> ErrorRecord:
    """A failed remote command's reason (a str, a decoded ErrorRecord, an exception) as an ErrorRecord."""
    if isinstance(reason, PSRuntimeError):
        record = reason.record
    elif isinstance(reason, ErrorRecord):
        record = reason
    else:
        message = getattr(reason, "message", None) or str(reason or f"The command failed on {computer}.")
        record = ErrorRecord(str(message), category=ErrorCategory.OPERATION_STOPPED, error_id="JobFailure",
                             target=computer, exception_type="System.Management.Automation.Remoting."
                             "PSRemotingTransportException")
    if not record.computer_name:
        record.computer_name = computer
    return record


def job_reason(computer: str, reason: Any) -> PSRuntimeError:
    """A RemoteJob child's Reason: an exception carrying the error (``.Reason.Message``), as in PowerShell."""
    return PSRuntimeError(error_of(computer, reason))


def open_reason(computer: str, exc: BaseException) -> PSRuntimeError:
    """The Reason of a child whose computer could not be reached."""
    from shell.cmdlets.sessions.connect import open_error  # noqa: PLC0415

    return PSRuntimeError(open_error(computer, exc))
