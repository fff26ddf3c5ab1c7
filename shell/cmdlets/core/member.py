"""Get-Member: the properties and methods of objects, one block per distinct type.

Each member is a MemberDefinition (TypeName, Name, MemberType, Definition); the
console shows them as PowerShell does, under a ``TypeName: System.String`` header
(the table is grouped by TypeName). Members of a PSCustomObject are its note
properties plus the four methods every object has; other objects are described
by ``shell.language.members.member_names``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorRecord
from shell.language.noted import NOTED_TYPES
from shell.language.psobject import PSLive, PSObject

from shell.cmdlets.core.properties import has_wildcard, type_name, wildcard_match

#: The MemberType names Get-Member -MemberType accepts.
MEMBER_TYPES = ("AliasProperty", "CodeProperty", "Property", "NoteProperty", "ScriptProperty",
                "Properties", "PropertySet", "Method", "CodeMethod", "ScriptMethod", "Methods",
                "ParameterizedProperty", "MemberSet", "Event", "Dynamic", "All")

_PROPERTY_KINDS = frozenset(k.lower() for k in ("AliasProperty", "CodeProperty", "Property", "NoteProperty",
                                                 "ScriptProperty"))
_METHOD_KINDS = frozenset(k.lower() for k in ("Method", "CodeMethod", "ScriptMethod"))

#: .NET type names as PowerShell writes them in member definitions.
_SHORT_TYPES = {
    "System.String": "string", "System.Int32": "int", "System.Int64": "long", "System.Double": "double",
    "System.Boolean": "bool", "System.DateTime": "datetime", "System.Collections.Hashtable": "hashtable",
    "System.Management.Automation.ScriptBlock": "scriptblock", "System.Decimal": "decimal",
    "System.Char": "char", "System.Byte": "byte", "System.Single": "float", "System.TimeSpan": "timespan",
    "System.Object[]": "Object[]", "System.Int16": "short", "System.UInt32": "uint", "System.UInt64": "ulong",
    "System.Numerics.BigInteger": "bigint", "System.Void": "void", "System.Object": "System.Object",
}

_OBJECT_METHODS = (
    ("Equals", "bool Equals(System.Object obj)"),
    ("GetHashCode", "int GetHashCode()"),
    ("GetType", "type GetType()"),
    ("ToString", "string ToString()"),
)


class MemberDefinition(PSLive):
    """One member as Get-Member describes it."""

    ps_type_names = ("Microsoft.PowerShell.Commands.MemberDefinition", "System.Object")
    ps_properties = ("TypeName", "Name", "MemberType", "Definition")
    ps_table: ClassVar[tuple[str, ...] | None] = ("Name", "MemberType", "Definition")
    #: Tables of these are grouped under a ``TypeName: ...`` header, as PowerShell shows them.
    ps_group_by: ClassVar[str] = "TypeName"

    # Class-level defaults: PSLive finds PowerShell properties on the class.
    TypeName: str = ""
    Name: str = ""
    MemberType: str = ""
    Definition: str = ""

    def __init__(self, type_name: str, name: str, member_type: str, definition: str) -> None:
        self.TypeName = type_name
        self.Name = name
        self.MemberType = member_type
        self.Definition = definition

    def __str__(self) -> str:
        return self.Definition

    def __repr__(self) -> str:
        return f"MemberDefinition({self.Name!r}, {self.MemberType!r})"


def short_type(full: str) -> str:
    """``System.String`` -> ``string``, as definitions show types."""
    return _SHORT_TYPES.get(full, full)


def _dotnet_string(value: Any) -> str:
    """What .NET's ToString gives (arrays and hashtables show their type name)."""
    from shell.language.conversions import to_string, type_name_of  # noqa: PLC0415
    if value is None:
        return "null"
    if isinstance(value, (list, tuple, dict)):
        return type_name_of(value)
    return to_string(value)


def _value_type(value: Any) -> str:
    if value is None:
        return "object"
    return short_type(type_name(value))


def _note_definition(name: str, value: Any) -> str:
    """A note property's Definition, as PowerShell's PSNoteProperty writes it: ``string Name=web1``.

    A value that carries notes of its own is a PSObject in PowerShell, which names
    it by its first type name, in full (``System.String Name=x``).
    """
    kind = type_name(value) if isinstance(value, NOTED_TYPES) else _value_type(value)
    return f"{kind} {name}={_dotnet_string(value)}"


def members_of(obj: Any) -> list[tuple[str, str, str]]:
    """(Name, MemberType, Definition) for every member of ``obj``."""
    if isinstance(obj, PSObject):
        out = [(name, "Method", definition) for name, definition in _OBJECT_METHODS]
        for name, value in obj.items():
            out.append((name, "NoteProperty", _note_definition(name, value)))
        return out
    from shell.language import members  # noqa: PLC0415
    out = []
    for entry in members.member_names(obj):
        name, kind = entry[0], entry[1]
        out.append((name, kind, _definition(obj, name, kind)))
    return out


