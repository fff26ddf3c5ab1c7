"""Get-Location, Set-Location, Push-Location and Pop-Location.

The location is runspace state (``runspace.location``); the process's working
directory is never changed, so thread jobs in the same process keep their own.
``Set-Location -`` and ``Set-Location +`` walk PowerShell 7's location history
(kept per runspace, 20 deep); Push-/Pop-Location use ``runspace.location_stack``.
"""

from __future__ import annotations

import os
import weakref
from typing import TYPE_CHECKING

from shell.cmdlets.items.fileinfo import PathInfo
from shell.cmdlets.items.paths import expand, not_found, path_params
from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord

if TYPE_CHECKING:
    from shell.language.runspace import Runspace

_HISTORY_DEPTH = 20


class _History:
    """The back and forward lists ``cd -`` and ``cd +`` walk."""

    __slots__ = ("back", "forward")

    def __init__(self) -> None:
        self.back: list[str] = []
        self.forward: list[str] = []


# Kept beside the runspace (not in it) so that a closed runspace takes its history with it.
_HISTORIES: weakref.WeakKeyDictionary[Runspace, _History] = weakref.WeakKeyDictionary()


def _history(runspace: Runspace) -> _History:
    found = _HISTORIES.get(runspace)
    if found is None:
        found = _HISTORIES[runspace] = _History()
    return found


def resolve_container(cmdlet: Cmdlet, raw: str, literal: bool) -> str | None:
    """The directory ``raw`` names, or None after writing PowerShell's error."""
    found, wild = expand(cmdlet.runspace, raw, literal=literal)
    if wild:
        found = [p for p in found if os.path.isdir(p)]
        if not found:
            cmdlet.write_error(not_found(cmdlet.runspace.resolve_path(raw)))
            return None
        if len(found) > 1:
            cmdlet.write_error(ErrorRecord(
                f"Cannot set the location because path '{raw}' resolved to multiple containers. "
                "You can only the set the same location to a single container at a time.",
                category=ErrorCategory.INVALID_ARGUMENT, error_id="PathResolvedToMultiple",
                target=raw, exception_type="System.Management.Automation.PSArgumentException"))
            return None
    target = found[0]
    if not os.path.isdir(target):
        cmdlet.write_error(not_found(target))
        return None
    if not os.access(target, os.X_OK):
        cmdlet.write_error(ErrorRecord(f"Access to the path '{target}' is denied.",
                                       category=ErrorCategory.PERMISSION_DENIED,
                                       error_id="UnauthorizedAccess", target=target,
                                       exception_type="System.UnauthorizedAccessException"))
        return None
    return target


class GetLocation(Cmdlet):
    """Get-Location [-Stack]."""

    name = "Get-Location"
    aliases = ("gl", "pwd")
    synopsis = "Gets information about the current working location or a location stack."
    description = ("Returns the current location as a PathInfo object (its Path property is "
                   "the path). -Stack lists the locations saved by Push-Location, newest first.")
    examples = ("Get-Location", "(Get-Location).Path", "Get-Location -Stack")
    params = (
        Param("Stack", "switch", help="List the location stack instead."),
    )

    def process(self) -> None:
        """Write the location (or the stack)."""
        if self.stack:
            for path in reversed(self.runspace.location_stack):
                self.write(PathInfo(path))
            return
        self.write(PathInfo(self.runspace.location))


class SetLocation(Cmdlet):
    """Set-Location [[-Path] <string>] [-PassThru]."""

    name = "Set-Location"
    aliases = ("sl", "cd", "chdir")
    synopsis = "Sets the current working location to a specified location."
    description = ("Changes the current location (the directory relative paths and native "
                   "programs start from). With no path it goes home. '-' goes back to the "
                   "previous location and '+' forward again.")
    examples = ("Set-Location ~/projects", "cd ..", "cd -", "Set-Location -Path /tmp -PassThru")
    params = (
        Param("Path", "string", position=0, pipeline=True, by_property_name=True, completer="path",
              help="The new location; wildcards allowed when they match one directory."),
        Param("LiteralPath", "string", by_property_name=True, aliases=("PSPath", "LP"),
              completer="path", help="The new location, exactly as written."),
        Param("PassThru", "switch", help="Write the new location as a PathInfo."),
    )

    def process(self) -> None:
        """Change the location."""
        rs = self.runspace
        history = _history(rs)
        paths, literal = path_params(self)
        raw = paths[0] if paths else "~"
        if not literal and raw in ("-", "+"):
            source, other = (history.back, history.forward) if raw == "-" else (history.forward, history.back)
            if not source:
                way = "backward" if raw == "-" else "forward"
                self.write_error(ErrorRecord(f"There is no location history left to navigate {way}.",
                                             category=ErrorCategory.INVALID_OPERATION,
                                             error_id="InvalidOperation", target=raw,
                                             exception_type="System.InvalidOperationException"))
                return
            target = source.pop()
            if not os.path.isdir(target):
                self.write_error(not_found(target))
                return
            other.append(rs.location)
        else:
            found = resolve_container(self, raw, literal)
            if found is None:
                return
            target = found
            if target != rs.location:
                history.back.append(rs.location)
                del history.back[:-_HISTORY_DEPTH]
                history.forward.clear()
        rs.location = target
        if self.pass_thru:
            self.write(PathInfo(target))


class PushLocation(Cmdlet):
    """Push-Location [[-Path] <string>] [-PassThru]."""

    name = "Push-Location"
    aliases = ("pushd",)
    synopsis = "Adds the current location to the top of a location stack."
    description = ("Saves the current location on the location stack and, given a path, "
                   "changes to it. Pop-Location goes back.")
    examples = ("Push-Location /etc; Get-ChildItem; Pop-Location",)
    params = (
        Param("Path", "string", position=0, pipeline=True, by_property_name=True, completer="path",
              help="Where to go after saving the current location."),
        Param("LiteralPath", "string", by_property_name=True, aliases=("PSPath", "LP"),
              completer="path", help="Where to go, exactly as written."),
        Param("PassThru", "switch", help="Write the new location as a PathInfo."),
    )

    def process(self) -> None:
        """Save the location, then move."""
        rs = self.runspace
        paths, literal = path_params(self)
        target = rs.location
        if paths:
            found = resolve_container(self, paths[0], literal)
            if found is None:
                return
            target = found
        rs.location_stack.append(rs.location)
        rs.location = target
        if self.pass_thru:
            self.write(PathInfo(target))


class PopLocation(Cmdlet):
    """Pop-Location [-PassThru]."""

    name = "Pop-Location"
    aliases = ("popd",)
    synopsis = "Changes the current location to the location most recently pushed onto the stack."
    description = "Returns to the location saved by the last Push-Location (nothing happens when the stack is empty)."
    examples = ("Push-Location /tmp; Pop-Location",)
    params = (
        Param("PassThru", "switch", help="Write the new location as a PathInfo."),
    )

    def process(self) -> None:
        """Go back to the last pushed location."""
        rs = self.runspace
        if not rs.location_stack:
            return
        target = rs.location_stack.pop()
        if not os.path.isdir(target):
            self.write_error(not_found(target))
            return
        rs.location = target
        if self.pass_thru:
            self.write(PathInfo(target))
