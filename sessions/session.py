"""The client side of a PSSession: a Connection with an identity and a state machine.

API (what the session cmdlets, Enter-PSSession and RemoteJob code against)::

    conn = transport_ssh.connect(spec, prompts=..., decoder=...)   # SSH (sessions.hosts.HostSpec)
    conn = Connection.start_process(argv, decoder=..., label=...)  # a local endpoint (localhost)
    s = ClientSession(id, conn, computer_name="server01", name=None, transport="SSH")
        # name defaults to "Runspace<id>"; transport is "SSH" or "Process".

    s.Id, s.Name, s.ComputerName, s.ComputerType ("RemoteMachine"), s.Transport,
    s.ConfigurationName ("psrepl"), s.InstanceId, s.State (SessionState),
    s.Availability ("Available" | "Busy" | "None"), s.StateReason (why Broken/Closed, or None)
        # PowerShell's surface (ps_type_names / ps_properties / ps_table, like a Job)
    s.opened -> bool                 # State is Opened
    s.connection                     # the sessions.connection.Connection
    s.remote_info                    # RemoteInfo of the far side: computer_name, user, location, pid
    s.location                       # the far side's location after the latest command
    s.user                           # the remote user name (from the hello)

    inv = s.invoke(script, args=(), using=None, *, on_records=None, on_record=None,
                   on_state=None, options=None)
        # as Connection.invoke (see sessions/connection.py: records arrive on the
        # connection's reader thread; on_state gets "Running", then "Completed" |
        # "Failed" | "Stopped" with a reason). Commands queue and run one after another
        # in the session's one runspace, which keeps its state ($x = 1 stays).
        # Raises SessionUnavailable (message says why: "... The session state is
        # Broken.") when the session is not Opened. While any invocation is
        # unfinished, Availability is "Busy".
    s.complete(text, cursor, timeout=5.0) -> dict   # remote tab completion
    s.set_location(path, timeout=5.0) -> str        # remote Set-Location
    s.add_watcher(callback)          # callback(session) after every state change (on any
    s.remove_watcher(callback)       # thread: keep it quick); e.g. the console reports
                                     # a session that broke while entered
    s.close()                        # -> Closed: ends the far side's runspace; idempotent
    s.transition(new, reason=None, *, only_from=None) -> bool
        # the ONE place the state changes; refuses illegal moves (IllegalSessionTransition)

A dropped connection (the far side killed, the network gone) moves the session to
Broken with the reason; every command still running on it fails with that reason
(Connection does that first), and nothing else is affected.

States (PowerShell's RunspaceState names, the ones a client sees): Opened,
Disconnected, Closed, Broken. Disconnected is for issue 5's Disconnect-PSSession /
Connect-PSSession (a session keeper holds the far side's runspace meanwhile): the
table already allows Opened <-> Disconnected.
"""

from __future__ import annotations

import threading
import uuid
from enum import Enum
from typing import TYPE_CHECKING, Any, Callable, ClassVar

if TYPE_CHECKING:
    from sessions.connection import Connection, Invocation, RemoteInfo


_FINAL = frozenset({"Completed", "Failed", "Stopped"})


class SessionState(Enum):
    """A PSSession's state as the client sees it (PowerShell's RunspaceState names)."""

    OPENED = "Opened"
    DISCONNECTED = "Disconnected"
    CLOSED = "Closed"
    BROKEN = "Broken"

    def __str__(self) -> str:
        return self.value


#: Every legal move. A Closed session never comes back; a Broken one can only be closed
#: (Remove-PSSession); Disconnected sessions reconnect (issue 5).
LEGAL: dict[SessionState, frozenset[SessionState]] = {
    SessionState.OPENED: frozenset({SessionState.DISCONNECTED, SessionState.CLOSED, SessionState.BROKEN}),
    SessionState.DISCONNECTED: frozenset({SessionState.OPENED, SessionState.CLOSED, SessionState.BROKEN}),
    SessionState.BROKEN: frozenset({SessionState.CLOSED}),
    SessionState.CLOSED: frozenset(),
}


