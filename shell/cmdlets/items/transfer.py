"""Copy-Item and Move-Item.

A destination that is an existing directory receives the items under their own
names; otherwise the destination is the new item's path (its parent must exist).
Copy-Item copies a directory's contents only with ``-Recurse`` (without it, an
empty directory is made, as PowerShell does) and keeps files' timestamps.
"""

from __future__ import annotations

import os

from shell.cmdlets.items.fileinfo import item_for
from shell.cmdlets.items.paths import (os_error, path_params, resolve_existing, strip_provider,
                                       to_path_strings, unescape)
from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord


def _params(what: str) -> tuple[Param, ...]:
    return (
        Param("Path", "string[]", position=0, pipeline=True, by_property_name=True, mandatory=True,
              completer="path", help=f"What to {what}; wildcards allowed."),
        Param("LiteralPath", "string[]", by_property_name=True, aliases=("PSPath", "LP"),
              completer="path", help=f"What to {what}, exactly as written."),
        Param("Destination", "string", position=1, by_property_name=True, completer="path",
              help="Where to put it: an existing directory, or the new item's path. "
                   "Default: the current location."),
        Param("Force", "switch", help="Overwrite existing or read-only items."),
        Param("PassThru", "switch", help="Write the new items."),
    )


def _into(source: str, dest: str) -> str:
    """The final path of ``source`` sent to ``dest``."""
    if os.path.isdir(dest):
        return os.path.join(dest, os.path.basename(source))
    return dest


def _inside(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip("/") + "/")


def _destination(cmdlet: Cmdlet) -> str:
    raw = to_path_strings(cmdlet.destination)  # type: ignore[attr-defined]
    return cmdlet.runspace.resolve_path(unescape(strip_provider(raw[0])) if raw else ".")


class CopyItem(Cmdlet):
    """Copy-Item [-Path] <string[]> [[-Destination] <string>] [-Recurse] [-Force] [-PassThru]."""

    name = "Copy-Item"
    aliases = ("copy", "cpi")
    synopsis = "Copies an item from one location to another."
    description = ("Copies files, and with -Recurse directories with their contents. Existing "
                   "files at the destination are overwritten (read-only ones only with -Force).")
    examples = ("Copy-Item notes.txt backup/", "Copy-Item src dist -Recurse",
                "Copy-Item *.conf /tmp/confs")
    params = _params("copy") + (
        Param("Recurse", "switch", aliases=("r",), help="Copy directories with their contents."),
    )

    def process(self) -> None:
        """Copy each item."""
        import shutil  # noqa: PLC0415

        paths, literal = path_params(self)
        dest = _destination(self)
        for source in resolve_existing(self, paths, literal=literal, force=self.force):
            self.check_stopping()
            final = _into(source, dest)
            try:
                if os.path.isdir(source) and not os.path.islink(source):
                    if _inside(final, source):
                        self.write_error(ErrorRecord(
                            f"Cannot copy item {source} onto itself or into one of its subdirectories.",
                            category=ErrorCategory.WRITE_ERROR, error_id="CopyContainerItemToLeafError",
                            target=source, exception_type="System.IO.IOException"))
                        continue
                    if self.recurse:
                        shutil.copytree(source, final, symlinks=True, dirs_exist_ok=True)
                    else:
                        os.makedirs(final, exist_ok=True)
                else:
                    if os.path.lexists(final) and os.path.samefile(source, final):
                        self.write_error(ErrorRecord(
                            f"Cannot overwrite the item {source} with itself.",
                            category=ErrorCategory.WRITE_ERROR, error_id="CopyError", target=source,
                            exception_type="System.IO.IOException"))
                        continue
                    if self.force and os.path.exists(final) and not os.access(final, os.W_OK):
                        os.chmod(final, os.stat(final).st_mode | 0o200)
                    shutil.copy2(source, final)
            except shutil.Error as exc:
                for _src, failed, reason in exc.args[0]:
                    self.write_error(ErrorRecord(f"{reason} : '{failed}'", category=ErrorCategory.WRITE_ERROR,
                                                 error_id="CopyDirectoryInfoItemIOError", target=failed))
                continue
            except OSError as exc:
                self.write_error(os_error(exc, final if exc.filename in (final, None) else exc.filename,
                                          "CopyFileInfoItem"))
                continue
            if self.pass_thru:
                self.write(item_for(final))


class MoveItem(Cmdlet):
    """Move-Item [-Path] <string[]> [[-Destination] <string>] [-Force] [-PassThru]."""

    name = "Move-Item"
    aliases = ("move", "mi")
    synopsis = "Moves an item from one location to another."
    description = ("Moves (or renames) files and directories. An existing item at the "
                   "destination is an error unless -Force, which replaces a file.")
    examples = ("Move-Item draft.txt final.txt", "Move-Item *.log archive/")
    params = _params("move")

    def process(self) -> None:
        """Move each item."""
        import shutil  # noqa: PLC0415

        paths, literal = path_params(self)
        dest = _destination(self)
        for source in resolve_existing(self, paths, literal=literal, force=self.force):
            self.check_stopping()
            final = _into(source, dest)
            if final == source:
                continue
            is_dir = os.path.isdir(source) and not os.path.islink(source)
            if is_dir and _inside(final, source):
                self.write_error(ErrorRecord(
                    f"Cannot move item {source} into one of its own subdirectories.",
                    category=ErrorCategory.WRITE_ERROR, error_id="MoveItemIOError", target=source,
                    exception_type="System.IO.IOException"))
                continue
            if os.path.lexists(final):
                replaceable = self.force and not (os.path.isdir(final) and not os.path.islink(final))
                if not replaceable:
                    self.write_error(ErrorRecord(
                        f"Cannot create '{final}' because a file or directory with the same name "
                        "already exists.", category=ErrorCategory.WRITE_ERROR,
                        error_id="MoveDirectoryItemIOError" if is_dir else "MoveFileInfoItemIOError",
                        target=final, exception_type="System.IO.IOException"))
                    continue
            try:
                if os.path.lexists(final):
                    os.unlink(final)
                shutil.move(source, final)
            except OSError as exc:
                self.write_error(os_error(exc, final if exc.errno == 2 else source, "MoveItem"))
                continue
            if self.pass_thru:
                self.write(item_for(final))
