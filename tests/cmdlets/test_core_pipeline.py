"""ForEach-Object and Where-Object: script blocks, member names, the comparison form."""

from __future__ import annotations

import pytest

from pshelpers import run
from test_core_support import drive

from shell.cmdlets.core.pipeline import ForEachObject, WhereObject
from shell.language.errors import PSRuntimeError
from shell.language.psobject import PSObject
from shell.language.pscollections import Hashtable


def obj(**props: object) -> PSObject:
    return PSObject(dict(props))


# ------------------------------------------------------------------ ForEach-Object

def test_foreach_runs_the_block_for_each_item() -> None:
    assert run("1..5 | ForEach-Object { $_ * 2 }").stdout == "2\n4\n6\n8\n10\n"
    assert run("1..3 | foreach { $_ }").lines == ["1", "2", "3"]


def test_foreach_begin_process_end_named_and_positional() -> None:
    expected = ["start", "1", "2", "end"]
    assert run('1,2 | % -Begin { "start" } -Process { $_ } -End { "end" }').lines == expected
    assert run('1,2 | % { "start" } { $_ } { "end" }').lines == expected
    # Two positional blocks are begin and process.
    assert run('1,2 | % { "start" } { $_ }').lines == ["start", "1", "2"]


def test_foreach_runs_in_the_callers_scope() -> None:
    assert run("$x = 5; 1..3 | % { $x += $_ }; $x").stdout == "11\n"


def test_foreach_without_input_runs_once() -> None:
    assert run('ForEach-Object { "x$_" }').stdout == "x\n"


def test_foreach_member_name_gets_properties_keys_and_calls_methods() -> None:
    assert run('"abc","de" | % Length').lines == ["3", "2"]
    assert run('"a","b" | % ToUpper').lines == ["A", "B"]
    assert run('"abc" | % Substring 1 1').stdout == "b\n"
    assert run('"x" | % -MemberName PadLeft -ArgumentList 3').stdout == "  x\n"
    assert run('@{k="v"} | % k').stdout == "v\n"
    # A property holding an array is unrolled.
    assert run('[pscustomobject]@{t=1,2} | % t').lines == ["1", "2"]


def test_foreach_member_name_unit() -> None:
    result = drive(ForEachObject, [obj(n=1), obj(n=2), Hashtable({"n": 3}), obj(m=4)], Process=["n"])
    assert result.out == [1, 2, 3, None]  # a missing member gives $null, as in PowerShell


def test_foreach_method_error_is_non_terminating() -> None:
    result = run('"abc" | % Substring 5; "after"')
    assert result.stdout == "after\n"
    assert "Exception calling \"Substring\"" in result.stderr


def test_foreach_parallel_is_refused_clearly() -> None:
    result = run("1..3 | % -Parallel { $_ }")
    assert "ForEach-Object -Parallel is not supported by psrepl" in result.stderr


def test_foreach_rejects_a_non_block_after_a_block() -> None:
    with pytest.raises(PSRuntimeError):
        drive(ForEachObject, [1], Process=[None, "x"])


# ------------------------------------------------------------------ Where-Object

def test_where_filter_script() -> None:
    assert run("1..10 | Where-Object { $_ % 3 -eq 0 }").lines == ["3", "6", "9"]
    assert run('"a","b" | ? { $_ -in "b","c" }').stdout == "b\n"
    assert run("1..3 | where { $false }").stdout == ""


def test_where_without_input_writes_nothing() -> None:
    assert run('Where-Object { $true }').stdout == ""


ITEMS = "$i = [pscustomobject]@{N='a';S='Running';V=5},[pscustomobject]@{N='B';S='Stopped';V=10}"


@pytest.mark.parametrize("filter_, expected", [
    ("S -eq running", ["a"]),
    ("S -ceq running", []),
    ("S -ne Running", ["B"]),
    ("V -gt 5", ["B"]),
    ("V -ge 5", ["a", "B"]),
    ("V -lt 10", ["a"]),
    ("V -le 10", ["a", "B"]),
    ("N -like 'b*'", ["B"]),
    ("N -clike 'b*'", []),
    ("N -notlike 'b*'", ["a"]),
    ("S -match '^run'", ["a"]),
    ("S -notmatch '^run'", ["B"]),
    ("V -in 1,5", ["a"]),
    ("V -notin 1,5", ["B"]),
    ("N -is [string]", ["a", "B"]),
    ("Missing -eq $null", ["a", "B"]),
])
def test_where_comparison_form(filter_: str, expected: list[str]) -> None:
    assert run(f"{ITEMS}; $i | Where-Object {filter_} | % N").lines == expected


def test_where_property_alone_is_truthiness_and_not() -> None:
    assert run('"a","","b" | ? Length').lines == ["a", "b"]
    assert run("[pscustomobject]@{a=1},[pscustomobject]@{b=2} | ? -Not a | % b").stdout == "2\n"


def test_where_contains_on_array_property() -> None:
    assert run("[pscustomobject]@{t=@(1,2)},[pscustomobject]@{t=@(3)} | ? t -contains 2 | % t").lines == ["1", "2"]


def test_where_hashtable_keys_are_properties() -> None:
    result = drive(WhereObject, [Hashtable({"a": 1}), Hashtable({"a": 2})], FilterScript="a", Value=2, EQ=True)
    assert [h["a"] for h in result.out] == [2]


def test_where_operator_without_value_is_an_error() -> None:
    result = run("1..3 | ? x -eq")
    assert "The specified operator requires both the -Property and -Value parameters." in result.stderr
    with pytest.raises(PSRuntimeError) as info:
        drive(WhereObject, [1], FilterScript="x", Value=1)
    assert info.value.record.error_id == "OperatorNotSpecified"


def test_where_two_operators_are_ambiguous() -> None:
    with pytest.raises(PSRuntimeError) as info:
        drive(WhereObject, [1], FilterScript="x", Value=1, EQ=True, GT=True)
    assert "Parameter set cannot be resolved" in info.value.message
