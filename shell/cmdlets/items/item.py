"""Get-Item, Test-Path, New-Item, Remove-Item and Rename-Item."""

from __future__ import annotations

import os
from typing import Any

from shell.cmdlets.items.fileinfo import DirectoryInfo, item_for
from shell.cmdlets.items.paths import (expand, not_found, os_error, passes_filters, path_params,
                                       resolve_existing, strip_provider, to_path_strings, unescape)
from shell.cmdlets.items.providers import drive_items, drive_remove, split_drive, split_drives
from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord
from shell.language.host import HostError


def _path_param(help_text: str, *, mandatory: bool = False) -> Param:
    return Param("Path", "string[]", position=0, pipeline=True, by_property_name=True,
                 mandatory=mandatory, completer="path", help=help_text)


def _literal_param() -> Param:
    return Param("LiteralPath", "string[]", by_property_name=True, aliases=("PSPath", "LP"),
                 completer="path", help="The path exactly as written (no wildcards).")


class GetItem(Cmdlet):
    """Get-Item [-Path] <string[]> [-Force]."""

    name = "Get-Item"
    aliases = ("gi",)
    synopsis = "Gets the item at the specified location."
    description = ("Returns a FileInfo or DirectoryInfo for each path (wildcards allowed). "
                   "Unlike Get-ChildItem, a directory is returned itself, not its contents.")
    examples = ("Get-Item ~/notes.txt", "(Get-Item .).Parent", "Get-Item *.log -Force")
    params = (
        _path_param("The item's path; wildcards allowed.", mandatory=True),
        _literal_param(),
        Param("Include", "string[]", help="Only items whose names match one of these wildcards."),
        Param("Exclude", "string[]", help="Leave out items whose names match one of these wildcards."),
        Param("Force", "switch", help="Let wildcards match hidden dot-files."),
    )

    def process(self) -> None:
        """Write the item for each path."""
        paths, literal = path_params(self)
        drives, paths = split_drives(paths)
        for drive, name in drives:
            for item in drive_items(self, drive, name):
                self.write(item)
        for path in resolve_existing(self, paths, literal=literal, force=self.force):
            if passes_filters(os.path.basename(path), self.include, self.exclude):
                self.write(item_for(path))


class TestPath(Cmdlet):
    """Test-Path [-Path] <string[]> [-PathType {Any | Container | Leaf}] [-IsValid]."""

    name = "Test-Path"
    aliases = ()
    synopsis = "Determines whether all elements of a path exist."
    description = ("Writes True when the path exists (a wildcard: when it matches something), "
                   "else False. -PathType Leaf asks for a file, Container for a directory. "
                   "-IsValid only checks that the path is well formed.")
    examples = ("Test-Path ~/.bashrc", "Test-Path /etc -PathType Container",
                "if (-not (Test-Path out)) { New-Item -ItemType Directory out }")
    params = (
        _path_param("The path to test; wildcards allowed.", mandatory=True),
        _literal_param(),
        Param("PathType", "string", aliases=("Type",), choices=("Any", "Container", "Leaf"),
              help="What kind of item must be there: Any (default), Container or Leaf."),
        Param("IsValid", "switch", help="Only check the path's syntax."),
        Param("NewerThan", "datetime", help="Only true when the item was written after this time."),
        Param("OlderThan", "datetime", help="Only true when the item was written before this time."),
    )

    def process(self) -> None:
        """Write True or False for each path."""
        literal = bool(self.literal_path)
        values = self.literal_path if literal else self.path
        if values is None or (isinstance(values, (list, tuple)) and not values):
            values = [None]
        elif not isinstance(values, (list, tuple)):
            values = [values]
        for value in values:
            self.write(self._test(value, literal))

    def _test(self, value: Any, literal: bool) -> bool:
        if value is None or str(value) == "":
            return False
        raw = to_path_strings(value)[0]
        if self.is_valid:
            return "\0" not in raw
        drive = split_drive(raw)
        if drive is not None:
            return bool(drive_items(self, drive[0], drive[1], report=False)) if drive[1] else True
        found, wild = expand(self.runspace, raw, literal=literal)
        if not wild:
            found = [p for p in found if os.path.lexists(p)]
        kind = (self.path_type or "Any").lower()
        for path in found:
            if kind == "leaf" and os.path.isdir(path):
                continue
            if kind == "container" and not os.path.isdir(path):
                continue
            if self.newer_than is not None or self.older_than is not None:
                mtime = item_for(path).LastWriteTime
                if self.newer_than is not None and not (mtime and mtime > self.newer_than):
                    continue
                if self.older_than is not None and not (mtime and mtime < self.older_than):
                    continue
            return True
        return False


