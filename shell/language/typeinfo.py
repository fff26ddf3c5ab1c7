"""Type objects: what ``[int]`` and ``$x.GetType()`` evaluate to.

``type_info('int')`` is the value of the type literal ``[int]``: a ``PSTypeInfo``
showing as its full name (``System.Int32``) with ``Name``, ``FullName``,
``Namespace``, ``BaseType``, ``IsArray``; two type objects are equal when their full
names are.  ``type_of(value)`` is ``value.GetType()``.  Imported on first use.
"""

from __future__ import annotations

from typing import Any

from shell.language.conversions import canonical_type_name, is_known_type, type_names_of
from shell.language.psobject import PSLive

__all__ = ["PSTypeInfo", "type_info", "type_of"]


_BASES = {
    "System.Int32": "System.ValueType", "System.Int64": "System.ValueType", "System.Double": "System.ValueType",
    "System.Boolean": "System.ValueType", "System.DateTime": "System.ValueType",
    "System.TimeSpan": "System.ValueType", "System.Char": "System.ValueType", "System.Guid": "System.ValueType",
    "System.Decimal": "System.ValueType", "System.Single": "System.ValueType", "System.Byte": "System.ValueType",
    "System.Int16": "System.ValueType", "System.UInt32": "System.ValueType", "System.UInt64": "System.ValueType",
    "System.ValueType": "System.Object", "System.Object[]": "System.Array", "System.Array": "System.Object",
    "System.String": "System.Object", "System.Management.Automation.PSReference": "System.Object",
}


class PSTypeInfo(PSLive):
    """What ``GetType()`` and ``[type]`` give: shows as its full name; ``.Name``, ``.FullName``."""

    ps_type_names = ("System.RuntimeType", "System.Reflection.TypeInfo", "System.Type", "System.Object")
    ps_properties = ("IsPublic", "IsSerial", "Name", "BaseType", "FullName", "Namespace")
    ps_table = ("IsPublic", "IsSerial", "Name", "BaseType")

    def __init__(self, full_name: str, base: str | None = None) -> None:
        self.FullName = full_name
        self._base = base if base is not None else _BASES.get(full_name) or _base_of(full_name)
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


def _base_of(full_name: str) -> str:
    if full_name.endswith("Exception"):
        from shell.language.dotnet_exceptions import exception_chain
        chain = exception_chain(full_name)
        return chain[1] if len(chain) > 1 else "System.Object"
    return "System.Object"


_FULL_NAMES: dict[str, str] = {}   # a type name as written -> its full name


def type_info(type_name: str) -> PSTypeInfo:
    """What the type literal ``[type_name]`` evaluates to: the type object, with Name and FullName.

    ``type_info('int')`` is System.Int32 (``.Name`` Int32); an accelerator or a name
    without ``System.`` gives the full .NET name (``[hashtable]``, ``[regex]``,
    ``[math]`` -> System.Math, ``[StringComparison]`` -> System.StringComparison).  A
    name psrepl does not know is kept as written (``System.`` is prefixed to a name
    without a namespace): psrepl knows only part of .NET, so ``-is [Some.Type]`` must
    still evaluate its right side.  Each evaluation gives a new object.
    """
    full = _FULL_NAMES.get(type_name)
    if full is None:
        full = _FULL_NAMES[type_name] = _full_name(type_name)
    return PSTypeInfo(full)


def _full_name(type_name: str) -> str:
    if not is_known_type(type_name):
        # Static-only types ([math], [Environment], enums) are spelt as their table says.
        from shell.language.members_static import static_type_name
        full = static_type_name(type_name)
        if full is not None:
            return full
    return canonical_type_name(type_name)


def type_of(value: Any) -> PSTypeInfo:
    """``value.GetType()``: the type object of a value's most derived type."""
    chain = type_names_of(value)
    return PSTypeInfo(chain[0], chain[1] if len(chain) > 1 else "System.Object")
