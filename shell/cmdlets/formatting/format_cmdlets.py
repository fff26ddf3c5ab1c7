"""Format-Table, Format-List and Format-Wide.

Each decides a view (the columns, the cell texts) and emits format objects
(shell.cmdlets.formatting.formatdata) that the Out-* cmdlets lay out at their
width. Values with no properties to show (strings, numbers) pass through
unchanged, so ``'a' | Format-Table`` still shows ``a``. As in PowerShell, the
first object of a type shown by its own properties decides the columns of the
later ones of that type, and a wildcard that matches no property gives no column.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from shell.language.cmdlet import Cmdlet, Param
from shell.language.psobject import PSCUSTOMOBJECT, PSObject

from shell.cmdlets.formatting.fixed_columns import HASHTABLE_WIDTHS
from shell.cmdlets.formatting.formatdata import ListData, TableData, WideData
from shell.cmdlets.formatting.properties import Column, format_cell, resolve
from shell.cmdlets.formatting.table import LEFT, RIGHT
from shell.cmdlets.formatting.values import (cell_text, get_value, heading_text, is_empty,
                                             is_number, property_names, scalar_text)
from shell.cmdlets.formatting.views import TABLE, view_of

_SCALARS = (str, int, float, bool, _dt.datetime)


def _flatten(value: Any, into: list[Any]) -> None:
    if isinstance(value, (list, tuple)):
        for item in value:
            _flatten(item, into)
    elif value is not None:
        into.append(value)


class _Collecting(Cmdlet):
    """Shared by the Format-* cmdlets: gathers the input objects."""

    def begin(self) -> None:
        self._items: list[Any] = []

    def process(self) -> None:
        _flatten(self.input_object, self._items)


def _specs(value: Any) -> list[Any] | None:
    if value is None:
        return None
    return list(value) if isinstance(value, (list, tuple)) else [value]


class FormatTable(_Collecting):
    """Format-Table: shows objects as a table of the chosen properties."""

    name = "Format-Table"
    aliases = ("ft",)
    synopsis = "Formats the output as a table."
    params = (
        Param("Property", "object[]", position=0,
              help="Properties to show: names, wildcards, or @{Name=..; Expression={..}} tables."),
        Param("InputObject", "object", pipeline=True, help="The objects to format."),
        Param("AutoSize", "switch",
              help="Sizes every column to its content (also those a view gives a fixed width)."),
        Param("HideTableHeaders", "switch", help="Leaves out the header and the dashes."),
        Param("Wrap", "switch", help="Continues long values on the next lines instead of cutting them."),
        Param("GroupBy", "object", help="Starts a new table, with a heading, when this property changes."),
    )
    examples = ("Get-Job | Format-Table Id, Name, State",
                "Get-ChildItem | Format-Table Name, @{Name='KB'; Expression={$_.Length / 1KB}; FormatString='N1'}",
                "Get-Job | Format-Table -GroupBy State")

    def end(self) -> None:
        specs = _specs(self.property)
        fixed_columns: list[Column] | None = None
        group_column: Column | None = None
        group_specs = _specs(self.group_by)
        table: TableData | None = None
        key: tuple | None = None
        # The columns of the first object of each type shown by its own properties.
        type_columns: dict[Any, list[Column]] = {}
        for obj in self._items:
            if group_column is None and group_specs:
                # A -GroupBy wildcard that matches nothing groups nothing (no heading).
                found = resolve(self, group_specs, obj)
                group_column = found[0] if found else None
            group = None
            if group_column is not None:
                group = f"   {group_column.name}: {cell_text(group_column.value(self, obj))}"
            if isinstance(obj, dict) and not specs:
                name_width = None if self.auto_size else HASHTABLE_WIDTHS[0]
                columns = [Column("Name", "Name", width=name_width, alignment=LEFT),
                           Column("Value", "Value", alignment=LEFT)]
                rows = [[scalar_text(k), v] for k, v in obj.items()]
            elif specs:
                if fixed_columns is None:
                    fixed_columns = resolve(self, specs, obj)
                columns = fixed_columns
                rows = [[c.value(self, obj) for c in columns]]
            else:
                found_columns = self._view_columns(obj, bool(self.auto_size))
                if found_columns is None:
                    table = self._flush(table)
                    self.write(obj)
                    continue
                columns, own = found_columns
                if own:
                    columns = type_columns.setdefault(_type_key(obj), columns)
                if group is None:
                    group = self._view_group(obj)
                rows = [[c.value(self, obj) for c in columns]]
            new_key = (tuple(c.name.lower() for c in columns), group)
            if table is None or new_key != key:
                table = self._flush(table)
                key = new_key
                fixed = [c.width for c in columns] if any(c.width for c in columns) else None
                table = TableData([c.name for c in columns], [], [c.alignment or "" for c in columns],
                                  wrap=bool(self.wrap), hide_headers=bool(self.hide_table_headers),
                                  fixed=fixed, group=group)
            aligns = table.aligns
            for row in rows:
                # A column is right-aligned when its first non-empty raw value is a number
                # (so a formatted number stays right-aligned, and an empty cell decides nothing).
                for i, value in enumerate(row):
                    if not aligns[i] and not is_empty(value):
                        aligns[i] = RIGHT if is_number(value) else LEFT
                table.rows.append([cell_text(format_cell(c, v)) for c, v in zip(columns, row)])
        self._flush(table)

    @staticmethod
    def _view_columns(obj: Any, auto_size: bool) -> tuple[list[Column], bool] | None:
        """The columns of ``obj``'s default view, and whether they are its own properties
        (no declared view); None when it shows as itself (a scalar). ``auto_size`` leaves
        out the view's fixed widths."""
        if isinstance(obj, _SCALARS):
            return None
        view = view_of(obj)
        if view is None:
            # An object shown as its string form (a MatchInfo) still has properties to tabulate.
            names = property_names(obj)
            return ([Column(n, n) for n in names], False) if names else None
        if view.kind != TABLE:
            # Without a table view (more than 4 properties) every property is a column.
            return [Column(n, n) for n in property_names(obj)], view.auto
        formats = view.formats or [None] * len(view.columns)
        widths = view.widths if view.widths and not auto_size else [None] * len(view.columns)
        aligns = view.aligns or [""] * len(view.columns)
        return [Column(label, name, width=width, alignment=align or None, format_string=fmt)
                for label, name, fmt, width, align
                in zip(view.labels, view.columns, formats, widths, aligns)], view.auto

    @staticmethod
    def _view_group(obj: Any) -> str | None:
        """The heading of ``obj``'s group when its view groups (``ps_group_by``)."""
        view = None if isinstance(obj, _SCALARS) else view_of(obj)
        if view is None or view.group is None:
            return None
        prefix, prop = view.group
        return prefix + heading_text(get_value(obj, prop))

    def _flush(self, table: TableData | None) -> None:
        if table is not None and table.rows:
            table.aligns = [a or LEFT for a in table.aligns]
            self.write(table)
        return None


