"""Value conversions as PowerShell does them: strings, truth, numbers, type names, casts.

This is the API the compiler, the binder and the cmdlets call.  The functions here
run on hot paths, so each tests the common exact types first (``type(x) is int``)
before the general cases.  The rest lives in modules imported on first use, so that
start-up (``psrepl -c exit``) does not pay for them; their public names are
re-exported here (``__getattr__`` below) and can be imported from this module:

- ``casts``: ``convert_to`` (``[type]value``), ``canonical_type_name``,
  ``is_known_type``, ``is_instance`` (``-is``);
- ``date_parsing``: ``parse_datetime``, ``parse_timespan``;
- ``value_types``: ``Guid``, ``Version``;
- ``dotnet_format``: .NET format strings (``format_value``, ``format_operator``);
- ``timespan``: ``TimeSpan`` (imported eagerly: arithmetic and truth use it);
- ``dotnet_primitives``: ``Char``, ``Long`` (an Int64 in Int32's range) and the
  decimals (imported eagerly, tiny; the ``decimal`` module itself only on first use).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from shell.language.dotnet_primitives import Char, Long, UnspecifiedDateTime, decimal_text, is_decimal
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.noted import NotedFloat, NotedInt, NotedStr, plain
from shell.language.psobject import PSCUSTOMOBJECT, PSLive, PSObject
from shell.language.pscollections import ArrayList, Hashtable, StringBuilder
from shell.language.scriptblock import ScriptBlock
from shell.language.streams import DebugRecord, InformationRecord, VerboseRecord, WarningRecord
from shell.language.timespan import TimeSpan

__all__ = [
    "to_string", "truthy", "to_number", "convert_to", "type_name_of", "type_names_of",
    "is_enumerable", "is_instance", "format_value", "format_operator", "TimeSpan",
    "double_to_string", "parse_number", "parse_datetime", "parse_timespan", "canonical_type_name",
    "is_known_type", "cannot_convert", "Guid", "Version", "Char", "Long", "register_type_chain",
]

INT32_MIN, INT32_MAX = -2**31, 2**31 - 1
INT64_MIN, INT64_MAX = -2**63, 2**63 - 1


# -- to_string --------------------------------------------------------------------------------

def double_to_string(value: float) -> str:
    """A double as PowerShell prints it: 15 significant digits, ``E+XX`` exponents."""
    if value != value:
        return "NaN"
    if value in (_INF, _NINF):
        return "Infinity" if value > 0 else "-Infinity"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value)) if value or str(value)[0] != "-" else "-0"
    text = format(value, ".15g")
    if "e" in text:
        mantissa, exp = text.split("e")
        sign = exp[0]
        digits = exp[1:].lstrip("0").rjust(2, "0")
        return f"{mantissa}E{sign}{digits}"
    return text


_INF = float("inf")
_NINF = float("-inf")


def _datetime_string(value: datetime) -> str:
    # The invariant culture's general form, which string interpolation uses.
    return (f"{value.month:02d}/{value.day:02d}/{value.year:04d} "
            f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}")


def _element_string(value: Any) -> str:
    # $OFS joining does not recurse: a nested array shows as its type name.
    if type(value) is list or isinstance(value, (list, tuple)):
        return type_name_of(value)
    return to_string(value)


def to_string(value: Any) -> str:
    """PowerShell's conversion to string (as in ``"$x"`` and ``[string]$x``)."""
    t = type(value)
    if t is str:
        return value
    if t is int:
        return str(value)
    if value is None:
        return ""
    if t is bool:
        return "True" if value else "False"
    if t is float:
        return double_to_string(value)
    if t is list or t is tuple or t is ArrayList:
        return " ".join([_element_string(v) for v in value])
    if t is datetime or t is UnspecifiedDateTime:
        return _datetime_string(value)
    if t is Hashtable:
        return value.type_name
    if t is ScriptBlock:
        return value.text
    if t is ErrorRecord:
        return value.message
    if t is date:
        return _datetime_string(datetime(value.year, value.month, value.day))
    if isinstance(value, dict):
        return "System.Collections.Hashtable"
    if isinstance(value, (range, set, frozenset)):
        return " ".join([_element_string(v) for v in value])
    if isinstance(value, PSLive) and type(value).__str__ is object.__str__:
        return value.ps_type_names[0]
    if isinstance(value, str):
        return str(value)   # a Char, or another tagged string: its text
    if is_decimal(value):
        return decimal_text(value)
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float):
        return double_to_string(value)
    return str(value)


