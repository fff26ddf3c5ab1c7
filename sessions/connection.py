"""The client side of the protocol: a connection with several invocations in flight.

API (what jobs/ and the session cmdlets code against)::

    conn = Connection.start_process(argv, env=None, cwd=None, *, decoder=None,
                                    timeout=30.0, label="The background process")
        # spawns argv (e.g. [sys.executable, "-m", "shell", "--endpoint"]) with
        # pipes, exchanges hellos and returns once the far side is ready.
        # Raises ConnectionFailed with a clear message (the process died before it
        # was ready, with its error output; "protocol version mismatch: client 1,
        # server 2"; a timeout).
    conn = Connection(transport, decoder=None).handshake(timeout)   # any transport
    conn = Connection(transport, reader=False)  # no reader thread: its one owner reads
        # for itself (``pump``) while it waits -- the hello, its invocation, the end --
        # as Invoke-Command's worker does for a temporary session; ``start_reader()``
        # hands the reading to a thread after all (done by the requests that need one)
    conn.remote_info            # RemoteInfo: computer_name, user, location, pid, protocol
    conn.location               # the far side's location after the latest invocation
    conn.on_first_output = cb   # cb(): called once, on the reader thread, after the first
                                # records (or the first final state) have been delivered;
                                # e.g. to start more work only once a first job answered
    conn.on_lost = callback     # callback(reason: str): the connection dropped or the
                                # process died; every unfinished invocation has Failed
                                # with that reason first, e.g. "The background process
                                # exited unexpectedly (killed by signal 9)."
    inv = conn.invoke(script, args=(), using=None, *, on_record=None, on_records=None,
                      on_state=None, cwd=None, options=None)
        # args: list of codec values (``$args``); using: {name: codec value} for
        # ``$using:name``; options: {"cwd": path, ...}. Raises ConnectionLost when the
        # connection is already gone. Invocations on one connection run one after
        # another in the far side's one runspace (state is kept between them).
    inv.on_record(stream: int, seq: int, obj)          # per object, or
    inv.on_records(stream: int, first_seq: int, objs)  # per batch (faster; wins if given)
    inv.on_state(state: str, reason)   # "Running", then "Completed" | "Failed" | "Stopped";
                                       # reason: None, a str, or a codec value (an error
                                       # bag: convert it like a record)
    inv.state, inv.reason, inv.done, inv.wait(timeout=None) -> bool, inv.stop()
        # stop() asks the far side to stop this invocation only; its final state
        # ("Stopped") arrives later through on_state / wait().
    conn.complete(text, cursor, timeout=5.0) -> dict   # remote tab completion:
        # {"matches": [[insert_text, start_offset, display, meta], ...]}
    conn.set_location(path, timeout=5.0) -> str
    conn.close(timeout=2.0)     # ends the far side (its invocations stop) and reaps it
    conn.disconnect()           # leaves the far side running (for a session keeper)

Records and reasons arrive as decoded wire values (sessions.codec: Bag, Table,
Ticks, datetime, lists, ...), or as what ``decoder``'s factories build: the shell
passes ``shell.language.wire_adapter.decoder()`` so that objects arrive as
``Deserialized.`` PSObjects and ErrorRecords without a second pass; otherwise
convert each with ``wire_adapter.from_record``. Sequence numbers count from 1 per
invocation across all its streams, so (seq) orders records across streams.

Threads: one reader thread per connection (unless ``reader=False``); every callback
(on_record, on_records, on_state, on_lost) runs on it, or on a thread pumping, in
order. Callbacks must be quick and must not wait on this connection
(``invoke``/``stop`` from a callback are fine: they only write).
An exception raised by a callback fails that invocation (and stops it on the far
side) instead of killing the reader.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any, Callable

from sessions import messages as m
from sessions.codec import Decoder, Encoder
from sessions.framing import DEFAULT_LIMIT, FrameError, FrameReader, ReadTimeout, write_frames

#: The client acknowledges records after this many, and when an invocation ends.
ACK_EVERY = 512
#: The acknowledgement of an ended invocation waits this long (seconds) for a request to
#: carry it (the next invoke, usually): one message less each way per command.
ACK_DELAY = 0.05
#: After a caller read for itself (``pump``), the reader thread leaves the reading to
#: callers this long (seconds) before it reads again.
YIELD_TO_CALLERS = 0.05

RecordCallback = Callable[[int, int, Any], None]
RecordsCallback = Callable[[int, int, list], None]
StateCallback = Callable[[str, Any], None]


class ConnectionFailed(Exception):
    """The connection could not be set up; the message says why."""


class ConnectionLost(Exception):
    """The connection is gone; the message says why."""


class RemoteInfo:
    """Who the far side is, from its hello."""

    __slots__ = ("computer_name", "user", "location", "pid", "protocol", "extra")

    def __init__(self, info: dict[str, Any]) -> None:
        self.computer_name = str(info.get("computer_name", ""))
        self.user = str(info.get("user", ""))
        self.location = str(info.get("location", ""))
        pid = info.get("pid", 0)
        self.pid = pid if type(pid) is int else 0
        self.protocol = info.get("protocol")
        self.extra = info

    def __repr__(self) -> str:
        return f"RemoteInfo({self.user}@{self.computer_name} pid={self.pid} {self.location!r})"


class Invocation:
    """One script running (or queued) on the far side."""

    def __init__(self, conn: Connection, inv_id: int, script: str, on_record: RecordCallback | None,
                 on_records: RecordsCallback | None, on_state: StateCallback | None) -> None:
        self.connection = conn
        self.id = inv_id
        self.script = script
        self.on_record = on_record
        self.on_records = on_records
        self.on_state = on_state
        self.state = "NotStarted"
        self.reason: Any = None
        self.last_seq = 0
        self._acked = 0
        # Done: a flag, and a lock held until then that waiters pass through (a tenth of
        # the cost of an Event, one of which every command used to build).
        self._over = False
        self._gate = threading.Lock()
        self._gate.acquire()

    @property
    def done(self) -> bool:
        """True once the invocation reached a final state."""
        return self._over

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a final state; False when ``timeout`` passed first."""
        if self._over:
            return True
        if self._gate.acquire(timeout=-1 if timeout is None else max(timeout, 0)):
            self._gate.release()        # for the next waiter
            return True
        return self._over

    def _mark_done(self) -> None:
        if not self._over:
            self._over = True
            try:
                self._gate.release()
            except RuntimeError:  # released by another thread at the same moment
                pass

    def stop(self) -> None:
        """Ask the far side to stop this invocation (no effect once it has finished)."""
        if self._over:
            return
        try:
            self.connection._send([m.STOP, self.id])
        except ConnectionLost:
            pass

    def _finish(self, state: str, reason: Any) -> None:
        """Record a final state reached locally (connection lost or closed)."""
        if self._over:
            return
        self._set_state(state, reason)

    def _set_state(self, state: str, reason: Any) -> None:
        self.state = state
        self.reason = reason
        try:
            if self.on_state is not None:
                self.on_state(state, reason)
        finally:
            if state in m.FINAL_STATES:
                # Nothing is delivered after the end; the callbacks usually hold their
                # owner, which holds this invocation: let go, and refcounting frees them.
                self.on_record = self.on_records = self.on_state = None
                self._mark_done()

    def __repr__(self) -> str:
        return f"Invocation({self.id}, {self.state})"


