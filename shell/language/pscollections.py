"""The language's mutable collections: ``Hashtable``, ``ArrayList`` and ``StringBuilder``.

Plain PowerShell arrays are Python lists (fixed size in PowerShell, so their
``.Add()`` fails, as there).  ``Hashtable`` is ``@{}`` and ``[ordered]@{}``: a dict
whose string keys are matched case-insensitively but keep the spelling they were
first stored with (a string that carries notes, a ``NotedStr``, is a string key
too: stored as its plain text, matched in any case).  ``ArrayList`` is what
``[System.Collections.ArrayList]`` and ``[System.Collections.Generic.List[T]]``
give: a list whose ``.Add()`` works.
"""

from __future__ import annotations

from typing import Any, Iterable

from shell.language.noted import NotedStr

_MISSING = object()


class Hashtable(dict):
    """``@{}``: insertion-ordered dict with case-insensitive string keys.

    ``_lower`` maps the lower-cased form of every string key to the key as stored,
    so a lookup in another case costs one extra dict probe, and only on a miss.
    ``ordered`` selects the .NET type name (Hashtable or OrderedDictionary).
    Keys are tested with ``type(key) is str`` (the fast path); only when that
    fails is a ``NotedStr`` looked for, so plain keys pay nothing for it.
    """

    __slots__ = ("_lower", "ordered")

    def __init__(self, items: Any = None, ordered: bool = False, **kwargs: Any) -> None:
        super().__init__()
        self._lower: dict[str, Any] = {}
        self.ordered = ordered
        if items is not None:
            self.update(items)
        if kwargs:
            self.update(kwargs)

    def _real(self, key: Any) -> Any:
        """The stored key equal to ``key`` (case-insensitively for strings), or _MISSING."""
        if type(key) is str or key.__class__ is NotedStr:
            return self._lower.get(key.lower(), _MISSING)
        return key if dict.__contains__(self, key) else _MISSING

    def __getitem__(self, key: Any) -> Any:
        try:
            return dict.__getitem__(self, key)
        except KeyError:
            if type(key) is str or key.__class__ is NotedStr:
                real = self._lower.get(key.lower(), _MISSING)
                if real is not _MISSING:
                    return dict.__getitem__(self, real)
            raise

    def __setitem__(self, key: Any, value: Any) -> None:
        if type(key) is not str:
            if key.__class__ is not NotedStr:
                dict.__setitem__(self, key, value)
                return
            # PowerShell keys a table by the value, not by the notes it carries.
            key = str(key)
        low = key.lower()
        real = self._lower.get(low, _MISSING)
        if real is _MISSING:
            self._lower[low] = key
        else:
            key = real
        dict.__setitem__(self, key, value)

    def __delitem__(self, key: Any) -> None:
        real = self._real(key)
        if real is _MISSING:
            raise KeyError(key)
        dict.__delitem__(self, real)
        if type(real) is str:
            del self._lower[real.lower()]

    def __contains__(self, key: object) -> bool:
        if dict.__contains__(self, key):
            return True
        return (type(key) is str or key.__class__ is NotedStr) and key.lower() in self._lower

    def get(self, key: Any, default: Any = None) -> Any:
        """The value for ``key`` (any case), or ``default``."""
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        if type(key) is str or key.__class__ is NotedStr:
            real = self._lower.get(key.lower(), _MISSING)
            if real is not _MISSING:
                return dict.__getitem__(self, real)
        return default

    def real_key(self, key: Any) -> Any:
        """The key as stored for ``key`` (any case), or None when absent."""
        real = self._real(key)
        return None if real is _MISSING else real

    def pop(self, key: Any, default: Any = _MISSING) -> Any:
        """Remove ``key`` (any case) and return its value."""
        real = self._real(key)
        if real is _MISSING:
            if default is _MISSING:
                raise KeyError(key)
            return default
        if type(real) is str:
            del self._lower[real.lower()]
        return dict.pop(self, real)

    def popitem(self) -> tuple[Any, Any]:
        """Remove and return the last (key, value) pair."""
        key, value = dict.popitem(self)
        if type(key) is str:
            del self._lower[key.lower()]
        return key, value

    def setdefault(self, key: Any, default: Any = None) -> Any:
        """The value for ``key``; stores ``default`` first when absent."""
        real = self._real(key)
        if real is _MISSING:
            self[key] = default
            return default
        return dict.__getitem__(self, real)

    def update(self, other: Any = (), **kwargs: Any) -> None:  # type: ignore[override]
        """Add or replace pairs from a mapping or an iterable of pairs."""
        pairs: Iterable[Any] = other.items() if hasattr(other, "items") else other
        for key, value in pairs:
            self[key] = value
        for key, value in kwargs.items():
            self[key] = value

    def clear(self) -> None:
        """Remove every pair."""
        dict.clear(self)
        self._lower.clear()

    def copy(self) -> Hashtable:
        """A shallow copy keeping the ``ordered`` flag (``.Clone()``)."""
        new = Hashtable(ordered=self.ordered)
        dict.update(new, self)
        new._lower = dict(self._lower)
        return new

    __copy__ = copy

    def __reduce__(self) -> Any:
        return (_rebuild_hashtable, (list(dict.items(self)), self.ordered))

    def __repr__(self) -> str:
        return f"Hashtable({dict.__repr__(self)}{', ordered=True' if self.ordered else ''})"

    @property
    def type_name(self) -> str:
        """The .NET type name PowerShell shows for this table."""
        return ("System.Collections.Specialized.OrderedDictionary" if self.ordered
                else "System.Collections.Hashtable")


def _rebuild_hashtable(items: list[tuple[Any, Any]], ordered: bool) -> Hashtable:
    return Hashtable(items, ordered=ordered)


class ArrayList(list):
    """``[System.Collections.ArrayList]`` / ``List[T]``: a growable list (``.Add()`` works).

    ``type_name`` is the .NET name it was created as; ``add_returns_index`` is True
    for ArrayList, whose ``Add`` returns the new index (why scripts write
    ``[void]$list.Add(x)``), False for the generic ``List[T]``, whose ``Add`` is void.
    """

    __slots__ = ("type_name", "add_returns_index")

    def __init__(self, items: Iterable[Any] = (), type_name: str = "System.Collections.ArrayList",
                 add_returns_index: bool = True) -> None:
        super().__init__(items)
        self.type_name = type_name
        self.add_returns_index = add_returns_index

    def __reduce__(self) -> Any:
        return (ArrayList, (list(self), self.type_name, self.add_returns_index))


class StringBuilder:
    """``[System.Text.StringBuilder]``: appends text; ``ToString()`` joins it."""

    __slots__ = ("parts",)

    def __init__(self, text: str = "") -> None:
        self.parts: list[str] = [text] if text else []

    @property
    def text(self) -> str:
        """The text built so far (joined once, then kept as one part)."""
        if len(self.parts) > 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"StringBuilder({self.text!r})"
