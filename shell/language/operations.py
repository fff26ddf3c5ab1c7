"""PowerShell's operators as pure functions: arithmetic, comparison, pattern, collection.

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
"""

from __future__ import annotations

import enum
import math
import re
from datetime import datetime, timedelta
from typing import Any, Callable

from shell.language.conversions import (
    INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, _integer, convert_to, format_operator, is_enumerable,
    is_instance, is_known_type, parse_datetime, parse_number, parse_timespan, to_number, to_string,
    truthy, type_name_of,
)
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.psobject import PSLive
from shell.language.pscollections import Hashtable
from shell.language.timespan import TimeSpan

__all__ = ["BINARY_OPS", "UNARY_OPS", "add", "subtract", "multiply", "divide", "remainder",
           "equals", "compare_values", "match", "like", "replace", "split", "join", "contains",
           "range_op", "Regex", "RegexMatch"]


def _no_operator(value: Any, op_name: str) -> PSRuntimeError:
    return PSRuntimeError(ErrorRecord(
        f"Method invocation failed because [{type_name_of(value)}] does not contain a method named "
        f"'{op_name}'.", category=ErrorCategory.INVALID_OPERATION, error_id="MethodNotFound",
        target=value))


def _divide_by_zero() -> PSRuntimeError:
    return PSRuntimeError(ErrorRecord("Attempted to divide by zero.", category=ErrorCategory.NOT_SPECIFIED,
                                      error_id="RuntimeException",
                                      exception_type="System.DivideByZeroException"))


def _fix_int(result: int) -> int | float:
    # Past Int64, .NET arithmetic in PowerShell widens to Double.
    if INT64_MIN <= result <= INT64_MAX:
        return result
    return float(result)


def _numbers(a: Any, b: Any) -> tuple[Any, Any]:
    target = "System.Double" if type(a) is float else "System.Int32"
    return to_number(a, target), to_number(b, target)


def _is_list(value: Any) -> bool:
    return type(value) is list or isinstance(value, (list, tuple))


# -- arithmetic ------------------------------------------------------------------------------------

def add(a: Any, b: Any) -> Any:
    """``a + b``: numbers add, strings concatenate, arrays append, hashtables merge."""
    ta = type(a)
    tb = type(b)
    if ta is int:
        if tb is int:
            r = a + b
            return r if INT64_MIN <= r <= INT64_MAX else float(r)
        if tb is float:
            return a + b
    elif ta is str:
        if tb is str:
            return a + b
        return a + to_string(b)
    elif ta is float:
        if tb is float or tb is int:
            return a + b
    return _add_slow(a, b)


def _add_slow(a: Any, b: Any) -> Any:
    try:
        return _add_general(a, b)
    except OverflowError:
        raise _unrepresentable() from None


def _unrepresentable() -> PSRuntimeError:
    return PSRuntimeError(ErrorRecord(
        "The added or subtracted value results in an un-representable DateTime. (Parameter 'value')",
        category=ErrorCategory.NOT_SPECIFIED, error_id="ArgumentOutOfRangeException",
        exception_type="System.ArgumentOutOfRangeException"))


