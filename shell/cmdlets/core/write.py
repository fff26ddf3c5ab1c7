"""Write-Output, Write-Host and the cmdlets that write to the other streams.

Write-Output sends objects down the pipeline; everything else here writes a
record to one of the other streams (Error, Warning, Verbose, Debug, Information,
Progress). How a record is shown, and whether it is shown at all (preference
variables, ``-Verbose``, redirections), is decided downstream, not here.
Write-Host writes an InformationRecord tagged ``PSHOST``, as PowerShell 5+ does.
"""

from __future__ import annotations

from typing import Any

from shell.cmdlets.core.validation import validate_range
from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.streams import InformationRecord, ProgressRecord, Stream

#: System.ConsoleColor names, in .NET's order (what -ForegroundColor accepts).
CONSOLE_COLORS: tuple[str, ...] = (
    "Black", "DarkBlue", "DarkGreen", "DarkCyan", "DarkRed", "DarkMagenta", "DarkYellow",
    "Gray", "DarkGray", "Blue", "Green", "Cyan", "Red", "Magenta", "Yellow", "White",
)

#: Every ErrorCategory name Write-Error -Category accepts.
ERROR_CATEGORIES: tuple[str, ...] = (
    "NotSpecified", "OpenError", "CloseError", "DeviceError", "DeadlockDetected",
    "InvalidArgument", "InvalidData", "InvalidOperation", "InvalidResult", "InvalidType",
    "MetadataError", "NotImplemented", "NotInstalled", "ObjectNotFound", "OperationStopped",
    "OperationTimeout", "SyntaxError", "ParserError", "PermissionDenied", "ResourceBusy",
    "ResourceExists", "ResourceUnavailable", "ReadError", "WriteError", "FromStdErr",
    "SecurityError", "ProtocolError", "ConnectionError", "AuthenticationError",
    "LimitsExceeded", "QuotaExceeded", "NotEnabled",
)


def _to_string(value: Any) -> str:
    from shell.language.conversions import to_string  # noqa: PLC0415 (written in parallel)
    return to_string(value)


class WriteOutput(Cmdlet):
    """Write-Output: sends objects down the pipeline (arrays are enumerated)."""

    name = "Write-Output"
    aliases = ("echo", "write")
    synopsis = "Writes the specified objects to the pipeline."
    params = (
        Param("InputObject", "object[]", position=0, pipeline=True, remaining=True,
              help="The objects to send down the pipeline."),
        Param("NoEnumerate", "switch", help="Sends a collection as one object."),
    )
    examples = ("Write-Output 'hello'", "1,2,3 | Write-Output", "Write-Output -NoEnumerate 1,2,3 | Measure-Object")

    def process(self) -> None:
        value = self.input_object
        if value is None:
            # `$null | Write-Output` and `Write-Output $null` pass $null on; a bare
            # `Write-Output` writes nothing.
            if self.expecting_input or "InputObject" in self.bound:
                self._out(None)
            return
        if not isinstance(value, (list, tuple)):
            self._out(value)
            return
        if "InputObject" in self.bound and len(value) == 1 and isinstance(value[0], (list, tuple)):
            # `Write-Output 1,2,3`: the binder gathers the remaining arguments into a list
            # holding the one array given; that array is the input object.
            value = value[0]
            if self.no_enumerate:
                self._out(value)
                return
        if self.no_enumerate:
            # A lone pipeline item arrives wrapped in a one-element array by the binder.
            self._out(value[0] if len(value) == 1 else value)
        else:
            out = self._out
            for item in value:
                out(item)


