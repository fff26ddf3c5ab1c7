"""The real ``psrepl`` program at a real terminal (a pty driven with pexpect).

Each test starts the installed console script with HOME and XDG_STATE_HOME in
tmp, so nothing touches the real home or history. prompt_toolkit asks the
terminal where the cursor is (CPR); a pty does not answer, so the tests tell it
not to ask (PROMPT_TOOLKIT_NO_CPR=1) except where the answer matters.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import sys
import time
from pathlib import Path
from typing import Iterator

import pexpect
import pytest

PSREPL = shutil.which("psrepl", path=os.path.dirname(sys.executable)) or shutil.which("psrepl")
# A fresh prompt (not a redraw of the current one while typing): it starts by turning
# bracketed paste on. prompt_toolkit draws the trailing space as a cursor move, so it is left out.
PROMPT = re.compile(r"\x1b\[\?2004h(?:\x1b\[[0-9;?]*[A-Za-z])*PS ~>")
COLOR_SGR = re.compile(r"\x1b\[[0-9;]*(?:3[0-7]|9[0-7]|38;[0-9;]+)m")


def line(text: str) -> str:
    """A pattern for a whole output line: after a newline or the prompt's last escape code."""
    return r"(?:\n|\x1b\[\?2004l)" + re.escape(text) + r"\r\n"


