"""QA: fixes in the core cmdlets, each pinned by what a user sees."""

from __future__ import annotations

from pshelpers import run


def test_get_date_asutc_at_the_start_of_the_calendar_is_clamped() -> None:
    # .NET's ToUniversalTime clamps to DateTime.MinValue: no error, year 1.
    result = run("(Get-Date -Date 0 -AsUTC).Year; (Get-Date -Date ([datetime]::MaxValue) -AsUTC).Year")
    assert (result.stdout, result.stderr) == ("1\n9999\n", "")


def test_get_date_uformat_time_zone_of_year_one() -> None:
    result = run("Get-Date -Date 0 -UFormat '%Z'")
    assert result.stderr == ""
    assert result.stdout.strip()[:1] in "+-"


def test_select_object_count_beyond_int32_is_a_binding_error_not_a_crash() -> None:
    # -First/-Last/-Skip are [int] in PowerShell: a larger value cannot bind.
    result = run("1..3 | Select-Object -Last 99999999999999999999 -Skip 99999999999999999999")
    assert "OverflowError" not in result.stderr
    result = run("1..3 | Select-Object -Last 99999999999999999999")
    assert result.stdout == ""
    assert "Value was either too large or too small for an Int32." in result.stderr
    assert (run("1..3 | Select-Object -Last 2147483647").stdout) == "1\n2\n3\n"


def test_get_date_unix_time_outside_the_calendar_is_refused_like_dotnet() -> None:
    result = run("Get-Date -UnixTimeSeconds -99999999999")
    assert result.stdout == ""
    assert result.stderr == ("Get-Date: Valid values are between -62135596800 and 253402300799, "
                             "inclusive. (Parameter 'seconds')\n")
    result = run("(Get-Date -UnixTimeSeconds 253402300799 -AsUTC).Year")
    assert (result.stdout, result.stderr) == ("9999\n", "")


def test_where_object_named_property_takes_the_positional_value() -> None:
    # PowerShell: in the comparison sets -Value is position 1 after a named -Property.
    result = run("[pscustomobject]@{V=1}, [pscustomobject]@{V=2} | Where-Object -Property V -EQ 1 | "
                 "ForEach-Object V; [pscustomobject]@{V=3} | Where-Object -Property V -GT 2 | ForEach-Object V")
    assert (result.stdout, result.stderr) == ("1\n3\n", "")
