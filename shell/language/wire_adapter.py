"""Shell objects <-> wire records (sessions.codec), for jobs and sessions.

``to_record(obj)`` turns a shell value into a codec value before it crosses a
process boundary; ``from_record(rec, computer_name=None)`` turns a received one
back into a shell value; ``decoder(computer_name=None)`` gives a sessions Decoder
that builds shell values while a frame is decoded (no second pass: the fast way
to receive many objects).

Sending:

* str, int, float, bool, None, bytes, datetime: as they are.
* PSObject: a bag of its type names, properties and string form; PSLive (a job,
  a file...): a bag of its ``ps_properties`` with its type names and string form.
  Property values are converted in turn, up to ``MAX_DEPTH`` nested objects
  (default 4); past that depth an object is sent as its string form.
* Hashtable: a hashtable record with its ``ordered`` flag; lists and tuples: lists.
* ErrorRecord, Warning/Verbose/Debug/Information/Progress records: bags with
  their PowerShell type names and fields (message, category, error id, target as
  text, computer name, script position...).
* Format-Table/List/Wide's format objects: bags of their decided view
  (``wire_formats``), rebuilt on receipt so the local console lays them out.
* TimeSpan: its ticks. Anything else (script blocks included): its string form.

Receiving, as PowerShell does: a bag becomes a PSObject whose type names carry
the ``Deserialized.`` prefix (once), with its string form; an error bag becomes a
real ErrorRecord (``computer_name`` set to the far side's name when given), and
the other stream records their own classes; hashtables come back as Hashtable,
ticks as TimeSpan. Nothing received is evaluated or used to look up a class.
The objects of a ROWS batch (many custom objects of one shape) are row-backed
PSObjects (``PSObject.rows``): they behave as any other, with no dict of their
own until code needs one.
"""

from __future__ import annotations

from datetime import datetime
from itertools import chain, repeat
from operator import attrgetter
from typing import Any

from sessions.codec import Bag, Decoder, Table, Ticks, row_dicts
from shell.language.errors import ErrorRecord
from shell.language.pscollections import Hashtable
from shell.language.psobject import PSCUSTOMOBJECT, PSLive, PSObject, live_attribute
from shell.language.streams import (DebugRecord, InformationRecord, ProgressRecord, VerboseRecord,
                                    WarningRecord)
from shell.language.wire_formats import FORMAT_NAMES, format_from, format_record

#: Nested objects converted below a top-level object; deeper ones are sent as their string form.
MAX_DEPTH = 4
#: Nested lists followed at most this deep (a list that contains itself ends here).
_MAX_LEVELS = 32

PREFIX = "Deserialized."
_SMA = "System.Management.Automation."
ERROR_NAMES = (_SMA + "ErrorRecord", "System.Object")
WARNING_NAMES = (_SMA + "WarningRecord", _SMA + "InformationalRecord", "System.Object")
VERBOSE_NAMES = (_SMA + "VerboseRecord", _SMA + "InformationalRecord", "System.Object")
DEBUG_NAMES = (_SMA + "DebugRecord", _SMA + "InformationalRecord", "System.Object")
INFORMATION_NAMES = (_SMA + "InformationRecord", "System.Object")
PROGRESS_NAMES = (_SMA + "ProgressRecord", "System.Object")

_PLAIN = frozenset({str, int, float, bool, type(None), bytes, datetime})
#: The classes of values that cross as they are (a record of one is the value itself).
PLAIN = _PLAIN


# --------------------------------------------------------------------------- sending

def to_record(value: Any, depth: int = 0) -> Any:
    """A codec value for ``value`` (see the module docstring). Never raises for odd values."""
    cls = value.__class__
    if cls is PSObject:
        return _bag_of(value, value.properties, depth)
    if cls in _PLAIN:
        return value
    return _convert(value, depth, 0)


_last_names: tuple[list[str], tuple[str, ...]] = ([], ())


def _bag_of(obj: PSObject, props: dict[str, Any], depth: int) -> Any:
    """The bag of a PSObject whose properties are ``props`` (copied here unless ``props`` is one)."""
    global _last_names
    for item in props.values():
        if item.__class__ not in _PLAIN:
            break
    else:  # the common case: a flat object of scalars (a copy of its dict is a snapshot)
        names = obj.type_names
        last = _last_names
        if names != last[0]:  # objects in a run share their type names: reuse one tuple
            last = _last_names = (list(names), tuple(names))
        return Bag(last[1], props.copy() if props is obj.properties else props, obj.string_form)
    if depth >= MAX_DEPTH:
        return str(obj)
    return Bag(tuple(obj.type_names),
               {str(k): _nested(v, depth + 1, 1) for k, v in props.items()}, obj.string_form)