def _add_general(a: Any, b: Any) -> Any:
    if a is None:
        return list(b) if _is_list(b) else b
    if _is_list(a):
        if _is_list(b):
            return [*a, *b]
        return [*a, b]
    if isinstance(a, dict):
        if not isinstance(b, dict):
            raise PSRuntimeError(ErrorRecord("A hash table can only be added to another hash table.",
                                             category=ErrorCategory.INVALID_OPERATION,
                                             error_id="AddHashTableToNonHashTable"))
        merged = a.copy() if isinstance(a, Hashtable) else Hashtable(a)
        for key, value in b.items():
            if key in merged:
                existing = merged.real_key(key) if isinstance(merged, Hashtable) else key
                raise PSRuntimeError(ErrorRecord(
                    f"Item has already been added. Key in dictionary: '{existing}'  Key being added: '{key}'",
                    category=ErrorCategory.INVALID_OPERATION, error_id="DuplicateKey",
                    exception_type="System.ArgumentException"))
            merged[key] = value
        return merged
    if isinstance(a, datetime):
        if isinstance(b, TimeSpan):
            return a + b.delta
        if isinstance(b, timedelta):
            return a + b
        if isinstance(b, (int, float)) and not isinstance(b, bool):
            return a + timedelta(microseconds=int(b) // 10)
        raise _no_operator(a, "op_Addition")
    if isinstance(a, TimeSpan):
        if isinstance(b, TimeSpan):
            return TimeSpan(a.ticks + b.ticks)
        if isinstance(b, datetime):
            raise _no_operator(a, "op_Addition")
        return TimeSpan(a.ticks + _integer(b, "System.TimeSpan", INT64_MIN, INT64_MAX))
    if isinstance(a, (int, float, str)) or a is None:
        if isinstance(a, str):
            return a + to_string(b)
        x, y = _numbers(a, b)
        r = x + y
        return _fix_int(r) if type(r) is int else r
    raise _no_operator(a, "op_Addition")


def subtract(a: Any, b: Any) -> Any:
    """``a - b``: numbers (strings converted), dates and time spans."""
    ta = type(a)
    tb = type(b)
    if ta is int:
        if tb is int:
            r = a - b
            return r if INT64_MIN <= r <= INT64_MAX else float(r)
        if tb is float:
            return a - b
    elif ta is float and (tb is float or tb is int):
        return a - b
    if isinstance(a, datetime):
        try:
            if isinstance(b, datetime):
                return TimeSpan.from_timedelta(a - b)
            if isinstance(b, TimeSpan):
                return a - b.delta
            if isinstance(b, timedelta):
                return a - b
        except OverflowError:
            raise _unrepresentable() from None
        raise _no_operator(a, "op_Subtraction")
    if isinstance(a, TimeSpan):
        if isinstance(b, TimeSpan):
            return TimeSpan(a.ticks - b.ticks)
        raise _no_operator(a, "op_Subtraction")
    if a is None or isinstance(a, (int, float, str)):
        x, y = _numbers(a, b)
        r = x - y
        return _fix_int(r) if type(r) is int else r
    raise _no_operator(a, "op_Subtraction")


def multiply(a: Any, b: Any) -> Any:
    """``a * b``: numbers multiply; a string or an array is repeated."""
    ta = type(a)
    tb = type(b)
    if ta is int:
        if tb is int:
            r = a * b
            return r if INT64_MIN <= r <= INT64_MAX else float(r)
        if tb is float:
            return a * b
    elif ta is float and (tb is float or tb is int):
        return a * b
    if ta is str:
        count = _integer(b, "System.Int32", INT32_MIN, INT32_MAX)
        _check_size(len(a) * count)
        return a * count if count > 0 else ""
    if _is_list(a):
        count = _integer(b, "System.Int32", INT32_MIN, INT32_MAX)
        _check_size(len(a) * count)
        return list(a) * count if count > 0 else []
    if isinstance(a, TimeSpan):
        return _span(a.ticks * float(to_number(b, "System.Double")))
    if a is None or isinstance(a, (int, float)):
        x, y = _numbers(a, b)
        r = x * y
        return _fix_int(r) if type(r) is int else r
    raise _no_operator(a, "op_Multiply")


def _span(ticks: float) -> TimeSpan:
    """A TimeSpan of a computed tick count; .NET's overflow error when it does not fit."""
    if ticks != ticks or not INT64_MIN <= ticks <= INT64_MAX:
        raise PSRuntimeError(ErrorRecord("TimeSpan overflowed because the duration is too long.",
                                         category=ErrorCategory.NOT_SPECIFIED, error_id="OverflowException",
                                         exception_type="System.OverflowException"))
    return TimeSpan(round(ticks))


#: The most elements (or characters) one operator may build: past it Python would exhaust memory.
MAX_ELEMENTS = 50_000_000


def _check_size(n: int) -> None:
    if n > MAX_ELEMENTS:
        raise PSRuntimeError(ErrorRecord("Exception of type 'System.OutOfMemoryException' was thrown.",
                                         category=ErrorCategory.NOT_SPECIFIED, error_id="OutOfMemory",
                                         exception_type="System.OutOfMemoryException"))


def divide(a: Any, b: Any) -> Any:
    """``a / b``: an int when two ints divide exactly, else a double; ints by zero fail."""
    ta = type(a)
    tb = type(b)
    if ta is int and tb is int:
        if b == 0:
            raise _divide_by_zero()
        q, r = divmod(a, b)
        return q if r == 0 else a / b
    if isinstance(a, TimeSpan):
        if isinstance(b, TimeSpan):
            if b.ticks == 0:
                raise _divide_by_zero()
            return a.ticks / b.ticks
        divisor = float(to_number(b, "System.Double"))
        if divisor == 0:
            raise _divide_by_zero()
        return _span(a.ticks / divisor)
    if not (a is None or isinstance(a, (int, float, str))):
        raise _no_operator(a, "op_Division")
    x, y = _numbers(a, b)
    if type(x) is int and type(y) is int:
        return divide(x, y)
    if y == 0:
        if type(x) is int and type(y) is int:
            raise _divide_by_zero()
        if x == 0 or x != x:
            return math.nan
        return math.inf if (x > 0) == (math.copysign(1.0, y) > 0) else -math.inf
    return x / y


def remainder(a: Any, b: Any) -> Any:
    """``a % b``: the remainder with the sign of the dividend (as in C#)."""
    if not (a is None or isinstance(a, (int, float, str))):
        raise _no_operator(a, "op_Modulus")
    x, y = (a, b) if type(a) is int and type(b) is int else _numbers(a, b)
    if type(x) is int and type(y) is int:
        if y == 0:
            raise _divide_by_zero()
        r = abs(x) % abs(y)
        return -r if x < 0 else r
    if y == 0:
        return math.nan
    return math.fmod(x, y)


# -- equality and ordering ---------------------------------------------------------------------------

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
        n = _number_or_none(b)
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
                return a == parse_datetime(b)
            except ValueError:
                return False
        return False
    if isinstance(a, TimeSpan):
        if isinstance(b, str):
            try:
                return a.ticks == parse_timespan(b).ticks
            except ValueError:
                return False
        return isinstance(b, TimeSpan) and a.ticks == b.ticks
    if isinstance(a, (int, float)):
        n = _number_or_none(b)
        return n is not None and a == n
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
        n = _number_or_none(b)
        if n is not None:
            return _sign(a, n)
        return _str_compare(to_string(a), to_string(b), case_sensitive)
    if isinstance(a, str):
        return _str_compare(a, to_string(b), case_sensitive)
    if isinstance(a, datetime):
        other = b
        if isinstance(b, str):
            try:
                other = parse_datetime(b)
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
                return _sign(a.ticks, parse_timespan(b).ticks)
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


def _comparison(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
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


_EQ = _comparison(_eq)
_NE = _comparison(lambda x, y: not equals(x, y))


def _ordering(check: Callable[[int], bool], case_sensitive: bool,
              fast: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
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


_LT = _ordering(lambda c: c < 0, False, lambda a, b: a < b)
_LE = _ordering(lambda c: c <= 0, False, lambda a, b: a <= b)
_GT = _ordering(lambda c: c > 0, False, lambda a, b: a > b)
_GE = _ordering(lambda c: c >= 0, False, lambda a, b: a >= b)


# -- regular expressions (.NET syntax on Python's re) ------------------------------------------------

_UNICODE_CLASSES = {
    # \p{...} names Python's re lacks: (inside a class, outside a class)
    "L": ("a-zA-Z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff", r"[^\W\d_]"),
    "Lu": ("A-Z\u00c0-\u00de\u0391-\u03a9\u0410-\u042f", "[A-Z\u00c0-\u00de\u0391-\u03a9\u0410-\u042f]"),
    "Ll": ("a-z\u00df-\u00ff\u03b1-\u03c9\u0430-\u044f", "[a-z\u00df-\u00ff\u03b1-\u03c9\u0430-\u044f]"),
    "N": (r"\d", r"\d"), "Nd": (r"\d", r"\d"),
    "P": (r"!-/:-@\[-`{-~", r"[!-/:-@\[-`{-~]"),
    "Z": (r"\s", r"\s"), "Zs": (r" \u00a0", r"[ \u00a0]"),
}


def translate_regex(pattern: str) -> str:
    r"""A .NET regex rewritten for Python's ``re``.

    Handles ``(?<name>...)``/``(?'name'...)``, ``\k<name>``, ``\z``/``\Z``, a few
    ``\p{...}`` classes, and inline options in mid-pattern (``a(?i)b``), which
    Python only accepts at the start, by scoping them to the rest of their group.
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    extra_close = [0]     # per open group: ')' owed for scoped inline options
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt in "pP" and pattern.startswith("{", i + 2):
                end = pattern.find("}", i + 3)
                entry = _UNICODE_CLASSES.get(pattern[i + 3:end]) if end > 0 else None
                if entry is not None:
                    inside, outside = entry
                    if in_class:
                        out.append(inside)
                    elif nxt == "p":
                        out.append(outside)
                    else:
                        out.append("[^" + (outside[1:-1] if outside.startswith("[") else outside) + "]"
                                   if not outside.startswith("[^") else "[" + outside[2:])
                    i = end + 1
                    continue
            if not in_class:
                if nxt == "z":
                    out.append(r"\Z")
                    i += 2
                    continue
                if nxt == "Z":
                    out.append(r"(?=\n?\Z)")
                    i += 2
                    continue
                if nxt == "k" and i + 2 < n and pattern[i + 2] in "<'":
                    close = ">" if pattern[i + 2] == "<" else "'"
                    end = pattern.find(close, i + 3)
                    if end > 0:
                        name = pattern[i + 3:end]
                        out.append("\\" + name if name.isdigit() else f"(?P={name})")
                        i = end + 1
                        continue
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            i += 1
            if pattern.startswith("^", i):
                out.append("^")
                i += 1
            if pattern.startswith("]", i):
                out.append(r"\]")
                i += 1
            continue
        if c == "(":
            if pattern.startswith("(?<", i) and i + 3 < n and pattern[i + 3] not in "=!":
                out.append("(?P<")
                extra_close.append(0)
                i += 3
                continue
            if pattern.startswith("(?'", i):
                end = pattern.find("'", i + 3)
                out.append("(?P<" + pattern[i + 3:end] + ">")
                extra_close.append(0)
                i = end + 1
                continue
            if pattern.startswith("(?", i):
                end = pattern.find(")", i)
                flags = pattern[i + 2:end] if end > 0 else ""
                if flags and all(f in "imsxn-" for f in flags):
                    flags = flags.replace("n", "")
                    if flags.strip("-"):
                        if i == 0 and "-" not in flags:
                            out.append(f"(?{flags})")
                        else:
                            out.append(f"(?{flags}:")
                            extra_close[-1] += 1
                    i = end + 1
                    continue
            extra_close.append(0)
            out.append(c)
            i += 1
            continue
        if c == ")":
            owed = extra_close.pop() if len(extra_close) > 1 else 0
            out.append(")" * owed + ")")
            i += 1
            continue
        out.append(c)
        i += 1
    out.append(")" * extra_close[0])
    return "".join(out)


_REGEX_CACHE: dict[tuple[str, int], re.Pattern[str]] = {}


def compile_regex(pattern: str, case_sensitive: bool = False, multiline: bool = False,
                  singleline: bool = False, verbose: bool = False,
                  explicit_capture: bool = False) -> re.Pattern[str]:
    """The compiled (cached) Python regex for a .NET pattern; a bad one is a PSRuntimeError."""
    flags = (0 if case_sensitive else re.IGNORECASE) | (re.MULTILINE if multiline else 0) \
        | (re.DOTALL if singleline else 0) | (re.VERBOSE if verbose else 0)
    key = (pattern, flags | (1 << 30 if explicit_capture else 0))
    rx = _REGEX_CACHE.get(key)
    if rx is None:
        try:
            translated = translate_regex(pattern)
            if explicit_capture:
                # ExplicitCapture: only named groups capture.
                translated = re.sub(r"(?<!\\)\((?!\?)", "(?:", translated)
            rx = re.compile(translated, flags)
        except (re.error, IndexError, ValueError) as exc:
            raise PSRuntimeError(ErrorRecord(
                f"The regular expression pattern {pattern} is not valid.",
                category=ErrorCategory.INVALID_OPERATION, error_id="InvalidRegularExpression",
                target=pattern, inner=exc)) from None
        if len(_REGEX_CACHE) > 500:
            _REGEX_CACHE.clear()
        _REGEX_CACHE[key] = rx
    return rx


_WILDCARD_CACHE: dict[tuple[str, bool], re.Pattern[str]] = {}


def wildcard_regex(pattern: str, case_sensitive: bool = False) -> re.Pattern[str]:
    """The compiled regex (use ``fullmatch``) for a wildcard: ``*``, ``?``, ``[a-z]``, `` ` `` escapes."""
    key = (pattern, case_sensitive)
    rx = _WILDCARD_CACHE.get(key)
    if rx is not None:
        return rx
    parts: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "`" and i + 1 < n:
            parts.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "*":
            parts.append(".*")
        elif c == "?":
            parts.append(".")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end > i + 1:
                inner = pattern[i + 1:end].replace("\\", "\\\\").replace("[", "\\[")
                if inner.startswith("^"):
                    inner = "\\" + inner
                parts.append("[" + inner + "]")
                i = end + 1
                continue
            parts.append(re.escape(c))
        else:
            parts.append(re.escape(c))
        i += 1
    rx = re.compile("".join(parts), re.DOTALL | (0 if case_sensitive else re.IGNORECASE))
    if len(_WILDCARD_CACHE) > 500:
        _WILDCARD_CACHE.clear()
    _WILDCARD_CACHE[key] = rx
    return rx


def expand_replacement(replacement: str, rx: re.Pattern[str]) -> Any:
    """A .NET replacement string as something ``rx.sub`` takes (a template str or a function).

    ``$1``/``${1}``/``${name}`` are groups, ``$$`` a dollar, ``$&``/``$0`` the match,
    ``$_`` the whole input, ``$``` and ``$'`` the text before/after; a ``$`` that names
    no group stays literal, as in .NET.
    """
    if "$" not in replacement:
        return replacement.replace("\\", "\\\\")
    parts: list[Any] = []    # str literal, int group, str-in-tuple named group, or special char
    literal: list[str] = []
    i, n = 0, len(replacement)
    groups = rx.groups
    while i < n:
        c = replacement[i]
        if c != "$" or i + 1 >= n:
            literal.append(c)
            i += 1
            continue
        nxt = replacement[i + 1]
        ref: Any = None
        if nxt == "$":
            literal.append("$")
            i += 2
            continue
        if nxt.isdigit():
            j = i + 1
            best, best_end = None, i + 1
            number = 0
            while j < n and replacement[j].isdigit():
                number = number * 10 + int(replacement[j])
                j += 1
                if number <= groups:
                    best, best_end = number, j
            if best is not None:
                ref, i = best, best_end
        elif nxt == "{":
            end = replacement.find("}", i + 2)
            name = replacement[i + 2:end] if end > 0 else ""
            if name.isdigit() and int(name) <= groups:
                ref, i = int(name), end + 1
            elif name and name in rx.groupindex:
                ref, i = (name,), end + 1
        elif nxt in "&`'+_":
            ref, i = ("&" if nxt == "&" else nxt, None), i + 2
        if ref is None:
            literal.append("$")
            i += 1
            continue
        if literal:
            parts.append("".join(literal))
            literal = []
        parts.append(ref)
    if literal:
        parts.append("".join(literal))
    if all(not (isinstance(p, tuple) and len(p) == 2) for p in parts):
        # Only literals and group references: a Python template runs in C.
        text = []
        for p in parts:
            if isinstance(p, str):
                text.append(p.replace("\\", "\\\\"))
            elif isinstance(p, int):
                text.append(f"\\g<{p}>")
            else:
                text.append(f"\\g<{p[0]}>")
        return "".join(text)

    def expand(m: re.Match[str]) -> str:
        out: list[str] = []
        for p in parts:
            if isinstance(p, str):
                out.append(p)
            elif isinstance(p, int):
                out.append(m.group(p) or "")
            elif len(p) == 1:
                out.append(m.group(p[0]) or "")
            else:
                kind = p[0]
                if kind == "&":
                    out.append(m.group(0))
                elif kind == "`":
                    out.append(m.string[:m.start()])
                elif kind == "'":
                    out.append(m.string[m.end():])
                elif kind == "_":
                    out.append(m.string)
                else:   # $+ : the last group
                    out.append((m.group(m.re.groups) if m.re.groups else m.group(0)) or "")
        return "".join(out)
    return expand


class RegexGroup(PSLive):
    """``System.Text.RegularExpressions.Group``: one group of a match."""

    ps_type_names = ("System.Text.RegularExpressions.Group", "System.Text.RegularExpressions.Capture",
                     "System.Object")
    ps_properties = ("Success", "Name", "Captures", "Index", "Length", "Value")

    def __init__(self, m: re.Match[str], index: int, name: str) -> None:
        text = m.group(index)
        self.Success = text is not None
        self.Name = name
        self.Value = text or ""
        self.Index = m.start(index) if text is not None else 0
        self.Length = len(self.Value)

    @property
    def Captures(self) -> list[Any]:
        """The group's captures (the last one only: Python keeps no capture history)."""
        return [self] if self.Success else []

    def ToString(self) -> str:
        """The captured text."""
        return self.Value

    def __str__(self) -> str:
        return self.Value


class GroupCollection(list):
    """``Match.Groups``: indexable by number and (through members.get_index) by name."""

    def by_name(self, name: str) -> RegexGroup | None:
        """The group called ``name``, or None."""
        for group in self:
            if group.Name == name:
                return group
        return None


class RegexMatch(RegexGroup):
    """``System.Text.RegularExpressions.Match``: what ``[regex]::Match`` gives and ``-replace {}`` sees."""

    ps_type_names = ("System.Text.RegularExpressions.Match", "System.Text.RegularExpressions.Group",
                     "System.Text.RegularExpressions.Capture", "System.Object")
    ps_properties = ("Groups", "Success", "Name", "Captures", "Index", "Length", "Value")

    def __init__(self, m: re.Match[str]) -> None:
        super().__init__(m, 0, "0")
        self.match = m

    @property
    def Groups(self) -> GroupCollection:
        """Group 0 (the match) and every group of the pattern."""
        m = self.match
        names = {index: name for name, index in m.re.groupindex.items()}
        return GroupCollection(RegexGroup(m, i, names.get(i, str(i))) for i in range(m.re.groups + 1))

    def NextMatch(self) -> RegexMatch | None:
        """The next match in the same input (None when there is none)."""
        m = self.match
        following = m.re.search(m.string, m.end() if m.end() > m.start() else m.end() + 1)
        return RegexMatch(following) if following else None


class Regex(PSLive):
    """``[regex]'pattern'``: a compiled .NET-style regex (case-sensitive unless IgnoreCase)."""

    ps_type_names = ("System.Text.RegularExpressions.Regex", "System.Object")
    ps_properties = ("Options", "RightToLeft", "MatchTimeout")

    def __init__(self, pattern: str, options: Any = None) -> None:
        self.pattern = pattern
        opts = to_string(options).lower() if options is not None else ""
        self.Options = to_string(options) if options else "None"
        self.RightToLeft = False
        self.MatchTimeout = "-00:00:00.0010000"
        self.rx = compile_regex(pattern, "ignorecase" not in opts, "multiline" in opts,
                                "singleline" in opts)

    def Match(self, text: Any, start: Any = 0) -> RegexMatch:
        """The first match (``.Success`` False when none)."""
        m = self.rx.search(to_string(text), int(start))
        return RegexMatch(m) if m else _failed_match()

    def Matches(self, text: Any, start: Any = 0) -> list[RegexMatch]:
        """Every match."""
        return [RegexMatch(m) for m in self.rx.finditer(to_string(text), int(start))]

    def IsMatch(self, text: Any) -> bool:
        """Whether the regex matches anywhere in ``text``."""
        return self.rx.search(to_string(text)) is not None

    def Replace(self, text: Any, replacement: Any, count: Any = -1) -> str:
        """Replace matches (all, or the first ``count``)."""
        n = int(count)
        return self.rx.sub(expand_replacement(to_string(replacement), self.rx), to_string(text),
                           n if n > 0 else 0)

    def Split(self, text: Any, count: Any = 0) -> list[str]:
        """Split ``text`` at the matches."""
        n = int(count)
        return [p for p in self.rx.split(to_string(text), n - 1 if n > 0 else 0) if p is not None]

    def GetGroupNames(self) -> list[str]:
        """The group names, numbers first."""
        named = set(self.rx.groupindex.values())
        return ([str(i) for i in range(self.rx.groups + 1) if i not in named]
                + list(self.rx.groupindex))

    def ToString(self) -> str:
        """The pattern."""
        return self.pattern

    def __str__(self) -> str:
        return self.pattern


def _failed_match() -> RegexMatch:
    m = re.match("(?!)|", "")   # an empty match stands in; mark it unsuccessful
    result = RegexMatch(m)      # type: ignore[arg-type]
    result.Success = False
    return result


# -- patterns ------------------------------------------------------------------------------------------

def like(a: Any, pattern: Any, case_sensitive: bool = False, negate: bool = False) -> Any:
    """``-like``/``-notlike`` with wildcards ``*``, ``?``, ``[a-z]``; a list left filters."""
    rx = wildcard_regex(to_string(pattern), case_sensitive)
    if _is_list(a):
        return [x for x in a if (rx.fullmatch(to_string(x)) is not None) != negate]
    return (rx.fullmatch(to_string(a)) is not None) != negate


def _matches_table(m: Any) -> Hashtable:
    """``$Matches`` for one match: named groups, then numbered groups high to low, then 0."""
    table = Hashtable()
    names = m.re.groupindex
    for name, index in names.items():
        if m.group(index) is not None:
            table[name] = m.group(index)
    named = set(names.values())
    for index in range(m.re.groups, 0, -1):
        if index not in named and m.group(index) is not None:
            table[index] = m.group(index)
    table[0] = m.group(0)
    return table


def match(left: Any, pattern: Any, case_sensitive: bool = False,
          negate: bool = False) -> tuple[Any, Hashtable | None]:
    """``-match``/``-notmatch``: (result, the ``$Matches`` table or None).

    A scalar left gives a bool and, when the regex matched, the table; a list left
    gives the matching (or, negated, the non-matching) elements and no table.
    """
    rx = compile_regex(to_string(pattern), case_sensitive)
    if _is_list(left):
        return [x for x in left if (rx.search(to_string(x)) is not None) != negate], None
    m = rx.search(to_string(left))
    if m is None:
        return negate, None
    return (not negate), _matches_table(m)


def replace(left: Any, right: Any, case_sensitive: bool = False) -> Any:
    """``-replace``: regex replacement with .NET substitutions (``$1``, ``${name}``, ``$$``)."""
    if _is_list(right):
        if len(right) > 2:
            raise PSRuntimeError(ErrorRecord(
                f"The -replace operator allows only two elements to follow it, not {len(right)}.",
                category=ErrorCategory.INVALID_OPERATION, error_id="BadReplaceArgument"))
        pattern = right[0] if right else ""
        replacement: Any = right[1] if len(right) > 1 else ""
    else:
        pattern, replacement = right, ""
    rx = compile_regex(to_string(pattern), case_sensitive)
    from shell.language.scriptblock import ScriptBlock
    if isinstance(replacement, ScriptBlock):
        block = replacement

        def subst(m: Any) -> str:
            out = block.invoke(dollar_under=RegexMatch(m))
            return to_string(out[0] if out and len(out) == 1 else out)
        func: Callable[[Any], str] = subst
    else:
        func = expand_replacement(to_string(replacement), rx)
    if _is_list(left):
        return [rx.sub(func, to_string(x)) for x in left]
    return rx.sub(func, to_string(left))


def split(left: Any, right: Any, case_sensitive: bool = False) -> list[Any]:
    """``-split``: regex split; ``right`` may be ``pattern, max[, options]`` or a script block.

    A positive max keeps at most that many pieces (the last holds the rest); a negative
    one counts from the end; options are SimpleMatch, IgnoreCase, Multiline, Singleline,
    IgnorePatternWhitespace, ExplicitCapture (RegexMatch and CultureInvariant change nothing).
    """
    max_count = 0
    options = ""
    if _is_list(right):
        pattern = right[0] if right else " "
        if len(right) > 1:
            max_count = _integer(right[1], "System.Int32", INT32_MIN, INT32_MAX)
        if len(right) > 2:
            options = to_string(right[2]).lower()
    else:
        pattern = right
    items = left if _is_list(left) else [left]
    from shell.language.scriptblock import ScriptBlock
    out: list[Any] = []
    if isinstance(pattern, ScriptBlock):
        for item in items:
            out.extend(_split_by_block(to_string(item), pattern, max_count))
        return out
    if "simplematch" in options and "regexmatch" in options:
        raise PSRuntimeError(ErrorRecord("Cannot use both RegexMatch and SimpleMatch options with -split.",
                                         category=ErrorCategory.INVALID_OPERATION,
                                         error_id="InvalidSplitOptionCombination"))
    text_pattern = to_string(pattern)
    if "simplematch" in options:
        text_pattern = re.escape(text_pattern)
    if "ignorecase" in options:
        case_sensitive = False
    rx = compile_regex(text_pattern, case_sensitive, multiline="multiline" in options,
                       singleline="singleline" in options, verbose="ignorepatternwhitespace" in options,
                       explicit_capture="explicitcapture" in options)
    for item in items:
        text = to_string(item)
        if max_count >= 0:
            parts = rx.split(text, max_count - 1 if max_count > 0 else 0)
            out.extend(p for p in parts if p is not None)
        else:
            out.extend(_split_from_end(rx, text, -max_count))
    return out


def _split_from_end(rx: re.Pattern[str], text: str, pieces: int) -> list[str]:
    """Split at only the last ``pieces - 1`` matches (a negative ``-split`` count)."""
    found = list(rx.finditer(text))
    chosen = found[len(found) - (pieces - 1):] if pieces > 1 else []
    out: list[str] = []
    start = 0
    for m in chosen:
        out.append(text[start:m.start()])
        out.extend(g for g in m.groups() if g is not None)
        start = m.end()
    out.append(text[start:])
    return out


def _split_by_block(text: str, block: Any, max_count: int) -> list[str]:
    # The characters for which the block is true separate the pieces.
    cuts = [i for i, ch in enumerate(text) if truthy(block.invoke(ch, dollar_under=ch))]
    if max_count > 0:
        cuts = cuts[:max_count - 1]
    elif max_count < 0:
        cuts = cuts[len(cuts) - (-max_count - 1):] if -max_count > 1 else []
    parts: list[str] = []
    start = 0
    for cut in cuts:
        parts.append(text[start:cut])
        start = cut + 1
    parts.append(text[start:])
    return parts


def unary_split(value: Any) -> list[str]:
    """``-split $s``: split on runs of whitespace after trimming."""
    items = value if _is_list(value) else [value]
    out: list[str] = []
    for item in items:
        text = to_string(item).strip()
        out.extend(text.split() if text else [""])
    return out


def join(left: Any, right: Any) -> str:
    """``-join``: the elements' strings with ``right`` between them."""
    sep = to_string(right)
    if _is_list(left) or is_enumerable(left):
        return sep.join([to_string(x) for x in left])
    return to_string(left)


def unary_join(value: Any) -> str:
    """``-join $list``: the elements' strings concatenated."""
    return join(value, "")


# -- collections and types -------------------------------------------------------------------------------

def contains(collection: Any, value: Any, case_sensitive: bool = False) -> bool:
    """``collection -contains value`` (a scalar collection is a one-element list)."""
    items = collection if _is_list(collection) or is_enumerable(collection) else (collection,)
    for item in items:
        if equals(item, value, case_sensitive):
            return True
    return False


def _type_arg(value: Any) -> str:
    """The type name from the right side of ``-is``/``-as`` (a str or a type object)."""
    if isinstance(value, str):
        return value
    name = getattr(value, "FullName", None)
    if name is not None:
        return str(name)
    return to_string(value)


def is_op(a: Any, b: Any) -> bool:
    """``a -is [type]``."""
    return is_instance(a, _type_arg(b))


def as_op(a: Any, b: Any) -> Any:
    """``a -as [type]``: the converted value, or None when it does not convert."""
    name = _type_arg(b)
    if not is_known_type(name):
        return a if is_instance(a, name) else convert_to(name, a)
    try:
        return convert_to(name, a)
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


def _int_operand(value: Any) -> int:
    if type(value) is int:
        return value
    if isinstance(value, str) or isinstance(value, float) or value is None or isinstance(value, bool):
        number = to_number(value, "System.Int64")
        return _integer(number, "System.Int64", INT64_MIN, INT64_MAX)
    return _integer(value, "System.Int64", INT64_MIN, INT64_MAX)


def _wrap(value: int, bits: int) -> int:
    mask = (1 << bits) - 1
    value &= mask
    return value - (1 << bits) if value >> (bits - 1) else value


def shift_left(a: Any, b: Any) -> int:
    """``-shl``: wraps at 32 bits for an Int32, 64 for an Int64, as .NET does."""
    x, n = _int_operand(a), _int_operand(b)
    if INT32_MIN <= x <= INT32_MAX:
        return _wrap(x << (n & 31), 32)
    return _wrap(x << (n & 63), 64)


def shift_right(a: Any, b: Any) -> int:
    """``-shr``: arithmetic shift right."""
    x, n = _int_operand(a), _int_operand(b)
    return x >> (n & (31 if INT32_MIN <= x <= INT32_MAX else 63))


def negate(value: Any) -> Any:
    """Unary ``-``."""
    t = type(value)
    if t is int or t is float:
        return -value
    if isinstance(value, TimeSpan):
        return TimeSpan(-value.ticks)
    if value is None or isinstance(value, (str, int, float)):
        return -to_number(value)
    raise _no_operator(value, "op_UnaryNegation")


def unary_plus(value: Any) -> Any:
    """Unary ``+``: a number from a string; other values unchanged."""
    if isinstance(value, str) or isinstance(value, bool) or value is None:
        return to_number(value)
    return value


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
        "-ceq": _comparison(_ceq), "-cne": _comparison(lambda x, y: not equals(x, y, True)),
        "-clt": _ordering(lambda c: c < 0, True, lambda a, b: a < b),
        "-cle": _ordering(lambda c: c <= 0, True, lambda a, b: a <= b),
        "-cgt": _ordering(lambda c: c > 0, True, lambda a, b: a > b),
        "-cge": _ordering(lambda c: c >= 0, True, lambda a, b: a >= b),
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
        "-band": lambda a, b: _int_operand(a) & _int_operand(b),
        "-bor": lambda a, b: _int_operand(a) | _int_operand(b),
        "-bxor": lambda a, b: _int_operand(a) ^ _int_operand(b),
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
    "-bnot": lambda v: ~_int_operand(v),
    "-split": unary_split,
    "-join": unary_join,
    ",": lambda v: [v],
}
