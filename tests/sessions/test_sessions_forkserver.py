"""The fork server: warm endpoints forked from one process, each its own process, none left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from typing import Any, Iterator

import pytest

from sessions.connection import ConnectionFailed
from sessions.forkserver import ForkServer
from shell.language import wire_adapter as wa
from shell.language.remoting import forkserver_argv
from sessions_helpers import alive, wait_gone


@pytest.fixture(scope="module")
def server() -> Iterator[ForkServer]:
    fs = ForkServer.start(forkserver_argv())
    assert fs.wait_ready(30)
    yield fs
    fs.close()



def test_a_job_is_forked_from_the_warm_server_and_answers(server: ForkServer) -> None:
    # How fast is measured in bench/ (bench_jobs: a later Start-Job against python -c pass),
    # never here; this checks that the job really comes from the warm process.
    conn = server.spawn(decoder=wa.decoder("localhost"))
    try:
        with open(f"/proc/{conn.remote_info.pid}/stat") as f:
            ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        assert ppid == server.pid
        got: list = []
        assert conn.invoke('"Output 1"', on_record=lambda s, q, o: got.append(o)).wait(10)
        assert got == ["Output 1"]
    finally:
        conn.close()


def test_each_job_is_a_fresh_runspace_in_its_own_process(server: ForkServer) -> None:
    a, b = server.spawn(), server.spawn()
    try:
        assert a.remote_info.pid != b.remote_info.pid != server.pid
        assert os.getpgid(a.remote_info.pid) == a.remote_info.pid
        got: list = []
        assert a.invoke("$x = 'only in a'").wait(10)
        assert b.invoke("$x", on_record=lambda s, q, o: got.append(o)).wait(10)
        assert got == [None]
    finally:
        a.close()
        b.close()


def test_a_killed_job_fails_with_the_reason(server: ForkServer) -> None:
    conn = server.spawn()
    inv = conn.invoke("Start-Sleep 100")
    time.sleep(0.2)
    os.kill(conn.remote_info.pid, signal.SIGKILL)
    assert inv.wait(5) and inv.state == "Failed"
    assert inv.reason == "The background process exited unexpectedly (killed by signal 9)."
    conn.close()


def test_closing_a_job_ends_its_process(server: ForkServer) -> None:
    conn = server.spawn()
    pid = conn.remote_info.pid
    conn.close()
    assert wait_gone(pid)
    assert conn.transport.returncode == 0


def test_closing_the_server_ends_every_child() -> None:
    fs = ForkServer.start(forkserver_argv())
    assert fs.wait_ready(30)
    conns = [fs.spawn() for _ in range(3)]
    pids = [c.remote_info.pid for c in conns]
    inv = conns[0].invoke("Start-Sleep 100")
    fs.close()
    assert all(wait_gone(pid) for pid in pids)
    assert inv.wait(5) and inv.state == "Failed"
    with pytest.raises(ConnectionFailed):
        fs.spawn(timeout=1)


def test_no_orphans_when_the_console_is_killed(tmp_path: Any) -> None:
    console = tmp_path / "console.py"
    console.write_text(textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {os.getcwd()!r})
        from sessions.forkserver import ForkServer
        fs = ForkServer.start({forkserver_argv()!r})
        fs.wait_ready(30)
        conns = [fs.spawn() for _ in range(2)]
        print(fs.proc.pid, *[c.remote_info.pid for c in conns], flush=True)
        time.sleep(60)
    """))
    proc = subprocess.Popen([sys.executable, str(console)], stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(p) for p in proc.stdout.readline().split()]
        assert len(pids) == 3 and all(alive(p) for p in pids)
        proc.kill()
        proc.wait()
        assert all(wait_gone(p) for p in pids), [p for p in pids if alive(p)]
    finally:
        proc.kill()
        proc.wait()
