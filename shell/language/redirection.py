"""Redirection: ``>``, ``>>``, ``n>``, ``n>>``, ``n>&1``, ``*>``, ``> $null``.

Files are written where the command runs (the runspace's location and home), as
UTF-8 text formatted as the console would show it (Out-File's behaviour). Merges
(``2>&1``) send a stream's records into the output stream as objects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from shell.language import ast as A
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.streams import Stream

if TYPE_CHECKING:
    from shell.language.compiler import Compiler
    from shell.language.interpreter import Interpreter

Out = Callable[[Any], None]
Emit = Callable[[Stream, Any], None]

_ALL = (2, 3, 4, 5, 6)


class CompiledRedirection:
    """One redirection: which streams, and a file target (None for a merge into output)."""

    __slots__ = ("streams", "target", "append", "merge", "extent")

    def __init__(self, streams: tuple[int, ...], target: Callable[[], Any] | None, append: bool,
                 merge: bool, extent: Any) -> None:
        self.streams = streams
        self.target = target
        self.append = append
        self.merge = merge
        self.extent = extent


def compile_redirection(comp: Compiler, node: Any) -> CompiledRedirection:
    """Compile a FileRedirectionAst or MergingRedirectionAst."""
    if type(node) is A.MergingRedirectionAst:
        streams = _ALL if node.from_stream == "*" else (int(node.from_stream),)
        return CompiledRedirection(streams, None, False, True, node.extent)
    streams = (1,) + _ALL if node.stream == "*" else (int(node.stream or 1),)
    target = comp.expression(node.target)
    return CompiledRedirection(streams, target, bool(node.append), False, node.extent)


def apply_redirections(interp: Interpreter, redirections: tuple[CompiledRedirection, ...], out: Out,
                       emit: Emit) -> tuple[Out, Emit, Callable[[], None] | None]:
    """Wrap a command's output and stream sink; the returned finaliser writes the files."""
    if not redirections:
        return out, emit, None
    merged: set[int] = set()
    files: dict[int, _FileSink] = {}
    sinks: list[_FileSink] = []
    for r in redirections:
        if r.merge:
            merged.update(r.streams)
            continue
        target = r.target() if r.target is not None else None
        if target is None:
            sink = _FileSink(None, False, interp)
        else:
            from shell.language.conversions import to_string  # noqa: PLC0415
            path = interp.rs.resolve_path(to_string(target))
            sink = _FileSink(path, r.append, interp)
            sink.check_writable(r.extent)
        sinks.append(sink)
        for s in r.streams:
            files[s] = sink
    new_out = files[1].add if 1 in files else out

    def new_emit(stream: Stream, record: Any) -> None:
        number = int(stream)
        sink = files.get(number)
        if sink is not None:
            sink.add(record)
        elif number in merged:
            new_out(record)
        else:
            emit(stream, record)

    def finalize() -> None:
        for sink in sinks:
            sink.flush()
    return new_out, new_emit, finalize


class _FileSink:
    """Collects objects and records for one redirection target, then writes them as text."""

    __slots__ = ("path", "append", "items", "interp")

    def __init__(self, path: str | None, append: bool, interp: Interpreter) -> None:
        self.path = path
        self.append = append
        self.items: list[Any] = []
        self.interp = interp

    def add(self, item: Any) -> None:
        if self.path is not None:
            self.items.append(item)

    def check_writable(self, extent: Any) -> None:
        """Fail early (before the command runs) when the directory does not exist."""
        import os  # noqa: PLC0415
        assert self.path is not None
        parent = os.path.dirname(self.path) or "."
        if not os.path.isdir(parent):
            raise PSRuntimeError(ErrorRecord(f"Could not find a part of the path '{self.path}'.",
                                             category=ErrorCategory.OBJECT_NOT_FOUND,
                                             extent=extent, error_id="DirectoryNotFound",
                                             exception_type="System.IO.DirectoryNotFoundException"))
        if not self.append:
            self._write("")  # truncate now, as PowerShell does, even if nothing is written

    def flush(self) -> None:
        if self.path is None:
            return
        from shell.language.text_output import format_for_file  # noqa: PLC0415
        text = format_for_file(self.items, self.interp.rs)
        self.items = []
        if text:
            self._write(text, append=True)

    def _write(self, text: str, append: bool | None = None) -> None:
        assert self.path is not None
        mode = "a" if (self.append if append is None else append) else "w"
        try:
            with open(self.path, mode, encoding="utf-8") as handle:
                handle.write(text)
        except OSError as err:
            raise PSRuntimeError(ErrorRecord(
                f"Could not write to '{self.path}': {err.strerror or err}.",
                category=ErrorCategory.WRITE_ERROR, error_id="FileWriteError")) from None
        except ValueError:  # a NUL in the name, which no file system takes
            raise PSRuntimeError(ErrorRecord(
                f"Could not write to '{self.path.replace(chr(0), '`0')}': Null character in path.",
                category=ErrorCategory.INVALID_ARGUMENT, error_id="FileWriteError")) from None
