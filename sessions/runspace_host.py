"""The far side's runspace, held behind an interface that a connection attaches to.

A ``RunspaceHost`` owns what must outlive any one connection (issue 4, "Ahead:
disconnected sessions"): the executor (which owns the runspace), the queue of
invocations and the worker thread that runs them in order (PowerShell runs one
pipeline at a time per runspace; an invocation that can start at once may instead
be run by the thread that read it: ``submit(..., inline=True)`` and ``execute``),
every invocation's sequence numbers, and the ``Outbox`` of messages not yet sent.
``server.serve`` attaches a connection to it: the connection's reader feeds it
requests, its writer drains the outbox.
Detaching leaves all of that in place, so a session keeper can later hold the
host while no client is attached and a new connection can attach and go on.

The executor (given by the composition root, so ``sessions`` never imports the
shell) is any object with:

``info() -> dict``
    ``computer_name``, ``user``, ``location``, ``pid`` for the hello.
``invoke(request: InvokeRequest, sink: Run) -> (state, reason)``
    Run ``request.script`` synchronously on the calling (worker) thread, calling
    ``sink.emit(stream, value)`` for each record (stream 1-7; ``value`` a codec
    value) as it is written, or ``sink.emit_many(stream, values)`` for several
    (``sink.closing()`` first when they are the last, e.g. output kept until the
    end: they then leave with the end instead of waking the writer), optionally
    ``sink.watch(flush)`` so that output it keeps is sent while the script pauses
    (``flush()`` is then called from the writer's thread every TICK),
    and return ``("Completed", None)``,
    ``("Failed", reason)`` (reason: a codec value, e.g. an error bag, or str) or
    ``("Stopped", None)``. When ``request.stop_event`` is set at the start, or
    ``stop()`` is called while it runs, it should stop promptly.
``stop() -> None``
    Ask the running invocation to stop; called from another thread; must not block.
``complete(text, cursor) -> dict``
    Tab completion: ``{"matches": [[insert_text, start_offset, display, meta], ...]}``.
``location() -> str`` and ``set_location(path) -> str``
    The runspace's current location (sent after every invocation, for the prompt).
``close() -> None``
    Release the runspace (run its clean-ups).
"""

from __future__ import annotations

import threading
from collections import deque
from time import monotonic
from typing import Any

from sessions import messages as m
from sessions.codec import Bag, CodecError, Encoder
from sessions.framing import DEFAULT_LIMIT

#: A records message is closed and a new one begun past this many records.
BATCH_COUNT = 2048
#: A producer waits while an invocation has more than this many records not yet taken.
MAX_PENDING = 65536
#: Sent records kept until acknowledged, per invocation, at most (for a reconnecting client).
RETAIN_BYTES = 64 * 1024 * 1024


class InvokeRequest:
    """One invocation as the executor sees it."""

    __slots__ = ("id", "script", "args", "using", "options", "stop_event")

    def __init__(self, inv_id: int, script: str, args: list[Any], using: dict[str, Any],
                 options: dict[str, Any]) -> None:
        self.id = inv_id
        self.script = script
        self.args = args
        self.using = using
        self.options = options
        self.stop_event = threading.Event()