class NewItem(Cmdlet):
    """New-Item [-Path] <string[]> [-Name <string>] [-ItemType <string>] [-Value <object>] [-Force]."""

    name = "New-Item"
    aliases = ("ni",)
    synopsis = "Creates a new item (a file, a directory or a symbolic link)."
    description = ("Creates a file (the default) or, with -ItemType Directory, a directory "
                   "(with any missing parents). -Value is written to a new file as is (no newline "
                   "added); for -ItemType SymbolicLink it is the link's target. An existing file "
                   "is an error unless -Force, which overwrites it; -Force also creates a file's "
                   "missing parent directories.")
    examples = ("New-Item notes.txt", "New-Item -ItemType Directory build/out",
                "New-Item -Path . -Name hello.txt -Value 'hello'",
                "New-Item -ItemType SymbolicLink -Path latest -Value build/out")
    params = (
        Param("Path", "string[]", position=0, by_property_name=True, completer="path",
              help="Where to create the item (or its parent directory when -Name is given)."),
        Param("Name", "string", by_property_name=True, attr="item_name",
              help="The new item's name, created in -Path."),
        Param("ItemType", "string", aliases=("Type",),
              choices=("File", "Directory", "SymbolicLink", "HardLink"),
              help="File (default), Directory, SymbolicLink or HardLink."),
        Param("Value", "object", pipeline=True, aliases=("Target",),
              help="A new file's content, or a link's target."),
        Param("Force", "switch", help="Overwrite an existing file; create missing parent directories."),
    )

    def process(self) -> None:
        """Create each item and write it."""
        paths = to_path_strings(self.path) or ["."]
        if not self.path and not self.item_name:
            self.throw("Cannot process the command because the path of the new item is missing. "
                       "Give -Path or -Name.", category=ErrorCategory.INVALID_ARGUMENT,
                       error_id="MissingPath")
        kind = (self.item_type or "File").lower()
        if kind not in ("file", "directory", "symboliclink", "hardlink"):
            self.throw(f"The type '{self.item_type}' is not a supported item type. "
                       "Use File, Directory, SymbolicLink or HardLink.",
                       category=ErrorCategory.INVALID_ARGUMENT, error_id="NotSupported")
        for raw in paths:
            target = self.runspace.resolve_path(unescape(strip_provider(raw)))
            if self.item_name:
                target = os.path.join(target, self.item_name)
                target = os.path.normpath(target)
            try:
                item = {"file": self._file, "directory": self._directory}.get(kind, self._link)(target, kind)
            except OSError as exc:
                self.write_error(os_error(exc, target, "NewItem"))
                continue
            if item is not None:
                self.write(item)

    def _file(self, target: str, kind: str) -> Any:
        from shell.language.conversions import to_string  # noqa: PLC0415
        if os.path.isdir(target):
            self.write_error(_exists(f"An item with the specified name {target} already exists.", target))
            return None
        if os.path.lexists(target) and not self.force:
            self.write_error(_exists(f"The file '{target}' already exists.", target, "NewItemIOError"))
            return None
        parent = os.path.dirname(target)
        if not os.path.isdir(parent):
            if not self.force:
                self.write_error(os_error(FileNotFoundError(2, "No such file or directory"),
                                          target, "NewItem"))
                return None
            os.makedirs(parent, exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="") as handle:
            if self.value is not None:
                handle.write(to_string(self.value))
        return item_for(target)

    def _directory(self, target: str, kind: str) -> Any:
        if os.path.isdir(target):
            if not self.force:
                self.write_error(_exists(f"An item with the specified name {target} already exists.",
                                         target, "DirectoryExist"))
                return None
            return DirectoryInfo(target)
        if os.path.lexists(target):
            self.write_error(_exists(f"An item with the specified name {target} already exists.",
                                     target, "DirectoryExist"))
            return None
        os.makedirs(target)
        return DirectoryInfo(target)

    def _link(self, target: str, kind: str) -> Any:
        from shell.language.conversions import to_string  # noqa: PLC0415
        if self.value is None or to_string(self.value) == "":
            self.throw("The -Value parameter (the link's target) is required for a link.",
                       category=ErrorCategory.INVALID_ARGUMENT, error_id="ArgumentNull")
        if os.path.lexists(target):
            if not self.force:
                self.write_error(_exists(f"An item with the specified name {target} already exists.",
                                         target, "SymLinkExists"))
                return None
            if os.path.isdir(target) and not os.path.islink(target):
                os.rmdir(target)
            else:
                os.unlink(target)
        link_to = to_string(self.value)
        if kind == "hardlink":
            source = self.runspace.resolve_path(link_to)
            if not os.path.lexists(source):
                self.write_error(not_found(source))
                return None
            os.link(source, target)
        else:
            # A relative target is kept relative (as `ln -s` does), so the link can move with it.
            os.symlink(link_to, target)
        return item_for(target)


