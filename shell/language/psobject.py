"""The object model: ``PSObject`` property bags and the ``PSLive`` surface of live objects.

A pipeline value is any Python object. Plain values (str, int, float, bool, None,
list, dict) stand for themselves. Two kinds of object carry PowerShell's surface
(type names, ordered properties, a string form):

* ``PSObject`` — a property bag: ``[pscustomobject]@{...}``, Select-Object results,
  and every object that arrived over the wire (type names prefixed ``Deserialized.``).
* ``PSLive`` — a base for live Python objects (a job, a session, a file, a process):
  properties are Python attributes named as in PowerShell (``Id``, ``State``),
  listed in ``ps_properties``; methods are Python methods named as in PowerShell.

Both are codec-friendly: ``shell/language/wire_adapter`` turns them into plain
records (type names, ordered properties, string form) and back.
"""

from __future__ import annotations

import _thread
from itertools import repeat
from typing import Any, ClassVar, Iterator

_MISSING = object()

PSCUSTOMOBJECT = "System.Management.Automation.PSCustomObject"
_CUSTOM_NAMES = (PSCUSTOMOBJECT, "Deserialized." + PSCUSTOMOBJECT)


class PSObject:
    """An ordered, case-insensitive property bag with type names and a string form.

    Properties are held in one of two forms, and the object behaves the same in both:

    * a dict (``properties``): every object the shell builds;
    * a row (``PSObject.rows``): the objects decoded from one wire batch of one
      shape share one ``_Rows`` (their property names, a case-insensitive index
      of them, and the batch's values, row after row in one tuple that never
      changes); each object holds only its row number. Decoding 200,000 objects
      then builds no dict per object (bench_codec: the decoder about a third
      faster). ``get``/``has``/``names``/``items`` read the row. The first
      ``set`` or read of ``properties`` (code that needs the dict) gives the
      object its own dict, and from then on it is an ordinary dict-backed
      object; the dicts of a batch are built together, in one fast pass, the
      first time one of them is needed. Code that reads ``properties`` of every
      object (formatting, Invoke-Command's PSComputerName) pays that later
      instead: about 200 ns more per object than building the dicts while
      decoding did (bench_codec's last row).

    ``_props`` is the dict, or the ``_Rows`` of a row-backed object (``_at`` is
    then its row number). ``properties`` is a Python property (about 40 ns a read,
    where a slot takes 10), so a loop of this package that runs once per object
    written (wire_output) may read ``_props`` and fall back to ``properties``
    when that is not a dict.
    """

    __slots__ = ("type_names", "_props", "string_form", "_at")

    def __init__(self, properties: dict[str, Any] | None = None,
                 type_names: list[str] | None = None, string_form: str | None = None) -> None:
        self._props: Any = properties if properties is not None else {}
        self.type_names: list[str] = type_names if type_names is not None else [PSCUSTOMOBJECT, "System.Object"]
        self.string_form = string_form

    @property
    def properties(self) -> dict[str, Any]:
        """The ordered property dict (a row-backed object takes its own the first time)."""
        props = self._props
        if props.__class__ is _Rows:    # the first time, for a row-backed object
            dicts = props.dicts
            if dicts is None:
                dicts = props.build_dicts()
            props = self._props = dicts[self._at]
        return props

    @properties.setter
    def properties(self, value: dict[str, Any]) -> None:
        self._props = value

    @classmethod
    def many(cls, properties: list[dict[str, Any]], type_names: list[str]) -> list[PSObject]:
        """One PSObject per property dict of ``properties``, all sharing the list ``type_names``.

        The fast way to build a large batch from dicts: the same objects
        ``PSObject(props, type_names)`` makes, with no ``__init__`` call per
        object. The caller must not change ``type_names`` in place afterwards
        (nothing does: see wire_adapter.bags_factory).
        """
        new = object.__new__
        made: list[PSObject] = []
        append = made.append
        for props in properties:
            obj = new(cls)
            obj._props = props
            obj.type_names = type_names
            obj.string_form = None
            append(obj)
        return made

    @classmethod
    def rows(cls, keys: list[str] | tuple[str, ...], values: list[Any] | tuple[Any, ...], type_names: list[str],
             row_dicts: Any = None) -> list[PSObject]:
        """One PSObject per row of ``values`` (``len(keys)`` values each, row after row), no string form.

        ``keys`` are the properties of every row, in order (at least one; distinct
        strings: the caller checks). The objects share ``type_names`` (which the
        caller must not change in place) and the values. ``row_dicts(keys, values)
        -> list`` builds the dict of every row at once when one is first needed (the
        codec has a fast one; by default, dict() of each row). This is the wire
        decoder's fastest path (see the class docstring): no dict and no ``__init__``
        call per object.
        """
        # A tuple: the values never change, and the collector stops visiting a tuple of
        # plain values after its first look (a list it would visit in every collection).
        rows = _Rows(tuple(keys), tuple(values), row_dicts or _row_dicts)
        if not rows.width or len(values) % rows.width:
            raise ValueError("rows: the values are not whole rows of the keys")
        numbers = _row_numbers(len(values) // rows.width)
        made: list[PSObject] = list(map(object.__new__, repeat(cls, len(numbers))))  # (C-level: faster)
        for obj, at in zip(made, numbers):
            obj._props = rows
            obj.type_names = type_names
            obj.string_form = None
            obj._at = at
        return made

    def _key(self, name: str) -> str | None:
        props = self._props
        if props.__class__ is _Rows:
            pos = props.position(name)
            return None if pos is None else props.keys[pos]
        if name in props:
            return name
        low = name.lower()
        for key in props:
            if key.lower() == low:
                return key
        return None

    def has(self, name: str) -> bool:
        """Whether a property of that name (any case) exists."""
        return self._key(name) is not None

    def get(self, name: str, default: Any = None) -> Any:
        """The property's value (name matched case-insensitively), or ``default``."""
        props = self._props
        if props.__class__ is _Rows:
            pos = props.exact.get(name)
            if pos is None:
                pos = props.lower.get(name.lower())
                if pos is None:
                    return default
            return props.values[self._at * props.width + pos]
        value = props.get(name, _MISSING)
        if value is not _MISSING:
            return value
        key = self._key(name)
        return default if key is None else props[key]

    def set(self, name: str, value: Any) -> None:
        """Set a property, keeping the original spelling of an existing name."""
        key = self._key(name)
        props = self._props
        if props.__class__ is _Rows:
            props = self.properties     # the object takes its own dict
        props[key if key is not None else name] = value

    def replace(self, name: str, value: Any) -> bool:
        """Set the existing property ``name`` (any case, keeping its spelling); False if there is none.

        ``$obj.Name = value`` (members.set_member): one call instead of ``_key`` and
        ``properties``.
        """
        key = self._key(name)
        if key is None:
            return False
        props = self._props
        if props.__class__ is _Rows:
            props = self.properties
        props[key] = value
        return True

    def names(self) -> list[str]:
        """Property names in order."""
        props = self._props
        if props.__class__ is _Rows:
            return list(props.keys)
        return list(props)

    def items(self) -> Iterator[tuple[str, Any]]:
        """(name, value) pairs in order."""
        props = self._props
        if props.__class__ is _Rows:
            width = props.width
            at = self._at * width
            return zip(props.keys, props.values[at:at + width])
        return iter(props.items())

    @property
    def is_deserialized(self) -> bool:
        """True when this object came over the wire."""
        return bool(self.type_names) and self.type_names[0].startswith("Deserialized.")

    def __str__(self) -> str:
        if self.string_form is not None:
            return self.string_form
        if self.type_names and self.type_names[0] in _CUSTOM_NAMES:
            # PowerShell shows a custom object in a string as @{a=1; b=2}
            inner = "; ".join(f"{k}={_short(v)}" for k, v in self.items())
            return "@{" + inner + "}"
        return self.type_names[0] if self.type_names else ""

    def __repr__(self) -> str:
        return f"PSObject({dict(self.items())!r}, type_names={self.type_names[:1]!r})"

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)


