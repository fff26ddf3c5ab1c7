"""Static members of .NET types: ``[math]::Round(2.5)``, ``[int]::MaxValue``, ``[datetime]::Now``.

``get_static``/``invoke_static`` (re-exported by ``members``) look the type up in a
registry of static types.  Each ``static_*`` module declares its types with ``define``
when its ``register()`` runs, which happens the first time one of its types is used
(``_DECLARED_IN`` says which module declares which type): ``[math]::Max`` imports
``static_math`` only.  Enums (``[StringComparison]::OrdinalIgnoreCase``) are their
member names as strings; ``[type]::new()`` builds the collection types and the
.NET exceptions (``dotnet_exceptions``).  This module is imported on the first
``[type]::`` access.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

from shell.language.conversions import _normalize, canonical_type_name, is_enumerable, is_known_type, to_string
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.member_calls import Method, call_static, no_method
from shell.language.psobject import PSObject
from shell.language.pscollections import ArrayList, Hashtable, StringBuilder

__all__ = ["define", "get_static", "invoke_static", "static_type_name"]

MISSING: Any = object()


# -- the registry --------------------------------------------------------------------------------

class _StaticType:
    """The static surface of one .NET type: properties (thunks) and methods, by lower-case name."""

    __slots__ = ("full_name", "props", "methods")

    def __init__(self, full_name: str, props: dict[str, Callable[[], Any]],
                 methods: dict[str, Method]) -> None:
        self.full_name = full_name
        self.props = {name.lower(): (name, fn) for name, fn in props.items()}
        self.methods = {name.lower(): (name, fn) for name, fn in methods.items()}


_STATIC: dict[str, _StaticType] = {}

#: the module that declares each static type (by normalized name)
_DECLARED_IN: dict[str, str] = {
    key: module for module, keys in {
        "static_math": ("math", "int32", "int64", "int16", "byte", "sbyte", "uint16", "uint32", "uint64",
                        "double", "single", "decimal", "boolean"),
        "static_text": ("string", "char", "text.regularexpressions.regex", "convert", "text.encoding"),
        "static_dates": ("datetime", "timespan", "diagnostics.stopwatch"),
        "static_system": ("environment", "guid", "version", "array", "management.automation.psnoteproperty",
                          "net.dns", "management.automation.scriptblock"),
        "static_io": ("io.path", "io.file", "io.directory"),
    }.items() for key in keys
}


def define(key: str, full_name: str, props: dict[str, Callable[[], Any]] | None = None,
           methods: dict[str, Method] | None = None) -> None:
    """Declare the static type ``[key]`` (a normalized name): its full name, properties and methods.

    ``props`` are thunks (``[datetime]::Now`` is computed when read); ``methods`` take
    the arguments of the call.
    """
    if key not in _DECLARED_IN:   # a new type must be listed, or it would never be loaded
        raise KeyError(f"static type {key!r} is not listed in members_static._DECLARED_IN")
    _STATIC[key] = _StaticType(full_name, props or {}, methods or {})


def _static_type(key: str) -> _StaticType | None:
    """The static type ``key``, its module's ``register()`` run on first use; None if there is none."""
    static = _STATIC.get(key)
    if static is None:
        module = _DECLARED_IN.get(key)
        if module is not None:
            importlib.import_module("shell.language." + module).register()
            static = _STATIC.get(key)
    return static


# -- enums: [StringComparison]::OrdinalIgnoreCase is its name as a string -----------------------

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

_STATIC_ALIASES = {
    "psnoteproperty": "management.automation.psnoteproperty", "jobstate": "management.automation.jobstate",
    "actionpreference": "management.automation.actionpreference",
    "errorcategory": "management.automation.errorcategory", "regexoptions": "text.regularexpressions.regexoptions",
}


# -- constructors (``[type]::new(...)``) for the collection types ----------------------------------

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
    if key.endswith("exception"):
        from shell.language.dotnet_exceptions import construct_exception
        made = construct_exception(key, args)
        if made is not None:
            return made
    return MISSING


# -- lookup --------------------------------------------------------------------------------------

def _static_key(type_name: str) -> str:
    key = _normalize(type_name)
    return _STATIC_ALIASES.get(key, key)


def _type_not_found(type_name: str) -> PSRuntimeError:
    return PSRuntimeError(ErrorRecord(f"Unable to find type [{type_name}].",
                                      category=ErrorCategory.INVALID_OPERATION, error_id="TypeNotFound",
                                      target=type_name))


def _known(key: str, type_name: str) -> bool:
    return key in _DECLARED_IN or key in _ENUMS or is_known_type(type_name) or key.startswith("collections.generic.")


def static_type_name(type_name: str) -> str | None:
    """The full name of a static-only type or enum (``'math'`` -> ``'System.Math'``), or None."""
    key = _static_key(type_name)
    static = _static_type(key)
    if static is not None:
        return static.full_name
    enum = _ENUMS.get(key)
    return enum[0] if enum is not None else None


def get_static(type_name: str, name: str) -> Any:
    """``[type]::Name``: a static property (``[math]::PI``, ``[int]::MaxValue``, ``[datetime]::Now``)."""
    key = _static_key(type_name)
    static = _static_type(key)
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
    args = list(args)
    key = _static_key(type_name)
    low = name.lower()
    static = _static_type(key)
    if static is not None:
        entry = static.methods.get(low)
        if entry is not None:
            return call_static(entry[1], entry[0], args)
    if low == "new":
        made = _construct(key, args)
        if made is not MISSING:
            return made
    if static is None and not _known(key, type_name):
        raise _type_not_found(type_name)
    full = static.full_name if static is not None else canonical_type_name(type_name)
    raise no_method(full, name)
