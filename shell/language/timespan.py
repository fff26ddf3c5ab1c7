"""``System.TimeSpan``: a duration counted in 100-nanosecond ticks, as .NET does.

Ticks (not ``timedelta``) are the state, so that ``[timespan]::FromTicks(1)`` and
``.Ticks`` round-trip exactly; ``delta`` gives the ``timedelta`` for date arithmetic
(``datetime`` has microsecond resolution, so sub-microsecond ticks are dropped there).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from shell.language.psobject import PSLive

TICKS_PER_MS = 10_000
TICKS_PER_SECOND = 10_000_000
TICKS_PER_MINUTE = 60 * TICKS_PER_SECOND
TICKS_PER_HOUR = 60 * TICKS_PER_MINUTE
TICKS_PER_DAY = 24 * TICKS_PER_HOUR


class TimeSpan(PSLive):
    """A duration: ``(Get-Date) - $start``, ``New-TimeSpan``, ``[timespan]'00:01:30'``."""

    __slots__ = ("ticks",)

    ps_type_names = ("System.TimeSpan", "System.ValueType", "System.Object")
    ps_properties = ("Days", "Hours", "Minutes", "Seconds", "Milliseconds", "Ticks",
                     "TotalDays", "TotalHours", "TotalMinutes", "TotalSeconds", "TotalMilliseconds")
    ps_view = "list"

    def __init__(self, ticks: int = 0) -> None:
        self.ticks = int(ticks)

    # -- construction ------------------------------------------------------------------

    @classmethod
    def from_timedelta(cls, delta: timedelta) -> TimeSpan:
        """The TimeSpan of a ``timedelta``."""
        return cls((delta.days * 86_400 + delta.seconds) * TICKS_PER_SECOND + delta.microseconds * 10)

    @classmethod
    def from_parts(cls, days: float = 0, hours: float = 0, minutes: float = 0,
                   seconds: float = 0, milliseconds: float = 0) -> TimeSpan:
        """A TimeSpan from a count of each unit (fractions allowed)."""
        total = (days * TICKS_PER_DAY + hours * TICKS_PER_HOUR + minutes * TICKS_PER_MINUTE
                 + seconds * TICKS_PER_SECOND + milliseconds * TICKS_PER_MS)
        return cls(round(total))

    @property
    def delta(self) -> timedelta:
        """This duration as a ``timedelta`` (microsecond resolution)."""
        return timedelta(microseconds=int(self.ticks / 10) if self.ticks < 0 else self.ticks // 10)

    # -- PowerShell properties -------------------------------------------------------------

    def _part(self, unit: int, modulo: int) -> int:
        # .NET truncates toward zero, so negative spans have negative parts.
        whole = abs(self.ticks) // unit % modulo
        return -whole if self.ticks < 0 else whole

    @property
    def Ticks(self) -> int:
        """The duration in 100-ns ticks."""
        return self.ticks

    @property
    def Days(self) -> int:
        """Whole days."""
        whole = abs(self.ticks) // TICKS_PER_DAY
        return -whole if self.ticks < 0 else whole

    @property
    def Hours(self) -> int:
        """Hours part (0-23)."""
        return self._part(TICKS_PER_HOUR, 24)

    @property
    def Minutes(self) -> int:
        """Minutes part (0-59)."""
        return self._part(TICKS_PER_MINUTE, 60)

    @property
    def Seconds(self) -> int:
        """Seconds part (0-59)."""
        return self._part(TICKS_PER_SECOND, 60)

    @property
    def Milliseconds(self) -> int:
        """Milliseconds part (0-999)."""
        return self._part(TICKS_PER_MS, 1000)

    @property
    def Microseconds(self) -> int:
        """Microseconds part (0-999)."""
        return self._part(10, 1000)

    @property
    def TotalDays(self) -> float:
        """The duration in days."""
        return self.ticks / TICKS_PER_DAY

    @property
    def TotalHours(self) -> float:
        """The duration in hours."""
        return self.ticks / TICKS_PER_HOUR

    @property
    def TotalMinutes(self) -> float:
        """The duration in minutes."""
        return self.ticks / TICKS_PER_MINUTE

    @property
    def TotalSeconds(self) -> float:
        """The duration in seconds."""
        return self.ticks / TICKS_PER_SECOND

    @property
    def TotalMilliseconds(self) -> float:
        """The duration in milliseconds."""
        return self.ticks / TICKS_PER_MS

    # -- methods (called by name from the language) -------------------------------------------

    def Add(self, other: TimeSpan) -> TimeSpan:
        """This plus another TimeSpan."""
        return TimeSpan(self.ticks + _ticks_of(other))

    def Subtract(self, other: TimeSpan) -> TimeSpan:
        """This minus another TimeSpan."""
        return TimeSpan(self.ticks - _ticks_of(other))

    def Negate(self) -> TimeSpan:
        """The opposite duration."""
        return TimeSpan(-self.ticks)

    def Duration(self) -> TimeSpan:
        """The absolute duration."""
        return TimeSpan(abs(self.ticks))

    def Multiply(self, factor: float) -> TimeSpan:
        """This duration times a number."""
        return TimeSpan(round(self.ticks * float(factor)))

    def Divide(self, divisor: Any) -> Any:
        """By a number: a TimeSpan; by a TimeSpan: their ratio."""
        if isinstance(divisor, TimeSpan):
            return self.ticks / divisor.ticks
        return TimeSpan(round(self.ticks / float(divisor)))

    def CompareTo(self, other: Any) -> int:
        """-1, 0 or 1."""
        theirs = _ticks_of(other)
        return (self.ticks > theirs) - (self.ticks < theirs)

    def Equals(self, other: Any) -> bool:
        """Equal durations."""
        return isinstance(other, TimeSpan) and other.ticks == self.ticks

    def ToString(self, fmt: str | None = None, provider: Any = None) -> str:
        """``ToString()`` (the ``c`` form) or with a TimeSpan format string."""
        if not fmt:
            return str(self)
        from shell.language.dotnet_dates import format_timespan
        return format_timespan(self, str(fmt))

    # -- Python protocol -------------------------------------------------------------------------

    def __str__(self) -> str:
        # The constant ("c") format: [-][d.]hh:mm:ss[.fffffff]
        ticks = abs(self.ticks)
        days, rest = divmod(ticks, TICKS_PER_DAY)
        hours, rest = divmod(rest, TICKS_PER_HOUR)
        minutes, rest = divmod(rest, TICKS_PER_MINUTE)
        seconds, frac = divmod(rest, TICKS_PER_SECOND)
        text = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
        if days:
            text = f"{days}.{text}"
        if frac:
            text = f"{text}.{frac:07d}"
        return "-" + text if self.ticks < 0 else text

    def __repr__(self) -> str:
        return f"TimeSpan({self})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TimeSpan) and other.ticks == self.ticks

    def __hash__(self) -> int:
        return hash(self.ticks)

    def __lt__(self, other: TimeSpan) -> bool:
        return self.ticks < other.ticks

    def __le__(self, other: TimeSpan) -> bool:
        return self.ticks <= other.ticks

    def __gt__(self, other: TimeSpan) -> bool:
        return self.ticks > other.ticks

    def __ge__(self, other: TimeSpan) -> bool:
        return self.ticks >= other.ticks

    def __neg__(self) -> TimeSpan:
        return TimeSpan(-self.ticks)

    def __reduce__(self) -> Any:
        return (TimeSpan, (self.ticks,))


def _ticks_of(value: Any) -> int:
    if isinstance(value, TimeSpan):
        return value.ticks
    if isinstance(value, timedelta):
        return TimeSpan.from_timedelta(value).ticks
    return int(value)


ZERO = TimeSpan(0)
