"""ConvertFrom-Json: JSON text read into objects, as PowerShell 7 does.

Objects become PSCustomObjects with ordered properties (or hashtables with
-AsHashtable), ISO 8601 date strings become datetimes (unless -DateKind String),
and a top-level array is enumerated into the pipeline. PowerShell's lenient
reading (comments, bare keys, single quotes, trailing commas) is tried when the
strict parse fails. ``json`` is imported only when the cmdlet runs. The other
direction, ConvertTo-Json, is in json_write.py.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.psobject import PSCUSTOMOBJECT, PSObject

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})?\Z")


def _parse_date(text: str) -> datetime | None:
    """An ISO 8601 date-time string as a datetime (what Newtonsoft does to such strings), else None."""
    m = _ISO_DATE.match(text)
    if m is None:
        return None
    try:
        base = datetime(int(text[0:4]), int(text[5:7]), int(text[8:10]),
                        int(text[11:13]), int(text[14:16]), int(text[17:19]))
    except ValueError:
        return None
    fraction = m.group(1)
    if fraction:
        base = base.replace(microsecond=int((fraction + "000000")[:6]))
    zone = m.group(2)
    if zone is None or zone == "Z":
        return base  # UTC keeps its clock time, as PowerShell shows a Utc DateTime
    sign = 1 if zone[0] == "+" else -1
    offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])) * sign
    aware = base.replace(tzinfo=timezone(offset))
    return aware.astimezone().replace(tzinfo=None)


class _JsonBuilder:
    """Builds PowerShell values from parsed JSON, with PowerShell's checks on keys."""

    def __init__(self, as_hashtable: bool, dates: bool) -> None:
        self.as_hashtable = as_hashtable
        self.dates = dates

    def pairs(self, items: list[tuple[str, Any]]) -> Any:
        """``object_pairs_hook`` for json.loads."""
        if self.as_hashtable:
            from shell.language.pscollections import Hashtable  # noqa: PLC0415
            table = Hashtable()
            for key, value in items:
                table[key] = self._fix(value)
            return table
        props: dict[str, Any] = {}
        lower: dict[str, str] = {}
        for key, value in items:
            if key == "":
                raise ValueError("The provided JSON includes a property whose name is an empty string, this is "
                                 "only supported using the -AsHashTable switch.")
            low = key.lower()
            existing = lower.get(low)
            if existing is not None and existing != key:
                raise _CasingError(
                    f"Cannot convert the JSON string because it contains keys with different casing. Please use "
                    f"the -AsHashTable switch instead. The key that was attempted to be added to the existing "
                    f"key '{existing}' was '{key}'.")
            lower[low] = key
            props[key] = self._fix(value)
        return PSObject(props, type_names=[PSCUSTOMOBJECT, "System.Object"])

    def _fix(self, value: Any) -> Any:
        if self.dates and type(value) is str and len(value) >= 19 and value[4] == "-":
            parsed = _parse_date(value)
            if parsed is not None:
                return parsed
        if type(value) is list and self.dates:
            return [self._fix(v) for v in value]
        return value


class _CasingError(ValueError):
    """Keys that differ only in case (a PSCustomObject cannot hold both)."""


_BARE_KEY = re.compile(r"[A-Za-z_$][\w$]*")


def lenient_json(text: str) -> str:
    """Strict JSON for what PowerShell's parser (Newtonsoft) also accepts.

    Single-quoted strings, ``//`` and ``/* */`` comments, unquoted property names
    and trailing commas are rewritten; anything else is left for json to report.
    """
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif ch == "'":
            j = i + 1
            chars: list[str] = []
            while j < n and text[j] != "'":
                if text[j] == "\\" and j + 1 < n:
                    chars.append(text[j:j + 2] if text[j + 1] != "'" else "'")
                    j += 2
                    continue
                chars.append('\\"' if text[j] == '"' else text[j])
                j += 1
            out.append('"' + "".join(chars) + '"')
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif ch == ",":
            j = i + 1
            while j < n and text[j] in " \t\r\n":
                j += 1
            if j < n and text[j] in "}]":
                i += 1  # a trailing comma
            else:
                out.append(ch)
                i += 1
        else:
            m = _BARE_KEY.match(text, i) if (ch.isalpha() or ch in "_$") else None
            if m is not None:
                word = m.group(0)
                j = m.end()
                while j < n and text[j] in " \t\r\n":
                    j += 1
                if j < n and text[j] == ":" and word not in ("true", "false", "null"):
                    out.append(f'"{word}"')
                else:
                    out.append(word)
                i = m.end()
            else:
                out.append(ch)
                i += 1
    return "".join(out)


