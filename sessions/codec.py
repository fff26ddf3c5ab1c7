"""The codec: plain values <-> msgpack bytes, for every boundary (pipes or SSH).

What crosses the wire is data, never code: decoding builds only the plain records
below (or whatever the ``make_*`` factories a caller passes build from them).
Nothing received is unpickled, evaluated or used to look up a class; the far side
may be hostile, so every malformed input raises ``CodecError`` and nothing else.

Values (the wire's object model, DESIGN.md "The wire"):

==================  ==========================================================
Python value        on the wire
==================  ==========================================================
None, bool, float   msgpack nil, bool, float
int                 msgpack int; outside 64 bits, ext 5 (its decimal digits)
str, bytes          msgpack str, bin (bytearray/memoryview encode as bytes)
list, tuple         msgpack array (decodes as list)
dict (str keys)     msgpack map (decodes as dict) -- property maps
``Table``           ext 2: a hashtable: ``[ordered, k1, v1, k2, v2, ...]``
``Bag``             ext 1: a property bag: ``[type_names, string_form, props]``
datetime            ext 3: 8-byte microseconds since 0001-01-01, 1-byte kind
                    (0 local/naive, 1 UTC); msgpack's timestamp (ext -1)
                    also decodes, as an aware UTC datetime
``Ticks``           ext 4: a duration in 100 ns ticks (TimeSpan), 8 bytes
==================  ==========================================================

Output records travel in batches (``pack_items``/``decode_items``): a property
bag at the top of a record is sent as a schema number (its type names, interned
per message) and its property map, so that the common case -- many objects of the
same type -- costs one small msgpack map each, no ext round trip, and (when the
whole batch is of one type) no Python loop per object on either side.

Rows (``Decoder.decode_rows``) are the columnar form of the commonest batch of
all -- many bags of one type with the same property names in the same order and
no string form, e.g. 200,000 objects from one loop: the type names and the
property names are sent once and the values follow row after row in one flat
array. That is smaller, encodes in one call, and decodes without a map per
object: the receiver validates the names once, then hands the flat values to
the decoder's ``make_rows`` (the shell builds row-backed PSObjects that share
them: no dict per object) or, by default, builds the property dicts with one
dict display per row (``row_dicts``).

Depth: the codec itself only bounds nesting (``MAX_NESTING``) to refuse hostile or
cyclic input; the semantic depth limit (past it, an object's string form is sent)
belongs to the adapter that builds records from live objects.
"""

from __future__ import annotations

import datetime as _dt
import gc
import operator
import struct
from itertools import chain as _chain_mod
from itertools import repeat as _repeat
from typing import Any, Callable

import msgpack

__all__ = ["Bag", "Table", "Ticks", "CodecError", "Encoder", "Decoder", "MAX_NESTING",
           "gc_paused", "pack_items", "row_dicts"]

EXT_BAG = 1
EXT_TABLE = 2
EXT_DATETIME = 3
EXT_TICKS = 4
EXT_BIGINT = 5

#: How deeply ext values (bags, tables) may nest, on either side, before refusal.
MAX_NESTING = 64
#: Longest decimal form of a big integer accepted (CPython's own int/str limit is 4300).
MAX_BIGINT_DIGITS = 4000

_chain = _chain_mod.from_iterable
_EPOCH = _dt.datetime(1, 1, 1)
_UTC = _dt.timezone.utc
_DT_STRUCT = struct.Struct(">qB")
_TICKS_STRUCT = struct.Struct(">q")
_INT64_MIN = -(1 << 63)
_UINT64_MAX = (1 << 64) - 1


class CodecError(ValueError):
    """The bytes are not a valid encoding, or a value cannot be encoded."""


class Bag:
    """A property bag: type names (most derived first), ordered properties, string form.

    ``properties`` maps property names (str) to wire values, in order.
    ``string_form`` is the object's ``ToString()``, or None when the receiver can
    derive it (a plain custom object).
    """

    __slots__ = ("type_names", "properties", "string_form")

    def __init__(self, type_names: tuple[str, ...], properties: dict[str, Any],
                 string_form: str | None = None) -> None:
        self.type_names = type_names
        self.properties = properties
        self.string_form = string_form

    def __repr__(self) -> str:
        return f"Bag({self.type_names[:1]!r}, {self.properties!r}, string_form={self.string_form!r})"

    def __eq__(self, other: object) -> bool:
        return (type(other) is Bag and self.type_names == other.type_names  # type: ignore[attr-defined]
                and self.properties == other.properties  # type: ignore[attr-defined]
                and self.string_form == other.string_form)  # type: ignore[attr-defined]

    __hash__ = object.__hash__  # bags may be hashtable keys; identity is enough


