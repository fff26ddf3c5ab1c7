"""User-visible errors (data, not control flow) and the interpreter's private signals.

* ``ParseError`` — the input does not parse; knows whether it is merely incomplete,
  which the console uses to ask for a continuation line.
* ``ErrorRecord`` — PowerShell's error object: message, category, target, the
  script position and the computer it happened on.
* ``PSRuntimeError`` — a terminating error: an exception carrying an ErrorRecord that
  unwinds to ``try/catch`` or to the top.
* ``ControlSignal`` and its subclasses — ``break``, ``continue``, ``return``, ``exit``:
  private signals caught only by the interpreter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shell.language.ast import Extent


class ParseError(Exception):
    """The input could not be parsed.

    ``incomplete`` is True when the input ended too early (an open ``{``, string,
    ``(`` or a trailing ``|``), so more lines could complete it.
    """

    def __init__(self, message: str, extent: Extent | None = None, *, incomplete: bool = False,
                 error_id: str = "ParseError") -> None:
        super().__init__(message)
        self.message = message
        self.extent = extent
        self.incomplete = incomplete
        self.error_id = error_id

    def render(self) -> str:
        """PowerShell-style text: position, the line, a caret under the column, the message."""
        if self.extent is None:
            return f"ParserError: {self.message}"
        ext = self.extent
        line = ext.line_text
        caret = " " * (ext.column - 1) + "^"
        return (f"ParserError: line {ext.line}, column {ext.column}:\n"
                f"{line}\n{caret}\n{self.message}")


class ErrorCategory:
    """PowerShell's ErrorCategory names, as plain strings."""

    NOT_SPECIFIED = "NotSpecified"
    OBJECT_NOT_FOUND = "ObjectNotFound"
    INVALID_ARGUMENT = "InvalidArgument"
    INVALID_OPERATION = "InvalidOperation"
    INVALID_DATA = "InvalidData"
    INVALID_TYPE = "InvalidType"
    PERMISSION_DENIED = "PermissionDenied"
    RESOURCE_UNAVAILABLE = "ResourceUnavailable"
    OPERATION_STOPPED = "OperationStopped"
    OPERATION_TIMEOUT = "OperationTimeout"
    PARSER_ERROR = "ParserError"
    CONNECTION_ERROR = "ConnectionError"
    OPEN_ERROR = "OpenError"
    WRITE_ERROR = "WriteError"
    READ_ERROR = "ReadError"
    RESOURCE_EXISTS = "ResourceExists"
    SECURITY_ERROR = "SecurityError"
    SYNTAX_ERROR = "SyntaxError"
    FROM_STDERR = "FromStdErr"


class ErrorRecord:
    """An error as PowerShell shows it: what, why, on what, where, on which computer.

    ``exception_type`` is the .NET-style type name a ``catch [T]`` matches against
    (e.g. ``'System.Management.Automation.RuntimeException'``); ``command`` names the
    command that wrote it (shown as the ``Foo-Bar:`` prefix).
    """

    __slots__ = ("message", "category", "error_id", "target", "extent", "command",
                 "computer_name", "exception_type", "inner", "script_stack")

    def __init__(self, message: str, *, category: str = ErrorCategory.NOT_SPECIFIED,
                 error_id: str = "", target: Any = None, extent: Extent | None = None,
                 command: str | None = None, computer_name: str | None = None,
                 exception_type: str = "System.Management.Automation.RuntimeException",
                 inner: BaseException | None = None) -> None:
        self.message = message
        self.category = category
        self.error_id = error_id or category
        self.target = target
        self.extent = extent
        self.command = command
        self.computer_name = computer_name
        self.exception_type = exception_type
        self.inner = inner
        self.script_stack: str | None = None

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"ErrorRecord({self.message!r}, category={self.category!r})"

    @property
    def fully_qualified_error_id(self) -> str:
        """``ErrorId,Command`` as PowerShell's FullyQualifiedErrorId."""
        return f"{self.error_id},{self.command}" if self.command else self.error_id

    @property
    def exception_message(self) -> str:
        """What ``$_.Exception.Message`` gives."""
        return self.message


class PSRuntimeError(Exception):
    """A terminating error: unwinds to ``try/catch`` or to the top, where it is printed.

    ``script_terminating`` is True for ``throw``: at the top of a script it ends the
    whole script; other terminating errors end only the statement they occur in.
    """

    def __init__(self, record: ErrorRecord | str, *, script_terminating: bool = False,
                 **kwargs: Any) -> None:
        if isinstance(record, str):
            record = ErrorRecord(record, **kwargs)
        super().__init__(record.message)
        self.record = record
        self.script_terminating = script_terminating

    @property
    def message(self) -> str:
        """The error's message."""
        return self.record.message


class PipelineStoppedError(Exception):
    """The pipeline was stopped (Ctrl+C, Stop-Job, ``Select-Object -First`` upstream)."""


class ControlSignal(BaseException):
    """Base of the interpreter's private control-flow signals (never shown to a user).

    Derives from BaseException so that ``except Exception`` in cmdlet code does not
    swallow a ``break`` or ``return`` passing through a script block it invoked.
    """


class StopUpstream(ControlSignal):
    """Raised by a command that needs no more input (``Select-Object -First``).

    The pipeline processor catches it, stops the commands upstream of ``command``
    (their end blocks do not run) and finishes ``command`` and those downstream.
    """

    def __init__(self, command: Any) -> None:
        super().__init__()
        self.command = command


class BreakSignal(ControlSignal):
    """``break [label]``."""

    def __init__(self, label: str | None = None) -> None:
        super().__init__(label)
        self.label = label


class ContinueSignal(ControlSignal):
    """``continue [label]``."""

    def __init__(self, label: str | None = None) -> None:
        super().__init__(label)
        self.label = label


class ReturnSignal(ControlSignal):
    """``return``: leaves the current script block or function."""


class ExitSignal(ControlSignal):
    """``exit N``: leaves the script (at the top level, the shell) with an exit code."""

    def __init__(self, code: int = 0) -> None:
        super().__init__(code)
        self.code = code
