"""paramiko's key-exchange deadline kept without a thread of its own.

paramiko's ``Packetizer.start_handshake(timeout)`` starts a ``threading.Timer``
for every connection, only to set a flag when the key exchange has not completed
in time; its reads look at the flag (``handshake_timed_out``) when they time out.
Starting, cancelling and ending that thread costs ~130 us of CPU per connection
(measured here: more than a tenth of what psrepl itself spends on an
``Invoke-Command -ComputerName`` connection), and on a busy machine a thread
switch, since ``Thread.start`` waits for the new thread to run.

``keep_deadline_without_thread(packetizer)`` gives one connection's packetizer
the same three methods over a monotonic deadline: the answer is the same (timed
out once the deadline has passed and the exchange is not complete), with no
thread. ``Transport.start_client(timeout=...)`` bounds the exchange as well.
"""

from __future__ import annotations

import time
from typing import Any

_classes: dict[type, type] = {}


def keep_deadline_without_thread(packetizer: Any) -> None:
    """Make ``packetizer`` (a ``paramiko.packet.Packetizer``) keep its handshake deadline by the clock."""
    base = type(packetizer)
    if not all(callable(getattr(base, name, None))
               for name in ("start_handshake", "handshake_timed_out", "complete_handshake")):
        return  # a paramiko that works differently keeps its own way
    cls = _classes.get(base)
    if cls is None:
        cls = _classes[base] = type(base.__name__, (_ByTheClock, base), {"__module__": __name__})
    packetizer.__class__ = cls


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
