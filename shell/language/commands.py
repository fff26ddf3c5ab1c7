"""The command table: cmdlets by name and alias, loaded lazily.

Cmdlet modules are imported only when one of their commands is first used, so
that ``psrepl -c 'exit'`` imports none. ``shell/cmdlets/manifest.py`` (generated
by ``python -m shell.cmdlets.manifest``; a test keeps it in step with the
declarations) maps each lower-case name and alias to the module that declares it.
Other code can ``register`` cmdlet classes directly (tests, extensions).
"""

from __future__ import annotations

import importlib
import threading
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    from shell.language.cmdlet import Cmdlet


class CommandInfo:
    """What a name resolves to, as Get-Command shows it."""

    __slots__ = ("name", "kind", "target", "source")

    def __init__(self, name: str, kind: str, target: Any, source: str = "") -> None:
        self.name = name          # the canonical name (Write-Output, a function's name, 'ls')
        self.kind = kind          # 'Cmdlet', 'Function', 'Alias', 'Application'
        self.target = target      # cmdlet class, FunctionInfo, alias target name, executable path
        self.source = source

    def __repr__(self) -> str:
        return f"CommandInfo({self.name!r}, {self.kind!r})"


class CommandTable:
    """Built-in cmdlets and aliases; shared by every runspace of a process (read-mostly)."""

    _default: CommandTable | None = None
    _default_lock = threading.Lock()

    def __init__(self, manifest: dict[str, tuple[str, str]] | None = None,
                 aliases: dict[str, str] | None = None) -> None:
        self._manifest = dict(manifest or {})            # lower name -> (module, class name)
        self._aliases = dict(aliases or {})              # lower alias -> canonical cmdlet name
        self._classes: dict[str, type[Cmdlet]] = {}      # lower name -> class
        self._lock = threading.Lock()

    @classmethod
    def default(cls) -> CommandTable:
        """The table of every built-in cmdlet, from the generated manifest."""
        if cls._default is None:
            with cls._default_lock:
                if cls._default is None:
                    try:
                        from shell.cmdlets.manifest import ALIASES, COMMANDS  # noqa: PLC0415
                    except ImportError:  # the manifest is being regenerated
                        COMMANDS, ALIASES = {}, {}
                    cls._default = cls(COMMANDS, ALIASES)
        return cls._default

    def register(self, cmdlet: type[Cmdlet]) -> None:
        """Add a cmdlet class (and its aliases)."""
        key = cmdlet.name.lower()
        with self._lock:
            self._classes[key] = cmdlet
            self._manifest[key] = (cmdlet.__module__, cmdlet.__name__)
            for alias in cmdlet.aliases:
                self._aliases[alias.lower()] = cmdlet.name

    def alias_target(self, name: str) -> str | None:
        """The cmdlet a built-in alias stands for, or None."""
        return self._aliases.get(name.lower())

    def cmdlet(self, name: str) -> type[Cmdlet] | None:
        """The cmdlet class named ``name`` (not an alias), importing its module if needed."""
        key = name.lower()
        found = self._classes.get(key)
        if found is not None:
            return found
        where = self._manifest.get(key)
        if where is None:
            return None
        module = importlib.import_module(where[0])
        cls = getattr(module, where[1])
        with self._lock:
            self._classes[key] = cls
        return cls

    def names(self) -> Iterator[str]:
        """Lower-case names of every cmdlet."""
        return iter(list(self._manifest))

    def aliases(self) -> dict[str, str]:
        """Every built-in alias (lower-case) and the cmdlet it stands for."""
        return dict(self._aliases)

    def all_cmdlets(self) -> list[type[Cmdlet]]:
        """Every cmdlet class (imports every cmdlet module: for Get-Command and completion)."""
        out = []
        for key in list(self._manifest):
            cls = self.cmdlet(key)
            if cls is not None:
                out.append(cls)
        return out
