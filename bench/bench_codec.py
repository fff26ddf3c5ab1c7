"""The wire codec's rate (issue 3, benchmark 3b), beside the standard library's json in the same run.

The work measured is the whole path objects take between a job and the console:
200,000 ``[pscustomobject]@{Id=$i; Name="p$i"}`` PSObjects, each handed to the
endpoint's output callback as the interpreter hands it (``wire_output.OutputBuffer.out``,
one Python call per object: the snapshot is taken as an object is written) ->
wire records, 4,096 at a time (``Run.emit_rows``) -> the writer's ROWS messages ->
frames (length prefix included) -> read back by the frame reader -> decoded into
``Deserialized.`` PSObjects (the shell's decoder, every frame of a read at once, as
the console's connection does). The reference is ``json.loads(json.dumps(dicts))``
of the same data as 200,000 plain dicts in one call (json's best case). Goal: the
codec at most 1x json's time, i.e. at least as fast.

The decoded objects are complete: every value is decoded and each object answers
for its properties. Rows decode to row-backed PSObjects (psobject.PSObject.rows),
which build their property dicts only when code sets a property or reads
``.properties``; the last row shows that cost too: decoding, then reading every
object's ``.properties`` in a pass of its own (the worst case of code that needs
the dicts, e.g. formatting or Invoke-Command stamping PSComputerName), beside
json.loads.

Run alone: ``.venv/bin/python bench/run.py codec`` (or this file directly).
"""

from __future__ import annotations

import gc
import json
import sys
import time
from collections import deque
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from benchlib import Row  # noqa: E402

COUNT = 200_000
CHUNK = 4096


class _Buffer:
    """A channel that keeps what is written and reads it back."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.data = b""
        self.pos = 0

    def write_parts(self, parts: list[bytes]) -> None:
        self.parts.extend(parts)

    def rewind(self) -> None:
        self.data, self.parts, self.pos = b"".join(self.parts), [], 0

    def read(self, n: int) -> bytes:
        chunk = self.data[self.pos:self.pos + n]
        self.pos += len(chunk)
        return chunk

    def close(self) -> None:
        pass


def _objects() -> list:
    from shell.language.psobject import PSObject
    return [PSObject({"Id": i, "Name": f"p{i}"}) for i in range(1, COUNT + 1)]


class _Executor:
    """The least a RunspaceHost needs: nothing runs on it (the bench drives a Run by hand)."""

    def info(self) -> dict:
        return {}

    def close(self) -> None:
        pass


def codec_round_trip(objs: list) -> tuple[float, float, int, float]:
    """(encode seconds, decode seconds, bytes, seconds to then read every object's
    ``.properties``) for ``objs`` through the whole wire path."""
    from sessions import messages as m
    from sessions.framing import FrameReader
    from sessions.runspace_host import InvokeRequest, Run, RunspaceHost
    from sessions.server import _Writer
    from shell.language import wire_adapter as wa
    from shell.language.wire_output import OutputBuffer

    channel = _Buffer()
    host = RunspaceHost(_Executor())
    writer = _Writer(channel, host)
    run = Run(host, InvokeRequest(1, "", [], {}, {}))
    output = OutputBuffer(run)
    out = output.out
    started = time.perf_counter()
    for first in range(0, len(objs), CHUNK):
        deque(map(out, objs[first:first + CHUNK]), 0)   # one call per object, as the interpreter makes
        writer._write(host.outbox.take_nowait())        # what the writer thread does meanwhile
    output.flush()
    writer._write(host.outbox.take_nowait())
    encoded = time.perf_counter() - started
    host.close()
    channel.rewind()
    size = len(channel.data)
    decoder = wa.decoder("localhost")
    received: list = []
    started = time.perf_counter()
    reader = FrameReader(channel)
    for frames in iter(reader.read_batch, []):      # as the connection's reader thread does
        for msg in m.decode_frames(decoder, frames):
            received.extend(msg[4])
    decoded = time.perf_counter() - started
    assert len(received) == len(objs) and received[-1].get("Name") == f"p{len(objs)}"
    assert received[0].type_names[0].startswith("Deserialized.")
    assert [o.get("id") for o in received[:3]] == [1, 2, 3] and str(received[1]) == "@{Id=2; Name=p2}"
    started = time.perf_counter()
    for obj in received:
        obj.properties      # noqa: B018 - the dict of each, as code that needs one builds it
    materialized = time.perf_counter() - started
    assert received[7].properties == {"Id": 8, "Name": "p8"}
    return encoded, decoded, size, materialized


def json_round_trip(dicts: list) -> tuple[float, float, int]:
    """(dumps seconds, loads seconds, bytes) of plain json on plain dicts, in one call each."""
    started = time.perf_counter()
    text = json.dumps(dicts)
    encoded = time.perf_counter() - started
    started = time.perf_counter()
    back = json.loads(text)
    decoded = time.perf_counter() - started
    assert len(back) == len(dicts)
    return encoded, decoded, len(text)


def json_per_object(dicts: list) -> float:
    """Seconds for json.dumps + json.loads of each dict on its own (a message-at-a-time codec)."""
    dumps, loads = json.dumps, json.loads
    started = time.perf_counter()
    for d in dicts:
        loads(dumps(d))
    return time.perf_counter() - started


def main() -> list[Row]:
    """Rows: the codec's round trip beside json's, best of 5 each, interleaved."""
    objs = _objects()
    dicts = [{"Id": i, "Name": f"p{i}"} for i in range(1, COUNT + 1)]
    # The inputs are fixtures, alive for the whole run: keep the collector from
    # traversing them again and again (a job's objects are streamed, never all alive).
    gc.collect()
    gc.freeze()
    ours: list[tuple[float, float, int, float]] = []
    theirs: list[tuple[float, float, int]] = []
    for _ in range(5):
        gc.collect()
        theirs.append(json_round_trip(dicts))
        gc.collect()
        ours.append(codec_round_trip(objs))
    per_object = min(json_per_object(dicts) for _ in range(3))
    gc.unfreeze()
    best = min(ours, key=lambda r: r[0] + r[1])
    ref = min(theirs, key=lambda r: r[0] + r[1])
    total, ref_total = (best[0] + best[1]) * 1000, (ref[0] + ref[1]) * 1000
    rate = COUNT / (total / 1000)
    return [
        Row("codec: 200,000 objects, PSObject -> frames -> PSObject", total, ref_total,
            "json.dumps + json.loads of the same dicts", goal=1.0),
        Row(f"  = {rate / 1e6:.2f}M objects/s round trip; encode only", best[0] * 1000, ref[0] * 1000,
            "json.dumps"),
        Row(f"  decode only ({best[2] / 1e6:.1f} MB of frames; json {ref[2] / 1e6:.1f} MB)",
            best[1] * 1000, ref[1] * 1000, "json.loads"),
        Row("  the same round trip beside json one object at a time", total, per_object * 1000,
            "json.loads(json.dumps(d)) for each dict"),
        Row("  decode, then every object's .properties dict", (best[1] + best[3]) * 1000, ref[1] * 1000,
            "json.loads"),
    ]


if __name__ == "__main__":
    from benchlib import print_rows
    print_rows(main())
