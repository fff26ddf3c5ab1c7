"""Invoke-Command and sessions through the real ``psrepl``, fed on standard input, against the test sshd.

The client is the real program with HOME set to a client home of the test's own
(a copy of the fixture's ~/.ssh, plus aliases made for the case), so host names
resolve as a user's would; the far side's home is ``sshd.remote_home``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pshelpers import run_psrepl


@pytest.fixture
def client(sshd: Any, tmp_path: Path) -> Any:
    """``client(script, known_hosts=None, extra='')`` runs psrepl on ``script``; the CompletedProcess."""
    home = tmp_path / "home"
    shutil.copytree(sshd.client_home / ".ssh", home / ".ssh")

    def run(script: str, *, known_hosts: str | None = None, extra: str = "") -> subprocess.CompletedProcess[str]:
        with open(home / ".ssh" / "config", "a") as cfg:
            cfg.write("\nHost unreachable\n    HostName 127.0.0.1\n    Port 1\n" + extra + "\n")
        if known_hosts is not None:
            (home / ".ssh" / "known_hosts").write_text(known_hosts)
        env = sshd.client_env()
        env["HOME"] = str(home)
        result = run_psrepl([], input=script, env=env, cwd=str(home), timeout=60)
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        return result
    run.home = home  # type: ignore[attr-defined]
    return run


def test_a_session_keeps_state_and_results_carry_the_computer(client: Any) -> None:
    result = client("\n".join([
        "$s = New-PSSession -ComputerName server01",
        "Invoke-Command -Session $s -ScriptBlock { $x = 1 }",
        "Invoke-Command -Session $s -ScriptBlock { $x + 1 }",
        "$r = Invoke-Command -Session $s { [pscustomobject]@{ Name = 'n' } }",
        "$r.PSComputerName",
        "Get-PSSession | ForEach-Object { \"$($_.Id) $($_.Name) $($_.State) $($_.Availability)\" }",
        "Remove-PSSession $s",
        "Get-PSSession | Measure-Object | ForEach-Object Count",
    ]) + "\n")
    assert result.stdout == "2\nserver01\n1 SSH1 Opened Available\n0\n", result.stderr
    assert result.returncode == 0


def test_one_unreachable_computer_among_several(client: Any) -> None:
    result = client("Invoke-Command -ComputerName server01,unreachable,server02 { 'hi' }\n'done'\n")
    assert result.stdout == "hi\nhi\ndone\n"
    assert result.stderr.count("[unreachable]") == 1
    assert "Connecting to unreachable (127.0.0.1:1) failed: the connection was refused" in result.stderr


def test_as_job_results_returned_to_the_local_computer(client: Any) -> None:
    result = client("\n".join([
        "$j = Invoke-Command -ComputerName server01 -ScriptBlock { 'a'; 'b' } -AsJob -JobName Remote",
        "Wait-Job -Id 1 | Out-Null",
        "Get-Job | ForEach-Object { \"$($_.Id) $($_.Name) $($_.PSJobTypeName) $($_.State) $($_.Location)\" }",
        "$j.ChildJobs | ForEach-Object { \"$($_.Id) $($_.Location) $($_.State)\" }",
        "$results = Receive-Job -Id 1",
        "$results -join ','",
        "Receive-Job -SessionId 1 | Measure-Object | ForEach-Object Count",
        "Remove-Job -Id 1; Get-Job | Measure-Object | ForEach-Object Count",
    ]) + "\n")
    assert result.stdout == "1 Remote RemoteJob Completed server01\n2 server01 Completed\na,b\n0\n0\n", result.stderr


def test_results_kept_on_the_remote_computer(client: Any, sshd: Any) -> None:
    (sshd.remote_home / "logs").mkdir(exist_ok=True)
    target = sshd.remote_home / "logs" / "icm-pslog.txt"
    target.unlink(missing_ok=True)
    result = client("\n".join([
        "$s = New-PSSession -computername server01",
        "$job = Invoke-Command -session $s -scriptblock { Start-Job -scriptblock { 'event 1'; 'event 2' } }",
        "Invoke-Command -session $s -scriptblock { Wait-Job -Id 1 | Out-Null }",
        "Invoke-Command -session $s -scriptblock { Get-Job | ForEach-Object { \"$($_.State) $($_.Location)\" } }",
        "$results = Invoke-Command -session $s -scriptblock { Receive-Job -SessionId 1 -Keep }",
        "$results -join ','",
        "Invoke-Command -session $s -command { Receive-Job -SessionId 1 > ~/logs/icm-pslog.txt }",
        "Invoke-Command -session $s { (Get-Content ~/logs/icm-pslog.txt) -join ',' }",
    ]) + "\n")
    assert result.stdout == "Completed localhost\nevent 1,event 2\nevent 1,event 2\n", result.stderr
    assert target.read_text().split() == ["event", "1", "event", "2"]
    assert not (client.home / "logs").exists()


def test_a_remote_start_job_comes_back_as_a_deserialized_job(client: Any) -> None:
    result = client("\n".join([
        "$s = New-PSSession server01",
        "$job = Invoke-Command -Session $s { Start-Job { 1 } }",
        "$job.pstypenames[0]; $job.Location; $job.PSComputerName",
        "Invoke-Command -Session $s { Get-Job } | Format-Table Id, Location, PSComputerName",
    ]) + "\n")
    lines = result.stdout.splitlines()
    assert lines[:3] == ["Deserialized.System.Management.Automation.PSRemotingJob", "localhost", "server01"]
    assert [line.split() for line in lines if line.strip().startswith("1 ")] == [["1", "localhost", "server01"]]


def test_redirection_at_the_local_prompt_writes_locally(client: Any, sshd: Any) -> None:
    (sshd.remote_home / "icm-local.txt").unlink(missing_ok=True)
    result = client("Invoke-Command -ComputerName server01 { 'written here' } > icm-local.txt\n"
                    "$s = New-PSSession server01\n"
                    "Invoke-Command -Session $s { 'written there' > ~/icm-remote.txt }\n")
    assert result.stdout == "", result.stderr
    assert (client.home / "icm-local.txt").read_text() == "written here\n"
    assert not (sshd.remote_home / "icm-local.txt").exists()
    assert (sshd.remote_home / "icm-remote.txt").read_text() == "written there\n"
    assert not (client.home / "icm-remote.txt").exists()


def test_a_connection_killed_mid_command_breaks_the_session_and_the_console_carries_on(client: Any) -> None:
    result = client("\n".join([
        "$s = New-PSSession server01",
        "$p = Invoke-Command -Session $s { $PID }",
        "$killer = Start-ThreadJob { Start-Sleep -Milliseconds 700; /bin/kill -9 $using:p }",
        "Invoke-Command -Session $s { Start-Sleep 30; 'never' }",
        "$s.State",
        "Invoke-Command -Session $s { 1 }",
        "'console alive'",
    ]) + "\n")
    assert result.stdout == "Broken\nconsole alive\n", result.stderr
    assert "[server01] psrepl on server01 ended unexpectedly" in result.stderr
    assert "The session state is Broken" in result.stderr


def test_connection_failures_say_what_and_where(client: Any, sshd: Any, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(wrong)], check=True)
    extra = "\n".join(["Host nopsrepl", "    HostName 127.0.0.1", f"    Port {sshd.port}",
                       f"    IdentityFile {sshd.user_key}", "    SetEnv PSREPL_ENDPOINT=psrepl-missing",
                       "Host wrongkey", "    HostName 127.0.0.1", f"    Port {sshd.port}"])
    result = client("\n".join([
        f"New-PSSession wrongkey -KeyFilePath {wrong}",
        "New-PSSession nopsrepl",
        "Invoke-Command -ComputerName no-such-host.invalid { 1 }",
        "'carried on'",
    ]) + "\n", extra=extra)
    assert result.stdout == "carried on\n"
    err = result.stderr
    assert "[wrongkey] Authentication to wrongkey (127.0.0.1:" in err and str(wrong) in err
    assert "[nopsrepl] psrepl-missing was not found on nopsrepl; install it there or set its endpoint command" in err
    assert "[no-such-host.invalid] Cannot resolve the host name 'no-such-host.invalid'" in err


def test_unknown_and_changed_host_keys_are_refused_in_a_script(client: Any, sshd: Any, tmp_path: Path) -> None:
    result = client("New-PSSession server01\n'next'\n", known_hosts="")
    assert result.stdout == "next\n"
    assert "The authenticity of host server01 (127.0.0.1:" in result.stderr
    other = tmp_path / "other"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)], check=True)
    key_type, data = other.with_suffix(".pub").read_text().split()[:2]
    result = client("Invoke-Command server01 { 1 }\n'next'\n",
                    known_hosts=f"[127.0.0.1]:{sshd.port} {key_type} {data}\n")
    assert result.stdout == "next\n"
    assert "has CHANGED" in result.stderr


def test_localhost_without_ssh_is_a_local_process(client: Any) -> None:
    result = client("$s = New-PSSession localhost\n$s.Transport\nInvoke-Command $s { 'local endpoint' }\n")
    assert result.stdout == "Process\nlocal endpoint\n", result.stderr


def test_sessions_end_with_the_console(client: Any) -> None:
    import os
    import time
    result = client("$s = New-PSSession server01\n$l = New-PSSession localhost\n"
                    "Invoke-Command $s { $PID }\nInvoke-Command $l { $PID }\n")
    pids = [int(p) for p in result.stdout.split()]
    assert len(pids) == 2, result.stderr
    deadline = time.monotonic() + 10
    while any(os.path.exists(f"/proc/{p}") and _state(p) != "Z" for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(os.path.exists(f"/proc/{p}") and _state(p) != "Z" for p in pids)


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
