"""Tee-Object: passes objects on and also saves them in a file or a variable.

The file gets what the console would show (the formatting engine's text, as
Out-File writes it); the variable gets the objects themselves. There is no
``tee`` alias on Linux: that name is the native program.
"""

from __future__ import annotations

from typing import Any

from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, PSRuntimeError


class TeeObject(Cmdlet):
    """Tee-Object: saves command output in a file or variable and also sends it down the pipeline."""

    name = "Tee-Object"
    synopsis = "Saves command output in a file or variable and also sends it down the pipeline."
    params = (
        Param("InputObject", "object", pipeline=True, help="The objects to save and pass on."),
        Param("FilePath", "string", position=0, aliases=("Path",), completer="path",
              help="The file to write (replaced unless -Append)."),
        Param("LiteralPath", "string", aliases=("PSPath", "LP"), completer="path",
              help="The file to write; no character is a wildcard."),
        Param("Append", "switch", help="Adds to the end of the file."),
        Param("Encoding", "string", help="utf8 (default), utf8BOM, ascii, unicode, ..."),
        Param("Variable", "string", completer="variable", help="The variable to store the objects in."),
    )
    examples = ("Get-Process | Tee-Object -FilePath procs.txt | Sort-Object CPU",
                "1..3 | Tee-Object -Variable saved | Measure-Object")

    def begin(self) -> None:
        target = self.file_path if self.file_path is not None else self.literal_path
        if target is None and self.variable is None:
            self.throw("Cannot process command because of one or more missing mandatory parameters: FilePath.",
                       category=ErrorCategory.INVALID_ARGUMENT, error_id="MissingMandatoryParameter")
        if target is not None and self.variable is not None:
            self.throw("Parameter set cannot be resolved using the specified named parameters. One or more "
                       "parameters issued cannot be used together or an insufficient number of parameters "
                       "were provided.", category=ErrorCategory.INVALID_ARGUMENT,
                       error_id="AmbiguousParameterSet")
        self._items: list[Any] = []
        self._writer: Any = None
        self._formatter: Any = None
        if target is not None:
            from shell.cmdlets.formatting.engine import Formatter  # noqa: PLC0415
            from shell.cmdlets.formatting.files import TextFileWriter  # noqa: PLC0415
            path = self.runspace.resolve_path(str(target))
            try:
                self._writer = TextFileWriter(path, append=bool(self.append), encoding=self.encoding)
            except PSRuntimeError as exc:
                self.throw(exc.record)
            self._formatter = Formatter(self.host.width, self._write_text)

    def _write_text(self, text: str) -> None:
        try:
            self._writer.write(text)
        except PSRuntimeError as exc:
            self.throw(exc.record)

    def process(self) -> None:
        if not self.expecting_input and "InputObject" not in self.bound:
            return
        item = self.input_object
        if self._formatter is not None:
            self._formatter.add(item)
        else:
            self._items.append(item)
        self._out(item)

    def end(self) -> None:
        if self._formatter is not None:
            try:
                self._formatter.close()
            finally:
                self._close()
            return
        items = self._items
        value: Any = items[0] if len(items) == 1 else (list(items) if items else None)
        name = str(self.variable)
        scope = None
        if ":" in name:
            prefix, _, rest = name.partition(":")
            if prefix.lower() in ("global", "script", "local"):
                scope = None if prefix.lower() == "local" else prefix.lower()
                name = rest
        self.runspace.set_variable(name, value, scope)

    def stop(self) -> None:
        self._close()

    def _close(self) -> None:
        writer, self._writer = getattr(self, "_writer", None), None
        if writer is not None:
            try:
                writer.close()
            except PSRuntimeError as exc:
                self.throw(exc.record)
