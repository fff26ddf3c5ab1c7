"""psrepl's paramiko Transport (sessions.ssh_paramiko): the handshake deadline without a thread."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from sessions.hosts import load_config, resolve
from sessions.ssh_paramiko import keep_deadline_without_thread
from sessions.transport_ssh import SSHConnectFailed, connect


def test_the_deadline_is_kept_by_the_clock() -> None:
    import paramiko

    a, b = socket.socketpair()
    try:
        packetizer = paramiko.Transport(a).packetizer
        keep_deadline_without_thread(packetizer)
        assert not packetizer.handshake_timed_out()        # not started: never timed out
        packetizer.start_handshake(0.05)
        assert not packetizer.handshake_timed_out()
        time.sleep(0.08)
        assert packetizer.handshake_timed_out()
        packetizer.complete_handshake()
        assert not packetizer.handshake_timed_out()        # complete: no deadline any more
    finally:
        a.close()
        b.close()


def test_a_server_that_stalls_in_the_key_exchange_fails_in_time_with_no_timer_thread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # It sends its version, reads ours and our KEXINIT, then says nothing more.
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    held: list[socket.socket] = []

    def stall() -> None:
        conn, _ = server.accept()
        held.append(conn)
        conn.sendall(b"SSH-2.0-OpenSSH_9.2 stalls\r\n")
        conn.recv(65536)
    threading.Thread(target=stall, daemon=True).start()
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".ssh").mkdir()
    (tmp_path / ".ssh" / "config").write_text(f"Host stalls\n  HostName 127.0.0.1\n  Port {port}\n"
                                              "  ConnectTimeout 1\n")
    timers: list[threading.Thread] = []
    real_start = threading.Timer.start
    monkeypatch.setattr(threading.Timer, "start", lambda self: (timers.append(self), real_start(self))[1])
    started = time.monotonic()
    try:
        with pytest.raises(SSHConnectFailed) as failed:
            connect(resolve("stalls", config=load_config()))
    finally:
        server.close()
        for conn in held:
            conn.close()
    assert time.monotonic() - started < 5
    assert "Connecting to stalls (127.0.0.1:" in str(failed.value)
    assert "handshake did not complete" in str(failed.value)
    assert timers == []
