"""Generated input through the whole evaluator: whatever is typed, psrepl answers with output
or a clear error, never a Python traceback, an internal error, or an exception escaping."""

from __future__ import annotations

import atexit
import io
import shutil
import re
import tempfile
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shell.console.plain import PlainHost
from shell.language.errors import ExitSignal
from shell.language.runspace import Runspace

# Harmless commands only: no file removal, no process control, no waiting for input.
SAFE_COMMANDS = [
    "Write-Output", "Write-Host", "Write-Error", "Write-Warning", "Write-Verbose", "ForEach-Object",
    "Where-Object", "Select-Object", "Sort-Object", "Group-Object", "Measure-Object", "Get-Member",
    "Format-Table", "Format-List", "Out-String", "Out-Null", "Get-Date", "Get-Variable",
    "Set-Variable", "Get-Command", "Get-Alias", "ConvertTo-Json", "ConvertFrom-Json",
    "Select-String", "Get-Location", "Test-Path", "Invoke-Expression", "%", "?", "select", "echo",
]
ATOMS = [
    "1", "0", "-1", "2.5", "1e3", "0x1F", "'a'", "'it''s'", '"x $a y"', '"$($b + 1)"', "$a", "$b",
    "$_", "$null", "$true", "$false", "@()", "@(1,2)", "@{a=1; b='x'}", "[int]", "[string]",
    "[pscustomobject]@{N=1}", "{ $_ }", "{ param($x) $x * 2 }", "1..4", "$a[0]", "$a.Count",
    "$b.Length", "'s'.ToUpper()", "[math]::Round(2.5)", "(1,2,3)", "$(1)", "$env:HOME",
]
OPERATORS = [
    "+", "-", "*", "/", "%", "-eq", "-ne", "-gt", "-lt", "-like", "-match", "-replace", "-split",
    "-join", "-f", "-and", "-or", "-not", "..", ",", "-contains", "-in", "-is", "-as", "=", "+=",
    "|", ";", "\n", "(", ")", "{", "}", "[", "]", "@(", "$(", ".", "::", "-Property", "-First",
    "if", "else", "foreach", "while", "for", "switch", "function", "return", "break", "try",
    "catch", "finally", "throw", "param", "in", ">", "2>&1", "> $null", "`", "#", "<#", "#>",
    "'", '"', "@'", "'@", "-", "!", "++", "--",
]
#: A Python exception's name in what the user sees means a bug leaked through.
PYTHON_ERRORS = re.compile(r"\b(TypeError|AttributeError|KeyError|IndexError|ValueError|NameError|"
                           r"UnboundLocalError|AssertionError|ZeroDivisionError|OverflowError|"
                           r"StopIteration|NotImplementedError|Traceback|Internal error in psrepl)\b")
TOKENS = st.sampled_from(SAFE_COMMANDS + ATOMS + OPERATORS)
PROGRAMS = st.lists(TOKENS, min_size=1, max_size=14).map(" ".join)


def _run_guarded(text: str) -> str:
    """Run ``text`` in a scratch directory; stop it after 2 s (loops that never end); return stderr."""
    out, err = io.StringIO(), io.StringIO()
    rs = Runspace(PlainHost(out, err), location=_SCRATCH)
    rs.set_variable("a", [1, 2, 3])
    rs.set_variable("b", "text")
    timer = threading.Timer(2.0, rs.request_stop)
    timer.start()
    try:
        rs.engine.execute(text)
    except ExitSignal:
        pass
    finally:
        timer.cancel()
        rs.close()
    return err.getvalue()


_SCRATCH = tempfile.mkdtemp(prefix="psrepl-fuzz-")
atexit.register(shutil.rmtree, _SCRATCH, True)


@pytest.fixture(autouse=True)
def _no_native_programs(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """Generated words must never start a real program, and files land in a scratch directory."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("HOME", _SCRATCH)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(PROGRAMS)
def test_generated_statements_never_crash(text: str) -> None:
    stderr = _run_guarded(text)
    assert not PYTHON_ERRORS.search(stderr), (text, stderr)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=40))
def test_arbitrary_text_never_crashes(text: str) -> None:
    stderr = _run_guarded(text)
    assert not PYTHON_ERRORS.search(stderr), (text, stderr)
