"""Strings and numbers that carry note properties (PowerShell's PSObject around a plain value).

In PowerShell any value can be wrapped in a PSObject that carries note properties
(``'x' | Add-Member -NotePropertyName n -NotePropertyValue 1 -PassThru``, or the
``PSComputerName``, ``RunspaceId`` and ``PSShowComputerName`` Invoke-Command adds to
every result) and still behaves as the value. psrepl's values are Python values, so
a string, an integer or a double that carries notes is a copy of it as one of the
subclasses here: ``NotedStr``, ``NotedInt``, ``NotedFloat``. Their instance
attributes are the note properties (``members`` reads them before the value's own
members, ``Get-Member`` lists them); everything else sees the value they are.
The language's fast paths test exact types (``type(x) is str``); the slow paths
treat these as the value (``plain``), so arithmetic, comparison, casts and methods
give what they give for the plain value, and so does crossing the wire.

Booleans and $null cannot carry notes: ``bool`` cannot be subclassed in Python
(and ``None`` has no class to subclass), so they stay plain wherever PowerShell
would have wrapped them. Neither can lists, hashtables and dates here (yet).

Many values can share one notes dict (``SharedNotes``): Invoke-Command gives every
plain value that comes back from one computer the same one, which costs a value
one attribute store instead of a dict of its own. A value that is given a note of
its own, or has one changed or removed, first gets a private copy
(``own_notes``), so sharing never shows.
"""

from __future__ import annotations

from collections import deque
from itertools import repeat
from typing import Any, Iterable

__all__ = ["NotedStr", "NotedInt", "NotedFloat", "NOTED_TYPES", "NOTED_FOR", "SharedNotes", "own_notes",
           "plain", "with_notes", "all_with_notes"]


class SharedNotes(dict):
    """A notes dict that several values hold as their ``__dict__`` (copied before any change)."""

    __slots__ = ()


def _set_note(self: Any, name: str, value: Any) -> None:
    own_notes(self)[name] = value


def _del_note(self: Any, name: str) -> None:
    try:
        del own_notes(self)[name]
    except KeyError:
        raise AttributeError(name) from None


# The classes define nothing public: every public attribute of an instance is a note property.

class NotedStr(str):
    """A string with note properties."""

    __setattr__ = _set_note
    __delattr__ = _del_note


class NotedInt(int):
    """An integer (Int32 or Int64 by its size) with note properties."""

    __setattr__ = _set_note
    __delattr__ = _del_note


class NotedFloat(float):
    """A double with note properties."""

    __setattr__ = _set_note
    __delattr__ = _del_note


#: the plain type -> the class of the same value with notes
NOTED_FOR: dict[type, type] = {str: NotedStr, int: NotedInt, float: NotedFloat}
NOTED_TYPES = (NotedStr, NotedInt, NotedFloat)
#: a noted class -> the plain type its values are
_PLAIN_OF: dict[type, type] = {NotedStr: str, NotedInt: int, NotedFloat: float}

#: class -> the setter of its instances' ``__dict__`` (bypasses _set_note: used to share a dict)
_DICT_SETTERS: dict[type, Any] = {cls: vars(cls)["__dict__"].__set__ for cls in NOTED_TYPES}


def own_notes(value: Any) -> dict[str, Any]:
    """The notes dict of a noted value, made its own first if it was shared (for a change)."""
    notes = value.__dict__
    if notes.__class__ is SharedNotes:
        notes = dict(notes)
        _DICT_SETTERS[type(value)](value, notes)
    return notes


def plain(value: Any) -> Any:
    """``value`` without its notes (the plain str/int/float); any other value as it is."""
    base = _PLAIN_OF.get(value.__class__)
    return value if base is None else base(value)


def with_notes(value: Any, notes: SharedNotes) -> Any:
    """A copy of a plain str/int/float that carries ``notes`` (shared); any other value as it is."""
    noted = NOTED_FOR.get(value.__class__)
    if noted is None:
        return value
    copy = noted(value)
    _DICT_SETTERS[noted](copy, notes)
    return copy


def all_with_notes(values: list[Any], notes: SharedNotes) -> list[Any]:
    """``values`` with each plain str/int/float replaced by a copy that carries ``notes`` (shared)."""
    kinds = set(map(type, values))
    if len(kinds) == 1:
        # One kind (1..200000, lines of text): copied and given the notes with no Python
        # loop per value (about 0.15 us a value, half of it the copy).
        noted = NOTED_FOR.get(kinds.pop())
        if noted is None:
            return values
        copies = list(map(noted, values))
        _consume(map(_DICT_SETTERS[noted], copies, repeat(notes)))
        return copies
    return [with_notes(value, notes) for value in values]


def _consume(calls: Iterable[Any]) -> None:
    deque(calls, maxlen=0)