class WriteHost(Cmdlet):
    """Write-Host: text for the person at the console (the Information stream, tag PSHOST)."""

    name = "Write-Host"
    synopsis = "Writes customized output to the host."
    params = (
        Param("Object", "object", position=0, pipeline=True, remaining=True, aliases=("Msg", "Message"),
              help="Objects to show; collections are joined with -Separator."),
        Param("NoNewline", "switch", help="Does not end the text with a newline."),
        Param("Separator", "object", default=" ", help="Put between the items shown."),
        Param("ForegroundColor", "string", choices=CONSOLE_COLORS, help="Text colour."),
        Param("BackgroundColor", "string", choices=CONSOLE_COLORS, help="Background colour."),
    )
    examples = ("Write-Host 'Done' -ForegroundColor Green", "Write-Host -NoNewline 'a'; Write-Host 'b'")

    def begin(self) -> None:
        self._fg = _color(self, "ForegroundColor", self.foreground_color)
        self._bg = _color(self, "BackgroundColor", self.background_color)
        self._sep = _to_string(self.separator) if self.separator is not None else ""
        self._wrote = False

    def process(self) -> None:
        # No object (or $null piped in) shows as an empty line, as in PowerShell.
        text = _host_text(self.object, self._sep)
        self.write_information(InformationRecord(
            text, tags=("PSHOST",), source="Write-Host", no_newline=bool(self.no_newline),
            foreground=self._fg, background=self._bg))


