"""Get-PSSession (gsn) and Remove-PSSession (rsn): the session table, listed and emptied.

Get-PSSession lists the sessions this console created (New-PSSession), filtered
by -Id, -Name, -ComputerName, -InstanceId and -State (All, Opened, Disconnected,
Closed, Broken); names and computer names take wildcards. Unlike PowerShell's
WSMan form, -ComputerName filters the local table: it does not ask the computer.

Remove-PSSession closes sessions (their far-side runspaces end) and removes them
from the table: by object (also from the pipeline), -Id, -Name, -ComputerName or
-InstanceId. A Broken session is removed the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shell.cmdlets.core.properties import has_wildcard
from shell.cmdlets.jobs.selection import ask_mandatory, listify
from shell.cmdlets.sessions.session_args import sessions_of
from shell.cmdlets.sessions.table import SessionTable, session_table
from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory

if TYPE_CHECKING:
    from sessions.session import ClientSession

_STATES = ("All", "Opened", "Disconnected", "Closed", "Broken")


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _missing(cmdlet: Cmdlet, message: str, value: Any, error_id: str) -> None:
    """A selector that names no session: PowerShell's PSRunspaceCmdlet error (InvalidArgument)."""
    cmdlet.write_error(message, category=ErrorCategory.INVALID_ARGUMENT, target=value, error_id=error_id)


def select_sessions(cmdlet: Cmdlet, table: SessionTable, *, ids: Any = None, names: Any = None,
                    computers: Any = None, instance_ids: Any = None,
                    missing_computer_is_error: bool = False) -> tuple[list[ClientSession], bool]:
    """(the sessions named by the selectors, whether any selector was given); misses are errors,
    worded as PowerShell's (a computer name that matches nothing only when asked: Remove-PSSession)."""
    found: list[ClientSession] = []
    given = False

    def add(session: ClientSession) -> None:
        if not any(session is f for f in found):
            found.append(session)

    for value in listify(ids):
        given = True
        session_id = _as_int(value)
        session = table.get(session_id) if session_id is not None else None
        if session is None:
            _missing(cmdlet, f"The remote session with the session ID {value} is not available.", value,
                     "RemoteRunspaceNotAvailableForSpecifiedSessionId")
        else:
            add(session)
    for value in listify(names):
        given = True
        matches = table.by_name(str(value))
        if not matches and not has_wildcard(str(value)):
            _missing(cmdlet, f"The remote session with the name {value} is not available.", value,
                     "RemoteRunspaceNotAvailableForSpecifiedName")
        for session in matches:
            add(session)
    for value in listify(computers):
        given = True
        matches = table.by_computer(str(value))
        if not matches and missing_computer_is_error:
            _missing(cmdlet, f"Remote session is not available for ComputerName {value}.", value,
                     "RemoteRunspaceNotAvailableForSpecifiedComputer")
        for session in matches:
            add(session)
    for value in listify(instance_ids):
        given = True
        text = str(value).strip().strip("{}").lower()
        match = next((s for s in table.sessions() if s.InstanceId.lower() == text), None)
        if match is None:
            _missing(cmdlet, f"Remote session is not available for {text}.", value,
                     "RemoteRunspaceNotAvailableForSpecifiedRunspaceId")
        else:
            add(match)
    return found, given


