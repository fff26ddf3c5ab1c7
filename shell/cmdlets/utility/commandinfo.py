"""What Get-Command and Get-Alias return: CmdletInfo, AliasInfo, FunctionInfo, ApplicationInfo.

All share one table (``CommandType DisplayName Version Source``) so that a mixed
list shows as one table; ``DisplayName`` is the name, or ``gci -> Get-ChildItem``
for an alias, as PowerShell's Name column shows it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from shell.language.psobject import PSLive

if TYPE_CHECKING:
    from shell.language.runspace import Runspace

_PSREPL_VERSION: str | None = None


def psrepl_version() -> str:
    """psrepl's version, shown as the version of its built-in cmdlets."""
    global _PSREPL_VERSION
    if _PSREPL_VERSION is None:
        import shell  # noqa: PLC0415
        _PSREPL_VERSION = getattr(shell, "__version__", "0.0.0")
    return _PSREPL_VERSION


class CommandInfo(PSLive):
    """Base of the command descriptions (``System.Management.Automation.CommandInfo``)."""

    ps_type_names = ("System.Management.Automation.CommandInfo", "System.Object")
    ps_properties = ("CommandType", "Name", "Version", "Source", "Definition")
    ps_table = ("CommandType", ("Name", "DisplayName"), "Version", "Source")

    CommandType = ""
    # Declared on the class: PowerShell property lookup (psobject.live_attribute) reads the class.
    Name = Source = Version = ""

    def __init__(self, name: str, source: str = "", version: str = "") -> None:
        self.Name = name
        self.Source = source
        self.Version = version

    @property
    def DisplayName(self) -> str:
        """The name as a table shows it."""
        return self.Name

    @property
    def ModuleName(self) -> str:
        """The module (here: the source) the command comes from."""
        return self.Source

    @property
    def Definition(self) -> str:
        """What the command is: a syntax, a body, a target or a path."""
        return self.Name

    def __str__(self) -> str:
        return self.Name

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.Name!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.Name.lower() == self.Name.lower()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.Name.lower()))


class CmdletInfo(CommandInfo):
    """A built-in cmdlet."""

    ps_type_names = ("System.Management.Automation.CmdletInfo",) + CommandInfo.ps_type_names
    ps_properties = CommandInfo.ps_properties + ("Verb", "Noun", "HelpUri")
    CommandType = "Cmdlet"
    ImplementingType: Any = None
    HelpUri = ""

    def __init__(self, cls: Any) -> None:
        super().__init__(cls.name, "psrepl", psrepl_version())
        self.ImplementingType = cls
        self.HelpUri = ""

    @property
    def Verb(self) -> str:
        """The part before the dash."""
        return self.Name.partition("-")[0]

    @property
    def Noun(self) -> str:
        """The part after the dash."""
        return self.Name.partition("-")[2]

    @property
    def Definition(self) -> str:
        """The syntax line."""
        from shell.cmdlets.utility.helptext import syntax_line  # noqa: PLC0415
        return syntax_line(self.Name, self.ImplementingType.params)

    @property
    def Parameters(self) -> dict[str, str]:
        """Parameter name -> type."""
        return {p.name: p.type for p in self.ImplementingType.all_params()}


class FunctionCommandInfo(CommandInfo):
    """A function defined with ``function``."""

    ps_type_names = ("System.Management.Automation.FunctionInfo",) + CommandInfo.ps_type_names
    CommandType = "Function"
    ScriptBlock: Any = None

    def __init__(self, function: Any) -> None:
        super().__init__(function.name)
        self.ScriptBlock = function.scriptblock
        self._function = function

    @property
    def Verb(self) -> str:
        """The part before the dash (empty when none)."""
        return self.Name.partition("-")[0] if "-" in self.Name else ""

    @property
    def Noun(self) -> str:
        """The part after the dash (empty when none)."""
        return self.Name.partition("-")[2]

    @property
    def Definition(self) -> str:
        """The function's body."""
        return self._function.definition


