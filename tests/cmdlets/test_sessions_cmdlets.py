"""The session cmdlets in-process against the real sshd: New/Get/Remove-PSSession and Invoke-Command.

HOME is a client home of the test's own (a copy of the fixture's ~/.ssh with an
``unreachable`` alias pointing at a closed port), so ``server01`` means the test
sshd exactly as it would for a user.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from pshelpers import Result, run, ssh_runspace


@pytest.fixture
def ps(sshd: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """``ps(text)`` runs psrepl code in one runspace whose HOME reaches the test sshd."""
    yield from ssh_runspace(sshd, tmp_path, monkeypatch,
                            "\nHost unreachable\n    HostName 127.0.0.1\n    Port 1\n")


def rows(text: str) -> list[list[str]]:
    """The rows of a table printed in ``text`` (split on blanks), without header and dashes."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    out = []
    for i, line in enumerate(lines):
        if set(line.replace(" ", "")) == {"-"}:
            out = [ln.split() for ln in lines[i + 1:]]
    return out


def test_new_pssession_shows_the_session_table(ps: Any) -> None:
    out = ps("New-PSSession server01").stdout
    assert out.splitlines()[1].split() == ["Id", "Name", "Transport", "ComputerName", "ComputerType", "State",
                                          "ConfigurationName", "Availability"]
    assert rows(out) == [["1", "SSH1", "SSH", "server01", "RemoteMachine", "Opened", "psrepl", "Available"]]


def test_state_persists_between_invokes(ps: Any) -> None:
    ps("$s = New-PSSession server01")
    assert ps("Invoke-Command -Session $s { $x = 1; function Twice($n) { 2 * $n } }").stdout == ""
    assert ps("Invoke-Command -Session $s { $x + 1; Twice 21 }").stdout == "2\n42\n"
    assert ps("icm $s { Set-Location /tmp }; icm $s { (Get-Location).Path }").stdout == "/tmp\n"


def test_using_arguments_input_and_file(ps: Any, tmp_path: Path) -> None:
    ps("$s = New-PSSession server01; $n = 5; $name = 'world'")
    assert ps("icm $s { 1..$using:n -join ',' }").stdout == "1,2,3,4,5\n"
    assert ps("icm $s { param($a, $b) \"$a $b\" } -ArgumentList hello, $name").stdout == "hello world\n"
    (tmp_path / "collect.ps1").write_text("param($p)\n\"from file: $p\"\n")
    assert ps("Invoke-Command -Session $s -FilePath ./collect.ps1 -ArgumentList 7").stdout == "from file: 7\n"


def test_results_are_deserialized_and_carry_pscomputername(ps: Any) -> None:
    ps("$r = Invoke-Command -ComputerName server01 { [pscustomobject]@{ Name = 'a'; Size = 3 } }")
    assert ps("$r.PSComputerName").stdout == "server01\n"
    assert ps("$r.pstypenames[0]").stdout == "Deserialized.System.Management.Automation.PSCustomObject\n"
    assert ps("$r.RunspaceId -match '^[0-9a-f-]{36}$'").stdout == "True\n"
    shown = ps("$r | Format-Table Name, Size, PSComputerName").stdout
    assert rows(shown) == [["a", "3", "server01"]]
    hidden = ps("Invoke-Command -ComputerName server01 { Get-Item / } -HideComputerName").stdout
    assert "PSComputerName" not in hidden and "server01" not in hidden
    shown = ps("Invoke-Command -ComputerName server01 { Get-Item / }").stdout
    assert "PSComputerName" in shown and "server01" in shown


def test_many_computers_one_unreachable(ps: Any) -> None:
    result = ps("Invoke-Command -ComputerName server01,unreachable,server02 { 'hello' }; 'next'")
    assert result.stdout == "hello\nhello\nnext\n"
    assert result.stderr.count("[unreachable] Connecting to unreachable (127.0.0.1:1) failed: the connection "
                               "was refused") == 1
    names = ps("icm server01,server02 { [pscustomobject]@{n=1} } | Sort-Object PSComputerName | "
               "ForEach-Object PSComputerName").stdout
    assert names == "server01\nserver02\n"


