"""Jobs at a real terminal (Ctrl+C during Wait-Job and Receive-Job -Wait), and the toolbar's job counts."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Iterator

import pexpect
import pytest

from pshelpers import CONSOLE_PROMPT, spawn_console

PROMPT = re.compile(CONSOLE_PROMPT)


@pytest.fixture
def console(tmp_path: Path) -> Iterator[pexpect.spawn]:
    """A running psrepl at a 30x100 terminal, home in tmp, showing its first prompt."""
    home = tmp_path / "home"
    home.mkdir()
    child = spawn_console(home, columns=100, timeout=15)
    yield child
    if child.isalive():
        child.terminate(force=True)


@pytest.mark.parametrize("kind", ["Start-ThreadJob", "Start-Job"])
@pytest.mark.parametrize("wait", ["Wait-Job $j", "Receive-Job $j -Wait"])
def test_ctrl_c_returns_to_the_prompt_and_the_job_keeps_running(console: pexpect.spawn, kind: str,
                                                                 wait: str) -> None:
    console.sendline(f"$j = {kind} {{ Start-Sleep 30 }}")
    console.expect(PROMPT)
    # Ctrl+C once the line runs: typed while the prompt still reads it (a loaded machine
    # can take longer than any guessed delay) it is a key for the prompt, not a stop. The
    # echo shows the word split in two; only the running line writes it whole.
    console.sendline(f"'wait' + 'ing'; {wait}")
    console.expect(r"(?:\n|\x1b\[\?2004l)waiting\r\n")
    started = time.monotonic()
    console.sendintr()
    console.expect(PROMPT, timeout=5)
    assert time.monotonic() - started < 1.0
    console.sendline('"state=$($j.State)"')
    console.expect(r"state=Running")
    console.expect(PROMPT)
    console.sendline("exit")
    console.expect(pexpect.EOF)
    assert "Traceback" not in (console.before or "")


def test_the_toolbar_counts_running_jobs_and_finished_ones_with_data(ps) -> None:
    from shell.console.toolbar import toolbar_text

    r = ps("$a = Start-ThreadJob { Start-Sleep 30 }; $b = Start-ThreadJob { 'x' }; $c = Start-Job { 'y' }\n"
           "Wait-Job $b, $c | Out-Null")
    assert toolbar_text(r.runspace) == "Jobs: 1 running, 2 with data"
    ps("Receive-Job $b, $c | Out-Null; Stop-Job $a")
    assert toolbar_text(r.runspace) == "Jobs: 0 running, 0 with data"
