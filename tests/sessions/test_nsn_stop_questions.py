"""New-PSSession stopped (Ctrl+C) while a connection waits for the user's answer: nothing more
is asked, the prompt comes back at once, and no connecting thread is left waiting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from test_icm_lean_temporary import _new_threads, _wait_until, stopped_at_first_question


def test_ctrl_c_at_a_host_key_question_of_new_pssession_asks_nothing_more(
        sshd: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked, text, took, before = stopped_at_first_question(sshd, tmp_path, monkeypatch,
                                                          "$s = New-PSSession server01,server02")
    assert took < 5
    assert len(asked) == 1 and "continue connecting" in asked[0]
    assert text.rstrip().endswith("0")                   # nothing opened behind the user's back
    assert _wait_until(lambda: not _new_threads(before), timeout=10), _new_threads(before)
