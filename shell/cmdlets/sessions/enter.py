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
        Param("ComputerName", "string", position=0, aliases=("Cn",),
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
        if self.session is not None or "Id" in self.bound or "Name" in self.bound:
            session = _find_open(self, self.session, self.id, self.session_name)
            close_on_exit = False
        else:
            target = self.host_name or self.computer_name
            if not target:
                self.throw("Enter-PSSession needs a computer: give -ComputerName, -HostName, "
                           "-Session, -Id or -Name.", category=ErrorCategory.INVALID_ARGUMENT,
                           error_id="MissingComputerName")
            session = _open_temporary(self, target, ssh=self.host_name is not None,
                                                  user=self.user_name, port=self.port,
                                                  key_file=self.key_file_path)
            close_on_exit = True
        self._enter(session, close_on_exit)

    def _enter(self, session: Any, close_on_exit: bool) -> None:
        from shell.cmdlets.sessions.remote_console import RemoteConsole, close_session, remote_home  # noqa: PLC0415

        name = str(getattr(session, "computer_name", "") or getattr(session, "ComputerName", "") or "remote")
        try:
            home = remote_home(session.connection, _HOME_TIMEOUT)
        except Exception as exc:  # noqa: BLE001 - reported as the cmdlet's error, never a traceback
            if close_on_exit:
                close_session(session)
            self.throw(f"Cannot enter the session on {name}: {exc}", category=ErrorCategory.OPEN_ERROR,
                       error_id="PSSessionOpenFailed")
        RemoteConsole(self.runspace, session, name, close_on_exit=close_on_exit, remote_home=home).enter()


# --------------------------------------------------------------------------- finding and opening
class _LocalSession:
    """A session over a local endpoint process (the seam until sessions.session lands)."""

    def __init__(self, connection: Any, computer_name: str) -> None:
        self.connection = connection
        self.computer_name = computer_name

    def close(self) -> None:
        """End the endpoint process."""
        self.connection.close()


def _find_open(cmdlet: Cmdlet, session: Any, session_id: int | None, name: str | None) -> Any:
    """The open session named by -Session, -Id or -Name (a terminating error otherwise)."""
    cmdlet.throw("Entering an existing session needs the session cmdlets (New-PSSession).",
                 category=ErrorCategory.INVALID_OPERATION, error_id="NoSessionTable")


def _open_temporary(cmdlet: Cmdlet, target: str, *, ssh: bool, user: str | None, port: int | None,
                    key_file: str | None) -> Any:
    """A session opened for this Enter-PSSession only (closed by Exit-PSSession)."""
    from sessions.connection import Connection, ConnectionFailed  # noqa: PLC0415
    from shell.language import wire_adapter  # noqa: PLC0415

    argv = cmdlet.runspace.endpoint_command
    if not argv:
        from shell.language.remoting import endpoint_argv  # noqa: PLC0415
        argv = endpoint_argv()
    try:
        conn = Connection.start_process(list(argv), decoder=wire_adapter.decoder(target),
                                        label=f"The session on {target}")
    except ConnectionFailed as exc:
        cmdlet.throw(f"Connecting to remote server {target} failed: {exc}",
                     category=ErrorCategory.OPEN_ERROR, error_id="PSSessionOpenFailed")
    return _LocalSession(conn, target)