class IllegalSessionTransition(Exception):
    """A move the state table does not allow (a bug, never a user error)."""

    def __init__(self, old: SessionState, new: SessionState) -> None:
        super().__init__(f"A session cannot move from {old.value} to {new.value}.")
        self.old = old
        self.new = new


class SessionUnavailable(Exception):
    """A command was sent to a session that is not Opened; the message says why."""


class ClientSession:
    """One PSSession as the client holds it (see the module docstring)."""

    ps_type_names: ClassVar[tuple[str, ...]] = (
        "System.Management.Automation.Runspaces.PSSession", "System.Object")
    ps_properties: ClassVar[tuple[str, ...]] = (
        "Id", "Name", "Transport", "ComputerName", "ComputerType", "State", "ConfigurationName",
        "Availability", "InstanceId", "UserName", "StateReason")
    ps_table: ClassVar[tuple[str, ...] | None] = (
        "Id", "Name", "Transport", "ComputerName", "ComputerType", "State", "ConfigurationName",
        "Availability")
    ps_view: ClassVar[str | None] = None

    ComputerType: ClassVar[str] = "RemoteMachine"
    ConfigurationName: ClassVar[str] = "psrepl"

    # Class-level defaults, so the shell finds every property on the class.
    Id: int = 0
    Name: str = ""
    ComputerName: str = ""
    Transport: str = ""
    InstanceId: str = ""

    def __init__(self, id: int, connection: Connection, *, computer_name: str, name: str | None = None,
                 transport: str = "SSH") -> None:
        self.Id = id
        self.Name = name or f"Runspace{id}"
        self.ComputerName = computer_name
        self.Transport = transport
        self.InstanceId = str(uuid.uuid4())
        self.connection = connection
        self._state = SessionState.OPENED
        self._reason: str | None = None
        self._lock = threading.Lock()
        self._running: dict[int, Invocation] = {}
        self._watchers: list[Callable[[ClientSession], None]] = []
        connection.on_lost = self._on_lost
        if connection.lost_reason is not None and not connection.closed:
            self._on_lost(connection.lost_reason)

    # ----------------------------------------------------------- PowerShell surface
    @property
    def State(self) -> SessionState:  # noqa: N802
        """Opened, Disconnected, Closed or Broken."""
        return self._state

    @property
    def StateReason(self) -> str | None:  # noqa: N802
        """Why the session broke (or was closed), or None."""
        return self._reason

    @property
    def Availability(self) -> str:  # noqa: N802
        """Available (Opened and idle), Busy (Opened, running a command) or None."""
        if self._state is not SessionState.OPENED:
            return "None"
        return "Busy" if self._running else "Available"

    @property
    def UserName(self) -> str:  # noqa: N802
        """The user the far side runs as."""
        return self.user

    def ps_get(self, name: str, default: Any = None) -> Any:
        """A PowerShell property by name, matched case-insensitively."""
        low = name.lower()
        for prop in self.ps_properties:
            if prop.lower() == low:
                return getattr(self, prop)
        return default

    def __str__(self) -> str:
        return f"[PSSession]{self.Name}"

    def __repr__(self) -> str:
        return f"<ClientSession {self.Id} {self.Name!r} {self.ComputerName} {self._state.value}>"

    # ----------------------------------------------------------- the far side
    @property
    def opened(self) -> bool:
        """True while commands can be sent."""
        return self._state is SessionState.OPENED

    @property
    def remote_info(self) -> RemoteInfo | None:
        """Who the far side is (its hello)."""
        return self.connection.remote_info

    @property
    def user(self) -> str:
        """The remote user name."""
        info = self.connection.remote_info
        return info.user if info is not None else ""

    @property
    def location(self) -> str:
        """The far side's current location (after the latest command)."""
        return self.connection.location or ""

    # ----------------------------------------------------------- state
    def transition(self, new: SessionState, reason: str | None = None, *,
                   only_from: frozenset[SessionState] | None = None) -> bool:
        """Move to ``new``; the one place the state changes.

        Raises IllegalSessionTransition for a move LEGAL does not allow. ``only_from``
        makes the move conditional (False and no change when the current state is not
        in it), for races such as a connection dropping while the user closes it.
        Moving to the current state is a no-op (False).
        """
        with self._lock:
            old = self._state
            if old is new:
                return False
            if only_from is not None and old not in only_from:
                return False
            if new not in LEGAL[old]:
                raise IllegalSessionTransition(old, new)
            self._state = new
            if reason is not None:
                self._reason = reason
            watchers = tuple(self._watchers)
        for watcher in watchers:
            try:
                watcher(self)
            except Exception:  # noqa: BLE001 - a watcher's failure must not stop the change
                pass
        return True

    def add_watcher(self, watcher: Callable[[ClientSession], None]) -> None:
        """Call ``watcher(session)`` after every state change."""
        with self._lock:
            self._watchers.append(watcher)

    def remove_watcher(self, watcher: Callable[[ClientSession], None]) -> None:
        """Undo ``add_watcher`` (no error when it was not registered)."""
        with self._lock:
            try:
                self._watchers.remove(watcher)
            except ValueError:
                pass

    def unavailable_message(self) -> str:
        """PowerShell's message for a command sent to a session that is not Opened."""
        text = (f"Because the session state for session {self.Name}, {self.InstanceId}, {self.ComputerName} "
                f"is not equal to Open, you cannot run a command in the session. "
                f"The session state is {self._state.value}.")
        if self._reason:
            text += f" {self._reason}"
        return text

    def _on_lost(self, reason: str) -> None:
        # On the connection's reader thread, after every unfinished command has failed.
        self.transition(SessionState.BROKEN, reason,
                        only_from=frozenset({SessionState.OPENED, SessionState.DISCONNECTED}))

    # ----------------------------------------------------------- commands
    def invoke(self, script: str, args: list[Any] | tuple = (), using: dict[str, Any] | None = None, *,
               on_records: Callable[[int, int, list], None] | None = None,
               on_record: Callable[[int, int, Any], None] | None = None,
               on_state: Callable[[str, Any], None] | None = None,
               options: dict[str, Any] | None = None, then_close: bool = False) -> Invocation:
        """Run ``script`` in the session's runspace; see the module docstring.

        ``then_close``: the far side closes the connection once it has ended (a
        temporary session's one command; ``close()`` is still called after it).
        """
        from sessions.connection import ConnectionLost  # noqa: PLC0415

        if self._state is not SessionState.OPENED:
            raise SessionUnavailable(self.unavailable_message())
        holder: list[Any] = []
        ended = [False]
        running = self._running
        lock = self._lock

        def state_changed(state: str, reason: Any) -> None:
            if state in _FINAL:
                with lock:
                    ended[0] = True
                    if holder:
                        running.pop(holder[0].id, None)
            if on_state is not None:
                on_state(state, reason)

        try:
            inv = self.connection.invoke(script, args, using, on_records=on_records, on_record=on_record,
                                         on_state=state_changed, options=options, then_close=then_close)
        except ConnectionLost as exc:
            self._on_lost(str(exc))
            raise SessionUnavailable(self.unavailable_message()) from None
        with lock:
            holder.append(inv)
            if not ended[0]:
                running[inv.id] = inv
        return inv

    def complete(self, text: str, cursor: int, timeout: float = 5.0) -> dict[str, Any]:
        """Tab completion computed by the session's runspace."""
        return self.connection.complete(text, cursor, timeout)

    def set_location(self, path: str, timeout: float = 5.0) -> str:
        """Set the session's location; returns the new one (ConnectionFailed with the reason)."""
        return self.connection.set_location(path, timeout)

    def close(self) -> None:
        """Close the session: the far side's runspace ends (its commands stop). Idempotent."""
        self.transition(SessionState.CLOSED, only_from=frozenset(
            {SessionState.OPENED, SessionState.DISCONNECTED, SessionState.BROKEN}))
        self._running.clear()
        try:
            self.connection.close()
        except Exception:  # noqa: BLE001 - closing never fails loudly
            pass