class Table(dict):
    """A hashtable: any hashable wire values as keys, insertion order kept.

    ``ordered`` tells the receiver whether it was ``[ordered]`` (OrderedDictionary).
    """

    __slots__ = ("ordered",)

    def __init__(self, items: Any = (), ordered: bool = False) -> None:
        super().__init__(items)
        self.ordered = ordered

    def __repr__(self) -> str:
        return f"Table({dict.__repr__(self)}, ordered={self.ordered})"


class Ticks:
    """A duration in 100-nanosecond ticks (.NET TimeSpan)."""

    __slots__ = ("ticks",)

    def __init__(self, ticks: int) -> None:
        self.ticks = ticks

    def __repr__(self) -> str:
        return f"Ticks({self.ticks})"

    def __eq__(self, other: object) -> bool:
        return type(other) is Ticks and other.ticks == self.ticks  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(("Ticks", self.ticks))


class gc_paused:  # noqa: N801 - used like a function: ``with gc_paused():``
    """Pause the cyclic garbage collector while a batch of objects is built.

    msgpack's documentation recommends this for large unpacks: building many
    long-lived containers triggers repeated full collections that cost several
    times the decoding itself. It is restored only if this block disabled it.
    """

    __slots__ = ("_was",)

    def __enter__(self) -> None:
        self._was = gc.isenabled()
        if self._was:
            gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._was:
            gc.enable()


# --------------------------------------------------------------------------- encoding

class Encoder:
    """Encodes wire values; one per writing thread (msgpack packers are not thread-safe)."""

    def __init__(self) -> None:
        self._level = 0
        self._packers = [self._new_packer() for _ in range(2)]
        self._top = self._packers[0]

    def _new_packer(self) -> msgpack.Packer:
        return msgpack.Packer(default=self._default, use_bin_type=True, strict_types=True,
                              autoreset=True)

    def pack(self, value: Any) -> bytes:
        """The msgpack bytes of ``value``; raises CodecError for what cannot be encoded."""
        try:
            return self._top.pack(value)
        except CodecError:
            raise
        except (TypeError, ValueError, OverflowError) as exc:  # msgpack's own refusals
            raise CodecError(f"cannot encode value: {exc}") from None
        finally:
            self._level = 0

    def _nested(self, value: Any) -> bytes:
        level = self._level + 1
        if level > MAX_NESTING:
            raise CodecError(f"value nested more than {MAX_NESTING} levels deep")
        while len(self._packers) <= level:
            self._packers.append(self._new_packer())
        self._level = level
        try:
            return self._packers[level].pack(value)
        finally:
            self._level = level - 1

    def _default(self, obj: Any) -> Any:
        cls = type(obj)
        if cls is Bag:
            names = obj.type_names
            return msgpack.ExtType(EXT_BAG, self._nested(
                [names if type(names) is list else list(names), obj.string_form, obj.properties]))
        if cls is Table:
            flat: list[Any] = [bool(obj.ordered)]
            for key, value in obj.items():
                flat.append(key)
                flat.append(value)
            return msgpack.ExtType(EXT_TABLE, self._nested(flat))
        if cls is tuple:
            return list(obj)
        if cls is _dt.datetime:
            return msgpack.ExtType(EXT_DATETIME, _pack_datetime(obj))
        if cls is Ticks:
            return msgpack.ExtType(EXT_TICKS, _TICKS_STRUCT.pack(obj.ticks))
        if isinstance(obj, bool):
            return bool(obj)
        if isinstance(obj, int):
            value = int(obj)
            if _INT64_MIN <= value <= _UINT64_MAX:
                return value
            return msgpack.ExtType(EXT_BIGINT, str(value).encode("ascii"))
        if isinstance(obj, float):
            return float(obj)
        if isinstance(obj, str):
            return str(obj)
        if isinstance(obj, (bytes, bytearray, memoryview)):
            return bytes(obj)
        if isinstance(obj, _dt.datetime):
            return msgpack.ExtType(EXT_DATETIME, _pack_datetime(obj))
        if isinstance(obj, dict):
            return {str(k): v for k, v in obj.items()}
        if isinstance(obj, (list, tuple)):
            return list(obj)
        raise CodecError(f"cannot encode a value of type {cls.__name__}")


