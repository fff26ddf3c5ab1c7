"""The endpoint's server loop: one connection attached to a ``RunspaceHost``.

``serve(channel, host)`` is all an endpoint needs (``python -m shell --endpoint``
builds the executor and the host, then calls it): it greets the client, checks its
hello, feeds requests to the host from a table of handlers, and runs a writer
thread that drains the host's outbox, coalescing whatever is pending into frames
of up to ``FRAME_TARGET`` bytes (one system call for many records).

It returns why the connection ended: ``"closed"`` (the client said close),
``"disconnected"`` (the client left on purpose; the host may be kept for a later
connection), ``"lost"`` (end of stream without a goodbye) or ``"error"`` (a
protocol error; an ERROR message was sent first, when possible). Only a CLOSE
from the client closes the host (its invocations are stopped before the last
output is flushed); otherwise the host's owner decides what becomes of it.
"""

from __future__ import annotations

import threading
from typing import Any

from sessions import messages as m
from sessions.codec import Decoder, Encoder
from sessions.framing import Channel, FrameError, FrameReader, write_frames
from sessions.runspace_host import Batch, Final, Run, RunspaceHost

#: A writer starts a new frame past this many bytes (frames stay well below the limit).
FRAME_TARGET = 1024 * 1024

CLOSED = "closed"
DISCONNECTED = "disconnected"
LOST = "lost"
ERROR = "error"


