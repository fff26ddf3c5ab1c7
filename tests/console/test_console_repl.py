"""The REPL loop driven through the real PromptSession with prompt_toolkit's pipe input.

Keys go in through a pipe, the screen goes to a DummyOutput, command output and
errors go to the ConsoleHost's streams (StringIO here). These tests use the real
parser and interpreter.
"""

from __future__ import annotations

import io
import os
import signal
import threading
import time
from typing import Iterator

import pytest
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from shell.console.console_host import ConsoleHost
from shell.console.repl import Repl, needs_more
from shell.language.runspace import Runspace


class Transcript(io.StringIO):
    """A StringIO another thread can wait on: ``wait_for(text)`` returns once ``text`` is written."""

    def __init__(self) -> None:
        super().__init__()
        self._written = threading.Condition()

    def write(self, text: str) -> int:
        """Write and wake whoever waits."""
        with self._written:
            count = super().write(text)
            self._written.notify_all()
        return count

    def wait_for(self, text: str, timeout: float) -> bool:
        """True once ``text`` is in what was written; False after ``timeout`` seconds without it."""
        with self._written:
            return self._written.wait_for(lambda: text in self.getvalue(), timeout)


class Console:
    """A Repl over a real runspace with a ConsoleHost writing into StringIO, fed through a pipe."""

    def __init__(self, pipe: object, location: str) -> None:
        self.out = Transcript()
        self.err = io.StringIO()
        self.host = ConsoleHost(stdout=self.out, stderr=self.err, color=False)
        self.runspace = Runspace(self.host, location=location)
        self.repl = Repl(self.runspace)
        self.pipe = pipe
        self.repl.session = self.repl.make_session(input=pipe, output=DummyOutput(),
                                                   history=InMemoryHistory())

    def interrupt_once_it_says(self, text: str) -> threading.Thread:
        """Send this process SIGINT (Ctrl+C) once the running command has written ``text``.

        Not after a guessed delay: on a loaded machine the command may not run yet, and a
        SIGINT before its handler is in place is pytest's (or is cleared as the command
        starts). The command builds ``text`` itself, so the signal comes while it runs.
        No signal at all if the text never comes (the test then fails on its own).
        """
        def interrupt() -> None:
            if self.out.wait_for(text, timeout=10):
                os.kill(os.getpid(), signal.SIGINT)

        thread = threading.Thread(target=interrupt, daemon=True)
        thread.start()
        return thread

    def type_later(self, *chunks: str, pause: float = 0.05) -> None:
        """Type ``chunks`` one after another from a thread (each after ``pause`` seconds)."""
        def feed() -> None:
            for chunk in chunks:
                time.sleep(pause)
                self.pipe.send_text(chunk)  # type: ignore[attr-defined]

        threading.Thread(target=feed, daemon=True).start()


@pytest.fixture
def console(home: object) -> Iterator[Console]:
    """A console in the test's home directory."""
    with create_pipe_input() as pipe:
        yield Console(pipe, str(home))


# ----------------------------------------------------------------- continuation
def test_needs_more_uses_the_real_parser() -> None:
    assert needs_more("if ($true) {")
    assert needs_more("1..3 |")
    assert needs_more("'an open string")
    assert needs_more("Write-Output (1 +")
    assert not needs_more("if ($true) { 1 }")
    assert not needs_more("Write-Output hi")
    assert not needs_more("")
    # A real error is not "incomplete": Enter accepts it, and the REPL reports it.
    assert not needs_more("1 +* 2 )")


def test_enter_on_an_open_block_continues_until_closed(console: Console) -> None:
    console.pipe.send_text("if ($true) {\r'inside'\r}\r")  # type: ignore[attr-defined]
    assert console.repl.read() == "if ($true) {\n'inside'\n}"


def test_enter_after_a_trailing_pipe_continues(console: Console) -> None:
    console.pipe.send_text("1..3 |\rMeasure-Object\r")  # type: ignore[attr-defined]
    assert console.repl.read() == "1..3 |\nMeasure-Object"


def test_enter_on_complete_input_accepts(console: Console) -> None:
    console.pipe.send_text("Write-Output hi\r")  # type: ignore[attr-defined]
    assert console.repl.read() == "Write-Output hi"


