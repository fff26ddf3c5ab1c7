"""New-TimeSpan: a duration, from two dates or from a count of days, hours, minutes...

As in PowerShell there are two parameter sets: ``-Start``/``-End`` (either defaults to
now; a piped file gives its LastWriteTime as -Start) and ``-Days``/``-Hours``/
``-Minutes``/``-Seconds``/``-Milliseconds``. With no parameter the result is zero.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, PSRuntimeError
from shell.language.timespan import TICKS_PER_MS, TICKS_PER_SECOND, TimeSpan

_DATE_SET = ("Start", "End")
_TIME_SET = ("Days", "Hours", "Minutes", "Seconds", "Milliseconds")
#: the largest duration .NET's TimeSpan holds (Int64 ticks)
_MAX_TICKS = 2**63 - 1


class NewTimeSpan(Cmdlet):
    """New-TimeSpan [[-Start] <datetime>] [[-End] <datetime>] | [-Days <int>] [-Hours <int>] ..."""

    name = "New-TimeSpan"
    synopsis = "Creates a TimeSpan object."
    description = ("Returns End - Start (each defaults to now), or the duration given by -Days, -Hours, "
                   "-Minutes, -Seconds and -Milliseconds. Without parameters: a zero TimeSpan. A piped "
                   "object's LastWriteTime is taken as -Start, so 'Get-Item f | New-TimeSpan' is its age.")
    examples = ("New-TimeSpan -Hours 1 -Minutes 25",
                "New-TimeSpan -End (Get-Date -Year 2030 -Month 1 -Day 1)",
                "(Get-Date) + (New-TimeSpan -Days 90)",
                "Get-Item notes.txt | New-TimeSpan")
    params = (
        # 'object', converted in process(): a piped file gives its LastWriteTime (as Get-Date's -Date does).
        # The attributes are not named start/end: ``end`` is the cmdlet's own end() step.
        Param("Start", "object", position=0, pipeline=True, by_property_name=True, aliases=("LastWriteTime",),
              attr="start_time", help="Where the span begins (default: now)."),
        Param("End", "object", position=1, by_property_name=True, attr="end_time",
              help="Where the span ends (default: now)."),
        Param("Days", "int", help="Days in the span."),
        Param("Hours", "int", help="Hours in the span."),
        Param("Minutes", "int", help="Minutes in the span."),
        Param("Seconds", "int", help="Seconds in the span."),
        Param("Milliseconds", "int", help="Milliseconds in the span."),
    )

    def process(self) -> None:
        """Write the TimeSpan."""
        bound = self.bound
        if any(p in bound for p in _DATE_SET) and any(p in bound for p in _TIME_SET):
            self.throw("Parameter set cannot be resolved using the specified named parameters. One or more "
                       "parameters issued cannot be used together or an insufficient number of parameters "
                       "were provided.", category=ErrorCategory.INVALID_ARGUMENT, error_id="AmbiguousParameterSet")
        if any(p in bound for p in _TIME_SET):
            self.write(self._from_parts())
            return
        # Both default to the same "now", so that 'New-TimeSpan' alone is exactly zero.
        now = datetime.now()
        start = self._date("Start", self.start_time) if "Start" in bound or self.start_time is not None else now
        end = self._date("End", self.end_time) if "End" in bound else now
        self.write(TimeSpan.from_timedelta(end - start))

    def _date(self, param: str, value: Any) -> datetime:
        """A -Start/-End value as a datetime: a datetime, an object's LastWriteTime, or a string to parse."""
        if isinstance(value, datetime):
            return value
        if value is None:
            self.throw(f"Cannot bind parameter '{param}'. Cannot convert null to type \"System.DateTime\".",
                       category=ErrorCategory.INVALID_ARGUMENT, error_id="CannotConvertArgumentNoMessage")
        from shell.language import members  # noqa: PLC0415
        from shell.language.conversions import convert_to  # noqa: PLC0415
        if value is not None and not isinstance(value, (str, int, float)):
            written = members.get_member(value, "LastWriteTime")
            if isinstance(written, datetime):
                return written
        try:
            return convert_to("datetime", value)
        except PSRuntimeError as err:
            self.throw(f"Cannot bind parameter '{param}'. {err.record.message}",
                       category=ErrorCategory.INVALID_ARGUMENT, error_id="CannotConvertArgumentNoMessage")

    def _from_parts(self) -> TimeSpan:
        """.NET's TimeSpan(days, hours, minutes, seconds, milliseconds): the parts may be negative or large."""
        seconds = ((self.days or 0) * 86_400 + (self.hours or 0) * 3_600 + (self.minutes or 0) * 60
                   + (self.seconds or 0))
        ticks = seconds * TICKS_PER_SECOND + (self.milliseconds or 0) * TICKS_PER_MS
        if abs(ticks) > _MAX_TICKS:
            self.throw("TimeSpan overflowed because the duration is too long.",
                       category=ErrorCategory.INVALID_ARGUMENT, error_id="System.ArgumentOutOfRangeException")
        return TimeSpan(ticks)
