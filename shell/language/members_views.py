"""``$x.PSObject``: the adapter's view of a value, and its ``.Properties`` collection.

``$obj.PSObject.Properties`` lists PSPropertyInfo entries whose ``Value`` reads and
writes the live property; ``.Add([psnoteproperty]::new(...))`` adds a note property
to a PSObject.  ``$x.PSTypeNames`` is ``$x.PSObject.TypeNames``.  Imported the first
time a script asks for ``.PSObject``.
"""

from __future__ import annotations

from typing import Any

from shell.language.conversions import to_string, type_name_of, type_names_of
from shell.language.member_calls import MethodError
from shell.language.members import get_member, member_names, property_names, set_member
from shell.language.psobject import PSLive, PSObject
from shell.language.pscollections import ArrayList

__all__ = ["PSObjectView", "PSPropertyInfo", "PSPropertyCollection"]

_MISSING: Any = object()


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

    def ps_name_index(self, name: str) -> PSPropertyInfo | None:
        """``$props['Name']``: indexing by a string finds the property by name (members.get_index)."""
        return self.by_name(name)

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
        from shell.language.regex import wildcard_regex
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