def _pack_datetime(value: _dt.datetime) -> bytes:
    kind = 0
    if value.tzinfo is not None:
        value = value.astimezone(_UTC).replace(tzinfo=None)
        kind = 1
    delta = value - _EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return _DT_STRUCT.pack(micros, kind)


# --------------------------------------------------------------------------- decoding

BagFactory = Callable[[tuple, dict, Any], Any]


class Decoder:
    """Decodes wire values into plain records, or into what the factories build.

    ``make_bag(type_names: tuple, properties: dict, string_form)``,
    ``make_bags(type_names: tuple, list_of_properties) -> list`` (many bags of one
    type at once; by default ``make_bag`` for each), ``make_rows(type_names: tuple,
    keys: list, values: list) -> list`` (the bags of a rows batch, from its flat
    values, which it may keep; by default ``make_bags`` of one dict per row),
    ``make_table(table: Table)`` and ``make_ticks(ticks: int)`` let the receiving
    application build its own objects directly (the shell builds PSObjects), which
    saves a second pass over a large batch; they are called only with validated
    data. One decoder per reading thread.
    """

    def __init__(self, *, make_bag: BagFactory = Bag,
                 make_bags: Callable[[tuple, list], list] | None = None,
                 make_rows: Callable[[tuple, list, list], list] | None = None,
                 make_table: Callable[[Table], Any] | None = None,
                 make_ticks: Callable[[int], Any] = Ticks) -> None:
        self.make_bag = make_bag
        self.make_bags = make_bags or _default_make_bags(make_bag)
        self.make_rows = make_rows
        self.make_table = make_table
        self.make_ticks = make_ticks
        self._level = 0

    def unpack(self, data: bytes | memoryview) -> Any:
        """The value encoded in ``data``; raises CodecError for anything malformed."""
        self._level = 0
        try:
            return msgpack.unpackb(data, ext_hook=self._ext_hook, raw=False, strict_map_key=True,
                                   use_list=True, timestamp=3)
        except CodecError:
            raise
        except Exception as exc:  # noqa: BLE001 - msgpack raises many kinds; all mean "malformed"
            raise CodecError(f"malformed data: {type(exc).__name__}: {exc}") from None

    def _nested(self, data: bytes) -> Any:
        if self._level >= MAX_NESTING:
            raise CodecError(f"value nested more than {MAX_NESTING} levels deep")
        self._level += 1
        try:
            return msgpack.unpackb(data, ext_hook=self._ext_hook, raw=False, strict_map_key=True,
                                   use_list=True, timestamp=3)
        finally:
            self._level -= 1

    def _ext_hook(self, code: int, data: bytes) -> Any:
        if code == EXT_BAG:
            parts = self._nested(data)
            if type(parts) is not list or len(parts) != 3:
                raise CodecError("malformed property bag")
            names, string_form, props = parts
            return self.make_bag(check_type_names(names), check_properties(props),
                                 check_string_form(string_form))
        if code == EXT_TABLE:
            flat = self._nested(data)
            if type(flat) is not list or not flat or len(flat) % 2 != 1 or type(flat[0]) is not bool:
                raise CodecError("malformed hashtable")
            table = Table(ordered=flat[0])
            try:
                for i in range(1, len(flat), 2):
                    table[flat[i]] = flat[i + 1]
            except TypeError:
                raise CodecError("malformed hashtable: a key cannot be used as a key") from None
            return table if self.make_table is None else self.make_table(table)
        if code == EXT_DATETIME:
            if len(data) != _DT_STRUCT.size:
                raise CodecError("malformed datetime")
            micros, kind = _DT_STRUCT.unpack(data)
            if kind > 1:
                raise CodecError("malformed datetime")
            try:
                value = _EPOCH + _dt.timedelta(microseconds=micros)
            except OverflowError:
                raise CodecError("datetime out of range") from None
            return value.replace(tzinfo=_UTC) if kind == 1 else value
        if code == EXT_TICKS:
            if len(data) != _TICKS_STRUCT.size:
                raise CodecError("malformed duration")
            return self.make_ticks(_TICKS_STRUCT.unpack(data)[0])
        if code == EXT_BIGINT:
            if not 0 < len(data) <= MAX_BIGINT_DIGITS:
                raise CodecError("malformed big integer")
            text = data.decode("ascii", "replace")
            body = text[1:] if text[:1] == "-" else text
            if not body.isdigit() or not body.isascii():
                raise CodecError("malformed big integer")
            return int(text)
        raise CodecError(f"unknown extension type {code}")

    # -- batches of output records (see messages.RECORDS and messages.ROWS) --------------

    def decode_rows(self, type_names: Any, keys: Any, values: Any) -> list[Any]:
        """The bags of a rows batch: type names, property names, then the values row after row.

        Every bag has the type names ``type_names``, the properties ``keys`` (at least
        one, all distinct strings) in that order, and no string form; ``values`` holds
        ``len(keys)`` values per bag. Built by ``make_rows`` when the decoder has one
        (it receives ``values`` itself), else with ``make_bags`` of dicts built with
        no Python loop per bag.
        """
        names = check_type_names(type_names)
        if type(keys) is not list or not keys or type(values) is not list:
            raise CodecError("malformed rows")
        for key in keys:
            if type(key) is not str:
                raise CodecError("malformed rows: a property name is not a string")
        width = len(keys)
        if len(set(keys)) != width or len(values) % width:
            raise CodecError("malformed rows")
        if self.make_rows is not None:
            return self.make_rows(names, keys, values)
        return self.make_bags(names, row_dicts(keys, values))

    def decode_items(self, kinds: Any, payloads: Any, schemas: Any) -> list[Any]:
        """The objects of a records batch, from the three fields ``pack_items`` made.

        ``kinds`` is one int for the whole batch or a list with one per payload:
        kind >= 0: a bag whose type names are ``schemas[kind]``, payload its properties;
        kind == -1: payload is any value; kind <= -2: a bag of schema ``-2 - kind``
        whose payload is ``[string_form, properties]``.
        """
        if type(payloads) is not list or type(schemas) is not list:
            raise CodecError("malformed record batch")
        names = [check_type_names(s) for s in schemas]
        if type(kinds) is int:
            if kinds >= 0:
                # The common case, checked and built with no Python loop per object:
                # every payload a map, every property name a string.
                if kinds >= len(names):
                    raise CodecError("malformed record batch: unknown schema")
                if payloads and (set(map(type, payloads)) != _JUST_DICT
                                 or not set(map(type, _chain(payloads))) <= _JUST_STR):
                    raise CodecError("malformed record batch: properties are not a map of names")
                return self.make_bags(names[kinds], payloads)
            kinds = [kinds] * len(payloads)
        if type(kinds) is not list or len(kinds) != len(payloads):
            raise CodecError("malformed record batch")
        make_bag = self.make_bag
        out: list[Any] = []
        append = out.append
        try:
            for kind, payload in zip(kinds, payloads):
                if kind.__class__ is not int:
                    raise CodecError("malformed record batch: bad kind")
                if kind >= 0:
                    append(make_bag(names[kind], check_properties(payload), None))
                elif kind == -1:
                    append(payload)
                else:
                    if payload.__class__ is not list or len(payload) != 2:
                        raise CodecError("malformed record batch")
                    append(make_bag(names[-2 - kind], check_properties(payload[1]),
                                    check_string_form(payload[0])))
        except IndexError:
            raise CodecError("malformed record batch: unknown schema") from None
        return out


