"""Get-Date and Start-Sleep."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

import pytest

from pshelpers import run
from test_core_support import drive

from shell.cmdlets.core.dates import GetDate, StartSleep, uformat
from shell.language.errors import PipelineStoppedError, PSRuntimeError
from shell.language.host import BufferHost
from shell.language.runspace import Runspace

WHEN = datetime(2024, 3, 5, 14, 7, 9)


def test_get_date_is_now() -> None:
    [now] = drive(GetDate).out
    assert isinstance(now, datetime)
    assert abs((now - datetime.now()).total_seconds()) < 5


def test_get_date_parts_are_set_by_offsets_like_dotnet() -> None:
    [d] = drive(GetDate, Date=WHEN, Year=2020, Month=2, Day=30, Hour=1, Minute=2, Second=3, Millisecond=4).out
    assert d == datetime(2020, 3, 1, 1, 2, 3, 4000)  # Feb 30 rolls into March, as in PowerShell
    with pytest.raises(PSRuntimeError) as info:
        drive(GetDate, Month=13)
    assert "The 13 argument is greater than the maximum allowed range of 12" in info.value.message


def test_get_date_format_and_uformat() -> None:
    assert drive(GetDate, Date=WHEN, Format="yyyy-MM-dd HH:mm:ss").out == ["2024-03-05 14:07:09"]
    assert drive(GetDate, Date=WHEN, UFormat="%Y%m%d-%H%M%S").out == ["20240305-140709"]
    assert run('Get-Date -Date "2024-03-05 14:07:09" -Format "dd/MM/yyyy"').stdout == "05/03/2024\n"


def test_uformat_specifiers() -> None:
    text = uformat(WHEN, "%a %A %b %B %C %d %D %e %F %H %I %j %k %l %m %M %p %r %R %S %T %u %V %w %y %Y %% %n%t%Q")
    assert text == ("Tue Tuesday Mar March 20 05 03/05/24  5 2024-03-05 14 02 065 14  2 03 07 PM 02:07:09 PM "
                    "14:07 09 14:07:09 2 10 2 24 2024 % \n\t%Q")


def test_get_date_unix_time_and_utc() -> None:
    [epoch] = drive(GetDate, UnixTimeSeconds=0, AsUTC=True).out
    assert epoch == datetime(1970, 1, 1)
    assert drive(GetDate, Date=datetime(1970, 1, 1, 0, 0, 10), AsUTC=True, UFormat="%s").out[0] == "10"


def test_get_date_from_the_pipeline_and_display() -> None:
    assert run('"2024-01-02" | Get-Date -Format yyyy').stdout == "2024\n"
    assert run('Get-Date -Date "2024-03-05 14:07:09"').stdout == "\nTuesday, March 5, 2024 2:07:09 PM\n\n"


def test_date_arithmetic_gives_a_timespan() -> None:
    assert run("$s = Get-Date; Start-Sleep -Milliseconds 200; ((Get-Date) - $s).TotalMilliseconds -ge 190"
               ).stdout == "True\n"


# ------------------------------------------------------------------ Start-Sleep

def test_start_sleep_waits() -> None:
    start = time.monotonic()
    drive(StartSleep, Seconds=0.2)
    drive(StartSleep, Milliseconds=100)
    drive(StartSleep, Duration=timedelta(milliseconds=100))
    assert time.monotonic() - start >= 0.38


def test_start_sleep_is_interrupted_by_a_stop_request_at_once() -> None:
    rs = Runspace(BufferHost())
    timer = threading.Timer(0.2, rs.request_stop)
    timer.start()
    start = time.monotonic()
    with pytest.raises(PipelineStoppedError):
        drive(StartSleep, runspace=rs, Seconds=100)
    assert time.monotonic() - start < 1.0
    timer.cancel()


def test_start_sleep_stop_method_ends_the_wait() -> None:
    cmd = StartSleep()
    cmd.runspace = Runspace(BufferHost())
    cmd._out = cmd._emit = lambda *a: None
    cmd.seconds = 100.0
    threading.Timer(0.2, cmd.stop).start()
    start = time.monotonic()
    with pytest.raises(PipelineStoppedError):
        cmd.process()
    assert time.monotonic() - start < 1.0


def test_start_sleep_validation() -> None:
    assert "The -1 argument is less than the minimum allowed range of 0" in run("Start-Sleep -1").stderr
    assert "missing mandatory parameters: Seconds" in run("Start-Sleep").stderr
    with pytest.raises(PSRuntimeError):
        drive(StartSleep, Seconds=1, Milliseconds=1)


def test_get_date_from_a_file_and_bad_dates(tmp_path) -> None:
    target = tmp_path / "f.txt"
    target.write_text("x")
    import os
    os.utime(target, (0, datetime(2021, 6, 7, 8, 9, 10).timestamp()))
    assert run(f"Get-Item '{target}' | Get-Date -Format 'yyyy-MM-dd HH:mm:ss'").stdout == "2021-06-07 08:09:10\n"
    assert "Cannot bind parameter 'Date'." in run("Get-Date -Date nonsense").stderr
