"""PowerShell's arithmetic operators: ``+ - * / %``, unary minus and plus, ``-shl``/``-shr``.

The left operand decides the meaning, as in PowerShell: ``'1' + 2`` is ``'12'``,
``1 + '2'`` is ``3``; arrays append and repeat, hashtables merge, dates and
TimeSpans add.  Integer arithmetic is done in the wider operand's type and widens
to Double when the result does not fit it, as PowerShell does: Int32 + Int32 past
Int32 is a Double (``2147483647 + 1``), and so is Int64 past Int64.  (A plain int
is an Int32 or an Int64 by its size; ``Long`` marks an Int64 of a small value.)
A decimal with an integer stays a decimal; with a double it is a double.  A char
is its code point ([char]'A' + 1 is 66), except beside text, where it is a letter.
Each function tests the exact int/float/str types first: the compiler calls them
on its fast paths.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any, Callable

from shell.language.conversions import (
    INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, _integer, to_number, to_string, type_name_of,
)
from shell.language.dotnet_primitives import Char, Long, decimal_arithmetic, is_decimal
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.pscollections import Hashtable
from shell.language.timespan import TimeSpan

__all__ = ["add", "subtract", "multiply", "divide", "remainder", "negate", "unary_plus", "shift_left",
           "shift_right", "int_operand", "MAX_ELEMENTS", "divide_by_zero", "int_result"]


def _no_operator(value: Any, op_name: str) -> PSRuntimeError:
    return PSRuntimeError(ErrorRecord(
        f"Method invocation failed because [{type_name_of(value)}] does not contain a method named "
        f"'{op_name}'.", category=ErrorCategory.INVALID_OPERATION, error_id="MethodNotFound",
        target=value))


def divide_by_zero() -> PSRuntimeError:
    """PowerShell's error for an integer or decimal division by zero.

    The DivideByZeroException is wrapped in a RuntimeException, as PowerShell's
    operators do: ``$_.Exception`` is the RuntimeException (the concise view says
    ``RuntimeException:``), its InnerException the DivideByZeroException.
    """
    message = "Attempted to divide by zero."
    inner = PSRuntimeError(ErrorRecord(message, category=ErrorCategory.NOT_SPECIFIED,
                                       error_id="DivideByZeroException",
                                       exception_type="System.DivideByZeroException"))
    return PSRuntimeError(ErrorRecord(message, category=ErrorCategory.NOT_SPECIFIED, error_id="RuntimeException",
                                      exception_type="System.Management.Automation.RuntimeException",
                                      inner=inner))


_divide_by_zero = divide_by_zero


def int_result(a: int, b: int, r: int) -> int | float:
    """The integer result ``r`` of ``a op b`` typed as .NET types it.

    Two Int32s give an Int32, or a Double when ``r`` does not fit; an Int64 operand
    gives an Int64 (a ``Long`` when small), or a Double past Int64.
    """
    if type(a) is int and type(b) is int and INT32_MIN <= a <= INT32_MAX and INT32_MIN <= b <= INT32_MAX:
        return r if INT32_MIN <= r <= INT32_MAX else float(r)
    if INT32_MIN <= r <= INT32_MAX:
        return Long(r)
    return int(r) if INT64_MIN <= r <= INT64_MAX else float(r)


def _wide(a: int, b: int, r: int) -> int | float:
    # The plain-int fast paths' result outside Int32: a Double unless an operand was an Int64.
    if INT32_MIN <= a <= INT32_MAX and INT32_MIN <= b <= INT32_MAX:
        return float(r)
    return r if INT64_MIN <= r <= INT64_MAX else float(r)


def _numbers(a: Any, b: Any) -> tuple[Any, Any]:
    target = "System.Double" if type(a) is float else "System.Int32"
    return to_number(a, target), to_number(b, target)


_PY_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y,
}


def _number_op(op: str, a: Any, b: Any) -> Any:
    """``a op b`` for + - * once both sides are numbers (after string conversion)."""
    x, y = _numbers(a, b)
    if is_decimal(x) or is_decimal(y):
        return decimal_arithmetic(op, x, y)
    r = _PY_OPS[op](x, y)
    return int_result(x, y, r) if type(r) is int else r


def _is_list(value: Any) -> bool:
    return type(value) is list or isinstance(value, (list, tuple))


# -- + - * / % ------------------------------------------------------------------------------------

def add(a: Any, b: Any) -> Any:
    """``a + b``: numbers add, strings concatenate, arrays append, hashtables merge."""
    ta = type(a)
    tb = type(b)
    if ta is int:
        if tb is int:
            r = a + b
            # An Int32-sized result is returned as is (even from Int64 operands: a rare case
            # where exact typing would cost every addition two more comparisons).
            return r if -2147483648 <= r <= 2147483647 else _wide(a, b, r)
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
    if isinstance(a, str) and (type(a) is not Char or isinstance(b, str) and type(b) is not Char):
        return a + to_string(b)   # text (a char beside text is a letter)
    if isinstance(a, (int, float, str)) or a is None or is_decimal(a):
        return _number_op("+", a, b)
    raise _no_operator(a, "op_Addition")


def subtract(a: Any, b: Any) -> Any:
    """``a - b``: numbers (strings converted), dates and time spans."""
    ta = type(a)
    tb = type(b)
    if ta is int:
        if tb is int:
            r = a - b
            return r if -2147483648 <= r <= 2147483647 else _wide(a, b, r)
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
    if a is None or isinstance(a, (int, float, str)) or is_decimal(a):
        return _number_op("-", a, b)
    raise _no_operator(a, "op_Subtraction")


def multiply(a: Any, b: Any) -> Any:
    """``a * b``: numbers multiply; a string or an array is repeated."""
    ta = type(a)
    tb = type(b)
    if ta is int:
        if tb is int:
            r = a * b
            return r if -2147483648 <= r <= 2147483647 else _wide(a, b, r)
        if tb is float:
            return a * b
    elif ta is float and (tb is float or tb is int):
        return a * b
    if ta is str or isinstance(a, str) and ta is not Char:
        count = _integer(b, "System.Int32", INT32_MIN, INT32_MAX)
        _check_size(len(a) * count)
        return a * count if count > 0 else ""
    if _is_list(a):
        count = _integer(b, "System.Int32", INT32_MIN, INT32_MAX)
        _check_size(len(a) * count)
        return list(a) * count if count > 0 else []
    if isinstance(a, TimeSpan):
        return _span(a.ticks * float(to_number(b, "System.Double")))
    if a is None or isinstance(a, (int, float)) or ta is Char or is_decimal(a):
        return _number_op("*", a, b)
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
        if r:
            return a / b
        return q if -2147483648 <= q <= 2147483647 else _wide(a, b, q)
    if isinstance(a, TimeSpan):
        if isinstance(b, TimeSpan):
            if b.ticks == 0:
                raise _divide_by_zero()
            return a.ticks / b.ticks
        divisor = float(to_number(b, "System.Double"))
        if divisor == 0:
            raise _divide_by_zero()
        return _span(a.ticks / divisor)
    if not (a is None or isinstance(a, (int, float, str)) or is_decimal(a)):
        raise _no_operator(a, "op_Division")
    x, y = _numbers(a, b)
    if is_decimal(x) or is_decimal(y):
        return decimal_arithmetic("/", x, y)
    if isinstance(x, int) and isinstance(y, int):
        if type(x) is int and type(y) is int:
            return divide(x, y)
        if y == 0:
            raise _divide_by_zero()
        q, r = divmod(x, y)
        return x / y if r else int_result(x, y, q)
    if y == 0:
        if type(x) is int and type(y) is int:
            raise _divide_by_zero()
        if x == 0 or x != x:
            return math.nan
        return math.inf if (x > 0) == (math.copysign(1.0, y) > 0) else -math.inf
    return x / y


def remainder(a: Any, b: Any) -> Any:
    """``a % b``: the remainder with the sign of the dividend (as in C#)."""
    if not (a is None or isinstance(a, (int, float, str)) or is_decimal(a)):
        raise _no_operator(a, "op_Modulus")
    x, y = (a, b) if type(a) is int and type(b) is int else _numbers(a, b)
    if is_decimal(x) or is_decimal(y):
        return decimal_arithmetic("%", x, y)
    if isinstance(x, int) and isinstance(y, int):
        if y == 0:
            raise _divide_by_zero()
        r = abs(x) % abs(y)
        r = -r if x < 0 else r
        return r if type(x) is int and type(y) is int else int_result(x, y, r)
    if y == 0:
        return math.nan
    return math.fmod(x, y)



# -- unary and bitwise ------------------------------------------------------------------------

def int_operand(value: Any) -> int:
    """An operand of ``-band``/``-bor``/``-shl``... as an integer (Int64 range)."""
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
    x, n = int_operand(a), int_operand(b)
    if INT32_MIN <= x <= INT32_MAX:
        return _wrap(x << (n & 31), 32)
    return _wrap(x << (n & 63), 64)


def shift_right(a: Any, b: Any) -> int:
    """``-shr``: arithmetic shift right."""
    x, n = int_operand(a), int_operand(b)
    return x >> (n & (31 if INT32_MIN <= x <= INT32_MAX else 63))


def negate(value: Any) -> Any:
    """Unary ``-``."""
    t = type(value)
    if t is int or t is float:
        return -value
    if isinstance(value, TimeSpan):
        return TimeSpan(-value.ticks)
    if t is Long:
        return int_result(value, 0, -value)
    if value is None or isinstance(value, (str, int, float)) or is_decimal(value):
        return -to_number(value)
    raise _no_operator(value, "op_UnaryNegation")


def unary_plus(value: Any) -> Any:
    """Unary ``+``: a number from a string; other values unchanged."""
    if isinstance(value, str) or isinstance(value, bool) or value is None:
        return to_number(value)
    return value
