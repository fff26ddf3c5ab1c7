"""Strings and numbers that come back from Invoke-Command carry PSComputerName, RunspaceId and
PSShowComputerName, as in PowerShell, and still behave as the values they are.

``localhost`` sessions are local endpoint child processes (no sshd needed). One runspace
with one open session (``$s``) serves the module, so each test pays no start-up.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from pshelpers import localhost_session_runspace, printed_lines, run_psrepl


@pytest.fixture(scope="module")
def ps() -> Iterator[Any]:
    """``ps(text)``: psrepl code in one runspace where ``$s`` is an open ``localhost`` session."""
    yield from localhost_session_runspace()


lines = printed_lines


# ----------------------------------------------------------------- the notes

def test_strings_and_numbers_carry_the_computer_they_came_from(ps: Any) -> None:
    out = ps("$r = Invoke-Command -ComputerName localhost { 'a'; 5; 2.5 }\n"
             "$r.Count; $r[0].PSComputerName; $r[1].PSComputerName; $r[2].PSComputerName\n"
             "$r[0].PSShowComputerName; $r[1].RunspaceId -match '^[0-9a-f-]{36}$'")
    assert lines(out) == ["3", "localhost", "localhost", "localhost", "True", "True"]


def test_a_sessions_values_carry_its_instance_id(ps: Any) -> None:
    out = ps("$v = Invoke-Command -Session $s { 'x'; 7 }\n"
             "$v[0].RunspaceId -eq $s.InstanceId; $v[1].RunspaceId -eq $s.InstanceId; $v[1].PSComputerName")
    assert lines(out) == ["True", "True", "localhost"]


def test_get_member_shows_the_value_type_and_the_three_notes(ps: Any) -> None:
    out = ps("Invoke-Command -Session $s { 'text' } | Get-Member")
    assert "TypeName: System.String" in out.stdout
    notes = {row.split()[0] for row in lines(out) if "NoteProperty" in row}
    assert notes == {"PSComputerName", "PSShowComputerName", "RunspaceId"}
    assert any(row.split()[:2] == ["Length", "Property"] for row in lines(out))
    assert any(row.split()[:2] == ["ToUpper", "Method"] for row in lines(out))


def test_select_object_shows_the_computer_of_native_output(ps: Any) -> None:
    out = ps("Invoke-Command -ComputerName localhost { hostname } | Select-Object PSComputerName")
    assert lines(out) == ["PSComputerName", "--------------", "localhost"]


def test_booleans_and_null_stay_plain(ps: Any) -> None:
    # Python's bool cannot be subclassed: $true comes back without notes (PowerShell has them).
    out = ps("$b = Invoke-Command -Session $s { $true; $null; 'z' }\n"
             "$b.Count; $b[0] -is [bool]; $null -eq $b[0].PSComputerName; $null -eq $b[1]; $b[2].PSComputerName")
    assert lines(out) == ["3", "True", "True", "True", "localhost"]


def test_values_inside_arrays_and_hashtables_are_not_stamped(ps: Any) -> None:
    out = ps("$a = Invoke-Command -Session $s { ,@('p', 'q'); @{ k = 'v' } }\n"
             "$null -eq $a[0][0].PSComputerName; $null -eq $a[1].k.PSComputerName; $a[0][1]; $a[1].k")
    assert lines(out) == ["True", "True", "q", "v"]


def test_each_value_has_notes_of_its_own(ps: Any) -> None:
    # Values of one batch share their notes until one is changed.
    out = ps("$v = Invoke-Command -Session $s { 'a'; 'b' }\n"
             "$v[0].PSComputerName = 'elsewhere'\n"
             "$v[0] | Add-Member -NotePropertyName Tag -NotePropertyValue 1\n"
             "$v[0].PSComputerName; $v[1].PSComputerName; $v[0].Tag; $null -eq $v[1].Tag\n"
             "(Invoke-Command -Session $s { 'c' }).PSComputerName")
    assert lines(out) == ["elsewhere", "localhost", "1", "True", "localhost"]


def test_hide_computer_name_sets_ps_show_computer_name_false(ps: Any) -> None:
    out = ps("$h = Invoke-Command -Session $s -HideComputerName { 'a'; 3 }\n"
             "$h[0].PSShowComputerName; $h[1].PSShowComputerName; $h[1].PSComputerName; $h")
    assert lines(out) == ["False", "False", "localhost", "a", "3"]


def test_as_job_results_carry_the_notes_through_receive_job(ps: Any) -> None:
    out = ps("$j = Invoke-Command -ComputerName localhost -AsJob { 'a'; 5; 2.5 }\n"
             "$null = Wait-Job $j -Timeout 30\n"
             "Receive-Job $j -Keep | ForEach-Object { '{0}|{1}|{2}' -f $_, $_.GetType().FullName, $_.PSComputerName }\n"
             "(Receive-Job $j)[1] + 1")
    assert lines(out) == ["a|System.String|localhost", "5|System.Int32|localhost",
                          "2.5|System.Double|localhost", "6"]


# ----------------------------------------------------------------- still the value

def test_they_print_as_themselves(ps: Any) -> None:
    assert ps("Invoke-Command -ComputerName localhost { 'a'; 5; 2.5 }").stdout == "a\n5\n2.5\n"
    assert ps("Invoke-Command -Session $s { 'a', 'b' } | Format-Table").stdout == "a\nb\n"
    assert ps("Invoke-Command -Session $s { 7 } | Out-String").stdout == "7\n\n"


def test_types_are_the_values_types(ps: Any) -> None:
    out = ps("$t = Invoke-Command -Session $s { 'a'; 5; 2.5; 3000000000 }\n"
             "$t | ForEach-Object { $_.GetType().FullName }\n"
             "$t[0] -is [string]; $t[1] -is [int]; $t[2] -is [double]; $t[0] -is [int]")
    assert lines(out) == ["System.String", "System.Int32", "System.Double", "System.Int64",
                          "True", "True", "True", "False"]


def test_arithmetic_keeps_dotnet_result_types(ps: Any) -> None:
    out = ps("$n = Invoke-Command -Session $s { 5 }\n"
             "$n + 1; $n - 1; $n * 2; $n / 2; $n % 2; -$n\n"
             "($n - 1).GetType().Name; ($n * 2).GetType().Name; $n++; $n; $n.GetType().Name")
    assert lines(out) == ["6", "4", "10", "2.5", "1", "-5", "Int32", "Int32", "6", "Int32"]


def test_a_numeric_string_converts_as_the_string(ps: Any) -> None:
    out = ps("$d = Invoke-Command -Session $s { '12' }\n"
             "[int]$d; $d -as [int]; [double]$d + 0.5; 1 + $d; $d + 1; [long]$d\n"
             "(Invoke-Command -Session $s { 'abc' }) -as [int]")
    assert lines(out) == ["12", "12", "12.5", "13", "121", "12"]


def test_comparison_sorting_and_switch(ps: Any) -> None:
    out = ps("$c = Invoke-Command -Session $s { 'b'; 'A'; 'c' }\n"
             "$c[0] -eq 'B'; $c[0] -ceq 'B'; $c[0] -gt 'a'; $c[0] -like 'b*'; $c[0] -in 'x', 'b'\n"
             "($c | Sort-Object) -join ','\n"
             "$k = Invoke-Command -Session $s { 10; 9 }\n"
             "$k[0] -gt $k[1]; ($k | Sort-Object) -join ','\n"
             "switch ($c[0]) { 'B' { 'switched' } }; switch ($k[1]) { 9 { 'nine' } }")
    assert lines(out) == ["True", "False", "True", "True", "True", "A,b,c", "True", "9,10", "switched", "nine"]


def test_string_methods_and_falsy_empty_strings(ps: Any) -> None:
    out = ps("$m = Invoke-Command -Session $s { 'Hello'; '' }\n"
             "$m[0].ToUpper(); $m[0].Substring(1); $m[0].Length; $m[0].Equals('Hello'); $m[0][0]\n"
             "if ($m[1]) { 'true' } else { 'false' }\n"
             "$null -eq $m[0].ToUpper().PSComputerName; $null -eq $m[0].Clone().PSComputerName")
    assert lines(out) == ["HELLO", "ello", "5", "True", "H", "false", "True", "True"]


def test_as_a_hashtable_key(ps: Any) -> None:
    out = ps("$key = Invoke-Command -Session $s { 'name' }\n"
             "$h = @{}; $h[$key] = 1; $h['name']; $h.name\n"
             "$l = @{ name = 2 }; $l[$key]; $l.$key")
    assert lines(out) == ["1", "1", "2", "2"]


def test_redirection_and_native_commands_get_the_text(ps: Any, tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    out = ps(f"$w = Invoke-Command -Session $s {{ 'line'; 42 }}\n"
             f"$w > '{target}'\n"
             f"$echoed = & /bin/echo $w[0] $w[1]; $echoed")
    assert lines(out) == ["line 42"]
    assert target.read_text() == "line\n42\n"


def test_convert_to_json_gives_the_string_and_the_number_with_its_notes(ps: Any) -> None:
    # PowerShell 7.2+ serializes a string without its extended properties (PR #15665), and
    # any other value that has some as {"value": ..., <the properties>}.
    out = ps("Invoke-Command -Session $s { 'a' } | ConvertTo-Json\n"
             "ConvertTo-Json @(Invoke-Command -Session $s { 'a'; 1 }) -Compress")
    assert lines(out)[0] == '"a"'
    text, number = json.loads(lines(out)[1])
    assert text == "a"
    assert list(number) == ["value", "PSComputerName", "RunspaceId", "PSShowComputerName"]
    assert (number["value"], number["PSComputerName"], number["PSShowComputerName"]) == (1, "localhost", True)


def test_sent_back_they_arrive_as_plain_values(ps: Any) -> None:
    out = ps("$back = Invoke-Command -Session $s { 'a'; 4 }\n"
             "Invoke-Command -Session $s { param($x, $y) $x.GetType().FullName; $y + 1 } -ArgumentList $back\n"
             "Invoke-Command -Session $s { $using:back -join '+' }")
    assert lines(out) == ["System.String", "5", "a+4"]


def test_many_values_in_one_batch(ps: Any) -> None:
    out = ps("$many = Invoke-Command -Session $s { 1..5000 }\n"
             "($many | Measure-Object -Sum).Sum; $many[4999].PSComputerName; $many[0].GetType().Name")
    assert lines(out) == ["12502500", "localhost", "Int32"]


# ----------------------------------------------------------------- what was there before

def test_objects_are_still_stamped_and_shown_with_the_computer(ps: Any) -> None:
    out = ps("Invoke-Command -Session $s { [pscustomobject]@{ a = 1 } }")
    header = lines(out)[0].split()
    assert header == ["a", "PSComputerName", "RunspaceId"]
    assert lines(out)[2].split()[:2] == ["1", "localhost"]
    hidden = ps("Invoke-Command -Session $s -HideComputerName { [pscustomobject]@{ a = 1 } }")
    assert lines(hidden)[0].split() == ["a", "RunspaceId"]   # as PowerShell: only the computer goes


def test_errors_still_name_the_computer(ps: Any) -> None:
    out = ps("Invoke-Command -ComputerName localhost { 'before'; throw 'boom' }")
    assert out.stdout == "before\n"
    assert "[localhost] boom" in out.stderr


def test_add_member_passthru_on_a_plain_string_still_works(ps: Any) -> None:
    out = ps("$p = 'x' | Add-Member -NotePropertyName n -NotePropertyValue 1 -PassThru; $p; $p.n; $p + 'y'")
    assert lines(out) == ["x", "1", "xy"]


# ----------------------------------------------------------------- the real program

def test_the_real_program_from_stdin() -> None:
    proc = run_psrepl([], input="$r = Invoke-Command -ComputerName localhost { 'a'; 5 }\n"
                                "$r[0].PSComputerName\n$r[1] + 1\n$r\n", timeout=60)
    assert proc.stderr == ""
    assert proc.stdout.splitlines() == ["localhost", "6", "a", "5"]


# ----------------------------------------------------------------- keys and -Unique

def test_a_hashtable_key_matches_in_any_case(ps: Any) -> None:
    out = ps("$key = Invoke-Command -Session $s { 'Name' }; $h = @{}; $h[$key] = 1; $h['NAME']")
    assert lines(out) == ["1"]


def test_select_unique_treats_them_as_the_value(ps: Any) -> None:
    out = ps("@((Invoke-Command -Session $s { 'u' }), 'u') | Select-Object -Unique")
    assert lines(out) == ["u"]