class Connection:
    """A client connection over a transport (see the module docstring for the API).

    A transport has ``channel`` (sessions.framing.Channel), ``describe_exit(timeout)
    -> str | None`` (why the far side ended, once its stream has ended) and
    ``close(timeout)`` (end and reap the far side).
    """

    def __init__(self, transport: Any, *, decoder: Decoder | None = None,
                 limit: int = DEFAULT_LIMIT, label: str = "The remote endpoint", reader: bool = True) -> None:
        self.transport = transport
        self.channel = transport.channel
        self.label = label
        self.limit = limit
        self.remote_info: RemoteInfo | None = None
        self.location: str | None = None
        self.on_lost: Callable[[str], None] | None = None
        self.on_first_output: Callable[[], None] | None = None
        self.lost_reason: str | None = None
        self.closed = False
        self._decoder = decoder or Decoder()
        self._encoder = Encoder()
        self._send_lock = threading.Lock()
        # Encoded messages that ride on the next one sent (under _send_lock): our hello
        # (the far side needs it only with a first request), deferred ACKs.
        self._riders: list[bytes] = []
        self._acks_due: float | None = None     # when the oldest of them must go at the latest
        self._lock = threading.Lock()
        self._invocations: dict[int, Invocation] = {}
        self._next_id = 1
        self._requests: dict[int, list[Any]] = {}   # request id -> [event, reply]
        self._next_request = 1
        self._hello = threading.Event()
        self._peer_error: str | None = None
        self._closing = False
        self._close_asked = 0            # the invocation the far side closes the connection after
        self._close_coming = False       # ... which has ended: the far side is closing
        # Reading: the reader thread, or a caller waiting for its own results (``pump``:
        # its reads give up after a timeout), whichever holds _role.
        self._frames = FrameReader(self.channel, limit)
        self._role = threading.Lock()
        self._role_cond = threading.Condition()
        self._callers_wanted = False     # a caller found the reader reading: yield after this batch
        self._callers_until = 0.0        # the reader leaves the reading to callers until then
        self._ended = False
        self._dispatch = m.Dispatcher({
            m.HELLO: self._on_hello, m.RECORDS: self._on_records, m.STATE: self._on_state,
            m.COMPLETION: self._on_reply, m.LOCATION: self._on_location,
            m.CLOSE: lambda why: None, m.ERROR: self._on_error,
        })
        self._reader: threading.Thread | None = None   # made when started: most temporary sessions never are
        self._reader_started = False
        if reader:
            self.start_reader()

    def start_reader(self) -> None:
        """Read on a thread of the connection's own from now on (once; see ``reader=False``)."""
        with self._role_cond:
            if self._reader_started:
                return
            self._reader_started = True
            self._reader = threading.Thread(target=self._read_loop, name="psrepl-conn-reader", daemon=True)
        self._reader.start()

    # ----------------------------------------------------------- setting up
    @classmethod
    def start_process(cls, argv: list[str], env: dict[str, str] | None = None, cwd: str | None = None,
                      *, decoder: Decoder | None = None, timeout: float = 30.0,
                      label: str = "The background process", reader: bool = True) -> Connection:
        """Spawn ``argv`` as a local endpoint over pipes and return the ready connection."""
        from sessions.transport_process import ProcessTransport  # noqa: PLC0415

        try:
            transport = ProcessTransport.spawn(argv, env=env, cwd=cwd, label=label)
        except OSError as exc:
            raise ConnectionFailed(f"Cannot start {argv[0]}: {exc.strerror or exc}") from None
        return cls(transport, decoder=decoder, label=label, reader=reader).handshake(timeout)

    def handshake(self, timeout: float = 30.0) -> Connection:
        """Queue our hello (it rides with the first request) and wait for the far side's;
        returns self, or raises ConnectionFailed."""
        computer, user = m.local_identity()
        # Our hello goes with the first request (one message less each way, per
        # connection): the far side greets us without waiting for it.
        with self._send_lock:
            self._riders.insert(0, self._encoder.pack(m.hello(computer, user, os.getcwd(), os.getpid())))
        if not self._reader_started:
            deadline = time.monotonic() + timeout
            while not self._hello.is_set() and not self._ended:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                if not self.pump(min(left, 0.5)):
                    self._hello.wait(min(left, 0.05))   # another thread reads meanwhile
        if not self._hello.wait(timeout if self._reader_started else 0):
            self.transport.close()
            raise ConnectionFailed(f"{self.label} did not answer within {timeout:g} seconds.")
        if self.remote_info is None:
            reason = self._peer_error or self.lost_reason or f"{self.label} ended before it was ready."
            self.close()
            raise ConnectionFailed(reason)
        return self

    # ----------------------------------------------------------- requests
    def invoke(self, script: str, args: list[Any] | tuple = (), using: dict[str, Any] | None = None, *,
               on_record: RecordCallback | None = None, on_records: RecordsCallback | None = None,
               on_state: StateCallback | None = None, cwd: str | None = None,
               options: dict[str, Any] | None = None, then_close: bool = False) -> Invocation:
        """Start ``script`` on the far side; see the module docstring.

        ``then_close``: the far side closes the connection once this invocation has
        ended (its end, then the end of the stream): a one-command connection needs
        no CLOSE of its own. ``close()`` still releases the transport afterwards.
        Ignored when the far side's hello does not say it ``closes`` (an older psrepl).
        """
        opts = dict(options or {})
        if cwd is not None:
            opts["cwd"] = cwd
        info = self.remote_info
        then_close = then_close and info is not None and info.extra.get("closes") is True
        if then_close:
            opts["close"] = True
        with self._lock:
            if self.lost_reason is not None or self.closed:
                raise ConnectionLost(self.lost_reason or "The connection is closed.")
            inv_id = self._next_id
            self._next_id += 1
            inv = Invocation(self, inv_id, script, on_record, on_records, on_state)
            self._invocations[inv_id] = inv
            if then_close:
                self._close_asked = inv_id
        try:
            self._send([m.INVOKE, inv_id, script, list(args), dict(using or {}), opts])
        except BaseException:
            with self._lock:
                self._invocations.pop(inv_id, None)
                if self._close_asked == inv_id:
                    self._close_asked = 0
            raise
        return inv

    def complete(self, text: str, cursor: int, timeout: float = 5.0) -> dict[str, Any]:
        """Tab completion computed by the far side's runspace."""
        result, error = self._request(lambda rid: [m.COMPLETE, rid, text, cursor], timeout)
        if error is not None:
            raise ConnectionFailed(f"completion failed on the far side: {error}")
        return result or {"matches": []}

    def set_location(self, path: str, timeout: float = 5.0) -> str:
        """Set the far side's location; returns the new location (raises ConnectionFailed on error)."""
        location, error = self._request(lambda rid: [m.SET_LOCATION, rid, path], timeout)
        if error is not None:
            raise ConnectionFailed(error)
        return location

    def _request(self, build: Callable[[int], list[Any]], timeout: float) -> tuple[Any, Any]:
        self.start_reader()     # the reply is read by the connection's thread
        event = threading.Event()
        with self._lock:
            rid = self._next_request
            self._next_request += 1
            slot: list[Any] = [event, None]
            self._requests[rid] = slot
        self._resume_reader()
        try:
            self._send(build(rid))
            if not event.wait(timeout):
                raise ConnectionFailed(f"{self.label} did not answer within {timeout:g} seconds.")
        finally:
            with self._lock:
                self._requests.pop(rid, None)
        if slot[1] is None:
            raise ConnectionLost(self.lost_reason or "The connection is closed.")
        return slot[1]

    # ----------------------------------------------------------- ending
    def close(self, timeout: float = 2.0) -> None:
        """Close the far side (its invocations stop), reap it, and fail nothing else."""
        with self._lock:
            if self.closed:
                return
            self.closed = True
            self._closing = True
        self._resume_reader()
        if not self._ended and not self._close_coming:   # (else the far side closes by itself)
            try:
                self._send([m.CLOSE, None])
            except ConnectionLost:
                pass
        if not self._reader_started:
            # Read to the end here: the far side's last words (and that it has gone).
            deadline = time.monotonic() + timeout
            while not self._ended and time.monotonic() < deadline:
                if not self.pump(max(0.0, min(deadline - time.monotonic(), 0.5))):
                    break   # another thread reads: closing the transport ends its reading
            self.transport.close(timeout=0.5)
            return
        reader = self._reader
        assert reader is not None
        if threading.current_thread() is not reader:
            reader.join(timeout)
        self.transport.close(timeout=0.5)
        if threading.current_thread() is not reader:
            reader.join(1.0)

    def disconnect(self) -> None:
        """Leave the far side running with its runspace (a session keeper may hold it)."""
        with self._lock:
            if self.closed:
                return
            self.closed = True
            self._closing = True
        try:
            self._send([m.DISCONNECT])
        except ConnectionLost:
            pass
        self._resume_reader()       # (a closed channel reads as its end, never a reused descriptor)
        self.channel.close()

    # ----------------------------------------------------------- the wire
    def _send(self, msg: list[Any]) -> None:
        with self._send_lock:
            parts = self._riders
            self._riders = []
            self._acks_due = None
            parts.append(self._encoder.pack(msg))
            try:
                write_frames(self.channel, [m.frame_payload(parts)], self.limit)
                return
            except (OSError, ValueError) as exc:
                failed: BaseException = exc
        raise ConnectionLost(self.lost_reason or self._why_gone(failed)) from None

    def _why_gone(self, exc: BaseException) -> str:
        """Why a write found the far side gone before the reading did (killed, say)."""
        try:
            why = self.transport.describe_exit(1.0)
        except Exception:  # noqa: BLE001 - the write's own error says enough then
            why = None
        return why or f"{self.label} is gone ({exc})."

    def pump(self, timeout: float) -> bool:
        """Read and handle what arrives within ``timeout`` seconds on the calling thread.

        For a caller waiting for its own invocation's results (Invoke-Command -Session):
        the records and the final state reach it with no thread switch, as a bare
        channel's echo does. Callbacks then run on the calling thread. Returns False,
        having done nothing, when the reader thread is reading (it leaves the reading
        to callers after its current batch, for YIELD_TO_CALLERS); the caller then
        waits as usual.
        """
        if self._ended or not self._role.acquire(blocking=False):
            self._callers_wanted = True
            return False
        try:
            if self._ended:
                return False
            self._callers_until = time.monotonic() + YIELD_TO_CALLERS
            try:
                frames = self._frames.read_batch(timeout)
            except ReadTimeout:
                return True
            self._handle(frames)
            return True
        except Exception as exc:  # noqa: BLE001 - as on the reader thread: the connection fails
            self._end(self._failure(exc))
            return True
        finally:
            self._role.release()

    def _resume_reader(self) -> None:
        """Let the reader thread read again now (a reply is awaited, or the end)."""
        with self._role_cond:
            self._callers_until = 0.0
            self._callers_wanted = False
            self._role_cond.notify()

    def _read_loop(self) -> None:
        try:
            while True:
                with self._role_cond:
                    while not self._ended:
                        now = time.monotonic()
                        if self._callers_wanted:
                            self._callers_wanted = False
                            self._callers_until = now + YIELD_TO_CALLERS
                        if now >= self._callers_until:
                            break
                        self._role_cond.wait(self._callers_until - now)
                if self._ended:
                    return
                with self._role:
                    if self._ended:
                        return
                    frames = self._frames.read_batch()
                    self._handle(frames)
        except Exception as exc:  # noqa: BLE001 - a bug here must fail the connection, not vanish
            self._end(self._failure(exc))

    def _handle(self, frames: list[bytes]) -> None:
        """Dispatch one read's frames (``[]``: the end of the stream, which ends the connection)."""
        if not frames:
            self._end(None)
            return
        dispatch = self._dispatch
        self._touched: dict[int, Invocation] = {}
        for msg in m.decode_frames(self._decoder, frames):
            if self.remote_info is None and msg[0] not in (m.HELLO, m.ERROR, m.CLOSE):
                raise m.ProtocolError(f"{m.NAMES[msg[0]]} message before hello")
            dispatch(msg)
        self._send_acks()
        if self.on_first_output is not None and self._touched:
            first, self.on_first_output = self.on_first_output, None
            _quietly(first)

    def _failure(self, exc: BaseException) -> str:
        """Why reading failed, for ``_lost``; a protocol error is told to the far side first."""
        if isinstance(exc, (FrameError, m.ProtocolError)):
            try:
                self._send([m.ERROR, str(exc)])
            except ConnectionLost:
                pass
            return f"Protocol error from {self.label.lower()}: {exc}"
        return f"Internal error in the connection to {self.label.lower()}: {type(exc).__name__}: {exc}"

    def _end(self, reason: str | None) -> None:
        """Reading has ended (whoever read): once, the connection is lost or closed."""
        with self._role_cond:
            if self._ended:
                return
            self._ended = True
            self._role_cond.notify_all()
        self._lost(reason)
        # Nothing is read after the end. The handlers are bound methods of this connection
        # and the callbacks usually hold its owner: dropped, refcounting frees them all
        # (a full collection would otherwise find them, long after).
        self._dispatch = _ignore
        self._touched = {}
        self.on_lost = self.on_first_output = None

    def _on_hello(self, info: dict[str, Any]) -> None:
        try:
            m.check_hello(info, "client")
        except m.ProtocolError as exc:
            self._peer_error = str(exc)
            raise
        self.remote_info = RemoteInfo(info)
        self.location = self.remote_info.location
        self._hello.set()

    def _on_records(self, inv_id: int, stream: int, first_seq: int, objs: list[Any]) -> None:
        inv = self._invocations.get(inv_id)
        if inv is None or inv.done:
            return
        if first_seq <= inv.last_seq:  # already delivered (a replay): keep each object once
            objs = objs[inv.last_seq + 1 - first_seq:]
            first_seq = inv.last_seq + 1
        elif first_seq != inv.last_seq + 1:
            raise m.ProtocolError(f"records {inv.last_seq + 1}..{first_seq - 1} of invocation {inv_id} are missing")
        if not objs:
            return
        inv.last_seq = first_seq + len(objs) - 1
        self._touched[inv_id] = inv
        try:
            if inv.on_records is not None:
                inv.on_records(stream, first_seq, objs)
            elif inv.on_record is not None:
                callback = inv.on_record
                for seq, obj in enumerate(objs, first_seq):
                    callback(stream, seq, obj)
        except Exception as exc:  # noqa: BLE001 - fails this invocation only
            self._callback_failed(inv, exc)

    def _on_state(self, inv_id: int, state: str, reason: Any) -> None:
        inv = self._invocations.get(inv_id)
        if inv is None or inv.done:
            return
        if state in m.FINAL_STATES:
            with self._lock:
                self._invocations.pop(inv_id, None)
                if inv_id == self._close_asked:
                    self._closing = True    # the end of the stream that follows is no loss
                    self._close_coming = True
            self._touched[inv_id] = inv
            # Queued before the invocation is marked done: a request made by whoever waits
            # for it (the next invoke, usually) must find the acknowledgement and carry it.
            self._defer_ack(inv)
        try:
            inv._set_state(state, reason)
        except Exception as exc:  # noqa: BLE001
            self._callback_failed(inv, exc)

    def _callback_failed(self, inv: Invocation, exc: BaseException) -> None:
        reason = f"Internal error while receiving results: {type(exc).__name__}: {exc}"
        inv.stop()
        with self._lock:
            self._invocations.pop(inv.id, None)
        inv.on_record = inv.on_records = None
        try:
            inv._finish(m.FAILED, reason)
        except Exception:  # noqa: BLE001 - the state is set even if the callback fails again
            inv._mark_done()

    def _on_reply(self, rid: int, result: Any, error: Any) -> None:
        slot = self._requests.get(rid)
        if slot is not None:
            slot[1] = (result, error)
            slot[0].set()

    def _on_location(self, rid: int, location: str, error: Any) -> None:
        if error is None:
            self.location = location
        if rid:
            self._on_reply(rid, location, error)

    def _on_error(self, message: str) -> None:
        self._peer_error = message

    def _send_acks(self) -> None:
        """Acknowledge the records of running invocations every ACK_EVERY (the far side may
        be waiting for room); an ended invocation's acknowledgement was deferred when its
        final state arrived (``_defer_ack``)."""
        touched = self._touched
        if not touched:
            return
        acks = []
        with self._send_lock:
            for inv in touched.values():
                if inv.last_seq - inv._acked >= ACK_EVERY:
                    acks.append(self._encoder.pack([m.ACK, inv.id, inv.last_seq]))
                    inv._acked = inv.last_seq
            if acks:
                acks[:0] = self._riders
                self._riders = []
                self._acks_due = None
                self._write_quietly(acks)

    def _defer_ack(self, inv: Invocation) -> None:
        """Acknowledge an ended invocation's records with the next message we send, or after
        ACK_DELAY (``_ACKS``), whichever comes first: one message less each way per command."""
        with self._send_lock:
            if inv.last_seq <= inv._acked:
                return
            self._riders.append(self._encoder.pack([m.ACK, inv.id, inv.last_seq]))
            inv._acked = inv.last_seq
            if self._acks_due is None:
                self._acks_due = time.monotonic() + ACK_DELAY
            due = self._acks_due
        _ACKS.schedule(self, due)

    def flush_acks(self, now: float | None = None) -> float | None:
        """Send the acknowledgements waiting for a message to carry them; with ``now``, only
        once they are due, returning when they will be if that is later (else None)."""
        with self._send_lock:
            acks = self._riders
            if not acks or self.closed:
                return None
            if now is not None and self._acks_due is not None and self._acks_due > now:
                return self._acks_due
            self._riders = []
            self._acks_due = None
            self._write_quietly(acks)
        return None

    def _write_quietly(self, msgs: list[bytes]) -> None:
        try:
            write_frames(self.channel, [m.frame_payload(msgs)], self.limit)
        except (OSError, ValueError):
            pass  # the reader sees the end of the stream next

    def _lost(self, reason: str | None) -> None:
        with self._lock:
            closing = self._closing
            pending = list(self._invocations.values())
            self._invocations.clear()
        if closing and reason is None:
            for inv in pending:
                _quietly(inv._finish, m.STOPPED, "The connection was closed.")
        else:
            if reason is None:
                reason = self._peer_error or self.transport.describe_exit(2.0) or \
                    f"The connection to {self.label.lower()} was lost."
            self.lost_reason = reason
            for inv in pending:
                _quietly(inv._finish, m.FAILED, reason)
        if self.lost_reason is None:
            self.lost_reason = reason or "The connection is closed."
        for slot in list(self._requests.values()):
            slot[0].set()
        self._hello.set()
        if not closing and self.on_lost is not None:
            _quietly(self.on_lost, self.lost_reason)
        if not closing:
            self.transport.close(timeout=0.5)


