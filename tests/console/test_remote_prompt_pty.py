"""The console inside Enter-PSSession, at a real terminal (the real ``psrepl`` in a pty).

The prompt becomes ``<computer>\\<remote location>> `` with the far side's home as
``~``; Ctrl+C stops the remote command and nothing else; Tab completes from the
far side; ``exit`` returns to ``PS ~> ``; a dropped connection leaves the session
with a message and the console carries on.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import pexpect
import pytest

PSREPL = shutil.which("psrepl", path=os.path.dirname(sys.executable)) or shutil.which("psrepl")
# A fresh prompt starts by turning bracketed paste on; prompt_toolkit draws the trailing
# space as a cursor move, so patterns stop at the ">".
_FRESH = r"\x1b\[\?2004h(?:\x1b\[[0-9;?]*[A-Za-z])*"


def prompt(text: str) -> re.Pattern[str]:
    """A pattern for a fresh prompt reading ``text`` (without its trailing space)."""
    return re.compile(_FRESH + re.escape(text))


LOCAL = prompt("PS ~>")


def drawn(text: str) -> re.Pattern[str]:
    """``text`` as the input line draws it: colour codes may come between any two characters."""
    return re.compile(r"(?:\x1b\[[0-9;?]*[A-Za-z])*".join(re.escape(c) for c in text))


def line(text: str) -> str:
    """A pattern for a whole output line: after a newline or the prompt's last escape code."""
    return r"(?:\n|\x1b\[\?2004l)" + re.escape(text) + r"\r\n"


def _env(home: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in (base or os.environ).items() if k not in ("NO_COLOR", "PYTHONPATH")}
    env.update(HOME=str(home), XDG_STATE_HOME=str(home / ".state"), TERM="xterm-256color",
               PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="100", LINES="30")
    return env


