"""The formatting engine: the one place that turns output objects into text.

``Formatter`` takes objects one at a time and writes text as soon as it can:

* strings print as themselves, numbers and other scalars via PowerShell's string
  conversion, ``None`` prints nothing;
* objects with a table view become rows; successive rows of the same shape share
  one table, a new shape starts a new one, and so does a new value of the view's
  group (under its heading: ``   TypeName: System.String``, ``    Directory: /tmp``).
  Objects shown by their own properties (no declared view) take the view of the
  first object of their type, as in PowerShell: a later ``[pscustomobject]`` with
  other properties is a row of the first one's table, showing only its columns
  (an empty row when it has none of them). A table's column widths are fixed from
  the first rows: in streaming mode (Out-Default) rows are held until
  ``batch_seconds`` have passed since the first one (a timer flushes them even
  when no further object comes) or ``batch_size`` rows are held, then the table
  is laid out and later rows stream under the same widths, as PowerShell does;
* objects with a list view print as ``Name : value`` entries;
* hashtables print as a Name/Value table, datetimes as PowerShell's long date;
* error, warning, verbose, debug and information records (merged into output by
  ``2>&1`` and friends) print as the host would show them;
* format objects from Format-Table/List/Wide print as their block.

Blocks (tables, lists, dates) have a blank line before and after, and one blank
line (never two) separates two blocks, also across formatters that share an
``OutputState`` (Out-Default's statements).

Entry points: ``format_objects(objects, width)`` (everything at once, the text
Out-String gives), ``format_for_file`` (redirection ``>``/``>>`` and Out-File),
``format_error_for_file`` (``2>``), and ``Formatter`` itself (Out-Default).
"""

from __future__ import annotations

import datetime as _dt
import threading
import time
from typing import Any, Callable

from shell.language.conversions import is_enumerable
from shell.language.errors import ErrorRecord
from shell.language.psobject import PSCUSTOMOBJECT, PSObject
from shell.language.streams import (DebugRecord, InformationRecord, Stream, VerboseRecord,
                                    WarningRecord)

from shell.cmdlets.formatting.fixed_columns import HASHTABLE_ALIGNS, HASHTABLE_WIDTHS
from shell.cmdlets.formatting.formatdata import FormatData
from shell.cmdlets.formatting.listview import render_entry
from shell.cmdlets.formatting.records import record_text, render_error
from shell.cmdlets.formatting.table import LEFT, RIGHT, TableLayout
from shell.cmdlets.formatting.values import (cell_text, formatted, get_value, heading_text,
                                             is_empty, is_number, long_date, scalar_text)
from shell.cmdlets.formatting.views import LIST, View, view_of

_RECORD_STREAMS = {WarningRecord: Stream.WARNING, VerboseRecord: Stream.VERBOSE,
                   DebugRecord: Stream.DEBUG, InformationRecord: Stream.INFORMATION}
_SCALARS = (str, int, float, bool)
_HASHTABLE_KEY = ("hashtable",)
_HASHTABLE_HEADERS = ["Name", "Value"]

TABLE_BLOCK = "table"
LIST_BLOCK = "list"
DATE_BLOCK = "date"


class OutputState:
    """Where the text written so far ends: ``tail`` holds its last two characters
    (``"\\n\\n"`` after a blank line). A Formatter keeps it up to date as it writes.

    Out-Default shares one across the statements of a runspace (as
    ``runspace.format_state``), so two tables from consecutive statements have one
    blank line between them, not two. Whatever writes to the same output outside
    the formatter should set ``tail = ""`` (unknown), so the next block starts
    with its blank line.
    """

    __slots__ = ("tail", "owner", "mark")

    def __init__(self) -> None:
        self.tail = ""
        self.owner: Any = None      # what the text went to (Out-Default: the host)
        self.mark: Any = None       # what else had been shown then (Out-Default's check)


