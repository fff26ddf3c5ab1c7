"""Out-Default, Out-Host, Out-Null, Out-String and Out-File: where objects become text.

Out-Default is the sink the interpreter puts at the end of every console
pipeline whose output is not captured. It streams: strings and scalars are
written the moment they arrive; a new table waits up to 0.3 s (or 1,000 rows)
to size its columns, then its rows stream (PowerShell does the same); everything
is written by ``end``. Out-String and Out-File use the same engine, so a file
holds what the console would have shown.

The interpreter runs one Out-Default per top-level statement. So that their
blocks are spaced as one output (one blank line between two tables, not two),
they share where the text written so far ends: ``runspace.format_state``, an
``engine.OutputState`` set on the runspace by the first Out-Default. It is
trusted only while nothing else can have been written in between: the same
host, no record shown by a host since (``records.shown_count``), and, at an
interactive console, no new line typed (a prompt was shown). Code that writes
to the console's output by other means (a native program writing straight to
the terminal) should set ``runspace.format_state.tail = ""`` when the attribute
exists.
"""

from __future__ import annotations

from typing import Any

from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import PSRuntimeError

from shell.cmdlets.formatting.engine import Formatter, OutputState
from shell.cmdlets.formatting.files import TextFileWriter
from shell.cmdlets.formatting.records import shown_count

#: How long a new table waits for more rows before its column widths are fixed.
BATCH_SECONDS = 0.3
#: How many rows a new table holds at most before its column widths are fixed.
BATCH_ROWS = 1000


class OutDefault(Cmdlet):
    """Out-Default: formats objects and writes them to the host, as they come."""

    name = "Out-Default"
    synopsis = "Sends the output to the default formatter and the host."
    params = (
        Param("InputObject", "object", pipeline=True, help="The objects to show."),
        Param("Transcript", "switch", help="Accepted for compatibility; does nothing."),
    )

    def begin(self) -> None:
        host = self.host
        self._state = console_state(self.runspace, host)
        self._formatter = Formatter(host.width, host.write, color=bool(host.color),
                                    batch_seconds=BATCH_SECONDS, batch_size=BATCH_ROWS,
                                    use_timer=True, state=self._state)

    def process(self) -> None:
        self._formatter.add(self.input_object)

    def end(self) -> None:
        self._finish()

    def stop(self) -> None:
        # Ctrl+C: show what was produced so far rather than lose held table rows.
        if getattr(self, "_formatter", None) is not None:
            self._finish()

    def _finish(self) -> None:
        formatter = self._formatter
        before = formatter.emitted
        formatter.close()
        if formatter.emitted != before:
            # The closing blank line came after everything shown so far (see console_state).
            self._state.mark = _mark(self.runspace, self.host)

    def flush_output(self) -> None:
        """Write table rows still held for sizing (call before writing a record to the
        host, so an error or warning does not appear above the rows that preceded it)."""
        formatter = getattr(self, "_formatter", None)
        if formatter is not None:
            formatter.flush()


def _mark(runspace: Any, host: Any) -> tuple[int, int]:
    """What else has been shown: records rendered by hosts, lines typed at a console."""
    history = getattr(runspace, "history", None)
    typed = len(history) if getattr(host, "interactive", False) and history else 0
    return (shown_count(), typed)


def console_state(runspace: Any, host: Any) -> OutputState:
    """``runspace.format_state`` (made on first use), its ``tail`` forgotten when something
    may have been written to ``host`` since the last Out-Default wrote: another host, a
    record a host showed, a new line typed at an interactive console.

    The state's ``mark`` is what had been shown (``_mark``) when the Out-Default last
    wrote; it is set when an Out-Default's last piece of text (the blank line closing its
    block) is written. When in doubt the tail is forgotten: the cost is one extra blank line.
    """
    state = getattr(runspace, "format_state", None)
    if not isinstance(state, OutputState):
        state = OutputState()
        try:
            runspace.format_state = state
        except AttributeError:
            pass  # a runspace-like object that takes no attributes: no state across statements
    mark = _mark(runspace, host)
    if state.owner is not host or state.mark != mark:
        state.tail = ""
        state.owner = host
        state.mark = mark
    return state


class OutHost(OutDefault):
    """Out-Host: the same as Out-Default (-Paging is accepted and ignored)."""

    name = "Out-Host"
    aliases = ("oh",)
    synopsis = "Sends the output to the host for display."
    params = OutDefault.params[:1] + (
        Param("Paging", "switch", help="Accepted for compatibility; output is not paged."),
    )


