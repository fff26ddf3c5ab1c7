"""The fork server: warm endpoints in milliseconds, each its own process, none left behind."""

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


def first_output(server: ForkServer) -> tuple[float, Any]:
    started = time.perf_counter()
    conn = server.spawn(decoder=wa.decoder("localhost"))
    first: list = []
    inv = conn.invoke('"Output 1"', on_record=lambda s, q, o: first.append((time.perf_counter(), o)))
    assert inv.wait(10) and inv.state == "Completed"
    conn.close()
    return first[0][0] - started, first[0][1]


def python_pass() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - started


def test_a_forked_job_answers_faster_than_python_starts(server: ForkServer) -> None:
    first_output(server)  # warm the console side too
    forked, reference = [], []
    for _ in range(8):   # interleaved, so that a burst of load hits both alike
        forked.append(first_output(server)[0])
        reference.append(python_pass())
    forked, reference = min(forked), min(reference)
    assert first_output(server)[1] == "Output 1"
    assert forked <= reference, f"first output after {forked * 1000:.1f} ms; python -c pass {reference * 1000:.1f} ms"


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
