""".NET date and time span format strings: ``[datetime]``'s ``d``/``o``/``yyyy-MM-dd``, ``[timespan]``'s ``c``/``g``.

The culture is en-US (day and month names, ``M/d/yyyy``), as PowerShell on a US
system formats with ``-f`` and ``ToString()``.
"""

from __future__ import annotations

from datetime import datetime

from shell.language.dotnet_numbers import _BAD_FORMAT, FormatError
from shell.language.dotnet_primitives import UnspecifiedDateTime
from shell.language.timespan import TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND, TimeSpan

__all__ = ["format_datetime", "format_timespan", "DAY_NAMES", "MONTH_NAMES"]

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


# -- dates ------------------------------------------------------------------------------------------

_DATE_STANDARD = {
    "d": "M/d/yyyy", "D": "dddd, MMMM d, yyyy", "f": "dddd, MMMM d, yyyy h:mm tt",
    "F": "dddd, MMMM d, yyyy h:mm:ss tt", "g": "M/d/yyyy h:mm tt", "G": "M/d/yyyy h:mm:ss tt",
    "m": "MMMM d", "M": "MMMM d", "o": "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
    "O": "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK", "r": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
    "R": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'", "s": "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
    "t": "h:mm tt", "T": "h:mm:ss tt", "u": "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
    "U": "dddd, MMMM d, yyyy h:mm:ss tt", "y": "MMMM yyyy", "Y": "MMMM yyyy",
}


def _utc_offset(value: datetime) -> tuple[int, int]:
    """(sign, minutes) of the local UTC offset at ``value``."""
    try:
        aware = value if value.tzinfo is not None else value.astimezone()
    except (ValueError, OverflowError):   # years 1 and 9999 have no local-time conversion
        return 1, 0
    offset = aware.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    return (-1 if minutes < 0 else 1), abs(minutes)


def format_datetime(value: datetime, spec: str) -> str:
    """A date formatted with a standard (``d``, ``o``) or custom (``yyyy-MM-dd``) format."""
    if len(spec) == 1:
        pattern = _DATE_STANDARD.get(spec)
        if pattern is None:
            raise FormatError(_BAD_FORMAT)
        if spec in "rRuU":
            if value.tzinfo is not None:
                from datetime import timezone
                value = value.astimezone(timezone.utc).replace(tzinfo=None)
            else:
                value = _to_utc(value)
        spec = pattern
    out: list[str] = []
    i, n = 0, len(spec)
    while i < n:
        c = spec[i]
        if c in "'\"":
            end = spec.find(c, i + 1)
            end = n if end < 0 else end
            out.append(spec[i + 1:end])
            i = end + 1
            continue
        if c == "\\" and i + 1 < n:
            out.append(spec[i + 1])
            i += 2
            continue
        if c == "%" and i + 1 < n:
            i += 1
            continue
        j = i
        while j < n and spec[j] == c:
            j += 1
        count = j - i
        out.append(_date_token(value, c, count, spec, j, out))
        i = j
    return "".join(out)


def _to_utc(value: datetime) -> datetime:
    from datetime import timezone
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def _date_token(value: datetime, c: str, count: int, spec: str, end: int, out: list[str]) -> str:
    if c == "d":
        if count == 1:
            return str(value.day)
        if count == 2:
            return f"{value.day:02d}"
        name = DAY_NAMES[value.weekday()]
        return name[:3] if count == 3 else name
    if c == "M":
        if count == 1:
            return str(value.month)
        if count == 2:
            return f"{value.month:02d}"
        name = MONTH_NAMES[value.month - 1]
        return name[:3] if count == 3 else name
    if c == "y":
        if count == 1:
            return str(value.year % 100)
        if count == 2:
            return f"{value.year % 100:02d}"
        return str(value.year).rjust(count, "0")
    if c == "h":
        hour = value.hour % 12 or 12
        return str(hour) if count == 1 else f"{hour:02d}"
    if c == "H":
        return str(value.hour) if count == 1 else f"{value.hour:02d}"
    if c == "m":
        return str(value.minute) if count == 1 else f"{value.minute:02d}"
    if c == "s":
        return str(value.second) if count == 1 else f"{value.second:02d}"
    if c in "fF":
        digits = f"{value.microsecond:06d}0"[:min(count, 7)]
        if c == "F":
            digits = digits.rstrip("0")
            if not digits and out and out[-1].endswith("."):
                out[-1] = out[-1][:-1]
        return digits
    if c == "t":
        marker = "AM" if value.hour < 12 else "PM"
        return marker[0] if count == 1 else marker
    if c == "z":
        sign, minutes = _utc_offset(value)
        hours = minutes // 60
        s = "-" if sign < 0 else "+"
        if count == 1:
            return f"{s}{hours}"
        if count == 2:
            return f"{s}{hours:02d}"
        return f"{s}{hours:02d}:{minutes % 60:02d}"
    if c == "K":
        if type(value) is UnspecifiedDateTime:
            return ""   # Kind Unspecified: no zone to show
        sign, minutes = _utc_offset(value)
        return f"{'-' if sign < 0 else '+'}{minutes // 60:02d}:{minutes % 60:02d}" * count
    if c == "g":
        return "A.D."
    if c in ":/":
        return c * count
    return c * count


# -- time spans -----------------------------------------------------------------------------------------

def format_timespan(value: TimeSpan, spec: str) -> str:
    """A TimeSpan with ``c``/``g``/``G`` or a custom format (``hh\\:mm\\:ss``, ``d\\.hh``)."""
    ticks = abs(value.ticks)
    days, rest = divmod(ticks, TICKS_PER_DAY)
    hours, rest = divmod(rest, TICKS_PER_HOUR)
    minutes, rest = divmod(rest, TICKS_PER_MINUTE)
    seconds, frac = divmod(rest, TICKS_PER_SECOND)
    sign = "-" if value.ticks < 0 else ""
    if spec in ("c", "t", "T"):
        return str(value)
    if spec == "g":
        text = f"{sign}{str(days) + ':' if days else ''}{hours}:{minutes:02d}:{seconds:02d}"
        trimmed = f"{frac:07d}".rstrip("0")
        return text + ("." + trimmed if trimmed else "")
    if spec == "G":
        return f"{sign}{days}:{hours:02d}:{minutes:02d}:{seconds:02d}.{frac:07d}"
    if len(spec) == 1 and spec not in "dhmsfF%":
        raise FormatError(_BAD_FORMAT)
    out: list[str] = []
    i, n = 0, len(spec)
    while i < n:
        c = spec[i]
        if c in "'\"":
            end = spec.find(c, i + 1)
            end = n if end < 0 else end
            out.append(spec[i + 1:end])
            i = end + 1
            continue
        if c == "\\" and i + 1 < n:
            out.append(spec[i + 1])
            i += 2
            continue
        if c == "%":
            i += 1
            continue
        j = i
        while j < n and spec[j] == c:
            j += 1
        count = j - i
        if c == "d":
            out.append(str(days).rjust(count, "0"))
        elif c == "h":
            out.append(str(hours).rjust(min(count, 2), "0"))
        elif c == "m":
            out.append(str(minutes).rjust(min(count, 2), "0"))
        elif c == "s":
            out.append(str(seconds).rjust(min(count, 2), "0"))
        elif c == "f":
            out.append(f"{frac:07d}"[:count])
        elif c == "F":
            out.append(f"{frac:07d}"[:count].rstrip("0"))
        else:
            # .NET refuses unquoted literals here; we are lenient (``hh:mm`` works).
            out.append(c * count)
        i = j
    return "".join(out)
