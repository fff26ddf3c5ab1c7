"""Casts: ``[type]value``, the names of types as written, and ``-is``.

``convert_to`` looks the target up in ``_TYPES`` (normalized name -> full .NET name and
converter); type accelerators (``[int]``, ``[hashtable]``, ``[ordered]`` ...) are
``_ALIASES``; array types (``string[]``) and ``List[T]`` are built from their element
type.  Import these names from ``conversions`` (which re-exports them): this module
is loaded on first use.  Dates, durations, GUIDs and versions are converted by
``date_parsing`` and ``value_types``, imported when such a cast first happens.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from shell.language.conversions import (
    INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, _integer, cannot_convert, is_enumerable,
    to_number, to_string, truthy, type_names_of,
)
from shell.language.dotnet_primitives import Char, Long, UnspecifiedDateTime, is_decimal
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.psobject import PSCUSTOMOBJECT, PSLive, PSObject
from shell.language.pscollections import ArrayList, Hashtable, StringBuilder
from shell.language.scriptblock import ScriptBlock
from shell.language.timespan import TimeSpan

__all__ = ["convert_to", "canonical_type_name", "is_known_type", "is_instance"]


# -- scalar converters -------------------------------------------------------------------------

def _double(value: Any) -> float:
    t = type(value)
    if t is float:
        return value
    if t is int or t is bool:
        return float(value)
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return _double(value[0])
    if is_decimal(value):
        return float(value)
    if isinstance(value, (int, float)) or isinstance(value, str) or value is None:
        if isinstance(value, str):
            low = value.strip().lower()
            if low in ("nan", "infinity", "-infinity", "+infinity"):
                return float(low.replace("infinity", "inf"))
        return float(to_number(value, "System.Double"))
    raise cannot_convert(value, "System.Double")


def _to_bool(value: Any) -> bool:
    return truthy(value)


def _to_char(value: Any) -> Char:
    if type(value) is Char:
        return value
    if isinstance(value, str):
        if len(value) == 1:
            return Char(value)
        raise cannot_convert(value, "System.Char", "String must be exactly one character long.")
    if value is None:
        return Char("\0")
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 0xFFFF:
        return Char(chr(value))
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return _to_char(value[0])
    if isinstance(value, (int, float)) and not isinstance(value, bool) or is_decimal(value):
        return _to_char(_integer(value, "System.Char", 0, 0xFFFF))
    raise cannot_convert(value, "System.Char")


def _to_char_array(value: Any) -> list[Char] | None:
    # [char[]]'abc' is the string's letters; other values convert element by element.
    if isinstance(value, str):
        return [Char(c) for c in value]
    items = _to_list(value)
    return None if items is None else [_to_char(item) for item in items]


def _to_datetime(value: Any) -> datetime:
    if type(value) is datetime:
        return value
    if value is None:
        return UnspecifiedDateTime(1, 1, 1)   # DateTime.MinValue, the default of the value type
    from shell.language.date_parsing import to_datetime
    return to_datetime(value)


def _to_timespan(value: Any) -> TimeSpan:
    if type(value) is TimeSpan:
        return value
    if value is None:
        return TimeSpan(0)
    from shell.language.date_parsing import to_timespan
    return to_timespan(value)


def _to_guid(value: Any) -> Any:
    from shell.language.value_types import Guid, to_guid
    if value is None:
        return Guid("00000000-0000-0000-0000-000000000000")
    return to_guid(value)


def _to_decimal(value: Any) -> Any:
    from shell.language.dotnet_primitives import to_decimal
    return to_decimal(value)


def _to_ref(value: Any) -> Any:
    from shell.language.value_types import Ref
    return value if isinstance(value, Ref) else Ref.holding(value)


def _to_exception(full_name: str) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        from shell.language.dotnet_exceptions import convert_to_exception
        return convert_to_exception(full_name, value)
    return convert


def _to_version(value: Any) -> Any:
    from shell.language.value_types import to_version
    return to_version(value)


# -- collections, objects, script blocks -----------------------------------------------------

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
    from shell.language.regex_objects import Regex
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


def _to_long(value: Any) -> int:
    # An Int64 in Int32's range is a Long, so that it still reports Int64; past it a plain int does.
    number = value if type(value) is int else _integer(value, "System.Int64", INT64_MIN, INT64_MAX)
    if INT32_MIN <= number <= INT32_MAX:
        return number if type(number) is Long else Long(number)
    if not INT64_MIN <= number <= INT64_MAX:
        raise cannot_convert(value, "System.Int64", "Value was either too large or too small for an Int64.")
    return int(number)


def _identity(value: Any) -> Any:
    return value


def _void(value: Any) -> None:
    return None


#: normalized name -> (full .NET name, converter)
_TYPES: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "int32": ("System.Int32", _int_converter("System.Int32", INT32_MIN, INT32_MAX)),
    "int64": ("System.Int64", _to_long),
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
    "decimal": ("System.Decimal", _to_decimal),
    "string": ("System.String", _to_string_cast),
    "boolean": ("System.Boolean", _to_bool),
    "management.automation.switchparameter": ("System.Management.Automation.SwitchParameter", _to_bool),
    "char": ("System.Char", _to_char),
    "char[]": ("System.Char[]", _to_char_array),
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
    "management.automation.psreference": ("System.Management.Automation.PSReference", _to_ref),
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
    "ref": "management.automation.psreference",
}


def _entry(key: str) -> tuple[str, Callable[[Any], Any]] | None:
    """The _TYPES entry for a normalized name; the .NET exceptions are added the first time one is named."""
    entry = _TYPES.get(key)
    if entry is None and key.endswith("exception"):
        # dotnet_exceptions is imported only now: start-up (`psrepl -c exit` casts) never needs it.
        from shell.language.dotnet_exceptions import full_exception_name
        full = full_exception_name(key)
        if full is not None:
            entry = _TYPES[key] = (full, _to_exception(full))
    return entry

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
    entry = _entry(key)
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
    entry = _entry(key)
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
    return (_entry(key) is not None or key.endswith("[]") and is_known_type(type_name.strip()[:-2])
            or key.startswith("collections.generic.list["))


# -- -is ---------------------------------------------------------------------------------------

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