class FormatList(Cmdlet):
    """Format-List: shows each object as a list of ``Name : value`` lines."""

    name = "Format-List"
    aliases = ("fl",)
    synopsis = "Formats the output as a list of properties, each on its own line."
    params = (
        Param("Property", "object[]", position=0,
              help="Properties to show: names, wildcards (* for all), or calculated properties."),
        Param("InputObject", "object", pipeline=True, help="The objects to format."),
    )
    examples = ("Get-Job | Format-List *", "Get-Date | Format-List Year, Month, Day")

    def process(self) -> None:
        items: list[Any] = []
        _flatten(self.input_object, items)
        specs = _specs(self.property)
        for obj in items:
            if isinstance(obj, dict) and not specs:
                self.write(ListData([[("Name", scalar_text(k)), ("Value", cell_text(v))]
                                     for k, v in obj.items()]))
                continue
            if specs:
                columns = resolve(self, specs, obj)
            else:
                names = [] if isinstance(obj, (str, int, float, bool)) else property_names(obj)
                columns = [Column(n, n) for n in names]
            if not columns:
                self.write(obj)
                continue
            pairs = [(c.name, cell_text(format_cell(c, c.value(self, obj)))) for c in columns]
            self.write(ListData([pairs]))


class FormatWide(_Collecting):
    """Format-Wide: shows one property of each object, several objects to a line."""

    name = "Format-Wide"
    aliases = ("fw",)
    synopsis = "Formats objects as a wide table that shows one property of each."
    params = (
        Param("Property", "object", position=0, help="The property to show (default: the first)."),
        Param("InputObject", "object", pipeline=True, help="The objects to format."),
        Param("Column", "int", help="How many columns (default 2)."),
        Param("AutoSize", "switch", help="As many columns as fit."),
    )
    examples = ("Get-ChildItem | Format-Wide Name -Column 4",)

    def end(self) -> None:
        texts: list[str] = []
        column: Column | None = None
        for obj in self._items:
            if self.property is not None:
                if column is None:
                    # The first property the argument names (a wildcard matching nothing:
                    # an empty item, as PowerShell shows it).
                    found = resolve(self, [self.property], obj)
                    if not found:
                        texts.append("")
                        continue
                    column = found[0]
                texts.append(cell_text(column.value(self, obj)))
            elif isinstance(obj, dict):
                texts.extend(scalar_text(k) for k in obj)
            elif isinstance(obj, _SCALARS):
                texts.append(cell_text(obj))
            else:
                texts.append(_wide_text(obj))
        if texts:
            columns = None if self.auto_size and not self.column else (self.column or 2)
            self.write(WideData(texts, columns))


def _wide_text(obj: Any) -> str:
    """What Format-Wide shows of an object by default: the name of a file, a process or a
    command (what PowerShell's wide views show), else the first column of its view."""
    view = view_of(obj)
    if view is None or not view.columns:
        return scalar_text(obj)
    if type(obj) is not PSObject or obj.type_names[:1] != [PSCUSTOMOBJECT]:
        name = get_value(obj, "Name")
        if name is not None:
            return cell_text(name)
    return cell_text(get_value(obj, view.columns[0]))


def _type_key(obj: Any) -> Any:
    """What makes two objects of one type for sharing a view: a property bag's first
    type name, else the class."""
    if isinstance(obj, PSObject):
        return obj.type_names[0] if obj.type_names else ""
    return type(obj)
