"""Members of values: properties, methods, indexing, and the static members of .NET types.

PowerShell reaches into .NET objects; psrepl's values are Python objects, so this
module gives each kind of value the members a PowerShell user expects, matched
case-insensitively: ``$s.Length``, ``$s.ToUpper()``, ``$list.Name`` (member
enumeration), ``$h.Keys``, ``$date.AddDays(1)``, ``$job.StopJob()`` (a PSLive's own
Python method), ``[math]::Round(2.5)``.

Instance members are here; static members (``[type]::Name``) are in the second half.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import Any, Callable

from shell.language.conversions import (
    INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, _integer, _normalize, canonical_type_name, convert_to,
    format_value, is_enumerable, to_string, truthy, type_name_of, type_names_of,
)
from shell.language.errors import ErrorCategory, ErrorRecord, PipelineStoppedError, PSRuntimeError
from shell.language.operations import GroupCollection, compare_values
from shell.language.psobject import PSLive, PSObject, live_attribute
from shell.language.pscollections import ArrayList, Hashtable, StringBuilder
from shell.language.scriptblock import ScriptBlock
from shell.language.timespan import TimeSpan

__all__ = ["get_member", "set_member", "invoke_method", "get_static", "invoke_static", "get_index",
           "set_index", "property_names", "member_names", "type_info", "PSTypeInfo"]

_MISSING: Any = object()
DICTIONARY_ENTRY = "System.Collections.DictionaryEntry"


# -- errors ---------------------------------------------------------------------------------------

def _error(message: str, error_id: str, category: str = ErrorCategory.INVALID_OPERATION,
           exception_type: str = "System.Management.Automation.RuntimeException") -> PSRuntimeError:
    return PSRuntimeError(ErrorRecord(message, category=category, error_id=error_id,
                                      exception_type=exception_type))


def _no_method(type_name: str, name: str) -> PSRuntimeError:
    return _error(f"Method invocation failed because [{type_name}] does not contain a method named '{name}'.",
                  "MethodNotFound")


def _no_overload(name: str, argc: int) -> PSRuntimeError:
    return _error(f'Cannot find an overload for "{name}" and the argument count: "{argc}".',
                  "MethodCountCouldNotFindBest")


def _exception_calling(name: str, argc: int, message: str) -> PSRuntimeError:
    return _error(f'Exception calling "{name}" with "{argc}" argument(s): "{message}"',
                  "MethodInvocationException", ErrorCategory.NOT_SPECIFIED,
                  "System.Management.Automation.MethodInvocationException")


def _property_not_found(name: str) -> PSRuntimeError:
    return _error(f"The property '{name}' cannot be found on this object. Verify that the property "
                  "exists and can be set.", "PropertyNotFound")


class MethodError(Exception):
    """Raised by a method implementation; becomes 'Exception calling "X" with "n" argument(s)'."""


# -- helper objects ---------------------------------------------------------------------------------

_BASES = {
    "System.Int32": "System.ValueType", "System.Int64": "System.ValueType", "System.Double": "System.ValueType",
    "System.Boolean": "System.ValueType", "System.DateTime": "System.ValueType",
    "System.TimeSpan": "System.ValueType", "System.Char": "System.ValueType", "System.Guid": "System.ValueType",
    "System.Decimal": "System.ValueType", "System.Single": "System.ValueType", "System.Byte": "System.ValueType",
    "System.Int16": "System.ValueType", "System.UInt32": "System.ValueType", "System.UInt64": "System.ValueType",
    "System.ValueType": "System.Object", "System.Object[]": "System.Array", "System.Array": "System.Object",
    "System.String": "System.Object",
}


class PSTypeInfo(PSLive):
    """What ``GetType()`` and ``[type]`` give: shows as its full name; ``.Name``, ``.FullName``."""

    ps_type_names = ("System.RuntimeType", "System.Reflection.TypeInfo", "System.Type", "System.Object")
    ps_properties = ("IsPublic", "IsSerial", "Name", "BaseType", "FullName", "Namespace")
    ps_table = ("IsPublic", "IsSerial", "Name", "BaseType")

    def __init__(self, full_name: str, base: str | None = None) -> None:
        self.FullName = full_name
        self._base = base if base is not None else _BASES.get(full_name, "System.Object")
        head = full_name.split("[", 1)[0]
        self.Namespace = head.rsplit(".", 1)[0] if "." in head else ""
        self.Name = full_name[len(self.Namespace) + 1:] if self.Namespace else full_name
        self.IsPublic = True
        self.IsSerial = True
        self.IsArray = full_name.endswith("[]")

    @property
    def BaseType(self) -> PSTypeInfo | None:
        """The base class (None for System.Object)."""
        if self.FullName == "System.Object":
            return None
        return PSTypeInfo(self._base)

    def ToString(self) -> str:
        """The full name."""
        return self.FullName

    def __str__(self) -> str:
        return self.FullName

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PSTypeInfo) and other.FullName == self.FullName

    def __hash__(self) -> int:
        return hash(self.FullName)


def type_info(type_name: str) -> PSTypeInfo:
    """The type object for ``[type_name]`` (``[int]`` -> System.Int32)."""
    return PSTypeInfo(canonical_type_name(type_name))


def _type_of(value: Any) -> PSTypeInfo:
    chain = type_names_of(value)
    return PSTypeInfo(chain[0], chain[1] if len(chain) > 1 else "System.Object")


class ExceptionInfo(PSLive):
    """``$_.Exception``: the .NET exception view of an ErrorRecord."""

    ps_properties = ("Message", "Data", "InnerException", "TargetSite", "StackTrace", "HelpLink",
                     "Source", "HResult")
    ps_view = "list"

    def __init__(self, record: ErrorRecord) -> None:
        self.ErrorRecord = record
        self.Message = record.message
        self.Data = Hashtable()
        self.TargetSite = None
        self.StackTrace = None
        self.HelpLink = None
        self.Source = None
        self.HResult = -2146233087
        self.WasThrownFromThrowStatement = record.error_id == "ThrowStatement"

    @property
    def ps_type_names(self) -> tuple[str, ...]:  # type: ignore[override]
        """The exception's type and its bases."""
        first = self.ErrorRecord.exception_type
        chain = [first]
        if first != "System.Management.Automation.RuntimeException" and first.startswith(
                "System.Management.Automation."):
            chain.append("System.Management.Automation.RuntimeException")
        if first != "System.SystemException" and first != "System.Exception":
            chain.append("System.SystemException")
        if first != "System.Exception":
            chain.append("System.Exception")
        chain.append("System.Object")
        return tuple(chain)

    @property
    def InnerException(self) -> Any:
        """The inner exception, when there is one."""
        inner = self.ErrorRecord.inner
        if isinstance(inner, PSRuntimeError):
            return ExceptionInfo(inner.record)
        return None

    def ToString(self) -> str:
        """``Type: message``, as .NET's Exception.ToString()."""
        return f"{self.ps_type_names[0]}: {self.Message}"

    def GetBaseException(self) -> ExceptionInfo:
        """The innermost exception."""
        inner = self.InnerException
        return inner.GetBaseException() if inner is not None else self

    def __str__(self) -> str:
        return self.Message


class CategoryInfoView(PSLive):
    """``$_.CategoryInfo``."""

    ps_type_names = ("System.Management.Automation.ErrorCategoryInfo", "System.Object")
    ps_properties = ("Category", "Activity", "Reason", "TargetName", "TargetType")

    def __init__(self, record: ErrorRecord) -> None:
        self.Category = record.category
        self.Activity = record.command or ""
        self.Reason = record.exception_type.rsplit(".", 1)[-1]
        target = record.target
        self.TargetName = "" if target is None else to_string(target)
        self.TargetType = "" if target is None else type_name_of(target).rsplit(".", 1)[-1]

    def GetMessage(self) -> str:
        """The one-line form."""
        return str(self)

    def __str__(self) -> str:
        return f"{self.Category}: ({self.TargetName}:{self.TargetType}) [{self.Activity}], {self.Reason}"


class InvocationInfoView(PSLive):
    """``$_.InvocationInfo``: where the error happened."""

    ps_type_names = ("System.Management.Automation.InvocationInfo", "System.Object")
    ps_properties = ("MyCommand", "ScriptLineNumber", "OffsetInLine", "ScriptName", "Line",
                     "PositionMessage", "InvocationName")
    ps_view = "list"

    def __init__(self, record: ErrorRecord) -> None:
        ext = record.extent
        self.MyCommand = record.command
        self.InvocationName = record.command or ""
        self.ScriptLineNumber = ext.line if ext is not None else 0
        self.OffsetInLine = ext.column if ext is not None else 0
        self.ScriptName = ""
        self.PSCommandPath = None
        self.Line = ext.line_text if ext is not None else ""
        if ext is not None:
            self.PositionMessage = (f"At line:{ext.line} char:{ext.column}\n+ {ext.line_text}\n+ "
                                    + " " * (ext.column - 1) + "~" * max(1, len(ext.text.split("\n")[0])))
        else:
            self.PositionMessage = ""


_ERROR_PROPS: dict[str, Callable[[ErrorRecord], Any]] = {
    "exception": ExceptionInfo,
    "categoryinfo": CategoryInfoView,
    "targetobject": lambda r: r.target,
    "fullyqualifiederrorid": lambda r: r.fully_qualified_error_id,
    "invocationinfo": InvocationInfoView,
    "scriptstacktrace": lambda r: r.script_stack or "",
    "errordetails": lambda r: None,
    "pipelineiterationinfo": lambda r: [],
    "psmessagedetails": lambda r: None,
}
_ERROR_DISPLAY = ["Exception", "TargetObject", "CategoryInfo", "FullyQualifiedErrorId", "ErrorDetails",
                  "InvocationInfo", "ScriptStackTrace", "PipelineIterationInfo", "PSMessageDetails"]


def format_datetime(value: datetime, spec: str) -> str:
    """A date with a .NET format (dotnet_format is imported on first use)."""
    from shell.language.dotnet_format import format_datetime as impl
    return impl(value, spec)


