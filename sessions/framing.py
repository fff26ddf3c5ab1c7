"""Frames over a byte channel: a 4-byte big-endian length, then the payload.

A *channel* is the byte stream a transport provides (the pipes of a child
process, a socket, an SSH channel): ``read(n, timeout=None) -> bytes`` (``b''``
at end of stream; ``ReadTimeout`` when ``timeout`` seconds pass with nothing to
read), ``write_parts(parts)`` (write all of several byte strings, in order, as
one write where the platform allows) and ``close()``. ``FdChannel`` and
``SocketChannel`` are the two kinds the standard library gives us;
``sessions.transport_ssh.SSHChannel`` is the third.

``FrameReader`` sizes its reads to what arrives: 64 KiB at first, doubling
while reads come back full (a large frame), back to 64 KiB after a short one.
Requests and replies are small, and a 1 MiB read costs about 15 us more than a
64 KiB one (the buffer is allocated, then shrunk).

A frame longer than the limit (16 MiB by default) is refused: the reader raises
``FrameTooLarge`` before reading its payload, and the connection is closed.
"""

from __future__ import annotations

import errno
import os
import select
import threading
from typing import TYPE_CHECKING, Iterator, Protocol

if TYPE_CHECKING:
    import socket

DEFAULT_LIMIT = 16 * 1024 * 1024
_HEADER = 4
_CHUNK = 1024 * 1024
_SMALL = 64 * 1024


class FrameError(Exception):
    """The byte stream does not hold well-formed frames."""


class FrameTooLarge(FrameError):
    """A frame longer than the limit was announced."""


class ReadTimeout(Exception):
    """Nothing arrived within the timeout of a read (nothing was consumed)."""


class Channel(Protocol):
    """A reliable, ordered byte stream."""

    def read(self, n: int, timeout: float | None = None) -> bytes:
        """Up to ``n`` bytes; ``b''`` at end of stream. Blocks until some arrive, or raises
        ReadTimeout once ``timeout`` seconds have passed (None: no limit)."""

    def write_parts(self, parts: list[bytes]) -> None:
        """Write every byte of ``parts`` in order (raises OSError when the peer is gone)."""

    def close(self) -> None:
        """Close both directions; a blocked ``read`` returns or raises."""


class FdChannel:
    """A channel over two file descriptors (pipes), or one (a socket used as an fd).

    The descriptors are owned: ``close`` closes them. A descriptor number is never
    used after ``close``: the system may give the number to the next file or socket
    opened, and a late write (an acknowledgement sent by another thread, say) would
    land in it. So each read and write holds its descriptor while it runs, and
    ``close`` -- which first wakes what is blocked on a socket -- leaves a descriptor
    still held to the last operation on it to close. After ``close``, reads return
    ``b''`` and writes raise BrokenPipeError.
    """

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self.read_fd = read_fd
        self.write_fd = write_fd
        self._closed = False
        self._lock = threading.Lock()
        self._open = {read_fd, write_fd}        # not yet closed
        self._held: dict[int, int] = {}         # descriptor -> operations running on it

    def _hold(self, fd: int) -> bool:
        """Note an operation on ``fd``; False (nothing noted) once the channel is closed."""
        with self._lock:
            if self._closed:
                return False
            self._held[fd] = self._held.get(fd, 0) + 1
            return True

    def _let_go(self, fd: int) -> None:
        """An operation on ``fd`` ended; the last one after ``close`` closes it."""
        with self._lock:
            left = self._held[fd] = self._held[fd] - 1
            last = self._closed and not left and fd in self._open
            if last:
                self._open.discard(fd)
        if last:
            self._close_fd(fd)

    def read(self, n: int, timeout: float | None = None) -> bytes:
        """Up to ``n`` bytes, ``b''`` at end of stream or after ``close``; ReadTimeout when
        nothing arrives within ``timeout`` seconds."""
        fd = self.read_fd
        if not self._hold(fd):
            return b""
        try:
            if timeout is not None:
                if not select.select([fd], [], [], timeout)[0]:
                    raise ReadTimeout
                if self._closed:
                    return b""
            while True:
                try:
                    return os.read(fd, n)
                except InterruptedError:
                    continue
                except OSError as exc:
                    if self._closed or exc.errno in (errno.EBADF, errno.ECONNRESET):
                        return b""
                    raise
        finally:
            self._let_go(fd)

    def write_parts(self, parts: list[bytes]) -> None:
        """Write all of ``parts`` with as few system calls as possible."""
        fd = self.write_fd
        if not self._hold(fd):
            raise BrokenPipeError(errno.EPIPE, "the channel is closed")
        try:
            total = sum(len(p) for p in parts)
            if len(parts) > 1 and total < 65536:
                parts = [b"".join(parts)]
            views = [memoryview(p) for p in parts if p]
            while views:
                written = os.writev(fd, views[:1024])
                while written and views:
                    if written >= len(views[0]):
                        written -= len(views[0])
                        views.pop(0)
                    else:
                        views[0] = views[0][written:]
                        written = 0
        finally:
            self._let_go(fd)

    def close(self) -> None:
        """Wake what is blocked on a socket; each descriptor is closed by the last to let go (once)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            fds = list(self._open)
            for fd in fds:     # held while waking, so no other thread closes one under us
                self._held[fd] = self._held.get(fd, 0) + 1
        self._wake()
        for fd in fds:
            self._let_go(fd)

    def _wake(self) -> None:
        """A socket (one descriptor both ways) is shut down, so a blocked read or write returns."""
        if self.read_fd != self.write_fd:
            return
        import socket  # noqa: PLC0415 - not on an endpoint's start-up path

        try:
            with socket.socket(fileno=os.dup(self.read_fd)) as sock:
                sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _close_fd(self, fd: int) -> None:
        try:
            os.close(fd)
        except OSError:
            pass


class SocketChannel(FdChannel):
    """A channel over a connected stream socket (the socket object is kept alive)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        fd = sock.fileno()
        super().__init__(fd, fd)

    def _wake(self) -> None:
        import socket  # noqa: PLC0415

        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _close_fd(self, fd: int) -> None:
        self.sock.close()


