"""The seven stream buffers of a job, kept in the order their records were written.

A job writes records of seven streams (numbered as PowerShell's redirections: 1
Output, 2 Error, 3 Warning, 4 Verbose, 5 Debug, 6 Information, 7 Progress; the
shell's ``Stream`` enum is an IntEnum with these values, so it can be passed as is).
They are kept in ONE sequence, each stamped with a number from a counter shared
by a job and its children, so that ``Receive-Job`` gives them back in the order
they were written, across streams and across child jobs (PowerShell's ThreadJob
groups them by stream and loses the order: PowerShell issue 24330).

``take`` removes what it returns (``Receive-Job``); ``peek`` leaves it
(``Receive-Job -Keep``). ``has_data`` is ``HasMoreData``.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from typing import Any, Callable, Iterable, Iterator

#: Stream names by number (index 0 unused).
STREAM_NAMES = ("", "Output", "Error", "Warning", "Verbose", "Debug", "Information", "Progress")

OUTPUT, ERROR, WARNING, VERBOSE, DEBUG, INFORMATION, PROGRESS = range(1, 8)

#: One buffered record: (sequence number, stream number, record).
Entry = tuple[int, int, Any]


class SeqCounter:
    """Sequence numbers shared by a job and its children: one at a time, or a block at once."""

    __slots__ = ("_lock", "_next")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next = 0

    def __call__(self) -> int:
        """The next number."""
        with self._lock:
            value = self._next
            self._next = value + 1
        return value

    def reserve(self, count: int) -> int:
        """The first of ``count`` consecutive numbers taken at once."""
        with self._lock:
            value = self._next
            self._next = value + count
        return value


class StreamBuffers:
    """Records of every stream of one job, in the order written."""

    def __init__(self, counter: SeqCounter | None = None,
                 on_data: Callable[[], None] | None = None) -> None:
        self._counter = counter or SeqCounter()
        self._on_data = on_data
        self._lock = threading.Lock()
        self._entries: list[Entry] = []
        self.total_written = 0

    @property
    def counter(self) -> SeqCounter:
        """The sequence counter (children of a job are given their parent's)."""
        return self._counter

    def append(self, stream: int, record: Any) -> None:
        """Add one record to ``stream`` (1..7) and wake whoever waits for data."""
        with self._lock:
            self._entries.append((self._counter(), int(stream), record))
            self.total_written += 1
        if self._on_data is not None:
            self._on_data()

    def extend(self, stream: int, records: Iterable[Any]) -> None:
        """Add several records to one stream, in order (one wake-up for all)."""
        records = records if isinstance(records, list) else list(records)
        count = len(records)
        if not count:
            return
        with self._lock:
            first = self._counter.reserve(count)
            self._entries.extend(zip(range(first, first + count), itertools.repeat(int(stream), count),
                                     records))
            self.total_written += count
        if self._on_data is not None:
            self._on_data()

    @property
    def has_data(self) -> bool:
        """True while a record has not been taken (``HasMoreData``)."""
        return bool(self._entries)

    def take(self) -> list[Entry]:
        """Every buffered record, removed from the buffer (Receive-Job)."""
        with self._lock:
            entries, self._entries = self._entries, []
        return entries

    def peek(self) -> list[Entry]:
        """Every buffered record, left in the buffer (Receive-Job -Keep)."""
        with self._lock:
            return list(self._entries)

    def stream(self, stream: int) -> list[Any]:
        """The buffered records of one stream (``$job.Output``, ``$job.Error``, ...)."""
        stream = int(stream)
        with self._lock:
            return [record for _, s, record in self._entries if s == stream]

    def count(self, stream: int | None = None) -> int:
        """How many records are buffered (of one stream, or of all)."""
        with self._lock:
            if stream is None:
                return len(self._entries)
            stream = int(stream)
            return sum(1 for _, s, _ in self._entries if s == stream)


def merge(batches: Iterable[list[Entry]]) -> Iterator[Entry]:
    """Entries of several buffers (a job and its children) in the order they were written.

    Each batch is already in order; buffers that share a counter interleave correctly.
    """
    batches = [b for b in batches if b]
    if len(batches) == 1:
        return iter(batches[0])
    return heapq.merge(*batches, key=lambda entry: entry[0])
