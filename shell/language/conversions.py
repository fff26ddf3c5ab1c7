"""Value conversions as PowerShell does them: strings, truth, numbers, casts, type names.

These are called by the compiled closures on hot paths, so each function tests the
common exact types first (``type(x) is int``) before the general cases.

The .NET format strings (``format_value``, the ``-f`` operator) live in
``dotnet_format`` and ``TimeSpan`` in ``timespan``; both are re-exported here.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any, Callable

from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.psobject import PSCUSTOMOBJECT, PSLive, PSObject
from shell.language.pscollections import ArrayList, Hashtable, StringBuilder
from shell.language.scriptblock import ScriptBlock
from shell.language.timespan import TimeSpan

__all__ = [
    "to_string", "truthy", "to_number", "convert_to", "type_name_of", "type_names_of",
    "is_enumerable", "is_instance", "format_value", "format_operator", "TimeSpan",
    "double_to_string", "parse_datetime", "parse_timespan", "canonical_type_name",
    "cannot_convert", "Guid", "Version",
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
    if t is datetime:
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
    if isinstance(value, (int, float)):
        return bool(value)
    if isinstance(value, TimeSpan):
        return True
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
        message = f'Cannot convert the "{to_string(value) if not isinstance(value, (list, tuple)) else tn}" value of type "{tn}" to type "{target}".'
    return PSRuntimeError(ErrorRecord(message, category=ErrorCategory.INVALID_ARGUMENT,
                                      error_id="InvalidCastFromStringToInteger"
                                      if isinstance(value, str) else "ConvertToFinalInvalidCastException",
                                      target=value,
                                      exception_type="System.Management.Automation.PSInvalidCastException"))


_BAD_FORMAT = "Input string was not in a correct format."


def to_number(value: Any, target: str = "System.Int32") -> int | float:
    """A value as an operand of arithmetic: int or float (``'5'`` -> 5, ``''``/None -> 0)."""
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
    if isinstance(value, (int, float)):
        return value if not isinstance(value, bool) else int(value)
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return to_number(value[0], target)
    raise cannot_convert(value, target)


def _integer(value: Any, target: str, low: int, high: int) -> int:
    t = type(value)
    if t is int:
        number: Any = value
    elif t is float or t is str or t is bool or value is None:
        number = to_number(value, target)
    elif isinstance(value, (int, float)):
        number = value
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


def _double(value: Any) -> float:
    t = type(value)
    if t is float:
        return value
    if t is int or t is bool:
        return float(value)
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return _double(value[0])
    if isinstance(value, (int, float)) or isinstance(value, str) or value is None:
        if isinstance(value, str):
            low = value.strip().lower()
            if low in ("nan", "infinity", "-infinity", "+infinity"):
                return float(low.replace("infinity", "inf"))
        return float(to_number(value, "System.Double"))
    raise cannot_convert(value, "System.Double")


def _to_bool(value: Any) -> bool:
    return truthy(value)


def _to_char(value: Any) -> str:
    if isinstance(value, str):
        if len(value) == 1:
            return value
        raise cannot_convert(value, "System.Char", "String must be exactly one character long.")
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 0xFFFF:
        return chr(value)
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return _to_char(value[0])
    raise cannot_convert(value, "System.Char")


# -- dates and durations ----------------------------------------------------------------------

_DATE_FORMATS = (
    "%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p",
    "%Y/%m/%d", "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %I:%M %p", "%Y-%m-%d %I:%M:%S %p",
    "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y",
    "%A, %B %d, %Y", "%A, %B %d, %Y %I:%M:%S %p", "%A, %d %B %Y %H:%M:%S",
    "%a, %d %b %Y %H:%M:%S GMT", "%Y%m%d",
)
_TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M:%S %p")


def parse_datetime(text: str) -> datetime:
    """A date in one of the forms the invariant culture reads; raises ValueError."""
    s = text.strip()
    if not s:
        raise ValueError(text)
    try:
        value = datetime.fromisoformat(s)
    except ValueError:
        pass
    else:
        if value.tzinfo is not None:
            # .NET converts a zoned time to local time (Kind=Local).
            value = value.astimezone().replace(tzinfo=None)
        return value
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt)
        except ValueError:
            continue
    for fmt in _TIME_FORMATS:
        try:
            t = datetime.strptime(s, fmt)
        except ValueError:
            continue
        today = datetime.now()
        return today.replace(hour=t.hour, minute=t.minute, second=t.second, microsecond=0)
    raise ValueError(text)


def _to_datetime(value: Any) -> datetime:
    if type(value) is datetime:
        return value
    if isinstance(value, str):
        try:
            return parse_datetime(value)
        except ValueError:
            raise cannot_convert(value, "System.DateTime",
                                 f"String '{value}' was not recognized as a valid DateTime.") from None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        return datetime(1, 1, 1) + timedelta(microseconds=value // 10)
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return _to_datetime(value[0])
    raise cannot_convert(value, "System.DateTime")


_TIMESPAN_PATTERN = r"\s*(-)?(?:(\d+)[.:])??(\d+):(\d+)(?::(\d+)(?:\.(\d{1,7}))?)?\s*"


def parse_timespan(text: str) -> TimeSpan:
    """``[-][d.]hh:mm[:ss[.fffffff]]`` or a whole number of days; raises ValueError."""
    s = text.strip()
    if s.lstrip("-").isdigit():
        return TimeSpan.from_parts(days=int(s))
    m = re.fullmatch(_TIMESPAN_PATTERN, text)
    if m is None:
        raise ValueError(text)
    neg, days, hours, minutes, seconds, frac = m.groups()
    h, mi, se = int(hours), int(minutes), int(seconds or 0)
    if h > 23 or mi > 59 or se > 59:
        raise ValueError(text)
    ticks = TimeSpan.from_parts(days=int(days or 0), hours=h, minutes=mi, seconds=se).ticks
    if frac:
        ticks += int(frac.ljust(7, "0"))
    return TimeSpan(-ticks if neg else ticks)


def _to_timespan(value: Any) -> TimeSpan:
    if isinstance(value, TimeSpan):
        return value
    if isinstance(value, str):
        try:
            return parse_timespan(value)
        except ValueError:
            raise cannot_convert(value, "System.TimeSpan",
                                 f"String '{value}' was not recognized as a valid TimeSpan.") from None
    if isinstance(value, timedelta):
        return TimeSpan.from_timedelta(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return TimeSpan(value)
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return _to_timespan(value[0])
    raise cannot_convert(value, "System.TimeSpan")


# -- small value types ---------------------------------------------------------------------------

class Guid(PSLive):
    """``System.Guid``: shows as its lower-case 36-character text."""

    ps_type_names = ("System.Guid", "System.ValueType", "System.Object")
    ps_properties = ("Guid",)

    def __init__(self, text: str) -> None:
        self.Guid = text.lower()

    def ToString(self, fmt: str | None = None) -> str:
        """The text form ('N' drops the dashes)."""
        return self.Guid.replace("-", "") if fmt in ("N", "n") else self.Guid

    def __str__(self) -> str:
        return self.Guid

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Guid) and other.Guid == self.Guid

    def __hash__(self) -> int:
        return hash(self.Guid)


_GUID_PATTERN = (r"\{?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?"
                 r"([0-9a-fA-F]{12})\}?")


def _to_guid(value: Any) -> Guid:
    if isinstance(value, Guid):
        return value
    m = re.fullmatch(_GUID_PATTERN, to_string(value).strip())
    if m is None:
        raise cannot_convert(value, "System.Guid", "Unrecognized Guid format.")
    return Guid("-".join(m.groups()))


class Version(PSLive):
    """``System.Version``: Major.Minor[.Build[.Revision]], compared part by part."""

    ps_type_names = ("System.Version", "System.Object")
    ps_properties = ("Major", "Minor", "Build", "Revision")

    def __init__(self, *parts: int) -> None:
        padded = list(parts) + [-1] * (4 - len(parts))
        self.Major, self.Minor, self.Build, self.Revision = padded[:4]

    def _key(self) -> tuple[int, int, int, int]:
        return (self.Major, self.Minor, self.Build, self.Revision)

    def __str__(self) -> str:
        return ".".join(str(p) for p in self._key() if p >= 0)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and other._key() == self._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __lt__(self, other: Version) -> bool:
        return self._key() < other._key()

    def __gt__(self, other: Version) -> bool:
        return self._key() > other._key()


def _to_version(value: Any) -> Version:
    if isinstance(value, Version):
        return value
    text = to_string(value).strip()
    parts = text.split(".")
    if not 2 <= len(parts) <= 4 or not all(p.isdigit() for p in parts):
        raise cannot_convert(value, "System.Version",
                             "Version string portion was too short or too long." if len(parts) < 2
                             else _BAD_FORMAT)
    return Version(*(int(p) for p in parts))


# -- convert_to --------------------------------------------------------------------------------

def _to_string_cast(value: Any) -> str:
    return to_string(value)


def _to_list(value: Any) -> list[Any] | None:
    if value is None:
        return None
    if type(value) is list:
        return value
    if is_enumerable(value):
        return list(value)
    return [value]


def _to_hashtable(value: Any) -> Hashtable:
    if type(value) is Hashtable:
        return value
    if isinstance(value, dict):
        return Hashtable(value)
    if isinstance(value, PSObject):
        return Hashtable(value.properties)
    raise cannot_convert(value, "System.Collections.Hashtable")


def _to_ordered(value: Any) -> Hashtable:
    if isinstance(value, dict):
        table = Hashtable(value, ordered=True)
        return table
    raise cannot_convert(value, "System.Collections.Specialized.OrderedDictionary")


def _to_pscustomobject(value: Any) -> Any:
    if isinstance(value, dict):
        return PSObject({to_string(k): v for k, v in value.items()})
    return value


def _to_scriptblock(value: Any) -> ScriptBlock:
    if isinstance(value, ScriptBlock):
        return value
    if isinstance(value, str):
        from shell.language.parser import parse
        return ScriptBlock(parse(value), value)
    raise cannot_convert(value, "System.Management.Automation.ScriptBlock")


def _to_regex(value: Any) -> Any:
    from shell.language.operations import Regex
    if isinstance(value, Regex):
        return value
    return Regex(to_string(value))


def _to_arraylist(value: Any) -> ArrayList:
    items = _to_list(value)
    return ArrayList(items or ())


def _to_stringbuilder(value: Any) -> StringBuilder:
    return StringBuilder(to_string(value))


def _int_converter(full: str, low: int, high: int) -> Callable[[Any], int]:
    def convert(value: Any) -> int:
        if type(value) is int and low <= value <= high:
            return value
        return _integer(value, full, low, high)
    return convert


def _identity(value: Any) -> Any:
    return value


def _void(value: Any) -> None:
    return None


#: normalized name -> (full .NET name, converter)
_TYPES: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "int32": ("System.Int32", _int_converter("System.Int32", INT32_MIN, INT32_MAX)),
    "int64": ("System.Int64", _int_converter("System.Int64", INT64_MIN, INT64_MAX)),
    "int16": ("System.Int16", _int_converter("System.Int16", -2**15, 2**15 - 1)),
    "byte": ("System.Byte", _int_converter("System.Byte", 0, 255)),
    "sbyte": ("System.SByte", _int_converter("System.SByte", -128, 127)),
    "uint16": ("System.UInt16", _int_converter("System.UInt16", 0, 2**16 - 1)),
    "uint32": ("System.UInt32", _int_converter("System.UInt32", 0, 2**32 - 1)),
    "uint64": ("System.UInt64", _int_converter("System.UInt64", 0, 2**64 - 1)),
    "numerics.biginteger": ("System.Numerics.BigInteger",
                            _int_converter("System.Numerics.BigInteger", -(1 << 4096), 1 << 4096)),
    "double": ("System.Double", _double),
    "single": ("System.Single", _double),
    "decimal": ("System.Decimal", _double),   # decimals are represented as doubles
    "string": ("System.String", _to_string_cast),
    "boolean": ("System.Boolean", _to_bool),
    "management.automation.switchparameter": ("System.Management.Automation.SwitchParameter", _to_bool),
    "char": ("System.Char", _to_char),
    "datetime": ("System.DateTime", _to_datetime),
    "timespan": ("System.TimeSpan", _to_timespan),
    "object": ("System.Object", _identity),
    "management.automation.psobject": ("System.Management.Automation.PSObject", _identity),
    "management.automation.pscustomobject": (PSCUSTOMOBJECT, _to_pscustomobject),
    "collections.hashtable": ("System.Collections.Hashtable", _to_hashtable),
    "collections.specialized.ordereddictionary": ("System.Collections.Specialized.OrderedDictionary",
                                                  _to_ordered),
    "collections.idictionary": ("System.Collections.IDictionary", _to_hashtable),
    "array": ("System.Array", _to_list),
    "object[]": ("System.Object[]", _to_list),
    "collections.arraylist": ("System.Collections.ArrayList", _to_arraylist),
    "collections.ienumerable": ("System.Collections.IEnumerable", _to_list),
    "collections.ilist": ("System.Collections.IList", _to_list),
    "management.automation.scriptblock": ("System.Management.Automation.ScriptBlock", _to_scriptblock),
    "text.regularexpressions.regex": ("System.Text.RegularExpressions.Regex", _to_regex),
    "text.stringbuilder": ("System.Text.StringBuilder", _to_stringbuilder),
    "void": ("System.Void", _void),
    "guid": ("System.Guid", _to_guid),
    "version": ("System.Version", _to_version),
    "valuetype": ("System.ValueType", _identity),
    "management.automation.errorrecord": ("System.Management.Automation.ErrorRecord", _identity),
    "exception": ("System.Exception", _identity),
}

#: short names PowerShell accepts (type accelerators) -> normalized name
_ALIASES = {
    "int": "int32", "long": "int64", "short": "int16", "ushort": "uint16", "uint": "uint32",
    "ulong": "uint64", "bigint": "numerics.biginteger", "float": "single", "bool": "boolean",
    "switch": "management.automation.switchparameter", "psobject": "management.automation.psobject",
    "pscustomobject": "management.automation.pscustomobject", "hashtable": "collections.hashtable",
    "ordered": "collections.specialized.ordereddictionary", "scriptblock": "management.automation.scriptblock",
    "regex": "text.regularexpressions.regex", "errorrecord": "management.automation.errorrecord",
    "arraylist": "collections.arraylist", "switchparameter": "management.automation.switchparameter",
    "stringbuilder": "text.stringbuilder", "runtimeexception": "management.automation.runtimeexception",
}

_NORMAL_CACHE: dict[str, str] = {}


def _normalize(type_name: str) -> str:
    """``'System.Int32'``/``'int'``/``' INT '`` -> ``'int32'`` (the _TYPES key, or the lowered name)."""
    found = _NORMAL_CACHE.get(type_name)
    if found is not None:
        return found
    low = type_name.strip().lower().replace(" ", "")
    if low.startswith("[") and low.endswith("]"):
        low = low[1:-1]
    if low.startswith("system."):
        low = low[7:]
    low = _ALIASES.get(low, low)
    _NORMAL_CACHE[type_name] = low
    return low


def canonical_type_name(type_name: str) -> str:
    """The full .NET name for a type as written (``'int'`` -> ``'System.Int32'``)."""
    key = _normalize(type_name)
    entry = _TYPES.get(key)
    if entry is not None:
        return entry[0]
    if key.endswith("[]"):
        return canonical_type_name(type_name.strip()[:-2]) + "[]"
    if key.startswith("collections.generic.list[") and key.endswith("]"):
        return "System.Collections.Generic.List[" + canonical_type_name(key[25:-1]) + "]"
    name = type_name.strip()
    return name if name.lower().startswith("system.") or "." in name else "System." + name


def _unknown_type(type_name: str) -> PSRuntimeError:
    return PSRuntimeError(ErrorRecord(f"Unable to find type [{type_name}].",
                                      category=ErrorCategory.INVALID_OPERATION, error_id="TypeNotFound",
                                      target=type_name))


def convert_to(type_name: str, value: Any) -> Any:
    """``[type_name]value``: PowerShell's cast; raises PSRuntimeError as PowerShell would."""
    key = _normalize(type_name)
    entry = _TYPES.get(key)
    if entry is not None:
        try:
            return entry[1](value)
        except (ValueError, OverflowError, TypeError, MemoryError):
            raise cannot_convert(value, entry[0]) from None
    if key.endswith("[]"):
        element = type_name.strip()[:-2]
        items = _to_list(value)
        if items is None:
            return None
        if _normalize(element) == "object":
            return list(items)
        return [convert_to(element, item) for item in items]
    if key.startswith("collections.generic.list[") and key.endswith("]"):
        inner = type_name.strip()[type_name.find("[") + 1:-1]
        items = _to_list(value) or []
        return ArrayList([convert_to(inner, item) for item in items],
                         type_name="System.Collections.Generic.List[" + canonical_type_name(inner) + "]",
                         add_returns_index=False)
    raise _unknown_type(type_name)