def drawn(text: str) -> re.Pattern[str]:
    """``text`` as the input line draws it: colour codes may come between any two characters."""
    return re.compile(r"(?:\x1b\[[0-9;?]*[A-Za-z])*".join(re.escape(c) for c in text))


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "PYTHONPATH")}
    env.update(HOME=str(home), XDG_STATE_HOME=str(home / "state"), TERM="xterm-256color",
               PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="100", LINES="30")
    env.update(extra)
    return env


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty home for the child."""
    home = tmp_path / "home"
    home.mkdir()
    return home


def spawn(home: Path, **env: str) -> pexpect.spawn:
    """Start psrepl in ``home`` at a 30x100 terminal."""
    assert PSREPL, "the psrepl console script is not installed (pip install -e .)"
    child = pexpect.spawn(PSREPL, [], cwd=str(home), env=_env(home, **env), encoding="utf-8",
                          dimensions=(30, 100), timeout=10)
    return child


@pytest.fixture
def console(home: Path) -> Iterator[pexpect.spawn]:
    """A running psrepl showing its first prompt."""
    child = spawn(home)
    child.expect(PROMPT)
    yield child
    if child.isalive():
        child.terminate(force=True)


def _leave(child: pexpect.spawn) -> int:
    """Type ``exit`` and return the exit status."""
    child.sendline("exit")
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


# ----------------------------------------------------------------- start-up
def test_prompt_appears_quickly(home: Path) -> None:
    started = time.monotonic()
    child = spawn(home)
    child.expect(PROMPT)
    elapsed = time.monotonic() - started
    # The goal is 0.3 s; a loaded 2-core machine gets slack. The figure is printed for the report.
    print(f"time to first prompt: {elapsed * 1000:.0f} ms")
    assert elapsed < 2.0
    assert _leave(child) == 0


# ----------------------------------------------------------------- running lines
def test_a_line_runs_and_prints(console: pexpect.spawn) -> None:
    console.sendline("Write-Output hi")
    console.expect(line("hi"))
    console.expect(PROMPT)
    assert _leave(console) == 0


def test_highlight_codes_surround_a_cmdlet_name(home: Path) -> None:
    child = spawn(home)
    child.expect(PROMPT)
    child.send("Get-ChildItem")
    # Ctrl+C only once the line shows the name: taken in with the text, it could clear
    # the line before the prompt ever draws it.
    child.expect(drawn("Get-ChildItem"))
    echoed = child.before + child.after
    child.send("\x03")  # Ctrl+C: clear the line without running it
    child.expect(PROMPT)
    echoed += child.before
    # A colour code directly before the cmdlet name (pygments' Name.Builtin style).
    assert re.search(r"\x1b\[[0-9;]*m(\x1b\[[0-9;]*m)*Get-ChildItem", echoed), repr(echoed)
    assert COLOR_SGR.search(echoed), repr(echoed)
    assert _leave(child) == 0


def test_a_multi_line_block_continues_and_runs_when_closed(console: pexpect.spawn) -> None:
    console.sendline("foreach ($i in 1..2) {")
    console.expect(">>")
    console.sendline('  "item $i"')
    console.expect(">>")
    console.sendline("}")
    console.expect(r"item 1\r\nitem 2\r\n")
    console.expect(PROMPT)
    assert _leave(console) == 0


def test_a_parse_error_names_the_position(console: pexpect.spawn) -> None:
    console.sendline("Write-Output (1 +* 2))")
    console.expect("ParserError")
    console.expect(PROMPT)
    assert "Traceback" not in console.before
    assert _leave(console) == 0


def test_tab_completes_a_cmdlet(console: pexpect.spawn) -> None:
    console.send("Write-Outp")
    console.expect(drawn("Write-Outp"))  # consumed here, so the wait below sees only what Tab adds
    console.send("\t")
    # The prompt completes in the background: the rest is typed once the completed
    # name's tail is drawn, or it would land before the completion (which then gives up).
    console.expect(drawn("ut"))
    console.sendline(" tabbed")
    console.expect(line("tabbed"))
    console.expect(PROMPT)
    assert _leave(console) == 0


# ----------------------------------------------------------------- stopping and leaving
def sleep_until_stopped(child: pexpect.spawn, command: str) -> None:
    """Run ``command`` (it says ``sleeping``, then sleeps); return once it has said so.

    Ctrl+C stops a command only once it runs: typed while the prompt still reads
    the line (a loaded machine can take longer than any guessed delay), it is a
    key for the prompt. The typed line echoes the word split in two, so only the
    running command writes it whole.
    """
    child.sendline(command)
    child.expect(line("sleeping"))


def test_ctrl_c_interrupts_start_sleep_within_a_second(console: pexpect.spawn) -> None:
    sleep_until_stopped(console, "& { 'sleep' + 'ing'; Start-Sleep 100 }")
    started = time.monotonic()
    console.sendintr()
    console.expect(PROMPT, timeout=5)
    assert time.monotonic() - started < 1.0
    # The console still works afterwards.
    console.sendline("Write-Output alive")
    console.expect(line("alive"))
    assert _leave(console) == 0


def test_ctrl_c_interrupts_a_native_program(console: pexpect.spawn) -> None:
    # The native program itself says it runs: sh prints the word, then becomes sleep.
    sleep_until_stopped(console, "sh -c 'echo sleep\"\"ing; exec sleep 100'")
    started = time.monotonic()
    console.sendintr()
    console.expect(PROMPT, timeout=5)
    assert time.monotonic() - started < 1.0
    assert _leave(console) == 0


def test_exit_code(console: pexpect.spawn) -> None:
    console.sendline("exit 3")
    console.expect(pexpect.EOF)
    console.close()
    assert console.exitstatus == 3


def test_ctrl_d_leaves(console: pexpect.spawn) -> None:
    console.sendeof()
    console.expect(pexpect.EOF)
    console.close()
    assert console.exitstatus == 0


# ----------------------------------------------------------------- colour
def test_no_color_means_no_colour_codes(home: Path) -> None:
    child = spawn(home, NO_COLOR="1")
    child.expect(PROMPT)
    child.sendline("Write-Output plain-text")
    # The output line is the bare text: no escape code inside it.
    child.expect(line("plain-text"))
    child.sendline("Foo-Bar")
    child.expect("is not recognized")
    child.expect(PROMPT)
    transcript = child.before
    assert not COLOR_SGR.search(transcript), repr(transcript)
    assert _leave(child) == 0


# ----------------------------------------------------------------- history
def test_history_is_written_under_xdg_state_home(home: Path) -> None:
    child = spawn(home)
    child.expect(PROMPT)
    child.sendline("Write-Output history-marker")
    child.expect(line("history-marker"))
    assert _leave(child) == 0
    path = home / "state" / "psrepl" / "history"
    assert "+Write-Output history-marker" in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    # The next console finds it: Up recalls the line from the previous run.
    child = spawn(home)
    child.expect(PROMPT)
    # Each key once the line shows the last one's effect: the prompt loads the history
    # in the background, and an Up taken before that finds nothing.
    child.send("\x1b[A")  # Up: `exit`, the last line of the previous run
    child.expect(drawn("exit"))
    child.send("\x1b[A")  # Up again: the marker line
    child.expect(drawn("history-marker"))
    child.send("\r")
    child.expect(line("history-marker"))
    assert _leave(child) == 0


def test_ctrl_r_searches_history(console: pexpect.spawn) -> None:
    console.sendline("Write-Output first-marker")
    console.expect(line("first-marker"))
    console.expect(PROMPT)
    console.sendline("Write-Output other")
    console.expect(line("other"))
    console.expect(PROMPT)
    console.send("\x12")  # Ctrl+R
    console.expect("I-search backward:")
    console.send("first-m")
    console.expect(drawn("first-marker"))  # the match shows in the line
    # The two Enters are keys for the same prompt, taken in order with nothing in the
    # background between them: no need to wait for a sign in between.
    console.send("\r")  # accept the match into the line
    console.send("\r")  # run it
    console.expect(line("first-marker"))
    assert _leave(console) == 0


def test_a_secret_read_at_the_console_is_not_in_history(home: Path) -> None:
    from shell.language.commands import CommandTable

    if CommandTable.default().cmdlet("read-host") is None:
        pytest.skip("Read-Host is not declared yet (shell/cmdlets/utility)")
    child = spawn(home)
    child.expect(PROMPT)
    child.sendline("$s = Read-Host -AsSecureString 'Password'")
    # The prompt itself (the typed command also holds the word Password, without the colon).
    child.expect("Password:")
    child.sendline("hunter2-typed")
    child.expect(PROMPT)
    assert "hunter2-typed" not in child.before  # not echoed either
    assert _leave(child) == 0
    text = (home / "state" / "psrepl" / "history").read_text()
    assert "hunter2" not in text
    assert "Read-Host -AsSecureString" in text


# ----------------------------------------------------------------- the job toolbar
CPR_REQUEST = "\x1b[6n"


def expect_answering_cpr(child: pexpect.spawn, pattern: str | re.Pattern[str], timeout: float = 10) -> None:
    """Expect ``pattern`` while answering prompt_toolkit's cursor-position requests like a terminal."""
    deadline = time.monotonic() + timeout
    while True:
        index = child.expect([CPR_REQUEST.replace("[", "\\["), pattern],
                             timeout=max(0.1, deadline - time.monotonic()))
        if index == 1:
            return
        child.send("\x1b[1;1R")


def test_toolbar_shows_job_counts_while_jobs_exist(home: Path) -> None:
    # This terminal answers cursor-position requests: prompt_toolkit draws toolbars only then.
    child = spawn(home, PROMPT_TOOLKIT_NO_CPR="")
    expect_answering_cpr(child, PROMPT)
    child.sendline("$j = Start-ThreadJob { Start-Sleep 1; 'done' }")
    expect_answering_cpr(child, "Jobs: 1 running, 0 with data")
    # Refreshed while the prompt waits, with nothing typed: the job finishes and its data
    # waits. prompt_toolkit redraws only the changed cells: the `0` and, ten cells on, the `1`.
    expect_answering_cpr(child, re.compile(r"0\x1b\[10C1"), timeout=5)
    child.send("\x0c")  # Ctrl+L redraws the whole screen
    expect_answering_cpr(child, "Jobs: 0 running, 1 with data")
    child.sendline("Receive-Job $j -AutoRemoveJob -Wait")
    expect_answering_cpr(child, line("done"))
    expect_answering_cpr(child, PROMPT)
    child.sendline("exit")
    expect_answering_cpr(child, pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