class Outbox:
    """Messages waiting for a writer, in order: encoded bytes, record batches, final states.

    Two conditions on one lock: ``cond`` is what the writer waits on (something to
    send), ``room`` what producers waiting for room wait on (records taken), so that
    neither wakes the other for nothing.

    An item queued with ``notify=False`` does not wake the writer: its producer sends
    it itself soon (an invocation's end, written by its runner) or it can wait a
    little (an invocation's Running state, which leaves with the invocation's first
    records or its end). So that nothing waits long, the writer, while an invocation
    runs and for LINGER seconds after the outbox was last used, wakes every TICK
    (``wait``) and sends such items once they are a TICK old; each tick is also when
    it sends the running invocation's kept output (``RunspaceHost.tick``). When it
    has been idle longer it sleeps until woken (``parked``), and then even such an
    item wakes it, as does an invocation starting (``run_started``).
    """

    #: How often the writer looks at items queued without waking it, and how old they
    #: may get before it sends them itself (seconds).
    TICK = 0.005
    #: How long after the last item the writer keeps looking every TICK (seconds).
    LINGER = 2.0

    def __init__(self) -> None:
        self._items: deque[Any] = deque()
        self.lock = threading.Lock()
        self.cond = threading.Condition(self.lock)
        self.room = threading.Condition(self.lock)
        self.closed = False
        self.parked = False                 # the writer sleeps until woken (read under ``lock``)
        self.gone = False                   # the writer has ended: it ticks no more
        self.active = 0                     # invocations running (the writer ticks meanwhile)
        self._notified = False              # an item queued since the last take woke the writer
        self._lazy_since: float | None = None   # when the oldest item queued without waking it came
        self._last_put = 0.0

    def put(self, item: Any, notify: bool = True) -> None:
        """Queue an encoded message (bytes), a ``Batch`` of records, or a ``Final`` state.

        ``notify=False`` leaves the writer asleep: the caller sends it itself next
        (see ``RunspaceHost.drain``), or the writer sends it within a TICK or two (see
        the class docstring).
        """
        now = monotonic()
        with self.cond:
            self._items.append(item)
            self._last_put = now
            if notify or self.parked:
                self._notified = True
                self.cond.notify_all()
            elif self._lazy_since is None:
                self._lazy_since = now

    def wait(self, stopping: threading.Event) -> bool | None:
        """The writer's wait: True when it should take what is queued and send it, False
        when a TICK passed (time for ``tick`` hooks), None once ``stopping`` is set and
        nothing is queued."""
        with self.cond:
            while True:
                if self._items:
                    if self._notified or stopping.is_set():
                        return True
                    if monotonic() - self._lazy_since >= self.TICK:  # type: ignore[operator]
                        return True
                elif stopping.is_set():
                    return None
                if monotonic() - self._last_put < self.LINGER or self._items or self.active:
                    self.parked = False     # (after a writer that ended: see stopped_ticking)
                    if not self.cond.wait(self.TICK):
                        return False
                else:
                    self.parked = True
                    try:
                        self.cond.wait()
                    finally:
                        self.parked = False

    def take(self, stopping: threading.Event) -> list[Any]:
        """Everything queued, once something is; ``[]`` once ``stopping`` is set and all is taken."""
        while self.wait(stopping) is False:
            pass
        return self.take_nowait()

    def take_nowait(self) -> list[Any]:
        """Everything queued now (perhaps nothing)."""
        with self.cond:
            items = list(self._items)
            self._items.clear()
            self._notified = False
            self._lazy_since = None
            self.room.notify_all()      # producers waiting for room re-check
            return items

    def wake(self) -> None:
        """Wake a waiting writer (e.g. to notice it should stop) and producers waiting for room."""
        with self.cond:
            self._notified = True
            self.cond.notify_all()
            self.room.notify_all()

    def room_made(self) -> None:
        """Records were taken: producers waiting for room re-check their pending count."""
        with self.room:
            self.room.notify_all()

    def touch(self) -> None:
        """Count as used now: the writer ticks for LINGER seconds (a connection attaching:
        a first command that runs for longer than a TICK is noticed by a tick)."""
        with self.cond:
            self._last_put = monotonic()

    def run_started(self) -> None:
        """An invocation runs: the writer ticks until it ends (woken if it was parked)."""
        with self.cond:
            self.active += 1
            if self.parked:
                self.cond.notify_all()

    def run_ended(self) -> None:
        """An invocation has ended (see ``run_started``)."""
        with self.cond:
            self.active -= 1

    def writer_gone(self) -> bool:
        """Whether the writer has ended (no TICK comes any more)."""
        with self.cond:
            return self.gone

    def stopped_ticking(self) -> None:
        """The writer has ended: every item wakes the next one (see ``put``)."""
        with self.cond:
            self.parked = True
            self.gone = True

    def __len__(self) -> int:
        return len(self._items)


