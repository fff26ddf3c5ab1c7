"""Jobs at a real terminal (Ctrl+C during Wait-Job and Receive-Job -Wait), and the toolbar's job counts."""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Iterator

import pexpect
import pytest

PSREPL = shutil.which("psrepl", path=os.path.dirname(sys.executable)) or shutil.which("psrepl")
PROMPT = re.compile(r"\x1b\[\?2004h(?:\x1b\[[0-9;?]*[A-Za-z])*PS ~>")


@pytest.fixture
def console(tmp_path: Path) -> Iterator[pexpect.spawn]:
    """A running psrepl at a 30x100 terminal, home in tmp, showing its first prompt."""
    assert PSREPL, "the psrepl console script is not installed (pip install -e .)"
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "PYTHONPATH")}
    env.update(HOME=str(home), XDG_STATE_HOME=str(home / "state"), TERM="xterm-256color",
               PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="100", LINES="30")
    child = pexpect.spawn(PSREPL, [], cwd=str(home), env=env, encoding="utf-8",
                          dimensions=(30, 100), timeout=15)
    child.expect(PROMPT)
    yield child
    if child.isalive():
        child.terminate(force=True)


@pytest.mark.parametrize("kind", ["Start-ThreadJob", "Start-Job"])
@pytest.mark.parametrize("wait", ["Wait-Job $j", "Receive-Job $j -Wait"])
def test_ctrl_c_returns_to_the_prompt_and_the_job_keeps_running(console: pexpect.spawn, kind: str,
                                                                 wait: str) -> None:
    console.sendline(f"$j = {kind} {{ Start-Sleep 30 }}")
    console.expect(PROMPT)
    console.sendline(wait)
    time.sleep(0.7)
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
