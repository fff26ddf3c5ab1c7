"""Enter-PSSession (etsn, Enter-Session): switch the console into a session.

``Enter-PSSession Server01`` (``-ComputerName``/``-HostName``, with ``-UserName``,
``-Port``, ``-KeyFilePath``) opens a session for the occasion, closed again by
Exit-PSSession; ``-Session $s``, ``-Id`` and ``-Name`` enter an existing one,
which stays open after Exit-PSSession. Either way the console's runspace gets a
``RemoteConsole`` (shell/cmdlets/sessions/remote_console.py) as
``runspace.remote``: the prompt becomes ``Server01\\~> `` and every line runs on
the far side until ``exit`` or Exit-PSSession.
"""

from __future__ import annotations

from typing import Any

from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory

#: The endpoint host's name (shell.language.remoting.EndpointHost): no console at that end.
_ENDPOINT_HOST = "ServerRemoteHost"
#: How long to wait for the far side to say where its home is.
_HOME_TIMEOUT = 10.0


class EnterPSSession(Cmdlet):
    """Enter-PSSession [-ComputerName] <string> | -HostName <string> | -Session <PSSession> | -Id <int> | -Name <string>."""

    name = "Enter-PSSession"
    aliases = ("etsn", "Enter-Session")
    synopsis = "Starts an interactive session with a remote computer."
    description = ("Every command typed afterwards runs on the remote computer; output comes back "
                   "and is shown here. The prompt shows the computer and the remote location "
                   "(Server01\\~>). Ctrl+C stops the remote command and keeps the session. "
                   "Exit-PSSession or `exit` returns to the local prompt. A session opened with "
                   "-ComputerName or -HostName is closed then; one entered with -Session, -Id or "
                   "-Name stays open.")
    examples = ("Enter-PSSession Server01", "Enter-PSSession -HostName admin@web01 -Port 2222",
                "$s = New-PSSession Server01; Enter-PSSession -Session $s", "Enter-PSSession -Id 1")
    params = (
        # "object": a PSSession given by position (`Enter-PSSession $s`) means -Session, as in
        # PowerShell's parameter sets.
        Param("ComputerName", "object", position=0, aliases=("Cn",),
              help="The computer to connect to (a name from ~/.ssh/config, a host, or localhost)."),
        Param("HostName", "string", help="The SSH host to connect to ([user@]host[:port])."),
        Param("Session", "object", pipeline=True, help="An open session (New-PSSession) to enter."),
        Param("Id", "int", help="The Id of an open session to enter."),
        Param("Name", "string", attr="session_name", help="The name of an open session to enter."),
        Param("UserName", "string", aliases=("User",), help="The user to log in as."),
        Param("Port", "int", help="The SSH port."),
        Param("KeyFilePath", "string", aliases=("IdentityFilePath",), help="The private key file to log in with."),
        Param("SSHTransport", "switch", help="Use SSH (always the case here; accepted for compatibility)."),
    )

    def end(self) -> None:
        rs = self.runspace
        if getattr(rs.host, "name", "") == _ENDPOINT_HOST or rs.remote is not None:
            self.throw("You are currently in a PSSession and cannot use the Enter-PSSession cmdlet "
                       "to enter another PSSession.", category=ErrorCategory.INVALID_OPERATION,
                       error_id="RemoteHostDoesNotSupportPushRunspace")
        self._sort_position()
        if self.session is not None or "Id" in self.bound or "Name" in self.bound:
            session = self._existing()
            close_on_exit = False
        else:
            session = self._temporary()
            close_on_exit = True
        self._enter(session, close_on_exit)

    def _sort_position(self) -> None:
        """A PSSession in -ComputerName's place is -Session; anything else is a computer name."""
        from sessions.session import ClientSession  # noqa: PLC0415
        from shell.language.conversions import to_string  # noqa: PLC0415

        value = self.computer_name
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if isinstance(value, ClientSession):
            self.session, self.computer_name = value, None
        elif value is not None:
            self.computer_name = to_string(value)

    def _existing(self) -> Any:
        """The open session named by -Session, -Id or -Name (a terminating error otherwise)."""
        from sessions.session import ClientSession  # noqa: PLC0415
        from shell.cmdlets.sessions.table import session_table  # noqa: PLC0415

        if self.session is not None:
            found = [s for s in (self.session if isinstance(self.session, list) else [self.session])
                     if s is not None]
            if len(found) != 1 or not isinstance(found[0], ClientSession):
                self.throw("Cannot bind parameter 'Session': give one PSSession made by New-PSSession "
                           "in this console.", category=ErrorCategory.INVALID_ARGUMENT,
                           error_id="CannotConvertArgument")
            session = found[0]
        elif "Id" in self.bound:
            session = session_table(self.runspace).get(self.id)
            if session is None:
                self.throw(f"The remote session with the session ID {self.id} is not available.",
                           category=ErrorCategory.INVALID_ARGUMENT, target=self.id,
                           error_id="RemoteRunspaceNotAvailableForSpecifiedSessionId")
        else:
            matches = session_table(self.runspace).by_name(self.session_name or "")
            if len(matches) != 1:
                detail = "is not available" if not matches else "names more than one session"
                self.throw(f"The remote session with the name {self.session_name} {detail}.",
                           category=ErrorCategory.INVALID_ARGUMENT, target=self.session_name,
                           error_id="RemoteRunspaceNotAvailableForSpecifiedName")
            session = matches[0]
        if not session.opened:
            reason = f" {session.StateReason}" if session.StateReason else ""
            self.throw(f"Cannot enter the session {session.Name} on {session.ComputerName}: its state is "
                       f"{session.State}; only an Opened session can be entered.{reason}",
                       category=ErrorCategory.INVALID_OPERATION, target=session,
                       error_id="EnterPSSessionRequiresOpenedSession")
        return session

    def _temporary(self) -> Any:
        """A session opened for this Enter-PSSession only (Exit-PSSession closes it)."""
        from shell.cmdlets.sessions.connect import open_or_throw, targets_of  # noqa: PLC0415
        from shell.cmdlets.sessions.table import session_table  # noqa: PLC0415

        if "ComputerName" in self.bound and self.computer_name is None:
            self.throw("Cannot validate argument on parameter 'ComputerName'. The argument is null or empty. "
                       "Provide an argument that is not null or empty, and then try the command again.",
                       category=ErrorCategory.INVALID_DATA, error_id="ParameterArgumentValidationError")
        targets = targets_of(self)
        if not targets and "ComputerName" not in self.bound and "HostName" not in self.bound:
            # PowerShell's default (ComputerName) parameter set: asked for at a console.
            self.computer_name = self._ask_computer()
            targets = targets_of(self)
        if not targets:
            self.throw("Cannot process command because of one or more missing mandatory parameters: "
                       "ComputerName.", category=ErrorCategory.INVALID_ARGUMENT,
                       error_id="MissingMandatoryParameter")
        # An Id from the table's counter, as PowerShell's are, though the session is never listed.
        return open_or_throw(self, targets[0], session_id=session_table(self.runspace).next_id())

    def _ask_computer(self) -> str | None:
        """-ComputerName asked for at an interactive console (``ComputerName:``), as PowerShell does."""
        host = self.runspace.host
        if not getattr(host, "interactive", False):
            return None
        host.write(f"\ncmdlet {self.name} at command pipeline position 1\n"
                   f"Supply values for the following parameters:\n")
        try:
            return host.read_line("ComputerName: ") or None
        except Exception:  # noqa: BLE001 - Ctrl+C or end of input at the question: nothing given
            return None

    def _enter(self, session: Any, close_on_exit: bool) -> None:
        from shell.cmdlets.sessions.remote_console import RemoteConsole, close_session, remote_home  # noqa: PLC0415

        name = str(session.ComputerName or "remote")
        try:
            home = remote_home(session, _HOME_TIMEOUT)
        except Exception as exc:  # noqa: BLE001 - reported as the cmdlet's error, never a traceback
            if close_on_exit:
                close_session(session)
            self.throw(f"Cannot enter the session on {name}: {exc}", category=ErrorCategory.OPEN_ERROR,
                       error_id="PSSessionOpenFailed")
        if close_on_exit and home:
            # A session opened here starts in the remote home, as PowerShell's do (sshd starts
            # the endpoint in the passwd home, which need not be $HOME; a local endpoint starts
            # where this process is).
            try:
                session.set_location(home)
            except Exception:  # noqa: BLE001 - the far side's own start location is fine too
                pass
        RemoteConsole(self.runspace, session, name, close_on_exit=close_on_exit, remote_home=home).enter()