def _ignore(msg: list[Any]) -> None:
    """The dispatcher of a connection that has ended: what still arrives goes nowhere."""


class ChannelTransport:
    """A transport over an already-connected channel (a socket pair, a test's pipes).

    ``describe`` is called with a timeout when the stream ends, to say why.
    """

    def __init__(self, channel: Any, describe: Callable[[float], str | None] | None = None) -> None:
        self.channel = channel
        self._describe = describe

    def describe_exit(self, timeout: float) -> str | None:
        """Why the far side ended, if known."""
        return self._describe(timeout) if self._describe is not None else None

    def close(self, timeout: float = 1.0) -> None:
        """Close the channel."""
        self.channel.close()


class _AckFlusher:
    """One thread for the process: sends connections' deferred acknowledgements when they
    are due (ACK_DELAY after the oldest of them was deferred). A request usually carries
    them first, which leaves nothing to do: a session running command after command
    wakes this thread about once per ACK_DELAY, not once per command."""

    def __init__(self) -> None:
        self._pending: dict[Connection, float] = {}   # connection -> when to look at it again
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._waiting_until: float | None = None      # the thread's wake-up time (None: no timeout)
        self._idle = True                             # the thread waits with nothing pending

    def schedule(self, conn: Connection, due: float) -> None:
        """Look at ``conn``'s deferred acknowledgements at ``due`` (time.monotonic) or earlier."""
        with self._cond:
            if conn in self._pending:
                return      # it is looked at by then, and rescheduled if its acks are due later
            self._pending[conn] = due
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="psrepl-acks", daemon=True)
                self._thread.start()
            elif self._idle or (self._waiting_until is not None and due < self._waiting_until):
                self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while True:
                    now = time.monotonic()
                    due = [c for c, at in self._pending.items() if at <= now]
                    if due:
                        self._pending = {c: at for c, at in self._pending.items() if at > now}
                        break
                    self._waiting_until = min(self._pending.values()) if self._pending else None
                    self._idle = self._waiting_until is None
                    self._cond.wait(None if self._idle else self._waiting_until - now)
                self._idle = False
                self._waiting_until = None
            self._flush(due, now)

    def _flush(self, due: list[Connection], now: float) -> None:
        # A method of its own: its locals (the last connection among them) go when it
        # returns, so the waiting thread keeps no connection alive.
        for conn in due:
            try:
                later = conn.flush_acks(now)
            except Exception:  # noqa: BLE001 - one connection's failure must not stop the others
                later = None
            if later is not None:
                with self._cond:
                    self._pending.setdefault(conn, later)


_ACKS = _AckFlusher()


def _quietly(func: Callable[..., Any], *args: Any) -> None:
    """Call a user callback on the way out; its failure must not stop the others."""
    try:
        func(*args)
    except Exception:  # noqa: BLE001
        pass
