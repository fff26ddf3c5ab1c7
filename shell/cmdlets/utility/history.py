"""Get-History, Invoke-History and Clear-History over ``runspace.history``.

An entry is the command line (a string), or an object with ``command_line`` and
optionally ``start_time``/``end_time`` (datetimes) and ``status``, from which the
Duration column is made. The line being run now is not shown (PowerShell adds a
line to the history when it has finished).
"""

from __future__ import annotations

import datetime
from typing import Any

from shell.cmdlets.items.paths import name_matches
from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord
from shell.language.psobject import PSLive


class HistoryInfo(PSLive):
    """One history entry (``Microsoft.PowerShell.Commands.HistoryInfo``)."""

    ps_type_names = ("Microsoft.PowerShell.Commands.HistoryInfo", "System.Object")
    ps_properties = ("Id", "CommandLine", "ExecutionStatus", "StartExecutionTime",
                     "EndExecutionTime", "Duration")
    ps_table = ("Id", "Duration", "CommandLine")

    # Declared on the class: PowerShell property lookup (psobject.live_attribute) reads the class.
    Id = 0
    CommandLine = ExecutionStatus = ""
    StartExecutionTime: datetime.datetime | None = None
    EndExecutionTime: datetime.datetime | None = None

    def __init__(self, number: int, entry: Any) -> None:
        self.Id = number
        if isinstance(entry, str):
            self.CommandLine = entry
            self.StartExecutionTime = None
            self.EndExecutionTime = None
            self.ExecutionStatus = "Completed"
        else:
            self.CommandLine = str(getattr(entry, "command_line", entry))
            self.StartExecutionTime = getattr(entry, "start_time", None)
            self.EndExecutionTime = getattr(entry, "end_time", None)
            self.ExecutionStatus = str(getattr(entry, "status", "Completed"))

    @property
    def Duration(self) -> Any:
        """How long the command ran, as a TimeSpan (None when not recorded)."""
        if self.StartExecutionTime is None or self.EndExecutionTime is None:
            return None
        from shell.language.timespan import TimeSpan  # noqa: PLC0415
        return TimeSpan.from_timedelta(self.EndExecutionTime - self.StartExecutionTime)

    def __str__(self) -> str:
        return self.CommandLine

    def __repr__(self) -> str:
        return f"HistoryInfo({self.Id}, {self.CommandLine!r})"


def entries(cmdlet: Cmdlet) -> list[HistoryInfo]:
    """The history, oldest first, without the line now running."""
    history = list(cmdlet.runspace.history)
    current = cmdlet.extent.source.strip() if cmdlet.extent is not None else None
    items = [HistoryInfo(n, e) for n, e in enumerate(history, 1)]
    if current is not None and items and items[-1].CommandLine.strip() == current:
        items.pop()
    return items


def _ints(value: Any) -> list[int]:
    if value is None:
        return []
    return [int(v) for v in (value if isinstance(value, (list, tuple)) else [value])]


def _not_found(entry_id: Any) -> ErrorRecord:
    return ErrorRecord(f"Cannot locate history for Id {entry_id}.",
                       category=ErrorCategory.OBJECT_NOT_FOUND, error_id="GetHistoryNotFound",
                       target=entry_id, exception_type="System.ArgumentException")


class GetHistory(Cmdlet):
    """Get-History [[-Id] <long[]>] [[-Count] <int>]."""

    name = "Get-History"
    aliases = ("h", "history", "ghy")
    synopsis = "Gets a list of the commands entered during the current session."
    description = "Lists the command lines run in this session (the last -Count of them, or the ones with these -Id)."
    examples = ("Get-History", "Get-History -Count 5", "Get-History 3 | Invoke-History")
    params = (
        Param("Id", "long[]", position=0, pipeline=True, help="The entries' numbers."),
        Param("Count", "int", position=1, help="How many of the most recent entries."),
    )

    def process(self) -> None:
        """Write the entries."""
        items = entries(self)
        ids = _ints(self.id)
        if ids:
            by_id = {i.Id: i for i in items}
            for entry_id in ids:
                if entry_id in by_id:
                    self.write(by_id[entry_id])
                else:
                    self.write_error(_not_found(entry_id))
            return
        if self.count is not None:
            items = items[-self.count:] if self.count > 0 else []
        for item in items:
            self.write(item)