def _host_text(value: Any, separator: str) -> str:
    """Write-Host's text: arrays are unrolled (nested ones too) with the separator between items."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return separator.join(_host_text(item, separator) for item in value)
    if isinstance(value, dict):
        # A hashtable enumerates its entries, which show as their .NET type name.
        return separator.join("System.Collections.DictionaryEntry" for _ in value)
    return _to_string(value)


def _color(cmdlet: Cmdlet, param: str, value: Any) -> str | None:
    """The canonical spelling of a ConsoleColor name, or a binding error naming the parameter."""
    if value is None:
        return None
    text = str(value)
    for name in CONSOLE_COLORS:
        if name.lower() == text.lower():
            return name
    cmdlet.throw(
        f"Cannot bind parameter '{param}'. Cannot convert value \"{text}\" to type \"System.ConsoleColor\". "
        f"Error: \"Unable to match the identifier name {text} to a valid enumerator name. Specify one of "
        f"the following enumerator names and try again: {', '.join(CONSOLE_COLORS)}\"",
        category=ErrorCategory.INVALID_ARGUMENT,
        error_id="CannotConvertArgumentNoMessage")


class WriteError(Cmdlet):
    """Write-Error: writes a non-terminating error; the pipeline carries on."""

    name = "Write-Error"
    synopsis = "Writes an object to the error stream."
    params = (
        Param("Message", "string", position=0, pipeline=True, aliases=("Msg",),
              help="The text of the error."),
        Param("Exception", "object", help="An exception (or error) whose message is used."),
        Param("ErrorRecord", "object", help="An error record to write as it is."),
        Param("Category", "string", choices=ERROR_CATEGORIES, help="The error's category."),
        Param("ErrorId", "string", help="An identifier for the error."),
        Param("TargetObject", "object", help="The object being processed when the error happened."),
        Param("RecommendedAction", "string"),
        Param("CategoryActivity", "string", aliases=("Activity",)),
        Param("CategoryReason", "string", aliases=("Reason",)),
        Param("CategoryTargetName", "string", aliases=("TargetName",)),
        Param("CategoryTargetType", "string", aliases=("TargetType",)),
    )
    examples = ("Write-Error 'Something went wrong'",
                "Write-Error -Message 'Not found' -Category ObjectNotFound -TargetObject $path")

    def process(self) -> None:
        record = self.error_record
        if isinstance(record, PSRuntimeError):
            record = record.record
        if isinstance(record, ErrorRecord):
            self.write_error(record)
            return
        exception_type = "Microsoft.PowerShell.Commands.WriteErrorException"
        message = self.message
        exc = self.exception
        if isinstance(exc, PSRuntimeError):
            exc = exc.record
        if exc is not None:
            if isinstance(exc, ErrorRecord):
                exception_type = exc.exception_type
                text = exc.message
            elif isinstance(exc, BaseException):
                exception_type = "System.Exception"
                text = str(exc)
            else:
                exception_type = "System.Exception"
                text = _to_string(exc)
            if message is None:
                message = text
        if message is None:
            message = ""
        category = _category(self.category) if self.category else ErrorCategory.NOT_SPECIFIED
        error_id = self.error_id or exception_type
        self.write_error(ErrorRecord(message, category=category, error_id=error_id,
                                     target=self.target_object, command=self.name,
                                     extent=self.extent, exception_type=exception_type))


def _category(value: str) -> str:
    """The canonical spelling of an ErrorCategory name (the binder may keep the user's case)."""
    for name in ERROR_CATEGORIES:
        if name.lower() == str(value).lower():
            return name
    return str(value)


class WriteWarning(Cmdlet):
    """Write-Warning: ``WARNING: message``."""

    name = "Write-Warning"
    synopsis = "Writes a warning message."
    params = (Param("Message", "string", position=0, mandatory=True, pipeline=True, aliases=("Msg",)),)
    examples = ("Write-Warning 'Disk almost full'",)

    def process(self) -> None:
        self.write_warning(self.message if self.message is not None else "")


class WriteVerbose(Cmdlet):
    """Write-Verbose: shown with -Verbose or when $VerbosePreference says so."""

    name = "Write-Verbose"
    synopsis = "Writes text to the verbose message stream."
    params = (Param("Message", "string", position=0, mandatory=True, pipeline=True, aliases=("Msg",)),)
    examples = ("Write-Verbose 'Connecting...' -Verbose",)

    def process(self) -> None:
        self.write_verbose(self.message if self.message is not None else "")


class WriteDebug(Cmdlet):
    """Write-Debug: shown with -Debug or when $DebugPreference says so."""

    name = "Write-Debug"
    synopsis = "Writes a debug message to the console."
    params = (Param("Message", "string", position=0, mandatory=True, pipeline=True, aliases=("Msg",)),)
    examples = ("Write-Debug 'x is 3' -Debug",)

    def process(self) -> None:
        self.write_debug(self.message if self.message is not None else "")


class WriteInformation(Cmdlet):
    """Write-Information: an InformationRecord (shown when $InformationPreference says so)."""

    name = "Write-Information"
    synopsis = "Specifies how PowerShell handles information stream data for a command."
    params = (
        Param("MessageData", "object", position=0, mandatory=True, pipeline=True, aliases=("Msg", "Message"),
              help="The object to write to the Information stream."),
        Param("Tags", "string[]", position=1, help="Tags to filter the records by."),
    )
    examples = ("Write-Information 'Starting' -InformationAction Continue",)

    def begin(self) -> None:
        for tag in self.tags or ():
            if str(tag).lower().startswith("ps"):
                self.throw(f"Cannot use tag '{tag}'. The 'PS' prefix is reserved.",
                           category=ErrorCategory.INVALID_ARGUMENT, error_id="PSPrefixReservedInInformationTag")

    def process(self) -> None:
        tags = tuple(str(t) for t in (self.tags or ()))
        self.write_information(InformationRecord(self.message_data, tags=tags, source=self.name))


class WriteProgress(Cmdlet):
    """Write-Progress: a ProgressRecord for the host's progress bar."""

    name = "Write-Progress"
    synopsis = "Displays a progress bar within a PowerShell command window."
    params = (
        Param("Activity", "string", position=0, help="What is being done."),
        Param("Status", "string", position=1, help="The current state of the activity."),
        Param("Id", "int", position=2, default=0, help="Distinguishes several progress bars."),
        Param("PercentComplete", "int", default=-1, help="0 to 100, or -1 for unknown."),
        Param("SecondsRemaining", "int", default=-1),
        Param("CurrentOperation", "string"),
        Param("ParentId", "int", default=-1),
        Param("Completed", "switch", help="The activity is finished: remove its bar."),
        Param("SourceId", "int"),
    )
    examples = ("1..100 | % { Write-Progress -Activity 'Copying' -PercentComplete $_ }",)

    def process(self) -> None:
        percent = self.percent_complete if self.percent_complete is not None else -1
        validate_range(self, "PercentComplete", percent, -1, 100)
        status = self.status if self.status is not None else "Processing"
        if self.completed:
            percent = 100
            status = self.status if self.status is not None else "Completed"
        self._emit(Stream.PROGRESS, ProgressRecord(self.activity or "", status, percent))
