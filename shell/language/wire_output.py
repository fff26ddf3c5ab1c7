"""An invocation's output on its way to the wire: kept as it is written, sent in batches.

The endpoint runs a script with ``OutputBuffer.out`` as the interpreter's output
callback. Each object is snapshotted as it is written, so that later changes to
it are not seen (PowerShell serializes a remote command's output as it is
written), and sent many at a time: every ``FLUSH_COUNT`` objects, before a
record of another stream (order is kept), at the end, and, while a script
pauses, from the endpoint writer's thread every tick (``Run.watch`` in
sessions.runspace_host: no thread of its own).

Two forms, never both pending at once (so order is kept between them):

* rows -- the commonest output, a run of custom objects of one shape (same type
  names, same property names in the same order, no string form), e.g. 200,000
  objects from one loop. Only the property values are kept, row after row, in
  one flat list (that list is the snapshot); they go to ``sink.emit_rows`` and
  cross as ROWS messages (the type names and property names once per batch).
  A run whose values are not all plain scalars is converted like any object.
* records -- anything else: a PSObject's snapshot is a copy of its property
  dict (converted at flush time by ``wire_adapter.to_records``), any other
  value is converted to a record at once.
"""

from __future__ import annotations

import operator
import threading
from typing import Any

from shell.language import wire_adapter
from shell.language.psobject import PSObject

_first = operator.itemgetter(0)
_second = operator.itemgetter(1)


class OutputBuffer:
    """The output objects of one invocation.

    ``out(obj)`` is the interpreter's output callback (no lock: it runs once per
    object written, so it is a closure over its state); ``flush()`` sends what is
    kept, from any thread; ``lock`` is held while something is sent, so a record
    of another stream sent under it keeps its place.
    """

    #: Objects (or rows of values) kept before they are sent.
    FLUSH_COUNT = 4096

    def __init__(self, sink: Any, stream: int = 1) -> None:
        self.sink = sink
        self.stream = stream
        self.lock = threading.Lock()
        self.out, self.flush = self._make()

    def _make(self) -> tuple[Any, Any]:
        """The ``out`` and ``flush`` closures over one buffer's state."""
        lock = self.lock
        sink = self.sink
        stream = self.stream
        items: list[tuple[Any, Any]] = []    # records: (value, copy of its properties or None)
        values: list[Any] = []               # rows: property values, row after row
        names: list[str] | None = None       # the rows' type names (None: no run of rows)
        keys: tuple[str, ...] = ()           # the rows' property names, in order
        names_tuple: tuple[str, ...] = ()
        extend = values.extend
        append = items.append
        psobject = PSObject
        to_record = wire_adapter.to_record
        plain = wire_adapter.PLAIN
        item_limit = self.FLUSH_COUNT
        value_limit = 2 * self.FLUSH_COUNT

        def out(obj: Any) -> None:
            nonlocal names, keys, names_tuple
            if obj.__class__ is psobject and obj.string_form is None:
                props = obj._props
                if type(props) is not dict:   # a row-backed object re-sent, or Add-Member's table
                    props = obj.properties
                if obj.type_names == names and tuple(props) == keys:
                    extend(props.values())      # the snapshot: one C call
                    if len(values) >= value_limit:
                        flush()
                    return
                if names is not None:
                    flush()                     # rows of another shape go first
                if not items and props:
                    with lock:                  # a run of rows begins
                        names = list(obj.type_names)
                        keys = tuple(props)
                        names_tuple = tuple(names)
                        extend(props.values())
                    return
                names = None
                append((obj, props.copy()))
            else:
                if names is not None:
                    flush()
                    names = None
                append((to_record(obj), None))
            if len(items) >= item_limit:
                flush()

        def flush() -> None:
            with lock:
                if values:
                    taken = values[:]        # copying and deleting a slice are atomic: a row
                    del values[:len(taken)]  # added by the interpreter's thread lands after them
                    if plain.issuperset(map(type, taken)):
                        sink.emit_rows(stream, names_tuple, keys, taken)
                    else:
                        sink.emit_many(stream, wire_adapter.rows_to_records(names_tuple, keys, taken))
                if items:
                    taken = items[:]
                    del items[:len(taken)]
                    sink.emit_many(stream, wire_adapter.to_records(
                        list(map(_first, taken)), list(map(_second, taken))))
        return out, flush