class InvokeHistory(Cmdlet):
    """Invoke-History [[-Id] <string>]."""

    name = "Invoke-History"
    aliases = ("r", "ihy")
    synopsis = "Runs commands from the session history."
    description = ("Runs a history entry again: the last one, the one with this number, or the "
                   "latest one starting with this text. The command line is shown first.")
    examples = ("Invoke-History", "Invoke-History 3", "r Get-Ch")
    params = (
        Param("Id", "string", position=0, pipeline=True, by_property_name=True,
              help="The entry's number, or the start of its command line."),
    )

    def process(self) -> None:
        """Show, then run, the chosen entry."""
        items = [i for i in entries(self) if not _is_invoke_history(self, i.CommandLine)]
        chosen = self._choose(items)
        if chosen is None:
            return
        self.host.write(chosen.CommandLine + "\n")
        self.runspace.engine.invoke_text(chosen.CommandLine, output=self._out, emit=self._emit)

    def _choose(self, items: list[HistoryInfo]) -> HistoryInfo | None:
        spec = None if self.id is None else str(self.id).strip()
        if not spec:
            if not items:
                self.write_error(ErrorRecord("Cannot invoke history: the history is empty.",
                                             category=ErrorCategory.OBJECT_NOT_FOUND,
                                             error_id="InvokeHistoryNoLastHistoryEntryFound"))
                return None
            return items[-1]
        if spec.isdigit():
            for item in items:
                if item.Id == int(spec):
                    return item
            self.write_error(_not_found(spec))
            return None
        for item in reversed(items):
            if item.CommandLine.lower().startswith(spec.lower()):
                return item
        self.write_error(ErrorRecord(f"No history command line starts with '{spec}'.",
                                     category=ErrorCategory.OBJECT_NOT_FOUND,
                                     error_id="NoHistoryForCommandline", target=spec))
        return None


def _is_invoke_history(cmdlet: Cmdlet, line: str) -> bool:
    """Whether a line is itself an Invoke-History call (running it again would loop)."""
    words = line.strip().split()
    if not words:
        return False
    first = words[0].lower()
    return first in ("invoke-history", "r", "ihy") or cmdlet.runspace.aliases.get(first, "").lower() == "invoke-history"


class ClearHistory(Cmdlet):
    """Clear-History [[-Id] <int[]>] [[-Count] <int>] [-CommandLine <string[]>] [-Newest]."""

    name = "Clear-History"
    aliases = ("clhy",)
    synopsis = "Deletes entries from the session history."
    description = ("Deletes the whole history, or the entries with these -Id, the oldest "
                   "(-Newest: the newest) -Count entries, or those whose command line matches "
                   "-CommandLine (wildcards).")
    examples = ("Clear-History", "Clear-History -Count 10 -Newest", "Clear-History -CommandLine *secret*")
    params = (
        Param("Id", "int[]", position=0, help="The entries' numbers."),
        Param("Count", "int", position=1, help="How many entries."),
        Param("CommandLine", "string[]", help="Entries whose command lines match these wildcards."),
        Param("Newest", "switch", help="With -Count: the newest entries instead of the oldest."),
    )

    def process(self) -> None:
        """Delete the chosen entries."""
        history = self.runspace.history
        numbered = list(enumerate(history, 1))
        drop: set[int] = set()
        ids = _ints(self.id)
        patterns = [str(p) for p in (self.command_line if isinstance(self.command_line, (list, tuple))
                                     else [self.command_line] if self.command_line else [])]
        if ids:
            known = {n for n, _ in numbered}
            for entry_id in ids:
                if entry_id in known:
                    drop.add(entry_id)
                else:
                    self.write_error(_not_found(entry_id))
        elif patterns:
            drop = {n for n, e in numbered if name_matches(HistoryInfo(n, e).CommandLine, patterns)}
        elif self.count is not None:
            chosen = numbered[-self.count:] if self.newest else numbered[: self.count]
            drop = {n for n, _ in chosen} if self.count > 0 else set()
        else:
            drop = {n for n, _ in numbered}
        history[:] = [e for n, e in numbered if n not in drop]
