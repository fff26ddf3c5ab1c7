"""PowerShell's comparisons: ``-eq -ne -lt -le -gt -ge`` (and ``-c``/``-i`` forms), ``-contains``.

``equals`` and ``compare_values`` are the semantics (also used by Sort-Object,
Group-Object and the ``.Equals``/``.CompareTo`` methods): the right operand is
converted to the left operand's type; strings compare case-insensitively unless
asked otherwise.  ``op_eq``... are the operators with their integer and string fast
paths; a list on the left filters the list.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any, Callable

from shell.language.conversions import is_enumerable, parse_number, to_string, truthy
from shell.language.dotnet_primitives import Char, is_decimal
from shell.language.timespan import TimeSpan

__all__ = ["equals", "compare_values", "op_eq", "op_ne", "op_lt", "op_le", "op_gt", "op_ge", "op_ceq", "op_cne",
           "op_clt", "op_cle", "op_cgt", "op_cge", "comparison", "ordering", "contains"]


def _is_list(value: Any) -> bool:
    return type(value) is list or isinstance(value, (list, tuple))


def _parse_datetime(text: str) -> datetime:
    # A date compared with a string: date_parsing is imported only when that happens.
    from shell.language.date_parsing import parse_datetime
    return parse_datetime(text)


def _parse_timespan(text: str) -> TimeSpan:
    from shell.language.date_parsing import parse_timespan
    return parse_timespan(text)


# -- equality and ordering (the semantics) --------------------------------------------------------------------------

def _number_or_none(value: Any) -> Any:
    t = type(value)
    if t is int or t is float:
        return value
    if t is str:
        if not value.strip():
            return 0
        return parse_number(value)
    if t is bool:
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if is_decimal(value):
        return value
    return None


def _number_like(a: Any, value: Any) -> Any:
    """``value`` as a number to compare with the number ``a`` (a decimal beside a double is a double)."""
    n = _number_or_none(value)
    if isinstance(a, float) and is_decimal(n):
        return float(n)
    return n


def _decimal_or_none(value: Any) -> Any:
    """The right operand of a decimal comparison, as a decimal (None when it is not a number)."""
    n = value if is_decimal(value) else _number_or_none(value)
    if n is None or is_decimal(n):
        return n
    from shell.language.dotnet_primitives import to_decimal
    if isinstance(n, float) and (n != n or n in (float("inf"), float("-inf"))):
        return None
    try:
        return to_decimal(n)
    except Exception:  # past Decimal's range: not equal to any decimal  # noqa: BLE001
        return None


def _str_equal(a: str, b: str, case_sensitive: bool) -> bool:
    if a == b:
        return True
    return not case_sensitive and a.lower() == b.lower()


def equals(a: Any, b: Any, case_sensitive: bool = False) -> bool:
    """``a -eq b`` for a scalar ``a``: ``b`` is converted to ``a``'s type first."""
    ta = type(a)
    if ta is str:
        if type(b) is str:
            return a == b or (not case_sensitive and a.lower() == b.lower())
        if b is None:
            return False
        return _str_equal(a, to_string(b), case_sensitive)
    if ta is int or ta is float:
        tb = type(b)
        if tb is int or tb is float:
            return a == b
        if b is None:
            return False
        n = _number_like(a, b)
        return n is not None and a == n
    if a is None:
        return b is None
    if ta is bool:
        return b is not None and a == truthy(b)
    if isinstance(a, datetime):
        if isinstance(b, datetime):
            return a == b
        if isinstance(b, str):
            try:
                return a == _parse_datetime(b)
            except ValueError:
                return False
        return False
    if isinstance(a, TimeSpan):
        if isinstance(b, str):
            try:
                return a.ticks == _parse_timespan(b).ticks
            except ValueError:
                return False
        return isinstance(b, TimeSpan) and a.ticks == b.ticks
    if isinstance(a, (int, float)):
        n = _number_like(a, b)
        return n is not None and a == n
    if is_decimal(a):
        n = _decimal_or_none(b)
        return n is not None and a == n
    if ta is Char and isinstance(b, int) and not isinstance(b, bool):
        return ord(a) == b   # the number converts to a char: [char]'A' -eq 65
    if isinstance(a, (list, dict)) or not hasattr(type(a), "__eq__"):
        return a is b
    if isinstance(a, enum.Enum) and isinstance(b, str):
        # An enum compares with a string by name, as PowerShell converts the string to the enum.
        return _str_equal(to_string(a), b, case_sensitive) or _str_equal(a.name, b, case_sensitive)
    if isinstance(a, str):
        return _str_equal(a, to_string(b), case_sensitive)
    try:
        return a is b or bool(a == b)
    except Exception:
        return False


def _str_compare(a: str, b: str, case_sensitive: bool) -> int:
    x = a.lower()
    y = b.lower()
    if x != y:
        return -1 if x < y else 1
    if not case_sensitive or a == b:
        return 0
    # Culture order puts lower case before upper case when letters tie.
    x, y = a.swapcase(), b.swapcase()
    return -1 if x < y else (1 if x > y else 0)


def _sign(x: Any, y: Any) -> int:
    return -1 if x < y else (1 if x > y else 0)