def _ticks(value: datetime) -> int:
    delta = value - datetime(1, 1, 1)
    return (delta.days * 86_400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_DATETIME_PROPS: dict[str, Callable[[datetime], Any]] = {
    "displayhint": lambda d: "DateTime",
    "datetime": lambda d: format_datetime(d, "F"),
    "date": lambda d: datetime(d.year, d.month, d.day),
    "day": lambda d: d.day,
    "dayofweek": lambda d: _DAY_NAMES[d.weekday()],
    "dayofyear": lambda d: d.timetuple().tm_yday,
    "hour": lambda d: d.hour,
    "kind": lambda d: "Local",
    "millisecond": lambda d: d.microsecond // 1000,
    "microsecond": lambda d: d.microsecond % 1000,
    "nanosecond": lambda d: 0,
    "minute": lambda d: d.minute,
    "month": lambda d: d.month,
    "second": lambda d: d.second,
    "ticks": _ticks,
    "timeofday": lambda d: TimeSpan.from_timedelta(d - datetime(d.year, d.month, d.day)),
    "year": lambda d: d.year,
}
_DATETIME_DISPLAY = ["DisplayHint", "DateTime", "Date", "Day", "DayOfWeek", "DayOfYear", "Hour", "Kind",
                     "Millisecond", "Microsecond", "Nanosecond", "Minute", "Month", "Second", "Ticks",
                     "TimeOfDay", "Year"]


class PSPropertyInfo(PSLive):
    """One entry of ``$obj.PSObject.Properties``: Name, Value (live), MemberType."""

    ps_type_names = ("System.Management.Automation.PSNoteProperty",
                     "System.Management.Automation.PSPropertyInfo", "System.Object")
    ps_properties = ("Value", "MemberType", "IsSettable", "IsGettable", "TypeNameOfValue", "Name",
                     "IsInstance")

    def __init__(self, owner: Any, name: str, member_type: str = "NoteProperty", value: Any = _MISSING) -> None:
        self.owner = owner
        self.Name = name
        self.MemberType = member_type
        self._value = value
        self.IsSettable = True
        self.IsGettable = True
        self.IsInstance = True

    @property
    def Value(self) -> Any:
        """The property's current value."""
        if self.owner is None:
            return None if self._value is _MISSING else self._value
        return get_member(self.owner, self.Name)

    @Value.setter
    def Value(self, value: Any) -> None:
        if self.owner is None:
            self._value = value
        else:
            set_member(self.owner, self.Name, value)

    @property
    def TypeNameOfValue(self) -> str:
        """The type of the value."""
        value = self.Value
        return "System.Object" if value is None else type_name_of(value)

    def __str__(self) -> str:
        return f"{type_name_of(self.Value) if self.Value is not None else 'System.Object'} {self.Name}=" \
               f"{to_string(self.Value)}"


class PSPropertyCollection(list):
    """``$obj.PSObject.Properties``: a list of PSPropertyInfo, indexable by name."""

    def __init__(self, owner: Any, items: list[PSPropertyInfo]) -> None:
        super().__init__(items)
        self.owner = owner

    def by_name(self, name: str) -> PSPropertyInfo | None:
        """The property called ``name`` (any case), or None."""
        low = name.lower()
        for prop in self:
            if prop.Name.lower() == low:
                return prop
        return None

    def Add(self, prop: Any) -> None:
        """Add a note property (``[psnoteproperty]::new(name, value)``)."""
        if not isinstance(self.owner, PSObject) or not isinstance(prop, PSPropertyInfo):
            raise MethodError("Cannot add a member to this object.")
        self.owner.set(prop.Name, prop.Value)
        self.append(PSPropertyInfo(self.owner, prop.Name))

    def Remove(self, name: Any) -> None:
        """Remove a note property by name."""
        if isinstance(self.owner, PSObject):
            key = self.owner._key(to_string(name))
            if key is not None:
                del self.owner.properties[key]

    def Match(self, pattern: Any) -> list[PSPropertyInfo]:
        """The properties whose names match a wildcard."""
        from shell.language.operations import wildcard_regex
        rx = wildcard_regex(to_string(pattern))
        return [p for p in self if rx.fullmatch(p.Name)]


class PSObjectView(PSLive):
    """``$x.PSObject``: the adapter's view of a value (Properties, TypeNames, BaseObject)."""

    ps_type_names = ("System.Management.Automation.PSObject", "System.Object")
    ps_properties = ("BaseObject", "Members", "Properties", "Methods", "ImmediateBaseObject", "TypeNames")

    def __init__(self, target: Any) -> None:
        self.BaseObject = target
        self.ImmediateBaseObject = target

    @property
    def Properties(self) -> PSPropertyCollection:
        """The object's properties."""
        target = self.BaseObject
        kind = "NoteProperty" if isinstance(target, PSObject) else "Property"
        return PSPropertyCollection(target, [PSPropertyInfo(target, n, kind) for n in property_names(target)])

    @property
    def Members(self) -> PSPropertyCollection:
        """The object's properties (methods are not listed here)."""
        return self.Properties

    @property
    def Methods(self) -> list[str]:
        """The object's method names."""
        return [name for name, kind in member_names(self.BaseObject) if kind.endswith("Method")]

    @property
    def TypeNames(self) -> list[str]:
        """The type names, most derived first (mutable for a PSObject)."""
        target = self.BaseObject
        if isinstance(target, PSObject):
            if not isinstance(target.type_names, ArrayList):
                target.type_names = ArrayList(target.type_names,
                                              type_name="System.Collections.ObjectModel.Collection[string]",
                                              add_returns_index=False)
            return target.type_names
        return type_names_of(target)

    def Copy(self) -> Any:
        """A shallow copy of a PSObject (other values are returned as they are)."""
        target = self.BaseObject
        if isinstance(target, PSObject):
            return PSObject(dict(target.properties), list(target.type_names), target.string_form)
        return target


class DictionaryEntry(PSLive):
    """One pair of ``$table.GetEnumerator()``: Key and Value, shown as Name/Value as PowerShell does."""

    ps_type_names = (DICTIONARY_ENTRY, "System.ValueType", "System.Object")
    ps_properties = ("Name", "Key", "Value")
    ps_table = ("Name", "Value")

    def __init__(self, key: Any, value: Any) -> None:
        self.Key = key
        self.Value = value

    @property
    def Name(self) -> Any:
        """The key (PowerShell's alias property)."""
        return self.Key

    def __str__(self) -> str:
        return DICTIONARY_ENTRY


def _dictionary_entry(key: Any, value: Any) -> DictionaryEntry:
    return DictionaryEntry(key, value)


# -- property access ---------------------------------------------------------------------------------

_METHOD_ATTRS: dict[tuple[type, str], bool] = {}


def _is_method(cls: type, attr: str) -> bool:
    key = (cls, attr)
    found = _METHOD_ATTRS.get(key)
    if found is None:
        member = getattr(cls, attr, None)
        found = callable(member) and not isinstance(member, (property, type))
        _METHOD_ATTRS[key] = found
    return found


def _live_attr(obj: Any, name: str) -> str | None:
    """The attribute behind a PowerShell member name: class members, then instance attributes."""
    attr = live_attribute(obj, name)
    if attr is not None:
        return attr
    fields = getattr(obj, "__dict__", None)
    if fields:
        if name in fields and not name.startswith("_"):
            return name
        low = name.lower()
        for key in fields:
            if key.lower() == low and not key.startswith("_"):
                return key
    return None


def _intrinsic(obj: Any, name: str) -> Any:
    """Members every object has in PowerShell: Count/Length (1), PSObject, PSTypeNames."""
    low = name.lower()
    if low == "count" or low == "length":
        return 1
    if low == "psobject":
        return PSObjectView(obj)
    if low == "pstypenames":
        return PSObjectView(obj).TypeNames
    return _MISSING


def _lookup(obj: Any, name: str) -> Any:
    """The member's value, or _MISSING when the object has no such property."""
    t = type(obj)
    if t is PSObject:
        value = obj.get(name, _MISSING)
        if value is not _MISSING:
            return value
        return _intrinsic(obj, name)
    if t is Hashtable:
        value = obj.get(name, _MISSING)
        if value is not _MISSING:
            return value
        return _dict_property(obj, name)
    if t is list or t is tuple:
        return _list_property(obj, name)
    if t is str:
        if name.lower() == "length":
            return len(obj)
        return _intrinsic(obj, name)
    if obj is None:
        return _MISSING
    if t is datetime:
        getter = _DATETIME_PROPS.get(name.lower())
        return getter(obj) if getter is not None else _intrinsic(obj, name)
    if t is ErrorRecord:
        getter = _ERROR_PROPS.get(name.lower())
        return getter(obj) if getter is not None else _intrinsic(obj, name)
    if isinstance(obj, dict):
        value = _dict_get(obj, name)
        return value if value is not _MISSING else _dict_property(obj, name)
    if isinstance(obj, (list, tuple)):
        return _list_property(obj, name)
    if t is ScriptBlock:
        low = name.lower()
        if low == "ast":
            return obj.ast
        if low == "isfilter":
            return obj.is_filter
        if low in ("file", "module", "startposition"):
            return None
        return _intrinsic(obj, name)
    if t is StringBuilder:
        if name.lower() == "length":
            return len(obj.text)
        return _intrinsic(obj, name)
    if isinstance(obj, (int, float, str, bool)):
        return _intrinsic(obj, name)
    attr = _live_attr(obj, name)
    if attr is not None and not _is_method(type(obj), attr):
        return getattr(obj, attr)
    return _intrinsic(obj, name)


def _dict_get(obj: dict, name: str) -> Any:
    if name in obj:
        return obj[name]
    low = name.lower()
    for key in obj:
        if isinstance(key, str) and key.lower() == low:
            return obj[key]
    return _MISSING


def _dict_property(obj: dict, name: str) -> Any:
    low = name.lower()
    if low == "count":
        return len(obj)
    if low == "keys":
        return list(obj.keys())
    if low == "values":
        return list(obj.values())
    if low in ("isreadonly", "isfixedsize", "issynchronized"):
        return False
    if low == "syncroot":
        return obj
    return _intrinsic(obj, name) if low not in ("count", "length") else _MISSING


def _list_property(obj: list | tuple, name: str) -> Any:
    low = name.lower()
    if low in ("count", "length", "longlength"):
        return len(obj)
    if low == "rank":
        return 1
    if low in ("isfixedsize", "isreadonly"):
        return not isinstance(obj, ArrayList) and low == "isfixedsize"
    if low == "issynchronized":
        return False
    if low == "syncroot":
        return obj
    if low == "capacity" and isinstance(obj, ArrayList):
        return max(4, len(obj))
    if low == "psobject":
        return PSObjectView(obj)
    return _member_enumerate(obj, name)


def _member_enumerate(items: Any, name: str) -> Any:
    """``$list.Name``: each element's Name, flattened; one result unwraps; none is $null."""
    out: list[Any] = []
    for item in items:
        if item is None:
            continue
        value = _lookup(item, name)
        if value is _MISSING or value is None:
            continue
        if type(value) is list or is_enumerable(value):
            out.extend(value)
        else:
            out.append(value)
    if not out:
        return _MISSING
    return out[0] if len(out) == 1 else out


def get_member(obj: Any, name: str) -> Any:
    """``obj.name``: the property's value; $null when there is none (as PowerShell without strict mode)."""
    if type(obj) is PSObject:
        value = obj.get(name, _MISSING)
        if value is not _MISSING:
            return value
    value = _lookup(obj, name)
    return None if value is _MISSING else value


def set_member(obj: Any, name: str, value: Any) -> None:
    """``obj.name = value``: a PSObject property that exists, a hashtable key, a settable attribute."""
    t = type(obj)
    if t is PSObject:
        key = obj._key(name)
        if key is None:
            raise _property_not_found(name)
        obj.properties[key] = value
        return
    if t is Hashtable:
        obj[name] = value
        return
    if isinstance(obj, dict):
        real = next((k for k in obj if isinstance(k, str) and k.lower() == name.lower()), name)
        obj[real] = value
        return
    if obj is None or isinstance(obj, (str, int, float, list, tuple, datetime)):
        if _lookup(obj, name) is not _MISSING and obj is not None:
            raise _error(f"'{name}' is a ReadOnly property.", "PropertyAssignmentException")
        raise _property_not_found(name)
    attr = _live_attr(obj, name)
    if attr is None or _is_method(type(obj), attr):
        raise _property_not_found(name)
    member = getattr(type(obj), attr, None)
    if isinstance(member, property) and member.fset is None:
        raise _error(f"'{name}' is a ReadOnly property.", "PropertyAssignmentException")
    setattr(obj, attr, value)


# -- method tables -------------------------------------------------------------------------------------

Method = Callable[..., Any]


def _table(methods: dict[str, Method]) -> dict[str, tuple[str, Method]]:
    """lower-case name -> (canonical name, function)."""
    return {name.lower(): (name, fn) for name, fn in methods.items()}


def _ignore_case(arg: Any) -> bool:
    """Whether a StringComparison (or ignoreCase bool) argument asks to ignore case."""
    if isinstance(arg, bool):
        return arg
    if isinstance(arg, int):
        return arg in (1, 3, 5)
    return to_string(arg).lower().endswith("ignorecase")


def _chars(args: tuple[Any, ...]) -> str:
    out: list[str] = []
    for arg in args:
        if isinstance(arg, (list, tuple)):
            out.extend(to_string(a) for a in arg)
        else:
            out.append(to_string(arg))
    return "".join(out)


def _int(value: Any) -> int:
    return value if type(value) is int else _integer(value, "System.Int32", INT32_MIN, INT32_MAX)


def _str_split(s: str, *args: Any) -> list[str]:
    separators: list[str] = []
    count = -1
    remove_empty = False
    trim = False
    rest = list(args)
    if rest and not isinstance(rest[0], (int, float)) or rest and isinstance(rest[0], bool):
        first = rest.pop(0)
        if isinstance(first, (list, tuple)):
            separators = [to_string(x) for x in first]
        elif first is not None:
            separators = [to_string(first)]
        # Split('a', 'b', 'c'): several char arguments are a char[] (params).
        while rest and isinstance(rest[0], str) and len(rest[0]) == 1 and rest[0] not in ("",) \
                and rest[0].lower() not in ("none",):
            separators.append(rest.pop(0))
    for arg in rest:
        if isinstance(arg, (int, float)) and not isinstance(arg, bool) and count < 0:
            count = int(arg)
        else:
            opt = to_string(arg).lower()
            remove_empty = remove_empty or "removeemptyentries" in opt or opt in ("1", "3")
            trim = trim or "trimentries" in opt or opt in ("2", "3")
    separators = [x for x in separators if x != ""]
    import re
    if not separators:
        pattern = r"\s"
    else:
        pattern = "|".join(re.escape(x) for x in sorted(separators, key=len, reverse=True))
    if count == 0:
        return []
    parts = re.split(pattern, s, maxsplit=count - 1 if count > 0 else 0)
    if trim:
        parts = [p.strip() for p in parts]
    if remove_empty:
        parts = [p for p in parts if p]
    return parts


def _substring(s: str, start: Any, length: Any = None) -> str:
    i = _int(start)
    if i < 0 or i > len(s):
        raise MethodError("startIndex cannot be larger than length of string. (Parameter 'startIndex')"
                          if i > len(s) else "StartIndex cannot be less than zero. (Parameter 'startIndex')")
    if length is None:
        return s[i:]
    n = _int(length)
    if n < 0 or i + n > len(s):
        raise MethodError("Index and length must refer to a location within the string. (Parameter 'length')")
    return s[i:i + n]


def _index_of(s: str, value: Any, *args: Any) -> int:
    needle = to_string(value)
    start, ignore = 0, False
    end: int | None = None
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool):
            if start == 0 and end is None and arg is args[0]:
                start = arg
            else:
                end = start + arg
        else:
            ignore = _ignore_case(arg)
    if start > len(s):
        raise MethodError("Index was out of range. Must be non-negative and less than or equal to the size "
                          "of the collection. (Parameter 'startIndex')")
    if ignore:
        return s.lower().find(needle.lower(), start, end)
    return s.find(needle, start, end)