class OutNull(Cmdlet):
    """Out-Null: discards its input."""

    name = "Out-Null"
    synopsis = "Hides the output instead of sending it down the pipeline or displaying it."
    params = (Param("InputObject", "object", pipeline=True, help="The objects to discard."),)


class OutString(Cmdlet):
    """Out-String: the text the console would show, as one string (or one per line)."""

    name = "Out-String"
    aliases = ("oss",)
    synopsis = "Outputs input objects as a string."
    params = (
        Param("InputObject", "object", pipeline=True, help="The objects to turn into text."),
        Param("Width", "int", help="Characters in each line (default: the host's width)."),
        Param("Stream", "switch", help="Outputs one string per line, as the lines are made."),
        Param("NoNewline", "switch", help="Removes every newline from the text."),
    )
    examples = ("Get-Job | Out-String", "Get-Job | Out-String -Stream | Select-String Running")

    def begin(self) -> None:
        width = self.width if self.width else self.host.width
        self._parts: list[str] = []
        if self.stream:
            self._formatter = Formatter(width, self._parts.append,
                                        batch_seconds=BATCH_SECONDS, batch_size=BATCH_ROWS)
        else:
            self._formatter = Formatter(width, self._parts.append)

    def process(self) -> None:
        self._formatter.add(self.input_object)
        if self.stream:
            self._write_lines(final=False)

    def end(self) -> None:
        self._formatter.close()
        if self.stream:
            self._write_lines(final=True)
            return
        text = "".join(self._parts)
        self.write(text.replace("\n", "") if self.no_newline else text)

    def _write_lines(self, final: bool) -> None:
        parts = self._parts  # the formatter appends to this very list
        text = "".join(parts)
        parts.clear()
        lines = text.split("\n")
        rest = lines.pop()  # after the last newline: an unfinished line
        if final and rest:
            lines.append(rest)
        elif rest:
            parts.append(rest)
        for line in lines:
            self.write(line)


class OutFile(Cmdlet):
    """Out-File: writes what the console would show to a file."""

    name = "Out-File"
    synopsis = "Sends output to a file."
    params = (
        Param("FilePath", "string", position=0, aliases=("Path",), completer="path",
              help="The file to write."),
        Param("LiteralPath", "string", aliases=("PSPath", "LP"), completer="path",
              help="The file to write; no character is a wildcard."),
        Param("Encoding", "string", position=1,
              help="utf8 (default, no BOM), utf8BOM, utf8NoBOM, ascii, unicode, utf32, ..."),
        Param("Append", "switch", help="Adds to the end of the file instead of replacing it."),
        Param("Force", "switch", help="Accepted for compatibility."),
        Param("NoClobber", "switch", aliases=("NoOverwrite",), help="Refuses to replace a file."),
        Param("Width", "int", help="Characters in each line (default: the host's width)."),
        Param("NoNewline", "switch", help="Writes no newlines: the texts are joined."),
        Param("InputObject", "object", pipeline=True, help="The objects to write."),
    )
    examples = ("Get-Job | Out-File ~/jobs.txt", "'more' | Out-File log.txt -Append -Encoding ascii")

    def begin(self) -> None:
        self._writer: TextFileWriter | None = None
        target = self.file_path if self.file_path is not None else self.literal_path
        if target is None or str(target) == "":
            self.throw("Cannot bind argument to parameter 'FilePath' because it is null or empty.",
                       category="InvalidData", error_id="ParameterArgumentValidationErrorNullNotAllowed")
        path = self.runspace.resolve_path(str(target))
        try:
            self._writer = TextFileWriter(path, append=bool(self.append), encoding=self.encoding,
                                          no_clobber=bool(self.no_clobber))
        except PSRuntimeError as exc:
            self.throw(exc.record)
        width = self.width if self.width else self.host.width
        self._formatter = Formatter(width, self._write)

    def _write(self, text: str) -> None:
        if self.no_newline:
            text = text.replace("\n", "")
        try:
            self._writer.write(text)
        except PSRuntimeError as exc:
            self.throw(exc.record)

    def process(self) -> None:
        self._formatter.add(self.input_object)

    def end(self) -> None:
        try:
            self._formatter.close()
        finally:
            self._close()

    def stop(self) -> None:
        self._close()

    def _close(self) -> None:
        writer, self._writer = getattr(self, "_writer", None), None
        if writer is not None:
            try:
                writer.close()
            except PSRuntimeError as exc:
                self.throw(exc.record)