class AliasInfo(CommandInfo):
    """An alias (built in, or made with Set-Alias)."""

    ps_type_names = ("System.Management.Automation.AliasInfo",) + CommandInfo.ps_type_names
    ps_properties = CommandInfo.ps_properties + ("ReferencedCommand", "ResolvedCommandName",
                                                 "Description", "Options")
    CommandType = "Alias"
    Description = ""
    Options = "None"

    def __init__(self, name: str, target: str, builtin: bool, description: str = "") -> None:
        super().__init__(name)
        self._target = target
        self.Description = description
        self.Options = "ReadOnly, AllScope" if builtin else "None"

    @property
    def DisplayName(self) -> str:
        """``gci -> Get-ChildItem``."""
        return f"{self.Name} -> {self._target}"

    @property
    def Definition(self) -> str:
        """The command the alias stands for."""
        return self._target

    @property
    def ResolvedCommandName(self) -> str:
        """The command the alias stands for."""
        return self._target

    @property
    def ReferencedCommand(self) -> str:
        """The command the alias stands for."""
        return self._target


class ApplicationInfo(CommandInfo):
    """A native program found on PATH."""

    ps_type_names = ("System.Management.Automation.ApplicationInfo",) + CommandInfo.ps_type_names
    ps_properties = CommandInfo.ps_properties + ("Path", "Extension")
    CommandType = "Application"
    Path = ""

    def __init__(self, name: str, path: str) -> None:
        super().__init__(name, path, "0.0.0.0")
        self.Path = path

    @property
    def Extension(self) -> str:
        """The file name's extension (usually empty on Linux)."""
        return os.path.splitext(self.Name)[1]

    @property
    def Definition(self) -> str:
        """The program's path."""
        return self.Path

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ApplicationInfo) and other.Path == self.Path

    def __hash__(self) -> int:
        return hash(self.Path)


class ExternalScriptInfo(CommandInfo):
    """A ``.ps1`` script file."""

    ps_type_names = ("System.Management.Automation.ExternalScriptInfo",) + CommandInfo.ps_type_names
    ps_properties = CommandInfo.ps_properties + ("Path",)
    CommandType = "ExternalScript"
    Path = ""

    def __init__(self, path: str) -> None:
        super().__init__(os.path.basename(path), path)
        self.Path = path

    @property
    def Definition(self) -> str:
        """The script's path."""
        return self.Path


#: PowerShell's CommandTypes order, in which Get-Command lists its results.
TYPE_ORDER = {"Alias": 0, "Function": 1, "Filter": 2, "Cmdlet": 3, "ExternalScript": 4, "Application": 5}


def all_aliases(runspace: Runspace) -> list[AliasInfo]:
    """Every alias: the runspace's own over the built-in ones, sorted by name."""
    found: dict[str, AliasInfo] = {}
    for name, target in runspace.commands.aliases().items():
        found[name.lower()] = AliasInfo(name, target, True)
    descriptions = _alias_descriptions(runspace)
    for name, target in runspace.aliases.items():
        found[name.lower()] = AliasInfo(name, str(target), False, descriptions.get(name.lower(), ""))
    return sorted(found.values(), key=lambda a: a.Name.lower())


def all_functions(runspace: Runspace) -> list[FunctionCommandInfo]:
    """Every function visible from the current scope (the nearest definition wins)."""
    found: dict[str, FunctionCommandInfo] = {}
    scope = runspace.scope
    while scope is not None:
        for key, function in scope.functions.items():
            if key not in found:
                found[key] = FunctionCommandInfo(function)
        scope = scope.parent
    return sorted(found.values(), key=lambda f: f.Name.lower())


_DESCRIPTIONS: Any = None


def _alias_descriptions(runspace: Runspace) -> dict[str, str]:
    """Descriptions given to Set-Alias/New-Alias, kept beside the runspace."""
    global _DESCRIPTIONS
    if _DESCRIPTIONS is None:
        import weakref  # noqa: PLC0415
        _DESCRIPTIONS = weakref.WeakKeyDictionary()
    found = _DESCRIPTIONS.get(runspace)
    if found is None:
        found = _DESCRIPTIONS[runspace] = {}
    return found


def set_alias_description(runspace: Runspace, name: str, description: str) -> None:
    """Remember an alias's description (shown by Get-Alias)."""
    _alias_descriptions(runspace)[name.lower()] = description
