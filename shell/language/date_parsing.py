"""Reading dates and durations from text: the forms casts accept, and .NET's ParseExact.

``parse_datetime`` reads what the invariant culture reads (``[datetime]'2024-01-31'``,
``'01/31/2024 10:00'``, ISO 8601 ...); ``parse_exact`` reads one .NET custom or
standard format (``[datetime]::ParseExact``); ``parse_timespan`` reads
``[-][d.]hh:mm[:ss[.fffffff]]``.  Imported on first use (start-up time).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from shell.language.conversions import cannot_convert
from shell.language.dotnet_primitives import UnspecifiedDateTime, unspecified
from shell.language.timespan import TimeSpan

__all__ = ["parse_datetime", "parse_timespan", "parse_exact", "to_datetime", "to_timespan"]


# -- the invariant forms -----------------------------------------------------------------------

_DATE_FORMATS = (
    "%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p",
    "%Y/%m/%d", "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %I:%M %p", "%Y-%m-%d %I:%M:%S %p",
    "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y",
    "%A, %B %d, %Y", "%A, %B %d, %Y %I:%M:%S %p", "%A, %d %B %Y %H:%M:%S",
    "%a, %d %b %Y %H:%M:%S GMT", "%Y%m%d",
)
_TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M:%S %p")


def parse_datetime(text: str) -> datetime:
    """A date in one of the forms the invariant culture reads; raises ValueError.

    A time with a zone (``Z``, ``+02:00``) is converted to local time (Kind Local, a
    plain datetime); one without is of Kind Unspecified (``UnspecifiedDateTime``).
    """
    s = text.strip()
    if not s:
        raise ValueError(text)
    try:
        value = datetime.fromisoformat(s)
    except ValueError:
        pass
    else:
        if value.tzinfo is not None:
            # .NET converts a zoned time to local time (Kind=Local).
            return value.astimezone().replace(tzinfo=None)
        return unspecified(value)
    for fmt in _DATE_FORMATS:
        try:
            return unspecified(datetime.strptime(s, fmt))
        except ValueError:
            continue
    for fmt in _TIME_FORMATS:
        try:
            t = datetime.strptime(s, fmt)
        except ValueError:
            continue
        today = datetime.now()
        return unspecified(today.replace(hour=t.hour, minute=t.minute, second=t.second, microsecond=0))
    raise ValueError(text)


def to_datetime(value: Any) -> datetime:
    """``[datetime]value``: a date, a string in an invariant form, or a tick count."""
    if type(value) is datetime:
        return value
    if isinstance(value, str):
        try:
            return parse_datetime(value)
        except ValueError:
            raise cannot_convert(value, "System.DateTime",
                                 f"String '{value}' was not recognized as a valid DateTime.") from None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return UnspecifiedDateTime(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        return UnspecifiedDateTime(1, 1, 1) + timedelta(microseconds=value // 10)
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return to_datetime(value[0])
    raise cannot_convert(value, "System.DateTime")


_TIMESPAN_PATTERN = r"\s*(-)?(?:(\d+)[.:])??(\d+):(\d+)(?::(\d+)(?:\.(\d{1,7}))?)?\s*"


def parse_timespan(text: str) -> TimeSpan:
    """``[-][d.]hh:mm[:ss[.fffffff]]`` or a whole number of days; raises ValueError."""
    s = text.strip()
    if s.lstrip("-").isdigit():
        return TimeSpan.from_parts(days=int(s))
    m = re.fullmatch(_TIMESPAN_PATTERN, text)
    if m is None:
        raise ValueError(text)
    neg, days, hours, minutes, seconds, frac = m.groups()
    h, mi, se = int(hours), int(minutes), int(seconds or 0)
    if h > 23 or mi > 59 or se > 59:
        raise ValueError(text)
    ticks = TimeSpan.from_parts(days=int(days or 0), hours=h, minutes=mi, seconds=se).ticks
    if frac:
        ticks += int(frac.ljust(7, "0"))
    return TimeSpan(-ticks if neg else ticks)


def to_timespan(value: Any) -> TimeSpan:
    """``[timespan]value``: a TimeSpan, a string, a timedelta or a tick count."""
    if isinstance(value, TimeSpan):
        return value
    if isinstance(value, str):
        try:
            return parse_timespan(value)
        except ValueError:
            raise cannot_convert(value, "System.TimeSpan",
                                 f"String '{value}' was not recognized as a valid TimeSpan.") from None
    if isinstance(value, timedelta):
        return TimeSpan.from_timedelta(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return TimeSpan(value)
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return to_timespan(value[0])
    raise cannot_convert(value, "System.TimeSpan")


# -- ParseExact ------------------------------------------------------------------------------

_PARSE_TOKENS = {
    "yyyy": r"(?P<y>\d{4})", "yyy": r"(?P<y>\d{3,4})", "yy": r"(?P<yy>\d{2})", "y": r"(?P<yy>\d{1,2})",
    "MMMM": r"(?P<MMMM>[A-Za-z]+)", "MMM": r"(?P<MMM>[A-Za-z]{3})", "MM": r"(?P<M>\d{2})", "M": r"(?P<M>\d{1,2})",
    "dddd": r"[A-Za-z]+", "ddd": r"[A-Za-z]{3}", "dd": r"(?P<d>\d{2})", "d": r"(?P<d>\d{1,2})",
    "HH": r"(?P<H>\d{2})", "H": r"(?P<H>\d{1,2})", "hh": r"(?P<h>\d{2})", "h": r"(?P<h>\d{1,2})",
    "mm": r"(?P<m>\d{2})", "m": r"(?P<m>\d{1,2})", "ss": r"(?P<s>\d{2})", "s": r"(?P<s>\d{1,2})",
    "tt": r"(?P<tt>[AaPp][Mm])", "t": r"(?P<tt>[AaPp])",
    "zzz": r"(?P<z>[+-]\d{2}:?\d{2}|Z)", "zz": r"(?P<z>[+-]\d{2})", "z": r"(?P<z>[+-]\d{1,2})",
    "K": r"(?P<z>[+-]\d{2}:?\d{2}|Z)?",
}


def parse_exact(text: str, fmt: str) -> datetime | None:
    """``text`` read with one .NET date format (``[datetime]::ParseExact``), or None."""
    from shell.language.dotnet_dates import _DATE_STANDARD, MONTH_NAMES
    if len(fmt) == 1:
        fmt = _DATE_STANDARD.get(fmt, fmt)
    parts: list[str] = []
    i, n = 0, len(fmt)
    used: set[str] = set()
    while i < n:
        c = fmt[i]
        if c in "'\"":
            end = fmt.find(c, i + 1)
            end = n if end < 0 else end
            parts.append(re.escape(fmt[i + 1:end]))
            i = end + 1
            continue
        if c == "\\" and i + 1 < n:
            parts.append(re.escape(fmt[i + 1]))
            i += 2
            continue
        j = i
        while j < n and fmt[j] == c:
            j += 1
        run = fmt[i:j]
        if c in "fF":
            parts.append(rf"(?P<f>\d{{{len(run)}}})" if c == "f" else rf"(?P<f>\d{{0,{len(run)}}})")
            used.add("f")
        elif run in _PARSE_TOKENS or (c == "y" and len(run) > 4):
            token = _PARSE_TOKENS.get(run, _PARSE_TOKENS["yyyy"])
            group = re.search(r"\?P<(\w+)>", token)
            if group and group.group(1) in used:
                token = re.sub(r"\?P<\w+>", "?:", token)
            elif group:
                used.add(group.group(1))
            parts.append(token)
        else:
            parts.append(re.escape(run))
        i = j
    m = re.fullmatch("".join(parts), text.strip(), re.IGNORECASE)
    if m is None:
        return None
    g = m.groupdict()
    now = datetime.now()
    has_date = any(g.get(k) for k in ("y", "yy", "M", "MMM", "MMMM", "d"))
    year = int(g["y"]) if g.get("y") else (2000 + int(g["yy"]) if g.get("yy") else (1 if False else now.year))
    month = int(g["M"]) if g.get("M") else 1
    for key in ("MMMM", "MMM"):
        if g.get(key):
            names = [name.lower() if key == "MMMM" else name[:3].lower() for name in MONTH_NAMES]
            if g[key].lower() not in names:
                return None
            month = names.index(g[key].lower()) + 1
    day = int(g["d"]) if g.get("d") else 1
    if not has_date:
        year, month, day = now.year, now.month, now.day
    hour = int(g["H"]) if g.get("H") else 0
    if g.get("h"):
        hour = int(g["h"]) % 12
        if g.get("tt") and g["tt"][0].lower() == "p":
            hour += 12
    minute = int(g["m"]) if g.get("m") else 0
    second = int(g["s"]) if g.get("s") else 0
    micro = int((g.get("f") or "0").ljust(6, "0")[:6])
    try:
        value = datetime(year, month, day, hour, minute, second, micro)
    except ValueError:
        return None
    zone = g.get("z")
    if zone:
        from datetime import timezone
        if zone.upper() == "Z":
            tz = timezone.utc
        else:
            digits = zone[1:].replace(":", "")
            minutes = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) >= 4 else 0)
            tz = timezone(timedelta(minutes=-minutes if zone[0] == "-" else minutes))
        return value.replace(tzinfo=tz).astimezone().replace(tzinfo=None)
    return unspecified(value)