class Final:
    """An invocation's final STATE message, queued after its records."""

    __slots__ = ("run", "data")

    def __init__(self, run: Run, data: bytes) -> None:
        self.run = run
        self.data = data


class Batch:
    """Records of one invocation and one stream, collected until the writer takes them.

    ``shape`` is None for a batch of codec values (one record each), or
    ``(type_names, keys)`` for rows: ``values`` then holds ``len(keys)`` property
    values per record, row after row (see ``Run.emit_rows``).
    """

    __slots__ = ("run", "stream", "first_seq", "values", "count", "shape")

    def __init__(self, run: Run, stream: int, first_seq: int, values: list[Any],
                 shape: tuple[tuple[str, ...], tuple[str, ...]] | None = None) -> None:
        self.run = run
        self.stream = stream
        self.first_seq = first_seq
        self.values = values
        self.count = len(values) if shape is None else len(values) // len(shape[1])
        self.shape = shape

    def seal(self) -> list[Any]:
        """Stop further records joining this batch (they start a new one); its values."""
        with self.run.lock:
            if self.run.batch is self:
                self.run.batch = None
            self.run.pending -= self.count
            return self.values


class Run:
    """The far side of one invocation; ``emit`` is the executor's record sink."""

    def __init__(self, host: RunspaceHost, request: InvokeRequest) -> None:
        self.host = host
        self.id = request.id
        self.request = request
        self.lock = threading.Lock()
        self.batch: Batch | None = None
        self.pending = 0
        self.seq = 0
        self.state = "NotStarted"
        self.finished = False
        self.ending = False     # see ``closing``
        self.acked = 0
        self.unacked: deque[tuple[int, list[bytes], int]] = deque()
        self.unacked_bytes = 0
        #: What sends the executor's kept output (``watch``), called on every writer tick.
        self.flush_hook: Any = None

    def watch(self, flush: Any) -> None:
        """Have ``flush()`` called every TICK while this invocation runs, from the writer's
        thread, so that output kept while a script pauses is sent (None: no more)."""
        self.flush_hook = flush

    def closing(self) -> None:
        """The executor's next records are its last: they go out with the invocation's end,
        which its runner sends itself, so queuing them need not wake the writer."""
        self.ending = True

    def emit(self, stream: int, value: Any) -> None:
        """Send one record on ``stream`` (1-7); records are numbered in the order emitted.

        ``value`` must be a codec value that nothing will change afterwards (the
        shell's adapter builds fresh records, which is what makes them a snapshot);
        it is encoded by the writer, many at a time. A value that turns out not to
        be encodable, or too large for a frame, reaches the client as an error
        record in its place. May block while the client is far behind
        (backpressure), until it catches up or a stop is requested.
        """
        with self.lock:
            self.seq += 1
            self.pending += 1
            batch = self.batch
            if (batch is not None and batch.stream == stream and batch.shape is None
                    and batch.count < BATCH_COUNT):
                batch.values.append(value)
                batch.count += 1
            else:
                self.batch = Batch(self, stream, self.seq, [value])
                self.host.outbox.put(self.batch, not self.ending)
        if self.pending > MAX_PENDING:
            self._wait_room()

    def emit_many(self, stream: int, values: list[Any]) -> None:
        """Send several records on ``stream``, in order (``emit`` for each, in one step)."""
        if not values:
            return
        with self.lock:
            batch = self.batch
            if (batch is None or batch.stream != stream or batch.shape is not None
                    or batch.count >= BATCH_COUNT):
                batch = self.batch = Batch(self, stream, self.seq + 1, [])
                self.host.outbox.put(batch, not self.ending)
            batch.values.extend(values)
            batch.count += len(values)
            self.seq += len(values)
            self.pending += len(values)
        if self.pending > MAX_PENDING:
            self._wait_room()

    def emit_rows(self, stream: int, type_names: tuple[str, ...], keys: tuple[str, ...],
                  values: list[Any]) -> None:
        """Send ``len(values) // len(keys)`` property bags of one shape on ``stream``, in order.

        Every bag has the type names ``type_names`` (a tuple), the properties
        ``keys`` (a non-empty tuple of distinct names) in that order and no string
        form; ``values`` holds their property values row after row (the list is
        kept: the caller must not change it). They cross as ROWS messages, the
        cheapest form on both sides. Numbered and paced as ``emit_many``.
        """
        width = len(keys)
        count = len(values) // width
        if not count:
            return
        shape = (type_names, keys)
        with self.lock:
            batch = self.batch
            if (batch is not None and batch.stream == stream and batch.count < BATCH_COUNT
                    and batch.shape is not None and (batch.shape is shape or batch.shape == shape)):
                batch.values.extend(values)
                batch.count += count
            else:
                batch = self.batch = Batch(self, stream, self.seq + 1, values, shape)
                self.host.outbox.put(batch, not self.ending)
            self.seq += count
            self.pending += count
        if self.pending > MAX_PENDING:
            self._wait_room()

    def _wait_room(self) -> None:
        host = self.host
        if threading.get_ident() == host.writer_ident:
            return      # the writer's own tick flushing: it makes the room, it must not wait for it
        outbox = host.outbox
        stop = self.request.stop_event
        with outbox.room:
            while self.pending > MAX_PENDING // 2 and not stop.is_set() and not outbox.closed:
                outbox.room.wait(0.25)

    def retain(self, last_seq: int, messages: list[bytes]) -> None:
        """Keep sent records messages (up to ``last_seq``) until the client acknowledges them.

        What is kept is bounded (RETAIN_BYTES per invocation, oldest dropped first);
        it is what a reconnecting client would be sent again.
        """
        size = sum(len(data) for data in messages)
        with self.lock:
            if last_seq <= self.acked:
                return
            self.unacked.append((last_seq, messages, size))
            self.unacked_bytes += size
            while self.unacked_bytes > RETAIN_BYTES and len(self.unacked) > 1:
                self.unacked_bytes -= self.unacked.popleft()[2]

    def ack(self, seq: int) -> None:
        """The client has every record up to ``seq``: forget them."""
        with self.lock:
            if seq > self.acked:
                self.acked = seq
            while self.unacked and self.unacked[0][0] <= self.acked:
                self.unacked_bytes -= self.unacked.popleft()[2]


