"""Members of values: properties, methods, indexing, and the static members of .NET types.

PowerShell reaches into .NET objects; psrepl's values are Python objects, so this
module gives each kind of value the members a PowerShell user expects, matched
case-insensitively: ``$s.Length``, ``$s.ToUpper()``, ``$list.Name`` (member
enumeration), ``$h.Keys``, ``$date.AddDays(1)``, ``$job.StopJob()`` (a PSLive's own
Python method), ``[math]::Round(2.5)``.

This module is the API (``get_member``, ``set_member``, ``invoke_method``,
``get_index``, ``set_index``, ``property_names``, ``member_names``, ``get_static``,
``invoke_static``, ``type_info``), property access and method dispatch.  Indexing
is ``members_index`` (re-exported).  The rest lives by topic, imported the first
time it is needed (start-up time matters):

- ``member_methods``: which method table serves a value; ``.ForEach()``/``.Where()``,
  ``GetType()``; the tables are in ``members_string`` (strings, numbers, StringBuilder),
  ``members_collections`` (arrays, ArrayList, hashtables) and ``members_datetime``;
- ``member_calls``: calling a method implementation, and the errors of failed calls;
- ``members_views`` (``$x.PSObject``), ``members_errors`` (``$_.Exception``...),
  ``typeinfo`` (``[int]``, ``GetType()``);
- ``members_static`` and the ``static_*`` modules: ``[type]::Name``;
- ``member_listing``: ``member_names`` (Get-Member, completion).
"""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import Any

from shell.language.conversions import is_enumerable, type_name_of
from shell.language.dotnet_primitives import Char, Long, UnspecifiedDateTime, is_decimal
from shell.language.errors import ErrorRecord, PipelineStoppedError, PSRuntimeError
from shell.language.members_index import dict_get, get_index, set_index
from shell.language.noted import NOTED_TYPES, plain
from shell.language.psobject import PSLive, PSObject, live_attribute
from shell.language.pscollections import ArrayList, Hashtable, StringBuilder
from shell.language.scriptblock import ScriptBlock

__all__ = ["get_member", "set_member", "invoke_method", "get_static", "invoke_static", "get_index",
           "set_index", "property_names", "member_names", "type_info", "PSTypeInfo"]

#: what ``lookup`` returns for a member the value does not have
MISSING: Any = object()

_modules: dict[str, Any] = {}


def _module(name: str) -> Any:
    """``shell.language.<name>``, imported on first use."""
    module = _modules.get(name)
    if module is None:
        module = _modules[name] = importlib.import_module("shell.language." + name)
    return module


#: names this module had before it was split -> the module that now defines them
_MOVED = {
    "PSTypeInfo": "typeinfo", "MethodError": "member_calls", "Method": "member_calls",
    "format_datetime": "members_datetime", "DictionaryEntry": "members_collections",
    "DICTIONARY_ENTRY": "members_collections", "ExceptionInfo": "members_errors",
    "CategoryInfoView": "members_errors", "InvocationInfoView": "members_errors",
    "PSObjectView": "members_views", "PSPropertyInfo": "members_views", "PSPropertyCollection": "members_views",
    "Stopwatch": "static_dates", "Encoding": "static_text",
}


def __getattr__(name: str) -> Any:
    """``members.PSTypeInfo``, ``members.MethodError``...: imported from their modules on first use."""
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(_module(module), name)


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


_SUBCLASS_ATTRS: dict[type, dict[str, str]] = {}


def _subclass_attr(obj: Any, name: str) -> str | None:
    """For a subclass of str/int/float: the attribute its own classes (or the instance) define.

    Only the classes before the built-in base count: ``str``'s and ``int``'s own
    attributes (``real``, ``upper``...) are not PowerShell members.
    """
    cls = type(obj)
    names = _SUBCLASS_ATTRS.get(cls)
    if names is None:
        names = {}
        for klass in cls.__mro__:
            if klass.__module__ == "builtins":
                break
            for attr in vars(klass):
                if not attr.startswith("_"):
                    names.setdefault(attr.lower(), attr)
        _SUBCLASS_ATTRS[cls] = names
    low = name.lower()
    attr = names.get(low)
    if attr is not None:
        return attr
    fields = getattr(obj, "__dict__", None)
    if fields:
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
        return _module("members_views").PSObjectView(obj)
    if low == "pstypenames":
        return _module("members_views").PSObjectView(obj).TypeNames
    return MISSING


