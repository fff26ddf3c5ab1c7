"""Static members of ``[datetime]``, ``[timespan]`` and ``[System.Diagnostics.Stopwatch]``.

``[datetime]::Now``, ``[datetime]::ParseExact($s, 'yyyy-MM-dd', $null)``,
``[timespan]::FromMinutes(90)``, ``[Diagnostics.Stopwatch]::StartNew()``.  Declared in
the ``members_static`` registry by ``register()``.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Any

from shell.language.conversions import INT64_MAX, INT64_MIN, convert_to, to_string
from shell.language.dotnet_primitives import UnspecifiedDateTime, unspecified
from shell.language.member_calls import MethodError, double_arg, int_arg, long_arg, no_overload
from shell.language.members_static import define
from shell.language.operations import compare_values
from shell.language.psobject import PSLive
from shell.language.timespan import (
    TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_MS, TICKS_PER_SECOND, TimeSpan,
)

__all__ = ["register", "Stopwatch"]


# -- [datetime] and [timespan] --------------------------------------------------------------------

def _parse_exact(text: Any, formats: Any, *args: Any) -> datetime:
    from shell.language.date_parsing import parse_exact
    s = to_string(text)
    for fmt in (formats if isinstance(formats, (list, tuple)) else [formats]):
        value = parse_exact(s, to_string(fmt))
        if value is not None:
            return value
    raise MethodError(f"String '{s}' was not recognized as a valid DateTime.")


def _date_parse(text: Any, *args: Any) -> datetime:
    from shell.language.date_parsing import parse_datetime
    try:
        return parse_datetime(to_string(text))
    except ValueError:
        raise MethodError(f"String '{to_string(text)}' was not recognized as a valid DateTime.") from None


def _specify_kind(value: Any, kind: Any) -> datetime:
    date = convert_to("datetime", value)
    if to_string(kind).lower() == "unspecified":
        return unspecified(date)
    # Local (and Utc, which psrepl keeps as a plain time): a plain datetime.
    return datetime(date.year, date.month, date.day, date.hour, date.minute, date.second, date.microsecond)


def _date_try_parse(text: Any, *rest: Any) -> bool:
    from shell.language.static_math import try_parse
    return try_parse(_date_parse, lambda: UnspecifiedDateTime(1, 1, 1))(text, *rest)


def _date_new(*args: Any) -> datetime:
    if len(args) == 1:
        return convert_to("datetime", long_arg(args[0]))
    parts = [int_arg(a) for a in args[:7]]
    if len(parts) not in (3, 6, 7):
        raise no_overload("new", len(args))
    if len(parts) == 7:
        parts[6] *= 1000
    try:
        return UnspecifiedDateTime(*parts)
    except ValueError:
        raise MethodError("Year, Month, and Day parameters describe an un-representable DateTime.") from None


def _timespan_new(*args: Any) -> TimeSpan:
    values = [long_arg(a) for a in args]
    if len(values) == 1:
        return TimeSpan(values[0])
    if len(values) == 3:
        return TimeSpan.from_parts(hours=values[0], minutes=values[1], seconds=values[2])
    if len(values) == 4:
        return TimeSpan.from_parts(days=values[0], hours=values[1], minutes=values[2], seconds=values[3])
    if len(values) == 5:
        return TimeSpan.from_parts(days=values[0], hours=values[1], minutes=values[2], seconds=values[3],
                                   milliseconds=values[4])
    raise no_overload("new", len(args))


def _timespan_parse(text: Any, *args: Any) -> TimeSpan:
    from shell.language.date_parsing import parse_timespan
    try:
        return parse_timespan(to_string(text))
    except ValueError:
        raise MethodError(f"String '{to_string(text)}' was not recognized as a valid TimeSpan.") from None


def _calendar() -> Any:
    import calendar   # imported when a script asks, not when [datetime]::Now is first used
    return calendar


# -- [System.Diagnostics.Stopwatch] ---------------------------------------------------------------

def _timestamp() -> int:
    return time.perf_counter_ns()


class Stopwatch(PSLive):
    """``[System.Diagnostics.Stopwatch]``: measures elapsed time."""

    ps_type_names = ("System.Diagnostics.Stopwatch", "System.Object")
    ps_properties = ("IsRunning", "Elapsed", "ElapsedMilliseconds", "ElapsedTicks")

    def __init__(self, start: bool = False) -> None:
        self._elapsed_ns = 0
        self._started: int | None = None
        if start:
            self.Start()

    def _ns(self) -> int:
        running = _timestamp() - self._started if self._started is not None else 0
        return self._elapsed_ns + running

    @property
    def IsRunning(self) -> bool:
        """Whether the stopwatch is measuring."""
        return self._started is not None

    @property
    def Elapsed(self) -> TimeSpan:
        """Elapsed time."""
        return TimeSpan(self._ns() // 100)

    @property
    def ElapsedMilliseconds(self) -> int:
        """Elapsed whole milliseconds."""
        return self._ns() // 1_000_000

    @property
    def ElapsedTicks(self) -> int:
        """Elapsed timer ticks (nanoseconds)."""
        return self._ns()

    def Start(self) -> None:
        """Start or resume measuring."""
        if self._started is None:
            self._started = _timestamp()

    def Stop(self) -> None:
        """Stop measuring."""
        if self._started is not None:
            self._elapsed_ns += _timestamp() - self._started
            self._started = None

    def Reset(self) -> None:
        """Stop and zero."""
        self._elapsed_ns = 0
        self._started = None

    def Restart(self) -> None:
        """Zero and start."""
        self.Reset()
        self.Start()

    def __str__(self) -> str:
        return "System.Diagnostics.Stopwatch"


def register() -> None:
    """Declare [datetime], [timespan] and [System.Diagnostics.Stopwatch]."""
    define("datetime", "System.DateTime", {
        "Now": datetime.now, "Today": lambda: datetime.combine(datetime.now().date(), datetime.min.time()),
        "UtcNow": lambda: datetime.now(timezone.utc).replace(tzinfo=None),
        "MinValue": lambda: UnspecifiedDateTime(1, 1, 1),
        "MaxValue": lambda: UnspecifiedDateTime(9999, 12, 31, 23, 59, 59, 999999),
        "UnixEpoch": lambda: datetime(1970, 1, 1),
    }, {
        "Parse": _date_parse, "ParseExact": _parse_exact, "new": _date_new,
        "TryParse": _date_try_parse,
        "DaysInMonth": lambda y, m: _calendar().monthrange(int_arg(y), int_arg(m))[1],
        "IsLeapYear": lambda y: _calendar().isleap(int_arg(y)), "SpecifyKind": _specify_kind,
        "Compare": lambda a, b: compare_values(a, b), "Equals": lambda a, b: a == b,
        "FromFileTime": lambda n: (datetime(1601, 1, 1) + timedelta(microseconds=long_arg(n) // 10))
        .replace(tzinfo=timezone.utc).astimezone().replace(tzinfo=None),
    })
    define("timespan", "System.TimeSpan", {
        "Zero": lambda: TimeSpan(0), "MaxValue": lambda: TimeSpan(INT64_MAX),
        "MinValue": lambda: TimeSpan(INT64_MIN), "TicksPerMillisecond": lambda: TICKS_PER_MS,
        "TicksPerSecond": lambda: TICKS_PER_SECOND, "TicksPerMinute": lambda: TICKS_PER_MINUTE,
        "TicksPerHour": lambda: TICKS_PER_HOUR, "TicksPerDay": lambda: TICKS_PER_DAY,
    }, {
        "FromDays": lambda n: TimeSpan.from_parts(days=double_arg(n)),
        "FromHours": lambda n: TimeSpan.from_parts(hours=double_arg(n)),
        "FromMinutes": lambda n: TimeSpan.from_parts(minutes=double_arg(n)),
        "FromSeconds": lambda n: TimeSpan.from_parts(seconds=double_arg(n)),
        "FromMilliseconds": lambda n: TimeSpan.from_parts(milliseconds=double_arg(n)),
        "FromTicks": lambda n: TimeSpan(long_arg(n)), "Parse": _timespan_parse, "new": _timespan_new,
        "Compare": lambda a, b: compare_values(a, b),
    })
    define("diagnostics.stopwatch", "System.Diagnostics.Stopwatch",
            {"Frequency": lambda: 1_000_000_000, "IsHighResolution": lambda: True},
            {"StartNew": lambda: Stopwatch(start=True), "new": lambda: Stopwatch(),
             "GetTimestamp": _timestamp})