class RunspaceHost:
    """Holds an executor's runspace, its invocations and its outbox; connections attach to it."""

    def __init__(self, executor: Any, *, limit: int = DEFAULT_LIMIT) -> None:
        self.executor = executor
        self.limit = limit
        self.outbox = Outbox()
        self.runs: dict[int, Run] = {}
        self._queue: deque[Run] = deque()
        self._current: Run | None = None
        self._cond = threading.Condition()
        self._closing = False
        self._attached = False
        self._encoder = Encoder()
        self._enc_lock = threading.Lock()
        #: Set by the attached connection: sends what is queued on the calling thread if
        #: its writer is idle (True), else False. An invocation's end is sent that way,
        #: by the worker itself, which saves a switch to the writer thread per command.
        self.drain: Any = None
        self._sent_location: str | None = None   # the location the attached client was last told
        #: Runs what queues up behind the current invocation; started the first time
        #: something does (a connection's thread runs a lone invocation itself).
        self._worker: threading.Thread | None = None
        #: The thread writing for the attached connection (set by it): it never waits for room.
        self.writer_ident: int | None = None
        #: Set by the attached connection: called once an invocation whose options say
        #: ``close`` has ended (and its end is queued): the connection ends as if closed.
        self.on_close_requested: Any = None

    # ----------------------------------------------------------- attachment
    def attach(self) -> None:
        """Mark a connection as attached (one at a time)."""
        with self._cond:
            if self._attached:
                raise RuntimeError("a client is already attached to this runspace")
            self._attached = True

    def detach(self) -> None:
        """The connection went away; everything else stays as it is."""
        with self._cond:
            self._attached = False

    @property
    def attached(self) -> bool:
        """Whether a connection is attached."""
        return self._attached

    def hello(self) -> bytes:
        """The encoded hello message for a connection that attaches."""
        info = dict(self.executor.info())
        location = str(info.pop("location", ""))
        info["closes"] = True   # it honours an invocation's ``close`` option (older endpoints ignore it)
        msg = m.hello(str(info.pop("computer_name", "")), str(info.pop("user", "")),
                      location, int(info.pop("pid", 0)), **info)
        self._sent_location = location
        return self._encode(msg)

    # ----------------------------------------------------------- requests
    def submit(self, inv_id: int, script: str, args: list[Any], using: dict[str, Any],
               options: dict[str, Any], *, inline: bool = False) -> Run | None:
        """Queue an invocation; it runs after those before it.

        With ``inline``, when nothing runs or waits, the invocation is not queued but
        returned, already the current one (a stop reaches it): the caller runs it at
        once with ``execute`` on its own thread -- the thread that read the request,
        which saves waking the worker for it. Otherwise None.
        """
        run = Run(self, InvokeRequest(inv_id, script, args, using, options))
        with self._cond:
            if inv_id in self.runs:
                raise m.ProtocolError(f"invocation {inv_id} is already in use")
            if self._closing:
                closing = True
            else:
                closing = False
                self.runs[inv_id] = run
                if inline and self._current is None and not self._queue:
                    self._current = run
                    return run
                self._queue.append(run)
                if self._worker is None:
                    self._worker = threading.Thread(target=self._work, name="psrepl-runspace", daemon=True)
                    self._worker.start()
                self._cond.notify_all()
        if closing:
            self._finish(run, m.STOPPED, "The runspace is closing.")
        return None

    def stop(self, inv_id: int) -> None:
        """Stop one invocation (queued or running); the others are not affected."""
        queued = False
        with self._cond:
            run = self.runs.get(inv_id)
            if run is None or run.state in m.FINAL_STATES:
                return
            run.request.stop_event.set()
            if run in self._queue:
                self._queue.remove(run)
                queued = True
            elif self._current is run:
                self.executor.stop()
        if queued:
            self._finish(run, m.STOPPED, None)

    def ack(self, inv_id: int, seq: int) -> None:
        """The client acknowledged records of ``inv_id`` up to ``seq``."""
        run = self.runs.get(inv_id)
        if run is None:
            return
        run.ack(seq)
        if run.finished and run.acked >= run.seq:
            with self._cond:
                self.runs.pop(inv_id, None)

    def complete(self, request: int, text: str, cursor: int) -> None:
        """Answer a tab-completion request (on its own thread: a running pipeline must not delay it)."""
        def work() -> None:
            try:
                result = self.executor.complete(text, cursor)
                msg = [m.COMPLETION, request, result, None]
            except Exception as exc:  # noqa: BLE001 - reported to the client
                msg = [m.COMPLETION, request, None, f"{type(exc).__name__}: {exc}"]
            self.send(msg)
        threading.Thread(target=work, name="psrepl-complete", daemon=True).start()

    def set_location(self, request: int, path: str) -> None:
        """Change the runspace's location; the reply is a LOCATION message."""
        def work() -> None:
            try:
                location = str(self.executor.set_location(path))
                self._sent_location = location
                msg = [m.LOCATION, request, location, None]
            except Exception as exc:  # noqa: BLE001 - reported to the client
                msg = [m.LOCATION, request, self._location(), str(exc)]
            self.send(msg)
        threading.Thread(target=work, name="psrepl-location", daemon=True).start()

    def close(self, timeout: float = 2.0) -> None:
        """Stop every invocation, wait for the worker, release the runspace."""
        with self._cond:
            if self._closing:
                return
            self._closing = True
            queued = list(self._queue)
            self._queue.clear()
            current = self._current
            if current is not None:
                current.request.stop_event.set()
                self.executor.stop()
            self._cond.notify_all()
        for run in queued:
            self._finish(run, m.STOPPED, "The runspace was closed.")
        if self._worker is not None:
            self._worker.join(timeout)
        with self._cond:    # an invocation run by a connection's thread (``execute``)
            self._cond.wait_for(lambda: self._current is None, timeout)
        try:
            self.executor.close()
        finally:
            self.outbox.closed = True
            self.outbox.wake()

    # ----------------------------------------------------------- running
    def _work(self) -> None:
        """The worker: runs queued invocations, one at a time (after one run by ``execute``)."""
        while True:
            with self._cond:
                while (not self._queue or self._current is not None) and not self._closing:
                    self._cond.wait()
                if not self._queue:
                    return
                run = self._queue.popleft()
                self._current = run
            self.execute(run)

    def execute(self, run: Run) -> None:
        """Run ``run`` (the current invocation) on the calling thread, then send its end.

        Called by the worker, or by the thread that ``submit(..., inline=True)`` gave the
        run to. Never raises: a failure is the invocation's reason.
        """
        if run.request.stop_event.is_set():
            state, reason = m.STOPPED, None
        else:
            self._state(run, m.RUNNING, None)
            self.outbox.run_started()
            try:
                state, reason = self.executor.invoke(run.request, run)
            except BaseException as exc:  # noqa: BLE001 - a runner must never die silently
                state, reason = m.FAILED, f"internal error in the endpoint: {type(exc).__name__}: {exc}"
            finally:
                run.flush_hook = None
                self.outbox.run_ended()
        self._queue_final(run, state, reason)
        with self._cond:
            # The next invocation may start only now: its state follows this one's end.
            self._current = None
            if self._queue or self._closing:
                self._cond.notify_all()
        self._send_now()
        if run.request.options.get("close") is True:
            hook = self.on_close_requested
            if hook is not None:
                hook()

    def tick(self) -> None:
        """On the writer's thread, every TICK while the outbox is in use: send the running
        invocation's kept output (``Run.watch``)."""
        run = self._current
        hook = run.flush_hook if run is not None else None
        if hook is not None:
            try:
                hook()
            except Exception:  # noqa: BLE001 - the invocation's own last flush reports problems
                pass

    def _finish(self, run: Run, state: str, reason: Any) -> None:
        """End a run that never ran (stopped while queued, refused while closing)."""
        self._queue_final(run, state, reason)
        self._send_now()

    def _queue_final(self, run: Run, state: str, reason: Any) -> None:
        if state not in m.FINAL_STATES:
            state, reason = m.FAILED, f"internal error in the endpoint: bad final state {state!r}"
        with run.lock:
            location = self._location()
            if location != self._sent_location:     # the client knows it otherwise
                self._sent_location = location
                self.outbox.put(self._encode([m.LOCATION, 0, location, None]), notify=False)
            run.state = state
            self.outbox.put(Final(run, self._state_bytes(run, state, reason)), notify=False)

    def _send_now(self) -> None:
        """Send what is queued from this thread if the writer is idle, else wake the writer."""
        drain = self.drain
        if drain is None or not drain():
            self.outbox.wake()

    def sent_final(self, run: Run) -> None:
        """The writer sent ``run``'s final state: forget the run once its records are acknowledged."""
        with run.lock:
            run.finished = True
            done = run.acked >= run.seq
        if done:
            with self._cond:
                self.runs.pop(run.id, None)

    def _state(self, run: Run, state: str, reason: Any) -> None:
        with run.lock:
            run.state = state
            # Without waking the writer: it leaves with the first records or the end, or
            # a TICK later (Outbox) -- a short command's Running costs no thread switch.
            self.outbox.put(self._state_bytes(run, state, reason), notify=False)

    def _state_bytes(self, run: Run, state: str, reason: Any) -> bytes:
        try:
            return self._encode([m.STATE, run.id, state, reason])
        except CodecError:
            text = reason.string_form if isinstance(reason, Bag) and reason.string_form else str(reason)
            return self._encode([m.STATE, run.id, state, text])

    def _location(self) -> str:
        try:
            return str(self.executor.location())
        except Exception:  # noqa: BLE001 - a location is a nicety; never fail a run over it
            return ""

    def _encode(self, msg: list[Any]) -> bytes:
        with self._enc_lock:
            return self._encoder.pack(msg)

    def send(self, msg: list[Any]) -> None:
        """Queue a control message for the attached (or next) connection."""
        self.outbox.put(self._encode(msg))
