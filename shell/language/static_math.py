"""Static members of ``[math]`` and the numeric types: ``[math]::Round``, ``[int]::MaxValue``, ``[double]::Parse``.

Declared in the ``members_static`` registry by ``register()``.  Rounding follows
.NET: ``[math]::Round(2.5)`` is 2 (to even) unless a MidpointRounding is given;
a decimal rounds as a decimal.  ``TryParse`` writes its result through a ``[ref]``.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from shell.language.conversions import INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, to_number, to_string
from shell.language.dotnet_primitives import Long, is_decimal, to_decimal
from shell.language.errors import PSRuntimeError
from shell.language.member_calls import Method, MethodError, int_arg, long_arg, no_overload
from shell.language.members_static import define
from shell.language.value_types import ref_argument

__all__ = ["register", "bool_parse"]


# -- [math] ---------------------------------------------------------------------------------------

def _num(value: Any) -> int | float:
    if type(value) is int or type(value) is float:
        return value
    return to_number(value, "System.Double")


def _round(x: Any, *args: Any) -> Any:
    digits, mode = 0, "toeven"
    for arg in args:
        if isinstance(arg, str):
            mode = arg.lower()
        else:
            digits = int_arg(arg)
    value = _num(x)
    if type(value) is int:
        return value
    if is_decimal(value):
        return _decimal_round(value, digits, mode)
    if not 0 <= digits <= 15:
        raise MethodError("Rounding digits must be between 0 and 15, inclusive. (Parameter 'digits')")
    if value != value or value in (math.inf, -math.inf):
        return value
    scale = 10 ** digits
    scaled = value * scale
    if mode == "awayfromzero":
        whole = math.floor(abs(scaled))
        result = whole + (1 if abs(scaled) - whole >= 0.5 else 0)
        result = -result if scaled < 0 else result
    elif mode == "tozero":
        result = math.trunc(scaled)
    elif mode == "tonegativeinfinity":
        result = math.floor(scaled)
    elif mode == "topositiveinfinity":
        result = math.ceil(scaled)
    else:
        result = round(scaled)
    return float(result) / scale


def _log(x: Any, base: Any = None) -> float:
    value = float(_num(x))
    if value == 0:
        return -math.inf
    if value < 0 or value != value:
        return math.nan
    if base is None:
        return math.log(value)
    b = float(_num(base))
    if b == 10:
        return math.log10(value)
    if b == 2:
        return math.log2(value)
    if b <= 0 or b == 1:
        return math.nan
    return math.log(value, b)


def _float_fn(fn: Callable[[float], float]) -> Method:
    def method(x: Any) -> float:
        try:
            return float(fn(float(_num(x))))
        except ValueError:
            return float("nan")
        except OverflowError:
            return float("inf")
    return method


def _int_or_float(fn: Callable[[Any], Any]) -> Method:
    def method(x: Any) -> Any:
        value = _num(x)
        return value if type(value) is int else float(fn(value))
    return method


def _max(a: Any, b: Any) -> Any:
    x, y = _num(a), _num(b)
    return max(x, y) if type(x) is type(y) else float(max(x, y))


def _min(a: Any, b: Any) -> Any:
    x, y = _num(a), _num(b)
    return min(x, y) if type(x) is type(y) else float(min(x, y))


def _pow(a: Any, b: Any) -> float:
    try:
        return float(_num(a)) ** float(_num(b))
    except OverflowError:
        return float("inf")
    except ZeroDivisionError:
        return float("inf")


def _register_math() -> None:
    define("math", "System.Math", {"PI": lambda: math.pi, "E": lambda: math.e, "Tau": lambda: math.tau}, {
        "Abs": lambda x: abs(_num(x)), "Ceiling": _int_or_float(math.ceil), "Floor": _int_or_float(math.floor),
        "Truncate": _int_or_float(math.trunc), "Round": _round, "Max": _max, "Min": _min, "Pow": _pow,
        "Sqrt": _float_fn(math.sqrt), "Log": _log, "Log10": _float_fn(lambda v: _log(v, 10)),
        "Log2": _float_fn(lambda v: _log(v, 2)), "Exp": _float_fn(math.exp),
        "Sin": _float_fn(math.sin), "Cos": _float_fn(math.cos), "Tan": _float_fn(math.tan),
        "Asin": _float_fn(math.asin), "Acos": _float_fn(math.acos), "Atan": _float_fn(math.atan),
        "Atan2": lambda y, x: math.atan2(float(_num(y)), float(_num(x))),
        "Sinh": _float_fn(math.sinh), "Cosh": _float_fn(math.cosh), "Tanh": _float_fn(math.tanh),
        "Sign": lambda x: (_num(x) > 0) - (_num(x) < 0), "Cbrt": _float_fn(lambda v: math.copysign(
            abs(v) ** (1 / 3), v)),
        "Clamp": lambda v, lo, hi: _min(_max(v, lo), hi),
        "IEEERemainder": lambda a, b: math.remainder(float(_num(a)), float(_num(b))),
        "BigMul": lambda a, b: long_arg(a) * long_arg(b),
    })


# -- the numeric types and [bool] ---------------------------------------------------------------

def _strict_int_parse(full: str, low: int, high: int) -> Method:
    def parse(text: Any, *args: Any) -> int:
        s = to_string(text).strip()
        body = s[1:] if s[:1] in "+-" else s
        if not body.isdigit() or not body.isascii():
            raise MethodError(f"The input string '{to_string(text)}' was not in a correct format.")
        value = int(s)
        if not low <= value <= high:
            raise MethodError(f"Value was either too large or too small for {full.rsplit('.', 1)[-1]}.")
        if full == "System.Int64" and INT32_MIN <= value <= INT32_MAX:
            return Long(value)
        return value
    return parse


def try_parse(parse: Method, default: Callable[[], Any]) -> Method:
    """``[T]::TryParse(text, [ref]$result)``: True and the value, or False and T's default (``default()``)."""
    def method(text: Any, *rest: Any) -> bool:
        if not rest:
            raise no_overload("TryParse", 1)
        ref = ref_argument(rest[-1], len(rest) + 1)
        try:
            value = parse(text) if text is not None else None
        except (MethodError, PSRuntimeError, ValueError, ArithmeticError):
            value = None
        ref.Value = default() if value is None else value
        return value is not None
    return method


