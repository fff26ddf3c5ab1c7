"""The runspace's session table: the PSSessions New-PSSession made, by Id and name.

``session_table(runspace)`` creates it on first use as ``runspace.session_table``
and registers ``close_all`` in ``runspace.on_exit``, so every session the console
opened is closed when it ends (DESIGN.md, "Process model": no orphans -- the far
side's endpoint ends with its channel).

Ids count from 1 per table and are never reused, as PowerShell's are; an SSH
session is named ``SSH<Id>``, a local one ``Runspace<Id>``, unless -Name is given.
"""

from __future__ import annotations

import itertools
import threading
from typing import TYPE_CHECKING, Any

from shell.cmdlets.core.properties import wildcard_match

if TYPE_CHECKING:
    from sessions.session import ClientSession
    from shell.language.runspace import Runspace


class SessionTable:
    """The PSSessions of one runspace."""

    def __init__(self) -> None:
        self._ids = itertools.count(1).__next__
        self._lock = threading.Lock()
        self._sessions: dict[int, ClientSession] = {}
        self.closed = False

    def next_id(self) -> int:
        """A fresh session Id."""
        with self._lock:
            return self._ids()

    def add(self, session: ClientSession) -> ClientSession:
        """List a session; returns it."""
        with self._lock:
            self._sessions[session.Id] = session
        return session

    def remove(self, session: ClientSession) -> bool:
        """Drop a session from the table (it is not closed here); False when it was not listed."""
        with self._lock:
            if self._sessions.get(session.Id) is session:
                del self._sessions[session.Id]
                return True
            return False

    def sessions(self) -> list[ClientSession]:
        """Every listed session, in Id order."""
        with self._lock:
            return [self._sessions[k] for k in sorted(self._sessions)]

    def get(self, session_id: int) -> ClientSession | None:
        """The session with this Id, or None."""
        with self._lock:
            return self._sessions.get(session_id)

    def by_name(self, pattern: str) -> list[ClientSession]:
        """Sessions whose Name matches ``pattern`` (case-insensitive, wildcards allowed)."""
        return [s for s in self.sessions() if wildcard_match(pattern, s.Name)]

    def by_computer(self, pattern: str) -> list[ClientSession]:
        """Sessions whose ComputerName matches ``pattern`` (case-insensitive, wildcards allowed)."""
        return [s for s in self.sessions() if wildcard_match(pattern, s.ComputerName)]

    def __len__(self) -> int:
        return len(self._sessions)

    def close_all(self) -> None:
        """Close every session (in parallel: each close waits a moment for its far side)."""
        sessions = self.sessions()
        with self._lock:
            self._sessions.clear()
            self.closed = True
        threads = []
        for session in sessions:
            thread = threading.Thread(target=session.close, name="psrepl-session-close", daemon=True)
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join(3.0)


def session_table(runspace: Runspace) -> SessionTable:
    """The runspace's session table, created on first use; its sessions close with the runspace."""
    table: Any = runspace.session_table
    if table is None:
        table = SessionTable()
        runspace.session_table = table
        runspace.on_exit.append(table.close_all)
    return table
