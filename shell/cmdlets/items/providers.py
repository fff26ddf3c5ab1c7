"""The non-file drives PowerShell users reach for: ``env:``, ``variable:``, ``alias:``, ``function:``.

``Get-ChildItem env:``, ``Get-Item env:HOME``, ``Test-Path variable:x``,
``Get-Content env:PATH`` and ``Remove-Item env:TEMP`` work as in PowerShell; the
item cmdlets ask ``split_drive`` first and fall back to the file system.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from shell.cmdlets.items.paths import select_names
from shell.language.errors import ErrorCategory, ErrorRecord
from shell.language.psobject import PSLive

if TYPE_CHECKING:
    from shell.language.cmdlet import Cmdlet

DRIVES = ("env", "variable", "alias", "function")


class EnvironmentEntry(PSLive):
    """An environment variable as ``Get-ChildItem env:`` shows it (a DictionaryEntry)."""

    ps_type_names = ("System.Collections.DictionaryEntry", "System.ValueType", "System.Object")
    ps_properties = ("Name", "Key", "Value")
    ps_table = ("Name", "Value")

    Name = Value = ""

    def __init__(self, name: str, value: str) -> None:
        self.Name = name
        self.Value = value

    @property
    def Key(self) -> str:
        """The variable's name."""
        return self.Name

    def __str__(self) -> str:
        return "System.Collections.DictionaryEntry"

    def __repr__(self) -> str:
        return f"EnvironmentEntry({self.Name!r})"


def split_drive(path: Any) -> tuple[str, str] | None:
    """``('env', 'PATH')`` for ``env:PATH`` / ``Env:/PATH``; None for a file-system path."""
    text = str(path)
    head, sep, rest = text.partition(":")
    if not sep or head.lower() not in DRIVES:
        return None
    return head.lower(), rest.lstrip("/\\")


def split_drives(paths: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """A cmdlet's paths split into drive items (``(drive, name)`` pairs) and file-system paths."""
    drives: list[tuple[str, str]] = []
    files: list[str] = []
    for path in paths:
        drive = split_drive(path)
        if drive is None:
            files.append(path)
        else:
            drives.append(drive)
    return drives, files


def _everything(cmdlet: Cmdlet, drive: str) -> list[Any]:
    rs = cmdlet.runspace
    if drive == "env":
        return [EnvironmentEntry(k, v) for k, v in sorted(os.environ.items(), key=lambda kv: kv[0].lower())]
    if drive == "variable":
        from shell.cmdlets.utility.variables import visible  # noqa: PLC0415
        return visible(cmdlet, None)
    if drive == "alias":
        from shell.cmdlets.utility.commandinfo import all_aliases  # noqa: PLC0415
        return all_aliases(rs)
    from shell.cmdlets.utility.commandinfo import all_functions  # noqa: PLC0415
    return all_functions(rs)


def drive_items(cmdlet: Cmdlet, drive: str, name: str, *, report: bool = True) -> list[Any]:
    """The items of ``drive`` matching ``name`` (all when empty); a missing plain name writes an error."""
    items = _everything(cmdlet, drive)
    if not name:
        return items
    missing = (lambda pattern: cmdlet.write_error(drive_not_found(drive, pattern))) if report else None
    # Environment variable names are case-sensitive on Linux; the others are not.
    return select_names(items, [name], lambda item: item.Name, missing, case_sensitive=drive == "env")


def drive_not_found(drive: str, name: str) -> ErrorRecord:
    """PowerShell's not-found error for a drive item."""
    shown = f"{drive.capitalize()}:/{name}"
    return ErrorRecord(f"Cannot find path '{shown}' because it does not exist.",
                       category=ErrorCategory.OBJECT_NOT_FOUND, error_id="PathNotFound", target=shown,
                       exception_type="System.Management.Automation.ItemNotFoundException")


def drive_remove(cmdlet: Cmdlet, drive: str, name: str) -> None:
    """Remove-Item on a drive: unset environment variables, remove variables, aliases or functions."""
    rs = cmdlet.runspace
    for item in drive_items(cmdlet, drive, name):
        if drive == "env":
            os.environ.pop(item.Name, None)
        elif drive == "variable":
            if not rs.remove_variable(item.Name):
                cmdlet.write_error(drive_not_found(drive, item.Name))
        elif drive == "alias":
            if rs.aliases.pop(item.Name.lower(), None) is None:
                cmdlet.write_error(ErrorRecord(f"Alias '{item.Name}' is built into psrepl and cannot be removed.",
                                               category=ErrorCategory.WRITE_ERROR,
                                               error_id="AliasNotRemovable", target=item.Name))
        else:
            scope = rs.scope
            while scope is not None:
                if scope.functions.pop(item.Name.lower(), None) is not None:
                    break
                scope = scope.parent


def drive_content(item: Any) -> Any:
    """What Get-Content reads from a drive item (its value, or a function's body)."""
    if isinstance(item, EnvironmentEntry):
        return item.Value
    value = getattr(item, "Value", None)
    if value is not None:
        return value
    return getattr(item, "Definition", None)
