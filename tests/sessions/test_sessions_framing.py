"""Frames: length prefix, split reads, many frames per read, the size limit."""

from __future__ import annotations

import os
import socket

import pytest

from sessions.framing import (FdChannel, FrameError, FrameReader, FrameTooLarge, ReadTimeout, SocketChannel,
                              frame_header, write_frames)


class ScriptedChannel:
    """A channel whose reads return the given chunks, one per read."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = list(chunks)
        self.reads = 0

    def read(self, n: int) -> bytes:
        self.reads += 1
        return self.chunks.pop(0) if self.chunks else b""

    def write_parts(self, parts: list[bytes]) -> None:
        raise AssertionError("not written in these tests")

    def close(self) -> None:
        pass


def framed(*payloads: bytes) -> bytes:
    return b"".join(frame_header(len(p)) + p for p in payloads)


def test_frames_split_across_reads_one_byte_at_a_time() -> None:
    data = framed(b"hello", b"", b"world" * 100)
    reader = FrameReader(ScriptedChannel([data[i:i + 1] for i in range(len(data))]))
    assert list(reader) == [b"hello", b"", b"world" * 100]


def test_many_frames_in_one_read_come_back_as_one_batch() -> None:
    reader = FrameReader(ScriptedChannel([framed(*[b"x%d" % i for i in range(1000)])]))
    batch = reader.read_batch()
    assert len(batch) == 1000 and batch[7] == b"x7"
    assert reader.read_batch() == []


def test_oversized_frame_is_refused_before_its_payload_is_read() -> None:
    channel = ScriptedChannel([frame_header(17 * 1024 * 1024) + b"abc"])
    with pytest.raises(FrameTooLarge, match="a frame of 17825792 bytes exceeds the limit of 16777216 bytes"):
        FrameReader(channel).read_batch()
    assert channel.reads == 1


def test_a_custom_limit_applies() -> None:
    with pytest.raises(FrameTooLarge):
        FrameReader(ScriptedChannel([framed(b"x" * 11)]), limit=10).read_batch()
    assert FrameReader(ScriptedChannel([framed(b"x" * 10)]), limit=10).read_batch() == [b"x" * 10]


def test_end_of_stream_inside_a_frame_is_an_error() -> None:
    with pytest.raises(FrameError, match="middle of a frame"):
        list(FrameReader(ScriptedChannel([framed(b"abcdef")[:-2]])))
    with pytest.raises(FrameError):
        list(FrameReader(ScriptedChannel([b"\x00\x00"])))


def test_clean_end_of_stream_between_frames() -> None:
    reader = FrameReader(ScriptedChannel([framed(b"a")]))
    assert reader.read_batch() == [b"a"]
    assert reader.read_batch() == []
    assert reader.eof


def test_write_frames_refuses_an_oversized_payload() -> None:
    r, w = os.pipe()
    channel = FdChannel(r, w)
    try:
        with pytest.raises(FrameTooLarge):
            write_frames(channel, [b"x" * 11], limit=10)
    finally:
        channel.close()


def test_round_trip_over_a_pipe_with_large_and_small_frames() -> None:
    r, w = os.pipe()
    reader_side, writer_side = FdChannel(r, -1), FdChannel(-1, w)
    payloads = [b"a" * 3, os.urandom(300_000), b"", b"z"]
    import threading
    t = threading.Thread(target=lambda: (write_frames(writer_side, payloads), os.close(w)))
    t.start()
    got = list(FrameReader(reader_side))
    t.join()
    os.close(r)
    assert got == payloads


def test_socket_channel_close_wakes_a_blocked_reader() -> None:
    import threading
    a, b = socket.socketpair()
    channel = SocketChannel(a)
    result: list[bytes] = []
    t = threading.Thread(target=lambda: result.append(channel.read(10)))
    t.start()
    channel.close()
    t.join(2)
    assert not t.is_alive() and result == [b""]
    b.close()


@pytest.mark.parametrize("kind", ["socket", "fd"])
def test_a_closed_channel_never_writes_to_the_next_file_given_its_number(kind: str) -> None:
    # An acknowledgement sent late by another thread must not land in whatever the
    # system opened next under the same descriptor number (seen in CI: a new
    # connection's endpoint received an old connection's ACK before its hello).
    a, b = socket.socketpair()
    number = a.fileno()
    channel = SocketChannel(a) if kind == "socket" else FdChannel(a.detach(), number)
    channel.close()
    c, d = socket.socketpair()
    assert c.fileno() == number or d.fileno() == number    # the number was given again
    newcomer, other = (c, d) if c.fileno() == number else (d, c)
    with pytest.raises(BrokenPipeError):
        channel.write_parts([b"late ACK"])
    assert channel.read(10) == b""                          # nor reads from it
    newcomer.sendall(b"fresh")
    assert other.recv(10) == b"fresh"
    other.setblocking(False)
    newcomer.close()
    assert other.recv(10) == b""                            # nothing else was written
    for s in (b, other):
        s.close()


def test_close_wakes_a_blocked_writer_which_then_closes_the_socket() -> None:
    # The writer holds the descriptor while it is blocked on a full socket; close
    # shuts the socket down (the write fails at once) and the writer, leaving last,
    # closes it.
    import threading
    import time
    a, b = socket.socketpair()
    a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    channel = SocketChannel(a)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            channel.write_parts([b"x" * (4 << 20)])          # far more than the buffers hold
        except OSError as exc:
            errors.append(exc)
    t = threading.Thread(target=write)
    t.start()
    time.sleep(0.2)                                          # it is blocked now
    assert t.is_alive() and a.fileno() != -1
    channel.close()
    t.join(5)
    assert not t.is_alive() and len(errors) == 1
    assert a.fileno() == -1                                  # closed, by the writer as it left
    b.close()


def test_a_timed_read_gives_up_and_keeps_what_it_had() -> None:
    a, b = socket.socketpair()
    reader = FrameReader(SocketChannel(a))
    data = framed(b"first", b"second")
    b.sendall(data[:11])                          # one frame and a bit of the next
    assert reader.read_batch(timeout=5) == [b"first"]
    with pytest.raises(ReadTimeout):
        reader.read_batch(timeout=0.05)           # the rest has not come
    b.sendall(data[11:])
    assert reader.read_batch(timeout=5) == [b"second"]
    b.close()
    assert reader.read_batch(timeout=5) == []     # the end is an end, not a timeout


def test_reads_grow_for_a_large_frame_and_shrink_again() -> None:
    sizes: list[int] = []

    class Recording(ScriptedChannel):
        def read(self, n: int) -> bytes:
            sizes.append(n)
            chunk = super().read(n)
            if len(chunk) > n:
                self.chunks.insert(0, chunk[n:])
            return chunk[:n]

    big = b"x" * (3 * 1024 * 1024)
    data = framed(big)
    chunks = [data[at:at + 256 * 1024] for at in range(0, len(data), 256 * 1024)]
    chunks.append(framed(b"small"))
    assert list(FrameReader(Recording(chunks))) == [big, b"small"]
    assert sizes[:3] == [64 * 1024, 128 * 1024, 256 * 1024]
    assert max(sizes) > 256 * 1024 and sizes[-1] == 64 * 1024   # after a short read: small again
