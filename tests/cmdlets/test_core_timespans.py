"""New-TimeSpan."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pshelpers import run

from shell.language.timespan import TimeSpan


def span(text: str, **kwargs: object) -> TimeSpan:
    """The TimeSpan ``text`` leaves in ``$r``."""
    result = run(text, **kwargs)  # type: ignore[arg-type]
    assert result.stderr == "", result.stderr
    value = result.runspace.get_variable("r")
    assert isinstance(value, TimeSpan)
    return value


def test_parts_show_as_powershell_shows_a_timespan() -> None:
    assert run("New-TimeSpan -Hours 1 -Minutes 25").stdout == (
        "\nDays              : 0\nHours             : 1\nMinutes           : 25\nSeconds           : 0\n"
        "Milliseconds      : 0\nTicks             : 51000000000\nTotalDays         : 0.0590277777777778\n"
        "TotalHours        : 1.41666666666667\nTotalMinutes      : 85\nTotalSeconds      : 5100\n"
        "TotalMilliseconds : 5100000\n\n")


def test_every_part_and_negative_and_large_ones() -> None:
    assert span("$r = New-TimeSpan -Days 1 -Hours 2 -Minutes 3 -Seconds 4 -Milliseconds 5").TotalMilliseconds == (
        ((1 * 24 + 2) * 60 + 3) * 60_000 + 4_000 + 5)
    assert run("(New-TimeSpan -Minutes -90).ToString(); (New-TimeSpan -Seconds 3600).ToString()").stdout == (
        "-01:30:00\n01:00:00\n")
    assert span("$r = New-TimeSpan -Hours 1.5").Hours == 2   # [int]1.5 rounds to even, as PowerShell binds it


def test_no_parameters_is_zero() -> None:
    assert span("$r = New-TimeSpan").ticks == 0


def test_start_and_end() -> None:
    assert span("$r = New-TimeSpan -Start '2024-01-01' -End '2024-01-02 06:00'").TotalHours == 30
    assert span("$r = New-TimeSpan '2024-03-01' '2024-02-01'").Days == -29
    assert span("$r = New-TimeSpan -End (Get-Date).AddDays(3)").Days in (2, 3)
    assert -1 <= span("$r = New-TimeSpan -Start (Get-Date).AddHours(-1)").TotalMinutes - 60 <= 1


def test_adds_to_a_date() -> None:
    assert run("([datetime]'2024-01-01' + (New-TimeSpan -Days 90)).ToString('yyyy-MM-dd')").stdout == "2024-03-31\n"


def test_a_piped_file_gives_its_age(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text("x")
    two_days_ago = time.time() - 2 * 86_400 - 60
    os.utime(tmp_path / "old.txt", (two_days_ago, two_days_ago))
    assert span("$r = Get-Item old.txt | New-TimeSpan", location=str(tmp_path)).Days == 2
    assert span("$r = Get-Date '2024-01-01' | New-TimeSpan -End '2024-01-11'").Days == 10


@pytest.mark.parametrize("text, message", [
    ("New-TimeSpan -Days 1 -Start (Get-Date)", "Parameter set cannot be resolved using the specified named "
                                               "parameters."),
    ("New-TimeSpan -Days 2147483647 -Hours 2147483647", "TimeSpan overflowed because the duration is too long."),
    ("New-TimeSpan -Start $null", "Cannot bind parameter 'Start'. Cannot convert null to type \"System.DateTime\"."),
    ("New-TimeSpan -Start 'not a date'", "Cannot bind parameter 'Start'. Cannot convert value \"not a date\" to "
                                         "type \"System.DateTime\"."),
])
def test_errors(text: str, message: str) -> None:
    result = run(text)
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
