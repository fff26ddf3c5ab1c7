"""Small .NET types: ``System.Guid``, ``System.Version`` and ``[ref]`` (PSReference).

Made by ``[guid]``/``[version]``/``[ref]`` casts and ``[guid]::NewGuid()``; imported
on first use.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from shell.language.conversions import _BAD_FORMAT, cannot_convert, to_string
from shell.language.psobject import PSLive

__all__ = ["Guid", "Version", "to_guid", "to_version", "Ref", "ref_argument", "variable_ref"]


class Guid(PSLive):
    """``System.Guid``: shows as its lower-case 36-character text."""

    ps_type_names = ("System.Guid", "System.ValueType", "System.Object")
    ps_properties = ("Guid",)

    def __init__(self, text: str) -> None:
        self.Guid = text.lower()

    def ToString(self, fmt: str | None = None) -> str:
        """The text form ('N' drops the dashes)."""
        return self.Guid.replace("-", "") if fmt in ("N", "n") else self.Guid

    def __str__(self) -> str:
        return self.Guid

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Guid) and other.Guid == self.Guid

    def __hash__(self) -> int:
        return hash(self.Guid)


_GUID_PATTERN = (r"\{?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?"
                 r"([0-9a-fA-F]{12})\}?")


def to_guid(value: Any) -> Guid:
    """``[guid]value``: 32 hex digits, with or without dashes and braces."""
    if isinstance(value, Guid):
        return value
    m = re.fullmatch(_GUID_PATTERN, to_string(value).strip())
    if m is None:
        raise cannot_convert(value, "System.Guid", "Unrecognized Guid format.")
    return Guid("-".join(m.groups()))


class Version(PSLive):
    """``System.Version``: Major.Minor[.Build[.Revision]], compared part by part."""

    ps_type_names = ("System.Version", "System.Object")
    ps_properties = ("Major", "Minor", "Build", "Revision")

    def __init__(self, *parts: int) -> None:
        padded = list(parts) + [-1] * (4 - len(parts))
        self.Major, self.Minor, self.Build, self.Revision = padded[:4]

    def _key(self) -> tuple[int, int, int, int]:
        return (self.Major, self.Minor, self.Build, self.Revision)

    def __str__(self) -> str:
        return ".".join(str(p) for p in self._key() if p >= 0)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and other._key() == self._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __lt__(self, other: Version) -> bool:
        return self._key() < other._key()

    def __gt__(self, other: Version) -> bool:
        return self._key() > other._key()


def to_version(value: Any) -> Version:
    """``[version]value``: two to four dot-separated numbers."""
    if isinstance(value, Version):
        return value
    text = to_string(value).strip()
    parts = text.split(".")
    if not 2 <= len(parts) <= 4 or not all(p.isdigit() for p in parts):
        raise cannot_convert(value, "System.Version",
                             "Version string portion was too short or too long." if len(parts) < 2
                             else _BAD_FORMAT)
    return Version(*(int(p) for p in parts))


class Ref(PSLive):
    """``[ref]``: a reference whose ``Value`` reads and writes a variable (or a value it holds).

    ``[ref]$x`` is compiled to a Ref bound to the variable's getter and setter, so
    ``$r.Value = 1`` (or a method's out parameter: ``[int]::TryParse('1', [ref]$n)``)
    assigns ``$x``; ``[ref]`` of any other value holds that value.
    """

    ps_type_names = ("System.Management.Automation.PSReference", "System.Object")
    ps_properties = ("Value",)

    def __init__(self, getter: Callable[[], Any], setter: Callable[[Any], None]) -> None:
        self._get = getter
        self._set = setter

    @classmethod
    def holding(cls, value: Any) -> Ref:
        """A reference to a value of its own (``[ref]5``)."""
        box = [value]

        def set_value(new: Any) -> None:
            box[0] = new
        return cls(lambda: box[0], set_value)

    @property
    def Value(self) -> Any:
        """The referenced value."""
        return self._get()

    @Value.setter
    def Value(self, value: Any) -> None:
        self._set(value)

    def __str__(self) -> str:
        return "System.Management.Automation.PSReference"


def variable_ref(scope: Any, name: str) -> Ref:
    """``[ref]$name``: a reference to the variable in the scope that holds it (else ``scope``)."""
    key = name.lower()
    holder = scope
    while holder is not None and key not in holder.vars:
        holder = holder.parent
    target = holder if holder is not None else scope
    return Ref(lambda: target.vars.get(key), lambda value: target.set_local(name, value))


def ref_argument(value: Any, position: int) -> Ref:
    """A method's ``[ref]`` (out) argument, or the error .NET binding gives for a plain value."""
    if isinstance(value, Ref):
        return value
    from shell.language.member_calls import MethodError
    raise MethodError(f"Argument: '{position}' should be a System.Management.Automation.PSReference. "
                      "Use [ref].")