# Building many small dicts: a dict display in a comprehension ({k0: v0, k1: v1}) is
# the fastest way CPython has (about 40% faster than dict() of each row's pairs), but
# it needs one function per number of properties; common widths have theirs.

def _rows1(keys: list[str], values: list[Any]) -> list[dict[str, Any]]:
    k0, = keys
    return [{k0: v0} for v0 in values]


def _rows2(keys: list[str], values: list[Any]) -> list[dict[str, Any]]:
    k0, k1 = keys
    it = iter(values)
    return [{k0: v0, k1: v1} for v0, v1 in zip(it, it)]


def _rows3(keys: list[str], values: list[Any]) -> list[dict[str, Any]]:
    k0, k1, k2 = keys
    it = iter(values)
    return [{k0: v0, k1: v1, k2: v2} for v0, v1, v2 in zip(it, it, it)]


def _rows4(keys: list[str], values: list[Any]) -> list[dict[str, Any]]:
    k0, k1, k2, k3 = keys
    it = iter(values)
    return [{k0: v0, k1: v1, k2: v2, k3: v3} for v0, v1, v2, v3 in zip(it, it, it, it)]


def _rows5(keys: list[str], values: list[Any]) -> list[dict[str, Any]]:
    k0, k1, k2, k3, k4 = keys
    it = iter(values)
    return [{k0: v0, k1: v1, k2: v2, k3: v3, k4: v4} for v0, v1, v2, v3, v4 in zip(it, it, it, it, it)]


