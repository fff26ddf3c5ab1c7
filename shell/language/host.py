"""The host interface: how the interpreter talks to whoever runs it.

The interactive console, ``-c``/script/stdin, a thread job and the endpoint of a
session are hosts. The interpreter never prints: output objects go down the
pipeline (at the top level into Out-Default, which formats them and calls
``write``); records of the other streams go to ``write_record``; input comes from
``read_line``/``read_secret``.
"""

from __future__ import annotations

from typing import Any

from shell.language.streams import Stream


class HostError(Exception):
    """The host cannot do what was asked (e.g. read input when there is none)."""


class Host:
    """Base host: writes nowhere, reads nothing. Subclasses override what they support."""

    #: Shown by $Host.Name.
    name = "psrepl"
    #: True when a person is at the other end (prompts for mandatory parameters, host keys, passwords).
    interactive = False
    #: False when escape codes (colours) must not be written (NO_COLOR, not a terminal).
    color = False
    #: True when a native program at the end of a top-level pipeline may write straight to
    #: this process's stdout/stderr (a console or a script's stdout); False for job and
    #: endpoint hosts, whose native output must be captured into streams.
    passthrough_native = False

    @property
    def width(self) -> int:
        """Columns available to formatted output."""
        return 120

    def write(self, text: str) -> None:
        """Write formatted output text (already ends with a newline where one is wanted)."""

    def write_record(self, stream: Stream, record: Any) -> None:
        """Show a record from a non-output stream (ErrorRecord, WarningRecord, ...)."""

    def read_line(self, prompt: str = "") -> str:
        """Read one line of input after showing ``prompt``. Raises HostError if there is no input."""
        raise HostError("This host cannot read input: it is not interactive.")

    def read_secret(self, prompt: str = "") -> str:
        """Read a line without echoing it (passwords). Raises HostError if not interactive."""
        raise HostError("This host cannot read a secret: it is not interactive.")

    def clear(self) -> None:
        """Clear the screen, when there is one."""


class BufferHost(Host):
    """A host that keeps everything written, for tests and Out-String-like capture."""

    def __init__(self, width: int = 120, inputs: list[str] | None = None) -> None:
        self._width = width
        self.output: list[str] = []
        self.records: list[tuple[Stream, Any]] = []
        self._inputs = list(inputs or [])
        self.interactive = inputs is not None

    @property
    def width(self) -> int:
        return self._width

    def write(self, text: str) -> None:
        self.output.append(text)

    def write_record(self, stream: Stream, record: Any) -> None:
        self.records.append((stream, record))

    def read_line(self, prompt: str = "") -> str:
        if not self._inputs:
            raise HostError("No more input.")
        return self._inputs.pop(0)

    read_secret = read_line

    @property
    def text(self) -> str:
        """Everything written with ``write``, joined."""
        return "".join(self.output)
