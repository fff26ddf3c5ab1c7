"""The endpoint's server loop: one connection attached to a ``RunspaceHost``.

``serve(channel, host)`` is all an endpoint needs (``python -m shell --endpoint``
builds the executor and the host, then calls it): it greets the client, checks its
hello, feeds requests to the host from a table of handlers, and, on the thread that
called it, drains the host's outbox, coalescing whatever is pending into frames
of up to ``FRAME_TARGET`` bytes (one system call for many records). A connection
thus starts one thread of its own, the reading thread (two when a command runs
for longer than a tick; see ``_Readers``).

Requests are read by two threads taking turns (``_Readers``, leader/follower): the
one that reads an invocation which can start at once runs it itself while the
other reads on, and the runner sends the invocation's end itself when the writer
is idle. A short command thus costs the endpoint no thread switch at all: measured
on a loop of ``Invoke-Command -Session $s { 1 }``, about 45 us per call less than
waking the runspace worker for it.

It returns why the connection ended: ``"closed"`` (the client said close),
``"disconnected"`` (the client left on purpose; the host may be kept for a later
connection), ``"lost"`` (end of stream without a goodbye) or ``"error"`` (a
protocol error; an ERROR message was sent first, when possible). Only a CLOSE
from the client closes the host (its invocations are stopped before the last
output is flushed); otherwise the host's owner decides what becomes of it.
"""

from __future__ import annotations

import threading
from collections import deque
from time import monotonic
from typing import Any

from sessions import messages as m
from sessions.codec import Decoder, Encoder
from sessions.framing import Channel, FrameError, FrameReader, write_frames
from sessions.runspace_host import Batch, Final, Outbox, Run, RunspaceHost

#: A writer starts a new frame past this many bytes (frames stay well below the limit).
FRAME_TARGET = 1024 * 1024

CLOSED = "closed"
DISCONNECTED = "disconnected"
LOST = "lost"
ERROR = "error"


class _Writer:
    """Drains a host's outbox into frames on the channel, on the thread that serves the
    connection (``run``, until ``stop``): a connection has no writer thread of its own."""

    def __init__(self, channel: Channel, host: RunspaceHost) -> None:
        self.channel = channel
        self.host = host
        self.encoder = Encoder()
        self.stopping = threading.Event()
        self.broken: BaseException | None = None
        # Held while items are taken from the outbox and written, by the writing thread
        # or by another thread draining (drain_now), so frames keep the outbox's order.
        self._lock = threading.Lock()
        self._ready = False
        #: Called on the writer's thread every Outbox.TICK while the outbox is in use.
        self.on_tick: Any = None

    def stop(self) -> None:
        """Have ``run`` return once what is queued is written (from any thread)."""
        self.stopping.set()
        self.host.outbox.wake()

    def write_rest(self) -> None:
        """Write what was queued after ``run`` returned (on the serving thread)."""
        if self.broken is None:
            with self._lock:
                self._write_queued()

    def drain_now(self) -> bool:
        """Write what is queued on the calling thread; False (nothing done) if the writer is busy."""
        if not self._ready or self.broken is not None or not self._lock.acquire(blocking=False):
            return False
        try:
            self._write_queued()
            return True
        finally:
            self._lock.release()

    def _write_queued(self) -> None:
        """Take what is queued and write it (``_lock`` held); a failure is recorded in ``broken``."""
        try:
            items = self.host.outbox.take_nowait()
            if items:
                self._write(items)
        except OSError as exc:  # the client is gone; the reader will see it too
            self.broken = exc
        except Exception as exc:  # noqa: BLE001 - as in the writer thread
            self.broken = exc
            self.channel.close()

    def run(self, first: bytes) -> None:
        """Write ``first`` (the hello), then what is queued, ticking, until ``stop``."""
        host = self.host
        outbox = host.outbox
        host.writer_ident = threading.get_ident()
        try:
            write_frames(self.channel, [m.frame_payload([first])], host.limit)
            self._ready = True
            while True:
                send = outbox.wait(self.stopping)
                if send is None:
                    return
                if not send:
                    host.tick()
                    if self.on_tick is not None:
                        self.on_tick()
                    continue
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
        finally:
            # No more ticks: what waited for one must not wait for ever.
            host.writer_ident = None
            outbox.stopped_ticking()
            if self.on_tick is not None:
                self.on_tick(True)

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
        self.host.outbox.room_made()  # producers waiting for room re-check their pending records
        write_frames(self.channel, payloads, self.host.limit)
        for run in finals:
            self.host.sent_final(run)