def test_remote_errors_name_the_computer_and_do_not_stop_the_others(ps: Any) -> None:
    result = ps("icm server01,server02 { throw 'boom' }; 'after'")
    assert result.stdout == "after\n"
    assert "[server01] boom" in result.stderr and "[server02] boom" in result.stderr
    result = ps("icm server01 { Write-Error 'soft'; 'still here' }")
    assert result.stdout == "still here\n" and "[server01] soft" in result.stderr
    result = ps("icm server01 { Write-Warning 'careful' }")
    assert result.stdout == "" and "WARNING: careful" in result.stderr


def test_results_stream_in_arrival_order(ps: Any) -> None:
    # server02 answers at once, server01 after a while: server02's result comes first.
    ps("$s1 = New-PSSession server01; $s2 = New-PSSession server02")
    ps("icm $s1 { $delay = 800 }; icm $s2 { $delay = 0 }")
    out = ps("icm $s1, $s2 { Start-Sleep -Milliseconds $delay; $delay }").stdout
    assert out == "0\n800\n"


def test_select_first_downstream_stops_the_remote_command(ps: Any) -> None:
    ps("$s = New-PSSession server01")
    started = time.monotonic()
    out = ps("icm $s { 1..10 | ForEach-Object { $_; Start-Sleep -Milliseconds 300 } } | Select-Object -First 1")
    assert out.stdout == "1\n" and time.monotonic() - started < 2.5
    # The session is free at once: the rest of the remote loop was stopped.
    assert ps("icm $s { 'free' }").stdout == "free\n"
    assert time.monotonic() - started < 3


def test_as_job_is_a_local_remote_job_with_one_child_per_computer(ps: Any) -> None:
    out = ps("$j = Invoke-Command -ComputerName server01,server02 { 'r' } -AsJob -JobName Both; $j").stdout
    assert rows(out)[0][:4] == ["1", "Both", "RemoteJob", rows(out)[0][3]]
    assert rows(out)[0][5] == "server01,server02"
    ps("Wait-Job $j | Out-Null")
    children = ps("$j.ChildJobs | Format-Table Id, Name, State, Location").stdout
    assert rows(children) == [["2", "Job2", "Completed", "server01"], ["3", "Job3", "Completed", "server02"]]
    assert ps("$j.State; $j.HasMoreData").stdout == "Completed\nTrue\n"
    received = ps("$r = Receive-Job -Id 1; $r.Count; $j.HasMoreData").stdout
    assert received == "2\nFalse\n"


def test_stop_job_stops_a_remote_job_on_every_computer(ps: Any) -> None:
    ps("$j = icm server01,server02 { 'begun'; Start-Sleep 30 } -AsJob")
    deadline = time.monotonic() + 10
    while ps("$j.ChildJobs | ForEach-Object { $_.Output.Count }").stdout != "1\n1\n" and time.monotonic() < deadline:
        time.sleep(0.05)
    started = time.monotonic()
    ps("Stop-Job $j; Wait-Job $j -Timeout 5 | Out-Null")
    assert time.monotonic() - started < 4
    assert ps("$j.State; $j.ChildJobs | ForEach-Object State").stdout == "Stopped\nStopped\nStopped\n"
    assert ps("Receive-Job $j").stdout == "begun\nbegun\n"
    ps("Remove-Job $j")
    assert ps("Get-Job").stdout == ""


def test_as_job_with_an_unreachable_computer_fails_that_child(ps: Any) -> None:
    ps("$j = icm -cn server01,unreachable { 1 } -AsJob; Wait-Job $j | Out-Null")
    assert ps("$j.State").stdout == "Failed\n"
    assert ps("$j.ChildJobs | ForEach-Object { $_.State }").stdout == "Completed\nFailed\n"
    assert "Connecting to unreachable" in ps("$j.ChildJobs[1].JobStateInfo.Reason.Message").stdout
    result = ps("Receive-Job $j")
    assert result.stdout == "1\n" and "[unreachable] Connecting to unreachable" in result.stderr


