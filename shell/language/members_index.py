"""Indexing: ``$a[0]``, ``$a[-1]``, ``$a[1..3]``, ``$h['key']``, ``$s[0]``, ``$m.Groups['name']``.

A list index out of range reads as $null (and fails when assigned); a list of
indices slices; a hashtable is indexed by key (a list of keys gives a list of
values), an ``[ordered]`` one by position too when the index is an int (``$o[0]``,
as OrderedDictionary's int indexer); a string's letters are chars; a scalar acts
as a one-element array.  A collection indexable by name
defines ``ps_name_index(name)`` (returning NotImplemented for a name that is a
position); a live object may define ``ps_index(index)``.  ``members`` re-exports
``get_index`` and ``set_index``.
"""

from __future__ import annotations

from typing import Any

from shell.language.conversions import INT32_MAX, INT32_MIN, _integer, is_enumerable, type_name_of
from shell.language.dotnet_primitives import Char
from shell.language.pscollections import Hashtable, StringBuilder

__all__ = ["get_index", "set_index", "dict_get"]


def _error(message: str, error_id: str, **kwargs: Any) -> Exception:
    # Errors are rare: member_calls (which phrases them) is imported when one happens.
    from shell.language.member_calls import member_error
    return member_error(message, error_id, **kwargs)


def _null_index() -> Exception:
    return _error("Cannot index into a null array.", "NullArray")


def _int(value: Any) -> int:
    return value if type(value) is int else _integer(value, "System.Int32", INT32_MIN, INT32_MAX)


def dict_get(obj: dict, name: str, default: Any = None) -> Any:
    """``obj[name]`` for a plain dict, a string key matched case-insensitively; ``default`` if absent."""
    if name in obj:
        return obj[name]
    low = name.lower()
    for key in obj:
        if isinstance(key, str) and key.lower() == low:
            return obj[key]
    return default


def get_index(obj: Any, index: Any) -> Any:
    """``obj[index]``: lists (negative from the end, slices by a list of indices), tables, strings."""
    t = type(obj)
    if t is list or t is tuple:
        if type(index) is int:
            try:
                return obj[index]
            except IndexError:
                return None
        return _index_sequence(obj, index)
    if t is Hashtable:
        if type(index) is list:
            return [get_index(obj, k) for k in index] if obj.ordered else [obj.get(k) for k in index]
        if obj.ordered and isinstance(index, int) and not isinstance(index, bool):
            return _ordered_at(obj, index)
        try:
            return obj.get(index)
        except TypeError:
            return None
    if t is str:
        if type(index) is int:
            try:
                return Char(obj[index])
            except IndexError:
                return None
        return _chars(_index_sequence(obj, index))
    if obj is None:
        raise _null_index()
    if isinstance(index, str):
        # Collections indexable by name ($m.Groups['year'], $o.PSObject.Properties['Name']).
        by_name = getattr(type(obj), "ps_name_index", None)
        if by_name is not None:
            found = by_name(obj, index)
            if found is not NotImplemented:
                return found
    if isinstance(obj, str):
        return _chars(_index_sequence(obj, index))
    if isinstance(obj, (list, tuple)):
        return _index_sequence(obj, index)
    if isinstance(obj, dict):
        if isinstance(index, list):
            return [get_index(obj, k) for k in index]
        return dict_get(obj, index) if isinstance(index, str) else obj.get(index)
    if isinstance(obj, StringBuilder):
        return _chars(_index_sequence(obj.text, index))
    hook = getattr(obj, "ps_index", None)
    if hook is not None:
        return hook(index)
    if is_enumerable(obj):
        return _index_sequence(list(obj), index)
    # A scalar acts as a one-element array: [0] and [-1] are the value itself.
    if isinstance(index, (list, tuple)):
        return [obj for i in index if _int(i) in (0, -1)]
    return obj if _int(index) in (0, -1) else None


def _chars(found: Any) -> Any:
    """A string's letters as chars (one, or a list of them)."""
    if type(found) is str:
        return Char(found)
    if type(found) is list:
        return [Char(c) for c in found]
    return found


def _ordered_at(table: Hashtable, index: int) -> Any:
    """An ordered dictionary's value at a position (from the end when negative); $null past it."""
    n = len(table)
    if -n <= index < n:
        if index < 0:
            index += n
        for i, value in enumerate(table.values()):
            if i == index:
                return value
    return None


def _index_sequence(seq: Any, index: Any) -> Any:
    if isinstance(index, (list, tuple)) or is_enumerable(index):
        out: list[Any] = []
        for i in index:
            if isinstance(i, (list, tuple)):
                value = _index_sequence(seq, i)
                if value:
                    out.extend(value if isinstance(value, list) else [value])
                continue
            n = i if type(i) is int else _int(i)
            if -len(seq) <= n < len(seq):
                out.append(seq[n])
        return out
    n = index if type(index) is int else _int(index)
    if -len(seq) <= n < len(seq):
        return seq[n]
    return None


def set_index(obj: Any, index: Any, value: Any) -> None:
    """``obj[index] = value``: a list element in range, or a table key."""
    t = type(obj)
    if t is list or isinstance(obj, list):
        n = index if type(index) is int else _int(index)
        if -len(obj) <= n < len(obj):
            obj[n] = value
            return
        raise _error("Index was outside the bounds of the array.", "IndexOutOfRange",
                     exception_type="System.IndexOutOfRangeException")
    if t is Hashtable and obj.ordered and isinstance(index, int) and not isinstance(index, bool):
        n = len(obj)
        if not -n <= index < n:
            raise _error("Index was out of range. Must be non-negative and less than the size of the "
                         "collection. (Parameter 'index')", "ArgumentOutOfRange",
                         exception_type="System.ArgumentOutOfRangeException")
        obj[list(obj)[index]] = value
        return
    if isinstance(obj, dict):
        if t is not Hashtable and isinstance(index, str):
            index = next((k for k in obj if isinstance(k, str) and k.lower() == index.lower()), index)
        try:
            obj[index] = value
        except TypeError:   # unhashable: a list or a table as a key
            raise _error(f"A value of type [{type_name_of(index)}] cannot be used as a hashtable key.",
                         "InvalidKey") from None
        return
    if obj is None:
        raise _null_index()
    raise _error(f"Unable to index into an object of type {type_name_of(obj)}.", "CannotIndex")
