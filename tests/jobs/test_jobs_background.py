"""Start-Job: background jobs in a separate process, through the interpreter and the real endpoint."""

from __future__ import annotations

import os
import signal
import time

from pshelpers import run_psrepl

from jobs.states import JobState


def alive(pid: int) -> bool:
    """Whether ``pid`` is a live (not zombie) process."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            stat = handle.read()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def gone_within(pids: list[int], seconds: float) -> list[int]:
    """The pids still alive after waiting up to ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.05)
    return [p for p in pids if alive(p)]


def test_the_about_jobs_example_from_stdin_prints_three_lines() -> None:
    r = run_psrepl([], input='$j = Start-Job { 1..3 | % { "Output $_" } }; Wait-Job $j | Out-Null; '
                             'Receive-Job $j\n', timeout=30)
    assert r.stdout.splitlines() == ["Output 1", "Output 2", "Output 3"]
    assert r.stderr == "" and r.returncode == 0


def test_a_background_job_and_its_child(ps) -> None:
    r = ps("$a = Start-Job { 1 }; $b = Start-Job { 2 }; $a.Id; $b.Id; $a.PSJobTypeName; $a.Location\n"
           "$a.ChildJobs[0].Name; $null = Wait-Job $a, $b; Receive-Job $a, $b")
    assert r.lines == ["1", "3", "BackgroundJob", "localhost", "Job2", "1", "2"]


def test_results_come_back_deserialized(ps) -> None:
    r = ps("$o = Start-Job { [pscustomobject]@{ Name = 'x'; N = 42 } } | Receive-Job -Wait\n"
           "$o.pstypenames[0]; $o.Name; $o.N + 1")
    assert r.lines == ["Deserialized.System.Management.Automation.PSCustomObject", "x", "43"]


def test_arguments_using_and_the_initialization_script(ps) -> None:
    r = ps("$x = 'outer'; Start-Job -InitializationScript { function Greet($n) { \"hi $n\" } } "
           "{ param($a) Greet $a; $using:x } -ArgumentList bob | Receive-Job -Wait")
    assert r.lines == ["hi bob", "outer"]


def test_records_come_back_in_order_across_streams(ps) -> None:
    r = ps("Start-Job { 'a'; Write-Warning 'w'; 'b'; Write-Error 'e'; 'c' } | Receive-Job -Wait "
           "*>&1 | % { \"$_\" }")
    assert r.lines == ["a", "w", "b", "e", "c"]


def test_a_throw_fails_the_job_with_its_reason(ps) -> None:
    r = ps("$j = Start-Job { 'before'; throw 'boom' }; Wait-Job $j | Out-Null\n"
           "$j.State; $j.JobStateInfo.Reason.Message; Receive-Job $j")
    assert r.lines == ["Failed", "boom", "before"]
    assert "boom" in r.stderr


def test_a_killed_job_process_fails_only_that_job(ps) -> None:
    r = ps("$a = Start-Job { Start-Sleep 30 }; $b = Start-Job { Start-Sleep -Milliseconds 300; 'ok' }\n"
           "Start-Sleep -Milliseconds 200")
    job = r.runspace.job_table.get(1)
    deadline = time.monotonic() + 10
    while job.pid is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(job.pid, signal.SIGKILL)
    r = ps("Wait-Job $a, $b -Timeout 10 | Out-Null; $a.State; $b.State; Receive-Job $b; "
           "$a.JobStateInfo.Reason.Message")
    assert r.lines[:3] == ["Failed", "Completed", "ok"]
    assert "killed by signal 9" in r.lines[3]
    r = ps("Receive-Job $a")
    assert "killed by signal 9" in r.stderr


def test_stop_job_ends_the_native_program_and_the_process(ps) -> None:
    r = ps("$j = Start-Job { sleep 100 }")
    job = r.runspace.job_table.get(1)
    deadline = time.monotonic() + 10
    while not [p for p in descendants(os.getpid()) if comm(p) == "sleep"] and time.monotonic() < deadline:
        time.sleep(0.05)
    tree = descendants(job.pid) + [job.pid]
    assert any(comm(p) == "sleep" for p in tree)
    r = ps("Stop-Job $j; $j.State")
    assert r.lines == ["Stopped"]
    assert gone_within(tree, 2) == []


def test_variables_do_not_leak_and_the_location_follows(ps, tmp_path) -> None:
    r = ps(f"$j = Start-Job {{ $secret = 1; \"$PWD\" }} -WorkingDirectory '{tmp_path}'; "
           "Receive-Job $j -Wait; \"[$secret]\"")
    assert r.lines == [str(tmp_path), "[]"]


def test_the_background_operator_starts_a_job(ps) -> None:
    r = ps("$j = Write-Output hello &; $j.PSJobTypeName; Receive-Job $j -Wait")
    assert r.lines == ["BackgroundJob", "hello"]


# ------------------------------------------------------------------ no orphans

def comm(pid: int) -> str:
    """The command name of ``pid`` ('' when gone)."""
    try:
        with open(f"/proc/{pid}/comm") as handle:
            return handle.read().strip()
    except OSError:
        return ""


def descendants(root: int) -> list[int]:
    """Every live descendant of ``root`` (by scanning /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    stat = handle.read()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if fields[0] != "Z":
                parents[int(entry)] = int(fields[1])
    found: list[int] = []
    frontier = [root]
    while frontier:
        current = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == current:
                found.append(pid)
                frontier.append(pid)
    return found
