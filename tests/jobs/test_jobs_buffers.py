"""Stream buffers: order within and across streams, take vs keep, HasMoreData, children merged."""

from __future__ import annotations

import threading

from jobs.buffers import ERROR, OUTPUT, WARNING, StreamBuffers, merge
from jobs.job import Job


def test_records_come_back_in_the_order_written_across_streams() -> None:
    buf = StreamBuffers()
    buf.append(OUTPUT, "a")
    buf.append(ERROR, "e1")
    buf.append(OUTPUT, "b")
    buf.append(WARNING, "w")
    buf.extend(OUTPUT, ["c", "d"])
    assert [(s, r) for _, s, r in buf.take()] == [
        (OUTPUT, "a"), (ERROR, "e1"), (OUTPUT, "b"), (WARNING, "w"), (OUTPUT, "c"), (OUTPUT, "d")]


def test_take_empties_peek_keeps() -> None:
    buf = StreamBuffers()
    assert not buf.has_data
    buf.append(OUTPUT, 1)
    assert buf.has_data
    assert [r for _, _, r in buf.peek()] == [1]
    assert buf.has_data
    assert [r for _, _, r in buf.take()] == [1]
    assert not buf.has_data
    assert buf.take() == []


def test_per_stream_views() -> None:
    buf = StreamBuffers()
    for i in range(3):
        buf.append(OUTPUT, i)
        buf.append(ERROR, f"e{i}")
    assert buf.stream(OUTPUT) == [0, 1, 2]
    assert buf.stream(ERROR) == ["e0", "e1", "e2"]
    assert buf.count() == 6 and buf.count(ERROR) == 3


def test_ordering_holds_under_concurrent_writers() -> None:
    buf = StreamBuffers()

    def writer(tag: str) -> None:
        for i in range(2000):
            buf.append(OUTPUT, (tag, i))
    threads = [threading.Thread(target=writer, args=(t,)) for t in "xyz"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    entries = buf.take()
    assert len(entries) == 6000
    assert [e[0] for e in entries] == sorted(e[0] for e in entries)
    for tag in "xyz":   # each writer's records stay in its own order
        assert [r[1] for _, _, r in entries if r[0] == tag] == list(range(2000))


def test_parent_and_children_are_received_in_written_order() -> None:
    parent = Job(1, "x")
    a = Job(2, "x", parent=parent)
    b = Job(3, "x", parent=parent)
    a.write(OUTPUT, "a1")
    b.write(OUTPUT, "b1")
    a.write(ERROR, "a-err")
    b.write(OUTPUT, "b2")
    assert parent.HasMoreData and a.HasMoreData
    assert [r for _, _, r in parent.receive(keep=True)] == ["a1", "b1", "a-err", "b2"]
    assert [r for _, _, r in parent.receive()] == ["a1", "b1", "a-err", "b2"]
    assert not parent.HasMoreData and not a.HasMoreData and not b.HasMoreData


def test_merge_of_one_batch_is_the_batch() -> None:
    assert list(merge([[(0, 1, "x")], []])) == [(0, 1, "x")]
