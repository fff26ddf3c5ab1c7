"""Invoke-Command -ComputerName without -AsJob: temporary sessions opened by a few workers, closed as they end.

Against the real test sshd (server01..server03 are aliases of it). What is pinned
here is what the synchronous path promises beyond what a user sees (that is
pinned in tests/cmdlets/test_sessions_cmdlets.py): no connection and no thread
outlives the command, each temporary session is closed as soon as its command
has ended, no more worker threads than -ThrottleLimit, and stops (Ctrl+C, a
downstream Select-Object) leave nothing open behind them.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from pshelpers import Result, run, ssh_runspace

WORKER = "psrepl-icm-worker"
#: Threads that live as long as the process, started by the first connection (not leaks).
PROCESS_WIDE = {"psrepl-acks"}
#: The threads of one connection.
CONNECTION = {"psrepl-conn-reader", "psrepl-ssh-stderr"}


@pytest.fixture
def ps(sshd: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Result]]:
    """``ps(text)`` runs psrepl code in one runspace whose HOME reaches the test sshd."""
    yield from ssh_runspace(sshd, tmp_path, monkeypatch)


def _new_threads(before: set[threading.Thread]) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t not in before and t.is_alive() and t.name not in PROCESS_WIDE]


def _open_connections(before: set[threading.Thread]) -> list[str]:
    """What of the new threads stands for a connection still open: a psrepl connection's
    reader, a worker, or a paramiko transport still active. (A closed transport's thread,
    and an exec channel's stderr reader, end a moment after the close: not counted.)"""
    left = []
    for thread in _new_threads(before):
        is_active = getattr(thread, "is_active", None)
        if is_active is not None:
            if is_active():
                left.append(f"active SSH transport {thread.name}")
        elif thread.name != "psrepl-ssh-stderr":
            left.append(thread.name)
    return left


def _wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_nothing_is_left_open_when_it_returns(ps: Any) -> None:
    ps("1")
    before = set(threading.enumerate())
    result = ps("icm server01,server02,server03 { $PID }")
    # Every temporary session is closed (its reader ended, its SSH transport inactive)
    # and every worker has ended by the time the command returns.
    assert _open_connections(before) == []
    assert len(result.stdout.split()) == 3 and result.stderr == ""
    assert _wait_until(lambda: not _new_threads(before)), _new_threads(before)


def test_a_temporary_session_is_read_by_its_worker_not_a_reader_thread(ps: Any) -> None:
    ps("1")
    started: list[str] = []
    original = threading.Thread.start

    def start(thread: threading.Thread) -> None:
        started.append(thread.name)
        original(thread)
    threading.Thread.start = start  # type: ignore[method-assign]
    try:
        result = ps("icm server01,server02,server03 { $PID }")
    finally:
        threading.Thread.start = original  # type: ignore[method-assign]
    assert len(result.stdout.split()) == 3 and result.stderr == ""
    assert started.count(WORKER) == 3 and "psrepl-conn-reader" not in started, started


def test_a_temporary_sessions_connection_is_freed_without_the_collector(ps: Any) -> None:
    # Its connection, its paramiko transport and the command's callbacks hold no cycle
    # once it has ended: they are freed as the command returns, not by a full
    # collection later (which, over the heap of a shell, cost ~100 ms every few
    # hundred connections and paused the console).
    import gc
    import weakref

    import paramiko

    from sessions.connection import Connection

    ps("icm server01 { 1 }")                        # warm: imports, caches, the keeper
    made: list[weakref.ref] = []
    original = Connection.__init__

    def init(self: Connection, transport: Any, **kwargs: Any) -> None:
        original(self, transport, **kwargs)
        made.append(weakref.ref(self))
        inner = getattr(transport, "ssh", None)
        if isinstance(inner, paramiko.Transport):
            made.append(weakref.ref(inner))
    Connection.__init__ = init  # type: ignore[method-assign]
    gc.collect()
    gc.disable()
    try:
        result = ps("icm server01,server02,server03 { $PID }")
        assert len(result.stdout.split()) == 3 and result.stderr == ""
        assert len(made) == 6                          # three connections, three transports
        assert _wait_until(lambda: all(ref() is None for ref in made)), [ref() for ref in made]
    finally:
        Connection.__init__ = original  # type: ignore[method-assign]
        gc.enable()


def test_each_temporary_session_closes_as_soon_as_its_command_ends(ps: Any) -> None:
    # The open session is slow, the computer's temporary session fast: the temporary
    # session's SSH connection is closed while the other command still runs.
    rs = ps("$s = New-PSSession server01; icm $s { $slow = $true }").runspace
    before = set(threading.enumerate())
    arrived: list[tuple[float, Any]] = []
    closed_at: list[float] = []

    def watch(transports: list[Any]) -> None:
        if _wait_until(lambda: not any(t.is_active() for t in transports), timeout=10):
            closed_at.append(time.monotonic())

    def output(obj: Any) -> None:
        arrived.append((time.monotonic(), obj))
        if len(arrived) == 1:
            # The temporary session's paramiko transport (the open session's is older).
            transports = [t for t in _new_threads(before) if hasattr(t, "is_active")]
            assert len(transports) == 1
            threading.Thread(target=watch, args=(transports,), daemon=True).start()
    rs.engine.invoke_text("icm -Session $s -ComputerName server02 { if ($slow) { Start-Sleep -Milliseconds 1500 }; "
                          "[pscustomobject]@{ Id = $PID } }", output=output)
    assert [obj.properties["PSComputerName"] for _, obj in arrived] == ["server02", "server01"]
    (fast_at, _), (slow_at, _) = arrived
    assert slow_at - fast_at > 1.0
    assert _wait_until(lambda: bool(closed_at), timeout=10)
    assert closed_at[0] < slow_at, "the temporary session was closed only at the end"
    rs.engine.invoke_text("Remove-PSSession $s")


def test_workers_stay_within_the_throttle_limit_and_keep_its_order(ps: Any) -> None:
    ps("1")
    before = set(threading.enumerate())
    most = [0]
    workers = [0]
    done = threading.Event()

    def sample() -> None:
        # Every thread Invoke-Command starts, beside each connection's own (paramiko's
        # transport, the psrepl connection's reader) and the formatter's timer.
        while not done.is_set():
            mine = [t for t in _new_threads(before) if not hasattr(t, "is_active") and t.name not in CONNECTION
                    and t is not sampler and not isinstance(t, threading.Timer)]
            most[0] = max(most[0], len(mine))
            workers[0] = max(workers[0], sum(1 for t in mine if t.name == WORKER))
            time.sleep(0.003)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out = ps("icm server01,server02,server03,server01,server02 { Start-Sleep -Milliseconds 100; "
                 "[pscustomobject]@{ n = 1 } } -ThrottleLimit 2 | ForEach-Object PSComputerName").stdout
    finally:
        done.set()
        sampler.join()
    assert sorted(out.split()) == ["server01", "server01", "server02", "server02", "server03"]
    assert most[0] <= 2 and workers[0] >= 1
    # One at a time: in the order given, whatever each one takes.
    out = ps("icm server03,server01,server02 { Start-Sleep -Milliseconds (50 * ($args[0] -eq 1)); "
             "[pscustomobject]@{ n = 1 } } -ArgumentList 1 -ThrottleLimit 1 | ForEach-Object PSComputerName").stdout
    assert out.split() == ["server03", "server01", "server02"]


def test_sessions_and_computers_together(ps: Any) -> None:
    ps("$s = New-PSSession server01; icm $s { $kept = 'kept' }")
    before = set(threading.enumerate())
    out = ps("icm -Session $s -ComputerName server02 { [pscustomobject]@{ v = $kept } } | "
             "Sort-Object PSComputerName | ForEach-Object { \"$($_.PSComputerName)=$($_.v)\" }").stdout
    assert out.split() == ["server01=kept", "server02="]
    assert ps("$s.State; icm $s { $kept }").stdout == "Opened\nkept\n"
    assert _open_connections(before) == []


def test_a_stop_from_downstream_stops_and_closes_everything(ps: Any) -> None:
    ps("1")
    before = set(threading.enumerate())
    started = time.monotonic()
    out = ps("icm server01,server02 { 1..20 | ForEach-Object { $_; Start-Sleep -Milliseconds 200 } } | "
             "Select-Object -First 1").stdout
    assert out == "1\n" and time.monotonic() - started < 3
    assert _wait_until(lambda: not _new_threads(before)), _new_threads(before)


def test_ctrl_c_stops_the_commands_and_leaves_nothing_open(ps: Any) -> None:
    rs = ps("1").runspace
    before = set(threading.enumerate())
    timer = threading.Timer(0.8, rs.request_stop)
    timer.start()
    started = time.monotonic()
    result = ps("icm server01,server02 { Start-Sleep 20; 'never' }; 'not reached'")
    timer.join()
    assert "never" not in result.stdout and "not reached" not in result.stdout
    assert time.monotonic() - started < 4
    assert _wait_until(lambda: not _new_threads(before)), _new_threads(before)


def test_ctrl_c_abandons_a_connection_not_yet_made(ps: Any, sshd: Any) -> None:
    # A computer that accepts the TCP connection and never says a word: its connection
    # is still being made when Ctrl+C comes; the prompt returns within the grace period,
    # and the worker ends once that connection fails.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)
    port = silent.getsockname()[1]
    rs = ps("1").runspace
    before = set(threading.enumerate())
    timer = threading.Timer(0.5, rs.request_stop)
    timer.start()
    started = time.monotonic()
    try:
        result = ps(f"icm -HostName 127.0.0.1:{port} {{ 'never' }}; 'not reached'")
        took = time.monotonic() - started
    finally:
        timer.join()
        silent.close()
    assert result.stdout == "" and took < 5
    assert _wait_until(lambda: not _new_threads(before), timeout=10), _new_threads(before)


def stopped_at_first_question(sshd: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              command: str) -> tuple[list[str], str, float, set[threading.Thread]]:
    """Run ``command`` at a console that meets unknown host keys and answers the first
    question with Ctrl+C; (the questions asked, what it printed, seconds taken, the
    threads that ran before)."""
    from shell.language.host import BufferHost
    from shell.language.runspace import Runspace

    home = tmp_path / "home"
    shutil.copytree(sshd.client_home / ".ssh", home / ".ssh")
    (home / ".ssh" / "known_hosts").write_text("")      # every host key unknown: each asks
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    asked: list[str] = []

    class Console(BufferHost):
        def read_line(self, prompt: str = "") -> str:
            asked.append(prompt)
            time.sleep(0.2)             # the other computer's question queues meanwhile
            rs.request_stop()
            raise KeyboardInterrupt

    host = Console(inputs=[])
    rs = Runspace(host, location=str(tmp_path))
    try:
        before = set(threading.enumerate())
        started = time.monotonic()
        rs.engine.execute(command)
        took = time.monotonic() - started
        rs.engine.execute("(Get-PSSession).Count")
        return asked, host.text, took, before
    finally:
        rs.close()


def test_ctrl_c_at_a_host_key_question_asks_nothing_more(sshd: Any, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # Two computers whose host key is unknown, at a console: Ctrl+C at the first question
    # refuses it and stops the command; the second computer's question, waiting behind it,
    # is never asked, and its connecting thread does not wait forever for an answer.
    asked, text, took, before = stopped_at_first_question(sshd, tmp_path, monkeypatch,
                                                          "icm server01,server02 { 'never' }")
    assert took < 5
    assert len(asked) == 1 and "continue connecting" in asked[0]
    assert "never" not in text
    assert _wait_until(lambda: not _new_threads(before)), _new_threads(before)