def lookup(obj: Any, name: str) -> Any:
    """The member's value, or MISSING when the object has no such property."""
    t = type(obj)
    if t is PSObject:
        value = obj.get(name, MISSING)
        if value is not MISSING:
            return value
        return _intrinsic(obj, name)
    if t is Hashtable:
        value = obj.get(name, MISSING)
        if value is not MISSING:
            return value
        return _dict_property(obj, name)
    if t is list or t is tuple:
        return _list_property(obj, name)
    if t is str:
        if name.lower() == "length":
            return len(obj)
        return _intrinsic(obj, name)
    if obj is None:
        # $null.Count is 0 (PowerShell 3+): "how many did I get" works for no result too.
        low = name.lower()
        return 0 if low == "count" or low == "length" else MISSING
    if t is datetime or t is UnspecifiedDateTime:
        getter = (_DATETIME_PROPS or _load_datetime_props()).get(name.lower())
        return getter(obj) if getter is not None else _intrinsic(obj, name)
    if t is ErrorRecord:
        getter = _module("members_errors").ERROR_PROPS.get(name.lower())
        return getter(obj) if getter is not None else _intrinsic(obj, name)
    if isinstance(obj, dict):
        value = dict_get(obj, name, MISSING)
        return value if value is not MISSING else _dict_property(obj, name)
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
        if t is not int and t is not float and t is not bool and t is not Char and t is not Long:
            # A subclass (a string tagged with PSComputerName, say): its own properties come
            # before the members of the value it is.
            attr = _subclass_attr(obj, name)
            if attr is not None and not _is_method(t, attr):
                return getattr(obj, attr)
            if isinstance(obj, str) and name.lower() == "length":
                return len(obj)
        return _intrinsic(obj, name)
    if is_decimal(obj):
        return _intrinsic(obj, name)   # not decimal.Decimal's Python attributes (real, imag...)
    attr = _live_attr(obj, name)
    if attr is not None and not _is_method(type(obj), attr):
        return getattr(obj, attr)
    return _intrinsic(obj, name)


_DATETIME_PROPS: dict[str, Any] | None = None   # members_datetime's, imported on first use


def _load_datetime_props() -> dict[str, Any]:
    global _DATETIME_PROPS
    _DATETIME_PROPS = _module("members_datetime").DATETIME_PROPS
    return _DATETIME_PROPS


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
    return _intrinsic(obj, name) if low not in ("count", "length") else MISSING


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
        return _module("members_views").PSObjectView(obj)
    return _member_enumerate(obj, name)


def _member_enumerate(items: Any, name: str) -> Any:
    """``$list.Name``: each element's Name, flattened; one result unwraps; none is $null."""
    out: list[Any] = []
    for item in items:
        if item is None:
            continue
        value = lookup(item, name)
        if value is MISSING or value is None:
            continue
        if type(value) is list or is_enumerable(value):
            out.extend(value)
        else:
            out.append(value)
    if not out:
        return MISSING
    return out[0] if len(out) == 1 else out


def get_member(obj: Any, name: str) -> Any:
    """``obj.name``: the property's value; $null when there is none (as PowerShell without strict mode)."""
    if type(obj) is PSObject:
        value = obj.get(name, MISSING)
        if value is not MISSING:
            return value
    value = lookup(obj, name)
    return None if value is MISSING else value


def set_member(obj: Any, name: str, value: Any) -> None:
    """``obj.name = value``: a PSObject property that exists, a hashtable key, a settable attribute."""
    t = type(obj)
    if t is PSObject:
        if not obj.replace(name, value):
            raise _module("member_calls").property_not_found(name)
        return
    if t is Hashtable:
        obj[name] = value
        return
    if isinstance(obj, dict):
        real = next((k for k in obj if isinstance(k, str) and k.lower() == name.lower()), name)
        obj[real] = value
        return
    calls = _module("member_calls")
    if isinstance(obj, NOTED_TYPES):
        # A note property of a value that carries notes (noted.py) is settable, as PowerShell's are.
        attr = _subclass_attr(obj, name)
        if attr is not None and not _is_method(t, attr):
            setattr(obj, attr, value)
            return
    if obj is None or isinstance(obj, (str, int, float, list, tuple, datetime)):
        if lookup(obj, name) is not MISSING and obj is not None:
            raise calls.member_error(f"'{name}' is a ReadOnly property.", "PropertyAssignmentException")
        raise calls.property_not_found(name)
    attr = _live_attr(obj, name)
    if attr is None or _is_method(type(obj), attr):
        raise calls.property_not_found(name)
    member = getattr(type(obj), attr, None)
    if isinstance(member, property) and member.fset is None:
        raise calls.member_error(f"'{name}' is a ReadOnly property.", "PropertyAssignmentException")
    setattr(obj, attr, value)


# -- methods ---------------------------------------------------------------------------------------------

def _live_method(obj: Any, name: str, args: list[Any]) -> Any:
    """A PSLive's own Python method (``$job.StopJob()``), or MISSING when it has none."""
    attr = live_attribute(obj, name)
    if attr is None or not _is_method(type(obj), attr):
        return MISSING
    bound = getattr(obj, attr)
    calls = _module("member_calls")
    try:
        return bound(*args)
    except TypeError as exc:
        # Most often a wrong argument count: report it as PowerShell does.
        if "argument" in str(exc) and "positional" in str(exc) or "required" in str(exc):
            raise calls.no_overload(name, len(args)) from None
        raise calls.exception_calling(name, len(args), str(exc)) from None
    except calls.MethodError as exc:
        raise calls.exception_calling(name, len(args), str(exc)) from None
    except (PSRuntimeError, PipelineStoppedError):
        raise
    except Exception as exc:  # a live object's own failure, reported as PowerShell reports .NET's
        raise calls.exception_calling(name, len(args), calls.python_message(exc)) from None


