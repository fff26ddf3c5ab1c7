"""ConvertTo-Json: objects written as JSON, as PowerShell 7 does.

It writes PowerShell 7's layout (Newtonsoft's indented style: two spaces,
``"key": value``), keeps property and key order, writes datetimes as ISO 8601,
and past -Depth (default 2) writes an object's string form instead, with
PowerShell's warning. A number that carries note properties (``noted``) is an
object of its value and its notes; a string with notes is the plain string. The
other direction, ConvertFrom-Json, is in json_read.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from shell.language.dotnet_primitives import is_decimal
from shell.cmdlets.core.validation import validate_range
from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.noted import NotedFloat, NotedInt, plain
from shell.language.psobject import PSLive, PSObject
from shell.language.scriptblock import ScriptBlock


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def json_string(text: str, escape: str = "Default") -> str:
    """A JSON string literal escaped as Newtonsoft does (-EscapeHandling Default/EscapeNonAscii/EscapeHtml)."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20 or ch in "\u0085\u2028\u2029":
            out.append(f"\\u{code:04x}")
        elif escape == "EscapeNonAscii" and code > 0x7E:
            if code > 0xFFFF:
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
            else:
                out.append(f"\\u{code:04x}")
        elif escape == "EscapeHtml" and ch in "<>'&":
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def json_double(value: float) -> str:
    """A double as Newtonsoft writes it (.NET's round-trip form): ``1.0``, ``1.5``, ``1E+20``."""
    if value != value:
        return '"NaN"'
    if value in (float("inf"), float("-inf")):
        return '"Infinity"' if value > 0 else '"-Infinity"'
    text = repr(value)
    if "e" in text:
        mantissa, exp = text.split("e")
        sign = "-" if exp.startswith("-") else "+"
        digits = exp.lstrip("+-").rjust(2, "0")
        return f"{mantissa}E{sign}{digits}"
    return text


