"""An invocation's output buffer: snapshots as objects are written, rows for runs of one shape, order kept."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from sessions import messages as m
from sessions.codec import Decoder
from sessions.framing import FrameReader
from sessions.runspace_host import InvokeRequest, Run, RunspaceHost
from sessions.server import _Writer
from shell.language import wire_adapter as wa
from shell.language.pscollections import Hashtable
from shell.language.psobject import PSObject
from shell.language.wire_output import OutputBuffer


class _Executor:
    def info(self) -> dict:
        return {}

    def close(self) -> None:
        pass


class _Buffer:
    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.data = b""
        self.pos = 0

    def write_parts(self, parts: list[bytes]) -> None:
        self.parts.extend(parts)

    def read(self, n: int) -> bytes:
        if not self.data and self.parts:
            self.data, self.parts = b"".join(self.parts), []
        chunk = self.data[self.pos:self.pos + n]
        self.pos += len(chunk)
        return chunk

    def close(self) -> None:
        pass


class Wire:
    """An output buffer feeding a real Run, its writer and the shell's decoder."""

    def __init__(self) -> None:
        self.channel = _Buffer()
        self.host = RunspaceHost(_Executor())
        self.writer = _Writer(self.channel, self.host)
        self.run = Run(self.host, InvokeRequest(1, "", [], {}, {}))
        self.output = OutputBuffer(self.run)
        self.kinds: list[int] = []

    def received(self) -> list[tuple[int, int, Any]]:
        """(stream, seq, object) of everything sent, in order."""
        self.output.flush()
        done = threading.Event()
        done.set()
        self.writer._write(self.host.outbox.take(done))
        self.host.close()
        got = []
        decoder = wa.decoder("here")
        for payload in FrameReader(self.channel):
            self.kinds.extend(msg[0] for msg in Decoder().unpack(payload))
            for msg in m.decode_frame(decoder, payload):
                got.extend((msg[2], msg[3] + i, obj) for i, obj in enumerate(msg[4]))
        return got


def obj(**props: Any) -> PSObject:
    return PSObject(dict(props))


def test_a_run_of_one_shape_crosses_as_rows_and_arrives_whole() -> None:
    wire = Wire()
    for i in range(5000):
        wire.output.out(obj(Id=i, Name=f"p{i}"))
    got = wire.received()
    assert set(wire.kinds) == {m.ROWS}
    assert [seq for _, seq, _ in got] == list(range(1, 5001))
    assert [(o.get("Id"), o.get("Name")) for _, _, o in got[::1000]] == [(i, f"p{i}") for i in range(0, 5000, 1000)]
    assert got[0][2].type_names[0] == "Deserialized.System.Management.Automation.PSCustomObject"


def test_mixed_output_keeps_its_order() -> None:
    wire = Wire()
    written: list[Any] = [1, obj(a=1), obj(a=2), "text", obj(a=3, b=4), obj(b=5, a=6), obj(a=7),
                          PSObject({}), obj(a=8), PSObject({"a": 9}, ["My.Type", "System.Object"]),
                          PSObject({"a": 10}, string_form="ten"), obj(a=[1, 2]), obj(a=obj(x=1)),
                          obj(a=dt.datetime(2024, 5, 6)), Hashtable({"k": "v"}), None, obj(a=11)]
    for value in written:
        wire.output.out(value)
    got = wire.received()
    assert [seq for _, seq, _ in got] == list(range(1, len(written) + 1))
    back = [o for _, _, o in got]
    assert back[0] == 1 and back[3] == "text" and back[15] is None
    assert [o.names() for o in back[4:6]] == [["a", "b"], ["b", "a"]]
    assert [o.get("b") for o in back[4:6]] == [4, 5]
    assert back[7].names() == [] and back[9].type_names[0] == "Deserialized.My.Type"
    assert str(back[10]) == "ten" and back[11].get("a") == [1, 2] and back[12].get("a").get("x") == 1
    assert back[13].get("a") == dt.datetime(2024, 5, 6) and back[14]["k"] == "v"
    assert [o.get("a") for o in back if isinstance(o, PSObject) and type(o.get("a")) is int] == \
        [1, 2, 3, 6, 7, 8, 9, 10, 11]


def test_each_object_is_a_snapshot_of_the_moment_it_was_written() -> None:
    wire = Wire()
    same = obj(i=0, n="x")
    for i in range(1, 4):
        same.set("i", i)
        wire.output.out(same)
    other = obj(i=0, n="y")
    wire.output.out(1)
    for i in range(4, 6):
        other.set("i", i)
        wire.output.out(other)
    assert [o.get("i") for _, _, o in wire.received() if isinstance(o, PSObject)] == [1, 2, 3, 4, 5]


def test_rows_holding_values_that_do_not_cross_as_they_are_are_converted() -> None:
    wire = Wire()
    inner = obj(x=1)
    wire.output.out(obj(a=1, b="plain"))
    wire.output.out(obj(a=inner, b=[1, obj(y=2)]))
    got = [o for _, _, o in wire.received()]
    assert got[0].get("b") == "plain"
    assert got[1].get("a").get("x") == 1 and got[1].get("b")[1].get("y") == 2
    assert got[1].get("a").is_deserialized


def test_a_flush_from_another_thread_never_splits_or_loses_a_row() -> None:
    wire = Wire()
    stop = threading.Event()

    def flusher() -> None:
        while not stop.is_set():
            wire.output.flush()
    thread = threading.Thread(target=flusher)
    thread.start()
    try:
        for i in range(20000):
            wire.output.out(obj(Id=i, Name=str(i)) if i % 1000 else i)
    finally:
        stop.set()
        thread.join()
    got = [o for _, _, o in wire.received()]
    assert [o if type(o) is int else o.get("Id") for o in got] == list(range(20000))
    assert all(o.get("Name") == str(o.get("Id")) for o in got if type(o) is not int)