_PLAIN_TYPES = frozenset((int, float, str, bool, list, tuple, dict, datetime, UnspecifiedDateTime))

# member_methods (and with it the method tables) is imported by the first method call;
# _load_methods() binds what the dispatch uses to these globals.
_methods: Any = None
_EXACT_TABLES: dict[type, Any] = {}
_call_method: Any = None


def invoke_method(obj: Any, name: str, args: list[Any] | tuple[Any, ...]) -> Any:
    """``obj.name(args)``: the method PowerShell would call, matched case-insensitively."""
    args = list(args)
    low = name.lower()
    if obj is None:
        raise _module("member_calls").member_error("You cannot call a method on a null-valued expression.",
                                                   "InvokeMethodOnNull")
    if _call_method is None:
        _load_methods()
    table = _EXACT_TABLES.get(type(obj))
    if table is not None:
        entry = table.get(low)
        if entry is not None:
            return _call_method(entry[1], obj, entry[0], args)
    elif type(obj) is PSObject:
        member = obj.get(name, MISSING)
        if isinstance(member, ScriptBlock):
            return _methods.unwrap(member.invoke(*args))
        if low == "tostring" and not args:
            return str(obj)
    else:
        if isinstance(obj, NOTED_TYPES):
            # The value's own method, called on the plain value as PowerShell calls it on the
            # base object (``.Equals``, ``.Clone()``, ``.ToString()``...): its result has no notes.
            return invoke_method(plain(obj), name, args)
        if type(obj) not in _PLAIN_TYPES:
            result = _live_method(obj, name, args)
            if result is not MISSING:
                return result
        table = _methods.table_for(obj)
        if table is not None:
            entry = table.get(low)
            if entry is not None:
                return _call_method(entry[1], obj, entry[0], args)
    entry = _methods.COMMON_METHODS.get(low)
    if entry is not None:
        return _call_method(entry[1], obj, entry[0], args)
    raise _module("member_calls").no_method(type_name_of(obj), name)


def _load_methods() -> Any:
    global _methods, _EXACT_TABLES, _call_method
    methods = _module("member_methods")
    _EXACT_TABLES = methods.EXACT_TABLES
    _call_method = methods.call_method
    _methods = methods
    return methods


# -- property and member listings ------------------------------------------------------------------------

def property_names(obj: Any) -> list[str]:
    """The ordered properties a formatter shows (none for scalars, strings and hashtables)."""
    t = type(obj)
    if t is PSObject:
        return obj.names()
    if isinstance(obj, PSLive):
        return list(obj.ps_properties)
    if t is datetime or isinstance(obj, datetime):
        return list(_module("members_datetime").DATETIME_DISPLAY)
    if isinstance(obj, ErrorRecord):
        return list(_module("members_errors").ERROR_DISPLAY)
    return []


def member_names(obj: Any) -> list[tuple[str, str]]:
    """(name, MemberType) pairs for Get-Member and tab completion (``member_listing``)."""
    listed = _module("member_listing").member_names(obj)
    if isinstance(obj, NOTED_TYPES):
        # A value that carries notes (noted.py): its note properties, then the value's members.
        return [(name, "NoteProperty") for name in vars(obj) if not name.startswith("_")] + listed
    return listed


# -- types and their static members ---------------------------------------------------------------------

_typeinfo: Any = None   # typeinfo, imported by the first type literal
_statics: Any = None    # members_static, imported by the first [type]::


def type_info(type_name: str) -> Any:
    """What the type literal ``[type_name]`` evaluates to: the type object (a ``PSTypeInfo``).

    It shows as its full name and has ``Name`` and ``FullName`` (``[int]`` ->
    System.Int32, Int32); see ``typeinfo.type_info`` for how names resolve.
    """
    global _typeinfo
    if _typeinfo is None:
        _typeinfo = _module("typeinfo")
    return _typeinfo.type_info(type_name)


def get_static(type_name: str, name: str) -> Any:
    """``[type]::Name``: a static property (``[math]::PI``, ``[int]::MaxValue``, ``[datetime]::Now``)."""
    global _statics
    if _statics is None:
        _statics = _module("members_static")
    return _statics.get_static(type_name, name)


def invoke_static(type_name: str, name: str, args: list[Any] | tuple[Any, ...]) -> Any:
    """``[type]::Name(args)``: a static method (``[math]::Round(2.5)``, ``[string]::Join(',', $a)``)."""
    global _statics
    if _statics is None:
        _statics = _module("members_static")
    return _statics.invoke_static(type_name, name, args)