def test_get_and_remove_pssession(ps: Any) -> None:
    ps("$a = New-PSSession server01; $b = New-PSSession server02 -Name Second; $c = New-PSSession localhost")
    assert [r[1] for r in rows(ps("Get-PSSession").stdout)] == ["SSH1", "Second", "Runspace3"]
    assert rows(ps("Get-PSSession -Id 2").stdout)[0][1] == "Second"
    assert rows(ps("Get-PSSession -Name SSH*").stdout)[0][1] == "SSH1"
    assert rows(ps("Get-PSSession -ComputerName server0*").stdout)[1][1] == "Second"
    assert [r[1] for r in rows(ps("Get-PSSession server02").stdout)] == ["Second"]
    local = rows(ps("Get-PSSession -ComputerName localhost").stdout)
    assert local == [["3", "Runspace3", "Process", "localhost", "RemoteMachine", "Opened", "psrepl", "Available"]]
    missing = ps("Get-PSSession -Id 9")
    assert "The remote session with the session ID 9 is not available." in missing.stderr
    ps("$b | Remove-PSSession")
    assert ps("$b.State").stdout == "Closed\n"
    ps("Remove-PSSession -Id 1; Remove-PSSession -ComputerName localhost")
    assert ps("Get-PSSession").stdout == "" and ps("$a.State; $c.State").stdout == "Closed\nClosed\n"
    result = ps("icm $a { 1 }")
    assert "The session state is Closed" in result.stderr


def test_broken_session_is_listed_and_refuses_commands(ps: Any) -> None:
    ps("$s = New-PSSession server01")
    pid = int(ps("icm $s { $PID }").stdout)
    os.kill(pid, 9)
    deadline = time.monotonic() + 10
    while ps("$s.State").stdout != "Broken\n" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert rows(ps("Get-PSSession -State Broken").stdout)[0][5] == "Broken"
    result = ps("icm $s { 1 }; 'console alive'")
    assert result.stdout == "console alive\n"
    assert "[server01]" in result.stderr and "The session state is Broken" in result.stderr


def test_host_name_with_user_and_port(ps: Any, sshd: Any) -> None:
    out = ps(f"$s = New-PSSession -HostName {sshd.user}@127.0.0.1:{sshd.port}; $s.ComputerName; $s.Transport; "
             f"icm $s {{ 'by address' }}").stdout
    assert out == "127.0.0.1\nSSH\nby address\n"
    out = ps(f"icm -HostName 127.0.0.1 -Port {sshd.port} -UserName {sshd.user} {{ 'by parameters' }}").stdout
    assert out == "by parameters\n"


def test_throttle_limit_one_runs_the_computers_one_after_another(ps: Any) -> None:
    ps("$s1 = New-PSSession server01; $s2 = New-PSSession server02")
    ps("icm $s1 { $delay = 600 }; icm $s2 { $delay = 0 }")
    assert ps("icm $s1, $s2 { Start-Sleep -Milliseconds $delay; $delay }").stdout == "0\n600\n"
    assert ps("icm $s1, $s2 { Start-Sleep -Milliseconds $delay; $delay } -ThrottleLimit 1").stdout == "600\n0\n"


def test_localhost_is_a_local_process(ps: Any) -> None:
    out = ps("$s = New-PSSession localhost; $s.Transport; $s.ComputerName; icm $s { $PID -ne 0 }").stdout
    assert out == "Process\nlocalhost\nTrue\n"
    assert ps("icm -cn . { 'dot' }").stdout == "dot\n"


def test_without_a_computer_it_runs_here_in_a_new_scope(ps: Any) -> None:
    assert ps("$v = 1; Invoke-Command { $v = 2; $v }; $v").stdout == "2\n1\n"


def test_sessions_close_with_the_runspace(ps: Any) -> None:
    ps("$s = New-PSSession server01")
    pid = int(ps("icm $s { $PID }").stdout)
    rs = ps("1").runspace
    rs.close()
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split()[2] != "Z"
    except OSError:
        return False
