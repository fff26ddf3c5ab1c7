"""Parameters the session cmdlets share: the SSH ones, and -Session arguments checked.

``SSH_PARAMS`` are PowerShell's SSH parameter set (-HostName, -UserName, -Port,
-KeyFilePath, -SSHTransport); ``sessions_of(cmdlet, value)`` gives the live
sessions in a -Session argument and writes an error for anything else (a
deserialized session that came back from another computer is not a live one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shell.language.cmdlet import Param
from shell.language.errors import ErrorCategory

if TYPE_CHECKING:
    from sessions.session import ClientSession
    from shell.language.cmdlet import Cmdlet

#: -HostName and the parameters that go with it (PowerShell's SSH parameter set).
SSH_PARAMS: tuple[Param, ...] = (
    Param("HostName", "string[]", help="SSH hosts to connect to: [user@]host[:port]."),
    Param("UserName", "string", aliases=("User",), help="The user to log in as (default: from ~/.ssh/config)."),
    Param("Port", "int", help="The SSH port (default: from ~/.ssh/config, else 22)."),
    Param("KeyFilePath", "string", aliases=("IdentityFilePath",), completer="path",
          help="A private key file to log in with."),
    Param("SSHTransport", "switch", help="Use SSH (always so here; accepted for compatibility)."),
)


def sessions_of(cmdlet: Cmdlet, value: Any) -> list[ClientSession]:
    """The live ClientSessions in ``value`` (one or a list); an error is written for anything else."""
    from sessions.session import ClientSession  # noqa: PLC0415

    items = value if isinstance(value, (list, tuple)) else [value]
    found: list[ClientSession] = []
    for item in items:
        if isinstance(item, ClientSession):
            if not any(item is f for f in found):
                found.append(item)
            continue
        shown = "$null" if item is None else str(item)
        cmdlet.write_error(f"Cannot bind parameter 'Session'. Cannot convert the \"{shown}\" value to type "
                           f"\"System.Management.Automation.Runspaces.PSSession\".",
                           category=ErrorCategory.INVALID_ARGUMENT, target=item,
                           error_id="CannotConvertArgument")
    return found