def to_records(values: list[Any], copies: list[Any] | None = None) -> list[Any]:
    """``to_record`` of each value, many at a time.

    A run of flat PSObjects of one type (the common case: 200,000 objects from one
    loop) is checked and converted with no Python loop per object. ``copies``, when
    given, holds for each value the copy of its property dict taken when it was
    written (the snapshot), or None for a value that is already a record.
    """
    count = len(values)
    if count and set(map(type, values)) == _JUST_PSOBJECT:
        if copies is None:
            copies = list(map(dict.copy, map(_props_of, values)))
        names = list(map(_names_of, values))
        first = names[0]
        if (names.count(first) == count and list(map(_string_of, values)).count(None) == count
                and _PLAIN.issuperset(map(type, _chain(map(dict.values, copies))))):
            return list(map(Bag, repeat(tuple(first), count), copies))
    if copies is None:
        return [to_record(v) for v in values]
    return [v if c is None else _bag_of(v, c, 0) for v, c in zip(values, copies)]


def rows_to_records(type_names: tuple[str, ...], keys: tuple[str, ...], values: list[Any]) -> list[Any]:
    """Bags for rows (``len(keys)`` property values per object, row after row) of one shape.

    What an output buffer sends when a run of objects holds values that do not
    cross as they are (nested objects, lists...): each is converted as
    ``to_record`` converts a PSObject's properties.
    """
    width = len(keys)
    names = tuple(type_names)
    return [_bag_of_props(names, dict(zip(keys, values[i:i + width])))
            for i in range(0, len(values), width)]


def _bag_of_props(names: tuple[str, ...], props: dict[str, Any]) -> Any:
    return Bag(names, {k: _nested(v, 1, 1) for k, v in props.items()}, None)


_JUST_PSOBJECT = {PSObject}
_names_of = attrgetter("type_names")
_props_of = attrgetter("properties")
_string_of = attrgetter("string_form")
_chain = chain.from_iterable


def _convert(value: Any, depth: int, level: int) -> Any:
    from shell.language.conversions import TimeSpan, to_string  # noqa: PLC0415

    cls = value.__class__
    if level > _MAX_LEVELS:
        return _string(value, to_string)
    if isinstance(value, (list, tuple)) and not isinstance(value, str):
        return [_nested(v, depth, level + 1) for v in value]
    if isinstance(value, dict):
        if depth >= MAX_DEPTH:
            return _string(value, to_string)
        table = Table(ordered=bool(getattr(value, "ordered", False)))
        for key, item in value.items():
            table[_key(key)] = _nested(item, depth + 1, level + 1)
        return table
    if isinstance(value, ErrorRecord):
        return _error_bag(value, to_string)
    formatted = format_record(value)    # Format-Table/List/Wide's objects (wire_formats)
    if formatted is not None:
        return formatted
    if isinstance(value, (WarningRecord, VerboseRecord, DebugRecord)):
        names = WARNING_NAMES if isinstance(value, WarningRecord) else \
            VERBOSE_NAMES if isinstance(value, VerboseRecord) else DEBUG_NAMES
        return Bag(names, {"Message": str(value.message)}, str(value.message))
    if isinstance(value, InformationRecord):
        return Bag(INFORMATION_NAMES, {
            "MessageData": _nested(value.message_data, depth, level + 1), "Tags": list(value.tags),
            "Source": value.source, "NoNewline": bool(value.no_newline),
            "ForegroundColor": value.foreground, "BackgroundColor": value.background,
        }, _string(value, to_string))
    if isinstance(value, ProgressRecord):
        return Bag(PROGRESS_NAMES, {"Activity": value.activity, "StatusDescription": value.status,
                                    "PercentComplete": value.percent}, _string(value, to_string))
    if isinstance(value, TimeSpan):
        return Ticks(value.ticks)
    if isinstance(value, PSObject):
        if depth >= MAX_DEPTH:
            return _string(value, to_string)
        return Bag(tuple(value.type_names),
                   {str(k): _nested(v, depth + 1, level + 1) for k, v in value.properties.items()},
                   value.string_form)
    declared = getattr(cls, "ps_properties", None)
    if declared is not None and not isinstance(declared, property):
        # A live object: a PSLive, or any class that declares its PowerShell
        # properties the same way (jobs/ and sessions/ cannot import PSLive).
        if depth >= MAX_DEPTH:
            return _string(value, to_string)
        return Bag(_live_type_names(value), _live_properties(value, declared, depth, level),
                   _string(value, to_string))
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, (int, float)) and not hasattr(value, "name"):
        return int(value) if isinstance(value, int) else float(value)
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    return _string(value, to_string)


