"""Instance methods: which method table serves a value, and the methods every value has.

``EXACT_TABLES`` maps a Python type to its table (lower-case name -> (canonical
name, function)); ``table_for`` also serves subclasses.  ``COMMON_METHODS`` are the
methods of every object (``GetType``, ``ToString``, ``Equals``, ``GetHashCode``) and
the ``.ForEach()``/``.Where()`` intrinsics.  ``members.invoke_method`` imports this
module (and the tables' modules) on the first method call.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shell.language.conversions import convert_to, to_string, truthy
from shell.language.dotnet_primitives import UnspecifiedDateTime, is_decimal
from shell.language.member_calls import (
    Method, call_block, call_method, dotnet_equals, int_arg, items_of, method_table, no_overload, unwrap,
)
from shell.language.members import MISSING, invoke_method, lookup
from shell.language.members_collections import ARRAY_METHODS, ARRAYLIST_METHODS, HASHTABLE_METHODS
from shell.language.members_datetime import DATETIME_METHODS
from shell.language.members_string import BOOL_METHODS, NUMBER_METHODS, STRING_METHODS, STRINGBUILDER_METHODS
from shell.language.pscollections import ArrayList, Hashtable, StringBuilder
from shell.language.scriptblock import ScriptBlock
from shell.language.typeinfo import PSTypeInfo, type_of

__all__ = ["EXACT_TABLES", "COMMON_METHODS", "table_for", "method_names", "call_method"]


# -- .ForEach() and .Where() ----------------------------------------------------------------------

def _foreach(obj: Any, *args: Any) -> list[Any]:
    """The ``.ForEach()`` intrinsic: a script block, a property or method name, or a type."""
    if not args:
        raise no_overload("ForEach", 0)
    action, rest = args[0], args[1:]
    out: list[Any] = []
    items = items_of(obj)
    if isinstance(action, ScriptBlock):
        for item in items:
            result = action.invoke(*rest, dollar_under=item, new_scope=False)
            if result:
                out.extend(result)
        return out
    if isinstance(action, PSTypeInfo) or (not isinstance(action, str) and hasattr(action, "FullName")):
        return [convert_to(str(action.FullName), item) for item in items]
    name = to_string(action)
    for item in items:
        value = MISSING if rest else lookup(item, name)
        if value is MISSING:
            value = invoke_method(item, name, list(rest))
        if value is not None and type(value) is list:
            out.extend(value)
        else:
            out.append(value)
    return out


def _where(obj: Any, *args: Any) -> list[Any]:
    """The ``.Where()`` intrinsic: filter, with modes First, Last, SkipUntil, Until, Split."""
    if not args:
        raise no_overload("Where", 0)
    block = args[0]
    mode = to_string(args[1]).lower() if len(args) > 1 else "default"
    count = int_arg(args[2]) if len(args) > 2 else 0
    items = items_of(obj)

    def test(item: Any) -> bool:
        return truthy(call_block(block, item))

    if mode == "first":
        found = [x for x in items if test(x)]
        return found[:count or 1]
    if mode == "last":
        found = [x for x in items if test(x)]
        return found[-(count or 1):]
    if mode in ("skipuntil", "until"):
        for i, item in enumerate(items):
            if test(item):
                chosen = items[i:] if mode == "skipuntil" else items[:i]
                return chosen[:count] if count else chosen
        return [] if mode == "skipuntil" else (items[:count] if count else list(items))
    if mode == "split":
        yes: list[Any] = []
        no: list[Any] = []
        for item in items:
            if test(item) and (not count or len(yes) < count):
                yes.append(item)
            else:
                no.append(item)
        return [yes, no]
    found = [x for x in items if test(x)]
    return found[:count] if count else found


# -- every object's methods, and script blocks' ---------------------------------------------------

COMMON_METHODS = method_table({
    "GetType": lambda o: type_of(o),
    "ToString": lambda o, *a: to_string(o),
    "Equals": lambda a, b: dotnet_equals(a, b),
    "GetHashCode": lambda o: (hash(o) if getattr(type(o), "__hash__", None) else id(o)) & 0x7FFFFFFF,
    "ForEach": _foreach, "Where": _where,
})


def _sb_invoke(block: ScriptBlock, *args: Any) -> list[Any]:
    return block.invoke(*args) or []


SCRIPTBLOCK_METHODS = method_table({
    "Invoke": _sb_invoke,
    "InvokeReturnAsIs": lambda b, *a: unwrap(b.invoke(*a)),
    "GetNewClosure": lambda b: b, "ToString": lambda b: b.text,
})


# -- which table serves a value ---------------------------------------------------------------------

#: a Python type -> its method table
EXACT_TABLES: dict[type, dict[str, tuple[str, Method]]] = {
    str: STRING_METHODS, int: NUMBER_METHODS, float: NUMBER_METHODS, bool: BOOL_METHODS,
    list: ARRAY_METHODS, tuple: ARRAY_METHODS, Hashtable: HASHTABLE_METHODS, datetime: DATETIME_METHODS,
    UnspecifiedDateTime: DATETIME_METHODS,
    ArrayList: ARRAYLIST_METHODS, ScriptBlock: SCRIPTBLOCK_METHODS, StringBuilder: STRINGBUILDER_METHODS,
}


def table_for(obj: Any) -> dict[str, tuple[str, Method]] | None:
    """The method table of a value (its type's, or a base type's), or None."""
    table = EXACT_TABLES.get(type(obj))
    if table is not None:
        return table
    if isinstance(obj, ArrayList):
        return ARRAYLIST_METHODS
    if isinstance(obj, (list, tuple)):
        return ARRAY_METHODS
    if isinstance(obj, dict):
        return HASHTABLE_METHODS
    if isinstance(obj, datetime):
        return DATETIME_METHODS
    if isinstance(obj, str):
        return STRING_METHODS
    if isinstance(obj, bool):
        return BOOL_METHODS
    if isinstance(obj, (int, float)) or is_decimal(obj):
        return NUMBER_METHODS
    return None


def method_names(table: dict[str, tuple[str, Method]]) -> list[str]:
    """The canonical method names of a table (for Get-Member and completion)."""
    return [canonical for canonical, _ in table.values()]
