"""Split-Path, Join-Path, Resolve-Path and Convert-Path: working with path strings.

Split-Path and Join-Path only handle text (the items need not exist) unless
``-Resolve`` is given; Resolve-Path and Convert-Path expand wildcards and fail
for what does not exist.
"""

from __future__ import annotations

import os
import posixpath
from typing import Any

from shell.cmdlets.items.fileinfo import PathInfo
from shell.cmdlets.items.paths import path_params, resolve_existing, to_path_strings
from shell.language.cmdlet import Cmdlet, Param


def _trimmed(path: str) -> str:
    """A path without trailing separators (the root stays ``/``)."""
    stripped = path.rstrip("/")
    return stripped or ("/" if path.startswith("/") else "")


class SplitPath(Cmdlet):
    """Split-Path [-Path] <string[]> [-Parent | -Leaf | -LeafBase | -Extension | -IsAbsolute] [-Resolve]."""

    name = "Split-Path"
    aliases = ()
    synopsis = "Returns the specified part of a path."
    description = ("Returns the parent directory of a path (the default), or with -Leaf its last "
                   "component, -LeafBase that without its extension, -Extension the extension, "
                   "-IsAbsolute whether it starts at the root. The item need not exist; -Resolve "
                   "first expands wildcards against the file system.")
    examples = ("Split-Path /var/log/syslog", "Split-Path ~/notes.txt -Leaf",
                "Split-Path report.tar.gz -Extension")
    params = (
        Param("Path", "string[]", position=0, mandatory=True, pipeline=True, by_property_name=True,
              completer="path", help="The paths to split."),
        Param("LiteralPath", "string[]", by_property_name=True, aliases=("PSPath", "LP"),
              help="The paths to split, exactly as written."),
        Param("Parent", "switch", help="The parent directory (the default)."),
        Param("Leaf", "switch", help="The last component."),
        Param("LeafBase", "switch", help="The last component without its extension."),
        Param("Extension", "switch", help="The extension of the last component."),
        Param("Qualifier", "switch", help="The drive part (empty on Linux)."),
        Param("NoQualifier", "switch", help="The path without its drive part (the path on Linux)."),
        Param("IsAbsolute", "switch", help="Whether the path is absolute."),
        Param("Resolve", "switch", help="Resolve wildcards first and split each match."),
    )

    def process(self) -> None:
        """Split each path."""
        paths, literal = path_params(self)
        if self.resolve:
            paths = resolve_existing(self, paths, literal=literal, force=True)
        for path in paths:
            self.write(self._part(path))

    def _part(self, path: str) -> Any:
        trimmed = _trimmed(path)
        leaf = posixpath.basename(trimmed) if trimmed != "/" else ""
        if self.is_absolute:
            return path.startswith("/") or path.startswith("~")
        if self.leaf:
            return leaf
        if self.leaf_base:
            stem, ext = posixpath.splitext(leaf)
            return stem if ext else leaf
        if self.extension:
            return posixpath.splitext(leaf)[1]
        if self.qualifier:
            return "/" if path.startswith("/") else ""
        if self.no_qualifier:
            return path
        if trimmed == "/":
            return ""
        return _trimmed(posixpath.dirname(trimmed)) if "/" in trimmed else ""


class JoinPath(Cmdlet):
    """Join-Path [-Path] <string[]> [-ChildPath] <string> [[-AdditionalChildPath] <string[]>] [-Resolve]."""

    name = "Join-Path"
    aliases = ()
    synopsis = "Combines a path and a child path into a single path."
    description = ("Joins path parts with '/', without doubling separators. The items need not "
                   "exist unless -Resolve is given, which also expands wildcards.")
    examples = ("Join-Path ~ .config psrepl", "Join-Path /var/log syslog -Resolve",
                "'a', 'b' | Join-Path -ChildPath x")
    params = (
        Param("Path", "string[]", position=0, mandatory=True, pipeline=True, by_property_name=True,
              aliases=("PSPath",), help="The start of each path."),
        Param("ChildPath", "string", position=1, by_property_name=True, help="What to add."),
        Param("AdditionalChildPath", "string[]", position=2, remaining=True,
              help="More parts to add, in order."),
        Param("Resolve", "switch", help="Return the items the joined path names (they must exist)."),
    )

    def process(self) -> None:
        """Join each path with the children."""
        children = [str(self.child_path or "")] + [str(c) for c in (self.additional_child_path or [])]
        for base in to_path_strings(self.path):
            joined = base
            for child in children:
                if not child:
                    continue
                joined = joined.rstrip("/") + "/" + child.lstrip("/") if joined else child
            if self.resolve:
                for found in resolve_existing(self, [joined]):
                    self.write(found)
            else:
                self.write(joined)


class ResolvePath(Cmdlet):
    """Resolve-Path [-Path] <string[]> [-Relative]."""

    name = "Resolve-Path"
    aliases = ("rvpa",)
    synopsis = "Resolves the wildcard characters in a path, and displays the path contents."
    description = ("Expands ~, relative paths and wildcards into the full paths of existing "
                   "items (PathInfo objects); -Relative gives them relative to the current location.")
    examples = ("Resolve-Path ~/.bashrc", "Resolve-Path *.log -Relative")
    params = (
        Param("Path", "string[]", position=0, mandatory=True, pipeline=True, by_property_name=True,
              completer="path", help="The paths to resolve; wildcards allowed."),
        Param("LiteralPath", "string[]", by_property_name=True, aliases=("PSPath", "LP"),
              completer="path", help="The paths to resolve, exactly as written."),
        Param("Relative", "switch", help="Write paths relative to the current location."),
    )

    def process(self) -> None:
        """Write each existing match."""
        paths, literal = path_params(self)
        for path in resolve_existing(self, paths, literal=literal, force=True):
            if self.relative:
                rel = os.path.relpath(path, self.runspace.location)
                self.write(rel if rel.startswith("..") else "./" + rel if rel != "." else ".")
            else:
                self.write(PathInfo(path))


class ConvertPath(Cmdlet):
    """Convert-Path [-Path] <string[]>."""

    name = "Convert-Path"
    aliases = ("cvpa",)
    synopsis = "Converts a path from a PowerShell path to a provider path."
    description = "Like Resolve-Path, but writes the full paths as strings."
    examples = ("Convert-Path ~", "Convert-Path *.txt")
    params = (
        Param("Path", "string[]", position=0, mandatory=True, pipeline=True, by_property_name=True,
              completer="path", help="The paths to convert; wildcards allowed."),
        Param("LiteralPath", "string[]", by_property_name=True, aliases=("PSPath", "LP"),
              completer="path", help="The paths to convert, exactly as written."),
    )

    def process(self) -> None:
        """Write each existing match as a string."""
        paths, literal = path_params(self)
        for path in resolve_existing(self, paths, literal=literal, force=True):
            self.write(path)