def compare_values(a: Any, b: Any, case_sensitive: bool = False) -> int:
    """-1, 0 or 1: the order Sort-Object and ``-lt``/``-gt`` use ($null first)."""
    ta = type(a)
    tb = type(b)
    if (ta is int or ta is float) and (tb is int or tb is float):
        return -1 if a < b else (1 if a > b else 0)
    if ta is str and tb is str:
        return _str_compare(a, b, case_sensitive)
    if a is None:
        return 0 if b is None else -1
    if b is None:
        return 1
    if ta is bool or tb is bool and isinstance(a, (int, float)):
        x = truthy(a) if ta is bool else a
        y = truthy(b) if ta is bool else int(b)
        return _sign(x, y)
    if isinstance(a, (int, float)):
        n = _number_like(a, b)
        if n is not None:
            return _sign(a, n)
        return _str_compare(to_string(a), to_string(b), case_sensitive)
    if is_decimal(a):
        n = _decimal_or_none(b)
        if n is not None:
            return _sign(a, n)
        return _str_compare(to_string(a), to_string(b), case_sensitive)
    if isinstance(a, str):
        return _str_compare(a, to_string(b), case_sensitive)
    if isinstance(a, datetime):
        other = b
        if isinstance(b, str):
            try:
                other = _parse_datetime(b)
            except ValueError:
                other = None
        if isinstance(other, datetime):
            return _sign(a, other)
        return _str_compare(to_string(a), to_string(b), case_sensitive)
    if isinstance(a, TimeSpan):
        if isinstance(b, TimeSpan):
            return _sign(a.ticks, b.ticks)
        if isinstance(b, str):
            try:
                return _sign(a.ticks, _parse_timespan(b).ticks)
            except ValueError:
                pass
        return _str_compare(to_string(a), to_string(b), case_sensitive)
    if type(a) is type(b) and not isinstance(a, (list, tuple, dict)):
        try:
            if a < b:
                return -1
            if b < a:
                return 1
            if a == b:
                return 0
        except Exception:  # objects without an order compare by their string form
            pass
    return _str_compare(to_string(a), to_string(b), case_sensitive)


def comparison(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
    """A comparison operator: scalar left -> bool; list left -> the elements that pass."""
    def op(a: Any, b: Any) -> Any:
        if type(a) is list or isinstance(a, (list, tuple)):
            return [x for x in a if test(x, b)]
        return test(a, b)
    return op


def _eq(a: Any, b: Any) -> bool:
    return equals(a, b)


def _ceq(a: Any, b: Any) -> bool:
    return equals(a, b, True)


def op_eq(a: Any, b: Any) -> Any:
    """``-eq`` (``-ieq``)."""
    ta = type(a)
    if ta is int:
        if type(b) is int:
            return a == b
    elif ta is str:
        if type(b) is str:
            return a == b or a.lower() == b.lower()
    elif ta is list:
        return [x for x in a if equals(x, b)]
    return _EQ(a, b)


def op_ne(a: Any, b: Any) -> Any:
    """``-ne`` (``-ine``)."""
    ta = type(a)
    if ta is int:
        if type(b) is int:
            return a != b
    elif ta is str:
        if type(b) is str:
            return a != b and a.lower() != b.lower()
    elif ta is list:
        return [x for x in a if not equals(x, b)]
    return _NE(a, b)


_EQ = comparison(_eq)
_NE = comparison(lambda x, y: not equals(x, y))

#: the case-sensitive forms (``-ceq``, ``-cne``)
op_ceq = comparison(_ceq)
op_cne = comparison(lambda x, y: not equals(x, y, True))


def ordering(check: Callable[[int], bool], case_sensitive: bool,
             fast: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
    """An ordering operator (``-lt``...): numbers compare directly; a list left filters."""
    def test(x: Any, y: Any) -> bool:
        return check(compare_values(x, y, case_sensitive))

    def op(a: Any, b: Any) -> Any:
        ta = type(a)
        if (ta is int or ta is float) and (type(b) is int or type(b) is float):
            return fast(a, b)
        if ta is list or isinstance(a, (list, tuple)):
            return [x for x in a if test(x, b)]
        return test(a, b)
    return op


def op_lt(a: Any, b: Any) -> Any:
    """``-lt``: integer fast path, then the general comparison."""
    if type(a) is int and type(b) is int:
        return a < b
    return _LT(a, b)


def op_le(a: Any, b: Any) -> Any:
    """``-le``."""
    if type(a) is int and type(b) is int:
        return a <= b
    return _LE(a, b)


def op_gt(a: Any, b: Any) -> Any:
    """``-gt``."""
    if type(a) is int and type(b) is int:
        return a > b
    return _GT(a, b)


def op_ge(a: Any, b: Any) -> Any:
    """``-ge``."""
    if type(a) is int and type(b) is int:
        return a >= b
    return _GE(a, b)


_LT = ordering(lambda c: c < 0, False, lambda a, b: a < b)
_LE = ordering(lambda c: c <= 0, False, lambda a, b: a <= b)
_GT = ordering(lambda c: c > 0, False, lambda a, b: a > b)
_GE = ordering(lambda c: c >= 0, False, lambda a, b: a >= b)

#: the case-sensitive forms (``-clt``, ``-cle``, ``-cgt``, ``-cge``)
op_clt = ordering(lambda c: c < 0, True, lambda a, b: a < b)
op_cle = ordering(lambda c: c <= 0, True, lambda a, b: a <= b)
op_cgt = ordering(lambda c: c > 0, True, lambda a, b: a > b)
op_cge = ordering(lambda c: c >= 0, True, lambda a, b: a >= b)


# -- collections ----------------------------------------------------------------------------

def contains(collection: Any, value: Any, case_sensitive: bool = False) -> bool:
    """``collection -contains value`` (a scalar collection is a one-element list)."""
    items = collection if _is_list(collection) or is_enumerable(collection) else (collection,)
    for item in items:
        if equals(item, value, case_sensitive):
            return True
    return False