class _Rows:
    """What the row-backed objects of one decoded batch share: names, their index, the values.

    ``values`` never changes (an object that is set takes its own dict first), so
    the dicts built from it at any time, by any thread, are right for every row
    that has not taken its dict yet. ``dicts`` (None until one is needed) holds
    the dict of every row; each object takes its own from there (PSObject.properties).
    """

    __slots__ = ("keys", "width", "values", "exact", "lower", "row_dicts", "dicts")

    def __init__(self, keys: tuple[str, ...], values: tuple[Any, ...], row_dicts: Any) -> None:
        self.keys = keys
        self.width = len(keys)
        self.values = values
        self.row_dicts = row_dicts
        self.dicts: list[dict[str, Any]] | None = None
        self.exact = {key: i for i, key in enumerate(keys)}
        lower: dict[str, int] = {}
        for i, key in enumerate(keys):
            lower.setdefault(key.lower(), i)    # the first spelling wins, as PSObject._key's scan
        self.lower = lower

    def position(self, name: str) -> int | None:
        """The index of the property ``name`` (exact spelling first, then any case), or None."""
        pos = self.exact.get(name)
        if pos is None:
            pos = self.lower.get(name.lower())
        return pos

    def build_dicts(self) -> list[dict[str, Any]]:
        """``dicts``, built the first time: once only, even when two threads ask at once,
        so an object two threads touch together gets one dict, not one each."""
        with _BUILD_LOCK:
            dicts = self.dicts
            if dicts is None:
                dicts = self.dicts = self.row_dicts(self.keys, self.values)
            return dicts


