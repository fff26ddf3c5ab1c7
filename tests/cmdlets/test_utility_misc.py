"""History, Measure-Command, Read-Host, Clear-Host and Invoke-Expression."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from shell.cmdlets.utility.history import ClearHistory, GetHistory, HistoryInfo
from shell.cmdlets.utility.misc import ClearHost, MeasureCommand, ReadHost, SecureString
from shell.language.errors import PSRuntimeError
from shell.language.host import BufferHost
from shell.language.timespan import TimeSpan
from test_items_support import drive, runspace


# ----------------------------------------------------------------- history
def test_get_history(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    rs.history.extend(["one", "two", "three"])
    got = drive(GetHistory, rs)
    assert [(h.Id, h.CommandLine) for h in got.out] == [(1, "one"), (2, "two"), (3, "three")]
    assert [h.CommandLine for h in drive(GetHistory, rs, count=2).out] == ["two", "three"]
    assert [h.CommandLine for h in drive(GetHistory, rs, id=[2]).out] == ["two"]
    assert drive(GetHistory, rs, id=[9]).messages == ["Cannot locate history for Id 9."]


def test_history_duration_from_timed_entries() -> None:
    class Entry:
        command_line = "Start-Sleep 1"
        start_time = datetime.datetime(2024, 1, 1, 12, 0, 0)
        end_time = datetime.datetime(2024, 1, 1, 12, 0, 1, 500000)
    info = HistoryInfo(1, Entry())
    assert info.CommandLine == "Start-Sleep 1" and info.Duration.TotalSeconds == 1.5
    assert HistoryInfo(2, "plain").Duration is None


def test_clear_history(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    rs.history.extend(["a1", "b2", "a3", "b4"])
    drive(ClearHistory, rs, command_line=["a*"])
    assert rs.history == ["b2", "b4"]
    rs.history[:] = ["1", "2", "3", "4"]
    drive(ClearHistory, rs, count=1, newest=True)
    assert rs.history == ["1", "2", "3"]
    drive(ClearHistory, rs, id=[1])
    assert rs.history == ["2", "3"]
    drive(ClearHistory, rs)
    assert rs.history == []


def test_history_through_the_interpreter(ps, tmp_path: Path) -> None:
    r = ps("'warm-up'", location=str(tmp_path))
    rs = r.runspace
    rs.history[:] = ["$n = 5", "$n * 2"]
    line = "Get-History | ForEach-Object CommandLine"
    rs.history.append(line)  # the console adds the line before running it; it is not listed
    assert ps(line).stdout == "$n = 5\n$n * 2\n"
    ps("$n = 5")
    rs.history.append("Invoke-History 2")
    r = ps("Invoke-History 2")
    assert r.stdout == "$n * 2\n10\n"
    rs.history.extend(["$n * 3", "r"])
    assert ps("r").stdout == "$n * 3\n15\n"  # the last entry that is not itself r


# ----------------------------------------------------------------- Measure-Command
def test_measure_command_through_the_interpreter(ps, tmp_path: Path) -> None:
    r = ps("$t = Measure-Command { Start-Sleep -Milliseconds 120; 'discarded' }; "
           "$t.TotalMilliseconds -ge 100; $t.TotalSeconds -lt 5; $t.GetType().Name", location=str(tmp_path))
    assert r.stdout == "True\nTrue\nTimeSpan\n"
    r = ps("$sum = 0; $t = 1..4 | Measure-Command { $sum += $_ }; $sum")
    assert r.stdout == "10\n"
    r = ps("Measure-Command { 1 } | Select-Object -ExpandProperty Days")
    assert r.stdout == "0\n"


def test_measure_command_output_is_a_timespan(tmp_path: Path) -> None:
    from shell.cmdlets.utility import misc  # noqa: F401 - the module under test
    rs = runspace(tmp_path)
    block = rs.engine.invoke_text("{ 1 + 1 }")[0]
    got = drive(MeasureCommand, rs, expression=block)
    assert isinstance(got.out[0], TimeSpan) and got.out[0].Ticks >= 0


# ----------------------------------------------------------------- Read-Host
def test_read_host(tmp_path: Path) -> None:
    rs = runspace(tmp_path, inputs=["Ada", "s3cret", "masked"])
    assert drive(ReadHost, rs, prompt=["Your", "name"]).out == ["Ada"]
    secure = drive(ReadHost, rs, prompt="Password", as_secure_string=True).out[0]
    assert isinstance(secure, SecureString) and str(secure) == "System.Security.SecureString"
    assert secure.reveal() == "s3cret" and secure.Length == 6
    assert drive(ReadHost, rs, mask_input=True).out == ["masked"]


def test_read_host_shows_the_prompt_with_a_colon(tmp_path: Path) -> None:
    class PromptHost(BufferHost):
        def read_line(self, prompt: str = "") -> str:
            self.output.append(prompt)
            return "x"
    rs = runspace(tmp_path)
    rs.host = PromptHost()
    drive(ReadHost, rs, prompt=["Enter"])
    drive(ReadHost, rs)
    assert rs.host.output == ["Enter: ", ""]


def test_read_host_without_input_is_a_terminating_error(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    with pytest.raises(PSRuntimeError) as info:
        drive(ReadHost, rs, prompt=["Name"])
    assert info.value.message.startswith("Read-Host cannot read input:")


def test_clear_host_calls_the_host(tmp_path: Path) -> None:
    class ClearingHost(BufferHost):
        cleared = 0

        def clear(self) -> None:
            self.cleared += 1
    rs = runspace(tmp_path)
    rs.host = ClearingHost()
    drive(ClearHost, rs)
    assert rs.host.cleared == 1


# ----------------------------------------------------------------- Invoke-Expression
def test_invoke_expression_runs_in_the_current_scope(ps, tmp_path: Path) -> None:
    r = ps("Invoke-Expression '$made = 6 * 7'; $made; iex 'Get-Location | ForEach-Object Path'",
           location=str(tmp_path))
    assert r.stdout == f"42\n{tmp_path}\n"
    r = ps("'1 + 1', '2 * 3' | Invoke-Expression")
    assert r.stdout == "2\n6\n"
    r = ps("$c = 'Write-Output from-variable'; iex $c")
    assert r.stdout == "from-variable\n"


def test_invoke_expression_errors(ps, tmp_path: Path) -> None:
    r = ps("try { Invoke-Expression '1 +' } catch { 'caught' }; iex 'Get-Item nope'; 'after'",
           location=str(tmp_path))
    assert r.stdout == "caught\nafter\n"
    assert f"Cannot find path '{tmp_path}/nope' because it does not exist." in r.stderr
