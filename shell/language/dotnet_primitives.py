"""The .NET primitives that Python's plain values cannot tell apart: Char, Int64, Decimal, DateTime kinds.

psrepl's values are plain Python values, and a plain value's .NET type follows from
its Python type and size: a ``str`` is a String, an ``int`` is an Int32 when it fits
32 bits and an Int64 past that.  Three types need a mark of their own:

- ``Char`` (``[char]'A'``, ``[char]65``): a one-letter ``str`` subclass, so a char
  works wherever text is expected, and converts to its code point as a number
  (``[int][char]'A'`` is 65);
- ``Long`` (``1L``, ``[long]5``): an ``int`` subclass for an Int64 whose value would
  fit an Int32 (a larger int is an Int64 by its size anyway);
- ``UnspecifiedDateTime``: a DateTime whose Kind is Unspecified (``[datetime]'2024-01-31'``,
  ``[datetime]::new(...)``, ``[datetime]::Parse``): a ``datetime`` subclass, so that
  ``ToString('o')`` shows no offset.  A plain naive ``datetime`` is a local time
  (``Get-Date``); arithmetic keeps the subclass, as .NET keeps the Kind;
- ``System.Decimal`` (``[decimal]'1.10'``, ``1d``): Python's ``decimal.Decimal``, with
  .NET's limits (28 decimal places, a 96-bit mantissa).  The ``decimal`` module is
  imported when the first decimal is made, not at start-up; ``is_decimal`` answers
  without importing it.

This module is imported by ``conversions`` at start-up: it must stay tiny.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

__all__ = ["Char", "Long", "UnspecifiedDateTime", "unspecified", "is_decimal", "decimal_type", "to_decimal", "decimal_result", "decimal_text",
           "decimal_arithmetic"]


class Char(str):
    """``System.Char``: a one-character string that is a number in arithmetic and casts."""

    __slots__ = ()


class Long(int):
    """``System.Int64`` for a value in Int32's range (``1L``, ``[long]5``)."""

    __slots__ = ()


class UnspecifiedDateTime(datetime):
    """A DateTime of Kind Unspecified: a time read from text with no zone, or built from its parts."""

    __slots__ = ()


def unspecified(value: datetime) -> UnspecifiedDateTime:
    """``value`` (a naive date and time) as a DateTime of Kind Unspecified."""
    if type(value) is UnspecifiedDateTime:
        return value
    return UnspecifiedDateTime(value.year, value.month, value.day, value.hour, value.minute, value.second,
                               value.microsecond)


# -- decimals -------------------------------------------------------------------------------------

_decimal: Any = None   # the decimal module, once the first decimal was made
_Decimal: Any = None   # decimal.Decimal, or None before then
_context: Any = None

#: .NET's Decimal: at most 28 digits after the point, a mantissa below 2**96.
_MAX_SCALE = 28
_MAX_MANTISSA = 1 << 96


def decimal_type() -> Any:
    """``decimal.Decimal``, importing the module (and registering its .NET name) on first use."""
    global _decimal, _Decimal, _context
    if _Decimal is None:
        import decimal
        from shell.language import conversions
        # 29 significant digits: .NET keeps 28-29 (10d/3 is 3.3333333333333333333333333333).
        _context = decimal.Context(prec=29, rounding=decimal.ROUND_HALF_EVEN,
                                   traps=[decimal.InvalidOperation, decimal.DivisionByZero])
        _decimal = decimal
        _Decimal = decimal.Decimal
        conversions.register_type_chain(decimal.Decimal, ("System.Decimal", "System.ValueType", "System.Object"))
    return _Decimal


def is_decimal(value: Any) -> bool:
    """Whether ``value`` is a decimal (never imports the decimal module)."""
    if _Decimal is None:
        # A decimal made outside psrepl's casts (a cmdlet's, a test's) exists only once the module is loaded.
        if "decimal" not in sys.modules:
            return False
        decimal_type()
    return type(value) is _Decimal


