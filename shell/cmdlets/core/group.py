"""Group-Object: groups objects that have the same value for the given properties.

The result is one GroupInfo per group (Count, Name, Group, Values), shown as the
table ``Count Name Group``; with -NoElement the Group is left out; with
-AsHashTable a single hashtable maps each value to its objects. As in PowerShell 7,
when every key has the same type the groups come out sorted; otherwise in the
order their first object arrived.
"""

from __future__ import annotations

from functools import cmp_to_key
from typing import Any, ClassVar

from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory
from shell.language.psobject import PSLive

from shell.cmdlets.core.properties import MISSING, PropertySpec, evaluate, parse_specs


class GroupInfo(PSLive):
    """One group: how many, the key as text, the objects, and the key values."""

    ps_type_names = ("Microsoft.PowerShell.Commands.GroupInfo", "System.Object")
    ps_properties = ("Count", "Name", "Group", "Values")
    ps_table: ClassVar[tuple[str, ...] | None] = ("Count", "Name", "Group")

    # Class-level defaults: PSLive finds PowerShell properties on the class.
    Name: str = ""
    Values: list[Any] = []
    Group: list[Any] = []

    def __init__(self, name: str, values: list[Any]) -> None:
        self.Name = name
        self.Values = values
        self.Group: list[Any] = []
        self._count = 0

    @property
    def Count(self) -> int:  # noqa: N802 - PowerShell's property name
        """How many objects are in the group."""
        return self._count

    def add(self, item: Any) -> None:
        """Add an object to the group."""
        self.Group.append(item)
        self._count += 1

    def __str__(self) -> str:
        return self.ps_type_names[0]

    def __repr__(self) -> str:
        return f"GroupInfo({self.Name!r}, count={self._count})"


class GroupInfoNoElement(GroupInfo):
    """A group without its objects (Group-Object -NoElement)."""

    ps_type_names = ("Microsoft.PowerShell.Commands.GroupInfoNoElement",
                     "Microsoft.PowerShell.Commands.GroupInfo", "System.Object")
    ps_table = ("Count", "Name")

    def add(self, item: Any) -> None:
        """Count the object without keeping it."""
        self._count += 1


class GroupObject(Cmdlet):
    """Group-Object (alias ``group``)."""

    name = "Group-Object"
    aliases = ("group",)
    synopsis = "Groups objects that contain the same value for specified properties."
    params = (
        Param("InputObject", "object", pipeline=True, help="The objects to group."),
        Param("Property", "object[]", position=0, help="Properties (or script blocks) to group by."),
        Param("NoElement", "switch", help="Leaves the objects out of the results."),
        Param("AsHashTable", "switch", aliases=("AHT",), help="Returns a hashtable: value -> objects."),
        Param("AsString", "switch", help="With -AsHashTable, the keys are strings."),
        Param("CaseSensitive", "switch", help="Values that differ only in case are different groups."),
        Param("Culture", "string"),
    )
    examples = ("Get-Process | Group-Object ProcessName | Sort-Object Count -Descending",
                "'a','b','a' | group", "$files | Group-Object Extension -NoElement",
                "$h = $people | Group-Object Team -AsHashTable")

    def begin(self) -> None:
        if self.as_string and not self.as_hash_table:
            self.throw("The command cannot be run because the AsString parameter requires that you specify "
                       "the AsHashtable parameter.", category=ErrorCategory.INVALID_ARGUMENT,
                       error_id="ArgumentException")
        self._specs: list[PropertySpec] = parse_specs(self, self.property, allowed=("expression",))
        if self.as_hash_table and not self.as_string and len(self._specs) > 1:
            self.throw("The command cannot be run because using the AsHashTable parameter with more than one "
                       "property requires adding the AsString parameter.",
                       category=ErrorCategory.INVALID_ARGUMENT, error_id="ArgumentException")
        self._entries: list[tuple[list[Any], Any]] = []

    def process(self) -> None:
        if not self.expecting_input and "InputObject" not in self.bound:
            return
        item = self.input_object
        if item is None:
            return
        if self._specs:
            keys = []
            for spec in self._specs:
                value = evaluate(self, spec, item)
                keys.append(None if value is MISSING else value)
        else:
            keys = [item]
        self._entries.append((keys, item))
        if len(self._entries) & 4095 == 0:
            self.check_stopping()

    def end(self) -> None:
        if not self._entries:
            return
        groups = self._group(self._entries)
        if self.as_hash_table:
            self._out(self._table(groups))
            return
        out = self._out
        for group in groups:
            out(group)

    def _group(self, entries: list[tuple[list[Any], Any]]) -> list[GroupInfo]:
        from shell.language.conversions import to_string  # noqa: PLC0415
        from shell.language.operations import compare_values  # noqa: PLC0415
        case = bool(self.case_sensitive)
        cls = GroupInfoNoElement if self.no_element else GroupInfo

        def same(a: list[Any], b: list[Any]) -> bool:
            return all(compare_values(x, y, case) == 0 for x, y in zip(a, b))

        groups: list[GroupInfo] = []
        if _uniform_types(entries):
            def compare(a: tuple[list[Any], Any], b: tuple[list[Any], Any]) -> int:
                for x, y in zip(a[0], b[0]):
                    c = compare_values(x, y, case)
                    if c:
                        return c
                return 0
            ordered = sorted(entries, key=cmp_to_key(compare))
            for keys, item in ordered:
                if groups and same(groups[-1].Values, keys):
                    groups[-1].add(item)
                    continue
                group = cls(_name(keys, to_string), keys)
                group.add(item)
                groups.append(group)
            return groups
        index: dict[Any, GroupInfo] = {}
        for keys, item in entries:
            fast = _fast_key(keys, case)
            group = index.get(fast) if fast is not None else None
            if group is None:
                group = next((g for g in groups if same(g.Values, keys)), None)
            if group is None:
                group = cls(_name(keys, to_string), keys)
                groups.append(group)
            if fast is not None:
                index[fast] = group
            group.add(item)
        return groups

    def _table(self, groups: list[GroupInfo]) -> Any:
        from shell.language.pscollections import Hashtable  # noqa: PLC0415
        table = Hashtable()
        for group in groups:
            key = group.Name if self.as_string else group.Values[0]
            if key in table:
                self.write_error("The objects grouped by this property cannot be expanded because there is a "
                                 "key duplication. Provide a valid value for the property, and then try again.",
                                 category=ErrorCategory.INVALID_ARGUMENT, error_id="InvalidOperation")
                return None
            table[key] = group.Group if not self.no_element else []
        return table


def _name(keys: list[Any], to_string: Any) -> str:
    return ", ".join(to_string(k) for k in keys)


def _uniform_types(entries: list[tuple[list[Any], Any]]) -> bool:
    """Whether every key position holds values of one type (None aside), as PowerShell checks."""
    width = len(entries[0][0])
    types: list[type | None] = [None] * width
    for keys, _ in entries:
        if len(keys) != width:
            return False
        for i, value in enumerate(keys):
            if value is None:
                continue
            t = type(value)
            if types[i] is None:
                types[i] = t
            elif types[i] is not t:
                return False
    return True


def _fast_key(keys: list[Any], case_sensitive: bool) -> Any:
    """A hashable key for values that compare equal exactly when their keys are equal, else None."""
    out = []
    for value in keys:
        t = type(value)
        if t is str:
            out.append(value if case_sensitive else value.lower())
        elif value is None or t is int or t is bool:
            out.append((t.__name__, value))
        else:
            return None
    return tuple(out)
