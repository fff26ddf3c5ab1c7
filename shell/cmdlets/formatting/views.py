"""Which view an object gets: a table of some columns, a list, or none (its string form).

The rules, as PowerShell's default formatting without format files:

* a ``PSLive`` with ``ps_table`` shows those columns as a table; ``ps_view = 'list'``
  forces a list (``'table'`` a table of every property);
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

from typing import Any

from shell.language.psobject import PSCUSTOMOBJECT, PSLive, PSObject

from shell.cmdlets.formatting.values import is_timespan, property_names

TABLE = "table"
LIST = "list"

#: More properties than this make a list instead of a table (PowerShell's rule).
TABLE_MAX_PROPERTIES = 4

_DESERIALIZED = "Deserialized."
_NO_VIEW_TYPES = frozenset({PSCUSTOMOBJECT.lower(), "system.object"})

# lower-case type name -> (kind, columns or None for "every property"). The standard
# views of PowerShell types whose live classes may be absent from this process (or are
# not PSLive subclasses: jobs/ and sessions/ cannot import shell/) are declared here.
_registered: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "system.management.automation.job": (TABLE, (
        "Id", "Name", "PSJobTypeName", "State", "HasMoreData", "Location", "Command")),
    "system.management.automation.runspaces.pssession": (TABLE, (
        "Id", "Name", "Transport", "ComputerName", "ComputerType", "State",
        "ConfigurationName", "Availability")),
}
_from_live: dict[str, tuple[str, tuple[str, ...] | None]] = {}
_live_generation = -1


class View:
    """How to show one object: ``kind`` (table or list) and the ``columns`` to show."""

    __slots__ = ("kind", "columns", "key")

    def __init__(self, kind: str, columns: list[str]) -> None:
        self.kind = kind
        self.columns = columns
        # Successive table rows with the same key share one table.
        self.key = (kind, tuple(c.lower() for c in columns))

    def __repr__(self) -> str:
        return f"View({self.kind!r}, {self.columns!r})"


def register_view(type_name: str, *, table: tuple[str, ...] | None = None,
                  view: str | None = None) -> None:
    """Declare the default view of a type: ``table=`` columns, or ``view='list'``."""
    kind = LIST if view == LIST and table is None else TABLE
    _registered[type_name.lower()] = (kind, tuple(table) if table else None)


def is_live(obj: Any) -> bool:
    """A live object with PowerShell's surface: a PSLive, or any object whose class declares
    ``ps_properties`` the same way (jobs/ and sessions/ cannot import PSLive)."""
    return isinstance(obj, PSLive) or hasattr(type(obj), "ps_properties")


def _live_view(cls: type) -> tuple[str, tuple[str, ...] | None] | None:
    view = getattr(cls, "ps_view", None)
    table = getattr(cls, "ps_table", None)
    if view == LIST:
        return (LIST, None)
    if table:
        return (TABLE, tuple(table))
    if view == TABLE:
        return (TABLE, None)
    return None


def _refresh_live_views() -> None:
    """Collect the views of every imported PSLive class, keyed by its type names."""
    global _live_generation
    generation = len(PSLive.__subclasses__())
    if generation == _live_generation:
        return
    found: dict[str, tuple[str, tuple[str, ...] | None]] = {}
    todo = list(PSLive.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        view = _live_view(cls)
        names = getattr(cls, "ps_type_names", None)
        if view is None or not isinstance(names, (tuple, list)) or not names:
            continue  # (a class may compute its type names per instance: no static view)
        # The most derived name belongs to this class; the others only if nobody claims them.
        found[str(names[0]).lower()] = view
        for name in names[1:]:
            if name.lower() not in _NO_VIEW_TYPES:
                found.setdefault(name.lower(), view)
    _from_live.clear()
    _from_live.update(found)
    _live_generation = generation


def _type_view(type_names: list[str]) -> tuple[str, tuple[str, ...] | None] | None:
    refreshed = False
    for name in type_names:
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
    return None


def _shows_computer_name(obj: PSObject) -> bool:
    if not obj.has("PSComputerName"):
        return False
    show = obj.get("PSShowComputerName")
    return show is None or bool(show)


def _by_count(names: list[str]) -> View:
    return View(TABLE if len(names) <= TABLE_MAX_PROPERTIES else LIST, names)


def view_of(obj: Any) -> View | None:
    """The default view of ``obj``, or None when it shows as its string form."""
    if isinstance(obj, PSObject):
        found = _type_view(obj.type_names) if obj.type_names else None
        names = property_names(obj)
        if not _shows_computer_name(obj):
            names = [n for n in names if n.lower() != "pscomputername"]
        if found is None:
            return _by_count(names) if names else None
        kind, columns = found
        if columns is None:
            return View(kind, names) if names else None
        cols = list(columns)
        if _shows_computer_name(obj) and "pscomputername" not in {c.lower() for c in cols}:
            cols.append("PSComputerName")
        return View(kind, cols)
    if is_live(obj):
        found = _live_view(type(obj))
        if found is not None and found[1] is not None:
            return View(found[0], list(found[1]))
        names = property_names(obj)
        if not names:
            return None
        return View(found[0], names) if found is not None else _by_count(names)
    if is_timespan(obj):
        return View(LIST, property_names(obj))
    names = property_names(obj)
    return _by_count(names) if names else None