def _depth_of(value: Any, limit: int, depth: int = 0) -> bool:
    """Whether ``value`` nests deeper than ``limit`` (objects and arrays count as levels)."""
    if isinstance(value, (PSObject, dict, list)):
        if depth >= limit:
            return True
        children = value.properties.values() if isinstance(value, PSObject) else (
            value.values() if isinstance(value, dict) else value)
        return any(_depth_of(child, limit, depth + 1) for child in children)
    return False


class ConvertFromJson(Cmdlet):
    """ConvertFrom-Json: JSON text to objects."""

    name = "ConvertFrom-Json"
    synopsis = "Converts a JSON-formatted string to a custom object or a hash table."
    params = (
        Param("InputObject", "string", position=0, pipeline=True, mandatory=True,
              help="The JSON text; pipeline lines are joined before parsing."),
        Param("AsHashtable", "switch", help="Makes hashtables instead of PSCustomObjects."),
        Param("Depth", "int", default=1024, help="The deepest nesting allowed."),
        Param("NoEnumerate", "switch", help="Writes a top-level array as one object."),
        Param("DateKind", "string", choices=("Default", "Local", "Utc", "Offset", "String"),
              help="'String' keeps date strings as strings."),
    )
    examples = ("'{\"a\": 1, \"b\": [1, 2]}' | ConvertFrom-Json", "Get-Content data.json | ConvertFrom-Json",
                "$h = $text | ConvertFrom-Json -AsHashtable")

    def begin(self) -> None:
        self._texts: list[str] = []

    def process(self) -> None:
        if not self.expecting_input and "InputObject" not in self.bound:
            return
        text = self.input_object
        self._texts.append("" if text is None else str(text))

    def end(self) -> None:
        texts = self._texts
        if not texts:
            return
        if len(texts) > 1:
            # PowerShell first tries each pipeline string as a whole JSON document,
            # and joins them when the first one is not.
            try:
                first = self._parse(texts[0])
            except PSRuntimeError:
                first = _NOT_JSON
            if first is not _NOT_JSON:
                self._write(first)
                for text in texts[1:]:
                    self._write(self._parse(text))
                return
        self._write(self._parse("\n".join(texts)))

    def _write(self, value: Any) -> None:
        if value is _EMPTY:
            return
        if isinstance(value, list) and not self.no_enumerate:
            out = self._out
            for item in value:
                out(item)
        else:
            self._out(value)

    def _parse(self, text: str) -> Any:
        import json  # noqa: PLC0415 (start-up: only when used)
        if not text.strip():
            return _EMPTY
        builder = _JsonBuilder(bool(self.as_hashtable), (self.date_kind or "Default") != "String")
        try:
            try:
                value = json.loads(text, object_pairs_hook=builder.pairs)
            except json.JSONDecodeError as strict_error:
                try:
                    value = json.loads(lenient_json(text), object_pairs_hook=builder.pairs)
                except json.JSONDecodeError:
                    raise strict_error from None
        except _CasingError as err:
            self.throw(ErrorRecord(str(err), category=ErrorCategory.INVALID_OPERATION,
                                   error_id="System.InvalidOperationException", command=self.name,
                                   extent=self.extent, exception_type="System.InvalidOperationException"))
        except (ValueError, RecursionError) as err:
            message = str(err) if not isinstance(err, RecursionError) else "The JSON is nested too deeply."
            self.throw(ErrorRecord(f"Conversion from JSON failed with error: {message}",
                                   category=ErrorCategory.NOT_SPECIFIED,
                                   error_id="System.ArgumentException", command=self.name, extent=self.extent,
                                   exception_type="System.ArgumentException"))
        if type(value) is str:
            value = builder._fix(value)
        elif type(value) is list:
            value = builder._fix(value)
        depth = self.depth if self.depth is not None else 1024
        if depth < 1024 and _depth_of(value, depth):
            self.throw(ErrorRecord(f"Conversion from JSON failed with error: The reader's MaxDepth of {depth} "
                                   f"has been exceeded.", category=ErrorCategory.NOT_SPECIFIED,
                                   error_id="System.ArgumentException", command=self.name, extent=self.extent,
                                   exception_type="System.ArgumentException"))
        return value


_EMPTY: Any = object()
_NOT_JSON: Any = object()
