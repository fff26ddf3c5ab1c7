"""The seven streams and the records written to the non-output ones.

Numbers are PowerShell's redirection numbers: 1 Output, 2 Error, 3 Warning,
4 Verbose, 5 Debug, 6 Information; Progress (7 here) cannot be redirected.
Errors are ``ErrorRecord`` (shell.language.errors); the others are below.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, Callable


class Stream(IntEnum):
    """A stream, numbered as in PowerShell's redirection operators."""

    OUTPUT = 1
    ERROR = 2
    WARNING = 3
    VERBOSE = 4
    DEBUG = 5
    INFORMATION = 6
    PROGRESS = 7


#: Called with (stream, record) for every record written to a non-output stream.
StreamSink = Callable[[Stream, Any], None]


class _MessageRecord:
    """A record whose content is a message (warning, verbose, debug)."""

    __slots__ = ("message",)
    prefix = ""

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class WarningRecord(_MessageRecord):
    """Written by Write-Warning; shown as ``WARNING: message``."""

    __slots__ = ()
    prefix = "WARNING: "


class VerboseRecord(_MessageRecord):
    """Written by Write-Verbose; shown as ``VERBOSE: message``."""

    __slots__ = ()
    prefix = "VERBOSE: "


class DebugRecord(_MessageRecord):
    """Written by Write-Debug; shown as ``DEBUG: message``."""

    __slots__ = ()
    prefix = "DEBUG: "


class InformationRecord:
    """Written by Write-Information and Write-Host (tag ``PSHOST``).

    ``message_data`` is the object written; for Write-Host it is the text and
    ``no_newline``/colours say how a host should show it.
    """

    __slots__ = ("message_data", "tags", "source", "no_newline", "foreground", "background", "hidden")

    def __init__(self, message_data: Any, tags: tuple[str, ...] = (), source: str = "",
                 no_newline: bool = False, foreground: str | None = None,
                 background: str | None = None) -> None:
        self.message_data = message_data
        self.tags = tags
        self.source = source
        self.no_newline = no_newline
        self.foreground = foreground
        self.background = background
        #: Written while $InformationPreference was SilentlyContinue: a redirection (6>&1,
        #: 6> file) still captures it, but no host shows it.
        self.hidden = False

    @property
    def is_host(self) -> bool:
        """True for Write-Host output, which a host always shows."""
        return "PSHOST" in self.tags

    def __str__(self) -> str:
        return str(self.message_data)

    def __repr__(self) -> str:
        return f"InformationRecord({self.message_data!r}, tags={self.tags!r})"


class ProgressRecord:
    """Written by Write-Progress; hosts may show or ignore it."""

    __slots__ = ("activity", "status", "percent")

    def __init__(self, activity: str, status: str = "", percent: int = -1) -> None:
        self.activity = activity
        self.status = status
        self.percent = percent

    def __str__(self) -> str:
        return f"{self.activity}: {self.status}"
