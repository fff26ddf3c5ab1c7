"""QA findings in the interpreter (the lead's modules), pinned as strict xfails.

Each test states what PowerShell 7 prints for the input; when the behaviour is
fixed the test passes, strict=True turns that into a failure, and the marker
should simply be removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pshelpers import run, run_psrepl


def lines(text: str) -> list[str]:
    """psrepl's stdout for ``text`` as a list of lines."""
    return run(text).stdout.splitlines()


def test_chained_assignment_assigns_every_variable() -> None:
    # PowerShell: 7 / 7 / 3
    assert lines("$c = $d = 7; $c; $d; $x = ($y = 3); $x") == ["7", "7", "3"]


def test_psversiontable_exists() -> None:
    # PowerShell 7: True / Core
    assert lines("$PSVersionTable.PSVersion.Major -ge 7; $PSVersionTable.PSEdition") == ["True", "Core"]


def test_lastexitcode_is_null_before_any_native_program() -> None:
    # PowerShell: True (no native program has run yet)
    assert lines("$null -eq $LASTEXITCODE") == ["True"]


def test_function_drive_variable_is_a_scriptblock() -> None:
    # PowerShell: True / 3
    assert lines("function f { 1 + 2 }; ${function:f} -is [scriptblock]; & ${function:f}") == ["True", "3"]


def test_function_parameter_conversion_error_names_the_function() -> None:
    # PowerShell: f: Cannot process argument transformation on parameter 'n'. Cannot convert
    # value "abc" to type "System.Int32". Error: "Input string was not in a correct format."
    result = run("function f([int]$n) { $n }; f -n abc")
    assert result.stderr.startswith("f: Cannot process argument transformation on parameter 'n'.")


def test_expression_error_in_a_script_file_shows_its_position(tmp_path: Path) -> None:
    # PowerShell 7, `pwsh t.ps1`:
    #   RuntimeException: /tmp/.../t.ps1:2
    #   Line |
    #      2 |  1/0
    #        |  ~~~
    #        | Attempted to divide by zero.
    script = tmp_path / "t.ps1"
    script.write_text("'first'\n1/0\n")
    proc = run_psrepl([str(script)])
    assert proc.stderr.splitlines()[1:4] == ["Line |", "   2 |  1/0", "     |  ~~~"]


def test_information_stream_is_redirectable_under_the_default_preference() -> None:
    # PowerShell (Write-Information docs, example 3): the record reaches 6> and 6>&1.
    assert lines("$i = Write-Information 'i1' 6>&1; \"i=$i\"") == ["i=i1"]


def test_write_verbose_switch_inside_a_function_is_shown() -> None:
    # PowerShell: VERBOSE: v2 / VERBOSE: v3
    result = run("function f { Write-Verbose 'v2' -Verbose }; f; & { Write-Verbose 'v3' -Verbose }")
    assert result.stderr == "VERBOSE: v2\nVERBOSE: v3\n"


def test_advanced_function_accepts_common_parameters() -> None:
    # PowerShell: VERBOSE: v5 (and no error)
    result = run("function g { [CmdletBinding()] param() Write-Verbose 'v5' }; g -Verbose")
    assert result.stderr == "VERBOSE: v5\n"


def test_assigning_to_null_discards_the_value() -> None:
    # PowerShell: ok (no error; $null stays $null). Fixed in ec67a70; kept as a regression test.
    result = run("$null = Get-Date; $null = 1, 2; 'ok'; $null -eq $null")
    assert (result.stdout, result.stderr) == ("ok\nTrue\n", "")


def test_deep_expression_in_a_script_file_is_not_an_internal_error(tmp_path: Path) -> None:
    # PowerShell: 401. psrepl -c gives "RuntimeException: The script failed due to call depth
    # overflow." (exit 1); `psrepl file.ps1` prints "psrepl: internal error: RecursionError".
    script = tmp_path / "deep.ps1"
    script.write_text("1" + "+1" * 400 + "\n")
    proc = run_psrepl([str(script)])
    assert "internal error" not in proc.stderr
    assert proc.returncode != 70


def test_script_file_with_invalid_utf8_is_not_an_internal_error(tmp_path: Path) -> None:
    # PowerShell reads the bytes it cannot decode as U+FFFD and runs the script:
    # "abc��: The term 'abc��' is not recognized ..." then "after".
    script = tmp_path / "bad.ps1"
    script.write_bytes(b"abc\xff\xfe\n'after'\n")
    proc = run_psrepl([str(script)])
    assert "internal error" not in proc.stderr
    assert proc.stdout == "after\n"


def test_error_clear_empties_the_error_list() -> None:
    # PowerShell: 2 / 0 / System.Collections.ArrayList
    assert lines("Write-Error a 2>$null; Write-Error b 2>$null; $Error.Count; $Error.Clear(); "
                 "$Error.Count; $Error.GetType().FullName") == ["2", "0", "System.Collections.ArrayList"]


