"""Invoke-Command -Session without -AsJob (sent by the cmdlet itself, no RemoteJob): the same
results, errors and stops as the job path, on local-process sessions (no sshd needed)."""

from __future__ import annotations

import os
import time
from typing import Any


def test_results_carry_the_computer_and_their_own_sessions_runspace_id(ps: Any) -> None:
    ps("$a = New-PSSession localhost; $b = New-PSSession localhost")
    out = ps("$r = icm $a, $b { [pscustomobject]@{ n = 1 } }; $r.Count; "
             "($r | ForEach-Object PSComputerName) -join ','; "
             "$got = ($r.RunspaceId | Sort-Object) -join ','; "
             "$want = (@($a.InstanceId, $b.InstanceId) | Sort-Object) -join ','; $got -eq $want; "
             "$r[0].pstypenames[0]").stdout
    assert out == "2\nlocalhost,localhost\nTrue\nDeserialized.System.Management.Automation.PSCustomObject\n"
    shown = ps("icm $a { [pscustomobject]@{ n = 1 } } -HideComputerName").stdout
    assert "PSComputerName" not in shown and "localhost" not in shown
    assert "localhost" in ps("icm $a { [pscustomobject]@{ n = 1 } }").stdout


def test_errors_name_the_computer_and_a_failure_does_not_stop_the_caller(ps: Any) -> None:
    ps("$s = New-PSSession localhost")
    result = ps("icm $s { 'before'; throw 'boom' }; 'after'")
    assert result.stdout == "before\nafter\n" and "[localhost] boom" in result.stderr
    result = ps("icm $s { Write-Error 'soft'; 'still here'; Write-Warning 'careful' }")
    assert result.stdout == "still here\n"
    assert "[localhost] soft" in result.stderr and "WARNING: careful" in result.stderr


def test_a_using_variable_is_sent_only_when_the_block_reads_one(ps: Any) -> None:
    ps("$s = New-PSSession localhost; $n = 3")
    assert ps("icm $s { 1..$USING:n -join ',' }").stdout == "1,2,3\n"
    assert ps("icm $s { ${using:n} * 2 }").stdout == "6\n"
    assert ps("icm $s { 'no using here' }").stdout == "no using here\n"


def test_a_closed_or_broken_session_gives_an_error_for_it_and_the_others_run(ps: Any) -> None:
    ps("$a = New-PSSession localhost; $b = New-PSSession localhost; Remove-PSSession $a")
    result = ps("icm $a, $b { 'from b' }; 'next'")
    assert result.stdout == "from b\nnext\n"
    assert "[localhost]" in result.stderr and "The session state is Closed" in result.stderr
    pid = int(ps("icm $b { $PID }").stdout)
    os.kill(pid, 9)
    deadline = time.monotonic() + 10
    while ps("$b.State").stdout != "Broken\n" and time.monotonic() < deadline:
        time.sleep(0.02)
    result = ps("icm $b { 1 }; 'console alive'")
    assert result.stdout == "console alive\n" and "The session state is Broken" in result.stderr


def test_a_connection_lost_mid_command_fails_it_with_the_reason(ps: Any) -> None:
    ps("$s = New-PSSession localhost")
    result = ps("icm $s { 'started'; Start-Sleep -Milliseconds 200; Stop-Process -Id $PID -Force; 'never' }; 'console alive'")
    assert result.stdout == "started\nconsole alive\n"
    assert "[localhost]" in result.stderr
    assert ps("$s.State").stdout == "Broken\n"


def test_throttle_limit_sends_the_next_command_when_one_ends(ps: Any) -> None:
    ps("$s1 = New-PSSession localhost; $s2 = New-PSSession localhost; $s3 = New-PSSession localhost")
    ps("icm $s1 { $d = 400 }; icm $s2 { $d = 200 }; icm $s3 { $d = 0 }")
    script = "icm $s1, $s2, $s3 { Start-Sleep -Milliseconds $d; $d }"
    assert ps(script).stdout == "0\n200\n400\n"
    assert ps(script + " -ThrottleLimit 1").stdout == "400\n200\n0\n"
    assert ps(script + " -ThrottleLimit 2").stdout == "200\n0\n400\n"


def test_select_first_stops_the_remote_command_and_the_session_is_free(ps: Any) -> None:
    ps("$s = New-PSSession localhost")
    started = time.monotonic()
    out = ps("icm $s { 1..20 | ForEach-Object { $_; Start-Sleep -Milliseconds 200 } } | Select-Object -First 2")
    assert out.stdout == "1\n2\n"
    assert ps("icm $s { 'free' }").stdout == "free\n"
    assert time.monotonic() - started < 3
