"""Every example of PowerShell's about_Remote_Jobs, walked through against the test sshd.

Each section of the help topic is typed as written (Windows paths become
``~/logs/...``, ``Get-EventLog`` becomes ``Get-ChildItem ~/rj-events``: the same
job and session mechanics, on Linux), once at a real terminal (the real
``psrepl`` in a pty, where the prompt is checked after every line) and once fed on
standard input. The assertions are what the user sees: prompts, job table rows,
results, and files on the remote computer (``sshd.remote_home``) or on the local
one (``sshd.client_home``).

``Server01`` is an alias of the test sshd in the client's ~/.ssh/config (added
here, beside the fixture's lower-case ones), so the commands read as in the help
topic.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import pexpect
import pytest

from pshelpers import run_psrepl

PSREPL = shutil.which("psrepl", path=os.path.dirname(sys.executable)) or shutil.which("psrepl")
_FRESH = r"\x1b\[\?2004h(?:\x1b\[[0-9;?]*[A-Za-z])*"
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]")
LOCAL = "PS ~>"
REMOTE = "Server01\\~>"
MARK = "----8<----"

#: The event log of the help topic's examples: files in the remote home.
EVENTS = ("disk-full.evt", "service-started.evt", "user-logon.evt")


# ----------------------------------------------------------------- fixtures
@pytest.fixture
def server(sshd: Any) -> Iterator[Any]:
    """The test sshd, with ``Server01`` in the client config and an event log on the far side."""
    config = sshd.client_home / ".ssh" / "config"
    text = config.read_text()
    if "Host Server01\n" not in text:
        config.write_text(text + "\n".join([
            "", "Host Server01", "    HostName 127.0.0.1", f"    Port {sshd.port}", f"    User {sshd.user}",
            f"    IdentityFile {sshd.user_key}", ""]))
    events = sshd.remote_home / "rj-events"
    events.mkdir(exist_ok=True)
    for name in EVENTS:
        (events / name).write_text(f"{name}\n")
    for home in (sshd.remote_home, sshd.client_home):
        shutil.rmtree(home / "logs", ignore_errors=True)
    for home in (sshd.remote_home, sshd.client_home):
        (home / "logs").mkdir()
    yield sshd
    for home in (sshd.remote_home, sshd.client_home):
        shutil.rmtree(home / "logs", ignore_errors=True)


Step = tuple[str, str]          # (what is typed, the prompt expected after it)


class Terminal:
    """psrepl at a real terminal: each step is typed and its prompt awaited; returns what it showed."""

    def __init__(self, sshd: Any) -> None:
        assert PSREPL, "the psrepl console script is not installed (pip install -e .)"
        env = {k: v for k, v in sshd.client_env().items() if k not in ("NO_COLOR", "PYTHONPATH")}
        env.update(TERM="xterm-256color", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="110", LINES="40",
                   XDG_STATE_HOME=str(sshd.client_home / ".state"))
        self.child = pexpect.spawn(PSREPL, [], cwd=str(sshd.client_home), env=env, encoding="utf-8",
                                   dimensions=(40, 110), timeout=20)
        self.child.expect(re.compile(_FRESH + re.escape(LOCAL)))

    def run(self, steps: list[Step]) -> list[str]:
        """Type every step; the screen text between each step and its prompt."""
        shown = []
        for text, prompt in steps:
            lines = text.split("\n")
            for line in lines[:-1]:
                self.child.sendline(line)
                self.child.expect(">>")
            self.child.sendline(lines[-1])
            self.child.expect(re.compile(_FRESH + re.escape(prompt)))
            shown.append(clean(self.child.before))
        return shown

    def close(self) -> None:
        """Leave psrepl (and make sure it is gone)."""
        if self.child.isalive():
            self.child.sendline("exit")
            try:
                self.child.expect(pexpect.EOF, timeout=10)
            except pexpect.TIMEOUT:
                self.child.kill(signal.SIGKILL)
        self.child.close()


def clean(screen: str) -> str:
    """Terminal output as text: no escape codes, no carriage returns, no echoed input.

    The input line is redrawn until it is accepted; the console then turns bracketed
    paste off, so what the command showed is what follows the last ``ESC[?2004l``.
    """
    tail = screen.rsplit("\x1b[?2004l", 1)[-1]
    return _ESCAPES.sub("", tail).replace("\r", "")


def through_stdin(sshd: Any, steps: list[Step]) -> list[str]:
    """The same steps fed on standard input, a marker line after each; stdout cut at the markers."""
    lines = []
    for text, _prompt in steps:
        lines += [text, f"'{MARK}'"]
    result = run_psrepl([], input="\n".join(lines) + "\n", env=sshd.client_env(), cwd=str(sshd.client_home),
                        timeout=60)
    assert "Traceback" not in result.stderr, result.stderr
    parts = result.stdout.split(MARK + "\n")
    assert len(parts) == len(steps) + 1, result.stdout + result.stderr
    return parts[:-1]


@pytest.fixture(params=["terminal", "stdin"])
def walk(request: pytest.FixtureRequest, server: Any) -> Iterator[Callable[[list[Step]], list[str]]]:
    """``walk(steps)`` types the steps at a terminal or feeds them on stdin; what each one showed."""
    if request.param == "stdin":
        yield lambda steps: through_stdin(server, steps)
        return
    terminal = Terminal(server)
    try:
        yield terminal.run
    finally:
        terminal.close()


def row(shown: str, *cells: str) -> list[str]:
    """The table row (split on blanks) that holds every one of ``cells``; fails when there is none."""
    for line in shown.splitlines():
        words = line.split()
        if all(cell in words for cell in cells):
            return words
    raise AssertionError(f"no row with {cells} in:\n{shown}")


def header(shown: str) -> list[str]:
    """The column names of the table in ``shown`` (the line above the dashes)."""
    lines = shown.splitlines()
    for above, line in zip(lines, lines[1:]):
        if line.strip() and set(line.replace(" ", "")) == {"-"}:
            return above.split()
    raise AssertionError(f"no table in:\n{shown}")


# ----------------------------------------------------------------- Start a job in an interactive session
def test_start_a_job_in_an_interactive_session(walk: Callable[[list[Step]], list[str]], server: Any) -> None:
    shown = walk([
        ("Enter-PSSession -computername Server01", REMOTE),
        ("$job = Start-Job -scriptblock {\n  Get-ChildItem ~/rj-events\n}", REMOTE),
        ("Get-Job $job", REMOTE),
        ("$job | Wait-Job", REMOTE),
        ("Receive-Job $job > ~/logs/PsLog.txt", REMOTE),
        ("Exit-PSSession", LOCAL),
        ("$s = New-PSSession -computername Server01", LOCAL),
        ("Invoke-Command -session $s -scriptblock {\n  Get-Content ~/logs/PsLog.txt}", LOCAL),
    ])
    entered, started, get_job, waited, received, exited, new_session, content = shown
    assert entered.strip() == started.strip() == ""
    # The job runs on Server01, which is "localhost" to the job.
    assert header(get_job)[:2] == ["Id", "Name"] and "Location" in header(get_job)
    job_row = row(get_job, "Job1", "localhost")
    assert job_row[0] == "1"
    assert row(waited, "Job1", "Completed", "localhost")
    assert received.strip() == "" and exited.strip() == ""
    # The redirection wrote on the remote computer, not here.
    log = (server.remote_home / "logs" / "PsLog.txt").read_text()
    assert all(name in log for name in EVENTS), log
    assert not (server.client_home / "logs" / "PsLog.txt").exists()
    assert all(name in content for name in EVENTS), content


# ----------------------------------------------------------------- AsJob: results returned to the local computer
def test_start_a_remote_job_that_returns_the_results_to_the_local_computer(
        walk: Callable[[list[Step]], list[str]], server: Any) -> None:
    shown = walk([
        ("Invoke-Command -computername Server01 -scriptblock {\n  Get-ChildItem ~/rj-events} -AsJob", LOCAL),
        ("Wait-Job -Id 1 | Out-Null", LOCAL),
        ("Get-Job", LOCAL),
        ("$results = Receive-Job -id 1", LOCAL),
        ("$results | ForEach-Object Name", LOCAL),
        ("$results[0].PSComputerName", LOCAL),
    ])
    started, _, get_job, received, names, computer = shown
    assert "PSJobTypeName" in header(started)
    assert row(started, "1", "Job1", "RemoteJob", "Server01")
    assert row(get_job, "1", "Job1", "RemoteJob", "Completed", "True", "Server01")
    assert received.strip() == ""
    assert names.split() == list(EVENTS)
    assert computer.strip() == "Server01"


def test_asjob_with_a_job_name_is_managed_with_the_local_job_cmdlets(
        walk: Callable[[list[Step]], list[str]], server: Any) -> None:
    shown = walk([
        ("$job = Invoke-Command -ComputerName Server01 -ScriptBlock { Start-Sleep 100 } -AsJob -JobName Sleeper",
         LOCAL),
        ("$job.ChildJobs | ForEach-Object Location", LOCAL),
        ("Get-Job -Name Sleeper | ForEach-Object State", LOCAL),
        ("Stop-Job -Name Sleeper", LOCAL),
        ("Get-Job -Name Sleeper", LOCAL),
        ("Remove-Job -Name Sleeper", LOCAL),
        ("@(Get-Job).Count", LOCAL),
        ("$done = Invoke-Command -ComputerName Server01 -ScriptBlock { 'from afar' } -AsJob", LOCAL),
        ("Receive-Job $done -Wait > ~/logs/local.txt", LOCAL),
    ])
    _, children, state, _, stopped, _, count, _, redirected = shown
    assert children.split() == ["Server01"]
    assert state.strip() in ("NotStarted", "Running")
    assert row(stopped, "Sleeper", "RemoteJob", "Stopped", "Server01")
    assert count.strip() == "0"
    assert redirected.strip() == ""
    # At the local prompt, a redirection writes on the local computer.
    assert (server.client_home / "logs" / "local.txt").read_text().splitlines() == ["from afar"]
    assert not (server.remote_home / "logs" / "local.txt").exists()


# ----------------------------------------------------------------- results kept on the remote computer
def test_start_a_remote_job_that_keeps_the_results_on_the_remote_computer(
        walk: Callable[[list[Step]], list[str]], server: Any) -> None:
    shown = walk([
        ("$s = New-PSSession -computername Server01", LOCAL),
        ("Invoke-Command -session $s -scriptblock {\n  Start-Job -scriptblock {Get-ChildItem ~/rj-events}}", LOCAL),
        ("Invoke-Command -session $s -scriptblock {Get-Job | Wait-Job} | Out-Null", LOCAL),
        ("Invoke-Command -session $s -scriptblock {Get-Job}", LOCAL),
        ("$results = Invoke-Command -session $s -scriptblock {\n  Receive-Job -SessionId 2 -Keep\n}", LOCAL),
        ("$results | ForEach-Object Name", LOCAL),
        ("Invoke-Command -session $s { Receive-Job -Id 2 -Keep } | ForEach-Object Name", LOCAL),
        ("Invoke-Command -session $s -command {\n  Receive-Job -SessionId 2 > ~/logs/pslog.txt\n}", LOCAL),
        ("Get-Job", LOCAL),
    ])
    _, started, _, get_job, _, names, names_by_id, redirected, local_jobs = shown
    # The job object is created on Server01, where it is a local background job.
    assert row(started, "Job1", "localhost")
    assert row(get_job, "Job1", "Completed", "localhost")
    assert names.split() == list(EVENTS)
    assert names_by_id.split() == list(EVENTS)
    assert redirected.strip() == ""
    log = (server.remote_home / "logs" / "pslog.txt").read_text()
    assert all(name in log for name in EVENTS), log
    assert not (server.client_home / "logs" / "pslog.txt").exists()
    # Nothing of it is in the local job table.
    assert local_jobs.strip() == ""


def test_invoke_command_output_redirected_at_the_local_prompt_writes_locally(server: Any) -> None:
    through_stdin(server, [
        ("$s = New-PSSession -computername Server01", LOCAL),
        ("Invoke-Command -Session $s { Get-ChildItem ~/rj-events | ForEach-Object Name } > ~/logs/names.txt",
         LOCAL),
        ("Invoke-Command -Session $s { Get-Item ~/rj-events/nothing-here } 2> ~/logs/errors.txt", LOCAL),
    ])
    assert (server.client_home / "logs" / "names.txt").read_text().split() == list(EVENTS)
    assert "Cannot find path" in (server.client_home / "logs" / "errors.txt").read_text()
    assert not (server.remote_home / "logs" / "names.txt").exists()


# ----------------------------------------------------------------- How to run as a detached process
def test_how_to_run_as_a_detached_process(walk: Callable[[list[Step]], list[str]], server: Any) -> None:
    shown = walk([
        ("$session = New-PSSession -cn localhost", LOCAL),
        ("$job = Invoke-Command -Session $session -ScriptBlock { 1..3 | % { sleep 0.2; \"Output $_\" } } -AsJob",
         LOCAL),
        ("$job", LOCAL),
        ("$job | Wait-Job | Receive-Job", LOCAL),
    ])
    _, _, job, received = shown
    assert "PSJobTypeName" in header(job)
    assert row(job, "Job1", "RemoteJob", "localhost")
    assert received.split("\n")[:3] == ["Output 1", "Output 2", "Output 3"]


def test_start_process_outlives_the_console_and_the_session(server: Any, tmp_path: Path) -> None:
    # "Use Start-Process to create a new process rather than a job": unlike a job's, the
    # process is not ended with the session or the console that started it.
    stamp = server.remote_home / "logs" / "detached.txt"
    result = run_psrepl([], input="\n".join([
        "$s = New-PSSession -ComputerName Server01",
        # As in PowerShell, -ArgumentList is joined into one command line: quote the script.
        "Invoke-Command -Session $s { (Start-Process sh -ArgumentList '-c', "
        "'\"sleep 0.2; echo still here > ~/logs/detached.txt\"' -PassThru).Id }",
        "Remove-PSSession $s",
    ]) + "\n", env=server.client_env(), cwd=str(server.client_home), timeout=30)
    assert result.returncode == 0, result.stderr
    pid = int(result.stdout.split()[-1])
    deadline = time.monotonic() + 5
    while not stamp.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert stamp.read_text().strip() == "still here"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        pass
    else:
        os.kill(pid, signal.SIGTERM)
