"""QA at a real terminal: Ctrl+C in script loops and pipelines, the mandatory-parameter
prompt, continuation cancelled with Ctrl+C, and hostile input that must not end the console."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Iterator

import pexpect
import pytest

from pshelpers import CONSOLE_PROMPT, spawn_console
from shell.console.repl import needs_more

PROMPT = re.compile(CONSOLE_PROMPT)


def line(text: str) -> str:
    """A whole output line: after a newline or the prompt's last escape code."""
    return r"(?:\n|\x1b\[\?2004l)" + re.escape(text) + r"\r\n"


@pytest.fixture
def console(tmp_path: Path) -> Iterator[pexpect.spawn]:
    """psrepl at a 30x100 pty, HOME and history in tmp, showing its first prompt."""
    home = tmp_path / "home"
    home.mkdir()
    child = spawn_console(home, columns=100, timeout=10)
    yield child
    if child.isalive():
        child.terminate(force=True)


def _interrupt_quickly(child: pexpect.spawn, says: str) -> None:
    """Ctrl+C once the command has written ``says``; the prompt must come back within a second.

    Not after a guessed delay: typed while the prompt still reads the line (a loaded
    machine can take longer than any guess), Ctrl+C is a key for the prompt, not a stop.
    Each command builds the word from two halves, so the typed line's echo never holds it.
    """
    child.expect(line(says))
    started = time.monotonic()
    child.sendintr()
    child.expect(PROMPT, timeout=5)
    assert time.monotonic() - started < 1.0


def test_ctrl_c_stops_an_endless_script_loop(console: pexpect.spawn) -> None:
    console.sendline("$n = 0; while ($true) { if ($n++ -eq 0) { 'loop' + 'ing' } }")
    _interrupt_quickly(console, "looping")
    console.sendline("'loop stopped'")
    console.expect(line("loop stopped"))


def test_ctrl_c_stops_a_long_pipeline(console: pexpect.spawn) -> None:
    console.sendline("1..10000000 | ForEach-Object { if ($_ -eq 1) { Write-Host ('pipe' + 'lining') }; $_ * 2 }"
                     " | Measure-Object -Sum")
    _interrupt_quickly(console, "pipelining")
    console.sendline("'pipeline stopped'")
    console.expect(line("pipeline stopped"))


def test_ctrl_c_cancels_a_continuation(console: pexpect.spawn) -> None:
    console.sendline("foreach ($i in 1..3) {")
    console.expect(">>")
    console.sendintr()
    console.expect(PROMPT)
    console.sendline("'cancelled'")
    console.expect(line("cancelled"))


def test_missing_mandatory_parameter_is_asked_for(console: pexpect.spawn) -> None:
    console.sendline("Set-Content -Path qa.txt -Value hello; Get-Content")
    console.expect("Supply values for the following parameters:")
    console.expect(r"Path\[0\]")
    console.sendline("qa.txt")
    console.expect(r"Path\[1\]")     # PowerShell asks for the next element until an empty line
    console.sendline("")
    console.expect(line("hello"))
    console.expect(PROMPT)


def test_hostile_input_does_not_end_the_console(console: pexpect.spawn) -> None:
    for text in ("@\"", "'unterminated", "(" * 300 + "1" + ")" * 300, "x" * 2000, "$" + "{" * 50,
                 "\"$(\" * 2", "1" + "+1" * 300, "[" * 100):
        console.sendline(text)
        if needs_more(text):
            # The prompt holds the line, and Ctrl+C is its next key, taken in order:
            # it leaves the continuation prompt whenever it comes.
            console.sendintr()
        # Otherwise the line runs to its end (a Ctrl+C after a guessed delay would stop
        # it part way on a quick machine, or clear it unrun on a loaded one).
        console.expect(PROMPT, timeout=10)
    console.sendline("'still alive'")
    console.expect(line("still alive"))
    assert console.isalive()
