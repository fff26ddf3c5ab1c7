"""The methods of arrays, ArrayLists (and List[T]) and hashtables: ``$list.Add(1)``, ``$h.ContainsKey('a')``.

A PowerShell array is fixed-size (a Python list here): ``.Add()`` fails as in .NET.
``[System.Collections.ArrayList]`` and ``List[T]`` are ``ArrayList``.  Each table maps
a lower-case method name to (canonical name, function), as ``member_methods``
dispatches them; ``[array]::Sort``/``IndexOf``/``Find`` reuse the helpers here.
"""

from __future__ import annotations

import functools
from typing import Any

from shell.language.conversions import is_enumerable, to_string, truthy, type_name_of
from shell.language.member_calls import (
    Method, MethodError, call_block, dotnet_equals, int_arg, method_table,
)
from shell.language.members import set_index
from shell.language.operations import compare_values
from shell.language.psobject import PSLive
from shell.language.pscollections import ArrayList, Hashtable

__all__ = ["ARRAY_METHODS", "ARRAYLIST_METHODS", "HASHTABLE_METHODS", "DictionaryEntry", "DICTIONARY_ENTRY",
           "sort_items", "index_of_item", "last_index_of_item", "find_item"]

DICTIONARY_ENTRY = "System.Collections.DictionaryEntry"


# -- arrays ---------------------------------------------------------------------------------------

def _fixed_size(name: str) -> Method:
    def method(lst: list, *args: Any) -> None:
        raise MethodError("Collection was of a fixed size.")
    return method


def index_of_item(lst: list, value: Any, *args: Any) -> int:
    """The index of the first item equal to ``value`` (object.Equals), or -1."""
    for i, item in enumerate(lst):
        if dotnet_equals(item, value):
            return i
    return -1


def last_index_of_item(lst: list, value: Any) -> int:
    """The index of the last item equal to ``value``, or -1."""
    for i in range(len(lst) - 1, -1, -1):
        if dotnet_equals(lst[i], value):
            return i
    return -1


def _list_clear(lst: list) -> None:
    for i in range(len(lst)):
        lst[i] = None


def _set_value(lst: list, value: Any, index: Any) -> None:
    set_index(lst, index, value)


ARRAY_METHODS = method_table({
    "Contains": lambda lst, v: any(dotnet_equals(x, v) for x in lst), "IndexOf": index_of_item,
    "LastIndexOf": last_index_of_item, "Add": _fixed_size("Add"), "Remove": _fixed_size("Remove"),
    "RemoveAt": _fixed_size("RemoveAt"), "Insert": _fixed_size("Insert"), "Clear": _list_clear,
    "Clone": lambda lst: list(lst), "GetValue": lambda lst, i: lst[int_arg(i)], "SetValue": _set_value,
    "GetLength": lambda lst, d: len(lst), "GetUpperBound": lambda lst, d: len(lst) - 1,
    "GetLowerBound": lambda lst, d: 0, "ToString": lambda lst: type_name_of(lst),
    "GetEnumerator": lambda lst: iter(lst), "Equals": lambda a, b: a is b,
    "GetHashCode": lambda lst: id(lst) & 0x7FFFFFFF,
    "CopyTo": lambda lst, target, index=0: _copy_to(lst, target, index),
})


def _copy_to(lst: list, target: Any, index: Any) -> None:
    start = int_arg(index)
    for offset, item in enumerate(lst):
        set_index(target, start + offset, item)


# -- ArrayList and List[T] -----------------------------------------------------------------------

def _al_add(lst: ArrayList, value: Any) -> int | None:
    lst.append(value)
    return len(lst) - 1 if lst.add_returns_index else None


def _al_remove(lst: ArrayList, value: Any) -> Any:
    for i, item in enumerate(lst):
        if dotnet_equals(item, value):
            del lst[i]
            return True if not lst.add_returns_index else None
    return False if not lst.add_returns_index else None


def _al_remove_at(lst: ArrayList, index: Any) -> None:
    i = int_arg(index)
    if not 0 <= i < len(lst):
        raise MethodError("Index was out of range. Must be non-negative and less than the size of the "
                          "collection. (Parameter 'index')")
    del lst[i]


def _al_insert(lst: ArrayList, index: Any, value: Any) -> None:
    i = int_arg(index)
    if not 0 <= i <= len(lst):
        raise MethodError("Index must be within the bounds of the List. (Parameter 'index')")
    lst.insert(i, value)


def sort_items(lst: ArrayList, *args: Any) -> None:
    """Sort in place, in the order ``compare_values`` gives (case-sensitively)."""
    lst.sort(key=functools.cmp_to_key(lambda a, b: compare_values(a, b, True)))


