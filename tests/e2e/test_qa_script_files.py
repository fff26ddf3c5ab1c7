"""QA: script files through the real psrepl: arguments, param(), & and dot-sourcing, exit codes."""

from __future__ import annotations

from pathlib import Path

from pshelpers import run_psrepl

LIB = """param($Greeting = 'Hello', [int]$Times = 1)
$libVar = 'from lib'
function Get-Lib { "lib function" }
for ($i = 0; $i -lt $Times; $i++) { "$Greeting ($i)" }
"""

MAIN = """& ./lib.ps1 -Greeting Hi -Times 2
"libVar after &: [$libVar]"
. ./lib.ps1
"libVar after dot: [$libVar]"
Get-Lib
$PSScriptRoot -eq (Split-Path $PSCommandPath)
Split-Path $PSCommandPath -Leaf
"""


def test_call_and_dot_source_a_script(tmp_path: Path) -> None:
    (tmp_path / "lib.ps1").write_text(LIB)
    (tmp_path / "main.ps1").write_text(MAIN)
    proc = run_psrepl([str(tmp_path / "main.ps1")], cwd=str(tmp_path))
    assert proc.stdout.splitlines() == [
        "Hi (0)", "Hi (1)", "libVar after &: []", "Hello (0)", "libVar after dot: [from lib]",
        "lib function", "True", "main.ps1"]
    assert proc.stderr == "" and proc.returncode == 0


def test_script_arguments_bind_to_param_then_args(tmp_path: Path) -> None:
    (tmp_path / "a.ps1").write_text('param($p)\n"p=$p args=$args count=$($args.Count)"\n')
    proc = run_psrepl([str(tmp_path / "a.ps1"), "one", "two", "three four"])
    assert proc.stdout == "p=one args=two three four count=2\n"


def test_script_exit_codes(tmp_path: Path) -> None:
    script = tmp_path / "e.ps1"
    script.write_text("'before'\nexit 4\n'never'\n")
    proc = run_psrepl([str(script)])
    assert (proc.stdout, proc.returncode) == ("before\n", 4)
    script.write_text("'before'\nthrow 'stop here'\n'never'\n")
    proc = run_psrepl([str(script)])
    assert (proc.stdout, proc.returncode) == ("before\n", 1)
    assert "stop here" in proc.stderr
    script.write_text("Write-Error 'not terminating'\n'still runs'\n")
    proc = run_psrepl([str(script)])
    assert (proc.stdout, proc.returncode) == ("still runs\n", 0)


def test_parse_error_in_a_script_runs_nothing(tmp_path: Path) -> None:
    script = tmp_path / "p.ps1"
    script.write_text("'first line'\nif (\n")
    proc = run_psrepl([str(script)])
    assert proc.stdout == "" and proc.returncode == 1
    assert "Missing condition in if statement" in proc.stderr


def test_missing_script_file() -> None:
    proc = run_psrepl(["/nonexistent/qa/script.ps1"])
    assert proc.returncode != 0 and "not recognized" in proc.stderr
    assert "Traceback" not in proc.stderr
