"""Get-Date and Start-Sleep.

Datetimes in the language are naive local ``datetime.datetime`` values. Get-Date
returns one unless -Format/-UFormat asks for a string; -Format takes .NET format
strings (through ``conversions.format_value``), -UFormat the Unix ``date`` ones.
Start-Sleep waits on the runspace's stop event, so Ctrl+C or Stop-Job ends it at once.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Any

from shell.cmdlets.core.validation import validate_range
from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, PSRuntimeError

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

#: Get-Date's part parameters: (parameter, attribute, lowest, highest).
_PARTS = (("Year", "year", 1, 9999), ("Month", "month", 1, 12), ("Day", "day", 1, 31),
          ("Hour", "hour", 0, 23), ("Minute", "minute", 0, 59), ("Second", "second", 0, 59),
          ("Millisecond", "millisecond", 0, 999))


def _add_months(dt: datetime, months: int) -> datetime:
    """.NET's AddMonths: the day is clamped to the length of the target month."""
    total = dt.year * 12 + (dt.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise ValueError("year out of range")
    day = min(dt.day, _days_in_month(year, month))
    return dt.replace(year=year, month=month, day=day)


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (datetime(year, month + 1, 1) - datetime(year, month, 1)).days


class GetDate(Cmdlet):
    """Get-Date: the current date and time, or a given one, optionally formatted."""

    name = "Get-Date"
    synopsis = "Gets the current date and time."
    params = (
        # 'object', converted in process(): a piped file gives its LastWriteTime, as in PowerShell.
        Param("Date", "object", position=0, pipeline=True, aliases=("LastWriteTime",),
              help="The date to use instead of now."),
        Param("UnixTimeSeconds", "long", aliases=("UnixTime",),
              help="The date as seconds since 1970-01-01 UTC."),
        Param("Year", "int"), Param("Month", "int"), Param("Day", "int"),
        Param("Hour", "int"), Param("Minute", "int"), Param("Second", "int"),
        Param("Millisecond", "int"),
        Param("DisplayHint", "string", choices=("Date", "Time", "DateTime"),
              help="Which parts to show (accepted; the value is always a full datetime)."),
        Param("Format", "string", help="A .NET format string, e.g. 'yyyy-MM-dd HH:mm'."),
        Param("UFormat", "string", help="A Unix format string, e.g. '%Y-%m-%d %H:%M'."),
        Param("AsUTC", "switch", help="Converts the date to UTC."),
    )
    examples = ("Get-Date", "Get-Date -Format 'yyyy-MM-dd'", "Get-Date -UFormat '%Y%m%d-%H%M%S'",
                "(Get-Date) - $start")

    def process(self) -> None:
        if self.unix_time_seconds is not None and "Date" in self.bound:
            self.throw("Parameter set cannot be resolved using the specified named parameters. One or more "
                       "parameters issued cannot be used together or an insufficient number of parameters "
                       "were provided.", category=ErrorCategory.INVALID_ARGUMENT,
                       error_id="AmbiguousParameterSet")
        if self.unix_time_seconds is not None:
            seconds = int(self.unix_time_seconds)
            if not _MIN_UNIX <= seconds <= _MAX_UNIX:
                # .NET's DateTimeOffset.FromUnixTimeSeconds refuses these.
                self.throw(f"Valid values are between {_MIN_UNIX} and {_MAX_UNIX}, inclusive. "
                           "(Parameter 'seconds')", category=ErrorCategory.INVALID_ARGUMENT,
                           error_id="System.ArgumentOutOfRangeException")
            dt = _local_from_epoch(seconds)
        elif self.date is not None:
            dt = self._as_datetime(self.date)
        else:
            dt = datetime.now()
        dt = self._apply_parts(dt)
        if self.as_utc:
            dt = _to_utc(dt)
        if self.format is not None and self.u_format is not None:
            self.throw("Parameter set cannot be resolved using the specified named parameters. One or more "
                       "parameters issued cannot be used together or an insufficient number of parameters "
                       "were provided.", category=ErrorCategory.INVALID_ARGUMENT,
                       error_id="AmbiguousParameterSet")
        if self.u_format is not None:
            self._out(uformat(dt, str(self.u_format), utc=bool(self.as_utc)))
        elif self.format is not None:
            from shell.language.conversions import format_value  # noqa: PLC0415
            self._out(format_value(dt, str(self.format)))
        else:
            self._out(dt)

    def _as_datetime(self, value: Any) -> datetime:
        """-Date as a datetime: a datetime, an object's LastWriteTime, or a string to parse."""
        if isinstance(value, datetime):
            return value
        from shell.language import members  # noqa: PLC0415
        from shell.language.conversions import convert_to  # noqa: PLC0415
        if not isinstance(value, (str, int, float)):
            written = members.get_member(value, "LastWriteTime")
            if isinstance(written, datetime):
                return written
        try:
            return convert_to("datetime", value)
        except PSRuntimeError as err:
            self.throw(f"Cannot bind parameter 'Date'. {err.record.message}",
                       category=ErrorCategory.INVALID_ARGUMENT, error_id="CannotConvertArgumentNoMessage")

    def _apply_parts(self, dt: datetime) -> datetime:
        """Set the parts given (-Year ... -Millisecond) as PowerShell does: by adding offsets."""
        for param, attr, low, high in _PARTS:
            value = getattr(self, attr)
            if value is None:
                continue
            validate_range(self, param, value, low, high)
            try:
                if attr == "year":
                    dt = _add_months(dt, (value - dt.year) * 12)
                elif attr == "month":
                    dt = _add_months(dt, value - dt.month)
                elif attr == "day":
                    dt = dt + timedelta(days=value - dt.day)
                elif attr == "hour":
                    dt = dt + timedelta(hours=value - dt.hour)
                elif attr == "minute":
                    dt = dt + timedelta(minutes=value - dt.minute)
                elif attr == "second":
                    dt = dt + timedelta(seconds=value - dt.second)
                else:
                    dt = dt + timedelta(milliseconds=value - dt.microsecond // 1000)
            except (OverflowError, ValueError):
                self.throw("The added or subtracted value results in an un-representable DateTime.",
                           category=ErrorCategory.INVALID_ARGUMENT, error_id="GetDateOutOfRange")
        return dt


#: The Unix times a DateTime can hold (0001-01-01 to 9999-12-31 23:59:59 UTC).
_MIN_UNIX = -62135596800
_MAX_UNIX = 253402300799


def _local_offset(dt: datetime) -> timedelta:
    """The local UTC offset at ``dt`` (today's, when ``dt`` is too near year 1 or 9999 to ask)."""
    try:
        return dt.astimezone().utcoffset() or timedelta(0)
    except (OverflowError, ValueError, OSError):
        return datetime.now().astimezone().utcoffset() or timedelta(0)


def _to_utc(dt: datetime) -> datetime:
    """A naive local datetime as naive UTC, clamped to the range as .NET's ToUniversalTime is."""
    offset = _local_offset(dt)
    try:
        return dt - offset
    except OverflowError:
        return datetime.min if offset > timedelta(0) else datetime.max


def _local_from_epoch(seconds: int) -> datetime:
    """A naive local datetime for Unix time ``seconds`` (clamped at the ends of the calendar)."""
    utc = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=seconds)
    try:
        return utc.astimezone().replace(tzinfo=None)
    except (OverflowError, ValueError, OSError):
        naive = utc.replace(tzinfo=None)
        try:
            return naive + _local_offset(naive)
        except OverflowError:
            return datetime.min if seconds < 0 else datetime.max


def uformat(dt: datetime, fmt: str, utc: bool = False) -> str:
    """Format ``dt`` with Get-Date -UFormat specifiers (``%Y %m %d %H %M %S %s %Z`` ...)."""
    out: list[str] = []
    i = 0
    n = len(fmt)
    while i < n:
        ch = fmt[i]
        if ch != "%" or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        spec = fmt[i + 1]
        i += 2
        out.append(_uformat_one(dt, spec, utc))
    return "".join(out)


def _uformat_one(dt: datetime, spec: str, utc: bool) -> str:
    """One ``%x`` specifier; an unknown one is kept as written, as PowerShell does."""
    hour12 = dt.hour % 12 or 12
    iso_year, iso_week, iso_day = dt.isocalendar()
    if spec == "a":
        return _DAYS[dt.weekday()][:3]
    if spec == "A":
        return _DAYS[dt.weekday()]
    if spec in "bh":
        return _MONTHS[dt.month - 1][:3]
    if spec == "B":
        return _MONTHS[dt.month - 1]
    if spec == "C":
        return f"{dt.year // 100:02d}"
    if spec == "c":
        return (f"{_DAYS[dt.weekday()][:3]} {_MONTHS[dt.month - 1][:3]} {dt.day:2d} "
                f"{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d} {dt.year}")
    if spec == "D":
        return f"{dt.month:02d}/{dt.day:02d}/{dt.year % 100:02d}"
    if spec == "d":
        return f"{dt.day:02d}"
    if spec == "e":
        return f"{dt.day:2d}"
    if spec == "F":
        return f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}"
    if spec == "G":
        return f"{iso_year:04d}"
    if spec == "g":
        return f"{iso_year % 100:02d}"
    if spec == "H":
        return f"{dt.hour:02d}"
    if spec == "I":
        return f"{hour12:02d}"
    if spec == "j":
        return f"{dt.timetuple().tm_yday:03d}"
    if spec == "k":
        return f"{dt.hour:2d}"
    if spec == "l":
        return f"{hour12:2d}"
    if spec == "M":
        return f"{dt.minute:02d}"
    if spec == "m":
        return f"{dt.month:02d}"
    if spec == "n":
        return "\n"
    if spec == "p":
        return "AM" if dt.hour < 12 else "PM"
    if spec == "R":
        return f"{dt.hour:02d}:{dt.minute:02d}"
    if spec == "r":
        return f"{hour12:02d}:{dt.minute:02d}:{dt.second:02d} {'AM' if dt.hour < 12 else 'PM'}"
    if spec == "S":
        return f"{dt.second:02d}"
    if spec == "s":
        if utc:
            epoch = (dt - datetime(1970, 1, 1)).total_seconds()
        else:
            epoch = time.mktime(dt.timetuple()) + dt.microsecond / 1e6
        return str(int(epoch // 1))
    if spec == "T":
        return f"{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}"
    if spec == "t":
        return "\t"
    if spec == "U":
        return dt.strftime("%U")
    if spec == "u":
        return str(iso_day)
    if spec == "V":
        return f"{iso_week:02d}"
    if spec == "W":
        return dt.strftime("%W")
    if spec == "w":
        return str((dt.weekday() + 1) % 7)
    if spec == "X":
        return f"{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}"
    if spec == "x":
        return f"{dt.month:02d}/{dt.day:02d}/{dt.year % 100:02d}"
    if spec == "Y":
        return f"{dt.year:04d}"
    if spec == "y":
        return f"{dt.year % 100:02d}"
    if spec == "Z":
        if utc:
            return "+00"
        offset = _local_offset(dt)
        hours = int(offset.total_seconds() // 3600)
        return f"{'+' if hours >= 0 else '-'}{abs(hours):02d}"
    if spec == "%":
        return "%"
    return "%" + spec


class StartSleep(Cmdlet):
    """Start-Sleep: waits; Ctrl+C (or Stop-Job) ends the wait at once."""

    name = "Start-Sleep"
    synopsis = "Suspends the activity in a script or session for the specified period of time."
    params = (
        Param("Seconds", "double", position=0, pipeline=True, by_property_name=True,
              help="How long to wait, in seconds (fractions allowed)."),
        Param("Milliseconds", "int", aliases=("ms",), by_property_name=True,
              help="How long to wait, in milliseconds."),
        Param("Duration", "timespan", aliases=("ts",), help="How long to wait, as a TimeSpan."),
    )
    examples = ("Start-Sleep 2", "Start-Sleep -Milliseconds 250", "Start-Sleep -Duration (New-TimeSpan -Seconds 3)")

    def __init__(self) -> None:
        super().__init__()
        self._stopped = False

    def process(self) -> None:
        given = [p for p in ("Seconds", "Milliseconds", "Duration") if getattr(self, _ATTR[p]) is not None]
        if len(given) > 1:
            self.throw("Parameter set cannot be resolved using the specified named parameters. One or more "
                       "parameters issued cannot be used together or an insufficient number of parameters "
                       "were provided.", category=ErrorCategory.INVALID_ARGUMENT,
                       error_id="AmbiguousParameterSet")
        if not given:
            self.throw("Cannot process command because of one or more missing mandatory parameters: Seconds.",
                       category=ErrorCategory.INVALID_ARGUMENT, error_id="MissingMandatoryParameter")
        which = given[0]
        if which == "Seconds":
            seconds = float(self.seconds)
            validate_range(self, "Seconds", seconds, 0, 2147483.647)
        elif which == "Milliseconds":
            validate_range(self, "Milliseconds", self.milliseconds, 0, 2147483647)
            seconds = self.milliseconds / 1000.0
        else:
            seconds = _timespan_seconds(self.duration)
            if seconds < 0:
                self.throw(f"Cannot validate argument on parameter 'Duration'. The {self.duration} argument "
                           f"is less than the minimum allowed range of 00:00:00. Supply an argument that is "
                           f"greater than or equal to 00:00:00 and then try the command again.",
                           category=ErrorCategory.INVALID_DATA, error_id="ParameterArgumentValidationError")
        self._sleep(seconds)

    def _sleep(self, seconds: float) -> None:
        """Wait ``seconds``, waking at once when the pipeline is stopped."""
        deadline = time.monotonic() + seconds
        event = self.runspace.stop_event
        while not self._stopped:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            # Short slices so that stop() from another thread is noticed too.
            if event.wait(min(remaining, 0.25)):
                break
        self.check_stopping()
        if self._stopped:
            from shell.language.errors import PipelineStoppedError  # noqa: PLC0415
            raise PipelineStoppedError("The pipeline has been stopped.")

    def stop(self) -> None:
        """Ends the wait (called from another thread)."""
        self._stopped = True


_ATTR = {"Seconds": "seconds", "Milliseconds": "milliseconds", "Duration": "duration"}


def _timespan_seconds(value: Any) -> float:
    """Seconds in a TimeSpan, a timedelta or a number of seconds."""
    if isinstance(value, timedelta):
        return value.total_seconds()
    total = getattr(value, "TotalSeconds", None)
    if total is not None:
        return float(total)
    return float(value)
