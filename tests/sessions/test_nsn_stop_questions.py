"""New-PSSession stopped (Ctrl+C) while a connection waits for the user's answer: nothing more
is asked, the prompt comes back at once, and no connecting thread is left waiting."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from test_icm_lean_temporary import _new_threads, _wait_until


def test_ctrl_c_at_a_host_key_question_of_new_pssession_asks_nothing_more(
        sshd: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from shell.language.host import BufferHost
    from shell.language.runspace import Runspace

    home = tmp_path / "home"
    shutil.copytree(sshd.client_home / ".ssh", home / ".ssh")
    (home / ".ssh" / "known_hosts").write_text("")      # both host keys unknown: both ask
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)

    class Console(BufferHost):
        asked: list[str] = []

        def read_line(self, prompt: str = "") -> str:
            self.asked.append(prompt)
            time.sleep(0.2)             # the other computer's question queues meanwhile
            rs.request_stop()
            raise KeyboardInterrupt

    host = Console(inputs=[])
    rs = Runspace(host, location=str(tmp_path))
    try:
        before = set(threading.enumerate())
        started = time.monotonic()
        rs.engine.execute("$s = New-PSSession server01,server02")
        assert time.monotonic() - started < 5
        assert len(Console.asked) == 1 and "continue connecting" in Console.asked[0]
        rs.engine.execute("(Get-PSSession).Count")
        assert host.text.rstrip().endswith("0")          # nothing opened behind the user's back
        assert _wait_until(lambda: not _new_threads(before), timeout=10), _new_threads(before)
    finally:
        rs.close()
