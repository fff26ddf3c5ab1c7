"""The real ``psrepl`` command, as a user runs it: -c, a script file, standard input, exit codes."""

from __future__ import annotations

from pathlib import Path

from pshelpers import run_psrepl

ESC = "\x1b["


def test_dash_c_runs_and_prints_plain_text() -> None:
    result = run_psrepl(["-c", "1..3 | ForEach-Object { \"ok $_\" }"])
    assert result.returncode == 0
    assert result.stdout == "ok 1\nok 2\nok 3\n"
    assert ESC not in result.stdout + result.stderr


def test_stdin_runs_statement_by_statement_like_typing() -> None:
    script = "$x = 6 * 7\n\"the answer is $x\"\nfunction f {\n  'in f'\n}\nf\n"
    result = run_psrepl([], input=script)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "the answer is 42\nin f\n"


def test_errors_go_to_stderr_and_the_script_carries_on() -> None:
    result = run_psrepl([], input="'before'\nFoo-Bar\n'after'\n")
    assert result.stdout == "before\nafter\n"
    assert "The term 'Foo-Bar' is not recognized as a name of a cmdlet, function, script file, " \
           "or executable program." in result.stderr
    assert "Traceback" not in result.stderr
    assert result.returncode == 0  # the last statement succeeded


def test_exit_code_is_the_exit_value() -> None:
    assert run_psrepl(["-c", "exit 7"]).returncode == 7
    assert run_psrepl([], input="'a'\nexit 3\n'never'\n").returncode == 3


def test_exit_code_is_1_after_a_terminating_error_or_a_parse_error() -> None:
    assert run_psrepl(["-c", "throw 'boom'"]).returncode == 1
    parse = run_psrepl(["-c", "1 +* 2"])
    assert parse.returncode == 1
    assert "line 1" in parse.stderr.lower() or "1 +* 2" in parse.stderr
    assert run_psrepl(["-c", "Write-Error 'soft'; 'then fine'"]).returncode == 0


def test_parse_error_runs_nothing_of_that_input() -> None:
    result = run_psrepl(["-c", "'first'; 1 +* 2"])
    assert result.stdout == ""
    assert result.returncode == 1


def test_script_file_with_parameters(tmp_path: Path) -> None:
    script = tmp_path / "greet.ps1"
    script.write_text('param([string]$Name = "world", [int]$Count = 1)\n'
                      '1..$Count | % { "hello $Name" }\n"rest: $args"\n')
    result = run_psrepl([str(script), "-Count", "2", "Bob", "extra"])
    assert result.stdout == "hello Bob\nhello Bob\nrest: extra\n"
    assert run_psrepl([str(script)]).stdout == "hello world\nrest: \n"


def test_incomplete_input_at_end_of_stdin_is_a_clear_parse_error() -> None:
    result = run_psrepl([], input="if ($true) {\n 'x'\n")
    assert result.returncode == 1
    assert "Missing closing '}'" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_and_help() -> None:
    version = run_psrepl(["--version"])
    assert version.returncode == 0 and version.stdout.startswith("psrepl ")
    usage = run_psrepl(["--help"])
    assert usage.returncode == 0 and "-c" in usage.stdout


def test_native_program_output_flows_as_strings_and_sets_lastexitcode() -> None:
    result = run_psrepl(["-c", "$l = printf 'a\\nb\\n'; $l.Count; $l[1].ToUpper(); "
                                "sh -c 'exit 4'; $LASTEXITCODE"])
    assert result.stdout == "2\nB\n4\n"


def test_native_stderr_goes_to_the_error_stream_when_redirected() -> None:
    result = run_psrepl(["-c", "$r = sh -c 'echo oops >&2' 2>&1; $r.GetType().Name; \"$r\""])
    assert result.stdout.splitlines()[-1] == "oops"
