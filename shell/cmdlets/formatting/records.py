"""How hosts show the records of the non-output streams (errors, warnings, ...).

Errors follow PowerShell 7's ConciseView: ``Write-Error: message``, prefixed by the
command that wrote the error, else ``Exception`` for ``throw``, else the error's
category when it is not NotSpecified (``InvalidOperation: ...``), else the
exception's short type name. An error raised by a script line (a file, or any
line after the first of the input) also shows where::

    Foo-Bar: /tmp/t.ps1:2
    Line |
       2 |  Foo-Bar
         |  ~~~~~~~
         | The term 'Foo-Bar' is not recognized as a name of a cmdlet, ...

Errors from another computer name it: ``Write-Error: [Server01] boom``.
Warnings, verbose and debug messages carry their ``WARNING: `` style prefix;
information shows its message data; Write-Host text keeps its colours.
"""

from __future__ import annotations

from typing import Any

from shell.language.errors import ErrorCategory, ErrorRecord
from shell.language.streams import InformationRecord, Stream

RED = "\x1b[31m"
YELLOW = "\x1b[33m"
RESET = "\x1b[0m"

# PowerShell's ConsoleColor names -> ANSI foreground codes (background is +10).
_ANSI = {
    "black": 30, "darkred": 31, "darkgreen": 32, "darkyellow": 33, "darkblue": 34,
    "darkmagenta": 35, "darkcyan": 36, "gray": 37, "darkgray": 90, "red": 91, "green": 92,
    "yellow": 93, "blue": 94, "magenta": 95, "cyan": 96, "white": 97,
}

_PREFIX = {Stream.WARNING: "WARNING: ", Stream.VERBOSE: "VERBOSE: ", Stream.DEBUG: "DEBUG: "}


def _paint(text: str, code: str, color: bool) -> str:
    """Colour every line of ``text`` (a reset at each line end keeps pagers and prompts clean)."""
    if not color or not text:
        return text
    return "\n".join(code + line + RESET if line else line for line in text.split("\n"))


def _text(value: Any) -> str:
    from shell.cmdlets.formatting.values import scalar_text  # noqa: PLC0415 - keep hosts' import light

    return scalar_text(value)


def error_reason(record: ErrorRecord) -> str:
    """The ``Reason:`` that starts a concise error, by PowerShell's ConciseView rule: the
    command that wrote it, ``Exception`` for ``throw``, the name a missing command was
    invoked by, the error's category unless NotSpecified (``InvalidOperation``), else
    the exception's short type name."""
    if record.command:
        return record.command
    short = (record.exception_type or "").rsplit(".", 1)[-1]
    if short == "RuntimeException" and (record.category == ErrorCategory.OPERATION_STOPPED
                                        or record.error_id == record.message):
        # What ``throw`` raises: PowerShell says "Exception:" for it.
        return "Exception"
    if short == "CommandNotFoundException" and isinstance(record.target, str) and record.target:
        return record.target
    category = record.category
    if isinstance(category, str) and category and category != ErrorCategory.NOT_SPECIFIED:
        return category
    return short or "Error"


def _extent_file(extent: Any) -> str | None:
    for attr in ("file", "filename", "path"):
        value = getattr(extent, attr, None)
        if isinstance(value, str) and value:
            return value
    return None


def _wants_position(record: ErrorRecord, show_position: bool | None) -> bool:
    extent = record.extent
    if extent is None or not getattr(extent, "source", ""):
        return False
    if show_position is not None:
        return show_position
    # PowerShell's rule: a script file, a line past the first, or a parse error.
    return (_extent_file(extent) is not None or extent.line > 1
            or record.category == ErrorCategory.PARSER_ERROR)


def _position_lines(record: ErrorRecord, reason: str, message: str) -> list[str]:
    extent = record.extent
    where = _extent_file(extent)
    head = f"{reason}: {where}:{extent.line}" if where else f"{reason}:"
    number = str(extent.line)
    pad = max(4, len(number))
    bar = " " * pad + " |"
    source = extent.line_text.replace("\t", " ").rstrip()
    start = max(extent.column - 1, 0)
    length = max(1, min(len(extent.text.split("\n", 1)[0]), len(source) - start))
    lines = [head, "Line |".rjust(pad + 2), f"{number.rjust(pad)} |  {source}",
             f"{bar}  {' ' * start}{'~' * length}"]
    lines.extend(f"{bar} {line}".rstrip() for line in message.split("\n"))
    return lines


def render_error(record: Any, color: bool = False, show_position: bool | None = None) -> str:
    """An error in PowerShell's concise view, ending with a newline."""
    if not isinstance(record, ErrorRecord):
        return _paint(_text(record), RED, color) + "\n"
    message = (record.message or "").replace("\r\n", "\n")
    if record.computer_name and not message.startswith("["):
        message = f"[{record.computer_name}] {message}"
    if record.category == ErrorCategory.FROM_STDERR:
        # A native program's stderr line: PowerShell shows the text itself.
        return _paint(message, RED, color) + "\n"
    if record.category == ErrorCategory.PARSER_ERROR and record.script_stack:
        # The parser's own rendering (line, column, the line, a caret, the message).
        return _paint(record.script_stack.rstrip("\n"), RED, color) + "\n"
    reason = error_reason(record)
    if _wants_position(record, show_position):
        text = "\n".join(_position_lines(record, reason, message))
    else:
        text = f"{reason}: {message}"
    return _paint(text, RED, color) + "\n"


def _host_text(record: InformationRecord, color: bool) -> str:
    text = _text(record.message_data)
    if color and (record.foreground or record.background):
        codes = []
        if record.foreground and record.foreground.lower() in _ANSI:
            codes.append(str(_ANSI[record.foreground.lower()]))
        if record.background and record.background.lower() in _ANSI:
            codes.append(str(_ANSI[record.background.lower()] + 10))
        if codes:
            text = _paint(text, "\x1b[" + ";".join(codes) + "m", True)
    return text if record.no_newline else text + "\n"


def render_record(stream: Stream | int, record: Any, color: bool = False, *,
                  show_position: bool | None = None) -> str:
    """The text a host writes for a record of ``stream`` (ends with a newline, except
    Write-Host -NoNewline; '' for progress). ``color`` adds ANSI colours; without it
    the text holds no escape codes. ``show_position`` forces (True) or suppresses
    (False) the ``Line |`` block of errors; None applies PowerShell's rule.

    Hosts call this for what they show; it counts what was shown (``shown_count``),
    so Out-Default knows a record came between its output and the next.
    """
    global _shown
    text = record_text(stream, record, color, show_position=show_position)
    if text:
        _shown += 1
    return text


#: How many records hosts have rendered (see ``shown_count``).
_shown = 0


def shown_count() -> int:
    """How many non-empty records hosts have rendered so far in this process."""
    return _shown


def record_text(stream: Stream | int, record: Any, color: bool = False, *,
                show_position: bool | None = None) -> str:
    """``render_record``'s text, without counting it as shown by a host (the formatter
    uses this for records that arrive as output)."""
    stream = Stream(stream)
    if stream == Stream.ERROR:
        return render_error(record, color, show_position)
    if stream in _PREFIX:
        message = getattr(record, "message", record)
        return _paint(_PREFIX[stream] + _text(message), YELLOW, color) + "\n"
    if stream == Stream.INFORMATION:
        if isinstance(record, InformationRecord):
            if record.is_host:
                return _host_text(record, color)
            return _text(record.message_data) + "\n"
        return _text(record) + "\n"
    if stream == Stream.PROGRESS:
        return ""
    return _text(record) + "\n"
