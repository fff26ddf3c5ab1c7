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

from typing import Any, ClassVar, Iterator

_MISSING = object()

PSCUSTOMOBJECT = "System.Management.Automation.PSCustomObject"
_CUSTOM_NAMES = (PSCUSTOMOBJECT, "Deserialized." + PSCUSTOMOBJECT)


class PSObject:
    """An ordered, case-insensitive property bag with type names and a string form."""

    __slots__ = ("type_names", "properties", "string_form")

    def __init__(self, properties: dict[str, Any] | None = None,
                 type_names: list[str] | None = None, string_form: str | None = None) -> None:
        self.properties: dict[str, Any] = properties if properties is not None else {}
        self.type_names: list[str] = type_names if type_names is not None else [PSCUSTOMOBJECT, "System.Object"]
        self.string_form = string_form

    @classmethod
    def many(cls, properties: list[dict[str, Any]], type_names: list[str]) -> list[PSObject]:
        """One PSObject per property dict of ``properties``, all sharing the list ``type_names``.

        The fast way to build a large batch (the wire's decoder receiving 200,000
        objects): the same objects ``PSObject(props, type_names)`` makes, with no
        ``__init__`` call per object. The caller must not change ``type_names``
        in place afterwards (nothing does: see wire_adapter.bags_factory).
        """
        new = object.__new__
        made: list[PSObject] = []
        append = made.append
        for props in properties:
            obj = new(cls)
            obj.properties = props
            obj.type_names = type_names
            obj.string_form = None
            append(obj)
        return made

    def _key(self, name: str) -> str | None:
        if name in self.properties:
            return name
        low = name.lower()
        for key in self.properties:
            if key.lower() == low:
                return key
        return None

    def has(self, name: str) -> bool:
        """Whether a property of that name (any case) exists."""
        return self._key(name) is not None

    def get(self, name: str, default: Any = None) -> Any:
        """The property's value (name matched case-insensitively), or ``default``."""
        value = self.properties.get(name, _MISSING)
        if value is not _MISSING:
            return value
        key = self._key(name)
        return default if key is None else self.properties[key]

    def set(self, name: str, value: Any) -> None:
        """Set a property, keeping the original spelling of an existing name."""
        key = self._key(name)
        self.properties[key if key is not None else name] = value

    def names(self) -> list[str]:
        """Property names in order."""
        return list(self.properties)

    def items(self) -> Iterator[tuple[str, Any]]:
        """(name, value) pairs in order."""
        return iter(self.properties.items())

    @property
    def is_deserialized(self) -> bool:
        """True when this object came over the wire."""
        return bool(self.type_names) and self.type_names[0].startswith("Deserialized.")

    def __str__(self) -> str:
        if self.string_form is not None:
            return self.string_form
        if self.type_names and self.type_names[0] in _CUSTOM_NAMES:
            # PowerShell shows a custom object in a string as @{a=1; b=2}
            inner = "; ".join(f"{k}={_short(v)}" for k, v in self.properties.items())
            return "@{" + inner + "}"
        return self.type_names[0] if self.type_names else ""

    def __repr__(self) -> str:
        return f"PSObject({self.properties!r}, type_names={self.type_names[:1]!r})"

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)


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
