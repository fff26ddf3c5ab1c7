"""Which view an object gets: a table of some columns, a list, or none (its string form).

The rules, as PowerShell's default formatting without format files:

* a live object (``PSLive``, or any class declaring ``ps_properties``) shows as its
  class declares: ``ps_table`` columns as a table, ``ps_view = 'list'`` a list,
  ``'table'`` a table of every property, ``'string'`` its string form (``str(obj)``,
  as PowerShell shows a MatchInfo). A ``ps_table`` entry is a property name, or a
  ``(label, property)`` or ``(label, property, format)`` tuple: the header shows the
  label, and ``format`` (a .NET format string such as ``'N2'``, or a function of the
  value) turns the value into the cell's text (the column's alignment still follows
  the value). ``ps_group_by`` starts a new table, under a heading, whenever a
  property's value changes: a property name gives PowerShell's ``   Name: value``
  heading, a ``(label, property)`` pair the ``    Label: value`` heading of
  PowerShell's own views (``    Directory: /tmp``). These attributes are read from
  the class, or from the instance when the class computes them (a ``property``);
* a ``PSObject`` whose type (``Deserialized.`` prefix removed) has a registered
  view, or is the type of a live class with a view, shows like the live object:
  a deserialized job is a job row. Remote results add their ``PSComputerName``
  as the last column, as PowerShell does;
* otherwise at most 4 properties make a table row, more make a list entry;
* an object with no properties shows as its string form.

Other packages can ``register_view`` for type names whose classes are not
``PSLive`` subclasses (or not imported in this process).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any, Callable, Union

from shell.language.psobject import PSCUSTOMOBJECT, PSLive, PSObject

from shell.cmdlets.formatting.fixed_columns import Layout, columns_layout, standard_layout
from shell.cmdlets.formatting.values import is_timespan, property_names

TABLE = "table"
LIST = "list"
STRING = "string"

#: More properties than this make a list instead of a table (PowerShell's rule).
TABLE_MAX_PROPERTIES = 4

_DESERIALIZED = "Deserialized."
_NO_VIEW_TYPES = frozenset({PSCUSTOMOBJECT.lower(), "system.object"})

#: A column's format: a .NET format string, or a function of the value.
Format = Union[str, Callable[[Any], Any], None]
#: One declared column: (label, property, format).
Entry = tuple[str, str, Format]
#: A declared group: (heading before the value, property).
Group = tuple[str, str]


class Spec:
    """A declared view: ``kind``, the ``entries`` (None: every property), the ``group``,
    and the ``fixed`` widths and alignments PowerShell's view of the type gives its
    columns (``fixed_columns``)."""

    __slots__ = ("kind", "entries", "group", "fixed")

    def __init__(self, kind: str, entries: tuple[Entry, ...] | None = None,
                 group: Group | None = None) -> None:
        self.kind = kind
        self.entries = entries
        self.group = group
        self.fixed: dict[str, Layout] | None = None


# lower-case type name -> Spec. The standard views of PowerShell types whose live classes
# may be absent from this process (or are not PSLive subclasses: jobs/ and sessions/
# cannot import shell/) are declared here.
_registered: dict[str, Spec] = {}
_from_live: dict[str, Spec] = {}
_live_generation: tuple[int, int] = (-1, -1)
# class -> its Spec (None: no view), for classes whose ps_* attributes are plain values.
_class_specs: dict[type, Spec | None] = {}
_PER_INSTANCE = Spec("per-instance")


class View:
    """How to show one object: ``kind`` (table or list), the ``columns`` (property names)
    with their header ``labels`` and ``formats``, and the ``group`` heading's property.

    ``widths`` and ``aligns`` are the columns' fixed widths and alignments (None: sized
    to the content, aligned by the values). ``auto`` is True when the columns are the
    object's own properties rather than a declared view: objects of one type then share
    the first one's view, as PowerShell's made-up views do.
    """

    __slots__ = ("kind", "columns", "labels", "formats", "group", "key", "simple", "widths",
                 "aligns", "auto")

    def __init__(self, kind: str, columns: list[str], labels: list[str] | None = None,
                 formats: list[Format] | None = None, group: Group | None = None, *,
                 fixed: dict[str, Layout] | None = None, auto: bool = False) -> None:
        self.kind = kind
        self.columns = columns
        self.labels = labels if labels is not None else columns
        self.formats = formats if formats and any(f is not None for f in formats) else None
        self.group = group
        self.widths, self.aligns = columns_layout(fixed, self.labels)
        self.auto = auto
        # Successive table rows with the same key share one table.
        self.key = (kind, tuple(c.lower() for c in self.labels),
                    tuple(c.lower() for c in columns))
        #: A table row without formats or groups: the formatter's fast path.
        self.simple = kind == TABLE and self.formats is None and group is None

    def __repr__(self) -> str:
        return f"View({self.kind!r}, {self.columns!r})"


def _entry(item: Any) -> Entry | None:
    if isinstance(item, str):
        return (item, item, None)
    if isinstance(item, (tuple, list)) and len(item) in (2, 3) \
            and isinstance(item[0], str) and isinstance(item[1], str):
        fmt = item[2] if len(item) == 3 else None
        if fmt is not None and not isinstance(fmt, str) and not callable(fmt):
            fmt = None
        return (item[0], item[1], fmt)
    return None


def parse_entries(table: Any) -> tuple[Entry, ...] | None:
    """``ps_table`` (or ``register_view``'s ``table``) as entries; None when it declares nothing."""
    if not isinstance(table, (tuple, list)) or not table:
        return None
    entries = tuple(e for e in (_entry(item) for item in table) if e is not None)
    return entries or None


def parse_group(group: Any) -> Group | None:
    """``ps_group_by`` as (heading before the value, property), or None."""
    if isinstance(group, str) and group:
        return (f"   {group}: ", group)
    if isinstance(group, (tuple, list)) and len(group) == 2 \
            and isinstance(group[0], str) and isinstance(group[1], str):
        return (f"    {group[0]}: ", group[1])
    return None


def make_spec(view: Any, table: Any, group: Any) -> Spec | None:
    """The Spec of a class's (or a registration's) ``ps_view``, ``ps_table``, ``ps_group_by``."""
    entries = parse_entries(table)
    grouping = parse_group(group)
    if view == STRING:
        return Spec(STRING)
    if view == LIST:
        return Spec(LIST, None, grouping)
    if entries:
        return Spec(TABLE, entries, grouping)
    if view == TABLE:
        return Spec(TABLE, None, grouping)
    return None


def register_view(type_name: str, *, table: tuple[Any, ...] | None = None,
                  view: str | None = None, group_by: Any = None) -> None:
    """Declare the default view of a type: ``table=`` columns (entries as in ``ps_table``),
    or ``view='list'``/``'string'``; ``group_by`` as ``ps_group_by``."""
    spec = make_spec(view if view in (LIST, STRING) and table is None else TABLE, table, group_by)
    if spec is not None:
        spec.fixed = standard_layout([type_name])
        _registered[type_name.lower()] = spec


register_view("System.Management.Automation.Job", table=(
    "Id", "Name", "PSJobTypeName", "State", "HasMoreData", "Location", "Command"))
register_view("System.Management.Automation.Runspaces.PSSession", table=(
    "Id", "Name", "Transport", "ComputerName", "ComputerType", "State",
    "ConfigurationName", "Availability"))


def is_live(obj: Any) -> bool:
    """A live object with PowerShell's surface: a PSLive, or any object whose class declares
    ``ps_properties`` the same way (jobs/ and sessions/ cannot import PSLive)."""
    return isinstance(obj, PSLive) or hasattr(type(obj), "ps_properties")


def _computed(value: Any) -> bool:
    """True for a class attribute that is computed per instance (a property, a method)."""
    return hasattr(type(value), "__get__")


_ATTRS = ("ps_view", "ps_table", "ps_group_by")


def _class_spec(cls: type) -> Spec | None:
    """The Spec a class declares (``_PER_INSTANCE`` when it computes it per instance)."""
    try:
        return _class_specs[cls]
    except KeyError:
        pass
    try:
        values = [getattr(cls, name, None) for name in _ATTRS]
        spec = _PER_INSTANCE if any(_computed(v) for v in values) else make_spec(*values)
        if spec is not None and spec is not _PER_INSTANCE:
            spec.fixed = standard_layout(_static_type_names(cls))
    except Exception:  # noqa: BLE001 - a class that cannot say how it looks has no view
        spec = None
    _class_specs[cls] = spec
    return spec


def live_spec(obj: Any) -> Spec | None:
    """The Spec of a live object (from its class, or the instance when computed)."""
    spec = _class_spec(type(obj))
    if spec is not _PER_INSTANCE:
        return spec
    try:
        spec = make_spec(*(getattr(obj, name, None) for name in _ATTRS))
        names = getattr(obj, "ps_type_names", None)
        if spec is not None and isinstance(names, (tuple, list)):
            spec.fixed = standard_layout(names)
        return spec
    except Exception:  # noqa: BLE001 - a failing property: no view, the object still shows
        return None


def _static_type_names(cls: type) -> tuple[str, ...]:
    names = getattr(cls, "ps_type_names", None)
    if not isinstance(names, (tuple, list)):
        return ()  # computed per instance (a property): no static view by type name
    return tuple(n for n in names if isinstance(n, str))


def _refresh_live_views() -> None:
    """Collect the views of every imported PSLive class, keyed by its type names."""
    global _live_generation
    # New classes come with new modules; a direct subclass may also be made at run time.
    generation = (len(sys.modules), len(PSLive.__subclasses__()))
    if generation == _live_generation:
        return
    found: dict[str, Spec] = {}
    todo = list(PSLive.__subclasses__())
    seen: set[type] = set()
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        todo.extend(cls.__subclasses__())
        spec = _class_spec(cls)
        names = _static_type_names(cls)
        if spec is None or spec is _PER_INSTANCE or not names:
            continue
        # The most derived name belongs to this class; the others only if nobody claims them.
        found[names[0].lower()] = spec
        for name in names[1:]:
            if name.lower() not in _NO_VIEW_TYPES:
                found.setdefault(name.lower(), spec)
    _from_live.clear()
    _from_live.update(found)
    _live_generation = generation


#: Where the live class of a type is declared: a deserialized object (one that came over the
#: wire) has no live class in this process until that module is imported, so its view is
#: found by importing it on first sight.
_VIEW_MODULES = {
    "system.io.fileinfo": "shell.cmdlets.items.fileinfo",
    "system.io.directoryinfo": "shell.cmdlets.items.fileinfo",
    "system.management.automation.pathinfo": "shell.cmdlets.items.fileinfo",
    "system.diagnostics.process": "shell.cmdlets.items.procinfo",
    "microsoft.powershell.commands.historyinfo": "shell.cmdlets.utility.history",
    "system.management.automation.psvariable": "shell.cmdlets.utility.variables",
    "system.management.automation.cmdletinfo": "shell.cmdlets.utility.commandinfo",
    "system.management.automation.functioninfo": "shell.cmdlets.utility.commandinfo",
    "system.management.automation.aliasinfo": "shell.cmdlets.utility.commandinfo",
    "system.management.automation.applicationinfo": "shell.cmdlets.utility.commandinfo",
    "microsoft.powershell.commands.memberdefinition": "shell.cmdlets.core.member",
    "microsoft.powershell.commands.matchinfo": "shell.cmdlets.core.select_string",
    "microsoft.powershell.commands.groupinfo": "shell.cmdlets.core.group",
    "microsoft.powershell.commands.genericmeasureinfo": "shell.cmdlets.core.measure",
    "microsoft.powershell.commands.textmeasureinfo": "shell.cmdlets.core.measure",
}


def _import_view_module(key: str) -> bool:
    """Import the module declaring the live class of type ``key``; True if that was new."""
    module = _VIEW_MODULES.get(key)
    if module is None or module in sys.modules:
        return False
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def _type_spec(type_names: list[str]) -> Spec | None:
    refreshed = False
    for name in type_names:
        if not isinstance(name, str):
            continue
        if name.startswith(_DESERIALIZED):
            name = name[len(_DESERIALIZED):]
        key = name.lower()
        if key in _NO_VIEW_TYPES:
            continue
        found = _registered.get(key)
        if found is not None:
            return found
        if not refreshed:
            _refresh_live_views()
            refreshed = True
        found = _from_live.get(key)
        if found is not None:
            return found
        if _import_view_module(key):
            _refresh_live_views()
            found = _from_live.get(key)
            if found is not None:
                return found
    return None


def _shows_computer_name(obj: PSObject) -> bool:
    if not obj.has("PSComputerName"):
        return False
    show = obj.get("PSShowComputerName")
    return show is None or bool(show)


def _by_count(names: list[str]) -> View:
    return View(TABLE if len(names) <= TABLE_MAX_PROPERTIES else LIST, names, auto=True)


def _from_spec(spec: Spec, names: list[str], extra: str | None = None) -> View | None:
    if spec.entries is None:
        return View(spec.kind, names, group=spec.group, fixed=spec.fixed, auto=True) \
            if names else None
    labels = [e[0] for e in spec.entries]
    columns = [e[1] for e in spec.entries]
    formats: list[Format] = [e[2] for e in spec.entries]
    if extra is not None and extra.lower() not in {c.lower() for c in columns}:
        labels.append(extra)
        columns.append(extra)
        formats.append(None)
    return View(spec.kind, columns, labels, formats, spec.group, fixed=spec.fixed)


def view_of(obj: Any) -> View | None:
    """The default view of ``obj``, or None when it shows as its string form."""
    if isinstance(obj, PSObject):
        found = _type_spec(obj.type_names) if obj.type_names else None
        names = property_names(obj)
        remote = _shows_computer_name(obj)
        if not remote:
            names = [n for n in names if n.lower() != "pscomputername"]
        if found is None:
            return _by_count(names) if names else None
        if found.kind == STRING:
            return None
        return _from_spec(found, names, "PSComputerName" if remote else None)
    if is_live(obj):
        found = live_spec(obj)
        if found is not None and found.kind == STRING:
            return None
        if found is not None and found.entries is not None:
            return _from_spec(found, [])
        names = property_names(obj)
        if not names:
            return None
        return _from_spec(found, names) if found is not None else _by_count(names)
    if is_timespan(obj):
        return View(LIST, property_names(obj))
    names = property_names(obj)
    return _by_count(names) if names else None
