"""The host for ``-c``, script files and standard input: plain text, no prompt, no escape codes.

Output goes to stdout, every other stream to stderr. Nothing here imports
prompt_toolkit or pygments.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from shell.language.host import Host, HostError
from shell.language.streams import Stream


class PlainHost(Host):
    """Writes output to stdout and records to stderr, as text."""

    name = "psrepl"
    interactive = False
    color = False
    passthrough_native = True

    def __init__(self, stdout: Any = None, stderr: Any = None, stdin: Any = None) -> None:
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        #: When the script itself comes from stdin, Read-Host reads its next line, as if typed.
        self.stdin = stdin

    @property
    def width(self) -> int:
        try:
            return os.get_terminal_size(self.stdout.fileno()).columns
        except (OSError, ValueError, AttributeError):
            return 120

    def write(self, text: str) -> None:
        try:
            self.stdout.write(text)
        except BrokenPipeError:  # the reader went away (`psrepl -c ... | head`)
            raise SystemExit(0) from None

    def flush(self) -> None:
        """Flush both streams (before a native program writes to the same descriptors)."""
        for stream in (self.stdout, self.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass

    def write_record(self, stream: Stream, record: Any) -> None:
        from shell.cmdlets.formatting.records import render_record  # noqa: PLC0415
        text = render_record(stream, record, color=False)
        if not text:
            return
        if stream == Stream.INFORMATION and getattr(record, "is_host", False):
            # Write-Host is output for a person: it goes to stdout, in order with output.
            self.write(text)
            return
        self.stdout.flush()
        self.stderr.write(text)
        self.stderr.flush()

    def read_line(self, prompt: str = "") -> str:
        if self.stdin is None:
            raise HostError("Cannot read input: psrepl is not running interactively.")
        self.write(prompt)
        line = self.stdin.readline()
        if not line:
            self.write("\n")
            raise HostError("Cannot read input: the end of standard input was reached.")
        self.write("\n")
        return line.rstrip("\r\n")

    def read_secret(self, prompt: str = "") -> str:
        if self.stdin is None:
            raise HostError("Cannot read a secret: psrepl is not running interactively.")
        self.write(prompt)
        line = self.stdin.readline()
        self.write("\n")
        if not line:
            raise HostError("Cannot read a secret: the end of standard input was reached.")
        return line.rstrip("\r\n")