def is_known_type(type_name: str) -> bool:
    """Whether ``type_name`` names a type ``convert_to`` knows."""
    key = _normalize(type_name)
    return (key in _TYPES or key.endswith("[]") and is_known_type(type_name.strip()[:-2])
            or key.startswith("collections.generic.list["))


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
}

#: interfaces and aliases that ``-is`` also accepts for a Python type
_EXTRA_IS: dict[type, tuple[str, ...]] = {
    list: ("System.Collections.IList", "System.Collections.ICollection", "System.Collections.IEnumerable"),
    tuple: ("System.Collections.IList", "System.Collections.ICollection", "System.Collections.IEnumerable"),
    ArrayList: ("System.Collections.IList", "System.Collections.ICollection",
                "System.Collections.IEnumerable"),
    Hashtable: ("System.Collections.IDictionary", "System.Collections.ICollection",
                "System.Collections.IEnumerable"),
    str: ("System.Collections.IEnumerable", "System.IComparable", "System.IConvertible"),
    int: ("System.IComparable", "System.IFormattable", "System.IConvertible"),
    float: ("System.IComparable", "System.IFormattable", "System.IConvertible"),
    datetime: ("System.IComparable", "System.IFormattable"),
}


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


def is_instance(value: Any, type_name: str) -> bool:
    """``value -is [type_name]``: the chain, interfaces and the PSObject rules."""
    if value is None:
        return False
    key = _normalize(type_name)
    if key == "object":
        return True
    full = canonical_type_name(type_name).lower()
    names = [n.lower() for n in type_names_of(value)]
    if full in names:
        return True
    t = type(value)
    if full == "system.management.automation.psobject":
        return isinstance(value, PSObject)
    if full == "system.array" and isinstance(value, (list, tuple)) and not isinstance(value, ArrayList):
        return True
    extra = _EXTRA_IS.get(t)
    if extra is None and isinstance(value, PSLive) is False:
        for klass, more in _EXTRA_IS.items():
            if isinstance(value, klass):
                extra = more
                break
    if extra and full in (n.lower() for n in extra):
        return True
    if full == "system.exception" and any(n.endswith("exception") for n in names):
        return True
    # A name written without its namespace still matches a known type's short name.
    short = type_name.strip().lower()
    return any(n.rsplit(".", 1)[-1] == short for n in names)


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