# ----------------------------------------------------------------- the loop
def test_lines_run_and_exit_gives_the_code(console: Console) -> None:
    console.pipe.send_text("Write-Output hi\r$x = 6 * 7\r$x\rexit 3\r")  # type: ignore[attr-defined]
    assert console.repl.run() == 3
    assert console.out.getvalue().split() == ["hi", "42"]
    assert [str(e) for e in console.runspace.history] == ["Write-Output hi", "$x = 6 * 7", "$x", "exit 3"]


def test_a_multi_line_block_runs_once_closed(console: Console) -> None:
    console.pipe.send_text("foreach ($i in 1..3) {\r  \"n$i\"\r}\rexit\r")  # type: ignore[attr-defined]
    assert console.repl.run() == 0
    assert console.out.getvalue().split() == ["n1", "n2", "n3"]


def test_a_parse_error_is_shown_and_nothing_runs(console: Console) -> None:
    console.pipe.send_text("Write-Output before; 1 +* 2 )\rexit\r")  # type: ignore[attr-defined]
    assert console.repl.run() == 0
    assert "before" not in console.out.getvalue()
    assert "ParserError" in console.err.getvalue()
    assert "Traceback" not in console.err.getvalue()


def test_errors_go_to_stderr_and_the_console_carries_on(console: Console) -> None:
    console.pipe.send_text("Foo-Bar\rWrite-Output after\rexit\r")  # type: ignore[attr-defined]
    assert console.repl.run() == 0
    assert "The term 'Foo-Bar' is not recognized" in console.err.getvalue()
    assert console.out.getvalue().split() == ["after"]


def test_ctrl_d_on_an_empty_line_leaves_with_0(console: Console) -> None:
    console.pipe.send_text("\x04")  # type: ignore[attr-defined]
    assert console.repl.run() == 0


def test_ctrl_c_at_the_prompt_clears_the_line(console: Console) -> None:
    console.type_later("Write-Output never", "\x03", "Write-Output kept\r", "exit 5\r")
    assert console.repl.run() == 5
    assert console.out.getvalue().split() == ["kept"]
    assert "Write-Output never" not in console.runspace.history


def test_exit_runs_the_runspace_clean_ups(console: Console) -> None:
    closed: list[bool] = []
    console.runspace.on_exit.append(lambda: closed.append(True))
    console.pipe.send_text("exit 1\r")  # type: ignore[attr-defined]
    assert console.repl.run() == 1
    assert closed == [True]


def test_sigint_stops_a_running_command_within_a_second(console: Console) -> None:
    """Ctrl+C while Start-Sleep runs in the main thread: the REPL's handler stops the pipeline."""
    before = signal.getsignal(signal.SIGINT)
    interrupter = console.interrupt_once_it_says("sleeping")
    started = time.monotonic()
    assert console.repl.run_line("'sleep' + 'ing'; Start-Sleep 100") is None
    interrupter.join()
    assert time.monotonic() - started < 1.5
    # The handler is only installed while the command runs.
    assert signal.getsignal(signal.SIGINT) is before
    # And the next command runs normally (the stop request was cleared).
    console.repl.run_line("Write-Output next")
    assert console.out.getvalue().split()[-1] == "next"



def test_ctrl_c_during_wait_job_returns_and_leaves_the_job_running(console: Console) -> None:
    console.repl.run_line("$j = Start-ThreadJob { Start-Sleep 100 }")
    interrupter = console.interrupt_once_it_says("waiting")
    started = time.monotonic()
    console.repl.run_line("'wait' + 'ing'; Wait-Job $j")
    interrupter.join()
    assert time.monotonic() - started < 1.5
    console.repl.run_line("$j.State")
    assert console.out.getvalue().split()[-1] == "Running"
    console.runspace.close()  # stops the job


def test_ctrl_c_stops_the_rest_of_the_input_too(console: Console) -> None:
    """As in PowerShell: Ctrl+C abandons everything typed on that line, not just one statement."""
    interrupter = console.interrupt_once_it_says("sleeping")
    console.repl.run_line("'sleep' + 'ing'; Start-Sleep 100; Write-Output not-reached")
    interrupter.join()
    assert "not-reached" not in console.out.getvalue()