class _Session:
    """The handler table of one attached connection."""

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
        """Handle one request; the connection's outcome when it ends the connection, else None."""
        self._check(msg)
        return self.dispatch(msg)

    def start(self, msg: list[Any]) -> Run | None:
        """An INVOKE: the run to execute on this thread at once, or None (it was queued)."""
        self._check(msg)
        return self.host.submit(*msg[1:], inline=True)

    def _check(self, msg: list[Any]) -> None:
        if not self.greeted and msg[0] not in (m.HELLO, m.ERROR, m.CLOSE):
            raise m.ProtocolError(f"{m.NAMES[msg[0]]} message before hello")


class _Readers:
    """Reads the client's requests and handles them: leader/follower on two threads.

    One thread (the leader) reads and handles requests. When it reads an invocation
    that can start at once (nothing runs or waits), it hands the reading to the
    other thread and runs the invocation itself: the thread that has the request in
    hand runs it, instead of waking the runspace worker for it (one thread switch
    less per command; the worker runs what queues up behind). A stop for it is read
    meanwhile by the new leader. The other thread is then waiting, or just sending
    the end of the invocation before (which is why this one could start): it leads
    as soon as it is back. ``ended`` is set (and ``on_end`` called) once a request,
    the end of the stream or an error ends the connection.

    The other thread is started the first time it is to lead: a connection whose
    commands each end within a TICK (``Invoke-Command -ComputerName a,b { hostname }``)
    never needs it, and never pays for it.
    """

    def __init__(self, channel: Channel, host: RunspaceHost, session: _Session) -> None:
        self.host = host
        self.session = session
        self.frames = FrameReader(channel, host.limit)
        self.decoder = Decoder()
        self.backlog: deque[bytes] = deque()        # frames read, not yet decoded
        self.msgs: deque[list[Any]] = deque()       # messages decoded, not yet handled
        self.cond = threading.Condition()           # the two threads wait on it (nothing else)
        self.ended = threading.Event()              # serve() waits on it
        self.outcome: str | None = None
        self.lead_wanted = True                     # the next thread to look leads
        self.wanted_since: float | None = None      # since when, if the waiting thread was not woken
        self.threads = 0                            # reading threads started (at most two)
        self.on_end: Any = None                     # called once the connection has ended

    def start(self) -> None:
        """Start reading and handling requests (``ended`` is set when the connection ends)."""
        with self.cond:
            self._start_thread()

    def _start_thread(self) -> None:
        """Start a reading thread (under ``cond``)."""
        self.threads += 1
        threading.Thread(target=self._thread, name="psrepl-reader", daemon=True).start()

    def _wake_other(self) -> None:
        """Let the waiting thread lead, starting it the first time (under ``cond``)."""
        if self.threads < 2:
            self._start_thread()
        else:
            self.cond.notify()

    def _thread(self) -> None:
        while True:
            with self.cond:
                while not self.lead_wanted and self.outcome is None:
                    self.cond.wait()
                if self.outcome is not None:
                    return
                self.lead_wanted = False
                self.wanted_since = None
            try:
                run = self._lead()
            except BaseException:
                self._end(ERROR)    # never leave serve() waiting for an outcome
                raise
            if run is None:
                return
            self.host.execute(run)

    def _lead(self) -> Run | None:
        """Read and handle requests; the run this thread is to execute (the reading handed
        over), or None once the connection has ended."""
        try:
            while True:
                if not self.msgs:
                    if not self.backlog:
                        frames = self.frames.read_batch()
                        if not frames:
                            return self._end(LOST)
                        self.backlog.extend(frames)
                    self.msgs.extend(m.decode_frame(self.decoder, self.backlog.popleft()))
                msg = self.msgs.popleft()
                if msg[0] == m.INVOKE:
                    run = self.session.start(msg)
                    if run is not None:
                        self._hand_over()
                        return run
                    continue
                outcome = self.session.handle(msg)
                if outcome is not None:
                    return self._end(outcome)
        except (FrameError, m.ProtocolError) as exc:
            _send_error(self.host, str(exc))
            return self._end(ERROR)
        except OSError:
            return self._end(LOST)
        except Exception as exc:  # noqa: BLE001 - a bug in a handler fails the connection, loudly
            _send_error(self.host, f"internal error in the endpoint: {type(exc).__name__}: {exc}")
            return self._end(ERROR)

    def _hand_over(self) -> None:
        """Let the other thread lead. It is woken only if the command is still running a
        TICK later (``tick``; the writer ticks while a command runs): a short command's
        runner is back first and leads on itself, and nobody was woken. With the writer
        gone (no TICK), it is woken at once."""
        gone = self.host.outbox.writer_gone()
        with self.cond:
            self.lead_wanted = True
            if gone:
                self._wake_other()
            else:
                self.wanted_since = monotonic()

    def tick(self, last: bool = False) -> None:
        """On the writer's thread, every TICK: wake the waiting thread to lead if nobody has
        for a TICK (a command still running: a stop for it must be read); ``last``: the
        writer ends (no more ticks), so wake it now."""
        with self.cond:
            since = self.wanted_since
            if since is not None and self.lead_wanted and (last or monotonic() - since >= Outbox.TICK):
                self.wanted_since = None
                self._wake_other()

    def close_requested(self) -> None:
        """An invocation that asked for it has ended: the connection ends as if closed."""
        self._end(CLOSED)

    def _end(self, outcome: str) -> None:
        with self.cond:
            if self.outcome is None:
                self.outcome = outcome
            self.cond.notify_all()
        self.ended.set()
        if self.on_end is not None:
            self.on_end()


