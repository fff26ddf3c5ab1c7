"""The client Connection against the real server loop (in-process, over a socket pair)."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import pytest

from sessions import messages as m
from sessions import server
from sessions.codec import Bag, Decoder, Encoder
from sessions.connection import ChannelTransport, Connection, ConnectionFailed, ConnectionLost
from sessions.framing import FrameReader, SocketChannel, frame_header, write_frames
from sessions.runspace_host import RunspaceHost
from stub_executor import StubExecutor


def collect(conn: Connection, script: str, timeout: float = 10, **kwargs: Any) -> tuple[str, Any, list]:
    got: list = []
    inv = conn.invoke(script, on_record=lambda s, q, o: got.append((s, q, o)), **kwargs)
    assert inv.wait(timeout), f"{script!r} did not finish"
    return inv.state, inv.reason, got


def test_hello_carries_the_far_sides_identity(inproc: Any) -> None:
    conn = inproc().connect()
    info = conn.remote_info
    assert (info.computer_name, info.user, info.protocol) == ("stubhost", "tester", 1)
    assert info.pid > 0 and conn.location == info.location


def test_records_states_and_location(inproc: Any) -> None:
    conn = inproc().connect()
    states: list = []
    got: list = []
    inv = conn.invoke("emit 2; cd /tmp", on_record=lambda s, q, o: got.append((s, q, o.properties)),
                      on_state=lambda st, why: states.append(st))
    assert inv.wait(5)
    assert got == [(1, 1, {"Id": 1, "Name": "p1"}), (1, 2, {"Id": 2, "Name": "p2"})]
    assert states == ["Running", "Completed"] and inv.state == "Completed" and inv.done
    assert conn.location == "/tmp"


def test_the_location_is_sent_only_when_an_invocation_moved_it(inproc: Any, monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Any) -> None:
    seen: list = []
    original = Connection._on_location
    monkeypatch.setattr(Connection, "_on_location",
                        lambda self, rid, location, error: (seen.append(location), original(self, rid, location, error)))
    conn = inproc().connect()
    for script in ("emit 1", f"cd {tmp_path}", "emit 1", "cd /tmp", "emit 1"):
        assert collect(conn, script)[0] == "Completed"
    assert seen == [str(tmp_path), "/tmp"] and conn.location == "/tmp"


def test_runspace_state_is_kept_between_invocations(inproc: Any) -> None:
    conn = inproc().connect()
    assert collect(conn, "set x 1")[0] == "Completed"
    assert collect(conn, "get x")[2] == [(1, 1, "1")]


def test_args_using_and_cwd_reach_the_far_side(inproc: Any) -> None:
    conn = inproc().connect()
    state, _, got = collect(conn, "args; using", args=[1, "two", None], using={"y": [3]}, cwd="/")
    assert [o for _, _, o in got[:3]] == [1, "two", None]
    assert dict(got[3][2]) == {"y": [3]}
    assert conn.location == "/"


def test_sequence_numbers_order_records_across_streams(inproc: Any) -> None:
    conn = inproc().connect()
    _, _, got = collect(conn, "emit 2 3; emit 1 1; emit 2 4")
    assert [(s, q) for s, q, _ in got] == [(3, 1), (3, 2), (1, 3), (4, 4), (4, 5)]


def test_several_invocations_in_flight_run_in_order_and_stop_separately(inproc: Any) -> None:
    conn = inproc().connect()
    order: list = []
    a = conn.invoke("sleep 30", on_state=lambda st, r: order.append(("a", st)))
    b = conn.invoke("emit 3", on_state=lambda st, r: order.append(("b", st)))
    c = conn.invoke("sleep 30", on_state=lambda st, r: order.append(("c", st)))
    time.sleep(0.2)
    assert a.state == "Running" and b.state == "NotStarted"
    c.stop()          # queued: stopped without running
    assert c.wait(5) and c.state == "Stopped"
    a.stop()          # running: stopped; b is untouched and runs next
    assert a.wait(5) and a.state == "Stopped"
    assert b.wait(5) and b.state == "Completed"
    assert ("c", "Running") not in order
    assert order.index(("a", "Stopped")) < order.index(("b", "Running"))


def test_failures_carry_their_reason(inproc: Any) -> None:
    conn = inproc().connect()
    state, reason, _ = collect(conn, "fail it broke")
    assert state == "Failed" and isinstance(reason, Bag) and reason.properties["Message"] == "it broke"
    state, reason, _ = collect(conn, "raise")
    assert state == "Failed" and reason == "internal error in the endpoint: RuntimeError: boom"
    assert collect(conn, "emit 1")[0] == "Completed"   # the runspace goes on


def test_completion_and_set_location(inproc: Any, tmp_path: Any) -> None:
    conn = inproc().connect()
    assert conn.complete("Get-J", 5) == {"matches": [["Get-Job", 0, "Get-Job", "Cmdlet"]]}
    assert conn.set_location(str(tmp_path)) == str(tmp_path)
    assert conn.location == str(tmp_path)
    with pytest.raises(ConnectionFailed, match="does not exist"):
        conn.set_location("/no/such/dir")


def test_a_failing_callback_fails_only_its_invocation(inproc: Any) -> None:
    conn = inproc().connect()

    def bad(stream: int, seq: int, obj: Any) -> None:
        raise ValueError("callback bug")
    inv = conn.invoke("emit 5", on_record=bad)
    assert inv.wait(5) and inv.state == "Failed"
    assert "ValueError: callback bug" in inv.reason
    assert collect(conn, "emit 1")[0] == "Completed"


def test_batched_callback_and_acknowledgements(inproc: Any) -> None:
    proc = inproc()
    conn = proc.connect()
    batches: list = []
    inv = conn.invoke("emit 5000", on_records=lambda s, first, objs: batches.append((first, len(objs))))
    assert inv.wait(10)
    assert sum(n for _, n in batches) == 5000
    firsts = [f for f, _ in batches]
    assert firsts[0] == 1 and firsts == sorted(firsts)
    deadline = time.time() + 5
    while proc.host.runs and time.time() < deadline:
        time.sleep(0.01)
    assert proc.host.runs == {}   # everything acknowledged, nothing kept for replay


def test_an_ended_invocations_acknowledgement_rides_on_the_next_request(inproc: Any,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from sessions import connection

    monkeypatch.setattr(connection, "ACK_DELAY", 5.0)   # no timer: only a request carries it
    proc = inproc()
    conn = proc.connect()
    first = conn.invoke("emit 3")
    assert first.wait(5) and first.id in proc.host.runs       # kept until acknowledged
    second = conn.invoke("emit 1")
    assert second.wait(5)
    assert first.id not in proc.host.runs and second.id in proc.host.runs


def test_an_ended_invocations_acknowledgement_goes_on_its_own_when_nothing_follows(inproc: Any) -> None:
    proc = inproc()
    conn = proc.connect()
    inv = conn.invoke("emit 3")
    assert inv.wait(5)
    deadline = time.time() + 5
    while proc.host.runs and time.time() < deadline:
        time.sleep(0.01)
    assert proc.host.runs == {}


def test_a_record_too_large_for_a_frame_arrives_as_an_error(inproc: Any) -> None:
    a, b = socket.socketpair()
    host = RunspaceHost(StubExecutor(), limit=200_000)
    t = threading.Thread(target=server.serve, args=(SocketChannel(a), host), daemon=True)
    t.start()
    conn = Connection(ChannelTransport(SocketChannel(b))).handshake(5)
    state, _, got = collect(conn, "big 100; big 300000; big 10")
    assert state == "Completed"
    assert [(s, q) for s, q, _ in got] == [(1, 1), (2, 2), (1, 3)]
    assert "An object could not be sent" in got[1][2].properties["Message"]
    conn.close()
    host.close()


def test_close_stops_running_invocations(inproc: Any) -> None:
    proc = inproc()
    conn = proc.connect()
    inv = conn.invoke("sleep 30")
    time.sleep(0.1)
    conn.close()
    assert inv.wait(5) and inv.state == "Stopped"
    proc.thread.join(5)
    assert proc.outcome == ["closed"] and proc.executor.closed
    with pytest.raises(ConnectionLost):
        conn.invoke("emit 1")


def test_a_one_command_connection_is_closed_by_the_far_side_after_its_command(inproc: Any) -> None:
    proc = inproc()
    conn = proc.connect(reader=False)
    got: list = []
    inv = conn.invoke("emit 1", then_close=True, on_record=lambda s, q, o: got.append(o))
    while not inv.done:
        conn.pump(1)
    assert inv.state == "Completed" and len(got) == 1
    proc.thread.join(5)                         # it ended the connection itself, as if closed
    assert proc.outcome == ["closed"] and proc.executor.closed
    conn.close(timeout=5)
    assert conn.lost_reason == "The connection is closed."


def _one_long_command(proc: Any) -> tuple[Connection, Any]:
    """A one-command connection (no reader thread) whose command is running."""
    conn = proc.connect(reader=False)
    inv = conn.invoke("sleep 30", then_close=True)
    conn.pump(0.2)
    return conn, inv


def test_closing_a_one_command_connection_before_its_command_ends_stops_it_at_once(inproc: Any) -> None:
    proc = inproc()
    conn, inv = _one_long_command(proc)
    started = time.monotonic()
    conn.close(timeout=5)                        # a CLOSE still goes: the command stops now
    assert time.monotonic() - started < 1.5
    proc.thread.join(5)
    assert proc.outcome == ["closed"] and proc.executor.closed
    assert inv.state == "Stopped"


def test_a_far_side_lost_during_a_one_command_connection_is_a_failure(inproc: Any) -> None:
    proc = inproc()
    conn, inv = _one_long_command(proc)
    proc.server_channel.close()                 # the far side dies mid-command
    deadline = time.monotonic() + 5
    while not inv.done and time.monotonic() < deadline:
        conn.pump(0.2)
    assert inv.state == "Failed" and "lost" in str(inv.reason)


# --------------------------------------------------------------------------- hostile peers

class FakeServer:
    """A raw peer that says what the test tells it to."""

    def __init__(self) -> None:
        a, self.client_sock = socket.socketpair()
        self.channel = SocketChannel(a)
        self.enc = Encoder()

    def send(self, *msgs: list) -> None:
        write_frames(self.channel, [m.frame_payload([self.enc.pack(x) for x in msgs])])

    def send_encoded(self, parts: list[bytes]) -> None:
        write_frames(self.channel, [m.frame_payload(parts)])

    def raw(self, data: bytes) -> None:
        self.channel.write_parts([data])

    def hello(self, protocol: int = 1) -> None:
        msg = m.hello("fake", "u", "/", 1)
        msg[1]["protocol"] = protocol
        self.send(msg)

    def connection(self) -> Connection:
        return Connection(ChannelTransport(SocketChannel(self.client_sock)))


def test_the_clients_hello_rides_with_its_first_request() -> None:
    fake = FakeServer()
    fake.hello()
    conn = fake.connection().handshake(5)
    fake.channel.sock.settimeout(0.3)
    with pytest.raises(socket.timeout):
        fake.channel.sock.recv(1)               # nothing sent yet: no request, so no hello
    conn.invoke("x", then_close=True)           # an endpoint that does not say it closes
    fake.channel.sock.settimeout(5)
    frame = next(iter(FrameReader(fake.channel)))
    hello, invoke = m.decode_frame(Decoder(), frame)
    assert hello[0] == m.HELLO and invoke[0] == m.INVOKE
    assert "close" not in invoke[5]              # ... is not asked to


def test_protocol_version_mismatch_is_refused_clearly() -> None:
    fake = FakeServer()
    fake.hello(protocol=2)
    with pytest.raises(ConnectionFailed, match="^protocol version mismatch: client 1, server 2$"):
        fake.connection().handshake(5)


def test_the_server_refuses_a_client_of_another_version(inproc: Any) -> None:
    proc = inproc()
    channel = proc.client_channel
    enc = Encoder()
    msg = m.hello("c", "u", "/", 1)
    msg[1]["protocol"] = 2
    write_frames(channel, [m.frame_payload([enc.pack(msg)])])
    got = [x for frame in FrameReader(channel) for x in m.decode_frame(Decoder(), frame)]
    assert got[0][0] == m.HELLO
    assert got[-1] == [m.ERROR, "protocol version mismatch: client 2, server 1"]
    assert proc.thread.join(5) is None and proc.outcome == ["error"]


@pytest.mark.parametrize("bad,reason", [
    (frame_header(5) + b"\xc1\xc1\xc1\xc1\xc1", "Protocol error"),
    (frame_header(17 * 1024 * 1024), "exceeds the limit of 16777216 bytes"),
    (frame_header(3) + b"\x91\x91\x63", "unknown message type 99"),
])
def test_garbage_from_the_far_side_fails_the_connection_with_a_reason(bad: bytes, reason: str) -> None:
    fake = FakeServer()
    fake.hello()
    conn = fake.connection().handshake(5)
    lost: list = []
    conn.on_lost = lost.append
    inv = conn.invoke("anything")
    fake.raw(bad)
    assert inv.wait(5) and inv.state == "Failed"
    assert reason in inv.reason
    deadline = time.time() + 5
    while not lost and time.time() < deadline:
        time.sleep(0.01)
    assert lost and reason in lost[0]


def test_records_with_a_gap_in_their_numbers_fail_the_connection() -> None:
    fake = FakeServer()
    fake.hello()
    conn = fake.connection().handshake(5)
    inv = conn.invoke("x")
    fake.send_encoded(m.records(Encoder(), 1, 1, 5, [1], 1 << 20))
    assert inv.wait(5) and "records 1..4 of invocation 1 are missing" in inv.reason


def test_replayed_records_are_delivered_once() -> None:
    fake = FakeServer()
    fake.hello()
    conn = fake.connection().handshake(5)
    got: list = []
    inv = conn.invoke("x", on_record=lambda s, q, o: got.append((q, o)))
    enc = Encoder()
    fake.send_encoded(m.records(enc, 1, 1, 1, ["a", "b"], 1 << 20))
    fake.send_encoded(m.records(enc, 1, 1, 2, ["b", "c"], 1 << 20))
    fake.send([m.STATE, 1, "Completed", None])
    assert inv.wait(5)
    assert got == [(1, "a"), (2, "b"), (3, "c")]


def test_messages_before_hello_are_refused_by_the_server(inproc: Any) -> None:
    proc = inproc()
    write_frames(proc.client_channel, [m.frame_payload([Encoder().pack([m.STOP, 1])])])
    proc.thread.join(5)
    assert proc.outcome == ["error"]


def test_a_bug_in_a_server_handler_fails_the_connection_with_a_reason(inproc: Any) -> None:
    proc = inproc()
    conn = proc.connect()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("handler bug")
    proc.host.submit = broken
    inv = conn.invoke("emit 1")
    assert inv.wait(5) and inv.state == "Failed"
    assert inv.reason == "internal error in the endpoint: RuntimeError: handler bug"
    proc.thread.join(5)
    assert proc.outcome == ["error"]


def test_on_first_output_is_called_once_after_the_first_records(inproc: Any) -> None:
    conn = inproc().connect()
    calls: list = []
    conn.on_first_output = lambda: calls.append(len(got))
    got: list = []
    inv = conn.invoke("emit 2", on_record=lambda s, q, o: got.append(o))
    assert inv.wait(5)
    assert collect(conn, "emit 1")[0] == "Completed"
    assert calls == [2] and conn.on_first_output is None