class _Writer:
    """Drains a host's outbox into frames on the channel, on its own thread."""

    def __init__(self, channel: Channel, host: RunspaceHost) -> None:
        self.channel = channel
        self.host = host
        self.encoder = Encoder()
        self.stopping = threading.Event()
        self.broken: BaseException | None = None
        # Held while items are taken from the outbox and written, by the writer thread
        # or by another thread draining (drain_now), so frames keep the outbox's order.
        self._lock = threading.Lock()
        self._ready = False
        self.thread = threading.Thread(target=self._run, name="psrepl-writer", daemon=True)

    def start(self, first: bytes) -> None:
        """Start writing; ``first`` (the hello) goes before anything queued."""
        self._first = first
        self.thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Write what is queued, then end (within ``timeout``)."""
        self.stopping.set()
        self.host.outbox.wake()
        self.thread.join(timeout)

    def drain_now(self) -> bool:
        """Write what is queued on the calling thread; False (nothing done) if the writer is busy."""
        if not self._ready or self.broken is not None or not self._lock.acquire(blocking=False):
            return False
        try:
            items = self.host.outbox.take_nowait()
            if items:
                self._write(items)
            return True
        except OSError as exc:  # the client is gone; the reader will see it too
            self.broken = exc
            return True
        except Exception as exc:  # noqa: BLE001 - as in the writer thread
            self.broken = exc
            self.channel.close()
            return True
        finally:
            self._lock.release()

    def _run(self) -> None:
        outbox = self.host.outbox
        try:
            write_frames(self.channel, [m.frame_payload([self._first])], self.host.limit)
            self._ready = True
            while outbox.wait(self.stopping):
                with self._lock:
                    if self.broken is not None:
                        return
                    items = outbox.take_nowait()
                    if items:
                        self._write(items)
        except OSError as exc:  # the client is gone; the reader will see it too
            self.broken = exc
        except Exception as exc:  # noqa: BLE001 - recorded, and the channel closed so the reader ends
            self.broken = exc
            self.channel.close()

    def _write(self, items: list[Any]) -> None:
        payloads: list[bytes] = []
        msgs: list[bytes] = []
        size = 0
        finals: list[Run] = []
        for item in items:
            cls = type(item)
            if cls is Batch:
                values = item.seal()
                run = item.run
                if item.shape is None:
                    parts = m.records(self.encoder, run.id, item.stream, item.first_seq, values,
                                      self.host.limit - 64)
                else:
                    parts = m.rows(self.encoder, run.id, item.stream, item.first_seq, item.shape[0],
                                   item.shape[1], values, self.host.limit - 64)
                run.retain(item.first_seq + item.count - 1, parts)
            elif cls is Final:
                parts = [item.data]
                finals.append(item.run)
            else:
                parts = [item]
            for data in parts:
                if msgs and size + len(data) > FRAME_TARGET:
                    payloads.append(m.frame_payload(msgs))
                    msgs, size = [], 0
                msgs.append(data)
                size += len(data)
        if msgs:
            payloads.append(m.frame_payload(msgs))
        self.host.outbox.wake()  # producers waiting for room re-check their pending records
        write_frames(self.channel, payloads, self.host.limit)
        for run in finals:
            self.host.sent_final(run)


class _Session:
    """The reader side of one attached connection: the handler table."""

    def __init__(self, host: RunspaceHost, writer: _Writer) -> None:
        self.host = host
        self.writer = writer
        self.greeted = False
        self.dispatch = m.Dispatcher({
            m.HELLO: self.on_hello, m.INVOKE: self.on_invoke, m.STOP: host.stop, m.ACK: host.ack,
            m.COMPLETE: host.complete, m.SET_LOCATION: host.set_location,
            m.DISCONNECT: lambda: DISCONNECTED, m.CLOSE: lambda reason: CLOSED,
            m.ERROR: self.on_error,
        })

    def on_hello(self, info: dict[str, Any]) -> None:
        m.check_hello(info, "server")
        self.greeted = True

    def on_invoke(self, inv_id: int, script: str, args: list[Any], using: dict[str, Any],
                  options: dict[str, Any]) -> None:
        self.host.submit(inv_id, script, args, using, options)

    def on_error(self, message: str) -> str:
        return LOST

    def handle(self, msg: list[Any]) -> str | None:
        if not self.greeted and msg[0] not in (m.HELLO, m.ERROR, m.CLOSE):
            raise m.ProtocolError(f"{m.NAMES[msg[0]]} message before hello")
        return self.dispatch(msg)


def serve(channel: Channel, host: RunspaceHost) -> str:
    """Attach a connection on ``channel`` to ``host`` and serve it until it ends.

    Returns ``"closed"``, ``"disconnected"``, ``"lost"`` or ``"error"`` (see the
    module docstring). The channel is closed on return; the host is left to the caller.
    """
    host.attach()
    writer = _Writer(channel, host)
    session = _Session(host, writer)
    decoder = Decoder()
    outcome = LOST
    try:
        writer.start(host.hello())
        host.drain = writer.drain_now
        reader = FrameReader(channel, host.limit)
        while outcome == LOST:
            frames = reader.read_batch()
            if not frames:
                break
            for payload in frames:
                msgs = m.decode_frame(decoder, payload)
                for msg in msgs:
                    result = session.handle(msg)
                    if result is not None:
                        outcome = result
                        break
                if outcome != LOST:
                    break
    except (FrameError, m.ProtocolError) as exc:
        outcome = ERROR
        _send_error(host, str(exc))
    except OSError:
        outcome = LOST
    except Exception as exc:  # noqa: BLE001 - a bug in a handler fails the connection, loudly
        outcome = ERROR
        _send_error(host, f"internal error in the endpoint: {type(exc).__name__}: {exc}")
    finally:
        if outcome == CLOSED:
            host.close()  # the client asked for the runspace to end; stop what runs first
        host.drain = None
        host.detach()
        writer.stop()
        channel.close()
    return outcome


def _send_error(host: RunspaceHost, message: str) -> None:
    """Queue an ERROR message so the client learns why before the channel closes."""
    try:
        host.send([m.ERROR, message])
    except Exception:  # noqa: BLE001 - best effort on the way out
        pass


def serve_fds(read_fd: int, write_fd: int, make_executor: Any, *, protect_stdio: bool = True) -> int:
    """Serve one connection on file descriptors, as an endpoint process does; returns an exit code.

    With ``protect_stdio`` and the protocol on fd 0/1, the protocol descriptors are
    first moved away and fd 0 pointed at /dev/null and fd 1 at stderr, so that
    nothing else in the process (a stray print, a native program that inherits
    stdout) can write into the protocol stream. ``make_executor()`` is called after
    that; the runspace host it goes into is closed when the connection ends (there
    is no session keeper yet to hand it to).
    """
    import os  # noqa: PLC0415

    from sessions.framing import FdChannel  # noqa: PLC0415
    from sessions.transport_process import die_with_parent  # noqa: PLC0415

    die_with_parent()
    if protect_stdio:
        if read_fd in (0, 1, 2):
            read_fd = _move_fd(read_fd)
        if write_fd in (0, 1, 2):
            write_fd = read_fd if write_fd == read_fd else _move_fd(write_fd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.dup2(2, 1)
    channel = FdChannel(read_fd, write_fd)
    host = RunspaceHost(make_executor())
    import gc  # noqa: PLC0415
    # Everything built so far lives as long as the process: keep the collector from
    # traversing it again and again while a job creates many objects.
    gc.freeze()
    try:
        outcome = serve(channel, host)
    finally:
        host.close()
    return 0 if outcome in (CLOSED, DISCONNECTED, LOST) else 1


def _move_fd(fd: int) -> int:
    """A non-inheritable duplicate of ``fd`` above the standard three."""
    import fcntl  # noqa: PLC0415

    return fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 3)