def spawn(home: Path, env: dict[str, str] | None = None) -> pexpect.spawn:
    """psrepl at a 30x100 terminal in ``home``, showing its first prompt."""
    assert PSREPL, "the psrepl console script is not installed (pip install -e .)"
    child = pexpect.spawn(PSREPL, [], cwd=str(home), env=_env(home, env), encoding="utf-8",
                          dimensions=(30, 100), timeout=15)
    child.expect(LOCAL)
    return child


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty home for the console (and, for localhost, the far side's home too)."""
    home = tmp_path / "home"
    home.mkdir()
    return home


@pytest.fixture
def console(home: Path) -> Iterator[pexpect.spawn]:
    """A console already inside ``Enter-PSSession localhost``."""
    child = spawn(home)
    child.sendline("Enter-PSSession localhost")
    child.expect(prompt("localhost\\~>"))
    yield child
    if child.isalive():
        child.terminate(force=True)


def remote_pid(child: pexpect.spawn, at: re.Pattern[str]) -> int:
    """The far side's process id (``$PID`` typed in the session)."""
    child.sendline("'pid=' + $PID")
    child.expect(r"pid=(\d+)\r\n")
    pid = int(child.match.group(1))
    child.expect(at)
    return pid


def sleep_remotely(child: pexpect.spawn) -> None:
    """Start a long remote command; return once it runs on the far side.

    It says so first, and the test waits for that line rather than for a guessed
    delay: on a loaded machine the console may still be taking the line in after
    half a second, and a Ctrl+C typed while the prompt reads keys is a key for the
    next prompt, not a stop for this command.
    """
    child.sendline("& { 'sleep' + 'ing'; Start-Sleep 100 }")
    child.expect(line("sleeping"))


def leave(child: pexpect.spawn) -> int:
    """``exit`` twice (the session, then psrepl); the exit status."""
    child.sendline("exit")
    child.expect(LOCAL)
    child.sendline("exit")
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


# ----------------------------------------------------------------- the prompt
def test_prompt_shows_the_computer_and_the_remote_location(console: pexpect.spawn, home: Path) -> None:
    (home / "projects").mkdir()
    console.sendline("Set-Location projects")
    console.expect(prompt("localhost\\~/projects>"))
    console.sendline("Set-Location /")
    console.expect(prompt("localhost\\/>"))
    assert leave(console) == 0


def test_output_comes_back_and_exit_returns_to_the_local_prompt(console: pexpect.spawn) -> None:
    console.sendline("$where = 'remote'; \"running $where\"")
    console.expect(r"running remote\r\n")
    console.expect(prompt("localhost\\~>"))
    console.sendline("exit")
    console.expect(LOCAL)
    console.sendline("\"[$where]\"")
    console.expect(r"\[\]\r\n")
    console.expect(LOCAL)
    console.sendline("exit")
    console.expect(pexpect.EOF)


def test_exit_pssession_alias_returns_too(console: pexpect.spawn) -> None:
    console.sendline("exsn")
    console.expect(LOCAL)
    console.sendline("etsn localhost")
    console.expect(prompt("localhost\\~>"))
    assert leave(console) == 0


# ----------------------------------------------------------------- Ctrl+C
def test_ctrl_c_stops_the_remote_command_and_keeps_the_session(console: pexpect.spawn) -> None:
    here = prompt("localhost\\~>")
    console.sendline("$kept = 'same session'")
    console.expect(here)
    pid = remote_pid(console, here)
    sleep_remotely(console)
    started = time.monotonic()
    console.sendintr()
    console.expect(here, timeout=5)
    assert time.monotonic() - started < 1.5  # about a second; slack for a loaded 2-core machine
    console.sendline("\"$kept\"")
    console.expect(r"same session\r\n")
    console.expect(here)
    assert remote_pid(console, here) == pid
    assert leave(console) == 0


# ----------------------------------------------------------------- completion
def test_tab_completes_remote_variables_functions_and_paths(console: pexpect.spawn, home: Path) -> None:
    here = prompt("localhost\\~/far>")
    far = home / "far"
    far.mkdir()
    (far / "only-over-there.log").write_text("x")
    console.sendline("Set-Location far; $RemoteOnlyVariable = 7; function Invoke-RemoteOnly { 'ran remotely' }")
    console.expect(here)
    console.send("$RemoteOnlyV\t")
    console.expect(drawn("RemoteOnlyVariable"))
    console.sendline("")
    console.expect(line("7"))
    console.expect(here)
    console.send("Invoke-RemoteOn\t")
    console.expect(drawn("Invoke-RemoteOnly"))
    console.sendline("")
    console.expect(r"ran remotely\r\n")
    console.expect(here)
    console.send("Get-Content ./only-ov\t")
    console.expect(drawn("only-over-there.log"))
    console.sendline("")
    console.expect(line("x"))
    console.expect(here)
    assert leave(console) == 0


# ----------------------------------------------------------------- a dropped connection
def test_a_connection_killed_while_idle_leaves_the_session(console: pexpect.spawn) -> None:
    pid = remote_pid(console, prompt("localhost\\~>"))
    os.kill(pid, signal.SIGKILL)
    console.sendline("'never runs'")
    console.expect("The connection to localhost was lost")
    console.expect(LOCAL)
    console.sendline("'console alive'")
    console.expect(r"console alive\r\n")
    console.expect(LOCAL)
    console.sendline("exit")
    console.expect(pexpect.EOF)


def test_a_connection_killed_mid_command_leaves_the_session(console: pexpect.spawn) -> None:
    pid = remote_pid(console, prompt("localhost\\~>"))
    sleep_remotely(console)     # killed after a guessed delay, it might still be idle
    os.kill(pid, signal.SIGKILL)
    console.expect("The connection to localhost was lost", timeout=5)
    console.expect(LOCAL)
    console.sendline("'console alive'")
    console.expect(r"console alive\r\n")
    console.expect(LOCAL)
    console.sendline("exit")
    console.expect(pexpect.EOF)


# ----------------------------------------------------------------- over SSH
def test_ssh_prompt_ctrl_c_and_completion(sshd: Any, tmp_path: Path) -> None:
    (sshd.remote_home / "pty-remote-only.txt").write_text("far away\n")
    child = spawn(sshd.client_home, sshd.client_env())
    here = prompt("server01\\~>")
    try:
        child.sendline("Enter-PSSession server01")
        child.expect(here)
        sleep_remotely(child)
        started = time.monotonic()
        child.sendintr()
        child.expect(here, timeout=5)
        assert time.monotonic() - started < 1.5  # about a second; slack for a loaded 2-core machine
        child.send("Get-Content ./pty-remote-on\t")
        child.expect(drawn("pty-remote-only.txt"))
        child.sendline("")
        child.expect(r"far away\r\n")
        child.expect(here)
        assert leave(child) == 0
    finally:
        if child.isalive():
            child.terminate(force=True)


# ----------------------------------------------------------------- Ctrl+C handled late
@pytest.mark.parametrize("where", ["Enter-PSSession", "Invoke-Command"])
def test_ctrl_c_handled_late_still_stops_the_remote_command(tmp_path: Path, where: str) -> None:
    """The console's SIGINT handler can run well after the signal: on a loaded machine the
    main thread waits for the CPU, or for the interpreter. The remote console's wait for
    the far side must still end, and the stop still go out (in process, with the real
    console loop's handler and a real localhost endpoint; a busy thread holding the
    interpreter makes the handler late every time)."""
    from shell.console.repl import Repl
    from shell.language.host import BufferHost
    from shell.language.runspace import Runspace

    host = BufferHost()
    rs = Runspace(host, location=str(tmp_path))
    repl = Repl(rs)
    main = threading.get_ident()
    running = threading.Event()

    def late_ctrl_c() -> None:
        deadline = time.monotonic() + 10
        while "sleeping" not in host.text:
            if time.monotonic() > deadline or not running.is_set():
                return      # never a signal outside the command: pytest would take it
            time.sleep(0.005)
        time.sleep(0.02)    # the console waits for more from the far side by now
        signal.pthread_kill(main, signal.SIGINT)
        until = time.monotonic() + 0.1   # its handler runs only once this thread lets go
        while time.monotonic() < until:
            pass

    previous = signal.signal(signal.SIGINT, lambda signum, frame: None)  # a stray one is not pytest's
    interval = sys.getswitchinterval()
    helper = threading.Thread(target=late_ctrl_c)
    try:
        command = "& { 'sleep' + 'ing'; Start-Sleep 5 }"
        if where == "Enter-PSSession":
            assert repl.run_line("Enter-PSSession localhost") is None
            assert rs.remote is not None, host.records
            assert repl.run_line("$kept = 'same session'") is None
        else:                # Invoke-Command's loop waits on the main thread the same way
            command = f"Invoke-Command -ComputerName localhost {{ {command} }}"
        sys.setswitchinterval(1.0)   # the busy thread keeps the interpreter for all of its 0.1 s
        running.set()
        helper.start()
        started = time.monotonic()
        repl.run_line(command)
        elapsed = time.monotonic() - started
        running.clear()
        helper.join()
        sys.setswitchinterval(interval)
        assert elapsed < 2.5   # was the whole 5 s: the stop was never sent
        assert not host.records
        if where == "Enter-PSSession":
            del host.output[:]
            repl.run_line('"$kept"')
            assert host.text == "same session\n"
    finally:
        running.clear()
        if helper.is_alive():
            helper.join()
        sys.setswitchinterval(interval)
        if rs.remote is not None:
            rs.remote.leave()
        rs.close()
        signal.signal(signal.SIGINT, previous)
