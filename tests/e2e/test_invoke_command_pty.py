"""Invoke-Command at a real terminal (the real ``psrepl`` in a pty): Ctrl+C and the questions only a person answers.

* Ctrl+C during ``Invoke-Command -Session $s { Start-Sleep 100 }`` stops the remote
  command and returns to the prompt; the session stays Opened and usable.
* An unknown host key is shown with its fingerprint and asked about; "yes" adds it
  to known_hosts and the command runs; the next connection asks nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any, Iterator

import pexpect
import pytest

PSREPL = shutil.which("psrepl", path=os.path.dirname(sys.executable)) or shutil.which("psrepl")
_FRESH = r"\x1b\[\?2004h(?:\x1b\[[0-9;?]*[A-Za-z])*"
LOCAL = re.compile(_FRESH + re.escape("PS ~>"))


@pytest.fixture
def console(sshd: Any, tmp_path: Path) -> Iterator[Any]:
    """``console(known_hosts=None)``: psrepl at a terminal, HOME a copy of the client home."""
    children: list[pexpect.spawn] = []
    home = tmp_path / "home"
    shutil.copytree(sshd.client_home / ".ssh", home / ".ssh")

    def start(known_hosts: str | None = None) -> pexpect.spawn:
        if known_hosts is not None:
            (home / ".ssh" / "known_hosts").write_text(known_hosts)
        env = {k: v for k, v in sshd.client_env().items() if k not in ("NO_COLOR", "PYTHONPATH")}
        env.update(HOME=str(home), XDG_STATE_HOME=str(home / ".state"), TERM="xterm-256color",
                   PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="100", LINES="30")
        child = pexpect.spawn(PSREPL, [], cwd=str(home), env=env, encoding="utf-8", dimensions=(30, 100),
                              timeout=20)
        child.expect(LOCAL)
        children.append(child)
        return child
    start.home = home  # type: ignore[attr-defined]
    yield start
    for child in children:
        if child.isalive():
            child.kill(signal.SIGKILL)
        child.close()


def test_ctrl_c_stops_the_remote_command_and_keeps_the_session(console: Any) -> None:
    child = console()
    child.sendline("$s = New-PSSession server01")
    child.expect(LOCAL)
    # Ctrl+C once the remote command has said it runs (the echo holds the word split in two):
    # typed while the prompt still reads the line, it would be a key for the prompt, not a stop.
    child.sendline("Invoke-Command -Session $s { 'start' + 'ed'; Start-Sleep 100; 'ne' + 'ver' }")
    child.expect(r"started\r\n")
    began = time.monotonic()
    child.sendcontrol("c")
    child.expect(LOCAL)
    assert time.monotonic() - began < 5
    assert "never" not in child.before.rsplit("\x1b[?2004l", 1)[-1]
    child.sendline("$s.State; Invoke-Command -Session $s { 'still open' }")
    child.expect(r"Opened\r\nstill open")
    child.expect(LOCAL)


def test_an_unknown_host_key_is_asked_about_at_the_console(console: Any) -> None:
    child = console(known_hosts="")
    child.sendline("Invoke-Command -ComputerName server01 { 'accepted' }")
    child.expect(r"The authenticity of host 'server01 \(127\.0\.0\.1:\d+\)' can't be established\.")
    child.expect(r"ED25519 key fingerprint is SHA256:\S+\.")
    child.expect(r"Are you sure you want to continue connecting \(yes/no\)\?")
    child.sendline("yes")
    child.expect("accepted")
    child.expect(LOCAL)
    known = (console.home / ".ssh" / "known_hosts").read_text()
    assert " ssh-ed25519 " in known
    child.sendline("Invoke-Command -ComputerName server01 { 'no question' }")
    index = child.expect(["no question", "authenticity"])
    assert index == 0
    child.expect(LOCAL)


def test_refusing_an_unknown_host_key_at_the_console(console: Any) -> None:
    child = console(known_hosts="")
    child.sendline("New-PSSession server01")
    child.expect(r"continue connecting \(yes/no\)\?")
    child.sendline("no")
    child.expect("was not accepted")
    child.expect(LOCAL)
    assert (console.home / ".ssh" / "known_hosts").read_text() == ""