def _live_type_names(value: Any) -> tuple[str, ...]:
    names = getattr(value, "ps_type_names", None)
    if isinstance(names, (tuple, list)) and names and all(type(n) is str for n in names):
        return tuple(names)
    from shell.language.conversions import type_name_of  # noqa: PLC0415

    try:
        first = type_name_of(value)
    except Exception:  # noqa: BLE001 - an object with no .NET name is still an object
        first = "System.Object"
    return (first, "System.Object") if first != "System.Object" else ("System.Object",)


def _live_properties(value: Any, declared: Any, depth: int, level: int) -> dict[str, Any]:
    props: dict[str, Any] = {}
    try:
        names = [str(n) for n in declared]
    except Exception:  # noqa: BLE001 - a broken declaration: no properties, the string form still goes
        return props
    for name in names:
        try:
            if isinstance(value, PSLive):
                item = value.ps_get(name)
            else:
                attr = live_attribute(value, name)
                item = None if attr is None else getattr(value, attr)
        except Exception:  # noqa: BLE001 - a property that fails to read is sent empty
            item = None
        props[name] = _nested(item, depth + 1, level + 1)
    return props


def _nested(value: Any, depth: int, level: int) -> Any:
    if value.__class__ in _PLAIN:
        return value
    if value.__class__ is PSObject:
        return to_record(value, depth) if depth < MAX_DEPTH else str(value)
    return _convert(value, depth, level)


def _key(key: Any) -> Any:
    if key.__class__ in _PLAIN:
        return key
    return str(key)


def _string(value: Any, to_string: Any) -> str:
    try:
        return to_string(value)
    except Exception:  # noqa: BLE001 - an object that cannot say what it is still crosses
        return type(value).__name__


def _error_bag(err: ErrorRecord, to_string: Any) -> Bag:
    ext = err.extent
    props: dict[str, Any] = {
        "Message": err.message, "Category": err.category, "ErrorId": err.error_id,
        "TargetObject": None if err.target is None else _string(err.target, to_string),
        "Command": err.command, "ComputerName": err.computer_name,
        "ExceptionType": err.exception_type, "ScriptStackTrace": err.script_stack,
    }
    if ext is not None:
        props.update({"ScriptLineNumber": ext.line, "OffsetInLine": ext.column,
                      "Line": ext.line_text, "PositionText": ext.text})
    return Bag(ERROR_NAMES, props, err.message)


# --------------------------------------------------------------------------- receiving

def _text(value: Any, default: str = "") -> str:
    return value if type(value) is str else default


def _opt_text(value: Any) -> str | None:
    return value if type(value) is str else None


def _error_from(props: dict[str, Any], string_form: Any, computer_name: str | None) -> ErrorRecord:
    from shell.language.ast import Extent  # noqa: PLC0415

    message = _text(props.get("Message"), _text(string_form))
    record = ErrorRecord(message, category=_text(props.get("Category"), "NotSpecified"),
                         error_id=_text(props.get("ErrorId")), target=_opt_text(props.get("TargetObject")),
                         command=_opt_text(props.get("Command")),
                         computer_name=_opt_text(props.get("ComputerName")) or computer_name,
                         exception_type=_text(props.get("ExceptionType"),
                                              "System.Management.Automation.RuntimeException"))
    record.script_stack = _opt_text(props.get("ScriptStackTrace"))
    line, column = props.get("ScriptLineNumber"), props.get("OffsetInLine")
    if type(line) is int and type(column) is int and line > 0 and column > 0:
        source = _text(props.get("Line"))
        start = min(column - 1, len(source))
        text = _text(props.get("PositionText"))
        record.extent = Extent(source, start, min(len(source), start + len(text)), line, column)
    return record


def _info_from(props: dict[str, Any], string_form: Any, computer_name: str | None) -> InformationRecord:
    tags = props.get("Tags")
    return InformationRecord(props.get("MessageData"),
                             tags=tuple(t for t in tags if type(t) is str) if type(tags) is list else (),
                             source=_text(props.get("Source")), no_newline=props.get("NoNewline") is True,
                             foreground=_opt_text(props.get("ForegroundColor")),
                             background=_opt_text(props.get("BackgroundColor")))


def _progress_from(props: dict[str, Any], string_form: Any, computer_name: str | None) -> ProgressRecord:
    percent = props.get("PercentComplete")
    return ProgressRecord(_text(props.get("Activity")), _text(props.get("StatusDescription")),
                          percent if type(percent) is int else -1)


def _message(cls: type) -> Any:
    def build(props: dict[str, Any], string_form: Any, computer_name: str | None) -> Any:
        return cls(_text(props.get("Message"), _text(string_form)))
    return build