# -- truthy ---------------------------------------------------------------------------------------

def truthy(value: Any) -> bool:
    """LanguagePrimitives.IsTrue: what ``if ($x)`` decides."""
    t = type(value)
    if t is bool:
        return value
    if value is None:
        return False
    if t is int or t is str or t is float:
        return bool(value)
    if t is list or isinstance(value, (list, tuple)):
        n = len(value)
        if n == 0:
            return False
        if n > 1:
            return True
        first = value[0]
        # A single element that is itself a list is true when that list is non-empty.
        if isinstance(first, (list, tuple)):
            return len(first) > 0
        return truthy(first)
    if isinstance(value, (int, float)) or is_decimal(value) or t is NotedStr:
        return bool(value)
    return True


# -- numbers --------------------------------------------------------------------------------------

_NUMBER_PATTERN = (r"\s*([+-]?)(?:0x([0-9a-f]+)|(\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?))"
                   r"([ld]?)(kb|mb|gb|tb|pb)?\s*")
_number_re: re.Pattern[str] | None = None   # compiled on first use: start-up time matters
_MULTIPLIERS = {"kb": 1 << 10, "mb": 1 << 20, "gb": 1 << 30, "tb": 1 << 40, "pb": 1 << 50}


def parse_number(text: str) -> int | float | None:
    """A number written as PowerShell reads one (``42``, `` 0x10 ``, ``1.5e3``, ``1kb``), or None."""
    if text.isdigit() and text.isascii() and len(text) < 19:
        return int(text)
    global _number_re
    rx = _number_re
    if rx is None:
        rx = _number_re = re.compile(_NUMBER_PATTERN, re.IGNORECASE)
    m = rx.fullmatch(text)
    if m is None:
        return None
    sign, hexdigits, decimal, _suffix, mult = m.groups()
    if hexdigits is not None:
        number: int | float = int(hexdigits, 16)
        # Hex literals that fit 32 bits wrap to negative as in .NET (0xFFFFFFFF = -1).
        if len(hexdigits) <= 8 and number > INT32_MAX:
            number -= 1 << 32
    elif "." in decimal or "e" in decimal or "E" in decimal:
        number = float(decimal)
    else:
        number = int(decimal)
    if mult:
        number = number * _MULTIPLIERS[mult.lower()]
    if type(number) is int and number > INT64_MAX + 1:
        number = float(number)   # past Int64 PowerShell reads a number as a double
    return -number if sign == "-" else number


def cannot_convert(value: Any, target: str, reason: str | None = None) -> PSRuntimeError:
    """PowerShell's 'Cannot convert value ...' error for ``value`` to type ``target``."""
    if isinstance(value, str) or reason is not None:
        message = f'Cannot convert value "{to_string(value)}" to type "{target}".'
        if reason:
            message += f' Error: "{reason}"'
    else:
        tn = type_name_of(value)
        shown = tn if isinstance(value, (list, tuple)) else to_string(value)
        message = f'Cannot convert the "{shown}" value of type "{tn}" to type "{target}".'
    return PSRuntimeError(ErrorRecord(message, category=ErrorCategory.INVALID_ARGUMENT,
                                      error_id="InvalidCastFromStringToInteger"
                                      if isinstance(value, str) else "ConvertToFinalInvalidCastException",
                                      target=value,
                                      exception_type="System.Management.Automation.PSInvalidCastException"))


_BAD_FORMAT = "Input string was not in a correct format."