def _rows6(keys: list[str], values: list[Any]) -> list[dict[str, Any]]:
    k0, k1, k2, k3, k4, k5 = keys
    it = iter(values)
    return [{k0: v0, k1: v1, k2: v2, k3: v3, k4: v4, k5: v5}
            for v0, v1, v2, v3, v4, v5 in zip(it, it, it, it, it, it)]


def _row_dicts(keys: list[str], values: list[Any]) -> list[dict[str, Any]]:
    """Any width: one column per property, each paired with its name, and dict() of each row's pairs."""
    width = len(keys)
    columns = [zip(_repeat(key), values[i::width]) for i, key in enumerate(keys)]
    return list(map(dict, zip(*columns)))


_ROW_DICTS = {1: _rows1, 2: _rows2, 3: _rows3, 4: _rows4, 5: _rows5, 6: _rows6}


def row_dicts(keys: list[str] | tuple[str, ...], values: list[Any] | tuple[Any, ...]) -> list[dict[str, Any]]:
    """One dict per row of ``values`` (``len(keys)`` values each, row after row), the fastest way."""
    return _ROW_DICTS.get(len(keys), _row_dicts)(keys, values)


_JUST_DICT = {dict}
_JUST_STR = {str}


def _default_make_bags(make_bag: BagFactory) -> Callable[[tuple, list], list]:
    def make_bags(names: tuple, payloads: list) -> list:
        return [make_bag(names, p, None) for p in payloads]
    return make_bags


def check_type_names(names: Any) -> tuple[str, ...]:
    """``names`` as a tuple of strings, or CodecError."""
    if type(names) is not list and type(names) is not tuple:
        raise CodecError("malformed type names")
    for name in names:
        if type(name) is not str:
            raise CodecError("malformed type names")
    return tuple(names)


def check_properties(props: Any) -> dict[str, Any]:
    """``props`` if it is a map of string names, else CodecError."""
    if type(props) is not dict:
        raise CodecError("malformed properties")
    for key in props:
        if type(key) is not str:
            raise CodecError("malformed properties: a name is not a string")
    return props


def check_string_form(value: Any) -> str | None:
    """``value`` if it is None or a string, else CodecError."""
    if value is not None and type(value) is not str:
        raise CodecError("malformed string form")
    return value


_names_of = operator.attrgetter("type_names")
_props_of = operator.attrgetter("properties")
_string_of = operator.attrgetter("string_form")


def pack_items(values: list[Any]) -> tuple[Any, list[Any], list[list[str]]]:
    """The sender's half of ``Decoder.decode_items``: (kinds, payloads, schemas) for a batch.

    A bag's type names are interned: each distinct tuple is sent once per batch. A
    batch of bags that all share one tuple of type names and have no string form
    (the common case) is sent as one kind for all, found without a Python loop.
    """
    if values and set(map(type, values)) == _JUST_BAG:
        names = list(map(_names_of, values))
        first = names[0]
        if (first.__class__ is tuple and names.count(first) == len(names)
                and list(map(_string_of, values)).count(None) == len(values)):
            return 0, list(map(_props_of, values)), [list(first)]
    kinds: list[int] = []
    payloads: list[Any] = []
    refs: dict[Any, int] = {}
    schemas: list[list[str]] = []
    for value in values:
        if value.__class__ is Bag:
            names = value.type_names
            if names.__class__ is not tuple:
                names = tuple(names)
            ref = refs.get(names)
            if ref is None:
                ref = refs[names] = len(schemas)
                schemas.append(list(names))
            if value.string_form is None:
                kinds.append(ref)
                payloads.append(value.properties)
            else:
                kinds.append(-2 - ref)
                payloads.append([value.string_form, value.properties])
        else:
            kinds.append(-1)
            payloads.append(value)
    return kinds, payloads, schemas


_JUST_BAG = {Bag}