def json_datetime(value: datetime) -> str:
    """ISO 8601 as Newtonsoft writes a DateTime: seconds, then up to 7 fraction digits, trimmed."""
    text = f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    if value.microsecond:
        text += "." + f"{value.microsecond:06d}0".rstrip("0")
    if value.tzinfo is not None:
        offset = value.utcoffset() or timedelta(0)
        if offset == timedelta(0) and value.tzinfo is timezone.utc:
            text += "Z"
        else:
            total = int(offset.total_seconds() // 60)
            sign = "+" if total >= 0 else "-"
            total = abs(total)
            text += f"{sign}{total // 60:02d}:{total % 60:02d}"
    return text


class JsonWriter:
    """Turns a value into JSON text with PowerShell's rules for depth, objects and layout."""

    def __init__(self, depth: int, compress: bool, escape: str = "Default",
                 enums_as_strings: bool = False) -> None:
        self.depth = depth
        self.compress = compress
        self.escape = escape
        self.truncated = False

    def write(self, value: Any) -> str:
        """The JSON text of ``value``."""
        parts: list[str] = []
        self._value(value, 0, 0, parts)
        return "".join(parts)

    def _value(self, value: Any, depth: int, indent: int, parts: list[str]) -> None:
        t = type(value)
        if value is None:
            parts.append("null")
        elif t is bool:
            parts.append("true" if value else "false")
        elif t is int:
            parts.append(str(value))
        elif t is str:
            parts.append(json_string(value, self.escape))
        elif t is float:
            parts.append(json_double(value))
        elif (t is NotedInt or t is NotedFloat) and value.__dict__:
            # PowerShell 7 writes a number that carries note properties as an object: the
            # number as "value", then the notes ({"value": 5, "PSComputerName": ...}).
            # A string's notes are dropped instead (7.2+, PowerShell PR #15665), below.
            self._object([("value", plain(value)), *value.__dict__.items()], depth, indent, parts)
        elif isinstance(value, bool):
            parts.append("true" if value else "false")
        elif isinstance(value, int):
            parts.append(str(int(value)))
        elif isinstance(value, float):
            parts.append(json_double(float(value)))
        elif is_decimal(value):
            parts.append(str(value))  # a decimal is a JSON number, digits kept
        elif isinstance(value, str):
            parts.append(json_string(str(value), self.escape))
        elif isinstance(value, datetime):
            parts.append(json_string(json_datetime(value), self.escape))
        elif isinstance(value, ScriptBlock):
            parts.append(json_string(value.text, self.escape))
        elif isinstance(value, ErrorRecord):
            parts.append(json_string(value.message, self.escape))
        elif depth > self.depth and _is_container(value):
            self.truncated = True
            parts.append(json_string(_to_string(value), self.escape))
        elif isinstance(value, PSObject):
            if not value.properties and value.string_form is not None:
                parts.append(json_string(value.string_form, self.escape))
            else:
                self._object(list(value.items()), depth, indent, parts)
        elif isinstance(value, dict):
            pairs = []
            for key, item in value.items():
                if not isinstance(key, str):
                    raise PSRuntimeError(ErrorRecord(
                        f"The type '{_type_name(value)}' is not supported for serialization or deserialization "
                        f"of a dictionary. Keys must be strings.", category=ErrorCategory.INVALID_OPERATION,
                        error_id="NonStringKeyInDictionary", target=value))
                pairs.append((key, item))
            self._object(pairs, depth, indent, parts)
        elif isinstance(value, (list, tuple)):
            self._array(list(value), depth, indent, parts)
        elif isinstance(value, PSLive):
            pairs = [(name, _live_value(value, name)) for name in value.ps_properties]
            self._object(pairs, depth, indent, parts)
        else:
            from shell.language.conversions import is_enumerable  # noqa: PLC0415
            if is_enumerable(value):
                self._array(list(value), depth, indent, parts)
            else:
                parts.append(json_string(_to_string(value), self.escape))

    def _object(self, pairs: list[tuple[str, Any]], depth: int, indent: int, parts: list[str]) -> None:
        if not pairs:
            parts.append("{}")
            return
        if self.compress:
            parts.append("{")
            for i, (key, item) in enumerate(pairs):
                if i:
                    parts.append(",")
                parts.append(json_string(str(key), self.escape))
                parts.append(":")
                self._value(item, depth + 1, 0, parts)
            parts.append("}")
            return
        inner = " " * (indent + 2)
        parts.append("{\n")
        for i, (key, item) in enumerate(pairs):
            if i:
                parts.append(",\n")
            parts.append(inner)
            parts.append(json_string(str(key), self.escape))
            parts.append(": ")
            self._value(item, depth + 1, indent + 2, parts)
        parts.append("\n" + " " * indent + "}")

    def _array(self, items: list[Any], depth: int, indent: int, parts: list[str]) -> None:
        if not items:
            parts.append("[]")
            return
        if self.compress:
            parts.append("[")
            for i, item in enumerate(items):
                if i:
                    parts.append(",")
                self._value(item, depth + 1, 0, parts)
            parts.append("]")
            return
        inner = " " * (indent + 2)
        parts.append("[\n")
        for i, item in enumerate(items):
            if i:
                parts.append(",\n")
            parts.append(inner)
            self._value(item, depth + 1, indent + 2, parts)
        parts.append("\n" + " " * indent + "]")


def _is_container(value: Any) -> bool:
    if isinstance(value, (PSObject, dict, list, tuple, PSLive)):
        return True
    from shell.language.conversions import is_enumerable  # noqa: PLC0415
    return is_enumerable(value)


def _live_value(obj: PSLive, name: str) -> Any:
    try:
        return getattr(obj, name)
    except Exception:  # noqa: BLE001 - PowerShell writes null for a property that fails
        return None


def _to_string(value: Any) -> str:
    from shell.language.conversions import to_string  # noqa: PLC0415
    return to_string(value)


def _type_name(value: Any) -> str:
    from shell.language.conversions import type_name_of  # noqa: PLC0415
    return type_name_of(value)


class ConvertToJson(Cmdlet):
    """ConvertTo-Json: objects to JSON text."""

    name = "ConvertTo-Json"
    synopsis = "Converts an object to a JSON-formatted string."
    params = (
        Param("InputObject", "object", position=0, pipeline=True, mandatory=True,
              help="The objects to convert; several pipeline objects make a JSON array."),
        Param("Depth", "int", default=2, help="How many levels of contained objects are written (0-100)."),
        Param("Compress", "switch", help="Omits white space and indentation."),
        Param("EnumsAsStrings", "switch"),
        Param("AsArray", "switch", help="Always writes a JSON array."),
        Param("EscapeHandling", "string", choices=("Default", "EscapeNonAscii", "EscapeHtml")),
    )
    examples = ("@{Name='x'; Size=3} | ConvertTo-Json", "Get-Process | select Name, Id | ConvertTo-Json -Depth 3",
                "1,2,3 | ConvertTo-Json -Compress")

    def begin(self) -> None:
        depth = self.depth if self.depth is not None else 2
        validate_range(self, "Depth", depth, 0, 100)
        self._items: list[Any] = []

    def process(self) -> None:
        if not self.expecting_input and "InputObject" not in self.bound:
            return
        self._items.append(self.input_object)

    def end(self) -> None:
        items = self._items
        if not items and not self.as_array:
            return
        value: Any = items[0] if len(items) == 1 and not self.as_array else items
        if self.as_array and len(items) == 1 and isinstance(items[0], (list, tuple)):
            value = items[0]
        writer = JsonWriter(self.depth if self.depth is not None else 2, bool(self.compress),
                            self.escape_handling or "Default")
        try:
            text = writer.write(value)
        except PSRuntimeError as err:
            self.throw(err.record)
        if writer.truncated:
            self.write_warning(f"Resulting JSON is truncated as serialization has exceeded the set depth of "
                               f"{writer.depth}.")
        self._out(text)
