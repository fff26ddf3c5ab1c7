"""Exit-PSSession (exsn, Exit-Session): leave the session entered with Enter-PSSession.

Typed inside the session it never reaches the far side: the remote console sees
it (and ``exit``) and leaves. This cmdlet is what runs when it is used anywhere
else: in the same line as Enter-PSSession, or at the local prompt, where (as in
PowerShell) it does nothing.
"""

from __future__ import annotations

from shell.language.cmdlet import Cmdlet


class ExitPSSession(Cmdlet):
    """Exit-PSSession."""

    name = "Exit-PSSession"
    aliases = ("exsn", "Exit-Session")
    synopsis = "Ends an interactive session with a remote computer."
    description = ("Returns from the session entered with Enter-PSSession to the local prompt. "
                   "A session that Enter-PSSession opened itself (-ComputerName, -HostName) is "
                   "closed; one entered with -Session, -Id or -Name stays open for later use. "
                   "Typing `exit` in the session does the same. At the local prompt it does nothing.")
    examples = ("Exit-PSSession", "exit")

    def end(self) -> None:
        remote = self.runspace.remote
        leave = getattr(remote, "leave", None)
        if callable(leave):
            leave()
