""".NET format strings: ``value.ToString(spec)`` and composite formatting (``-f``).

The culture is en-US (what PowerShell uses for ``-f`` and ``ToString()`` on a US
system); string interpolation and casts use the invariant culture, which lives in
``conversions.to_string``.  The formats themselves are in ``dotnet_numbers``
(``N2``, ``0.00``...) and ``dotnet_dates`` (``yyyy-MM-dd``, TimeSpan's ``c``...);
their names are re-exported here.  Imported on first use (start-up time).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shell.language.conversions import to_string, type_name_of
from shell.language.dotnet_dates import (
    _DATE_STANDARD, DAY_NAMES, MONTH_NAMES, format_datetime, format_timespan,
)
from shell.language.dotnet_numbers import _BAD_FORMAT, FormatError, format_number
from shell.language.dotnet_primitives import is_decimal
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.timespan import TimeSpan

__all__ = ["format_value", "format_operator", "format_number", "format_datetime", "format_timespan",
           "FormatError", "DAY_NAMES", "MONTH_NAMES", "_DATE_STANDARD"]


def format_value(value: Any, spec: str) -> str:
    """``value.ToString(spec)``: numbers, dates and TimeSpans honour ``spec``; others ignore it."""
    try:
        return _format_value(value, spec)
    except (ValueError, ArithmeticError, IndexError, TypeError):
        # A format string our formatter cannot honour is what .NET calls a bad format.
        raise FormatError(_BAD_FORMAT) from None


def _format_value(value: Any, spec: str) -> str:
    t = type(value)
    if t is int or t is float:
        return format_number(value, spec) if spec else to_string(value)
    if t is datetime or isinstance(value, datetime):
        return format_datetime(value, spec or "G")
    if isinstance(value, TimeSpan):
        return format_timespan(value, spec or "c")
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value, spec) if spec else to_string(value)
    if is_decimal(value):
        if not spec:
            return to_string(value)
        # Fixed-point formats keep every digit of a decimal; the others format its double.
        return format_number(value if spec[:1].upper() in "FNC" else float(value), spec)
    to_str = getattr(value, "ToString", None)
    if spec and callable(to_str) and not isinstance(value, str):
        try:
            return str(to_str(spec))
        except TypeError:
            pass
    return to_string(value)


# -- composite formatting -------------------------------------------------------------------------------

def _format_error(reason: str) -> PSRuntimeError:
    return PSRuntimeError(ErrorRecord(f"Error formatting a string: {reason}.",
                                      category=ErrorCategory.INVALID_OPERATION, error_id="FormatError",
                                      exception_type="System.FormatException"))


def _composite_value(value: Any, spec: str | None) -> str:
    if spec:
        try:
            return format_value(value, spec)
        except FormatError as exc:
            raise _format_error(exc.message) from None
    if isinstance(value, datetime):
        return format_datetime(value, "G")
    if isinstance(value, (list, tuple)):
        return type_name_of(value)
    return to_string(value)


def format_operator(fmt: Any, args: Any) -> str:
    """``fmt -f args``: ``{index[,alignment][:format]}`` items, ``{{``/``}}`` escapes."""
    text = to_string(fmt)
    if isinstance(args, (list, tuple)):
        values = list(args)
    else:
        values = [args]
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "}":
            if i + 1 < n and text[i + 1] == "}":
                out.append("}")
                i += 2
                continue
            raise _format_error(_BAD_FORMAT)
        if c != "{":
            j = i
            while j < n and text[j] not in "{}":
                j += 1
            out.append(text[i:j])
            i = j
            continue
        if i + 1 < n and text[i + 1] == "{":
            out.append("{")
            i += 2
            continue
        end = text.find("}", i + 1)
        if end < 0:
            raise _format_error(_BAD_FORMAT)
        item = text[i + 1:end]
        head, colon, spec = item.partition(":")
        index_text, comma, align_text = head.partition(",")
        index_text = index_text.strip()
        if not index_text.isdigit():
            raise _format_error(_BAD_FORMAT)
        index = int(index_text)
        if index >= len(values):
            raise _format_error("Index (zero based) must be greater than or equal to zero and less "
                                "than the size of the argument list.")
        width = 0
        if comma:
            try:
                width = int(align_text.strip())
            except ValueError:
                raise _format_error(_BAD_FORMAT) from None
        rendered = _composite_value(values[index], spec if colon else None)
        if width > 0:
            rendered = rendered.rjust(width)
        elif width < 0:
            rendered = rendered.ljust(-width)
        out.append(rendered)
        i = end + 1
    return "".join(out)