def to_number(value: Any, target: str = "System.Int32") -> Any:
    """A value as an operand of arithmetic: int, float or decimal (``'5'`` -> 5, ``''``/None -> 0)."""
    t = type(value)
    if t is int or t is float:
        return value
    if t is str:
        if not value or value.isspace():
            return 0
        number = parse_number(value)
        if number is None:
            raise cannot_convert(value, target, _BAD_FORMAT)
        return number
    if value is None:
        return 0
    if t is bool:
        return int(value)
    if t is Char:
        return ord(value)   # a char is its code point in arithmetic ([char]'A' + 1 is 66)
    if t is NotedInt or t is NotedFloat or t is NotedStr:
        return to_number(plain(value), target)   # a value with notes (noted.py) counts as the value
    if isinstance(value, (int, float)) or is_decimal(value):
        return value if not isinstance(value, bool) else int(value)
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return to_number(value[0], target)
    raise cannot_convert(value, target)


def _integer(value: Any, target: str, low: int, high: int) -> int:
    t = type(value)
    if t is int:
        number: Any = value
    elif t is float or t is str or t is bool or value is None or t is NotedStr:
        number = to_number(value, target)
    elif isinstance(value, (int, float)):
        number = value
    elif t is Char:
        number = ord(value)
    elif is_decimal(value):
        number = round(value)   # half to even, as .NET's Convert does
    elif isinstance(value, (list, tuple)) and len(value) == 1:
        return _integer(value[0], target, low, high)
    elif isinstance(value, TimeSpan) and target == "System.Int64":
        return value.ticks
    else:
        raise cannot_convert(value, target)
    if type(number) is float:
        if number != number or number in (_INF, _NINF):
            raise cannot_convert(value, target, f"Value was either too large or too small for {_short(target)}.")
        number = round(number)   # round half to even, as .NET's Convert does
    number = int(number)
    if number < low or number > high:
        raise cannot_convert(value, target, f"Value was either too large or too small for {_short(target)}.")
    return number


def _short(target: str) -> str:
    name = target.rsplit(".", 1)[-1]
    return ("an " if name[0] in "IU" else "a ") + name


# -- type names ---------------------------------------------------------------------------------

_VALUE_CHAIN = ("System.ValueType", "System.Object")

_CHAINS: dict[type, tuple[str, ...]] = {
    float: ("System.Double",) + _VALUE_CHAIN,
    str: ("System.String", "System.Object"),
    bool: ("System.Boolean",) + _VALUE_CHAIN,
    list: ("System.Object[]", "System.Array", "System.Object"),
    tuple: ("System.Object[]", "System.Array", "System.Object"),
    datetime: ("System.DateTime",) + _VALUE_CHAIN,
    dict: ("System.Collections.Hashtable", "System.Object"),
    ScriptBlock: ("System.Management.Automation.ScriptBlock", "System.Object"),
    ErrorRecord: ("System.Management.Automation.ErrorRecord", "System.Object"),
    StringBuilder: ("System.Text.StringBuilder", "System.Object"),
    Char: ("System.Char",) + _VALUE_CHAIN,
    UnspecifiedDateTime: ("System.DateTime",) + _VALUE_CHAIN,
    Long: ("System.Int64",) + _VALUE_CHAIN,
    WarningRecord: ("System.Management.Automation.WarningRecord",
                    "System.Management.Automation.InformationalRecord", "System.Object"),
    VerboseRecord: ("System.Management.Automation.VerboseRecord",
                    "System.Management.Automation.InformationalRecord", "System.Object"),
    DebugRecord: ("System.Management.Automation.DebugRecord",
                  "System.Management.Automation.InformationalRecord", "System.Object"),
    InformationRecord: ("System.Management.Automation.InformationRecord", "System.Object"),
}
_CHAINS[NotedStr] = _CHAINS[str]
_CHAINS[NotedFloat] = _CHAINS[float]


def register_type_chain(cls: type, names: tuple[str, ...]) -> None:
    """Give values of ``cls`` their .NET type names (most derived first), for a type loaded late.

    ``dotnet_primitives`` registers ``decimal.Decimal`` this way when it first imports it.
    """
    _CHAINS[cls] = names