_KNOWN_METHODS = dict(_OBJECT_METHODS)

#: Return types of common methods, for their definitions.
_RETURNS = {
    "contains": "bool", "startswith": "bool", "endswith": "bool", "equals": "bool", "isnullorempty": "bool",
    "indexof": "int", "lastindexof": "int", "indexofany": "int", "compareto": "int", "gethashcode": "int",
    "split": "string[]", "tochararray": "char[]", "gettype": "type",
}
_STRING_RESULTS = frozenset((
    "tostring", "toupper", "tolower", "toupperinvariant", "tolowerinvariant", "trim", "trimstart", "trimend",
    "substring", "replace", "padleft", "padright", "insert", "remove", "normalize", "format", "clone",
))


def _definition(obj: Any, name: str, kind: str) -> str:
    """A member's Definition column: ``type Name {get;}``, ``type Name=value`` or ``type Name(args)``."""
    low = kind.lower()
    if "method" in low:
        known = _KNOWN_METHODS.get(name)
        if known is not None:
            return known
        ret = _RETURNS.get(name.lower()) or ("string" if name.lower() in _STRING_RESULTS else "System.Object")
        return f"{ret} {name}({_arguments(obj, name)})"
    from shell.language import members  # noqa: PLC0415
    try:
        value = members.get_member(obj, name)
    except Exception:  # noqa: BLE001 - a property that fails to read still gets listed
        value = None
    if kind == "NoteProperty":
        return _note_definition(name, value)
    settable = "{get;set;}" if isinstance(obj, PSLive) and _settable(obj, name) else "{get;}"
    return f"{_value_type(value)} {name} {settable}"


def _settable(obj: Any, name: str) -> bool:
    attr = None
    for klass in type(obj).__mro__:
        if name in vars(klass):
            attr = vars(klass)[name]
            break
    if isinstance(attr, property):
        return attr.fset is not None
    return not callable(attr)


def _arguments(obj: Any, name: str) -> str:
    """The parameter names of a live object's Python method (``Add(TimeSpan ts)`` style, untyped)."""
    method = None
    for klass in type(obj).__mro__:
        if name in vars(klass):
            method = vars(klass)[name]
            break
    code = getattr(method, "__code__", None)
    if code is None:
        return ""
    names = code.co_varnames[1:code.co_argcount]
    return ", ".join(names)


class GetMember(Cmdlet):
    """Get-Member (alias ``gm``)."""

    name = "Get-Member"
    aliases = ("gm",)
    synopsis = "Gets the properties and methods of objects."
    params = (
        Param("InputObject", "object", pipeline=True, help="The object whose members are listed."),
        Param("Name", "string[]", position=0, help="Only members with these names (wildcards allowed)."),
        Param("MemberType", "string[]", aliases=("Type",), choices=MEMBER_TYPES,
              help="Only members of these kinds (Property, Method, NoteProperty, ...)."),
        Param("View", "string", choices=("Extended", "Adapted", "Base", "All")),
        Param("Static", "switch", help="Static members of the type (not listed by psrepl)."),
        Param("Force", "switch"),
    )
    examples = ("'hello' | Get-Member", "Get-Process | gm -MemberType Property", "$obj | gm -Name *Time")

    def begin(self) -> None:
        self._seen: set[str] = set()
        self._any = False
        kinds = [k.lower() for k in (self.member_type or ())]
        self._kinds = set()
        for kind in kinds:
            if kind == "all":
                self._kinds = set()
                break
            if kind == "properties":
                self._kinds |= _PROPERTY_KINDS
            elif kind == "methods":
                self._kinds |= _METHOD_KINDS
            else:
                self._kinds.add(kind)

    def process(self) -> None:
        if not self.expecting_input and "InputObject" not in self.bound:
            return
        obj = self.input_object
        if obj is None:
            return
        self._any = True
        tname = type_name(obj)
        if tname in self._seen:
            return
        self._seen.add(tname)
        if self.static:
            return
        found = []
        for name, kind, definition in members_of(obj):
            if self._kinds and kind.lower() not in self._kinds:
                continue
            if self.name and not any(wildcard_match(p, name) if has_wildcard(p) else p.lower() == name.lower()
                                     for p in self.name):
                continue
            found.append(MemberDefinition(tname, name, kind, definition))
        # PowerShell lists members by kind, then by name.
        found.sort(key=lambda m: (m.MemberType.lower(), m.Name.lower()))
        out = self._out
        for member in found:
            out(member)

    def end(self) -> None:
        if not self._any:
            self.write_error(ErrorRecord("You must specify an object for the Get-Member cmdlet.",
                                         category="CloseError", error_id="NoObjectInGetMember",
                                         exception_type="System.InvalidOperationException"))

