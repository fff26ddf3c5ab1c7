"""The interactive console's host: the terminal, through prompt_toolkit where it must.

Output written while a command runs goes straight to ``sys.stdout`` (fast, and
the prompt is not on screen then). Output written while the prompt is on screen
(a thread finishing in the background) is printed above the prompt through the
running prompt_toolkit application, so the line being typed is redrawn intact.
Errors, warnings and the other records go to stderr, rendered by the formatting
package. Input (Read-Host, mandatory parameters, host-key questions, passwords)
is read with prompt_toolkit prompts that have no history: a secret typed at the
console is never written to the history file.
"""

from __future__ import annotations

import shutil
import sys
from typing import Any, TextIO

from shell.language.errors import PipelineStoppedError
from shell.language.host import Host, HostError
from shell.language.streams import Stream

# Prefixes used when the formatting package fails to render a record.
_FALLBACK_PREFIX = {
    Stream.WARNING: "WARNING: ",
    Stream.VERBOSE: "VERBOSE: ",
    Stream.DEBUG: "DEBUG: ",
}
_RED = "\x1b[31m"
_RESET = "\x1b[0m"


class ConsoleHost(Host):
    """The host of the interactive console (``psrepl`` at a terminal)."""

    name = "ConsoleHost"
    interactive = True
    # A native program at the end of a typed pipeline talks to the terminal directly
    # (colours, progress bars, `less`), as in any shell.
    passthrough_native = True

    def __init__(self, stdout: TextIO | None = None, stderr: TextIO | None = None,
                 color: bool | None = None, *, prompt_input: Any = None,
                 prompt_output: Any = None) -> None:
        """Defaults: the process's stdout/stderr, colour from the terminal and NO_COLOR.

        ``prompt_input``/``prompt_output`` are prompt_toolkit Input/Output objects for
        Read-Host and password prompts (tests pass a pipe input; None: the terminal).
        """
        from shell.console.highlight import color_enabled  # noqa: PLC0415

        self._stdout = stdout
        self._stderr = stderr
        self._prompt_input = prompt_input
        self._prompt_output = prompt_output
        self.color = color_enabled(self.stdout) if color is None else color
        #: The prompt_toolkit application showing the prompt, while one is on screen (set by the REPL).
        self.active_app: Any = None

    # sys.stdout is looked up on each use (not bound at construction) so that a test's
    # capture, or prompt_toolkit's own redirection, is honoured.
    @property
    def stdout(self) -> TextIO:
        """Where output goes."""
        return self._stdout if self._stdout is not None else sys.stdout

    @property
    def stderr(self) -> TextIO:
        """Where errors and other records go."""
        return self._stderr if self._stderr is not None else sys.stderr

    @property
    def width(self) -> int:
        """The terminal's columns (80 when it cannot be asked)."""
        return shutil.get_terminal_size((80, 24)).columns

    # ----------------------------------------------------------- output
    def _emit(self, stream: TextIO, text: str) -> None:
        """Write and flush, above the prompt when one is on screen."""
        app = self.active_app
        if app is not None and getattr(app, "is_running", False):
            loop = getattr(app, "loop", None)
            if loop is not None:
                from prompt_toolkit.application import run_in_terminal  # noqa: PLC0415

                def show() -> None:
                    stream.write(text)
                    stream.flush()

                loop.call_soon_threadsafe(lambda: run_in_terminal(show))
                return
        try:
            stream.write(text)
            stream.flush()
        except (BrokenPipeError, ValueError):  # the terminal went away; nothing left to tell
            pass

    def write(self, text: str) -> None:
        """Write formatted output text to stdout."""
        self._emit(self.stdout, text)

    def write_record(self, stream: Stream, record: Any) -> None:
        """Show an error, warning, verbose, debug or information record.

        Write-Host text is output meant for a person: it goes to stdout, in order
        with the other output (as the plain host does); every other record goes to
        stderr.
        """
        try:
            from shell.cmdlets.formatting.records import render_record  # noqa: PLC0415

            text = render_record(stream, record, self.color)
        except Exception:  # noqa: BLE001 - the formatter must not be able to hide an error
            text = self._fallback_record(stream, record) + "\n"
        if not text:
            return
        if stream == Stream.INFORMATION and getattr(record, "is_host", False):
            self._emit(self.stdout, text)
            return
        self.flush()
        self._emit(self.stderr, text)

    def flush(self) -> None:
        """Flush stdout and stderr (before a native program writes to the same terminal)."""
        for stream in (self.stdout, self.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass

    def _fallback_record(self, stream: Stream, record: Any) -> str:
        """A plain rendering for when the formatting package fails on a record."""
        message = str(getattr(record, "message", None) or record)
        prefix = _FALLBACK_PREFIX.get(stream, "")
        if stream == Stream.ERROR:
            command = getattr(record, "command", None)
            message = f"{command}: {message}" if command else message
            return f"{_RED}{message}{_RESET}" if self.color else message
        return prefix + message

    def show_parse_error(self, rendered: str) -> None:
        """Show a parse error's text (``ParseError.render()``) in red on stderr."""
        text = f"{_RED}{rendered}{_RESET}\n" if self.color else rendered + "\n"
        self._emit(self.stderr, text)

    def clear(self) -> None:
        """Clear the screen (Clear-Host)."""
        if self.stdout.isatty():
            self._emit(self.stdout, "\x1b[H\x1b[2J\x1b[3J")

    # ----------------------------------------------------------- input
    def _read(self, prompt: str, secret: bool) -> str:
        """One line from the terminal, with no history; Ctrl+C stops the pipeline."""
        if self._prompt_input is None and not sys.stdin.isatty():
            # No terminal to prompt on (stdin redirected): take a line as it comes.
            line = sys.stdin.readline()
            if not line:
                raise HostError("No more input.")
            return line.rstrip("\n")
        from prompt_toolkit.history import DummyHistory  # noqa: PLC0415
        from prompt_toolkit.shortcuts import PromptSession  # noqa: PLC0415

        from shell.console.highlight import color_depth  # noqa: PLC0415

        # A fresh session with DummyHistory: what is typed here is kept nowhere.
        session: Any = PromptSession(history=DummyHistory(), is_password=secret,
                                     color_depth=color_depth(self.color),
                                     input=self._prompt_input, output=self._prompt_output)
        try:
            return session.prompt(prompt)
        except KeyboardInterrupt:
            raise PipelineStoppedError("The pipeline has been stopped.") from None
        except EOFError:
            raise HostError("No more input.") from None

    def read_line(self, prompt: str = "") -> str:
        """Read a line typed at the console (Read-Host, a mandatory parameter)."""
        return self._read(prompt, secret=False)

    def read_secret(self, prompt: str = "") -> str:
        """Read a line without echoing it (passwords, Read-Host -AsSecureString); never kept."""
        return self._read(prompt, secret=True)