def serve(channel: Channel, host: RunspaceHost) -> str:
    """Attach a connection on ``channel`` to ``host`` and serve it until it ends.

    Returns ``"closed"``, ``"disconnected"``, ``"lost"`` or ``"error"`` (see the
    module docstring). The channel is closed on return; the host is left to the caller.
    """
    host.attach()
    host.outbox.touch()   # the writer ticks at first: see _Readers (its other thread)
    writer = _Writer(channel, host)
    session = _Session(host, writer)
    outcome = LOST
    try:
        readers = _Readers(channel, host, session)
        readers.on_end = writer.stop
        writer.on_tick = readers.tick
        host.drain = writer.drain_now
        host.on_close_requested = readers.close_requested
        readers.start()
        # This thread writes, until the connection ends (or the channel breaks: the
        # reading thread then sees the end too).
        writer.run(host.hello())
        readers.ended.wait()
        outcome = readers.outcome or LOST
    except Exception as exc:  # noqa: BLE001 - a bug here fails the connection, loudly
        outcome = ERROR
        _send_error(host, f"internal error in the endpoint: {type(exc).__name__}: {exc}")
    finally:
        if outcome == CLOSED:
            host.close()  # the client asked for the runspace to end; stop what runs first
        host.drain = None
        host.on_close_requested = None
        host.detach()
        if outcome in (CLOSED, ERROR):
            writer.write_rest()   # the client reads until the end: it learns how its commands ended
        channel.close()
    return outcome


def _send_error(host: RunspaceHost, message: str) -> None:
    """Queue an ERROR message so the client learns why before the channel closes."""
    try:
        host.send([m.ERROR, message])
    except Exception:  # noqa: BLE001 - best effort on the way out
        pass


def serve_fds(read_fd: int, write_fd: int, make_executor: Any, *, protect_stdio: bool = True,
              freeze: bool = True) -> int:
    """Serve one connection on file descriptors, as an endpoint process does; returns an exit code.

    With ``protect_stdio`` and the protocol on fd 0/1, the protocol descriptors are
    first moved away and fd 0 pointed at /dev/null and fd 1 at stderr, so that
    nothing else in the process (a stray print, a native program that inherits
    stdout) can write into the protocol stream. ``make_executor()`` is called after
    that; the runspace host it goes into is closed when the connection ends (there
    is no session keeper yet to hand it to). ``freeze``: what is built by then lives
    as long as the process, so the collector need not walk it again (``gc.freeze``);
    a keeper's child, which serves one connection after another, passes False, or
    every connection's runspace would stay frozen, never freed.
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
    if freeze:
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
