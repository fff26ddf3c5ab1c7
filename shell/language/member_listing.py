"""Listing a value's members: what Get-Member shows and tab completion offers.

``member_names(obj)`` gives (name, MemberType) pairs: a PSObject's note properties
and script methods, a live object's properties and methods, the properties of
strings, tables, arrays, dates and errors, then the methods of the value's method
table and the four every object has.  Imported on first use (``members`` re-exports
``member_names``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shell.language.errors import ErrorRecord
from shell.language.member_methods import method_names, table_for
from shell.language.members_datetime import DATETIME_DISPLAY
from shell.language.members_errors import ERROR_DISPLAY
from shell.language.psobject import PSLive, PSObject
from shell.language.scriptblock import ScriptBlock

__all__ = ["member_names"]


_HASHTABLE_PROPS = ["Count", "IsFixedSize", "IsReadOnly", "IsSynchronized", "Keys", "SyncRoot", "Values"]
_LIST_PROPS = ["Count", "IsFixedSize", "IsReadOnly", "IsSynchronized", "Length", "LongLength", "Rank",
               "SyncRoot"]


def member_names(obj: Any) -> list[tuple[str, str]]:
    """(name, MemberType) pairs for Get-Member and tab completion."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(name: str, kind: str) -> None:
        if name.lower() not in seen:
            seen.add(name.lower())
            out.append((name, kind))

    t = type(obj)
    if obj is None:
        return []
    if t is PSObject:
        for name, value in obj.items():
            add(name, "ScriptMethod" if isinstance(value, ScriptBlock) else "NoteProperty")
    elif isinstance(obj, PSLive):
        for name in obj.ps_properties:
            add(name, "Property")
        for klass in type(obj).__mro__:
            for attr, member in vars(klass).items():
                if attr[:1].isupper() and callable(member) and not isinstance(member, (property, type)):
                    add(attr, "Method")
    elif isinstance(obj, str):
        add("Length", "Property")
    elif isinstance(obj, dict):
        for name in _HASHTABLE_PROPS:
            add(name, "Property")
    elif isinstance(obj, (list, tuple)):
        for name in _LIST_PROPS:
            add(name, "Property")
    elif isinstance(obj, datetime):
        for name in DATETIME_DISPLAY:
            add(name, "Property")
    elif isinstance(obj, ErrorRecord):
        for name in ERROR_DISPLAY:
            add(name, "Property")
    table = table_for(obj)
    if table is not None:
        for name in method_names(table):
            add(name, "Method")
    for name in ("Equals", "GetHashCode", "GetType", "ToString"):
        add(name, "Method")
    return out