class _OpenTable:
    """The table being written: its shape, and its rows until the widths are fixed."""

    __slots__ = ("key", "headers", "aligns", "fixed", "pending", "layout", "started", "timer")

    def __init__(self, key: tuple, headers: list[str], aligns: list[str],
                 fixed: list[int | None] | None = None) -> None:
        self.key = key
        self.headers = headers
        self.aligns = aligns
        self.fixed = fixed
        self.pending: list[list[str]] = []
        self.layout: TableLayout | None = None
        self.started = 0.0
        self.timer: threading.Timer | None = None


class Formatter:
    """Formats a stream of objects into text, writing each piece with ``write``.

    ``batch_seconds``/``batch_size``: how long/how many rows a new table waits before its
    widths are fixed (None: until the table ends, which sizes columns to every row).
    ``use_timer``: flush a waiting table after ``batch_seconds`` even if no object comes
    (Out-Default, so a slow pipeline's rows appear); the timer thread writes then.
    ``color``: colour error and warning records that arrive as output.
    ``state``: where the output written before ends (shared with earlier formatters
    writing to the same place), so blocks are spaced by one blank line across them.
    Thread-safe: ``add``, ``flush`` and ``close`` may be called from different threads.
    """

    def __init__(self, width: int, write: Callable[[str], None], *, color: bool = False,
                 batch_seconds: float | None = None, batch_size: int | None = None,
                 use_timer: bool = False, state: OutputState | None = None) -> None:
        self.width = max(int(width), 1)
        self._write = write
        self.color = color
        self.batch_seconds = batch_seconds
        self.batch_size = batch_size
        self.use_timer = use_timer and batch_seconds is not None
        self.state = state if state is not None else OutputState()
        self._lock = threading.RLock()
        self._block: str | None = None
        self._table: _OpenTable | None = None
        self._bag_names: Any = None
        self._bag_types: list[str] | None = None
        self._bag_view: View | None = None
        # The view of the first object of each type shown by its own properties.
        self._type_views: dict[Any, View] = {}
        #: How many pieces of text have been written (a caller can tell whether a call wrote).
        self.emitted = 0

    # ----------------------------------------------------------- public
    def add(self, obj: Any) -> None:
        """Format one output object (a list is formatted item by item)."""
        with self._lock:
            if type(obj) is PSObject:
                self._bag(obj)      # by far the most common output: skip the dispatch
            else:
                self._add(obj)

    def flush(self) -> None:
        """Lay out a table that is still waiting for rows, and write what it holds."""
        with self._lock:
            table = self._table
            if table is not None and table.layout is None:
                self._fix(table)

    def close(self) -> None:
        """Finish: write everything held and close the open block."""
        with self._lock:
            self._close_block()

    # ----------------------------------------------------------- writing
    def _emit(self, text: str) -> None:
        if text:
            self._write(text)
            self.emitted += 1
            state = self.state
            state.tail = text[-2:] if len(text) > 1 else state.tail[-1:] + text

    def _start_block(self, kind: str) -> None:
        self._close_block()
        if self.state.tail != "\n\n":
            self._emit("\n")
        self._block = kind

    def _close_block(self) -> None:
        kind = self._block
        if kind is None:
            return
        if kind == TABLE_BLOCK and self._table is not None:
            table = self._table
            if table.layout is None:
                self._fix(table)
            self._table = None
        self._block = None
        # A table always ends with a row (which may be an empty line); list entries
        # already end with their blank line.
        if kind == TABLE_BLOCK or self.state.tail != "\n\n":
            self._emit("\n")

    def _line(self, text: str) -> None:
        self._close_block()
        self._emit(text + "\n")

    # ----------------------------------------------------------- dispatch
    def _add(self, obj: Any) -> None:
        if obj is None:
            return
        if isinstance(obj, _SCALARS):
            self._line(scalar_text(obj))
        elif isinstance(obj, (list, tuple)):
            for item in obj:
                self._add(item)
        elif isinstance(obj, FormatData):
            self._close_block()
            text = obj.render(self.width)
            self._emit(text[1:] if self.state.tail == "\n\n" and text.startswith("\n") else text)
        elif isinstance(obj, ErrorRecord):
            self._close_block()
            self._emit(render_error(obj, self.color))
        elif type(obj) in _RECORD_STREAMS:
            self._close_block()
            self._emit(record_text(_RECORD_STREAMS[type(obj)], obj, self.color))
        elif isinstance(obj, _dt.datetime):
            if self._block != DATE_BLOCK:
                self._start_block(DATE_BLOCK)
            self._emit(long_date(obj) + "\n")
        elif isinstance(obj, dict):
            for key, value in obj.items():
                # PowerShell's view: Name 30 wide, both columns left-aligned whatever the values.
                self._row(_HASHTABLE_KEY, _HASHTABLE_HEADERS, [scalar_text(key), cell_text(value)],
                          (), aligns=HASHTABLE_ALIGNS, fixed=HASHTABLE_WIDTHS)
        elif is_enumerable(obj):
            try:
                items = iter(obj)
            except Exception:  # noqa: BLE001 - an object that will not enumerate shows as itself
                self._object(obj)
                return
            for item in items:
                self._add(item)
        else:
            self._object(obj)

    def _bag(self, obj: PSObject) -> None:
        """A property bag: the hot path of every table of custom objects. Rows of one shape
        come in long runs, so the view is decided once per run (the same names in another
        order are the same shape: their values go under the first one's columns)."""
        props = obj.properties
        if props.keys() != self._bag_names or obj.type_names != self._bag_types:
            view = view_of(obj)
            if view is not None and view.auto:
                view = self._type_view(obj.type_names[0] if obj.type_names else "", view)
            self._bag_view = view
            self._bag_names = dict.fromkeys(props).keys()   # a snapshot, not a live view
            self._bag_types = list(obj.type_names)
        view = self._bag_view
        if view is None:
            self._as_text(obj)
            return
        table = self._table
        if view.simple and table is not None and table.layout is not None \
                and table.key == view.key:
            # A row of the open table whose widths are fixed: straight out (one pass from
            # property to cell text).
            get = obj.get
            text = table.layout.row_line(
                [v if type(v := props[c] if c in props else get(c)) is str
                 else str(v) if type(v) is int else cell_text(v)
                 for c in view.columns]) + "\n"
            self._write(text)
            self.emitted += 1
            self.state.tail = text[-2:]
            return
        self._show(obj, view, [props[c] if c in props else obj.get(c) for c in view.columns])

    def _object(self, obj: Any) -> None:
        if type(obj) is PSObject:
            self._bag(obj)
            return
        view = view_of(obj)
        if view is None:
            self._as_text(obj)
            return
        if view.auto:
            view = self._type_view(type(obj), view)
        self._show(obj, view, [get_value(obj, name) for name in view.columns])

    def _type_view(self, key: Any, view: View) -> View:
        """The view an object of type ``key`` shown by its own properties gets: the first
        such object's table (PowerShell picks the view from the first object; later ones
        show its columns), or a list entry of its own properties when that one was a list."""
        first = self._type_views.setdefault(key, view)
        if first is view or first.kind == view.kind == LIST:
            return view
        if first.kind == LIST:
            return View(LIST, view.columns, view.labels, auto=True)
        return first

    def _as_text(self, obj: Any) -> None:
        """An object without a view: its string form on a line of its own."""
        if isinstance(obj, PSObject) and obj.string_form is None and not obj.properties \
                and PSCUSTOMOBJECT in obj.type_names:
            # An empty [pscustomobject] (or Select-Object's Selected.* with no property
            # matched) shows nothing.
            return
        self._line(scalar_text(obj))

    def _show(self, obj: Any, view: View, values: list[Any]) -> None:
        """One object's ``values`` (of ``view.columns``) as a list entry or a table row."""
        shown = values
        if view.formats is not None:
            shown = [formatted(f, v) for f, v in zip(view.formats, values)]
        if view.kind == LIST:
            if self._block != LIST_BLOCK:
                self._start_block(LIST_BLOCK)
            pairs = [(name, cell_text(v)) for name, v in zip(view.labels, shown)]
            self._emit("".join(line + "\n" for line in render_entry(pairs, self.width)) + "\n")
            return
        cells = [v if type(v) is str else str(v) if type(v) is int else cell_text(v)
                 for v in shown]
        if view.group is None:
            self._row(view.key, view.labels, cells, values, aligns=view.aligns,
                      fixed=view.widths)
        else:
            prefix, prop = view.group
            heading = prefix + heading_text(get_value(obj, prop))
            self._row(view.key + (heading,), view.labels, cells, values, heading,
                      aligns=view.aligns, fixed=view.widths)

    # ----------------------------------------------------------- tables
    def _row(self, key: tuple, headers: list[str], cells: list[str], values: Any,
             heading: str | None = None, *, aligns: list[str] | None = None,
             fixed: list[int | None] | None = None) -> None:
        """Add a row; ``values`` (the raw values) set the alignments of a new table's
        columns that ``aligns`` leaves open (``""``); ``fixed`` gives a new table's fixed
        column widths; ``heading`` is written above a new table (a group's
        ``   Name: value`` line)."""
        table = self._table
        if self._block != TABLE_BLOCK or table is None or table.key != key:
            self._start_block(TABLE_BLOCK)
            if heading is not None:
                self._emit(heading + "\n\n")
            table = self._table = _OpenTable(
                key, list(headers), list(aligns) if aligns else [""] * len(headers), fixed)
        if table.layout is not None:
            self._emit(table.layout.row_line(cells) + "\n")
            return
        aligns = table.aligns
        if "" in aligns:
            # A column is right-aligned when its first value that is not empty is a number
            # (a directory's empty Length must not decide the files' column).
            for i, value in enumerate(values):
                if not aligns[i] and not is_empty(value):
                    aligns[i] = RIGHT if is_number(value) else LEFT
        table.pending.append(cells)
        if len(table.pending) == 1:
            table.started = time.monotonic()
            if self.use_timer:
                table.timer = threading.Timer(self.batch_seconds, self._on_timer, (table,))
                table.timer.daemon = True
                table.timer.start()
        elif ((self.batch_size is not None and len(table.pending) >= self.batch_size)
              or (self.batch_seconds is not None
                  and time.monotonic() - table.started >= self.batch_seconds)):
            self._fix(table)

    def _on_timer(self, table: _OpenTable) -> None:
        with self._lock:
            if self._table is table and table.layout is None:
                self._fix(table)

    def _fix(self, table: _OpenTable) -> None:
        """Fix the column widths from the rows held so far and write header and rows."""
        if table.timer is not None:
            table.timer.cancel()
            table.timer = None
        aligns = [a or LEFT for a in table.aligns]
        layout = TableLayout.fit(table.headers, table.pending, aligns, self.width,
                                 fixed=table.fixed)
        table.layout = layout
        lines = layout.header_lines()
        lines.extend(layout.row_line(cells) for cells in table.pending)
        table.pending = []
        self._emit("".join(line + "\n" for line in lines))


def format_objects(objects: list[Any], width: int, *, color: bool = False) -> str:
    """All of ``objects`` formatted at ``width`` columns, as the console shows them
    ('' for no output). Tables are sized to all their rows."""
    parts: list[str] = []
    formatter = Formatter(width, parts.append, color=color)
    for obj in objects:
        formatter.add(obj)
    formatter.close()
    return "".join(parts)


def format_for_file(objects: list[Any], width: int) -> str:
    """The text ``>``/``>>`` and Out-File write for ``objects``: the console's text, no colour."""
    return format_objects(objects, width)


def format_error_for_file(record: Any) -> str:
    """The text ``2>`` writes for an error record: its concise view, no colour."""
    return render_error(record, False)
