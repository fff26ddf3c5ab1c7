"""The runspace: one execution context.

Variables and scopes, functions, aliases, the current location, preferences, the
job table, the session table and the host. The console has one; each PSSession
has one on its far side; each BackgroundJob and ThreadJob runs in a fresh one.
Nothing here is global: a runspace is passed explicitly.

The location is runspace state, never the process's working directory
(``os.chdir`` would leak between thread jobs): paths are resolved against it and
native programs are started in it.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Any, Callable

from shell.language.errors import PipelineStoppedError
from shell.language.psobject import PSLive

if TYPE_CHECKING:
    from shell.language.commands import CommandTable
    from shell.language.host import Host

_NOTHING = object()


def _error_list() -> list[Any]:
    """$Error: an ArrayList, so that ``$Error.Clear()`` and ``.Count`` work as in PowerShell."""
    from shell.language.pscollections import ArrayList  # noqa: PLC0415
    return ArrayList()


_current = threading.local()


def current_runspace() -> Runspace | None:
    """The runspace whose top-level code this thread is running (for unbound script blocks)."""
    return getattr(_current, "runspace", None)


def set_current_runspace(runspace: Runspace | None) -> None:
    """Record the runspace this thread runs code in (set by the interpreter's entry points)."""
    _current.runspace = runspace


class HistoryEntry:
    """One line of history: what was typed, and when it started and finished running."""

    __slots__ = ("command_line", "start_time", "end_time")

    def __init__(self, command_line: str) -> None:
        from datetime import datetime  # noqa: PLC0415 - only when a line is recorded
        self.command_line = command_line
        self.start_time = datetime.now()
        self.end_time: Any = None

    def finish(self) -> None:
        """Record that the line has finished running."""
        from datetime import datetime  # noqa: PLC0415
        self.end_time = datetime.now()

    def __str__(self) -> str:
        return self.command_line


class Scope:
    """One variable scope: variables (keyed by lower-case name) and functions."""

    __slots__ = ("parent", "vars", "names", "functions", "options")

    def __init__(self, parent: Scope | None = None) -> None:
        self.parent = parent
        self.vars: dict[str, Any] = {}
        self.names: dict[str, str] = {}       # lower-case -> name as first written
        self.functions: dict[str, Any] = {}   # lower-case -> FunctionInfo
        self.options: dict[str, str] = {}     # lower-case -> 'ReadOnly' / 'Constant'

    def lookup(self, key: str) -> Any:
        """The value of lower-case ``key`` here or in a parent, or the module's _NOTHING."""
        scope: Scope | None = self
        while scope is not None:
            value = scope.vars.get(key, _NOTHING)
            if value is not _NOTHING:
                return value
            scope = scope.parent
        return _NOTHING

    def set_local(self, name: str, value: Any) -> None:
        """Set ``name`` in this scope."""
        key = name.lower()
        if key not in self.names:
            self.names[key] = name
        self.vars[key] = value


NOTHING = _NOTHING


class LocationPath(PSLive):
    """``$PWD``: the location, with PowerShell's PathInfo ``Path`` property; its string form is the path."""

    ps_type_names = ("System.Management.Automation.PathInfo", "System.Object")
    ps_properties = ("Path",)
    ps_table = ("Path",)
    Path = ""

    def __init__(self, path: str) -> None:
        self.Path = path

    @property
    def ProviderPath(self) -> str:  # noqa: N802 - PowerShell's property name
        """The location (file system paths are their own provider paths)."""
        return self.Path

    def ToString(self) -> str:  # noqa: N802
        """The path."""
        return self.Path

    def __str__(self) -> str:
        return self.Path


#: Preference variables and their defaults, as in PowerShell.
PREFERENCES = {
    "ErrorActionPreference": "Continue",
    "WarningPreference": "Continue",
    "VerbosePreference": "SilentlyContinue",
    "DebugPreference": "SilentlyContinue",
    "InformationPreference": "SilentlyContinue",
    "ProgressPreference": "Continue",
    "ConfirmPreference": "High",
}


class Runspace:
    """An execution context. ``host`` is where output and prompts go."""

    def __init__(self, host: Host, *, commands: CommandTable | None = None,
                 location: str | None = None, computer_name: str | None = None) -> None:
        from shell.language.commands import CommandTable  # noqa: PLC0415 (cheap, avoids a cycle)

        self.host = host
        self.commands = commands if commands is not None else CommandTable.default()
        self.computer_name = computer_name or os.uname().nodename
        self.location = os.path.abspath(location or os.getcwd())
        self.location_stack: list[str] = []
        self.global_scope = Scope()
        self.script_scope = self.global_scope
        self.scope = self.global_scope
        self.aliases: dict[str, str] = {}          # user-defined, lower-case -> target
        self.history: list[str] = []
        self.errors: list[Any] = _error_list()      # $Error, newest first (an ArrayList)
        self.last_success = True                   # $?
        self.try_depth = 0                         # try bodies running (errors then unwind to catch)
        self.job_table: Any = None                 # set by the jobs cmdlets (jobs.JobTable)
        self.session_table: Any = None             # set by the session cmdlets
        self.remote: Any = None                    # the session entered with Enter-PSSession
        self.endpoint_command: Any = None          # how to start a local endpoint (set by __main__)
        self.on_exit: list[Callable[[], None]] = []  # clean-ups run when the runspace closes
        self._stop = threading.Event()
        self._engine: Any = None
        g = self.global_scope
        for name, value in PREFERENCES.items():
            g.set_local(name, value)
        g.set_local("HOME", os.path.expanduser("~"))
        g.set_local("PID", os.getpid())
        g.set_local("IsLinux", os.name == "posix" and os.uname().sysname == "Linux")
        g.set_local("IsMacOS", os.name == "posix" and os.uname().sysname == "Darwin")
        g.set_local("IsWindows", os.name == "nt")
        g.set_local("OFS", " ")

    # ----------------------------------------------------------- variables
    def get_variable(self, name: str, default: Any = None) -> Any:
        """A variable's value seen from the current scope (automatic ones included)."""
        key = name.lower()
        value = self.scope.lookup(key)
        if value is not _NOTHING:
            return value
        auto = self._automatic(key)
        return default if auto is _NOTHING else auto

    def _automatic(self, key: str) -> Any:
        if key == "pwd":
            return LocationPath(self.location)
        if key == "?":
            return self.last_success
        if key == "error":
            return self.errors
        if key == "host":
            return self.host
        if key == "psversiontable":
            from shell.language.versioninfo import version_table  # noqa: PLC0415
            table = version_table()
            self.global_scope.set_local("PSVersionTable", table)
            return table
        if key == "null":
            return None
        if key == "true":
            return True
        if key == "false":
            return False
        return _NOTHING

    def set_variable(self, name: str, value: Any, scope: str | None = None) -> None:
        """Set a variable in the current scope, or in ``'global'``/``'script'``."""
        target = {"global": self.global_scope, "script": self.script_scope}.get(scope or "", self.scope)
        target.set_local(name, value)

    def has_variable(self, name: str) -> bool:
        """Whether the variable is defined (in any visible scope)."""
        return self.scope.lookup(name.lower()) is not _NOTHING

    def remove_variable(self, name: str) -> bool:
        """Remove the nearest definition of a variable; False when there was none."""
        key = name.lower()
        scope: Scope | None = self.scope
        while scope is not None:
            if key in scope.vars:
                del scope.vars[key]
                scope.names.pop(key, None)
                return True
            scope = scope.parent
        return False

    def visible_variables(self) -> dict[str, Any]:
        """Name -> value of every variable visible from the current scope (nearest wins)."""
        seen: dict[str, Any] = {}
        chain = []
        scope: Scope | None = self.scope
        while scope is not None:
            chain.append(scope)
            scope = scope.parent
        for s in reversed(chain):
            for key, value in s.vars.items():
                seen[s.names.get(key, key)] = value
        return seen

    def preference(self, name: str) -> str:
        """A preference variable's value as a string (e.g. 'Continue')."""
        return str(self.get_variable(name, PREFERENCES.get(name, "Continue")))

    def add_history(self, text: str) -> HistoryEntry:
        """Record a line typed (or read from stdin); call ``finish()`` on the entry when it has run."""
        entry = HistoryEntry(text)
        self.history.append(entry)
        return entry

    # ----------------------------------------------------------- functions and paths
    def get_function(self, name: str) -> Any:
        """The FunctionInfo visible under ``name``, or None."""
        key = name.lower()
        scope: Scope | None = self.scope
        while scope is not None:
            found = scope.functions.get(key)
            if found is not None:
                return found
            scope = scope.parent
        return None

    def resolve_path(self, path: str) -> str:
        """An absolute, normalised path: ``~`` expanded, relative to the runspace's location."""
        path = str(path)
        if path == "~" or path.startswith("~/"):
            home = str(self.get_variable("HOME") or os.path.expanduser("~"))
            path = home + path[1:]
        return os.path.normpath(os.path.join(self.location, path))

    def display_path(self, path: str) -> str:
        """``path`` with the home directory shown as ``~`` (for prompts)."""
        home = str(self.get_variable("HOME") or os.path.expanduser("~")).rstrip("/")
        if home and (path == home or path.startswith(home + "/")):
            return "~" + path[len(home):]
        return path

    # ----------------------------------------------------------- stopping
    def request_stop(self) -> None:
        """Ask the running pipeline to stop (Ctrl+C, Stop-Job). Safe from any thread."""
        self._stop.set()

    def reset_stop(self) -> None:
        """Clear a stop request before running the next input."""
        self._stop.clear()

    @property
    def stopping(self) -> bool:
        """True when a stop was requested."""
        return self._stop.is_set()

    @property
    def stop_event(self) -> threading.Event:
        """The event set by ``request_stop`` (wait on it instead of sleeping)."""
        return self._stop

    def check_stopping(self) -> None:
        """Raise PipelineStoppedError when a stop was requested."""
        if self._stop.is_set():
            raise PipelineStoppedError("The pipeline has been stopped.")

    # ----------------------------------------------------------- running code
    @property
    def engine(self) -> Any:
        """This runspace's interpreter (created on first use)."""
        if self._engine is None:
            from shell.language.interpreter import Interpreter  # noqa: PLC0415
            self._engine = Interpreter(self)
        return self._engine

    def close(self) -> None:
        """Run the registered clean-ups (stop jobs, close sessions), newest first."""
        while self.on_exit:
            action = self.on_exit.pop()
            try:
                action()
            except Exception:  # noqa: BLE001 - a failing clean-up must not stop the others
                pass
