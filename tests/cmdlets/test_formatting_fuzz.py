"""Any object shape formats without a Python error, and tables never run past the width.

Random property bags, nested lists and dictionaries, None, numbers, odd strings
(newlines, tabs, control characters, wide and combining characters) and a few
awkward live objects go through Out-String, Format-Table and the streaming
formatter at random widths from 1 to 200.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shell.cmdlets.formatting.engine import Formatter
from shell.cmdlets.formatting.format_cmdlets import FormatList, FormatTable, FormatWide
from shell.cmdlets.formatting.out_cmdlets import OutString
from shell.language.host import BufferHost
from shell.language.psobject import PSLive, PSObject
from shell.language.pscollections import Hashtable
from shell.language.runspace import Runspace

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def cells(text: str) -> int:
    """Terminal cells of ``text``, measured independently of the formatter's own code."""
    total = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


ODD = st.sampled_from(["\n", "\r", "\r\n", "\t", "\x00", "\x1b", "\u0301", "\u200b", "漢", "字",
                       "ｗ", "😀", "é", " ", "-", "...", "{", "}", "::", "\\"])
PIECES = st.one_of(st.characters(blacklist_categories=("Cs",)), ODD)
TEXT = st.lists(PIECES, max_size=16).map("".join)
NAMES = st.lists(PIECES, min_size=1, max_size=10).map("".join)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                    st.floats(allow_nan=True, allow_infinity=True), TEXT)


class Awkward(PSLive):
    """A live object whose declarations and properties fail or are computed."""

    ps_properties = ("A", "B")

    @property  # type: ignore[override]
    def ps_type_names(self) -> tuple[str, ...]:
        raise RuntimeError("none")

    @property  # type: ignore[override]
    def ps_table(self) -> Any:
        return ("A", ("Label", "B", lambda v: 1 / 0), 42, ("x",))

    @property
    def A(self) -> Any:
        raise ValueError("A fails")

    B = "b\tc"


def bags(children: st.SearchStrategy[Any]) -> st.SearchStrategy[PSObject]:
    """Property bags with random names and values, sometimes with a known type's name."""
    types = st.sampled_from([None, ["Deserialized.System.IO.FileInfo"],
                             ["Deserialized.Microsoft.PowerShell.Commands.MatchInfo"],
                             ["Deserialized.System.Diagnostics.Process"],
                             ["System.Management.Automation.Job"], ["Weird\nType"]])
    return st.builds(lambda props, names, form: PSObject(dict(props), names, form),
                     st.lists(st.tuples(NAMES, children), max_size=6), types,
                     st.one_of(st.none(), TEXT))


VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(NAMES, children, max_size=4).map(Hashtable),
        bags(children),
        st.just(Awkward())),
    max_leaves=8)

#: What table cells hold: scalars, short collections, a nested bag, an awkward object.
CELLS = st.one_of(SCALARS, st.lists(SCALARS, max_size=5), bags(SCALARS),
                  st.dictionaries(NAMES, SCALARS, max_size=2).map(Hashtable), st.just(Awkward()))

#: Objects that show as table rows: at most 4 properties.
ROWS = st.lists(st.lists(st.tuples(NAMES, CELLS), min_size=1, max_size=4)
                .map(lambda props: PSObject(dict(props))), min_size=1, max_size=6)


def drive(cls: type, items: list[Any], **params: Any) -> list[Any]:
    """Run a cmdlet over ``items`` (begin/process/end) and return its output."""
    cmd = cls()
    cmd.runspace = Runspace(BufferHost(width=80))
    for key, value in params.items():
        setattr(cmd, key, value)
        cmd.bound.add(key)
    out: list[Any] = []
    cmd._out = out.append
    cmd._emit = lambda stream, record: out.append(record)
    cmd.expecting_input = True
    cmd.begin()
    for item in items:
        cmd.input_object = item
        cmd.process()
    cmd.end()
    return out


def out_string(items: list[Any], width: int) -> str:
    """What ``$items | Out-String -Width $width`` returns."""
    return "".join(drive(OutString, items, width=width))


@SETTINGS
@given(st.lists(VALUES, max_size=6), st.integers(1, 200))
def test_anything_formats_without_error(items: list[Any], width: int) -> None:
    text = out_string(items, width)
    assert isinstance(text, str)
    for cls in (FormatTable, FormatList, FormatWide):
        formatted = drive(cls, items)
        assert isinstance(out_string(formatted, width), str)


@SETTINGS
@given(ROWS, st.integers(1, 200))
def test_tables_never_run_past_the_width(rows: list[PSObject], width: int) -> None:
    for line in out_string(rows, width).split("\n"):
        assert cells(line) <= width, (line, width)


@SETTINGS
@given(ROWS, st.integers(1, 200), st.booleans())
def test_format_table_never_runs_past_the_width(rows: list[PSObject], width: int,
                                                wrap: bool) -> None:
    formatted = drive(FormatTable, rows, wrap=wrap)
    for line in out_string(formatted, width).split("\n"):
        assert cells(line) <= width, (line, width)


@SETTINGS
@given(ROWS, st.integers(1, 200), st.integers(1, 3))
def test_streamed_tables_never_run_past_the_width(rows: list[PSObject], width: int,
                                                  batch: int) -> None:
    written: list[str] = []
    formatter = Formatter(width, written.append, batch_seconds=60, batch_size=batch)
    for row in rows:
        formatter.add(row)
    formatter.close()
    for line in "".join(written).split("\n"):
        assert cells(line) <= width, (line, width)


def test_nan_and_infinity_in_cells() -> None:
    text = out_string([PSObject({"a": math.nan, "b": math.inf})], 80)
    assert text == "\n  a        b\n  -        -\nNaN Infinity\n\n"
