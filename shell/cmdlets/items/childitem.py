"""Get-ChildItem: the items in one or more locations, optionally recursively.

As PowerShell 7 does: in each directory the subdirectories come first, then the
files, each sorted by name ignoring case; with ``-Recurse`` a directory's items
are all written before its subdirectories are visited. Dot-files are hidden
unless ``-Force``. A wildcard that matches a directory lists that directory's
items (as ``ls`` does); ``gci *.txt -Recurse`` searches the tree for ``*.txt``.
"""

from __future__ import annotations

import os
from typing import Any

from shell.cmdlets.items.fileinfo import DirectoryInfo, FileInfo, FileSystemInfo
from shell.cmdlets.items.paths import expand, has_wildcard, not_found, os_error, passes_filters, path_params
from shell.cmdlets.items.providers import drive_items, split_drive
from shell.language.cmdlet import Cmdlet, Param
from shell.language.regex import wildcard_regex


class GetChildItem(Cmdlet):
    """Get-ChildItem [[-Path] <string[]>] [[-Filter] <string>] [-Recurse] [-Depth <int>] ..."""

    name = "Get-ChildItem"
    aliases = ("gci", "dir")
    synopsis = "Gets the items and child items in one or more specified locations."
    description = ("Lists the files and directories in the given locations (the current location "
                   "by default). -Path accepts wildcards; -LiteralPath does not. -Recurse descends "
                   "into subdirectories (-Depth limits how far); -File and -Directory keep one kind; "
                   "-Force includes hidden dot-files; -Name writes the names as strings.")
    examples = ("Get-ChildItem", "Get-ChildItem -Path ~/logs -Filter *.log -Recurse",
                "gci *.txt | Where-Object Length -gt 1kb", "Get-ChildItem -Directory -Name")
    params = (
        Param("Path", "string[]", position=0, pipeline=True, by_property_name=True, completer="path",
              help="Where to look; wildcards allowed. Default: the current location."),
        Param("LiteralPath", "string[]", by_property_name=True, aliases=("PSPath", "LP"),
              completer="path", help="Where to look, taken exactly as written (no wildcards)."),
        Param("Filter", "string", position=1, help="A wildcard the item names must match."),
        Param("Include", "string[]", help="Only items whose names match one of these wildcards."),
        Param("Exclude", "string[]", help="Leave out items whose names match one of these wildcards."),
        Param("Recurse", "switch", aliases=("s",), help="Also list the items of every subdirectory."),
        Param("Depth", "int", help="How many levels of subdirectories to descend (implies -Recurse)."),
        Param("File", "switch", aliases=("af",), help="Files only."),
        Param("Directory", "switch", aliases=("ad",), help="Directories only."),
        Param("Hidden", "switch", aliases=("ah",), help="Hidden items (dot-files) only."),
        Param("Force", "switch", help="Include hidden items (dot-files)."),
        Param("Name", "switch", attr="name_only", help="Write the items' names (relative paths) as strings."),
        Param("FollowSymlink", "switch", help="With -Recurse, descend into symbolic links to directories."),
    )

    def process(self) -> None:
        """List each path given (or the current location)."""
        paths, literal = path_params(self)
        for raw in paths or ["."]:
            self._list(raw, literal)

    # ----------------------------------------------------------- one -Path value
    def _list(self, raw: str, literal: bool) -> None:
        drive = split_drive(raw)
        if drive is not None:  # env:, variable:, alias:, function:
            for item in drive_items(self, drive[0], drive[1]):
                if self.name_only:
                    self.write(item.Name)
                elif self._wanted(item.Name, False, None) or not (self.filter or self.include or self.exclude):
                    self.write(item)
            return
        recurse = self.recurse or self.depth is not None
        depth = self.depth if self.depth is not None else (1 << 30 if recurse else 0)
        leaf_filter: str | None = None
        head, leaf = os.path.split(raw)
        if recurse and not literal and has_wildcard(leaf) and not has_wildcard(head):
            # `gci *.txt -Recurse`: the leaf is a pattern searched for in the whole tree.
            leaf_filter = leaf
            raw = head or "."
        found, wild = expand(self.runspace, raw, literal=literal, force=self.force or self.hidden)
        if not wild and not os.path.lexists(found[0]):
            self.write_error(not_found(found[0]))
            return
        for base in found:
            if os.path.isdir(base):
                self._walk(base, depth, base, leaf_filter, set())
            elif self._wanted(os.path.basename(base), False, leaf_filter):
                self._write_item(FileInfo(base), os.path.dirname(base))

    def _walk(self, directory: str, depth: int, root: str, leaf_filter: str | None,
              seen: set[tuple[int, int]]) -> None:
        """Write the wanted items of ``directory``, then (depth allowing) visit its subdirectories."""
        self.check_stopping()
        try:
            st = os.stat(directory)
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(directory) as it:
                entries = list(it)
        except OSError as exc:
            self.write_error(os_error(exc, directory, "Dir"))
            return
        dirs: list[os.DirEntry[str]] = []
        files: list[os.DirEntry[str]] = []
        for entry in entries:
            hidden = entry.name.startswith(".")
            if hidden and not (self.force or self.hidden):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirs if is_dir else files).append(entry)
        dirs.sort(key=_by_name)
        files.sort(key=_by_name)
        for entry in dirs:
            if self._wanted(entry.name, True, leaf_filter):
                self._write_item(DirectoryInfo(entry.path), root)
        for entry in files:
            if self._wanted(entry.name, False, leaf_filter):
                self._write_item(FileInfo(entry.path), root)
        if depth <= 0:
            return
        for entry in dirs:
            if entry.is_symlink() and not self.follow_symlink:
                continue
            try:
                st = os.stat(entry.path)
            except OSError:
                continue
            if (st.st_dev, st.st_ino) in seen:  # a link loop
                continue
            self._walk(entry.path, depth - 1, root, leaf_filter, seen)

    def _wanted(self, name: str, is_dir: bool, leaf_filter: str | None) -> bool:
        """Whether an item passes -File/-Directory/-Hidden/-Filter/-Include/-Exclude."""
        if self.file and is_dir:
            return False
        if self.directory and not is_dir:
            return False
        if self.hidden and not name.startswith("."):
            return False
        if leaf_filter and not wildcard_regex(leaf_filter, case_sensitive=True).fullmatch(name):
            return False
        return passes_filters(name, self.include, self.exclude, self.filter)

    def _write_item(self, item: FileSystemInfo, root: str) -> None:
        if self.name_only:
            self.write(os.path.relpath(item.FullName, root) if root != item.FullName else item.Name)
        else:
            self.write(item)


def _by_name(entry: Any) -> tuple[str, str]:
    return (entry.name.lower(), entry.name)

