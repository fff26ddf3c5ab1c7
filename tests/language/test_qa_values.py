"""QA findings in the value modules (conversions, operations, members), pinned as strict xfails.

Each test states what PowerShell 7 prints; remove the marker once it passes.
"""

from __future__ import annotations

import pytest

from pshelpers import run


def lines(text: str) -> list[str]:
    """psrepl's stdout for ``text`` as a list of lines."""
    return run(text).stdout.splitlines()


def test_char_converts_to_its_code_point() -> None:
    # PowerShell: 65 / Char
    assert lines("[int][char]'A'; ([char]'A').GetType().Name") == ["65", "Char"]


def test_integer_overflow_widens_to_double() -> None:
    # PowerShell: Double / 9.22337203685478E+18 / Double
    assert lines("(2147483647 + 1).GetType().Name; 9223372036854775807 + 1; "
                 "(2147483647 * 2).GetType().Name") == ["Double", "9.22337203685478E+18", "Double"]


def test_decimal_and_long_literals_keep_their_types() -> None:
    # PowerShell: 1.10 / Decimal / 3.3333333333333333333333333333 / Int64
    assert lines("[decimal]'1.10'; (1d).GetType().Name; 10d/3; (1L).GetType().Name") == [
        "1.10", "Decimal", "3.3333333333333333333333333333", "Int64"]


def test_ordered_dictionary_integer_index() -> None:
    # PowerShell: 1 (the first entry's value)
    assert lines("$o = [ordered]@{z=1; y=2}; $o[0]") == ["1"]


def test_warning_record_type_name() -> None:
    # PowerShell: WarningRecord
    assert lines("(Write-Warning w 3>&1).GetType().Name") == ["WarningRecord"]


def test_round_trip_format_of_an_unspecified_datetime() -> None:
    # PowerShell: 2024-02-28T13:45:30.0000000
    assert lines("([datetime]'2024-02-28 13:45:30').ToString('o')") == ["2024-02-28T13:45:30.0000000"]


def test_throw_and_catch_a_typed_dotnet_exception() -> None:
    # PowerShell: typed: bad arg
    assert lines("try { throw [System.ArgumentException]::new('bad arg') } "
                 "catch [System.ArgumentException] { \"typed: $($_.Exception.Message)\" }") == ["typed: bad arg"]


def test_count_of_null_is_zero() -> None:
    # PowerShell: 0 / 0
    assert lines("$null.Count; $r = Get-ChildItem /nonexistent_qa -ErrorAction SilentlyContinue; "
                 "$r.Count") == ["0", "0"]


def test_ref_parameters() -> None:
    # PowerShell: True / 42 / changed
    assert lines("[int]::TryParse('12', [ref]$null); $out = 0; [void][int]::TryParse('42', [ref]$out); $out; "
                 "function Set-Ref([ref]$v) { $v.Value = 'changed' }; $val = 'orig'; "
                 "Set-Ref ([ref]$val); $val") == ["True", "42", "changed"]


def test_null_cast_to_datetime_is_the_minimum_date() -> None:
    # PowerShell: [datetime]$null is DateTime.MinValue (year 1)
    assert lines("([datetime]$null).Year") == ["1"]


def test_null_key_in_a_hash_literal_is_an_error() -> None:
    # PowerShell: InvalidOperation: A null key is not allowed in a hash literal.
    result = run("@{$null = 1}")
    assert result.stdout == ""
    assert "A null key is not allowed in a hash literal." in result.stderr


def test_division_by_zero_is_a_runtime_exception() -> None:
    # PowerShell: RuntimeException / DivideByZeroException / "RuntimeException: Attempted to divide by zero."
    assert lines("try { 1/0 } catch { $_.Exception.GetType().Name; "
                 "$_.Exception.InnerException.GetType().Name }") == ["RuntimeException", "DivideByZeroException"]
    assert run("1/0").stderr == "RuntimeException: Attempted to divide by zero.\n"
