"""psrepl's paramiko Transport: the same protocol, less per-connection overhead.

``new_transport(sock)`` returns a ``paramiko.Transport`` subclass instance that
differs in two ways, both measured on ``Invoke-Command -ComputerName`` of 50
computers:

* **The key-exchange deadline is kept by the clock.** paramiko's
  ``Packetizer.start_handshake(timeout)`` starts a ``threading.Timer`` for every
  connection only to set a flag when the exchange has not completed in time; its
  reads look at the flag (``handshake_timed_out``) when they time out. That thread
  costs ~130 us of CPU per connection (more than a tenth of what psrepl itself
  spends on one), and a thread switch, since ``Thread.start`` waits for it to run.
  The packetizer here answers the same three methods from a monotonic deadline.
  ``Transport.start_client(timeout=...)`` bounds the exchange as well.
* **A closed transport frees itself.** Its thread ends on the error its read gets
  once the socket is closed, and keeps it (``saved_exception``, read by
  ``start_client``): the error's traceback holds the thread's frames, and they the
  transport; paramiko's handler table holds bound methods of it. Both are cycles
  only a full collection finds, over the whole heap of a shell (~100 ms every few
  hundred connections). When the thread ends, the tracebacks of the kept error
  are dropped (its type and message stay) and so is the handler table, so the
  connection is freed by refcounting. Waiting for the thread in ``close`` instead
  held up each closing worker (+12% on the 50-computer figure).
"""

from __future__ import annotations

import time
from typing import Any

_transport_class: Any = None


def new_transport(sock: Any) -> Any:
    """A psrepl Transport (a ``paramiko.Transport``) over ``sock``."""
    global _transport_class
    if _transport_class is None:
        _transport_class = _define()
    return _transport_class(sock)


def keep_deadline_without_thread(packetizer: Any) -> None:
    """Make ``packetizer`` (a ``paramiko.packet.Packetizer``) keep its handshake deadline by the clock."""
    base = type(packetizer)
    if not all(callable(getattr(base, name, None))
               for name in ("start_handshake", "handshake_timed_out", "complete_handshake")):
        return  # a paramiko that works differently keeps its own way
    cls = _packetizers.get(base)
    if cls is None:
        cls = _packetizers[base] = type(base.__name__, (_ByTheClock, base), {"__module__": __name__})
    packetizer.__class__ = cls


_packetizers: dict[type, type] = {}


class _ByTheClock:
    """The handshake deadline as a time, not a thread (mixed in before paramiko's Packetizer)."""

    _psrepl_deadline: float | None = None
    _psrepl_complete = False

    def start_handshake(self, timeout: float) -> None:
        """The key exchange starts: it must complete within ``timeout`` seconds."""
        if self._psrepl_deadline is None:
            self._psrepl_deadline = time.monotonic() + float(timeout)

    def handshake_timed_out(self) -> bool:
        """True once the deadline has passed with the exchange not complete."""
        deadline = self._psrepl_deadline
        return deadline is not None and not self._psrepl_complete and time.monotonic() >= deadline

    def complete_handshake(self) -> None:
        """The key exchange completed: no deadline any more."""
        self._psrepl_complete = True


def _define() -> Any:
    import paramiko  # noqa: PLC0415 - imported with the first connection, never at start-up

    class Transport(paramiko.Transport):
        """paramiko's Transport, with the two differences of the module docstring."""

        def __init__(self, sock: Any, *args: Any, **kwargs: Any) -> None:
            super().__init__(sock, *args, **kwargs)
            keep_deadline_without_thread(self.packetizer)

        def run(self) -> None:
            """paramiko's thread; on its end, what would tie the closed transport to itself goes."""
            try:
                super().run()
            finally:
                _drop_tracebacks(getattr(self, "saved_exception", None))
                self._handler_table = {}

    Transport.__module__ = __name__
    return Transport


def _drop_tracebacks(exc: BaseException | None) -> None:
    """Forget the tracebacks of ``exc`` and of the errors it was raised from or during."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        exc = todo.pop()
        if exc is None or id(exc) in seen:
            continue
        seen.add(id(exc))
        exc.__traceback__ = None
        todo += (exc.__cause__, exc.__context__)