def _overflow() -> Exception:
    from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
    return PSRuntimeError(ErrorRecord("Value was either too large or too small for a Decimal.",
                                      category=ErrorCategory.NOT_SPECIFIED, error_id="OverflowException",
                                      exception_type="System.OverflowException"))


def decimal_result(value: Any) -> Any:
    """A decimal brought within .NET's limits: 28 places at most, a mantissa below 2**96."""
    dec = _decimal
    ctx = _context
    if not value.is_finite() or abs(value) >= _MAX_MANTISSA:
        raise _overflow()
    _sign, digits, exponent = value.as_tuple()
    if exponent > 0:
        value = value.quantize(_Decimal(1), context=ctx)   # 1E+1 is 10: .NET keeps no exponent
        _sign, digits, exponent = value.as_tuple()
    elif exponent < -_MAX_SCALE:
        value = value.quantize(_Decimal(1).scaleb(-_MAX_SCALE), rounding=dec.ROUND_HALF_EVEN, context=ctx)
        _sign, digits, exponent = value.as_tuple()
    while int("".join(map(str, digits)) or "0") >= _MAX_MANTISSA:
        if exponent >= 0:
            raise _overflow()
        value = value.quantize(_Decimal(1).scaleb(exponent + 1), rounding=dec.ROUND_HALF_EVEN, context=ctx)
        _sign, digits, exponent = value.as_tuple()
    return value


def to_decimal(value: Any) -> Any:
    """``[decimal]value``: from a number, a string (kept as written: '1.10' stays 1.10), a char."""
    D = decimal_type()
    if type(value) is D:
        return value
    if value is None:
        return D(0)
    if isinstance(value, bool):
        return D(int(value))
    if isinstance(value, Char):
        return D(ord(value))
    if isinstance(value, int):
        return decimal_result(D(value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _overflow()
        # .NET converts a double through its 15 significant digits: 0.1 is 0.1, not 0.1000000000000000055...
        return decimal_result(D(format(value, ".15g")))
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        try:
            number = D(text)
        except _decimal.InvalidOperation:
            number = None
        if number is None or not number.is_finite() or not text:
            from shell.language.conversions import _BAD_FORMAT, cannot_convert
            raise cannot_convert(value, "System.Decimal", _BAD_FORMAT)
        return decimal_result(number)
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return to_decimal(value[0])
    from shell.language.conversions import cannot_convert
    raise cannot_convert(value, "System.Decimal")


def decimal_text(value: Any) -> str:
    """A decimal as .NET prints it: plain digits, its scale kept (``1.10``), never an exponent."""
    text = format(value, "f")
    return "0" if text in ("-0", "0") else text


def decimal_arithmetic(op: str, a: Any, b: Any) -> Any:
    """``a op b`` (``+ - * / %``) where one side is a decimal and the other an integer or decimal.

    A double on either side makes the result a double, as in .NET; the caller
    converts strings first.  Division by zero fails as .NET's DivideByZeroException.
    """
    D = decimal_type()
    if isinstance(a, float) or isinstance(b, float):
        x, y = float(a), float(b)
        from shell.language import operations_arithmetic as arithmetic
        return {"+": arithmetic.add, "-": arithmetic.subtract, "*": arithmetic.multiply,
                "/": arithmetic.divide, "%": arithmetic.remainder}[op](x, y)
    x = a if type(a) is D else to_decimal(a)
    y = b if type(b) is D else to_decimal(b)
    ctx = _context
    try:
        if op == "+":
            r = ctx.add(x, y)
        elif op == "-":
            r = ctx.subtract(x, y)
        elif op == "*":
            r = ctx.multiply(x, y)
        elif op == "/":
            r = ctx.divide(x, y)
        else:
            r = ctx.remainder(x, y)
    except (_decimal.DivisionByZero, _decimal.InvalidOperation):
        from shell.language.operations_arithmetic import divide_by_zero
        raise divide_by_zero() from None
    if op == "/":
        r = r.normalize(ctx)   # .NET keeps no trailing zeros in a quotient (10.0d/4 is 2.5)
    return decimal_result(r)