def _exists(message: str, target: str, error_id: str = "NewItemIOError") -> ErrorRecord:
    return ErrorRecord(message, category=ErrorCategory.RESOURCE_EXISTS, error_id=error_id,
                       target=target, exception_type="System.IO.IOException")


class RemoveItem(Cmdlet):
    """Remove-Item [-Path] <string[]> [-Recurse] [-Force]."""

    name = "Remove-Item"
    aliases = ("ri", "del", "erase", "rd", "rmdir")
    synopsis = "Deletes the specified items."
    description = ("Deletes files and directories (wildcards allowed). A directory that is not "
                   "empty needs -Recurse (at an interactive console you are asked instead). "
                   "A symbolic link is removed itself, never what it points to. -Force lets "
                   "wildcards match hidden dot-files.")
    examples = ("Remove-Item old.txt", "Remove-Item build -Recurse", "Remove-Item *.tmp",
                "Get-ChildItem *.log | Where-Object Length -eq 0 | Remove-Item")
    params = (
        _path_param("What to delete; wildcards allowed.", mandatory=True),
        _literal_param(),
        Param("Recurse", "switch", aliases=("r",), help="Delete directories with everything in them."),
        Param("Force", "switch", help="Let wildcards match hidden dot-files."),
        Param("Include", "string[]", help="Only items whose names match one of these wildcards."),
        Param("Exclude", "string[]", help="Leave out items whose names match one of these wildcards."),
        Param("Filter", "string", help="A wildcard the item names must match."),
    )

    def begin(self) -> None:
        """Nothing confirmed yet."""
        self._answer_all: bool | None = None

    def process(self) -> None:
        """Delete each item named."""
        paths, literal = path_params(self)
        drives, paths = split_drives(paths)
        for drive, name in drives:
            drive_remove(self, drive, name)
        for path in resolve_existing(self, paths, literal=literal, force=self.force):
            self.check_stopping()
            if passes_filters(os.path.basename(path), self.include, self.exclude, self.filter):
                self._remove(path)

    def _remove(self, path: str) -> None:
        location = self.runspace.location
        if not os.path.islink(path) and (location == path or location.startswith(path.rstrip("/") + "/")):
            self.write_error(ErrorRecord(f"Cannot remove the item at '{path}' because it is in use.",
                                         category=ErrorCategory.INVALID_OPERATION,
                                         error_id="RemoveItemInUse", target=path,
                                         exception_type="System.Management.Automation.PSInvalidOperationException"))
            return
        try:
            if os.path.islink(path) or not os.path.isdir(path):
                os.unlink(path)
                return
            if os.listdir(path) and not self.recurse and not self._confirm_children(path):
                return
            import shutil  # noqa: PLC0415
            shutil.rmtree(path, onerror=self._rmtree_error)
        except OSError as exc:
            self.write_error(os_error(exc, path, "RemoveFileSystemItem"))

    def _rmtree_error(self, func: Any, failed: str, info: Any) -> None:
        exc = info[1]
        if isinstance(exc, OSError):
            self.write_error(os_error(exc, failed, "RemoveFileSystemItem"))

    def _confirm_children(self, path: str) -> bool:
        """PowerShell asks before deleting a non-empty directory without -Recurse; a script gets an error."""
        message = (f"The item at {path} has children and the Recurse parameter was not specified. "
                   "If you continue, all children will be removed with the item. "
                   "Are you sure you want to continue?")
        if self._answer_all is not None:
            return self._answer_all
        host = self.host
        if getattr(host, "interactive", False):
            try:
                host.write(f"\nConfirm\n{message}\n")
                while True:
                    answer = host.read_line('[Y] Yes  [A] Yes to All  [N] No  [L] No to All  '
                                            '[?] Help (default is "Y"): ').strip().lower()
                    if answer in ("", "y", "yes"):
                        return True
                    if answer in ("a", "yes to all"):
                        self._answer_all = True
                        return True
                    if answer in ("n", "no"):
                        return False
                    if answer in ("l", "no to all"):
                        self._answer_all = False
                        return False
                    host.write("Y - Continue with only the next step of the operation.\n"
                               "A - Continue with all the steps of the operation.\n"
                               "N - Skip this operation and proceed with the next operation.\n"
                               "L - Skip this operation and all subsequent operations.\n")
            except HostError:
                pass
        self.write_error(ErrorRecord(
            f"The item at '{path}' has children and the Recurse parameter was not specified. "
            "Nothing was removed; use -Recurse to remove it with its children.",
            category=ErrorCategory.WRITE_ERROR, error_id="DirectoryNotEmpty", target=path,
            exception_type="System.IO.IOException"))
        return False


