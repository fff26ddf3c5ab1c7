"""QA: native programs through the real psrepl (their output reaches stdout in order)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pshelpers import run_psrepl


def test_native_output_interleaves_with_psrepl_output_on_a_pipe() -> None:
    proc = run_psrepl(["-c", "'a'; /bin/echo b; 'c'; /bin/echo d"])
    assert proc.stdout == "a\nb\nc\nd\n"


def test_native_output_from_stdin_script_in_order(tmp_path: Path) -> None:
    proc = run_psrepl([], input="'a'\n/bin/echo b\n'c'\nprintf 'x\\ny\\n'\n", cwd=str(tmp_path))
    assert proc.stdout == "a\nb\nc\nx\ny\n"
    assert proc.returncode == 0


def test_native_stderr_goes_to_stderr_and_exit_code_is_kept() -> None:
    proc = run_psrepl(["-c", "/bin/sh -c 'echo oops >&2; exit 4'; \"code $LASTEXITCODE\""])
    assert proc.stdout == "code 4\n"
    assert proc.stderr == "oops\n"


def test_native_program_without_trailing_newline() -> None:
    proc = run_psrepl(["-c", "/bin/echo -n nonl"])
    assert proc.stdout == "nonl"


def test_null_argument_to_a_native_program_is_dropped() -> None:
    # PowerShell 7.3+ (Standard argument passing): `/bin/echo $null end` prints "end".
    proc = run_psrepl(["-c", "/bin/echo $null end"])
    assert proc.stdout == "end\n"