def _al_get_range(lst: ArrayList, index: Any, count: Any) -> ArrayList:
    i, n = int_arg(index), int_arg(count)
    return ArrayList(lst[i:i + n], lst.type_name, lst.add_returns_index)


def find_item(lst: ArrayList, predicate: Any) -> Any:
    """The first item for which the predicate script block is true, or None."""
    for item in lst:
        if truthy(call_block(predicate, item, (item,))):
            return item
    return None


ARRAYLIST_METHODS = method_table({
    "Add": _al_add, "AddRange": lambda lst, items: lst.extend(items if is_enumerable(items) else [items]),
    "Remove": _al_remove, "RemoveAt": _al_remove_at,
    "RemoveRange": lambda lst, i, n: lst.__delitem__(slice(int_arg(i), int_arg(i) + int_arg(n))),
    "Insert": _al_insert,
    "InsertRange": lambda lst, i, items: lst.__setitem__(slice(int_arg(i), int_arg(i)), list(items)),
    "Clear": lambda lst: lst.clear(), "Sort": sort_items, "Reverse": lambda lst, *a: lst.reverse(),
    "ToArray": lambda lst: list(lst), "GetRange": _al_get_range,
    "Clone": lambda lst: ArrayList(lst, lst.type_name, lst.add_returns_index),
    "Find": find_item, "FindAll": lambda lst, p: [x for x in lst if truthy(call_block(p, x, (x,)))],
    "Exists": lambda lst, p: any(truthy(call_block(p, x, (x,))) for x in lst),
    "RemoveAll": lambda lst, p: _remove_all(lst, p),
    "ToString": lambda lst: lst.type_name,
})


def _remove_all(lst: ArrayList, predicate: Any) -> int:
    keep = [x for x in lst if not truthy(call_block(predicate, x, (x,)))]
    removed = len(lst) - len(keep)
    lst[:] = keep
    return removed


# -- hashtables ----------------------------------------------------------------------------------

def _ht_add(table: dict, key: Any, value: Any) -> None:
    if key is None:
        raise MethodError("Key cannot be null. (Parameter 'key')")
    if key in table:
        existing = table.real_key(key) if isinstance(table, Hashtable) else key
        raise MethodError(f"Item has already been added. Key in dictionary: '{to_string(existing)}'  "
                          f"Key being added: '{to_string(key)}'")
    table[key] = value


def _ht_remove(table: dict, key: Any) -> None:
    if key in table:
        del table[key]


def _ht_insert(table: Hashtable, index: Any, key: Any, value: Any) -> None:
    i = int_arg(index)
    if key in table:
        raise MethodError(f"An item with the same key has already been added. Key: {to_string(key)}")
    items = list(table.items())
    items.insert(i, (key, value))
    table.clear()
    table.update(items)


def _ht_remove_at(table: Hashtable, index: Any) -> None:
    keys = list(table.keys())
    i = int_arg(index)
    if not 0 <= i < len(keys):
        raise MethodError("Index was out of range. Must be non-negative and less than the size of the "
                          "collection. (Parameter 'index')")
    del table[keys[i]]


HASHTABLE_METHODS = method_table({
    "ContainsKey": lambda t, k: k in t, "Contains": lambda t, k: k in t,
    "ContainsValue": lambda t, v: any(dotnet_equals(x, v) for x in t.values()),
    "Add": _ht_add, "Remove": _ht_remove, "Clear": lambda t: t.clear(),
    "Clone": lambda t: t.copy() if isinstance(t, Hashtable) else Hashtable(t),
    "GetEnumerator": lambda t: [DictionaryEntry(k, v) for k, v in t.items()],
    "Insert": _ht_insert, "RemoveAt": _ht_remove_at,
    "ToString": lambda t: to_string(t), "Equals": lambda a, b: a is b,
    "GetHashCode": lambda t: id(t) & 0x7FFFFFFF,
    "get_Item": lambda t, k: t.get(k), "set_Item": lambda t, k, v: t.__setitem__(k, v),
})


# -- the pairs of GetEnumerator() ------------------------------------------------------------------

class DictionaryEntry(PSLive):
    """One pair of ``$table.GetEnumerator()``: Key and Value, shown as Name/Value as PowerShell does."""

    ps_type_names = (DICTIONARY_ENTRY, "System.ValueType", "System.Object")
    ps_properties = ("Name", "Key", "Value")
    ps_table = ("Name", "Value")

    def __init__(self, key: Any, value: Any) -> None:
        self.Key = key
        self.Value = value

    @property
    def Name(self) -> Any:
        """The key (PowerShell's alias property)."""
        return self.Key

    def __str__(self) -> str:
        return DICTIONARY_ENTRY
