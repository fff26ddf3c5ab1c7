"""The members of dates: ``$d.Year``, ``$d.DayOfWeek``, ``$d.AddDays(1)``, ``$d.ToString('yyyy')``.

Dates are ``datetime.datetime`` (local, naive), or ``UnspecifiedDateTime`` for a
DateTime of Kind Unspecified (``dotnet_primitives``).  ``DATETIME_PROPS`` are the
properties (``DATETIME_DISPLAY`` the order Format-List shows them in);
``DATETIME_METHODS`` the methods, as ``member_methods`` dispatches them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Callable

from shell.language.conversions import convert_to, format_value
from shell.language.dotnet_primitives import UnspecifiedDateTime
from shell.language.member_calls import (
    MethodError, compare_to, double_arg, int_arg, long_arg, method_table,
)
from shell.language.timespan import TimeSpan

__all__ = ["DATETIME_PROPS", "DATETIME_DISPLAY", "DATETIME_METHODS", "format_datetime"]


# -- properties -----------------------------------------------------------------------------------

def format_datetime(value: datetime, spec: str) -> str:
    """A date with a .NET format (dotnet_dates is imported on first use)."""
    from shell.language.dotnet_dates import format_datetime as impl
    return impl(value, spec)


def _ticks(value: datetime) -> int:
    delta = value - datetime(1, 1, 1)
    return (delta.days * 86_400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

DATETIME_PROPS: dict[str, Callable[[datetime], Any]] = {
    "displayhint": lambda d: "DateTime",
    "datetime": lambda d: format_datetime(d, "F"),
    "date": lambda d: d.replace(hour=0, minute=0, second=0, microsecond=0),   # of the same Kind
    "day": lambda d: d.day,
    "dayofweek": lambda d: _DAY_NAMES[d.weekday()],
    "dayofyear": lambda d: d.timetuple().tm_yday,
    "hour": lambda d: d.hour,
    "kind": lambda d: "Unspecified" if type(d) is UnspecifiedDateTime else "Local",
    "millisecond": lambda d: d.microsecond // 1000,
    "microsecond": lambda d: d.microsecond % 1000,
    "nanosecond": lambda d: 0,
    "minute": lambda d: d.minute,
    "month": lambda d: d.month,
    "second": lambda d: d.second,
    "ticks": _ticks,
    "timeofday": lambda d: TimeSpan.from_timedelta(d - datetime(d.year, d.month, d.day)),
    "year": lambda d: d.year,
}
DATETIME_DISPLAY = ["DisplayHint", "DateTime", "Date", "Day", "DayOfWeek", "DayOfYear", "Hour", "Kind",
                     "Millisecond", "Microsecond", "Nanosecond", "Minute", "Month", "Second", "Ticks",
                     "TimeOfDay", "Year"]



# -- methods --------------------------------------------------------------------------------------

def _add_months(d: datetime, months: Any) -> datetime:
    import calendar
    total = d.year * 12 + (d.month - 1) + int_arg(months)
    year, month = divmod(total, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise MethodError("The added or subtracted value results in an un-representable DateTime. "
                          "(Parameter 'months')")
    day = min(d.day, calendar.monthrange(year, month)[1])
    return d.replace(year=year, month=month, day=day)


def _add(d: datetime, **units: float) -> datetime:
    try:
        return d + timedelta(**units)
    except OverflowError:
        raise MethodError("The added or subtracted value results in an un-representable DateTime. "
                          "(Parameter 'value')") from None


def _dt_subtract(d: datetime, other: Any) -> Any:
    if isinstance(other, datetime):
        return TimeSpan.from_timedelta(d - other)
    if isinstance(other, TimeSpan):
        return d - other.delta
    raise MethodError("Cannot convert argument.")


def _dt_to_string(d: datetime, fmt: Any = None, provider: Any = None) -> str:
    if fmt is None or not isinstance(fmt, str) or fmt == "":
        return format_datetime(d, "G")
    return format_value(d, fmt)


def _to_utc(d: datetime) -> datetime:
    from datetime import timezone
    return d.astimezone(timezone.utc).replace(tzinfo=None)


def _file_time(d: datetime) -> int:
    utc = _to_utc(d)
    return _ticks(utc) - _ticks(datetime(1601, 1, 1))


DATETIME_METHODS = method_table({
    "AddDays": lambda d, n: _add(d, days=double_arg(n)), "AddHours": lambda d, n: _add(d, hours=double_arg(n)),
    "AddMinutes": lambda d, n: _add(d, minutes=double_arg(n)),
    "AddSeconds": lambda d, n: _add(d, seconds=double_arg(n)),
    "AddMilliseconds": lambda d, n: _add(d, milliseconds=double_arg(n)),
    "AddTicks": lambda d, n: _add(d, microseconds=long_arg(n) / 10),
    "AddMonths": _add_months, "AddYears": lambda d, n: _add_months(d, int_arg(n) * 12),
    "Add": lambda d, ts: d + convert_to("timespan", ts).delta, "Subtract": _dt_subtract,
    "ToString": _dt_to_string, "ToShortDateString": lambda d: format_datetime(d, "d"),
    "ToLongDateString": lambda d: format_datetime(d, "D"),
    "ToShortTimeString": lambda d: format_datetime(d, "t"),
    "ToLongTimeString": lambda d: format_datetime(d, "T"),
    "ToUniversalTime": _to_utc, "ToLocalTime": lambda d: d,
    "CompareTo": compare_to, "Equals": lambda a, b: isinstance(b, datetime) and a == b,
    "GetHashCode": lambda d: hash(d) & 0x7FFFFFFF,
    "IsDaylightSavingTime": lambda d: bool(d.astimezone().dst()),
    "ToFileTime": _file_time, "ToFileTimeUtc": _file_time,
    "GetDateTimeFormats": lambda d, *a: [format_datetime(d, f) for f in "dDfFgGmorstTuUy"],
})
