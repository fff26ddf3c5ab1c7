"""Clear-Content: empties files, keeping them.

``-Path`` takes wildcards (a wildcard that matches nothing is quietly empty, a plain
path that does not exist is PowerShell's ``Cannot find path ... because it does not
exist.``); ``-LiteralPath`` is taken as written, and is what a piped file binds to.
``-Filter``/``-Include``/``-Exclude`` narrow the items by name; ``-Force`` also
empties read-only files (and lets wildcards match dot-files); ``-WhatIf`` only says
what would be cleared.
"""

from __future__ import annotations

import os

from shell.cmdlets.items.paths import name_matches, os_error, path_params, resolve_existing
from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord


class ClearContent(Cmdlet):
    """Clear-Content [-Path] <string[]> [-Filter <string>] [-Include <string[]>] [-Exclude <string[]>] [-Force]."""

    name = "Clear-Content"
    aliases = ("clc",)
    synopsis = "Deletes the contents of an item, but does not delete the item."
    description = ("Empties each file named (wildcards allowed): the file stays, with a length of 0. "
                   "Directories have no content to clear. -Force empties read-only files too.")
    examples = ("Clear-Content app.log", "Clear-Content logs/*.log",
                "Clear-Content -Path * -Filter *.log -Force",
                "Get-ChildItem *.tmp | Clear-Content")
    params = (
        # Mandatory unless -LiteralPath is given: checked in process(), as the binder knows no parameter sets.
        Param("Path", "string[]", position=0, by_property_name=True, completer="path",
              help="The files to empty; wildcards allowed."),
        Param("LiteralPath", "string[]", by_property_name=True, aliases=("PSPath", "LP"), completer="path",
              help="The files to empty, exactly as written (piped files bind here by their PSPath)."),
        Param("Filter", "string", help="A wildcard the file names must match."),
        Param("Include", "string[]", help="Only files whose names match one of these wildcards."),
        Param("Exclude", "string[]", help="Leave out files whose names match one of these wildcards."),
        Param("Force", "switch", help="Empty read-only files too; let wildcards match dot-files."),
        Param("WhatIf", "switch", aliases=("wi",), help="Say what would be cleared, and clear nothing."),
    )

    def process(self) -> None:
        """Empty each file the paths name."""
        if self.path is None and self.literal_path is None:
            self.throw("Cannot process command because of one or more missing mandatory parameters: Path.",
                       category=ErrorCategory.INVALID_ARGUMENT, error_id="MissingMandatoryParameter")
        for param, given in (("Path", self.path), ("LiteralPath", self.literal_path)):
            if given is not None and any(p is None or p == "" for p in given):
                self.throw(f"Cannot bind argument to parameter '{param}' because it is "
                           f"{'null' if None in given else 'an empty string'}.",
                           category=ErrorCategory.INVALID_DATA,
                           error_id="ParameterArgumentValidationErrorEmptyStringNotAllowed")
        paths, literal = path_params(self)
        for path in resolve_existing(self, paths, literal=literal, force=self.force):
            self.check_stopping()
            name = os.path.basename(path)
            if self.include and not name_matches(name, self.include):
                continue
            if self.exclude and name_matches(name, self.exclude):
                continue
            if self.filter and not name_matches(name, [self.filter], case_sensitive=True):
                continue
            if self.what_if:
                self.host.write(f'What if: Performing the operation "Clear Content" on target "Item: {path}".\n')
                continue
            self._clear(path)

    def _clear(self, path: str) -> None:
        if os.path.isdir(path):
            # .NET opens the path to truncate it, and a directory refuses that access.
            self.write_error(ErrorRecord(f"Access to the path '{path}' is denied.",
                                         category=ErrorCategory.PERMISSION_DENIED,
                                         error_id="ClearContentUnauthorizedAccessError", target=path,
                                         exception_type="System.UnauthorizedAccessException"))
            return
        restore = None
        try:
            if self.force and not os.access(path, os.W_OK):
                # -Force: lift the read-only bit for the moment, as PowerShell does, then put it back.
                restore = os.stat(path).st_mode
                os.chmod(path, restore | 0o200)
            # Truncate in place (not delete and re-create): the file keeps its inode, owner,
            # mode and hard links, and a process holding it open sees it emptied.
            os.truncate(path, 0)
        except OSError as exc:
            self.write_error(os_error(exc, path, "ClearContent"))
        finally:
            if restore is not None:
                try:
                    os.chmod(path, restore)
                except OSError:
                    pass  # the file was emptied; failing to re-mark it read-only is not worth an error
