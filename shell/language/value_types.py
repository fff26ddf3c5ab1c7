"""Two small .NET value types: ``System.Guid`` and ``System.Version``.

Made by ``[guid]``/``[version]`` casts and ``[guid]::NewGuid()``; imported on first use.
"""

from __future__ import annotations

import re
from typing import Any

from shell.language.conversions import _BAD_FORMAT, cannot_convert, to_string
from shell.language.psobject import PSLive

__all__ = ["Guid", "Version", "to_guid", "to_version"]


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