def type_name_of(value: Any) -> str:
    """The .NET full type name of a value (``5`` -> ``'System.Int32'``)."""
    t = type(value)
    if t is int:
        if INT32_MIN <= value <= INT32_MAX:
            return "System.Int32"
        if INT64_MIN <= value <= INT64_MAX:
            return "System.Int64"
        return "System.Numerics.BigInteger"
    if t is Hashtable:
        return value.type_name
    if t is PSObject:
        return value.type_names[0] if value.type_names else PSCUSTOMOBJECT
    if t is ArrayList:
        return value.type_name
    chain = _CHAINS.get(t)
    if chain is not None:
        return chain[0]
    if isinstance(value, PSLive):
        return value.ps_type_names[0]
    if value is None:
        return "System.Object"
    return type_names_of(value)[0]


def type_names_of(value: Any) -> list[str]:
    """The inheritance chain, most derived first, as Get-Member and ``-is`` see it."""
    t = type(value)
    if t is int:
        return [type_name_of(value), *_VALUE_CHAIN]
    if t is PSObject:
        return list(value.type_names) or [PSCUSTOMOBJECT, "System.Object"]
    if t is Hashtable:
        return [value.type_name, "System.Object"]
    if t is ArrayList:
        return [value.type_name, "System.Object"]
    chain = _CHAINS.get(t)
    if chain is not None:
        return list(chain)
    if isinstance(value, PSLive):
        return list(value.ps_type_names)
    if isinstance(value, bool):
        return list(_CHAINS[bool])
    if isinstance(value, int):
        return [type_name_of(int(value)), *_VALUE_CHAIN]
    for klass, names in _CHAINS.items():
        if isinstance(value, klass):
            return list(names)
    if isinstance(value, date):
        return ["System.DateTime", *_VALUE_CHAIN]
    if isinstance(value, (range, set, frozenset)) or hasattr(value, "__next__"):
        return ["System.Object[]", "System.Array", "System.Object"]
    return ["System.Object"]


# -- enumeration ---------------------------------------------------------------------------------

_DICT_KEYS = type({}.keys())
_DICT_VALUES = type({}.values())
_ENUMERABLE = (list, tuple, set, frozenset, range, _DICT_KEYS, _DICT_VALUES)


def is_enumerable(value: Any) -> bool:
    """Whether a pipeline unrolls ``value`` (lists, tuples, generators; not str, dict, objects)."""
    t = type(value)
    if t is list:
        return True
    if t is str or t is int or value is None or t is PSObject or t is Hashtable:
        return False
    if isinstance(value, _ENUMERABLE):
        return True
    if isinstance(value, (str, bytes, dict, PSObject, PSLive)):
        return False
    return hasattr(value, "__next__") and hasattr(value, "__iter__")


# -- formatting (re-exported) ------------------------------------------------------------------------

def format_value(value: Any, spec: str) -> str:
    """``value`` formatted with a .NET format string (``'N2'``, ``'yyyy-MM-dd'``, ``'c'`` ...)."""
    from shell.language.dotnet_format import format_value as impl
    return impl(value, spec)


def format_operator(fmt: Any, args: Any) -> str:
    """The ``-f`` operator: .NET composite formatting of ``args`` into ``fmt``."""
    from shell.language.dotnet_format import format_operator as impl
    return impl(fmt, args)


# -- the lazily imported halves ----------------------------------------------------------------

#: public name -> the module that defines it (imported the first time the name is asked for)
_LAZY = {
    "convert_to": "casts", "canonical_type_name": "casts", "is_known_type": "casts",
    "is_instance": "casts", "_normalize": "casts",
    "parse_datetime": "date_parsing", "parse_timespan": "date_parsing",
    "Guid": "value_types", "Version": "value_types",
}


def __getattr__(name: str) -> Any:
    """``conversions.convert_to`` and the other names of ``_LAZY``: imported on first use.

    The value is then stored in this module, so later lookups (and ``from
    shell.language.conversions import convert_to``) cost what a plain global does.
    """
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib
    value = getattr(importlib.import_module("shell.language." + module), name)
    globals()[name] = value
    return value