def _last_index_of(s: str, value: Any, *args: Any) -> int:
    needle = to_string(value)
    ignore = any(not isinstance(a, int) or isinstance(a, bool) for a in args) and _ignore_case(args[-1])
    stop = len(s)
    if args and isinstance(args[0], int) and not isinstance(args[0], bool):
        stop = args[0] + 1
    if ignore:
        return s.lower().rfind(needle.lower(), 0, stop)
    return s.rfind(needle, 0, stop)


def _starts_with(s: str, value: Any, *args: Any) -> bool:
    needle = to_string(value)
    if args and _ignore_case(args[0]):
        return s.lower().startswith(needle.lower())
    return s.startswith(needle)


def _ends_with(s: str, value: Any, *args: Any) -> bool:
    needle = to_string(value)
    if args and _ignore_case(args[0]):
        return s.lower().endswith(needle.lower())
    return s.endswith(needle)


def _contains_str(s: str, value: Any, *args: Any) -> bool:
    needle = to_string(value)
    if args and _ignore_case(args[0]):
        return needle.lower() in s.lower()
    return needle in s


def _str_replace(s: str, old: Any, new: Any, *args: Any) -> str:
    old_s = to_string(old)
    if old_s == "":
        raise MethodError("String cannot be of zero length. (Parameter 'oldValue')")
    new_s = to_string(new)
    if args and _ignore_case(args[0]):
        import re
        return re.sub(re.escape(old_s), new_s.replace("\\", "\\\\"), s, flags=re.IGNORECASE)
    return s.replace(old_s, new_s)


def _pad(s: str, width: Any, char: Any = " ", left: bool = True) -> str:
    n = _int(width)
    if n < 0:
        raise MethodError("Non-negative number required. (Parameter 'totalWidth')")
    fill = to_string(char)[:1] or " "
    return s.rjust(n, fill) if left else s.ljust(n, fill)


def _insert(s: str, index: Any, value: Any) -> str:
    i = _int(index)
    if i < 0 or i > len(s):
        raise MethodError("Specified argument was out of the range of valid values. (Parameter 'startIndex')")
    return s[:i] + to_string(value) + s[i:]


def _remove(s: str, start: Any, count: Any = None) -> str:
    i = _int(start)
    if i < 0 or i > len(s) or count is None and i >= len(s) and s:
        raise MethodError("startIndex must be less than length of string. (Parameter 'startIndex')")
    if count is None:
        return s[:i]
    n = _int(count)
    if n < 0 or i + n > len(s):
        raise MethodError("Index and count must refer to a location within the string. (Parameter 'count')")
    return s[:i] + s[i + n:]


def _normalize_str(s: str, form: Any = "FormC") -> str:
    import unicodedata
    name = to_string(form).upper().replace("FORM", "NF").replace("NFC", "NFC")
    return unicodedata.normalize(name if name in ("NFC", "NFD", "NFKC", "NFKD") else "NFC", s)


def _dotnet_equals(a: Any, b: Any) -> bool:
    """object.Equals: same kind of value and equal (ordinal for strings)."""
    if a is b:
        return True
    ta, tb = type(a), type(b)
    if ta in (int, float, str, bool) or tb in (int, float, str, bool):
        return ta is tb and a == b
    if isinstance(a, (list, dict, PSObject)):
        return False
    try:
        return bool(a == b)
    except Exception:
        return False


def _str_equals(s: str, other: Any, *args: Any) -> bool:
    if not isinstance(other, str):
        return False
    if args and _ignore_case(args[0]):
        return s.lower() == other.lower()
    return s == other


_STR_METHODS = _table({
    "ToUpper": lambda s, *a: s.upper(), "ToLower": lambda s, *a: s.lower(),
    "ToUpperInvariant": lambda s: s.upper(), "ToLowerInvariant": lambda s: s.lower(),
    "Trim": lambda s, *c: s.strip(_chars(c)) if c else s.strip(),
    "TrimStart": lambda s, *c: s.lstrip(_chars(c)) if c else s.lstrip(),
    "TrimEnd": lambda s, *c: s.rstrip(_chars(c)) if c else s.rstrip(),
    "Split": _str_split, "Replace": _str_replace, "Contains": _contains_str,
    "StartsWith": _starts_with, "EndsWith": _ends_with, "Substring": _substring,
    "IndexOf": _index_of, "LastIndexOf": _last_index_of,
    "IndexOfAny": lambda s, chars, *a: min((i for i, c in enumerate(s) if c in _chars((chars,))), default=-1),
    "LastIndexOfAny": lambda s, chars, *a: max((i for i, c in enumerate(s) if c in _chars((chars,))),
                                               default=-1),
    "PadLeft": lambda s, w, c=" ": _pad(s, w, c, True), "PadRight": lambda s, w, c=" ": _pad(s, w, c, False),
    "Insert": _insert, "Remove": _remove, "ToCharArray": lambda s, *a: list(s),
    "CompareTo": lambda s, other: compare_values(s, other, True),
    "Equals": _str_equals, "Normalize": _normalize_str,
    "IsNormalized": lambda s, *a: _normalize_str(s) == s, "Clone": lambda s: s,
    "GetHashCode": lambda s: hash(s) & 0x7FFFFFFF, "Chars": lambda s, i: s[_int(i)],
    "ToString": lambda s, *a: s, "GetEnumerator": lambda s: list(s),
})


def _number_to_string(x: Any, fmt: Any = None, provider: Any = None) -> str:
    if fmt is None or fmt == "" or not isinstance(fmt, str):
        return to_string(x)
    return format_value(x, fmt)


def _compare_to(a: Any, b: Any) -> int:
    return compare_values(a, b, True)


_NUMBER_METHODS = _table({
    "ToString": _number_to_string, "CompareTo": _compare_to,
    "Equals": lambda a, b: _dotnet_equals(a, b), "GetHashCode": lambda a: hash(a) & 0x7FFFFFFF,
    "GetTypeCode": lambda a: type_name_of(a).rsplit(".", 1)[-1],
})

_BOOL_METHODS = _table({
    "ToString": lambda b, *a: "True" if b else "False", "CompareTo": _compare_to,
    "Equals": lambda a, b: _dotnet_equals(a, b), "GetHashCode": lambda a: int(a),
})


def _fixed_size(name: str) -> Method:
    def method(lst: list, *args: Any) -> None:
        raise MethodError("Collection was of a fixed size.")
    return method


def _list_index_of(lst: list, value: Any, *args: Any) -> int:
    for i, item in enumerate(lst):
        if _dotnet_equals(item, value):
            return i
    return -1


def _list_last_index_of(lst: list, value: Any) -> int:
    for i in range(len(lst) - 1, -1, -1):
        if _dotnet_equals(lst[i], value):
            return i
    return -1


def _list_clear(lst: list) -> None:
    for i in range(len(lst)):
        lst[i] = None


def _set_value(lst: list, value: Any, index: Any) -> None:
    set_index(lst, index, value)


_LIST_METHODS = _table({
    "Contains": lambda lst, v: any(_dotnet_equals(x, v) for x in lst), "IndexOf": _list_index_of,
    "LastIndexOf": _list_last_index_of, "Add": _fixed_size("Add"), "Remove": _fixed_size("Remove"),
    "RemoveAt": _fixed_size("RemoveAt"), "Insert": _fixed_size("Insert"), "Clear": _list_clear,
    "Clone": lambda lst: list(lst), "GetValue": lambda lst, i: lst[_int(i)], "SetValue": _set_value,
    "GetLength": lambda lst, d: len(lst), "GetUpperBound": lambda lst, d: len(lst) - 1,
    "GetLowerBound": lambda lst, d: 0, "ToString": lambda lst: type_name_of(lst),
    "GetEnumerator": lambda lst: iter(lst), "Equals": lambda a, b: a is b,
    "GetHashCode": lambda lst: id(lst) & 0x7FFFFFFF, "CopyTo": lambda lst, target, index=0: _copy_to(lst, target, index),
})


def _copy_to(lst: list, target: Any, index: Any) -> None:
    start = _int(index)
    for offset, item in enumerate(lst):
        set_index(target, start + offset, item)


def _al_add(lst: ArrayList, value: Any) -> int | None:
    lst.append(value)
    return len(lst) - 1 if lst.add_returns_index else None


def _al_remove(lst: ArrayList, value: Any) -> Any:
    for i, item in enumerate(lst):
        if _dotnet_equals(item, value):
            del lst[i]
            return True if not lst.add_returns_index else None
    return False if not lst.add_returns_index else None


def _al_remove_at(lst: ArrayList, index: Any) -> None:
    i = _int(index)
    if not 0 <= i < len(lst):
        raise MethodError("Index was out of range. Must be non-negative and less than the size of the "
                          "collection. (Parameter 'index')")
    del lst[i]


def _al_insert(lst: ArrayList, index: Any, value: Any) -> None:
    i = _int(index)
    if not 0 <= i <= len(lst):
        raise MethodError("Index must be within the bounds of the List. (Parameter 'index')")
    lst.insert(i, value)


def _al_sort(lst: ArrayList, *args: Any) -> None:
    import functools
    lst.sort(key=functools.cmp_to_key(lambda a, b: compare_values(a, b, True)))


def _al_get_range(lst: ArrayList, index: Any, count: Any) -> ArrayList:
    i, n = _int(index), _int(count)
    return ArrayList(lst[i:i + n], lst.type_name, lst.add_returns_index)


def _al_find(lst: ArrayList, predicate: Any) -> Any:
    for item in lst:
        if truthy(_call_block(predicate, item, (item,))):
            return item
    return None


_ARRAYLIST_METHODS = _table({
    "Add": _al_add, "AddRange": lambda lst, items: lst.extend(items if is_enumerable(items) else [items]),
    "Remove": _al_remove, "RemoveAt": _al_remove_at,
    "RemoveRange": lambda lst, i, n: lst.__delitem__(slice(_int(i), _int(i) + _int(n))),
    "Insert": _al_insert,
    "InsertRange": lambda lst, i, items: lst.__setitem__(slice(_int(i), _int(i)), list(items)),
    "Clear": lambda lst: lst.clear(), "Sort": _al_sort, "Reverse": lambda lst, *a: lst.reverse(),
    "ToArray": lambda lst: list(lst), "GetRange": _al_get_range,
    "Clone": lambda lst: ArrayList(lst, lst.type_name, lst.add_returns_index),
    "Find": _al_find, "FindAll": lambda lst, p: [x for x in lst if truthy(_call_block(p, x, (x,)))],
    "Exists": lambda lst, p: any(truthy(_call_block(p, x, (x,))) for x in lst),
    "RemoveAll": lambda lst, p: _remove_all(lst, p),
    "ToString": lambda lst: lst.type_name,
})


def _remove_all(lst: ArrayList, predicate: Any) -> int:
    keep = [x for x in lst if not truthy(_call_block(predicate, x, (x,)))]
    removed = len(lst) - len(keep)
    lst[:] = keep
    return removed


def _ht_add(table: dict, key: Any, value: Any) -> None:
    if key is None:
        raise MethodError("Key cannot be null. (Parameter 'key')")
    if key in table:
        existing = table.real_key(key) if isinstance(table, Hashtable) else key
        raise MethodError(f"Item has already been added. Key in dictionary: '{to_string(existing)}'  "
                          f"Key being added: '{to_string(key)}'")
    table[key] = value


def _ht_remove(table: dict, key: Any) -> None:
    if key in table:
        del table[key]


def _ht_insert(table: Hashtable, index: Any, key: Any, value: Any) -> None:
    i = _int(index)
    if key in table:
        raise MethodError(f"An item with the same key has already been added. Key: {to_string(key)}")
    items = list(table.items())
    items.insert(i, (key, value))
    table.clear()
    table.update(items)


def _ht_remove_at(table: Hashtable, index: Any) -> None:
    keys = list(table.keys())
    i = _int(index)
    if not 0 <= i < len(keys):
        raise MethodError("Index was out of range. Must be non-negative and less than the size of the "
                          "collection. (Parameter 'index')")
    del table[keys[i]]


