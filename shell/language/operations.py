"""PowerShell's operators as pure functions: the operator tables the compiler reads.

``BINARY_OPS`` and ``UNARY_OPS`` map an operator's name (as the parser spells it,
lower-case: ``'+'``, ``'-eq'``, ``'-creplace'``, ``'..'``) to a function of the operand
values.  The compiler may also call the plain functions directly on its fast paths:
``add``, ``subtract``, ``multiply``, ``divide``, ``remainder``, ``op_eq``, ``op_ne``,
``op_lt``, ``op_le``, ``op_gt``, ``op_ge``, ``equals``, ``compare_values``, ``match``,
``like``, ``replace``, ``split``, ``join``, ``contains``, ``range_op``.

The left operand decides the meaning, as in PowerShell: ``'1' + 2`` is ``'12'``,
``1 + '2'`` is ``3``; a comparison whose left operand is a list filters the list.
``-and``/``-or`` are short-circuited by the compiler and are not here; ``-match``
returns ``$Matches`` too, so it is the separate ``match`` function.

The operators live by topic; this module is their one public face:

- ``operations_arithmetic``: ``+ - * / %``, unary ``-``/``+``, ``-shl``/``-shr``;
- ``operations_compare``: ``equals``, ``compare_values``, ``-eq``... ``-contains``;
- ``operations_text``: ``-like``, ``-match``, ``-replace``, ``-split``, ``-join``;
- ``regex``/``regex_objects``: .NET regexes and ``[regex]``, Match, Group;
- ``casts``: ``-is``/``-as``; ``dotnet_format``: ``-f``.

The regex objects (``Regex``, ``RegexMatch``...) and the casts are imported on first
use, so that start-up does not pay for them: ``__getattr__`` below re-exports the
objects (``from shell.language.operations import Regex`` works).
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

from shell.language.conversions import (
    INT32_MAX, INT32_MIN, _integer, format_operator, to_string, truthy,
)
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.operations_arithmetic import (
    MAX_ELEMENTS, add, divide, int_operand, multiply, negate, remainder, shift_left, shift_right, subtract,
    unary_plus,
)
from shell.language.operations_compare import (
    compare_values, contains, equals, op_ceq, op_cge, op_cgt, op_cle, op_clt, op_cne, op_eq, op_ge, op_gt,
    op_le, op_lt, op_ne,
)
from shell.language.operations_text import join, like, match, replace, split, unary_join, unary_split
from shell.language.regex import compile_regex, expand_replacement, translate_regex, wildcard_regex

__all__ = ["BINARY_OPS", "UNARY_OPS", "add", "subtract", "multiply", "divide", "remainder",
           "equals", "compare_values", "match", "like", "replace", "split", "join", "contains",
           "range_op", "Regex", "RegexMatch", "GroupCollection", "compile_regex", "translate_regex",
           "wildcard_regex", "expand_replacement"]


# -- the modules imported on first use ---------------------------------------------------------

#: public name -> the module that defines it
_LAZY = {
    "Regex": "regex_objects", "RegexMatch": "regex_objects", "RegexGroup": "regex_objects",
    "GroupCollection": "regex_objects",
}

_modules: dict[str, Any] = {}


def _module(name: str) -> Any:
    """``shell.language.<name>``, imported on first use."""
    module = _modules.get(name)
    if module is None:
        module = _modules[name] = importlib.import_module("shell.language." + name)
    return module


def __getattr__(name: str) -> Any:
    """The names of ``_LAZY`` (``operations.Regex``, ``operations.RegexMatch``...): imported on first use.

    The value is then stored in this module, so later lookups cost what a plain global does.
    """
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_module(module), name)
    globals()[name] = value
    return value


# -- collections, ranges and types -------------------------------------------------------------

def _type_arg(value: Any) -> str:
    """The type name from the right side of ``-is``/``-as`` (a str or a type object)."""
    if isinstance(value, str):
        return value
    name = getattr(value, "FullName", None)
    if name is not None:
        return str(name)
    return to_string(value)


_casts: Any = None   # the casts module, imported by the first -is/-as


def _load_casts() -> Any:
    global _casts
    _casts = _module("casts")
    return _casts


def is_op(a: Any, b: Any) -> bool:
    """``a -is [type]``."""
    return (_casts or _load_casts()).is_instance(a, _type_arg(b))


def as_op(a: Any, b: Any) -> Any:
    """``a -as [type]``: the converted value, or None when it does not convert."""
    casts = _casts or _load_casts()
    name = _type_arg(b)
    if not casts.is_known_type(name):
        return a if casts.is_instance(a, name) else casts.convert_to(name, a)
    try:
        return casts.convert_to(name, a)
    except PSRuntimeError:
        return None


def range_op(a: Any, b: Any) -> list[Any]:
    """``a..b``: inclusive, ascending or descending; ``'a'..'e'`` gives characters."""
    if (isinstance(a, str) and isinstance(b, str) and len(a) == 1 and len(b) == 1
            and not (a.isdigit() and b.isdigit())):
        x, y = ord(a), ord(b)
        step = 1 if y >= x else -1
        return [chr(c) for c in range(x, y + step, step)]
    x = a if type(a) is int else _integer(a, "System.Int32", INT32_MIN, INT32_MAX)
    y = b if type(b) is int else _integer(b, "System.Int32", INT32_MIN, INT32_MAX)
    if abs(y - x) >= MAX_ELEMENTS:
        raise PSRuntimeError(ErrorRecord(
            f"The range {x}..{y} is too large: a range may have at most {MAX_ELEMENTS} elements.",
            category=ErrorCategory.INVALID_OPERATION, error_id="RangeTooLarge"))
    if y >= x:
        return list(range(x, y + 1))
    return list(range(x, y - 1, -1))


# -- the tables --------------------------------------------------------------------------------

def _format(a: Any, b: Any) -> str:
    return format_operator(a, b)


def _cs(func: Callable[..., Any]) -> Callable[[Any, Any], Any]:
    return lambda a, b: func(a, b, True)


def _neg(func: Callable[..., Any]) -> Callable[[Any, Any], Any]:
    return lambda a, b: not func(a, b)


def _build_binary_ops() -> dict[str, Callable[[Any, Any], Any]]:
    ops: dict[str, Callable[[Any, Any], Any]] = {
        "+": add, "-": subtract, "*": multiply, "/": divide, "%": remainder,
        "-eq": op_eq, "-ne": op_ne, "-lt": op_lt, "-le": op_le, "-gt": op_gt, "-ge": op_ge,
        "-ceq": op_ceq, "-cne": op_cne, "-clt": op_clt, "-cle": op_cle, "-cgt": op_cgt, "-cge": op_cge,
        "-like": lambda a, b: like(a, b), "-notlike": lambda a, b: like(a, b, False, True),
        "-clike": lambda a, b: like(a, b, True), "-cnotlike": lambda a, b: like(a, b, True, True),
        "-contains": contains, "-notcontains": _neg(contains),
        "-ccontains": _cs(contains), "-cnotcontains": _neg(_cs(contains)),
        "-in": lambda a, b: contains(b, a), "-notin": lambda a, b: not contains(b, a),
        "-cin": lambda a, b: contains(b, a, True), "-cnotin": lambda a, b: not contains(b, a, True),
        "-replace": replace, "-creplace": _cs(replace),
        "-split": split, "-csplit": _cs(split),
        "-join": join,
        "-is": is_op, "-isnot": _neg(is_op), "-as": as_op,
        "-band": lambda a, b: int_operand(a) & int_operand(b),
        "-bor": lambda a, b: int_operand(a) | int_operand(b),
        "-bxor": lambda a, b: int_operand(a) ^ int_operand(b),
        "-shl": shift_left, "-shr": shift_right,
        "..": range_op, "-f": _format,
        "-xor": lambda a, b: truthy(a) != truthy(b),
    }
    # The explicit case-insensitive spellings: -ieq, -ilike, -ireplace, ...
    for name in ("eq", "ne", "lt", "le", "gt", "ge", "like", "notlike", "contains", "notcontains",
                 "in", "notin", "replace", "split"):
        ops["-i" + name] = ops["-" + name]
    return ops


BINARY_OPS: dict[str, Callable[[Any, Any], Any]] = _build_binary_ops()

UNARY_OPS: dict[str, Callable[[Any], Any]] = {
    "-not": lambda v: not truthy(v),
    "!": lambda v: not truthy(v),
    "-": negate,
    "+": unary_plus,
    "-bnot": lambda v: ~int_operand(v),
    "-split": unary_split,
    "-join": unary_join,
    ",": lambda v: [v],
}