class GetPSSession(Cmdlet):
    """Get-PSSession [[-Id] <int[]> | [-ComputerName] <string[]>] [-Name <string[]>] [-State] [-InstanceId]."""

    name = "Get-PSSession"
    aliases = ("gsn",)
    synopsis = "Gets the PowerShell sessions (PSSessions) of this console."
    description = ("Lists the sessions created by New-PSSession in this console with their state "
                   "(Opened, Disconnected, Closed, Broken) and availability. Filters: -Id, -Name, "
                   "-ComputerName (wildcards allowed), -InstanceId, -State.")
    examples = ("Get-PSSession", "Get-PSSession -ComputerName Server01", "Get-PSSession -State Broken",
                "Get-PSSession -Name SSH* | Remove-PSSession")
    params = (
        Param("Id", "object[]", position=0,
              help="Ids of the sessions to get (a name given here is taken as a computer name)."),
        Param("Name", "string[]", attr="names", help="Names of the sessions (wildcards allowed)."),
        Param("ComputerName", "string[]", aliases=("Cn",), help="Computers of the sessions (wildcards allowed)."),
        Param("InstanceId", "string[]", help="Instance identifiers of the sessions."),
        Param("State", "string", help="Only sessions in this state: All (the default), Opened, "
                                      "Disconnected, Closed or Broken."),
    )

    def end(self) -> None:
        table = session_table(self.runspace)
        ids = self.id
        names = self.names
        computers = self.computer_name
        # `Get-PSSession Server01`: a positional value that is not a number is a computer name
        # (PowerShell's ComputerName parameter set), filtering this console's sessions.
        if ids is not None and any(_as_int(v) is None for v in listify(ids)):
            computers = [*listify(computers), *[v for v in listify(ids) if _as_int(v) is None]]
            ids = [v for v in listify(ids) if _as_int(v) is not None] or None
        found, given = select_sessions(self, table, ids=ids, names=names, computers=computers,
                                       instance_ids=self.instance_id)
        if not given:
            found = table.sessions()
        wanted = self._state()
        if wanted != "all":
            found = [s for s in found if s.State.value.lower() == wanted]
        for session in found:
            self.write(session)

    def _state(self) -> str:
        """-State in lower case ("all" when not given); a binding error for any other name."""
        if self.state is None:
            return "all"
        text = str(self.state).strip()
        if text.lower() in (s.lower() for s in _STATES):
            return text.lower()
        self.throw(f"Cannot bind parameter 'State'. Cannot convert value \"{text}\" to type "
                   f"\"Microsoft.PowerShell.Commands.SessionFilterState\". Error: \"Unable to match the "
                   f"identifier name {text} to a valid enumerator name. Specify one of the following "
                   f"enumerator names and try again:\n{', '.join(_STATES)}\"",
                   category=ErrorCategory.INVALID_ARGUMENT, error_id="CannotConvertArgumentNoMessage")


class RemovePSSession(Cmdlet):
    """Remove-PSSession [-Session] <PSSession[]> | -Id <int[]> | -Name | -ComputerName | -InstanceId."""

    name = "Remove-PSSession"
    aliases = ("rsn",)
    synopsis = "Closes one or more PowerShell sessions (PSSessions)."
    description = ("Closes the sessions (their runspaces on the far side end, with anything still "
                   "running there) and removes them from the session table.")
    examples = ("Remove-PSSession $s", "Get-PSSession | Remove-PSSession", "Remove-PSSession -Id 1, 2",
                "Remove-PSSession -ComputerName Server01")
    params = (
        Param("Session", "object", position=0, pipeline=True, help="The sessions to close."),
        Param("Id", "object[]", help="Ids of the sessions to close."),
        Param("Name", "string[]", attr="names", help="Names of the sessions to close (wildcards allowed)."),
        Param("ComputerName", "string[]", aliases=("Cn",), help="Close the sessions to these computers."),
        Param("InstanceId", "string[]", help="Instance identifiers of the sessions to close."),
    )

    def begin(self) -> None:
        self._found: list[ClientSession] = []

    def process(self) -> None:
        if self.session is not None:
            for session in sessions_of(self, self.session):
                if not any(session is f for f in self._found):
                    self._found.append(session)

    def end(self) -> None:
        table = session_table(self.runspace)
        if not self.expecting_input and not self.bound & {"Session", "Id", "Name", "ComputerName",
                                                           "InstanceId"}:
            # PowerShell's default (Id) parameter set makes -Id mandatory.
            self.id = ask_mandatory(self, "Id")
        found, given = select_sessions(self, table, ids=self.id, names=self.names,
                                       computers=self.computer_name, instance_ids=self.instance_id,
                                       missing_computer_is_error=True)
        for session in found:
            if not any(session is f for f in self._found):
                self._found.append(session)
        for session in self._found:
            table.remove(session)
            session.close()