_REHYDRATE = {
    FORMAT_NAMES[0]: format_from,
    ERROR_NAMES[0]: _error_from, WARNING_NAMES[0]: _message(WarningRecord),
    VERBOSE_NAMES[0]: _message(VerboseRecord), DEBUG_NAMES[0]: _message(DebugRecord),
    INFORMATION_NAMES[0]: _info_from, PROGRESS_NAMES[0]: _progress_from,
}

_DESERIALIZED: dict[tuple[str, ...], list[str]] = {}


def _deserialized_names(names: tuple[str, ...]) -> list[str]:
    found = _DESERIALIZED.get(names)
    if found is None:
        found = [n if n.startswith(PREFIX) else PREFIX + n for n in names]
        if len(_DESERIALIZED) < 4096:
            _DESERIALIZED[names] = found
    return found




def bag_factory(computer_name: str | None = None) -> Any:
    """``make_bag`` for a sessions Decoder: builds the shell object a bag stands for."""
    rehydrate = _REHYDRATE
    names_of = _deserialized_names
    cache = _DESERIALIZED
    make = PSObject

    def make_bag(names: tuple[str, ...], props: dict[str, Any], string_form: Any) -> Any:
        deser = cache.get(names)
        if deser is None:
            if names and names[0] in rehydrate:
                return rehydrate[names[0]](props, string_form, computer_name)
            deser = names_of(names)
        return make(props, deser.copy(), string_form)
    return make_bag


def bags_factory(computer_name: str | None = None) -> Any:
    """``make_bags`` for a sessions Decoder: many shell objects of one type at once.

    The objects of one batch share one list of type names (one list instead of
    thousands). Nothing changes a PSObject's ``type_names`` in place: the language
    gives ``$x.PSObject.TypeNames`` a copy of its own the first time it is asked for
    (members_views), which is what makes the sharing safe.
    """
    make_bag = bag_factory(computer_name)

    def make_bags(names: tuple[str, ...], payloads: list[dict[str, Any]]) -> list[Any]:
        if names and names[0] in _REHYDRATE:
            return [make_bag(names, p, None) for p in payloads]
        return PSObject.many(payloads, list(_deserialized_names(names)))
    return make_bags


def rows_factory(computer_name: str | None = None) -> Any:
    """``make_rows`` for a sessions Decoder: the objects of a rows batch, built from its flat values.

    Custom objects become row-backed PSObjects (``PSObject.rows``: no dict per
    object until code needs one; they share the batch's values and one list of
    type names, as ``bags_factory``'s do); the records the shell rebuilds (errors,
    format records...) are built one by one from a dict per row.
    """
    make_bag = bag_factory(computer_name)

    def make_rows(names: tuple[str, ...], keys: list[str], values: list[Any]) -> list[Any]:
        if names and names[0] in _REHYDRATE:
            return [make_bag(names, props, None) for props in row_dicts(keys, values)]
        return PSObject.rows(keys, values, list(_deserialized_names(names)), row_dicts)
    return make_rows


def _make_table(table: Table) -> Hashtable:
    return Hashtable(table.items(), ordered=table.ordered)


def _make_timespan(ticks: int) -> Any:
    from shell.language.conversions import TimeSpan  # noqa: PLC0415
    return TimeSpan(ticks)


def decoder(computer_name: str | None = None) -> Decoder:
    """A sessions Decoder whose output is shell values (pass it to ``Connection``)."""
    return Decoder(make_bag=bag_factory(computer_name), make_bags=bags_factory(computer_name),
                   make_rows=rows_factory(computer_name), make_table=_make_table,
                   make_ticks=_make_timespan)


def from_record(value: Any, computer_name: str | None = None) -> Any:
    """The shell value for a received wire value (already-converted values pass through).

    ``computer_name`` is set on error records that do not name their computer.
    """
    cls = value.__class__
    if cls in _PLAIN:
        if cls is datetime and value.tzinfo is not None:
            return value.astimezone().replace(tzinfo=None)  # the language's datetimes are local
        return value
    if cls is Bag:
        make = bag_factory(computer_name)
        props = {k: from_record(v, computer_name) for k, v in value.properties.items()}
        return make(tuple(value.type_names), props, value.string_form)
    if cls is list:
        return [from_record(v, computer_name) for v in value]
    if cls is Table:
        return Hashtable([(from_record(k, computer_name), from_record(v, computer_name))
                          for k, v in value.items()], ordered=value.ordered)
    if cls is Ticks:
        return _make_timespan(value.ticks)
    if cls is ErrorRecord:
        if value.computer_name is None and computer_name:
            value.computer_name = computer_name
        return value
    if cls is dict:
        return Hashtable({k: from_record(v, computer_name) for k, v in value.items()})
    return value