def test_error_invocation_info_names_the_command() -> None:
    # PowerShell: Get-ChildItem
    assert lines("try { Get-ChildItem -Path /nope -ErrorAction Stop } catch "
                 "{ $_.InvocationInfo.MyCommand.Name }") == ["Get-ChildItem"]


def test_missing_mandatory_parameter_of_a_function_names_the_function() -> None:
    # PowerShell (non-interactive):
    # Needs: Cannot process command because of one or more missing mandatory parameters: Name.
    result = run("function Needs { param([Parameter(Mandatory)]$Name) $Name }; Needs")
    assert result.stderr == ("Needs: Cannot process command because of one or more missing "
                             "mandatory parameters: Name.\n")


def _interactive(text: str, inputs: list[str]) -> str:
    """What an interactive host shows for ``text`` when the user types ``inputs``."""
    from shell.language.host import BufferHost
    from shell.language.runspace import Runspace

    host = BufferHost(inputs=inputs)
    rs = Runspace(host)
    try:
        rs.engine.execute(text)
    finally:
        rs.close()
    return host.text


def test_mandatory_prompt_names_the_function() -> None:
    # PowerShell:
    #   cmdlet Needs at command pipeline position 1
    #   Supply values for the following parameters:
    #   Name: World
    shown = _interactive('function Needs { param([Parameter(Mandatory)]$Name) "hi $Name" }; Needs',
                         ["World"])
    assert "cmdlet Needs at command pipeline position 1\n" in shown


def test_mandatory_array_parameter_prompt_asks_per_element(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A\n")
    (tmp_path / "b.txt").write_text("B\n")
    shown = _interactive(f"Set-Location '{tmp_path}'; Get-Content | ForEach-Object {{ \"got $_\" }}",
                         ["a.txt", "b.txt", ""])
    # PowerShell reads two paths and shows both files' lines.
    assert "got A" in shown and "got B" in shown


def test_read_host_reads_the_next_line_of_a_stdin_script(tmp_path: Path) -> None:
    # The issue: stdin input runs "exactly as if typed", so Read-Host takes the next line,
    # as pwsh does when its script comes from a pipe. PowerShell prints: hello Bob
    proc = run_psrepl([], input='$n = Read-Host "Name"\nBob\n"hello $n"\n', cwd=str(tmp_path))
    assert proc.stdout.splitlines()[-1] == "hello Bob"
    assert "not recognized" not in proc.stderr


def test_int_parameter_rejects_values_out_of_range() -> None:
    # PowerShell: Select-Object: Cannot bind parameter 'First'. Cannot convert value
    # "99999999999999999999" to type "System.Int32". Error: "Value was either too large or too
    # small for an Int32."
    result = run("1..3 | Select-Object -First 99999999999999999999")
    assert result.stdout == ""
    assert "Value was either too large or too small for an Int32." in result.stderr
    result = run("function f([int]$n) { $n }; f 99999999999999999999")
    assert result.stdout == ""


def test_using_variable_outside_a_remote_context_is_an_error() -> None:
    # PowerShell: A Using variable cannot be retrieved. A Using variable can be used only with
    # Invoke-Command, Start-Job, or InlineScript in the script workflow. ...
    result = run("$x = 5; $using:x")
    assert result.stdout == ""
    assert "A Using variable cannot be retrieved." in result.stderr


def test_unknown_named_arguments_of_a_simple_function_go_to_args() -> None:
    # PowerShell (functions without [CmdletBinding()]): 3 / -x|1|-y / -zz|2 / -flag|v
    assert lines('function f { $args.Count; $args -join "|" }; f -x 1 -y; '
                 'function g { param($a) $args -join "|" }; g 1 -zz 2; '
                 '& { $args -join "|" } -flag v') == ["3", "-x|1|-y", "-zz|2", "-flag|v"]


def test_splatting_args_passes_parameter_names_through() -> None:
    # PowerShell: c x1 loud=True
    assert lines('function Show-P { param($Name, $Count = 1, [switch]$Loud) "$Name x$Count loud=$Loud" }; '
                 'function Wrapper { Show-P @args }; Wrapper -Name c -Loud') == ["c x1 loud=True"]


def test_delay_bind_script_block_parameter(tmp_path: Path) -> None:
    # PowerShell: renamed.txt (Rename-Item -NewName is ValueFromPipelineByPropertyName)
    (tmp_path / "inner.txt").write_text("x\n")
    result = run("Get-ChildItem | Rename-Item -NewName { $_.Name -replace 'inner', 'renamed' }; "
                 "Get-ChildItem -Name", location=str(tmp_path))
    assert result.stdout == "renamed.txt\n"
