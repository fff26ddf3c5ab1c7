"""Format objects (what Format-Table, Format-List and Format-Wide emit) as wire records and back.

A remote statement ending in ``Format-Table`` or ``Format-List`` sends format
objects: the view the far side decided (headers, cell texts, alignments; list
entries; wide items), not yet laid out. They cross as property bags of
PowerShell's format type name with a ``Shape`` (Table, List, Wide) and the
fields of that shape; the receiver rebuilds the formatter's own objects, so the
local Out-Default lays them out at the local console's width, as PowerShell
shows a remote ``Format-List``.

The formatter's classes live in ``shell.cmdlets.formatting.formatdata``; this
module reaches them only through ``sys.modules`` when sending (an object of
theirs exists only once that module is loaded) and imports it lazily when one
arrives. Received fields are checked (types and lengths) before anything is
built; a malformed one stays an inert deserialized property bag.
"""

from __future__ import annotations

import sys
from typing import Any

from sessions.codec import Bag

FORMATDATA = "shell.cmdlets.formatting.formatdata"
FORMAT_NAMES = ("Microsoft.PowerShell.Commands.Internal.Format.FormatStartData", "System.Object")
_ALIGNS = frozenset({"", "left", "right"})


class _Malformed(Exception):
    """A received format record that does not hold what its shape needs."""


def format_record(value: Any) -> Bag | None:
    """The wire record of a format object, or None when ``value`` is not one."""
    module = sys.modules.get(FORMATDATA)
    if module is None or not isinstance(value, module.FormatData):
        return None
    if isinstance(value, module.TableData):
        props: dict[str, Any] = {
            "Shape": "Table", "Headers": [_text(h) for h in value.headers],
            "Rows": [[_text(cell) for cell in row] for row in value.rows],
            "Aligns": [_text(a) for a in value.aligns], "Wrap": bool(value.wrap),
            "HideHeaders": bool(value.hide_headers),
            "Fixed": None if value.fixed is None else [w if type(w) is int else None for w in value.fixed],
            "Group": None if value.group is None else _text(value.group)}
    elif isinstance(value, module.ListData):
        props = {"Shape": "List",
                 "Entries": [[[_text(name), _text(text)] for name, text in entry] for entry in value.entries]}
    elif isinstance(value, module.WideData):
        props = {"Shape": "Wide", "Items": [_text(item) for item in value.items],
                 "Columns": value.columns if type(value.columns) is int else None}
    else:
        return None
    return Bag(FORMAT_NAMES, props, str(value))


def format_from(props: dict[str, Any], string_form: Any, computer_name: str | None) -> Any:
    """The formatter's object for a received format record (a plain deserialized bag if malformed)."""
    try:
        return _build(props)
    except _Malformed:
        from shell.language.psobject import PSObject  # noqa: PLC0415

        return PSObject(props, ["Deserialized." + n for n in FORMAT_NAMES],
                        string_form if type(string_form) is str else None)


def _build(props: dict[str, Any]) -> Any:
    from shell.cmdlets.formatting import formatdata  # noqa: PLC0415 - see the module docstring

    shape = props.get("Shape")
    if shape == "Table":
        headers = _texts(props.get("Headers"))
        width = len(headers)
        rows = props.get("Rows")
        if type(rows) is not list:
            raise _Malformed
        rows = [_texts(row, width) for row in rows]
        aligns = _texts(props.get("Aligns"), width)
        if not _ALIGNS.issuperset(aligns):
            raise _Malformed
        fixed = props.get("Fixed")
        if fixed is not None:
            if type(fixed) is not list or len(fixed) != width or \
                    any(w is not None and (type(w) is not int or not 0 < w < 10_000) for w in fixed):
                raise _Malformed
        group = props.get("Group")
        if group is not None and type(group) is not str:
            raise _Malformed
        return formatdata.TableData(headers, rows, aligns, wrap=_flag(props.get("Wrap")),
                                    hide_headers=_flag(props.get("HideHeaders")), fixed=fixed, group=group)
    if shape == "List":
        entries = props.get("Entries")
        if type(entries) is not list:
            raise _Malformed
        built = []
        for entry in entries:
            if type(entry) is not list:
                raise _Malformed
            built.append([tuple(_texts(pair, 2)) for pair in entry])
        return formatdata.ListData(built)
    if shape == "Wide":
        columns = props.get("Columns")
        if columns is not None and (type(columns) is not int or not 0 < columns < 10_000):
            raise _Malformed
        return formatdata.WideData(_texts(props.get("Items")), columns)
    raise _Malformed


def _texts(value: Any, length: int | None = None) -> list[str]:
    if type(value) is not list or (length is not None and len(value) != length):
        raise _Malformed
    for item in value:
        if type(item) is not str:
            raise _Malformed
    return value


def _flag(value: Any) -> bool:
    if type(value) is not bool:
        raise _Malformed
    return value


def _text(value: Any) -> str:
    return value if type(value) is str else "" if value is None else str(value)