def _decimal_parse(text: Any, *args: Any) -> Any:
    try:
        return to_decimal(to_string(text))
    except PSRuntimeError:
        raise MethodError(f"The input string '{to_string(text)}' was not in a correct format.") from None


def _decimal_round(value: Any, digits: int, mode: str) -> Any:
    """A decimal rounded to ``digits`` places (``mode``: a MidpointRounding name, lower case)."""
    import decimal
    rounding = {"awayfromzero": decimal.ROUND_HALF_UP, "tozero": decimal.ROUND_DOWN,
                "tonegativeinfinity": decimal.ROUND_FLOOR, "topositiveinfinity": decimal.ROUND_CEILING,
                }.get(mode, decimal.ROUND_HALF_EVEN)
    if not 0 <= digits <= 28:
        raise MethodError("Decimal can only round to between 0 and 28 digits of precision. (Parameter 'decimals')")
    if value.as_tuple().exponent >= -digits:
        return value
    return value.quantize(decimal.Decimal(1).scaleb(-digits), rounding=rounding)


def _double_parse(text: Any, *args: Any) -> float:
    s = to_string(text).strip()
    try:
        return float(s.replace(",", ""))
    except ValueError:
        raise MethodError(f"The input string '{to_string(text)}' was not in a correct format.") from None


def _register_numbers() -> None:
    for key, full, low, high in (("int32", "System.Int32", INT32_MIN, INT32_MAX),
                                 ("int64", "System.Int64", INT64_MIN, INT64_MAX),
                                 ("int16", "System.Int16", -2**15, 2**15 - 1),
                                 ("byte", "System.Byte", 0, 255), ("sbyte", "System.SByte", -128, 127),
                                 ("uint16", "System.UInt16", 0, 2**16 - 1),
                                 ("uint32", "System.UInt32", 0, 2**32 - 1),
                                 ("uint64", "System.UInt64", 0, 2**64 - 1)):
        define(key, full, {"MaxValue": (lambda h=high: h), "MinValue": (lambda lo=low: lo)},
                {"Parse": _strict_int_parse(full, low, high),
                 "TryParse": try_parse(_strict_int_parse(full, low, high),
                                       (lambda: Long(0)) if key == "int64" else (lambda: 0))})
    double_props = {
        "MaxValue": lambda: 1.7976931348623157e308, "MinValue": lambda: -1.7976931348623157e308,
        "NaN": lambda: math.nan, "PositiveInfinity": lambda: math.inf, "NegativeInfinity": lambda: -math.inf,
        "Epsilon": lambda: 5e-324,
    }
    double_methods = {
        "Parse": _double_parse, "TryParse": try_parse(_double_parse, lambda: 0.0), "IsNaN": lambda x: _num(x) != _num(x),
        "IsInfinity": lambda x: _num(x) in (math.inf, -math.inf),
        "IsPositiveInfinity": lambda x: _num(x) == math.inf,
        "IsNegativeInfinity": lambda x: _num(x) == -math.inf,
        "IsFinite": lambda x: math.isfinite(_num(x)),
    }
    define("double", "System.Double", double_props, double_methods)
    define("single", "System.Single", {"MaxValue": lambda: 3.4028234663852886e38,
                                         "MinValue": lambda: -3.4028234663852886e38,
                                         "NaN": lambda: math.nan}, double_methods)
    define("decimal", "System.Decimal", {
        "MaxValue": lambda: to_decimal(2**96 - 1), "MinValue": lambda: to_decimal(1 - 2**96),
        "Zero": lambda: to_decimal(0), "One": lambda: to_decimal(1), "MinusOne": lambda: to_decimal(-1),
    }, {"Parse": _decimal_parse, "TryParse": try_parse(_decimal_parse, lambda: to_decimal(0)), "Round": _round, "Truncate": lambda x: _decimal_round(to_decimal(x), 0, "tozero"),
        "Floor": lambda x: _decimal_round(to_decimal(x), 0, "tonegativeinfinity"),
        "Ceiling": lambda x: _decimal_round(to_decimal(x), 0, "topositiveinfinity")})
    define("boolean", "System.Boolean", {"TrueString": lambda: "True", "FalseString": lambda: "False"},
            {"Parse": bool_parse, "TryParse": try_parse(bool_parse, lambda: False)})


def bool_parse(text: Any) -> bool:
    """``[bool]::Parse``: 'true'/'false' in any case; anything else fails as .NET does."""
    s = to_string(text).strip().lower()
    if s in ("true", "false"):
        return s == "true"
    raise MethodError(f"String '{to_string(text)}' was not recognized as a valid Boolean.")




def register() -> None:
    """Declare [math], the integer and floating-point types, [decimal] and [bool]."""
    _register_math()
    _register_numbers()
