"""The text of single values, and the property access every view goes through.

A value shown on its own line (a string, a number) uses PowerShell's string
conversion (``conversions.to_string``); a value inside a table cell or a list
entry uses what PowerShell's formatter shows there: ``{a, b, c}`` for a
collection (at most ``$FormatEnumerationLimit`` = 4 items, then ``...``), the
culture's short date for a datetime, the string form of an object.

Property names and values come from ``shell.language.members`` (the one place
that knows how every kind of value exposes properties), with a fast path for
``PSObject`` bags, which are by far the most common rows.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from shell.language import members as _members
from shell.language.conversions import to_string
from shell.language.psobject import PSLive, PSObject

_MISSING = object()

#: PowerShell's $FormatEnumerationLimit: items of a collection shown in a cell.
ENUMERATION_LIMIT = 4

#: Properties never shown: PowerShell keeps PSShowComputerName hidden.
_HIDDEN = frozenset({"psshowcomputername"})

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

#: TimeSpan's properties in the order PowerShell lists them.
TIMESPAN_PROPERTIES = ("Days", "Hours", "Minutes", "Seconds", "Milliseconds", "Ticks",
                       "TotalDays", "TotalHours", "TotalMinutes", "TotalSeconds",
                       "TotalMilliseconds")


def _clock(d: _dt.datetime) -> str:
    hour = d.hour % 12 or 12
    return f"{hour}:{d.minute:02d}:{d.second:02d} {'AM' if d.hour < 12 else 'PM'}"


def long_date(d: _dt.datetime) -> str:
    """A datetime as PowerShell shows it alone: ``Tuesday, November 24, 2026 7:11:32 AM``
    (the year has four digits, as .NET's ``yyyy``: ``January 1, 0001``)."""
    return f"{_DAYS[d.weekday()]}, {_MONTHS[d.month - 1]} {d.day}, {d.year:04d} {_clock(d)}"


def short_date(d: _dt.datetime) -> str:
    """A datetime as PowerShell shows it in a table or list (en-US): ``11/24/2026 7:11:32 AM``."""
    return f"{d.month}/{d.day}/{d.year:04d} {_clock(d)}"


def is_number(value: Any) -> bool:
    """True for values a table right-aligns (ints and floats, not bools)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_empty(value: Any) -> bool:
    """No value to show: None or an empty string (it cannot decide a column's alignment)."""
    return value is None or (type(value) is str and not value)


def is_timespan(value: Any) -> bool:
    """True for a TimeSpan (conversions.TimeSpan or a plain timedelta)."""
    return isinstance(value, _dt.timedelta) or type(value).__name__ == "TimeSpan"


def _item_text(value: Any) -> str:
    """One item of a collection inside a cell."""
    if isinstance(value, (list, tuple)):
        return "System.Object[]"
    if isinstance(value, dict):
        return "System.Collections.Hashtable"
    return cell_text(value)


def cell_text(value: Any) -> str:
    """A value as shown in a table cell or after ``Name : `` in a list."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, _dt.datetime):
        return short_date(value)
    if isinstance(value, (list, tuple)):
        shown = ", ".join(_item_text(v) for v in value[:ENUMERATION_LIMIT])
        more = "..." if len(value) > ENUMERATION_LIMIT else ""
        return "{" + shown + more + "}"
    if isinstance(value, dict):
        # PowerShell enumerates a dictionary in a cell as its entries: {[a, 1], [b, 2]}
        entries = [f"[{k}, {cell_text(v)}]" for k, v in list(value.items())[:ENUMERATION_LIMIT]]
        more = "..." if len(value) > ENUMERATION_LIMIT else ""
        return "{" + ", ".join(entries) + more + "}"
    if isinstance(value, PSObject):
        return str(value)
    try:
        return to_string(value)
    except Exception:  # noqa: BLE001 - a value that cannot be shown must not break the table
        return str(value)


def scalar_text(value: Any) -> str:
    """A value shown on its own line (strings as themselves, numbers as PowerShell writes them)."""
    if isinstance(value, str):
        return value
    try:
        return to_string(value)
    except Exception:  # noqa: BLE001
        return str(value)


# ----------------------------------------------------------------- properties
def _timespan_values(td: _dt.timedelta) -> dict[str, Any]:
    ticks = (td.days * 86_400 + td.seconds) * 10_000_000 + td.microseconds * 10
    sign = -1 if ticks < 0 else 1
    rest = abs(ticks)
    days, rest = divmod(rest, 864_000_000_000)
    hours, rest = divmod(rest, 36_000_000_000)
    minutes, rest = divmod(rest, 600_000_000)
    seconds, rest = divmod(rest, 10_000_000)
    return {
        "Days": sign * days, "Hours": sign * hours, "Minutes": sign * minutes,
        "Seconds": sign * seconds, "Milliseconds": sign * (rest // 10_000), "Ticks": ticks,
        "TotalDays": ticks / 864_000_000_000, "TotalHours": ticks / 36_000_000_000,
        "TotalMinutes": ticks / 600_000_000, "TotalSeconds": ticks / 10_000_000,
        "TotalMilliseconds": ticks / 10_000,
    }


def property_names(obj: Any) -> list[str]:
    """The properties a view of ``obj`` shows, in order (PSShowComputerName never)."""
    if isinstance(obj, PSObject):
        names = obj.names()
    else:
        try:
            names = list(_members.property_names(obj))
        except Exception:  # noqa: BLE001 - a broken object shows as its string form instead
            names = []
        if not names:
            declared = getattr(type(obj), "ps_properties", None)
            if declared:
                names = list(declared)
            elif is_timespan(obj):
                names = list(TIMESPAN_PROPERTIES)
    return [n for n in names if n.lower() not in _HIDDEN]


def get_value(obj: Any, name: str) -> Any:
    """The value of property ``name`` of ``obj`` (None when it has none or it fails)."""
    if isinstance(obj, PSObject):
        return obj.get(name)
    if isinstance(obj, dict):
        for key, value in obj.items():
            if str(key).lower() == name.lower():
                return value
        return None
    if isinstance(obj, _dt.timedelta) and name in TIMESPAN_PROPERTIES:
        return _timespan_values(obj)[name]
    try:
        value = _members.get_member(obj, name)
    except Exception:  # noqa: BLE001 - PowerShell shows a failing property as empty
        return None
    if value is not None or not hasattr(type(obj), "ps_properties"):
        return value
    # members finds live properties through the class; an attribute set only on the
    # instance (a class that did not declare it) is still the property of that name.
    try:
        # PSLive properties are attributes named as in PowerShell; ps_get matches any case.
        value = getattr(obj, name, _MISSING)
        if value is _MISSING and isinstance(obj, PSLive):
            value = obj.ps_get(name)
        return None if value is _MISSING else value
    except Exception:  # noqa: BLE001 - PowerShell shows a failing property as empty
        return None


def formatted(fmt: Any, value: Any) -> Any:
    """``value`` through a column's format: a .NET format string (``'N2'``) or a function.

    None stays None (an empty cell); a format that fails shows the plain value.
    """
    if fmt is None or value is None:
        return value
    try:
        if isinstance(fmt, str):
            from shell.language.conversions import format_value  # noqa: PLC0415
            return format_value(value, fmt)
        return fmt(value)
    except Exception:  # noqa: BLE001 - a value the format cannot take shows as itself
        return value


#: A provider-qualified path (``Microsoft.PowerShell.Core\\FileSystem::/tmp``) shows
#: without its provider in a group heading, as PowerShell's views show it.
_PROVIDER_SEPARATOR = "::"


def heading_text(value: Any) -> str:
    """A group heading's value: the cell text, a provider path without its provider."""
    text = cell_text(value)
    head, sep, rest = text.partition(_PROVIDER_SEPARATOR)
    if sep and "\\" in head and " " not in head:
        return rest
    return text