def frame_header(length: int) -> bytes:
    """The 4-byte big-endian length prefix of a frame."""
    return length.to_bytes(_HEADER, "big")


def write_frames(channel: Channel, payloads: list[bytes], limit: int = DEFAULT_LIMIT) -> None:
    """Write ``payloads`` as frames (one system call when small); refuses any above ``limit``."""
    parts: list[bytes] = []
    for payload in payloads:
        if len(payload) > limit:
            raise FrameTooLarge(f"a frame of {len(payload)} bytes exceeds the limit of {limit} bytes")
        parts.append(frame_header(len(payload)))
        parts.append(payload)
    channel.write_parts(parts)


class FrameReader:
    """Reads frames from a channel, many per system call when they are small."""

    def __init__(self, channel: Channel, limit: int = DEFAULT_LIMIT) -> None:
        self.channel = channel
        self.limit = limit
        self._buf = bytearray()
        self._pos = 0
        self._size = _SMALL         # the next read's size (see the module docstring)
        self.eof = False

    def read_batch(self, timeout: float | None = None) -> list[bytes]:
        """Every complete frame available after at most one read; ``[]`` at a clean end.

        Raises FrameTooLarge for a frame above the limit and FrameError when the
        stream ends inside a frame; with ``timeout``, ReadTimeout when a read finds
        nothing within that many seconds (what was read before is kept).
        """
        while True:
            frames = self._split()
            if frames:
                return frames
            if self.eof:
                return []
            most = max(_CHUNK, self._missing())
            size = self._size if self._size < most else most
            data = self.channel.read(size) if timeout is None else self.channel.read(size, timeout)
            if len(data) == size and size < most:
                self._size = size * 2
            elif len(data) < _SMALL:
                self._size = _SMALL
            if not data:
                self.eof = True
                if len(self._buf) > self._pos:
                    raise FrameError("the connection ended in the middle of a frame")
                return []
            if self._pos:
                del self._buf[:self._pos]
                self._pos = 0
            self._buf += data

    def __iter__(self) -> Iterator[bytes]:
        while True:
            batch = self.read_batch()
            if not batch:
                return
            yield from batch

    def _missing(self) -> int:
        avail = len(self._buf) - self._pos
        if avail < _HEADER:
            return _HEADER - avail
        length = int.from_bytes(self._buf[self._pos:self._pos + _HEADER], "big")
        return _HEADER + length - avail

    def _split(self) -> list[bytes]:
        buf = self._buf
        pos = self._pos
        end = len(buf)
        frames: list[bytes] = []
        view = memoryview(buf)
        try:
            while end - pos >= _HEADER:
                length = int.from_bytes(view[pos:pos + _HEADER], "big")
                if length > self.limit:
                    raise FrameTooLarge(
                        f"a frame of {length} bytes exceeds the limit of {self.limit} bytes")
                if end - pos - _HEADER < length:
                    break
                frames.append(bytes(view[pos + _HEADER:pos + _HEADER + length]))
                pos += _HEADER + length
        finally:
            view.release()
        self._pos = pos
        return frames