_BUILD_LOCK = _thread.allocate_lock()


def _row_dicts(keys: tuple[str, ...], values: list[Any]) -> list[dict[str, Any]]:
    width = len(keys)
    return [dict(zip(keys, values[i:i + width])) for i in range(0, len(values), width)]


#: Row numbers shared by every batch (0, 1, 2...): a row-backed object holds one of
#: these instead of an int of its own (less memory to write and for the collector
#: to visit). Grown on demand up to _ROW_NUMBERS_MAX; replaced, never changed in place.
_row_number_cache: list[int] = []
_ROW_NUMBERS_MAX = 1 << 14


def _row_numbers(count: int) -> Any:
    """0 .. count-1, from the shared cache when it is that long (or can grow to be)."""
    global _row_number_cache
    cache = _row_number_cache
    if count <= len(cache):
        return cache[:count]
    if count > _ROW_NUMBERS_MAX:
        return range(count)
    cache = _row_number_cache = list(range(max(count, 2 * len(cache), 1024)))
    return cache[:count]


def _short(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (list, tuple)):
        return " ".join(_short(v) for v in value)
    return str(value)


class PSLive:
    """Base for live Python objects that show PowerShell's surface.

    Subclasses set ``ps_type_names`` (most derived first), ``ps_properties`` (the
    PowerShell property names, in display order, each a Python attribute or
    property of the same name) and optionally ``ps_table`` (the default table
    columns, when the default view should not be derived from the count of
    properties) or ``ps_view = 'list'``.
    """

    ps_type_names: ClassVar[tuple[str, ...]] = ("System.Object",)
    ps_properties: ClassVar[tuple[str, ...]] = ()
    ps_table: ClassVar[tuple[str, ...] | None] = None
    ps_view: ClassVar[str | None] = None

    def ps_get(self, name: str, default: Any = None) -> Any:
        """A property by PowerShell name, matched case-insensitively."""
        attr = live_attribute(self, name)
        if attr is None:
            return default
        return getattr(self, attr)


_ATTR_MAPS: dict[type, dict[str, str]] = {}


def _attr_map(cls: type) -> dict[str, str]:
    """lower-case name -> attribute name for every public attribute of ``cls`` (cached)."""
    found = _ATTR_MAPS.get(cls)
    if found is None:
        found = {}
        for klass in reversed(cls.__mro__):
            for name in vars(klass):
                if not name.startswith("_"):
                    found[name.lower()] = name
        _ATTR_MAPS[cls] = found
    return found


def live_attribute(obj: Any, name: str) -> str | None:
    """The real attribute name on a PSLive (or any Python object) for a case-insensitive ``name``.

    Looks at the class (properties, methods, class-level defaults) first, then at the
    attributes set on the instance itself.
    """
    low = name.lower()
    found = _attr_map(type(obj)).get(low)
    if found is not None:
        return found
    instance = getattr(obj, "__dict__", None)
    if instance:
        if name in instance:
            return name
        for key in instance:
            if key.lower() == low and not key.startswith("_"):
                return key
    return None
