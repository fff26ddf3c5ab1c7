"""Which endpoint thread runs an invocation: the one that read it when nothing else runs
(leader/follower), the runspace worker for what queues up behind -- always one at a time,
in order, and stoppable."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

from sessions.connection import Connection
from stub_executor import StubExecutor


class ThreadNamingExecutor(StubExecutor):
    """The stub language, plus ``thread``: emit the name of the thread running the script,
    and a check that two invocations never run at once."""

    def __init__(self) -> None:
        super().__init__()
        self.running = 0
        self.overlapped = False

    def invoke(self, request: Any, sink: Any) -> tuple[str, Any]:
        self.running += 1
        if self.running > 1:
            self.overlapped = True
        try:
            if request.script == "thread":
                sink.emit(1, threading.current_thread().name)
                return "Completed", None
            return super().invoke(request, sink)
        finally:
            self.running -= 1


def names(conn: Connection, count: int) -> list[str]:
    got: list[str] = []
    for _ in range(count):
        inv = conn.invoke("thread", on_record=lambda s, q, o: got.append(o))
        assert inv.wait(5) and inv.state == "Completed"
    return got


def test_a_command_that_can_start_at_once_runs_on_the_thread_that_read_it(inproc: Any) -> None:
    proc = inproc(ThreadNamingExecutor())
    conn = proc.connect()
    assert set(names(conn, 20)) == {"psrepl-reader"}


def _readers() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "psrepl-reader")


def test_the_second_reading_thread_starts_only_for_a_command_still_running_after_a_tick(
        inproc: Any, monkeypatch: Any) -> None:
    from sessions.runspace_host import Outbox

    monkeypatch.setattr(Outbox, "TICK", 0.5)   # every short command surely ends within it
    before = _readers()
    conn = inproc(ThreadNamingExecutor()).connect()
    assert names(conn, 10) == ["psrepl-reader"] * 10
    assert _readers() - before == 1            # one thread read and ran them all
    inv = conn.invoke("sleep 30")
    deadline = time.monotonic() + 5
    while _readers() - before < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _readers() - before == 2            # started a tick later, to read a stop
    inv.stop()
    assert inv.wait(5) and inv.state == "Stopped"
    assert names(conn, 3) == ["psrepl-reader"] * 3


def test_commands_queued_behind_a_running_one_run_after_it_in_order(inproc: Any) -> None:
    executor = ThreadNamingExecutor()
    proc = inproc(executor)
    conn = proc.connect()
    names(conn, 2)
    events: list[tuple[str, str]] = []
    got: list[str] = []
    first = conn.invoke("sleep 0.3; emit 1", on_state=lambda st, r: events.append(("first", st)))
    second = conn.invoke("thread", on_record=lambda s, q, o: got.append(o),
                         on_state=lambda st, r: events.append(("second", st)))
    third = conn.invoke("emit 2", on_state=lambda st, r: events.append(("third", st)))
    assert first.wait(5) and second.wait(5) and third.wait(5)
    assert [e for e in events if e[1] != "Running"] == [
        ("first", "Completed"), ("second", "Completed"), ("third", "Completed")]
    assert events.index(("first", "Completed")) < events.index(("second", "Running"))
    assert got == ["psrepl-runspace"] and not executor.overlapped


def _long_command_after_short_ones(proc: Any) -> tuple[Any, Any]:
    """(connection, a ``sleep 30`` running) after three short commands, so that a reading
    thread, not the worker, runs it."""
    conn = proc.connect()
    for _ in range(3):
        assert conn.invoke("emit 1").wait(5)
    inv = conn.invoke("sleep 30")
    time.sleep(0.2)
    return conn, inv


def test_a_stop_reaches_a_command_run_by_a_reading_thread(inproc: Any) -> None:
    conn, inv = _long_command_after_short_ones(inproc())
    started = time.monotonic()
    inv.stop()
    assert inv.wait(5) and inv.state == "Stopped" and time.monotonic() - started < 2
    assert conn.invoke("emit 1").wait(5)


def test_closing_the_host_waits_for_a_command_run_by_a_reading_thread(inproc: Any) -> None:
    proc = inproc()
    _, inv = _long_command_after_short_ones(proc)
    started = time.monotonic()
    proc.host.close()
    assert time.monotonic() - started < 2 and proc.executor.closed
    assert inv.wait(5) and inv.state == "Stopped"


def test_a_request_larger_than_one_read_arrives_whole(inproc: Any) -> None:
    proc = inproc()
    conn = proc.connect()
    big = "x" * 3_000_000
    got: list = []
    inv = conn.invoke("args", args=[big, "end"], on_record=lambda s, q, o: got.append(o))
    assert inv.wait(10) and got == [big, "end"]
    assert conn.invoke("emit 1").wait(5)


def test_the_end_of_the_connection_is_seen_while_a_command_runs(inproc: Any) -> None:
    proc = inproc()
    conn = proc.connect()
    for _ in range(3):
        assert conn.invoke("emit 1").wait(5)
    conn.invoke("sleep 30")
    time.sleep(0.1)
    proc.client_channel.close()
    proc.thread.join(3)
    assert not proc.thread.is_alive() and proc.outcome == ["lost"]


def test_a_process_serving_one_connection_after_another_frees_each_runspace() -> None:
    # A keeper's spare child serves connection after connection (serve_fds with
    # freeze=False): what one connection's runspace held is freed once it has ended.
    import gc
    import weakref

    from sessions.connection import ChannelTransport
    from sessions.framing import SocketChannel
    from sessions.server import serve_fds
    from shell.language.remoting import new_executor

    made: list[Any] = []

    def one() -> None:
        ours, theirs = socket.socketpair()
        executor = new_executor()
        made.append(weakref.ref(executor.runspace))
        fd = ours.detach()
        server = threading.Thread(target=serve_fds, args=(fd, fd, lambda: executor),
                                  kwargs={"protect_stdio": False, "freeze": False})
        server.start()
        conn = Connection(ChannelTransport(SocketChannel(theirs))).handshake(10)
        inv = conn.invoke("$big = 1..1000; 'ok'")
        assert inv.wait(10) and inv.state == "Completed"
        conn.close()
        server.join(5)
        assert not server.is_alive()

    for _ in range(3):
        one()
    gc.collect()
    assert [ref() for ref in made] == [None, None, None]
