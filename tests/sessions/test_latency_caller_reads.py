"""Connection.pump: a caller waiting for its own results reads the connection itself (no
thread switch between the data and it), and the reader thread reads whenever it does not."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from sessions.connection import Connection


def run_pumping(conn: Connection, script: str, timeout: float = 5.0) -> tuple[str, list[tuple[Any, str]]]:
    """Invoke ``script`` and pump until it ends; (final state, [(record, thread name)])."""
    got: list[tuple[Any, str]] = []
    inv = conn.invoke(script, on_record=lambda s, q, o: got.append((o, threading.current_thread().name)))
    deadline = time.monotonic() + timeout
    while not inv.done and time.monotonic() < deadline:
        if not conn.pump(0.05):
            inv.wait(0.05)
    assert inv.done, script
    return inv.state, got


def test_a_pumping_caller_receives_its_results_on_its_own_thread(inproc: Any) -> None:
    conn = inproc().connect()
    threads = set()
    for _ in range(10):
        state, got = run_pumping(conn, "emit 2")
        assert state == "Completed" and [o.properties["Id"] for o, _ in got] == [1, 2]
        threads.update(name for _, name in got)
    # The first result may come through the reader thread, which then leaves the reading
    # to the caller; after that the caller reads.
    assert threading.current_thread().name in threads


def test_pump_gives_up_after_its_timeout_when_nothing_arrives(inproc: Any) -> None:
    conn = inproc().connect()
    run_pumping(conn, "emit 1")
    inv = conn.invoke("sleep 30")
    started = time.monotonic()
    for _ in range(3):
        conn.pump(0.05)
    assert time.monotonic() - started < 1.0 and not inv.done
    inv.stop()
    while not inv.done:
        if not conn.pump(0.05):
            inv.wait(0.05)
    assert inv.state == "Stopped"


def test_the_reader_thread_reads_again_for_others(inproc: Any) -> None:
    conn = inproc().connect()
    run_pumping(conn, "emit 1")
    run_pumping(conn, "emit 1")
    # Nobody pumps now: the reader thread takes over (after a short while at most).
    inv = conn.invoke("emit 3")
    assert inv.wait(2) and inv.state == "Completed"
    started = time.monotonic()
    assert conn.complete("Get-J", 5) == {"matches": [["Get-Job", 0, "Get-Job", "Cmdlet"]]}
    assert time.monotonic() - started < 1.0


def test_a_connection_lost_while_a_caller_reads_fails_its_invocation(inproc: Any) -> None:
    proc = inproc()
    conn = proc.connect()
    lost: list[str] = []
    conn.on_lost = lost.append
    run_pumping(conn, "emit 1")
    inv = conn.invoke("sleep 30")
    conn.pump(0.05)
    proc.server_channel.close()
    deadline = time.monotonic() + 5
    while not inv.done and time.monotonic() < deadline:
        if not conn.pump(0.05):
            inv.wait(0.05)
    assert inv.state == "Failed" and lost and lost[0] == inv.reason
    assert conn.pump(0.05) is False


def test_a_local_process_session_pumps_too(stub_argv: list[str]) -> None:
    conn = Connection.start_process(stub_argv)
    try:
        for _ in range(3):
            state, got = run_pumping(conn, "emit 1")
            assert state == "Completed" and len(got) == 1
        assert got[0][1] == threading.current_thread().name
    finally:
        conn.close()


@pytest.fixture
def ssh_home(sshd: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "config").write_text(
        f"Host server01\n    HostName 127.0.0.1\n    Port {sshd.port}\n    User {sshd.user}\n"
        f"    IdentityFile {sshd.user_key}\n")
    (home / ".ssh" / "known_hosts").write_text(sshd.known_hosts.read_text())
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    return home


def test_an_ssh_session_pumps_through_its_paramiko_channel(ssh_home: Path) -> None:
    from sessions.hosts import resolve
    from sessions.transport_ssh import connect
    from shell.language import wire_adapter as wa

    conn = connect(resolve("server01"), decoder=wa.decoder("server01"))
    try:
        for _ in range(3):
            state, got = run_pumping(conn, "1..3")
            assert state == "Completed" and [o for o, _ in got] == [1, 2, 3]
        assert got[0][1] == threading.current_thread().name
        inv = conn.invoke("Start-Sleep 30")
        started = time.monotonic()
        conn.pump(0.05)
        assert time.monotonic() - started < 1.0
        inv.stop()
        while not inv.done:
            if not conn.pump(0.05):
                inv.wait(0.05)
        assert inv.state == "Stopped"
    finally:
        conn.close()