class RenameItem(Cmdlet):
    """Rename-Item [-Path] <string> [-NewName] <string> [-Force] [-PassThru]."""

    name = "Rename-Item"
    aliases = ("ren", "rni")
    synopsis = "Renames an item."
    description = ("Gives an item a new name in the same directory. To move it elsewhere use "
                   "Move-Item. An existing item of the new name is an error.")
    examples = ("Rename-Item notes.txt notes.md", "Get-Item a.log | Rename-Item -NewName b.log")
    params = (
        Param("Path", "string", position=0, pipeline=True, by_property_name=True, mandatory=True,
              completer="path", help="The item to rename."),
        Param("LiteralPath", "string", by_property_name=True, aliases=("PSPath", "LP"),
              completer="path", help="The item to rename, exactly as written."),
        Param("NewName", "string", position=1, mandatory=True, by_property_name=True,
              help="The new name (a name, or a path in the same directory)."),
        Param("Force", "switch", help="Accepted for compatibility."),
        Param("PassThru", "switch", help="Write the renamed item."),
    )

    def process(self) -> None:
        """Rename the item."""
        paths, literal = path_params(self)
        found = resolve_existing(self, paths[:1], literal=literal, force=True)
        if not found:
            return
        source = found[0]
        new_name = str(self.new_name or "")
        parent = os.path.dirname(source)
        if "/" in new_name:
            dest = self.runspace.resolve_path(new_name)
            if os.path.dirname(dest) != parent:
                self.write_error(ErrorRecord(
                    "Cannot rename the specified target, because it represents a path or device name.",
                    category=ErrorCategory.INVALID_ARGUMENT, error_id="Argument", target=new_name,
                    exception_type="System.ArgumentException"))
                return
        else:
            dest = os.path.join(parent, new_name)
        if not new_name or new_name in (".", ".."):
            self.write_error(ErrorRecord(f"Cannot rename to '{new_name}': it is not a valid name.",
                                         category=ErrorCategory.INVALID_ARGUMENT, error_id="Argument",
                                         target=new_name))
            return
        if os.path.lexists(dest) and dest != source:
            self.write_error(ErrorRecord("Cannot create a file when that file already exists.",
                                         category=ErrorCategory.WRITE_ERROR,
                                         error_id="RenameItemIOError", target=dest,
                                         exception_type="System.IO.IOException"))
            return
        try:
            os.rename(source, dest)
        except OSError as exc:
            self.write_error(os_error(exc, source, "RenameItem"))
            return
        if self.pass_thru:
            self.write(item_for(dest))
