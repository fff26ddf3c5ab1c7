"""Enter-PSSession / Exit-PSSession fed on standard input to the real ``psrepl``.

Scripted input behaves as typed input: everything after ``Enter-PSSession`` runs
on the far side until ``Exit-PSSession`` (or ``exit``). The far side is a local
endpoint (``localhost``) or the test sshd (``server01``), whose home is a
directory of its own (``sshd.remote_home``), so where a file lands shows which
computer a line ran on.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from pshelpers import run_psrepl


def feed(lines: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> Any:
    """Run ``lines`` through psrepl's standard input; returns the CompletedProcess.

    Without ``env``, HOME is ``cwd``: a local endpoint's home is ours, and a session
    opened by Enter-PSSession starts in its home, so both sides start in ``cwd``.
    """
    if env is None and cwd is not None:
        env = {"HOME": cwd}
    return run_psrepl([], input="\n".join(lines) + "\n", env=env, timeout=60, cwd=cwd)


def unique(stem: str) -> str:
    """A file name no other test uses (the sshd's remote home is shared by the run)."""
    return f"{stem}-{uuid.uuid4().hex[:8]}.txt"


# ----------------------------------------------------------------- a local endpoint
def test_lines_after_enter_run_in_the_session_until_exit(tmp_path: Path) -> None:
    result = feed([
        "$x = 'local value'",
        "Enter-PSSession localhost",
        "$x = 'remote value'",
        "\"in session: $x\"",
        "$PID",
        "Exit-PSSession",
        "\"back: $x\"",
        "$PID",
    ], cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    inside, remote_pid, back, local_pid = result.stdout.splitlines()
    assert (inside, back) == ("in session: remote value", "back: local value")
    assert remote_pid != local_pid
    assert result.stderr == ""


def test_exit_leaves_the_session_and_not_psrepl(tmp_path: Path) -> None:
    result = feed(["Enter-PSSession localhost", "exit", "'still running'", "exit 3"], cwd=str(tmp_path))
    assert result.stdout.splitlines() == ["still running"]
    assert result.returncode == 3


def test_the_aliases_enter_and_leave(tmp_path: Path) -> None:
    result = feed([
        "etsn localhost", "$inside = 1", "exsn", "\"1: [$inside]\"",
        "Enter-Session localhost", "$inside = 2", "Exit-Session", "\"2: [$inside]\"",
        "Enter-PSSession -ComputerName localhost", "$inside = 3", "Exit-PSSession", "\"3: [$inside]\"",
    ], cwd=str(tmp_path))
    assert result.stdout.splitlines() == ["1: []", "2: []", "3: []"], result.stderr


def test_a_session_keeps_its_state_and_location_between_lines(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    result = feed([
        "Enter-PSSession localhost",
        "function Get-Twice($n) { $n * 2 }",
        "Set-Location sub",
        "Get-Twice 21",
        "(Get-Location).Path",
        "exit",
        "(Get-Location).Path",
    ], cwd=str(tmp_path))
    assert result.stdout.splitlines() == ["42", str(tmp_path / "sub"), str(tmp_path)], result.stderr


def test_output_is_formatted_locally_and_errors_name_the_computer(tmp_path: Path) -> None:
    result = feed([
        "Enter-PSSession localhost",
        "[pscustomobject]@{Name='a'; Size=1}, [pscustomobject]@{Name='b'; Size=22}",
        "Get-Item ./missing-file",
        "Write-Warning 'careful'",
        "'after the error'",
        "exit",
    ], cwd=str(tmp_path))
    lines = result.stdout.splitlines()
    assert "Name Size" in lines and "---- ----" in lines, result.stdout
    assert any(line.split() == ["b", "22"] for line in lines)
    assert "after the error" in lines
    assert "[localhost] Cannot find path" in result.stderr
    assert "WARNING: careful" in result.stderr


def test_format_cmdlets_in_the_session_show_their_table_or_list(tmp_path: Path) -> None:
    result = feed([
        "Enter-PSSession localhost",
        "[pscustomobject]@{Name='a'; Size=1; Kind='x'} | Format-Table Name, Size",
        "[pscustomobject]@{Name='b'; Size=2} | fl",
        "[pscustomobject]@{Name='c'; Size=3} | Format-List > ./list.txt",
        "exit",
    ], cwd=str(tmp_path))
    lines = [line.rstrip() for line in result.stdout.splitlines() if line.strip()]
    assert lines == ["Name Size", "---- ----", "a       1", "Name : b", "Size : 2"], result.stdout + result.stderr
    assert "Name : c" in (tmp_path / "list.txt").read_text()


def test_a_thrown_error_shows_and_the_session_carries_on(tmp_path: Path) -> None:
    result = feed(["Enter-PSSession localhost", "throw 'it broke'", "'next line'", "exit"], cwd=str(tmp_path))
    assert "[localhost] it broke" in result.stderr
    assert result.stdout.splitlines() == ["next line"]


def test_a_parse_error_in_the_session_is_shown_and_the_session_stays(tmp_path: Path) -> None:
    result = feed(["Enter-PSSession localhost", "'a' +", "", "$y = )", "'still inside'", "exit"],
                  cwd=str(tmp_path))
    assert "still inside" in result.stdout
    assert result.stderr.strip(), "the parse error is shown"


def test_statements_on_one_line_run_in_turn_and_exit_stops_the_line(tmp_path: Path) -> None:
    result = feed(["Enter-PSSession localhost", "'one'; 'two'; exit; 'not run'", "'local'"],
                  cwd=str(tmp_path))
    assert result.stdout.splitlines() == ["one", "two", "local"], result.stderr


def test_enter_in_the_middle_of_a_line_takes_effect_for_the_next_line(tmp_path: Path) -> None:
    # As in PowerShell: the rest of the line that entered still runs here.
    result = feed(["Enter-PSSession localhost; $where = 'local'", "$where", "exit", "$where"],
                  cwd=str(tmp_path))
    assert result.stdout.splitlines() == ["local"], result.stderr


def test_a_session_by_position_or_from_the_pipeline_is_entered_and_stays_open(tmp_path: Path) -> None:
    result = feed([
        "$s = New-PSSession localhost",
        "Enter-PSSession $s", "$n = 1", "exit",
        "Get-PSSession | Enter-PSSession", "\"n=$n\"", "exit",
        "$s.State",
    ], cwd=str(tmp_path))
    assert result.stdout.splitlines() == ["n=1", "Opened"], result.stderr


def test_exit_pssession_at_the_local_prompt_does_nothing(tmp_path: Path) -> None:
    result = feed(["Exit-PSSession", "exsn", "'fine'"], cwd=str(tmp_path))
    assert result.stdout.splitlines() == ["fine"]
    assert result.stderr == "" and result.returncode == 0


def test_enter_inside_a_session_is_refused(tmp_path: Path) -> None:
    result = feed(["Enter-PSSession localhost", "Enter-PSSession localhost", "'inside still'", "exit"],
                  cwd=str(tmp_path))
    assert "cannot use the Enter-PSSession cmdlet to enter another PSSession" in result.stderr
    assert "inside still" in result.stdout


def test_input_that_ends_inside_a_session_ends_cleanly(tmp_path: Path) -> None:
    result = feed(["Enter-PSSession localhost", "'last line'"], cwd=str(tmp_path))
    assert result.stdout.splitlines() == ["last line"]
    assert result.returncode == 0 and result.stderr == ""


# ----------------------------------------------------------------- over SSH
def test_ssh_session_runs_in_the_remote_home_and_redirection_writes_there(sshd: Any) -> None:
    name = unique("redirect")
    result = feed([
        "Enter-PSSession server01",
        "$HOME",
        f"'written remotely' > ~/{name}",
        f"'appended' >> ~/{name}",
        "Get-Item ./nope 2> ~/" + name.replace(".txt", ".err"),
        "Exit-PSSession",
        f"'written locally' > ~/{name}",
    ], env=sshd.client_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [str(sshd.remote_home)]
    assert (sshd.remote_home / name).read_text().splitlines() == ["written remotely", "appended"]
    assert "Cannot find path" in (sshd.remote_home / name.replace(".txt", ".err")).read_text()
    assert (sshd.client_home / name).read_text().splitlines() == ["written locally"]


def test_ssh_errors_name_the_computer_as_typed(sshd: Any) -> None:
    result = feed(["Enter-PSSession server01", "Get-Item ~/not-there", "exit"], env=sshd.client_env())
    assert "[server01] Cannot find path" in result.stderr


def test_enter_with_session_keeps_it_open_and_computername_closes_its_own(sshd: Any) -> None:
    result = feed([
        "$s = New-PSSession server01",
        "Enter-PSSession -Session $s",
        "$kept = 'kept in the session'",
        "Exit-PSSession",
        "$s.State",
        "Invoke-Command -Session $s { $kept }",
        "Enter-PSSession -Id $s.Id", "\"again: $kept\"", "exit",
        "Enter-PSSession -Name $s.Name", "\"by name: $kept\"", "exit",
        "Enter-PSSession server02", "'temporary'", "exit",
        "(Get-PSSession).Count",
        "Get-PSSession | ForEach-Object State",
    ], env=sshd.client_env())
    assert result.stdout.splitlines() == ["Opened", "kept in the session", "again: kept in the session",
                                          "by name: kept in the session", "temporary", "1", "Opened"], \
        result.stderr


def test_enter_a_closed_session_is_an_error(sshd: Any) -> None:
    result = feed(["$s = New-PSSession server01", "Remove-PSSession $s", "Enter-PSSession -Session $s",
                   "'local still'"], env=sshd.client_env())
    assert "local still" in result.stdout
    assert "Closed" in result.stderr


def test_enter_an_unknown_host_says_what_failed(sshd: Any) -> None:
    env = sshd.client_env()
    result = feed(["Enter-PSSession -HostName 127.0.0.1 -Port 1", "'still local'"], env=env)
    assert result.stdout.splitlines() == ["still local"]
    assert "127.0.0.1" in result.stderr and "Traceback" not in result.stderr


def test_hostname_username_port_keyfile(sshd: Any) -> None:
    env = sshd.client_env()
    result = feed([
        f"Enter-PSSession -HostName 127.0.0.1 -Port {sshd.port} -UserName {sshd.user} "
        f"-KeyFilePath {sshd.user_key}",
        "$HOME", "exit",
    ], env=env)
    assert result.stdout.splitlines() == [str(sshd.remote_home)], result.stderr



# ----------------------------------------------------------------- a dropped connection
def test_far_side_killed_mid_command_leaves_the_session_and_the_console_goes_on(tmp_path: Path) -> None:
    result = feed(["Enter-PSSession localhost", "Stop-Process -Id $PID", "'local again'"], cwd=str(tmp_path))
    assert result.stdout.splitlines() == ["local again"]
    assert "Enter-PSSession: [localhost] The connection to localhost was lost" in result.stderr
    assert "The session is Broken; leaving the remote session." in result.stderr
    assert "Traceback" not in result.stderr and result.returncode == 0


def test_ssh_session_killed_while_entered_is_broken_afterwards(sshd: Any) -> None:
    result = feed([
        "$s = New-PSSession server01",
        "Enter-PSSession $s",
        "Stop-Process -Id $PID -Force",
        "$s.State",
        "Invoke-Command -Session $s { 1 }",
        "Enter-PSSession -Session $s",
        "Remove-PSSession $s",
        "'carried on'",
    ], env=sshd.client_env())
    assert result.stdout.splitlines() == ["Broken", "carried on"], result.stderr
    assert "The connection to server01 was lost" in result.stderr
    assert "its state is Broken" in result.stderr
