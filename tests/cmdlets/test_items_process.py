"""Get-Process, Stop-Process and Start-Process, with real processes (each test kills what it starts)."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

from pshelpers import run_psrepl
from shell.cmdlets.items.procinfo import Process
from shell.cmdlets.items.process import GetProcess, StartProcess, StopProcess, split_arguments
from shell.language.errors import PipelineStoppedError
from test_items_support import drive, runspace


@pytest.fixture
def started() -> Iterator[list[int]]:
    """PIDs a test started; killed afterwards if still running."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _gone(pid: int, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if Process(pid).HasExited:
            return True
        time.sleep(0.02)
    return False


def test_process_object_of_this_process() -> None:
    me = Process(os.getpid())
    assert me.Id == os.getpid() and me.ProcessName.startswith("python")
    assert me.WS > 0 and me.CPU >= 0 and me.StartTime is not None
    assert me.Path and os.path.basename(me.Path).startswith("python")
    assert "pytest" in me.CommandLine and me.SI == os.getsid(0)
    assert not me.HasExited and str(me) == f"System.Diagnostics.Process ({me.ProcessName})"
    assert me.ParentId == os.getppid() and me.Parent.Id == os.getppid()


def test_get_process_by_id_and_name(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    got = drive(GetProcess, rs, id=[os.getpid()])
    assert [p.Id for p in got.out] == [os.getpid()]
    name = got.out[0].ProcessName
    got = drive(GetProcess, rs, names=[name[:3] + "*"])
    assert os.getpid() in [p.Id for p in got.out]
    every = drive(GetProcess, rs).out
    assert len(every) > 1 and os.getpid() in [p.Id for p in every]
    assert [p.ProcessName.lower() for p in every] == sorted(p.ProcessName.lower() for p in every)


def test_get_process_errors(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    got = drive(GetProcess, rs, id=[99999999])
    assert got.messages == ["Cannot find a process with the process identifier 99999999."]
    got = drive(GetProcess, rs, names=["no-such-process-x"])
    assert got.messages == ['Cannot find a process with the name "no-such-process-x". '
                            "Verify the process name and call the cmdlet again."]
    assert got.errors[0].category == "ObjectNotFound"
    assert drive(GetProcess, rs, names=["no-such-*"]).errors == []


def test_start_process_is_detached(tmp_path: Path, started: list[int]) -> None:
    got = drive(StartProcess, runspace(tmp_path), file_path="sleep", argument_list=["30"], pass_thru=True)
    proc = got.out[0]
    started.append(proc.Id)
    assert isinstance(proc, Process) and proc.ProcessName == "sleep" and not proc.HasExited
    assert proc.SI == proc.Id != os.getsid(0)  # its own session: the console's hang-up does not reach it
    assert os.readlink(f"/proc/{proc.Id}/fd/0") == "/dev/null"
    assert os.readlink(f"/proc/{proc.Id}/fd/1") == "/dev/null"
    assert os.readlink(f"/proc/{proc.Id}/cwd") == str(tmp_path)


def test_stop_process_terminates_and_force_kills(tmp_path: Path, started: list[int]) -> None:
    rs = runspace(tmp_path)
    first = drive(StartProcess, rs, file_path="sleep", argument_list=["30"], pass_thru=True).out[0]
    second = drive(StartProcess, rs, file_path="sleep", argument_list=["30"], pass_thru=True).out[0]
    started += [first.Id, second.Id]
    got = drive(StopProcess, rs, id=[first.Id], pass_thru=True)
    assert [p.Id for p in got.out] == [first.Id]
    assert first.WaitForExit(5000) and first.ExitCode == 128 + signal.SIGTERM
    drive(StopProcess, rs, inputs=[second], force=True)
    assert second.WaitForExit(5000) and second.ExitCode == 128 + signal.SIGKILL
    got = drive(StopProcess, rs, id=[99999999])
    assert got.messages == ["Cannot find a process with the process identifier 99999999."]


def test_start_process_redirects_and_waits(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    got = drive(StartProcess, rs, file_path="sh", argument_list=['-c "echo out; echo err >&2; exit 3"'],
                redirect_standard_output="o.txt", redirect_standard_error="e.txt", wait=True,
                pass_thru=True)
    assert (tmp_path / "o.txt").read_text() == "out\n" and (tmp_path / "e.txt").read_text() == "err\n"
    assert got.out[0].HasExited and got.out[0].ExitCode == 3
    (tmp_path / "in.txt").write_text("fed\n")
    drive(StartProcess, rs, file_path="cat", redirect_standard_input="in.txt",
          redirect_standard_output="copy.txt", wait=True)
    assert (tmp_path / "copy.txt").read_text() == "fed\n"


def test_start_process_no_new_window_wait_writes_through_the_host(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    drive(StartProcess, rs, file_path="echo", argument_list=["a", '"b  c"'], no_new_window=True, wait=True)
    assert rs.host.text == "a b  c\n"


def test_start_process_errors(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    with pytest.raises(Exception) as info:
        drive(StartProcess, rs, file_path="no-such-program-xyz")
    assert "This command cannot be run due to the error" in str(info.value)
    with pytest.raises(Exception) as info:
        drive(StartProcess, rs, file_path="true", working_directory="nowhere")
    assert "WorkingDirectory" in str(info.value)
    with pytest.raises(Exception) as info:
        drive(StartProcess, rs, file_path="true", redirect_standard_output="x", redirect_standard_error="x")
    assert '"RedirectStandardOutput" and "RedirectStandardError" are same' in str(info.value)


def test_wait_stops_at_ctrl_c(tmp_path: Path, started: list[int]) -> None:
    rs = runspace(tmp_path)
    threading.Timer(0.3, rs.request_stop).start()
    begun = time.monotonic()
    with pytest.raises(PipelineStoppedError):
        drive(StartProcess, rs, file_path="sleep", argument_list=["30"], wait=True)
    assert time.monotonic() - begun < 2
    rs.reset_stop()
    sleepers = [p for p in drive(GetProcess, rs, names=["sleep"]).out if p.CommandLine == "sleep 30"
                and p.ParentId == os.getpid()]
    started += [p.Id for p in sleepers]


def test_split_arguments_like_dotnet() -> None:
    assert split_arguments('a "b c" d') == ["a", "b c", "d"]
    assert split_arguments(r'say \"hi\"') == ["say", '"hi"']
    assert split_arguments('-c "echo hi"  ') == ["-c", "echo hi"]
    assert split_arguments('"a""b"') == ['a"b']
    assert split_arguments(r"C:\dir\ x") == [r"C:\dir" + "\\", "x"]
    assert split_arguments("") == []


def test_start_process_outlives_psrepl(tmp_path: Path, started: list[int]) -> None:
    result = run_psrepl(["-c", "Start-Process sleep 30 -PassThru | ForEach-Object Id"], cwd=str(tmp_path),
                        timeout=30)
    assert result.returncode == 0, result.stderr
    pid = int(result.stdout.strip())
    started.append(pid)
    time.sleep(0.2)
    assert not Process(pid).HasExited  # psrepl has exited; the detached child has not


def test_processes_through_the_interpreter(ps, tmp_path: Path, started: list[int]) -> None:
    r = ps("$p = Start-Process sleep -ArgumentList 30 -PassThru; $p.Id; $p.HasExited", location=str(tmp_path))
    pid_text, exited = r.stdout.split()
    started.append(int(pid_text))
    assert exited == "False"
    r = ps("Get-Process -Id $p.Id | Stop-Process; $p.WaitForExit(5000)")
    assert r.stdout == "True\n" and r.stderr == ""
    r = ps("(Get-Process -Id $PID).Id -eq $PID; Get-Process -Id $PID | Format-Table Id, ProcessName")
    assert r.stdout.splitlines()[0] == "True" and str(os.getpid()) in r.stdout
    r = ps("Get-Process -Name definitely-not-running; 'next'")
    assert r.stdout == "next\n"
    assert 'Cannot find a process with the name "definitely-not-running".' in r.stderr