_HASHTABLE_METHODS = _table({
    "ContainsKey": lambda t, k: k in t, "Contains": lambda t, k: k in t,
    "ContainsValue": lambda t, v: any(_dotnet_equals(x, v) for x in t.values()),
    "Add": _ht_add, "Remove": _ht_remove, "Clear": lambda t: t.clear(),
    "Clone": lambda t: t.copy() if isinstance(t, Hashtable) else Hashtable(t),
    "GetEnumerator": lambda t: [_dictionary_entry(k, v) for k, v in t.items()],
    "Insert": _ht_insert, "RemoveAt": _ht_remove_at,
    "ToString": lambda t: to_string(t), "Equals": lambda a, b: a is b,
    "GetHashCode": lambda t: id(t) & 0x7FFFFFFF,
    "get_Item": lambda t, k: t.get(k), "set_Item": lambda t, k, v: t.__setitem__(k, v),
})


def _add_months(d: datetime, months: Any) -> datetime:
    import calendar
    total = d.year * 12 + (d.month - 1) + _int(months)
    year, month = divmod(total, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise MethodError("The added or subtracted value results in an un-representable DateTime. "
                          "(Parameter 'months')")
    day = min(d.day, calendar.monthrange(year, month)[1])
    return d.replace(year=year, month=month, day=day)


def _add(d: datetime, **units: float) -> datetime:
    try:
        return d + timedelta(**units)
    except OverflowError:
        raise MethodError("The added or subtracted value results in an un-representable DateTime. "
                          "(Parameter 'value')") from None


def _dt_subtract(d: datetime, other: Any) -> Any:
    if isinstance(other, datetime):
        return TimeSpan.from_timedelta(d - other)
    if isinstance(other, TimeSpan):
        return d - other.delta
    raise MethodError("Cannot convert argument.")


def _dt_to_string(d: datetime, fmt: Any = None, provider: Any = None) -> str:
    if fmt is None or not isinstance(fmt, str) or fmt == "":
        return format_datetime(d, "G")
    return format_value(d, fmt)


def _to_utc(d: datetime) -> datetime:
    from datetime import timezone
    return d.astimezone(timezone.utc).replace(tzinfo=None)


def _file_time(d: datetime) -> int:
    utc = _to_utc(d)
    return _ticks(utc) - _ticks(datetime(1601, 1, 1))


def _float(value: Any) -> float:
    return float(convert_to("double", value))


_DATETIME_METHODS = _table({
    "AddDays": lambda d, n: _add(d, days=_float(n)), "AddHours": lambda d, n: _add(d, hours=_float(n)),
    "AddMinutes": lambda d, n: _add(d, minutes=_float(n)), "AddSeconds": lambda d, n: _add(d, seconds=_float(n)),
    "AddMilliseconds": lambda d, n: _add(d, milliseconds=_float(n)),
    "AddTicks": lambda d, n: _add(d, microseconds=_int64(n) / 10),
    "AddMonths": _add_months, "AddYears": lambda d, n: _add_months(d, _int(n) * 12),
    "Add": lambda d, ts: d + convert_to("timespan", ts).delta, "Subtract": _dt_subtract,
    "ToString": _dt_to_string, "ToShortDateString": lambda d: format_datetime(d, "d"),
    "ToLongDateString": lambda d: format_datetime(d, "D"),
    "ToShortTimeString": lambda d: format_datetime(d, "t"),
    "ToLongTimeString": lambda d: format_datetime(d, "T"),
    "ToUniversalTime": _to_utc, "ToLocalTime": lambda d: d,
    "CompareTo": _compare_to, "Equals": lambda a, b: isinstance(b, datetime) and a == b,
    "GetHashCode": lambda d: hash(d) & 0x7FFFFFFF,
    "IsDaylightSavingTime": lambda d: bool(d.astimezone().dst()),
    "ToFileTime": _file_time, "ToFileTimeUtc": _file_time,
    "GetDateTimeFormats": lambda d, *a: [format_datetime(d, f) for f in "dDfFgGmorstTuUy"],
})


def _int64(value: Any) -> int:
    return value if type(value) is int else _integer(value, "System.Int64", INT64_MIN, INT64_MAX)


def _call_block(block: Any, item: Any, args: tuple[Any, ...] = ()) -> Any:
    """Run a script block with ``$_`` = item in the caller's scope; its output list."""
    if isinstance(block, ScriptBlock):
        return block.invoke(*args, dollar_under=item, new_scope=False)
    raise MethodError("Cannot convert the argument to a script block.")


def _unwrap(output: Any) -> Any:
    if output is None:
        return None
    if isinstance(output, list):
        if not output:
            return None
        if len(output) == 1:
            return output[0]
    return output


def _items_of(obj: Any) -> list[Any]:
    if obj is None:
        return []
    if type(obj) is list:
        return obj
    if is_enumerable(obj):
        return list(obj)
    return [obj]


def _foreach(obj: Any, *args: Any) -> list[Any]:
    """The ``.ForEach()`` intrinsic: a script block, a property or method name, or a type."""
    if not args:
        raise _no_overload("ForEach", 0)
    action, rest = args[0], args[1:]
    out: list[Any] = []
    items = _items_of(obj)
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
        value = _MISSING if rest else _lookup(item, name)
        if value is _MISSING:
            value = invoke_method(item, name, list(rest))
        if value is not None and type(value) is list:
            out.extend(value)
        else:
            out.append(value)
    return out


def _where(obj: Any, *args: Any) -> list[Any]:
    """The ``.Where()`` intrinsic: filter, with modes First, Last, SkipUntil, Until, Split."""
    if not args:
        raise _no_overload("Where", 0)
    block = args[0]
    mode = to_string(args[1]).lower() if len(args) > 1 else "default"
    count = _int(args[2]) if len(args) > 2 else 0
    items = _items_of(obj)

    def test(item: Any) -> bool:
        return truthy(_call_block(block, item))

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


_COMMON_METHODS = _table({
    "GetType": lambda o: _type_of(o),
    "ToString": lambda o, *a: to_string(o),
    "Equals": lambda a, b: _dotnet_equals(a, b),
    "GetHashCode": lambda o: (hash(o) if getattr(type(o), "__hash__", None) else id(o)) & 0x7FFFFFFF,
    "ForEach": _foreach, "Where": _where,
})


def _sb_invoke(block: ScriptBlock, *args: Any) -> list[Any]:
    return block.invoke(*args) or []


_SCRIPTBLOCK_METHODS = _table({
    "Invoke": _sb_invoke,
    "InvokeReturnAsIs": lambda b, *a: _unwrap(b.invoke(*a)),
    "GetNewClosure": lambda b: b, "ToString": lambda b: b.text,
})


def _sb_append(sb: StringBuilder, *args: Any) -> StringBuilder:
    if len(args) == 2 and isinstance(args[1], int):
        sb.parts.append(to_string(args[0]) * args[1])
    else:
        sb.parts.append("".join(to_string(a) for a in args))
    return sb


def _sb_set(sb: StringBuilder, text: str) -> StringBuilder:
    sb.parts = [text] if text else []
    return sb


_STRINGBUILDER_METHODS = _table({
    "Append": _sb_append,
    "AppendLine": lambda sb, *a: _sb_append(sb, *(list(a) + ["\n"])),
    "AppendFormat": lambda sb, fmt, *a: _sb_append(sb, _format(fmt, a)),
    "Insert": lambda sb, i, v: _sb_set(sb, _insert(sb.text, i, v)),
    "Replace": lambda sb, old, new: _sb_set(sb, sb.text.replace(to_string(old), to_string(new))),
    "Remove": lambda sb, i, n: _sb_set(sb, _remove(sb.text, i, n)),
    "Clear": lambda sb: _sb_set(sb, ""),
    "ToString": lambda sb, *a: sb.text if not a else _substring(sb.text, *a),
})


def _format(fmt: Any, args: Any) -> str:
    from shell.language.dotnet_format import format_operator
    values = list(args)
    if len(values) == 1 and isinstance(values[0], (list, tuple)):
        values = list(values[0])
    return format_operator(fmt, values)


_EXACT_TABLES: dict[type, dict[str, tuple[str, Method]]] = {
    str: _STR_METHODS, int: _NUMBER_METHODS, float: _NUMBER_METHODS, bool: _BOOL_METHODS,
    list: _LIST_METHODS, tuple: _LIST_METHODS, Hashtable: _HASHTABLE_METHODS, datetime: _DATETIME_METHODS,
    ArrayList: _ARRAYLIST_METHODS, ScriptBlock: _SCRIPTBLOCK_METHODS, StringBuilder: _STRINGBUILDER_METHODS,
}


def _table_for(obj: Any) -> dict[str, tuple[str, Method]] | None:
    table = _EXACT_TABLES.get(type(obj))
    if table is not None:
        return table
    if isinstance(obj, ArrayList):
        return _ARRAYLIST_METHODS
    if isinstance(obj, (list, tuple)):
        return _LIST_METHODS
    if isinstance(obj, dict):
        return _HASHTABLE_METHODS
    if isinstance(obj, datetime):
        return _DATETIME_METHODS
    if isinstance(obj, str):
        return _STR_METHODS
    if isinstance(obj, bool):
        return _BOOL_METHODS
    if isinstance(obj, (int, float)):
        return _NUMBER_METHODS
    return None


def _call(fn: Method, obj: Any, name: str, args: list[Any]) -> Any:
    """Call a method implementation, turning Python failures into PowerShell's errors."""
    code = getattr(fn, "__code__", None)
    if code is not None:
        positional = code.co_argcount - 1
        required = positional - len(fn.__defaults__ or ())
        if len(args) < required or (len(args) > positional and not code.co_flags & 0x04):
            raise _no_overload(name, len(args))
    try:
        return fn(obj, *args)
    except MethodError as exc:
        raise _exception_calling(name, len(args), str(exc)) from None
    except PSRuntimeError as exc:
        # Errors already phrased as method errors, and errors from the script blocks of the
        # ForEach/Where intrinsics, pass through; others get wrapped as .NET would.
        if exc.record.error_id in ("MethodInvocationException", "MethodCountCouldNotFindBest",
                                   "MethodNotFound", "InvokeMethodOnNull") or name in ("ForEach", "Where"):
            raise
        raise _exception_calling(name, len(args), exc.message) from None
    except PipelineStoppedError:
        raise
    except Exception as exc:  # a Python failure inside a method is the .NET exception's analogue
        raise _exception_calling(name, len(args), _python_message(exc)) from None


def _python_message(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"Could not find file '{exc.filename}'."
    if isinstance(exc, PermissionError):
        return f"Access to the path '{exc.filename}' is denied."
    if isinstance(exc, IsADirectoryError):
        return f"Access to the path '{exc.filename}' is denied."
    if isinstance(exc, NotADirectoryError):
        return f"Could not find a part of the path '{exc.filename}'."
    if isinstance(exc, IndexError):
        return "Index was outside the bounds of the array."
    if isinstance(exc, MemoryError):
        return "Exception of type 'System.OutOfMemoryException' was thrown."
    message = getattr(exc, "message", None)
    if isinstance(message, str):
        return message
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: '{exc.filename}'" if exc.filename else exc.strerror
    return str(exc) or type(exc).__name__


def _live_method(obj: Any, name: str, args: list[Any]) -> Any:
    attr = live_attribute(obj, name)
    if attr is None or not _is_method(type(obj), attr):
        return _MISSING
    bound = getattr(obj, attr)
    try:
        return bound(*args)
    except TypeError as exc:
        # Most often a wrong argument count: report it as PowerShell does.
        if "argument" in str(exc) and "positional" in str(exc) or "required" in str(exc):
            raise _no_overload(name, len(args)) from None
        raise _exception_calling(name, len(args), str(exc)) from None
    except MethodError as exc:
        raise _exception_calling(name, len(args), str(exc)) from None
    except (PSRuntimeError, PipelineStoppedError):
        raise
    except Exception as exc:  # a live object's own failure, reported as PowerShell reports .NET's
        raise _exception_calling(name, len(args), _python_message(exc)) from None


_PLAIN_TYPES = frozenset((int, float, str, bool, list, tuple, dict, datetime))


def invoke_method(obj: Any, name: str, args: list[Any] | tuple[Any, ...]) -> Any:
    """``obj.name(args)``: the method PowerShell would call, matched case-insensitively."""
    args = list(args)
    low = name.lower()
    if obj is None:
        raise _error("You cannot call a method on a null-valued expression.", "InvokeMethodOnNull")
    table = _EXACT_TABLES.get(type(obj))
    if table is not None:
        entry = table.get(low)
        if entry is not None:
            return _call(entry[1], obj, entry[0], args)
    elif type(obj) is PSObject:
        member = obj.get(name, _MISSING)
        if isinstance(member, ScriptBlock):
            return _unwrap(member.invoke(*args))
        if low == "tostring" and not args:
            return str(obj)
    else:
        if type(obj) not in _PLAIN_TYPES:
            result = _live_method(obj, name, args)
            if result is not _MISSING:
                return result
        table = _table_for(obj)
        if table is not None:
            entry = table.get(low)
            if entry is not None:
                return _call(entry[1], obj, entry[0], args)
    entry = _COMMON_METHODS.get(low)
    if entry is not None:
        return _call(entry[1], obj, entry[0], args)
    raise _no_method(type_name_of(obj), name)


# -- indexing -----------------------------------------------------------------------------------------------

def _null_index() -> PSRuntimeError:
    return _error("Cannot index into a null array.", "NullArray")


def get_index(obj: Any, index: Any) -> Any:
    """``obj[index]``: lists (negative from the end, slices by a list of indices), tables, strings."""
    t = type(obj)
    if t is list or t is tuple:
        if type(index) is int:
            try:
                return obj[index]
            except IndexError:
                return None
        return _index_sequence(obj, index)
    if t is Hashtable:
        if type(index) is list:
            return [obj.get(k) for k in index]
        try:
            return obj.get(index)
        except TypeError:
            return None
    if t is str:
        if type(index) is int:
            try:
                return obj[index]
            except IndexError:
                return None
        return _index_sequence(obj, index)
    if obj is None:
        raise _null_index()
    if isinstance(obj, GroupCollection) and isinstance(index, str) and not index.isdigit():
        return obj.by_name(index)
    if isinstance(obj, PSPropertyCollection) and isinstance(index, str):
        return obj.by_name(index)
    if isinstance(obj, (list, tuple, str)):
        return _index_sequence(obj, index)
    if isinstance(obj, dict):
        if isinstance(index, list):
            return [get_index(obj, k) for k in index]
        value = _dict_get(obj, index) if isinstance(index, str) else obj.get(index, _MISSING)
        return None if value is _MISSING else value
    if isinstance(obj, StringBuilder):
        return _index_sequence(obj.text, index)
    hook = getattr(obj, "ps_index", None)
    if hook is not None:
        return hook(index)
    if is_enumerable(obj):
        return _index_sequence(list(obj), index)
    # A scalar acts as a one-element array: [0] and [-1] are the value itself.
    if isinstance(index, (list, tuple)):
        return [obj for i in index if _int(i) in (0, -1)]
    return obj if _int(index) in (0, -1) else None


def _index_sequence(seq: Any, index: Any) -> Any:
    if isinstance(index, (list, tuple)) or is_enumerable(index):
        out: list[Any] = []
        for i in index:
            if isinstance(i, (list, tuple)):
                value = _index_sequence(seq, i)
                if value:
                    out.extend(value if isinstance(value, list) else [value])
                continue
            n = _int(i)
            if -len(seq) <= n < len(seq):
                out.append(seq[n])
        return out
    n = _int(index)
    if -len(seq) <= n < len(seq):
        return seq[n]
    return None


def set_index(obj: Any, index: Any, value: Any) -> None:
    """``obj[index] = value``: a list element in range, or a table key."""
    t = type(obj)
    if t is list or isinstance(obj, list):
        n = _int(index)
        if -len(obj) <= n < len(obj):
            obj[n] = value
            return
        raise _error("Index was outside the bounds of the array.", "IndexOutOfRange",
                     exception_type="System.IndexOutOfRangeException")
    if isinstance(obj, dict):
        if t is not Hashtable and isinstance(index, str):
            index = next((k for k in obj if isinstance(k, str) and k.lower() == index.lower()), index)
        try:
            obj[index] = value
        except TypeError:   # unhashable: a list or a table as a key
            raise _error(f"A value of type [{type_name_of(index)}] cannot be used as a hashtable key.",
                         "InvalidKey") from None
        return
    if obj is None:
        raise _null_index()
    raise _error(f"Unable to index into an object of type {type_name_of(obj)}.", "CannotIndex")


# -- property and member listings ------------------------------------------------------------------------

def property_names(obj: Any) -> list[str]:
    """The ordered properties a formatter shows (none for scalars, strings and hashtables)."""
    t = type(obj)
    if t is PSObject:
        return obj.names()
    if isinstance(obj, PSLive):
        return list(obj.ps_properties)
    if t is datetime or isinstance(obj, datetime):
        return list(_DATETIME_DISPLAY)
    if isinstance(obj, ErrorRecord):
        return list(_ERROR_DISPLAY)
    return []


_HASHTABLE_PROPS = ["Count", "IsFixedSize", "IsReadOnly", "IsSynchronized", "Keys", "SyncRoot", "Values"]
_LIST_PROPS = ["Count", "IsFixedSize", "IsReadOnly", "IsSynchronized", "Length", "LongLength", "Rank",
               "SyncRoot"]


def _method_names(table: dict[str, tuple[str, Method]]) -> list[str]:
    return [canonical for canonical, _ in table.values()]


def member_names(obj: Any) -> list[tuple[str, str]]:
    """(name, MemberType) pairs for Get-Member and tab completion."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(name: str, kind: str) -> None:
        if name.lower() not in seen:
            seen.add(name.lower())
            out.append((name, kind))

    t = type(obj)
    if obj is None:
        return []
    if t is PSObject:
        for name, value in obj.items():
            add(name, "ScriptMethod" if isinstance(value, ScriptBlock) else "NoteProperty")
    elif isinstance(obj, PSLive):
        for name in obj.ps_properties:
            add(name, "Property")
        for klass in type(obj).__mro__:
            for attr, member in vars(klass).items():
                if attr[:1].isupper() and callable(member) and not isinstance(member, (property, type)):
                    add(attr, "Method")
    elif isinstance(obj, str):
        add("Length", "Property")
    elif isinstance(obj, dict):
        for name in _HASHTABLE_PROPS:
            add(name, "Property")
    elif isinstance(obj, (list, tuple)):
        for name in _LIST_PROPS:
            add(name, "Property")
    elif isinstance(obj, datetime):
        for name in _DATETIME_DISPLAY:
            add(name, "Property")
    elif isinstance(obj, ErrorRecord):
        for name in _ERROR_DISPLAY:
            add(name, "Property")
    table = _table_for(obj)
    if table is not None:
        for name in _method_names(table):
            add(name, "Method")
    for name in ("Equals", "GetHashCode", "GetType", "ToString"):
        add(name, "Method")
    return out


# == static members: [type]::Name ==========================================================================

class _StaticType:
    """The static surface of one .NET type: properties (thunks) and methods, by lower-case name."""

    __slots__ = ("full_name", "props", "methods")

    def __init__(self, full_name: str, props: dict[str, Callable[[], Any]],
                 methods: dict[str, Method]) -> None:
        self.full_name = full_name
        self.props = {name.lower(): (name, fn) for name, fn in props.items()}
        self.methods = {name.lower(): (name, fn) for name, fn in methods.items()}


_STATIC: dict[str, _StaticType] = {}


def _static(key: str, full_name: str, props: dict[str, Callable[[], Any]] | None = None,
            methods: dict[str, Method] | None = None) -> None:
    _STATIC[key] = _StaticType(full_name, props or {}, methods or {})


# -- math ---------------------------------------------------------------------------------------------------

def _num(value: Any) -> int | float:
    if type(value) is int or type(value) is float:
        return value
    from shell.language.conversions import to_number
    return to_number(value, "System.Double")


def _round(x: Any, *args: Any) -> Any:
    import math
    digits, mode = 0, "toeven"
    for arg in args:
        if isinstance(arg, str):
            mode = arg.lower()
        else:
            digits = _int(arg)
    value = _num(x)
    if type(value) is int:
        return value
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
    import math
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
    import math
    _static("math", "System.Math", {"PI": lambda: math.pi, "E": lambda: math.e, "Tau": lambda: math.tau}, {
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
        "BigMul": lambda a, b: _int64(a) * _int64(b),
    })


# -- numbers, strings, chars, booleans ------------------------------------------------------------------------

def _strict_int_parse(full: str, low: int, high: int) -> Method:
    def parse(text: Any, *args: Any) -> int:
        s = to_string(text).strip()
        body = s[1:] if s[:1] in "+-" else s
        if not body.isdigit():
            raise MethodError(f"The input string '{to_string(text)}' was not in a correct format.")
        value = int(s)
        if not low <= value <= high:
            raise MethodError(f"Value was either too large or too small for {full.rsplit('.', 1)[-1]}.")
        return value
    return parse


def _double_parse(text: Any, *args: Any) -> float:
    s = to_string(text).strip()
    try:
        return float(s.replace(",", ""))
    except ValueError:
        raise MethodError(f"The input string '{to_string(text)}' was not in a correct format.") from None


def _register_numbers() -> None:
    import math
    for key, full, low, high in (("int32", "System.Int32", INT32_MIN, INT32_MAX),
                                 ("int64", "System.Int64", INT64_MIN, INT64_MAX),
                                 ("int16", "System.Int16", -2**15, 2**15 - 1),
                                 ("byte", "System.Byte", 0, 255), ("sbyte", "System.SByte", -128, 127),
                                 ("uint16", "System.UInt16", 0, 2**16 - 1),
                                 ("uint32", "System.UInt32", 0, 2**32 - 1),
                                 ("uint64", "System.UInt64", 0, 2**64 - 1)):
        _static(key, full, {"MaxValue": (lambda h=high: h), "MinValue": (lambda lo=low: lo)},
                {"Parse": _strict_int_parse(full, low, high)})
    double_props = {
        "MaxValue": lambda: 1.7976931348623157e308, "MinValue": lambda: -1.7976931348623157e308,
        "NaN": lambda: math.nan, "PositiveInfinity": lambda: math.inf, "NegativeInfinity": lambda: -math.inf,
        "Epsilon": lambda: 5e-324,
    }
    double_methods = {
        "Parse": _double_parse, "IsNaN": lambda x: _num(x) != _num(x),
        "IsInfinity": lambda x: _num(x) in (math.inf, -math.inf),
        "IsPositiveInfinity": lambda x: _num(x) == math.inf,
        "IsNegativeInfinity": lambda x: _num(x) == -math.inf,
        "IsFinite": lambda x: math.isfinite(_num(x)),
    }
    _static("double", "System.Double", double_props, double_methods)
    _static("single", "System.Single", {"MaxValue": lambda: 3.4028234663852886e38,
                                         "MinValue": lambda: -3.4028234663852886e38,
                                         "NaN": lambda: math.nan}, double_methods)
    _static("decimal", "System.Decimal", {"MaxValue": lambda: 7.922816251426434e28,
                                           "MinValue": lambda: -7.922816251426434e28},
            {"Parse": _double_parse, "Round": _round})
    _static("boolean", "System.Boolean", {"TrueString": lambda: "True", "FalseString": lambda: "False"},
            {"Parse": _bool_parse})


def _bool_parse(text: Any) -> bool:
    s = to_string(text).strip().lower()
    if s in ("true", "false"):
        return s == "true"
    raise MethodError(f"String '{to_string(text)}' was not recognized as a valid Boolean.")


def _join(sep: Any, *values: Any) -> str:
    items: list[Any] = []
    if len(values) == 1 and (isinstance(values[0], (list, tuple)) or is_enumerable(values[0])):
        items = list(values[0])
    else:
        items = list(values)
    return to_string(sep).join(to_string(v) for v in items)


def _concat(*values: Any) -> str:
    if len(values) == 1 and isinstance(values[0], (list, tuple)):
        values = tuple(values[0])
    return "".join(to_string(v) for v in values)


def _string_compare(a: Any, b: Any, *args: Any) -> int:
    ignore = bool(args) and _ignore_case(args[0])
    if a is None or b is None:
        return 0 if a is b else (-1 if a is None else 1)
    return compare_values(to_string(a), to_string(b), not ignore)


def _string_new(value: Any, count: Any = None) -> str:
    if count is not None:
        return to_string(value)[:1] * _int(count)
    if isinstance(value, (list, tuple)):
        return "".join(to_string(c) for c in value)
    return to_string(value)


def _char_test(test: Callable[[str], bool]) -> Method:
    def method(value: Any, index: Any = None) -> bool:
        s = to_string(value)
        if index is not None:
            s = s[_int(index)]
        elif len(s) != 1:
            s = s[:1]
        return bool(s) and test(s)
    return method


def _register_text() -> None:
    import unicodedata
    _static("string", "System.String", {"Empty": lambda: ""}, {
        "Join": _join, "Concat": _concat, "Format": lambda fmt, *a: _format(fmt, a),
        "IsNullOrEmpty": lambda s: s is None or to_string(s) == "",
        "IsNullOrWhiteSpace": lambda s: s is None or to_string(s).strip() == "",
        "Compare": _string_compare, "CompareOrdinal": lambda a, b: _sign_of(to_string(a), to_string(b)),
        "Equals": lambda a, b, *c: (to_string(a).lower() == to_string(b).lower()) if c and _ignore_case(c[0])
        else (isinstance(a, str) and isinstance(b, str) and a == b),
        "new": _string_new,
    })
    _static("char", "System.Char", {"MaxValue": lambda: "\uffff", "MinValue": lambda: "\0"}, {
        "IsDigit": _char_test(lambda c: unicodedata.category(c) == "Nd"),
        "IsLetter": _char_test(str.isalpha), "IsUpper": _char_test(str.isupper),
        "IsLower": _char_test(str.islower), "IsWhiteSpace": _char_test(str.isspace),
        "IsLetterOrDigit": _char_test(lambda c: c.isalpha() or unicodedata.category(c) == "Nd"),
        "IsNumber": _char_test(lambda c: unicodedata.category(c)[0] == "N"),
        "IsPunctuation": _char_test(lambda c: unicodedata.category(c)[0] == "P"),
        "IsSymbol": _char_test(lambda c: unicodedata.category(c)[0] == "S"),
        "IsControl": _char_test(lambda c: unicodedata.category(c) == "Cc"),
        "ToUpper": lambda c, *a: to_string(c).upper(), "ToLower": lambda c, *a: to_string(c).lower(),
        "ConvertFromUtf32": lambda n: chr(_int(n)), "ConvertToUtf32": lambda s, i=0: ord(to_string(s)[_int(i)]),
        "GetNumericValue": lambda c: float(unicodedata.numeric(to_string(c)[:1], -1)),
    })


def _sign_of(a: Any, b: Any) -> int:
    return -1 if a < b else (1 if a > b else 0)


# -- dates and durations ------------------------------------------------------------------------------------------

_PARSE_TOKENS = {
    "yyyy": r"(?P<y>\d{4})", "yyy": r"(?P<y>\d{3,4})", "yy": r"(?P<yy>\d{2})", "y": r"(?P<yy>\d{1,2})",
    "MMMM": r"(?P<MMMM>[A-Za-z]+)", "MMM": r"(?P<MMM>[A-Za-z]{3})", "MM": r"(?P<M>\d{2})", "M": r"(?P<M>\d{1,2})",
    "dddd": r"[A-Za-z]+", "ddd": r"[A-Za-z]{3}", "dd": r"(?P<d>\d{2})", "d": r"(?P<d>\d{1,2})",
    "HH": r"(?P<H>\d{2})", "H": r"(?P<H>\d{1,2})", "hh": r"(?P<h>\d{2})", "h": r"(?P<h>\d{1,2})",
    "mm": r"(?P<m>\d{2})", "m": r"(?P<m>\d{1,2})", "ss": r"(?P<s>\d{2})", "s": r"(?P<s>\d{1,2})",
    "tt": r"(?P<tt>[AaPp][Mm])", "t": r"(?P<tt>[AaPp])",
    "zzz": r"(?P<z>[+-]\d{2}:?\d{2}|Z)", "zz": r"(?P<z>[+-]\d{2})", "z": r"(?P<z>[+-]\d{1,2})",
    "K": r"(?P<z>[+-]\d{2}:?\d{2}|Z)?",
}


def _parse_exact_one(text: str, fmt: str) -> datetime | None:
    import re
    from shell.language.dotnet_format import _DATE_STANDARD, MONTH_NAMES
    if len(fmt) == 1:
        fmt = _DATE_STANDARD.get(fmt, fmt)
    parts: list[str] = []
    i, n = 0, len(fmt)
    used: set[str] = set()
    while i < n:
        c = fmt[i]
        if c in "'\"":
            end = fmt.find(c, i + 1)
            end = n if end < 0 else end
            parts.append(re.escape(fmt[i + 1:end]))
            i = end + 1
            continue
        if c == "\\" and i + 1 < n:
            parts.append(re.escape(fmt[i + 1]))
            i += 2
            continue
        j = i
        while j < n and fmt[j] == c:
            j += 1
        run = fmt[i:j]
        if c in "fF":
            parts.append(rf"(?P<f>\d{{{len(run)}}})" if c == "f" else rf"(?P<f>\d{{0,{len(run)}}})")
            used.add("f")
        elif run in _PARSE_TOKENS or (c == "y" and len(run) > 4):
            token = _PARSE_TOKENS.get(run, _PARSE_TOKENS["yyyy"])
            group = re.search(r"\?P<(\w+)>", token)
            if group and group.group(1) in used:
                token = re.sub(r"\?P<\w+>", "?:", token)
            elif group:
                used.add(group.group(1))
            parts.append(token)
        else:
            parts.append(re.escape(run))
        i = j
    m = re.fullmatch("".join(parts), text.strip(), re.IGNORECASE)
    if m is None:
        return None
    g = m.groupdict()
    now = datetime.now()
    has_date = any(g.get(k) for k in ("y", "yy", "M", "MMM", "MMMM", "d"))
    year = int(g["y"]) if g.get("y") else (2000 + int(g["yy"]) if g.get("yy") else (1 if False else now.year))
    month = int(g["M"]) if g.get("M") else 1
    for key in ("MMMM", "MMM"):
        if g.get(key):
            names = [name.lower() if key == "MMMM" else name[:3].lower() for name in MONTH_NAMES]
            if g[key].lower() not in names:
                return None
            month = names.index(g[key].lower()) + 1
    day = int(g["d"]) if g.get("d") else 1
    if not has_date:
        year, month, day = now.year, now.month, now.day
    hour = int(g["H"]) if g.get("H") else 0
    if g.get("h"):
        hour = int(g["h"]) % 12
        if g.get("tt") and g["tt"][0].lower() == "p":
            hour += 12
    minute = int(g["m"]) if g.get("m") else 0
    second = int(g["s"]) if g.get("s") else 0
    micro = int((g.get("f") or "0").ljust(6, "0")[:6])
    try:
        value = datetime(year, month, day, hour, minute, second, micro)
    except ValueError:
        return None
    zone = g.get("z")
    if zone:
        from datetime import timezone
        if zone.upper() == "Z":
            tz = timezone.utc
        else:
            digits = zone[1:].replace(":", "")
            minutes = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) >= 4 else 0)
            tz = timezone(timedelta(minutes=-minutes if zone[0] == "-" else minutes))
        value = value.replace(tzinfo=tz).astimezone().replace(tzinfo=None)
    return value


def _parse_exact(text: Any, formats: Any, *args: Any) -> datetime:
    s = to_string(text)
    for fmt in (formats if isinstance(formats, (list, tuple)) else [formats]):
        value = _parse_exact_one(s, to_string(fmt))
        if value is not None:
            return value
    raise MethodError(f"String '{s}' was not recognized as a valid DateTime.")


def _date_parse(text: Any, *args: Any) -> datetime:
    from shell.language.conversions import parse_datetime
    try:
        return parse_datetime(to_string(text))
    except ValueError:
        raise MethodError(f"String '{to_string(text)}' was not recognized as a valid DateTime.") from None


def _date_new(*args: Any) -> datetime:
    if len(args) == 1:
        return convert_to("datetime", _int64(args[0]))
    parts = [_int(a) for a in args[:7]]
    if len(parts) not in (3, 6, 7):
        raise _no_overload("new", len(args))
    if len(parts) == 7:
        parts[6] *= 1000
    try:
        return datetime(*parts)
    except ValueError:
        raise MethodError("Year, Month, and Day parameters describe an un-representable DateTime.") from None


def _timespan_new(*args: Any) -> TimeSpan:
    values = [_int64(a) for a in args]
    if len(values) == 1:
        return TimeSpan(values[0])
    if len(values) == 3:
        return TimeSpan.from_parts(hours=values[0], minutes=values[1], seconds=values[2])
    if len(values) == 4:
        return TimeSpan.from_parts(days=values[0], hours=values[1], minutes=values[2], seconds=values[3])
    if len(values) == 5:
        return TimeSpan.from_parts(days=values[0], hours=values[1], minutes=values[2], seconds=values[3],
                                   milliseconds=values[4])
    raise _no_overload("new", len(args))


def _timespan_parse(text: Any, *args: Any) -> TimeSpan:
    from shell.language.conversions import parse_timespan
    try:
        return parse_timespan(to_string(text))
    except ValueError:
        raise MethodError(f"String '{to_string(text)}' was not recognized as a valid TimeSpan.") from None


def _register_dates() -> None:
    import calendar
    from datetime import timezone
    _static("datetime", "System.DateTime", {
        "Now": datetime.now, "Today": lambda: datetime.combine(datetime.now().date(), datetime.min.time()),
        "UtcNow": lambda: datetime.now(timezone.utc).replace(tzinfo=None),
        "MinValue": lambda: datetime(1, 1, 1), "MaxValue": lambda: datetime(9999, 12, 31, 23, 59, 59, 999999),
        "UnixEpoch": lambda: datetime(1970, 1, 1),
    }, {
        "Parse": _date_parse, "ParseExact": _parse_exact, "new": _date_new,
        "DaysInMonth": lambda y, m: calendar.monthrange(_int(y), _int(m))[1],
        "IsLeapYear": lambda y: calendar.isleap(_int(y)), "SpecifyKind": lambda d, k: d,
        "Compare": lambda a, b: compare_values(a, b), "Equals": lambda a, b: a == b,
        "FromFileTime": lambda n: (datetime(1601, 1, 1) + timedelta(microseconds=_int64(n) // 10))
        .replace(tzinfo=timezone.utc).astimezone().replace(tzinfo=None),
    })
    from shell.language.timespan import TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_MS, \
        TICKS_PER_SECOND
    _static("timespan", "System.TimeSpan", {
        "Zero": lambda: TimeSpan(0), "MaxValue": lambda: TimeSpan(INT64_MAX),
        "MinValue": lambda: TimeSpan(INT64_MIN), "TicksPerMillisecond": lambda: TICKS_PER_MS,
        "TicksPerSecond": lambda: TICKS_PER_SECOND, "TicksPerMinute": lambda: TICKS_PER_MINUTE,
        "TicksPerHour": lambda: TICKS_PER_HOUR, "TicksPerDay": lambda: TICKS_PER_DAY,
    }, {
        "FromDays": lambda n: TimeSpan.from_parts(days=_float(n)),
        "FromHours": lambda n: TimeSpan.from_parts(hours=_float(n)),
        "FromMinutes": lambda n: TimeSpan.from_parts(minutes=_float(n)),
        "FromSeconds": lambda n: TimeSpan.from_parts(seconds=_float(n)),
        "FromMilliseconds": lambda n: TimeSpan.from_parts(milliseconds=_float(n)),
        "FromTicks": lambda n: TimeSpan(_int64(n)), "Parse": _timespan_parse, "new": _timespan_new,
        "Compare": lambda a, b: compare_values(a, b),
    })


# -- guid, version, regex, convert ------------------------------------------------------------------------------

def _regex_options(options: Any) -> str:
    if isinstance(options, (list, tuple)):
        return ",".join(to_string(o) for o in options)
    return to_string(options) if options is not None else ""


def _regex(pattern: Any, options: Any = None) -> Any:
    from shell.language.operations import Regex
    return Regex(to_string(pattern), _regex_options(options) or None)


def _regex_escape(text: Any) -> str:
    out = []
    for c in to_string(text):
        if c in "\\*+?|{[()^$.#":
            out.append("\\" + c)
        elif c == " ":
            out.append("\\ ")
        elif c in "\t\n\r\f\v":
            out.append({"\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f", "\v": "\\v"}[c])
        else:
            out.append(c)
    return "".join(out)


def _regex_unescape(text: Any) -> str:
    import re
    codes = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "e": "\x1b"}
    return re.sub(r"\\(.)", lambda m: codes.get(m.group(1), m.group(1)), to_string(text))


def _regex_replace(text: Any, pattern: Any, replacement: Any, options: Any = None) -> str:
    from shell.language.operations import RegexMatch, expand_replacement
    rx = _regex(pattern, options).rx
    if isinstance(replacement, ScriptBlock):
        block = replacement

        def evaluate(m: Any) -> str:
            match = RegexMatch(m)
            return to_string(_unwrap(block.invoke(match, dollar_under=match)))
        return rx.sub(evaluate, to_string(text))
    return rx.sub(expand_replacement(to_string(replacement), rx), to_string(text))


def _to_base(value: Any, base: Any = None) -> Any:
    if base is None:
        return convert_to("int32", value)
    b = _int(base)
    s = to_string(value).strip()
    try:
        number = int(s[2:] if b == 16 and s.lower().startswith("0x") else s, b)
    except ValueError:
        raise MethodError("Could not find any recognizable digits.") from None
    if number > INT32_MAX and number < 2**32:
        number -= 2**32
    return number


def _convert_to_string(value: Any, base: Any = None) -> str:
    if base is None or not isinstance(value, int):
        return to_string(value)
    b, n = _int(base), value
    if n < 0:
        n += 2**32 if n >= INT32_MIN else 2**64
    if b == 2:
        return format(n, "b")
    if b == 8:
        return format(n, "o")
    if b == 16:
        return format(n, "x")
    if b == 10:
        return str(value)
    raise MethodError("Invalid Base. (Parameter 'toBase')")


def _bytes_of(value: Any) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(_int(v) & 0xFF for v in _items_of(value))


def _to_bool_convert(value: Any) -> bool:
    if isinstance(value, str):
        return _bool_parse(value)
    return truthy(value)


def _register_misc() -> None:
    import base64
    import uuid
    from shell.language.conversions import Guid, Version
    _static("guid", "System.Guid", {"Empty": lambda: Guid("00000000-0000-0000-0000-000000000000")}, {
        "NewGuid": lambda: Guid(str(uuid.uuid4())), "Parse": lambda s: convert_to("guid", s),
        "new": lambda s: convert_to("guid", s),
    })
    _static("version", "System.Version", {}, {
        "Parse": lambda s: convert_to("version", s), "new": lambda *a: Version(*(_int(x) for x in a)),
    })
    _static("text.regularexpressions.regex", "System.Text.RegularExpressions.Regex", {}, {
        "Escape": _regex_escape, "Unescape": _regex_unescape,
        "Match": lambda t, p, o=None: _regex(p, o).Match(t),
        "Matches": lambda t, p, o=None: _regex(p, o).Matches(t),
        "IsMatch": lambda t, p, o=None: _regex(p, o).IsMatch(t),
        "Replace": _regex_replace, "Split": lambda t, p, o=None: _regex(p, o).Split(t), "new": _regex,
    })
    _static("convert", "System.Convert", {}, {
        "ToInt32": _to_base, "ToInt64": lambda v, b=None: _to_base(v, b) if b is not None
        else convert_to("int64", v),
        "ToInt16": lambda v: convert_to("int16", v), "ToByte": lambda v, b=None: _to_base(v, b) & 0xFF
        if b is not None else convert_to("byte", v),
        "ToDouble": lambda v: convert_to("double", v), "ToDecimal": lambda v: convert_to("double", v),
        "ToSingle": lambda v: convert_to("double", v),
        "ToString": _convert_to_string, "ToBoolean": _to_bool_convert, "ToChar": lambda v: convert_to("char", v),
        "ToDateTime": lambda v: convert_to("datetime", v),
        "ToBase64String": lambda v, *a: base64.b64encode(_bytes_of(v)).decode("ascii"),
        "FromBase64String": lambda s: list(base64.b64decode(to_string(s))),
        "ToHexString": lambda v: _bytes_of(v).hex().upper(),
        "FromHexString": lambda s: list(bytes.fromhex(to_string(s))),
    })
    _static("array", "System.Array", {}, {
        "Reverse": lambda a, *r: a.reverse(), "Sort": lambda a, *r: _al_sort(a),
        "IndexOf": lambda a, v, *r: _list_index_of(a, v), "LastIndexOf": lambda a, v: _list_last_index_of(a, v),
        "Exists": lambda a, p: any(truthy(_call_block(p, x, (x,))) for x in a),
        "Find": lambda a, p: _al_find(a, p), "FindAll": lambda a, p: [x for x in a if truthy(_call_block(p, x, (x,)))],
        "Clear": lambda a, i=0, n=None: a.__setitem__(slice(_int(i), _int(i) + _int(n if n is not None else len(a))),
                                                        [None] * _int(n if n is not None else len(a))),
    })
    _static("management.automation.psnoteproperty", "System.Management.Automation.PSNoteProperty", {}, {
        "new": lambda name, value=None: PSPropertyInfo(None, to_string(name), "NoteProperty", value),
    })
    _static("net.dns", "System.Net.Dns", {}, {"GetHostName": _host_name})
    _static("management.automation.scriptblock", "System.Management.Automation.ScriptBlock", {}, {
        "Create": lambda text: convert_to("scriptblock", to_string(text)),
    })
    _static("diagnostics.stopwatch", "System.Diagnostics.Stopwatch",
            {"Frequency": lambda: 1_000_000_000, "IsHighResolution": lambda: True},
            {"StartNew": lambda: Stopwatch(start=True), "new": lambda: Stopwatch(),
             "GetTimestamp": _timestamp})
    _static("text.encoding", "System.Text.Encoding", {
        "UTF8": lambda: Encoding("utf-8"), "ASCII": lambda: Encoding("us-ascii"),
        "Unicode": lambda: Encoding("utf-16"), "UTF32": lambda: Encoding("utf-32"),
        "Default": lambda: Encoding("utf-8"), "Latin1": lambda: Encoding("iso-8859-1"),
        "BigEndianUnicode": lambda: Encoding("utf-16BE"),
    }, {"GetEncoding": lambda name: Encoding(to_string(name))})


def _host_name() -> str:
    import socket
    return socket.gethostname()


def _timestamp() -> int:
    import time
    return time.perf_counter_ns()


class Stopwatch(PSLive):
    """``[System.Diagnostics.Stopwatch]``: measures elapsed time."""

    ps_type_names = ("System.Diagnostics.Stopwatch", "System.Object")
    ps_properties = ("IsRunning", "Elapsed", "ElapsedMilliseconds", "ElapsedTicks")

    def __init__(self, start: bool = False) -> None:
        self._elapsed_ns = 0
        self._started: int | None = None
        if start:
            self.Start()

    def _ns(self) -> int:
        running = _timestamp() - self._started if self._started is not None else 0
        return self._elapsed_ns + running

    @property
    def IsRunning(self) -> bool:
        """Whether the stopwatch is measuring."""
        return self._started is not None

    @property
    def Elapsed(self) -> TimeSpan:
        """Elapsed time."""
        return TimeSpan(self._ns() // 100)

    @property
    def ElapsedMilliseconds(self) -> int:
        """Elapsed whole milliseconds."""
        return self._ns() // 1_000_000

    @property
    def ElapsedTicks(self) -> int:
        """Elapsed timer ticks (nanoseconds)."""
        return self._ns()

    def Start(self) -> None:
        """Start or resume measuring."""
        if self._started is None:
            self._started = _timestamp()

    def Stop(self) -> None:
        """Stop measuring."""
        if self._started is not None:
            self._elapsed_ns += _timestamp() - self._started
            self._started = None

    def Reset(self) -> None:
        """Stop and zero."""
        self._elapsed_ns = 0
        self._started = None

    def Restart(self) -> None:
        """Zero and start."""
        self.Reset()
        self.Start()

    def __str__(self) -> str:
        return "System.Diagnostics.Stopwatch"


class Encoding(PSLive):
    """``[System.Text.Encoding]::UTF8`` and friends: GetBytes/GetString."""

    ps_type_names = ("System.Text.Encoding", "System.Object")
    ps_properties = ("BodyName", "EncodingName", "WebName", "CodePage")

    _NAMES = {"utf-8": ("Unicode (UTF-8)", 65001), "us-ascii": ("US-ASCII", 20127),
              "utf-16": ("Unicode", 1200), "utf-32": ("Unicode (UTF-32)", 12000),
              "iso-8859-1": ("Western European (ISO)", 28591), "utf-16be": ("Unicode (Big-Endian)", 1201)}

    def __init__(self, name: str) -> None:
        import codecs
        try:
            codecs.lookup(name)
        except LookupError:
            raise MethodError(f"'{name}' is not a supported encoding name.") from None
        self.WebName = name.lower()
        self.BodyName = self.WebName
        self.EncodingName, self.CodePage = self._NAMES.get(self.WebName, (name, 0))
        self._codec = "utf-16-le" if self.WebName == "utf-16" else (
            "utf-32-le" if self.WebName == "utf-32" else self.WebName)

    def GetBytes(self, text: Any) -> list[int]:
        """The encoded bytes of a string."""
        return list(to_string(text).encode(self._codec, errors="replace"))

    def GetString(self, data: Any, index: Any = 0, count: Any = None) -> str:
        """The string decoded from bytes."""
        raw = _bytes_of(data)
        start = _int(index)
        raw = raw[start:start + _int(count)] if count is not None else raw[start:]
        return raw.decode(self._codec, errors="replace")

    def GetByteCount(self, text: Any) -> int:
        """How many bytes the string encodes to."""
        return len(self.GetBytes(text))

    def __str__(self) -> str:
        return "System.Text." + {"utf-8": "UTF8Encoding", "us-ascii": "ASCIIEncoding"}.get(
            self.WebName, "Encoding")


# -- environment, paths, files ----------------------------------------------------------------------------------

def _os_version() -> PSObject:
    from shell.language.conversions import Version
    release = os.uname().release
    numbers = [int(p) for p in release.replace("-", ".").split(".") if p.isdigit()][:4]
    while len(numbers) < 4:
        numbers.append(0)
    version = Version(*numbers)
    text = f"Unix {version}"
    return PSObject({"Platform": "Unix", "ServicePack": "", "Version": version, "VersionString": text},
                    ["System.OperatingSystem", "System.Object"], text)


def _user_name() -> str:
    import pwd
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return os.environ.get("USER", "")


def _set_env(name: Any, value: Any, *target: Any) -> None:
    key = to_string(name)
    if value is None or to_string(value) == "":
        os.environ.pop(key, None)
    else:
        os.environ[key] = to_string(value)


_FOLDERS = {
    "userprofile": "", "personal": "", "mydocuments": "", "desktop": "Desktop",
    "applicationdata": ".config", "localapplicationdata": ".local/share", "mymusic": "Music",
    "mypictures": "Pictures", "myvideos": "Videos", "templates": "Templates",
}


def _folder_path(folder: Any) -> str:
    key = to_string(folder).lower()
    home = os.path.expanduser("~")
    if key not in _FOLDERS:
        return ""
    sub = _FOLDERS[key]
    return os.path.join(home, sub) if sub else home


def _register_environment() -> None:
    import sys
    import time
    _static("environment", "System.Environment", {
        "MachineName": lambda: os.uname().nodename, "UserName": _user_name, "NewLine": lambda: "\n",
        "ProcessorCount": lambda: os.cpu_count() or 1, "OSVersion": _os_version,
        "CurrentDirectory": os.getcwd, "Is64BitProcess": lambda: sys.maxsize > 2**32,
        "Is64BitOperatingSystem": lambda: True, "TickCount": lambda: int(time.monotonic() * 1000) & 0x7FFFFFFF,
        "TickCount64": lambda: int(time.monotonic() * 1000), "ProcessId": os.getpid,
        "CommandLine": lambda: " ".join(sys.argv), "UserInteractive": lambda: sys.stdin.isatty(),
        "SystemDirectory": lambda: "", "UserDomainName": lambda: os.uname().nodename,
        "Version": lambda: __import__("shell.language.conversions", fromlist=["Version"]).Version(8, 0, 0),
    }, {
        "GetEnvironmentVariable": lambda name, *t: os.environ.get(to_string(name)),
        "SetEnvironmentVariable": _set_env,
        "GetEnvironmentVariables": lambda *t: Hashtable(dict(os.environ)),
        "GetCommandLineArgs": lambda: list(sys.argv),
        "GetFolderPath": _folder_path,
        "ExpandEnvironmentVariables": lambda s: __import__("re").sub(
            r"%([^%]+)%", lambda m: os.environ.get(m.group(1), m.group(0)), to_string(s)),
    })


def _path_combine(*parts: Any) -> str:
    items = [to_string(p) for p in (parts[0] if len(parts) == 1 and isinstance(parts[0], (list, tuple))
                                     else parts)]
    return os.path.join(*items) if items else ""


def _path_join(*parts: Any) -> str:
    items = [to_string(p) for p in parts if p is not None and to_string(p) != ""]
    out = ""
    for item in items:
        out = item if not out else (out + item if out.endswith("/") or item.startswith("/") else out + "/" + item)
    return out


def _extension(path: Any) -> str:
    name = os.path.basename(to_string(path))
    dot = name.rfind(".")
    return name[dot:] if dot > 0 or (dot == 0 and len(name) > 1) else ""


def _directory_name(path: Any) -> str | None:
    p = to_string(path)
    if p in ("", "/"):
        return None
    head = os.path.dirname(p)
    return head


def _without_extension(path: Any) -> str:
    name = os.path.basename(to_string(path))
    ext = _extension(name)
    return name[:-len(ext)] if ext else name


def _change_extension(path: Any, ext: Any) -> str:
    p = to_string(path)
    current = _extension(p)
    base = p[:-len(current)] if current else p
    if ext is None:
        return base
    e = to_string(ext)
    return base + (e if e.startswith(".") or not e else "." + e)


def _temp_path() -> str:
    import tempfile
    return tempfile.gettempdir().rstrip("/") + "/"


def _temp_file() -> str:
    import tempfile
    fd, name = tempfile.mkstemp(suffix=".tmp")
    os.close(fd)
    return name


def _random_name() -> str:
    import secrets
    import string
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(8)) + "." + "".join(
        secrets.choice(alphabet) for _ in range(3))


def _read_text(path: Any, *enc: Any) -> str:
    with open(_file_path(path), encoding="utf-8-sig", newline="") as handle:
        return handle.read()


def _read_lines(path: Any, *enc: Any) -> list[str]:
    text = _read_text(path)
    lines = text.splitlines()
    return lines


def _write_text(path: Any, text: Any, *enc: Any, mode: str = "w") -> None:
    with open(_file_path(path), mode, encoding="utf-8", newline="") as handle:
        handle.write(to_string(text))


def _write_lines(path: Any, lines: Any, *enc: Any, mode: str = "w") -> None:
    with open(_file_path(path), mode, encoding="utf-8", newline="") as handle:
        for line in _items_of(lines):
            handle.write(to_string(line) + "\n")


def _file_path(path: Any) -> str:
    p = to_string(path)
    if p == "":
        raise MethodError("The value cannot be an empty string. (Parameter 'path')")
    return os.path.abspath(os.path.expanduser(p)) if p.startswith("~") else p


def _copy_file(src: Any, dst: Any, overwrite: Any = False) -> None:
    import shutil
    target = _file_path(dst)
    if os.path.exists(target) and not truthy(overwrite):
        raise MethodError(f"The file '{os.path.abspath(target)}' already exists.")
    shutil.copyfile(_file_path(src), target)


def _list_dir(path: Any, pattern: Any = "*", option: Any = None, *, dirs: bool) -> list[str]:
    import fnmatch
    root = _file_path(path)
    recursive = option is not None and "all" in to_string(option).lower()
    pat = to_string(pattern) or "*"
    out: list[str] = []
    if recursive:
        for base, dirnames, filenames in os.walk(root):
            for name in (dirnames if dirs else filenames):
                if fnmatch.fnmatch(name.lower(), pat.lower()):
                    out.append(os.path.join(base, name))
    else:
        for name in sorted(os.listdir(root)):
            full = os.path.join(root, name)
            if os.path.isdir(full) == dirs and fnmatch.fnmatch(name.lower(), pat.lower()):
                out.append(full)
    return sorted(out)


def _make_dirs(path: Any) -> str:
    p = _file_path(path)
    os.makedirs(p, exist_ok=True)
    return os.path.abspath(p)


def _remove_dir(path: Any, recursive: Any = False) -> None:
    import shutil
    p = _file_path(path)
    if truthy(recursive):
        shutil.rmtree(p)
    else:
        os.rmdir(p)


def _last_write(path: Any) -> datetime:
    return datetime.fromtimestamp(os.path.getmtime(_file_path(path)))


def _register_io() -> None:
    _static("io.path", "System.IO.Path", {
        "DirectorySeparatorChar": lambda: "/", "AltDirectorySeparatorChar": lambda: "/",
        "PathSeparator": lambda: ":", "VolumeSeparatorChar": lambda: "/",
    }, {
        "Combine": _path_combine, "Join": _path_join, "GetFileName": lambda p: os.path.basename(to_string(p))
        if p is not None else None,
        "GetExtension": lambda p: _extension(p) if p is not None else None,
        "GetDirectoryName": _directory_name, "GetFileNameWithoutExtension": _without_extension,
        "GetTempPath": _temp_path, "GetTempFileName": _temp_file, "GetRandomFileName": _random_name,
        "GetFullPath": lambda p, *b: os.path.normpath(os.path.join(to_string(b[0]) if b else os.getcwd(),
                                                                   to_string(p))),
        "IsPathRooted": lambda p: to_string(p).startswith("/"),
        "IsPathFullyQualified": lambda p: to_string(p).startswith("/"),
        "HasExtension": lambda p: bool(_extension(p)), "ChangeExtension": _change_extension,
        "GetPathRoot": lambda p: "/" if to_string(p).startswith("/") else "",
        "GetInvalidFileNameChars": lambda: ["\0", "/"], "GetInvalidPathChars": lambda: ["\0"],
        "GetRelativePath": lambda a, b: os.path.relpath(to_string(b), to_string(a)),
    })
    _static("io.file", "System.IO.File", {}, {
        "Exists": lambda p: p is not None and os.path.isfile(_file_path(p)) if to_string(p) else False,
        "ReadAllText": _read_text, "ReadAllLines": _read_lines,
        "WriteAllText": _write_text, "WriteAllLines": _write_lines,
        "AppendAllText": lambda p, t, *e: _write_text(p, t, mode="a"),
        "AppendAllLines": lambda p, lines, *e: _write_lines(p, lines, mode="a"),
        "ReadAllBytes": lambda p: list(open(_file_path(p), "rb").read()),
        "WriteAllBytes": lambda p, data: open(_file_path(p), "wb").write(_bytes_of(data)) and None,
        "Delete": lambda p: os.remove(_file_path(p)) if os.path.exists(_file_path(p)) else None,
        "Copy": _copy_file, "Move": lambda a, b, *o: os.replace(_file_path(a), _file_path(b)),
        "GetLastWriteTime": _last_write,
    })
    _static("io.directory", "System.IO.Directory", {}, {
        "Exists": lambda p: bool(to_string(p)) and os.path.isdir(_file_path(p)),
        "GetFiles": lambda p, pat="*", opt=None: _list_dir(p, pat, opt, dirs=False),
        "GetDirectories": lambda p, pat="*", opt=None: _list_dir(p, pat, opt, dirs=True),
        "EnumerateFiles": lambda p, pat="*", opt=None: _list_dir(p, pat, opt, dirs=False),
        "EnumerateDirectories": lambda p, pat="*", opt=None: _list_dir(p, pat, opt, dirs=True),
        "CreateDirectory": _make_dirs, "GetCurrentDirectory": os.getcwd, "Delete": _remove_dir,
        "GetLastWriteTime": _last_write,
    })


# -- enums: [StringComparison]::OrdinalIgnoreCase is its name as a string ------------------------------------------

_ENUMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "stringcomparison": ("System.StringComparison", (
        "CurrentCulture", "CurrentCultureIgnoreCase", "InvariantCulture", "InvariantCultureIgnoreCase",
        "Ordinal", "OrdinalIgnoreCase")),
    "stringsplitoptions": ("System.StringSplitOptions", ("None", "RemoveEmptyEntries", "TrimEntries")),
    "midpointrounding": ("System.MidpointRounding", (
        "ToEven", "AwayFromZero", "ToZero", "ToNegativeInfinity", "ToPositiveInfinity")),
    "dayofweek": ("System.DayOfWeek", (
        "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")),
    "consolecolor": ("System.ConsoleColor", (
        "Black", "DarkBlue", "DarkGreen", "DarkCyan", "DarkRed", "DarkMagenta", "DarkYellow", "Gray",
        "DarkGray", "Blue", "Green", "Cyan", "Red", "Magenta", "Yellow", "White")),
    "text.regularexpressions.regexoptions": ("System.Text.RegularExpressions.RegexOptions", (
        "None", "IgnoreCase", "Multiline", "ExplicitCapture", "Compiled", "Singleline",
        "IgnorePatternWhitespace", "RightToLeft", "ECMAScript", "CultureInvariant")),
    "io.searchoption": ("System.IO.SearchOption", ("TopDirectoryOnly", "AllDirectories")),
    "management.automation.actionpreference": ("System.Management.Automation.ActionPreference", (
        "SilentlyContinue", "Stop", "Continue", "Inquire", "Ignore", "Suspend", "Break")),
    "management.automation.jobstate": ("System.Management.Automation.JobState", (
        "NotStarted", "Running", "Completed", "Failed", "Stopped", "Blocked", "Suspended", "Disconnected",
        "Suspending", "Stopping", "AtBreakpoint")),
    "management.automation.runspaces.runspacestate": ("System.Management.Automation.Runspaces.RunspaceState", (
        "BeforeOpen", "Opening", "Opened", "Closed", "Closing", "Broken", "Disconnecting", "Disconnected",
        "Connecting")),
    "environmentvariabletarget": ("System.EnvironmentVariableTarget", ("Process", "User", "Machine")),
    "management.automation.errorcategory": ("System.Management.Automation.ErrorCategory", tuple(
        v for k, v in vars(ErrorCategory).items() if k.isupper())),
}

_STATIC_ALIASES = {"psnoteproperty": "management.automation.psnoteproperty", "jobstate": "management.automation.jobstate", "actionpreference":
                 "management.automation.actionpreference", "errorcategory": "management.automation.errorcategory",
                 "regexoptions": "text.regularexpressions.regexoptions"}


# -- constructors (``[type]::new(...)``) for the collection types ------------------------------------------------

def _construct(key: str, args: list[Any]) -> Any:
    if key in ("collections.hashtable", "collections.specialized.ordereddictionary") or \
            key.startswith("collections.generic.dictionary[") or key.startswith(
                "collections.generic.sorteddictionary["):
        table = Hashtable(ordered=key.endswith("ordereddictionary"))
        if args and isinstance(args[0], dict):
            table.update(args[0])
        return table
    if key == "collections.arraylist":
        items = args[0] if args and is_enumerable(args[0]) else []
        return ArrayList(items)
    if key.startswith("collections.generic.list[") or key.startswith("collections.generic.hashset["):
        inner = key[key.index("[") + 1:-1]
        items = args[0] if args and is_enumerable(args[0]) else []
        name = "List" if "list[" in key else "HashSet"
        return ArrayList(items, type_name=f"System.Collections.Generic.{name}[{canonical_type_name(inner)}]",
                         add_returns_index=False)
    if key == "text.stringbuilder":
        return StringBuilder(to_string(args[0]) if args and isinstance(args[0], str) else "")
    if key in ("management.automation.psobject", "management.automation.pscustomobject", "object"):
        return PSObject()
    return _MISSING


# -- lookup ---------------------------------------------------------------------------------------------------------

_REGISTERED = False


def _ensure_registered() -> None:
    global _REGISTERED
    if not _REGISTERED:
        _register_math()
        _register_numbers()
        _register_text()
        _register_dates()
        _register_misc()
        _register_environment()
        _register_io()
        _REGISTERED = True


def _static_key(type_name: str) -> str:
    key = _normalize(type_name)
    return _STATIC_ALIASES.get(key, key)


def _type_not_found(type_name: str) -> PSRuntimeError:
    return PSRuntimeError(ErrorRecord(f"Unable to find type [{type_name}].",
                                      category=ErrorCategory.INVALID_OPERATION, error_id="TypeNotFound",
                                      target=type_name))


def _known(key: str, type_name: str) -> bool:
    from shell.language.conversions import is_known_type
    return key in _STATIC or key in _ENUMS or is_known_type(type_name) or key.startswith("collections.generic.")


def get_static(type_name: str, name: str) -> Any:
    """``[type]::Name``: a static property (``[math]::PI``, ``[int]::MaxValue``, ``[datetime]::Now``)."""
    _ensure_registered()
    key = _static_key(type_name)
    static = _STATIC.get(key)
    if static is not None:
        entry = static.props.get(name.lower())
        if entry is not None:
            return entry[1]()
        return None
    enum = _ENUMS.get(key)
    if enum is not None:
        low = name.lower()
        return next((member for member in enum[1] if member.lower() == low), None)
    if not _known(key, type_name):
        raise _type_not_found(type_name)
    return None


def invoke_static(type_name: str, name: str, args: list[Any] | tuple[Any, ...]) -> Any:
    """``[type]::Name(args)``: a static method (``[math]::Round(2.5)``, ``[string]::Join(',', $a)``)."""
    _ensure_registered()
    args = list(args)
    key = _static_key(type_name)
    low = name.lower()
    static = _STATIC.get(key)
    if static is not None:
        entry = static.methods.get(low)
        if entry is not None:
            return _call_static(entry[1], entry[0], args)
    if low == "new":
        made = _construct(key, args)
        if made is not _MISSING:
            return made
    if static is None and not _known(key, type_name):
        raise _type_not_found(type_name)
    full = static.full_name if static is not None else canonical_type_name(type_name)
    raise _no_method(full, name)


def _call_static(fn: Method, name: str, args: list[Any]) -> Any:
    code = getattr(fn, "__code__", None)
    if code is not None:
        positional = code.co_argcount
        required = positional - len(fn.__defaults__ or ())
        if len(args) < required or (len(args) > positional and not code.co_flags & 0x04):
            raise _no_overload(name, len(args))
    try:
        return fn(*args)
    except MethodError as exc:
        raise _exception_calling(name, len(args), str(exc)) from None
    except PSRuntimeError as exc:
        if exc.record.error_id in ("MethodInvocationException", "MethodCountCouldNotFindBest", "MethodNotFound"):
            raise
        raise _exception_calling(name, len(args), exc.message) from None
    except PipelineStoppedError:
        raise
    except Exception as exc:
        raise _exception_calling(name, len(args), _python_message(exc)) from None
