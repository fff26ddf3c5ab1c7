"""The codec: every wire type round-trips; hostile bytes raise only CodecError."""

from __future__ import annotations

import datetime as dt

import msgpack
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessions.codec import (MAX_NESTING, Bag, CodecError, Decoder, Encoder, Table, Ticks,
                            pack_items, row_dicts)

NAMES = ("System.Management.Automation.PSCustomObject", "System.Object")


def round_trip(value: object) -> object:
    return Decoder().unpack(Encoder().pack(value))


@pytest.mark.parametrize("value", [
    None, True, False, 0, -1, 2**63 - 1, -2**63, 2**64 - 1, 1.5, float("inf"), "", "héllo ✓",
    b"\x00\xff", [], [1, [2, [3]]], {"a": 1, "b": [None]},
])
def test_plain_values_round_trip(value: object) -> None:
    assert round_trip(value) == value


@pytest.mark.parametrize("value", [2**64, -2**63 - 1, 10**100, -(10**300)])
def test_big_integers_round_trip(value: int) -> None:
    assert round_trip(value) == value


def test_tuples_and_bytearrays_become_lists_and_bytes() -> None:
    assert round_trip((1, (2, 3))) == [1, [2, 3]]
    assert round_trip(bytearray(b"ab")) == b"ab"


def test_datetimes_keep_their_kind() -> None:
    local = dt.datetime(2024, 2, 29, 13, 45, 7, 123456)
    assert round_trip(local) == local and round_trip(local).tzinfo is None
    aware = dt.datetime(2024, 1, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    back = round_trip(aware)
    assert back == aware and back.tzinfo == dt.timezone.utc
    assert round_trip(dt.datetime.min) == dt.datetime.min
    assert round_trip(dt.datetime.max) == dt.datetime.max


def test_msgpack_timestamps_decode_as_utc_datetimes() -> None:
    value = Decoder().unpack(b"\xd6\xff\x00\x00\x00\x01")
    assert value == dt.datetime(1970, 1, 1, 0, 0, 1, tzinfo=dt.timezone.utc)


def test_ticks_round_trip() -> None:
    assert round_trip(Ticks(-123456789)) == Ticks(-123456789)


def test_tables_keep_order_flag_and_any_keys() -> None:
    table = Table([("b", 1), (2, "two"), ("a", [1, 2])], ordered=True)
    back = round_trip(table)
    assert type(back) is Table and back.ordered is True
    assert list(back.items()) == [("b", 1), (2, "two"), ("a", [1, 2])]
    assert round_trip(Table()).ordered is False


def test_bags_round_trip_nested() -> None:
    inner = Bag(("Inner",), {"x": 1}, "inner!")
    outer = Bag(NAMES, {"Name": "n", "Child": inner, "List": [inner, Table({"k": inner})]}, None)
    back = round_trip(outer)
    assert back == outer
    assert back.properties["List"][1]["k"].string_form == "inner!"


def test_factories_build_the_receivers_objects() -> None:
    made: list[tuple] = []
    decoder = Decoder(make_bag=lambda n, p, s: made.append((n, p, s)) or ("bag", n[0]),
                      make_table=lambda t: ("table", dict(t)), make_ticks=lambda t: ("ticks", t))
    value = decoder.unpack(Encoder().pack([Bag(("T",), {"a": 1}), Table({"k": 1}), Ticks(5)]))
    assert value == [("bag", "T"), ("table", {"k": 1}), ("ticks", 5)]
    assert made == [(("T",), {"a": 1}, None)]


def test_unencodable_values_raise_codec_error() -> None:
    with pytest.raises(CodecError, match="cannot encode a value of type object"):
        Encoder().pack(object())
    cycle: list = []
    cycle.append(cycle)
    with pytest.raises(CodecError):
        Encoder().pack(cycle)


def test_nesting_is_bounded_both_ways() -> None:
    value: object = 1
    for _ in range(MAX_NESTING + 1):
        value = Bag(("T",), {"v": value})
    with pytest.raises(CodecError, match="nested more than"):
        Encoder().pack(value)
    # A hostile sender nests ext payloads by hand.
    data = msgpack.packb(1)
    for _ in range(MAX_NESTING + 2):
        data = msgpack.packb(msgpack.ExtType(1, msgpack.packb([["T"], None, {"v": msgpack.ExtType(0, b"")}])))
    with pytest.raises(CodecError):
        Decoder().unpack(data)
    deep = b"\x91" * 100_000 + b"\xc0"
    with pytest.raises(CodecError):
        Decoder().unpack(deep)


@pytest.mark.parametrize("data", [
    msgpack.packb(msgpack.ExtType(99, b"")),                              # unknown ext type
    msgpack.packb(msgpack.ExtType(1, msgpack.packb([["T"], None]))),      # bag with 2 parts
    msgpack.packb(msgpack.ExtType(1, msgpack.packb([[1], None, {}]))),    # type name not a string
    msgpack.packb(msgpack.ExtType(1, msgpack.packb([["T"], 5, {}]))),     # string form not a string
    msgpack.packb(msgpack.ExtType(2, msgpack.packb([True, [1], 2]))),     # unhashable key
    msgpack.packb(msgpack.ExtType(2, msgpack.packb([1, "k"]))),           # odd table
    msgpack.packb(msgpack.ExtType(3, b"\x00" * 3)),                       # short datetime
    msgpack.packb(msgpack.ExtType(3, b"\x7f" + b"\xff" * 7 + b"\x00")),   # datetime out of range
    msgpack.packb(msgpack.ExtType(5, b"12a")),                            # bad big int
    msgpack.packb(msgpack.ExtType(5, b"9" * 5000)),                       # huge big int
    b"\x81\x01\x02",                                                      # map with an int key
    b"\xa2\xff\xfe",                                                      # invalid utf-8
    b"\x92\x01",                                                          # truncated
    b"\x01\x02",                                                          # extra data
    b"\xc1",                                                              # reserved byte
])
def test_malformed_input_raises_codec_error(data: bytes) -> None:
    with pytest.raises(CodecError):
        Decoder().unpack(data)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_raise_nothing_but_codec_error(data: bytes) -> None:
    try:
        Decoder().unpack(data)
    except CodecError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.integers(-5, 5), st.binary(max_size=20)), max_size=10))
def test_random_ext_payloads_raise_nothing_but_codec_error(parts: list) -> None:
    for code in range(1, 6):
        payload = b"".join(p if isinstance(p, bytes) else msgpack.packb(p) for p in parts)
        try:
            Decoder().unpack(msgpack.packb([msgpack.ExtType(code, payload)]))
        except CodecError:
            pass


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=10), st.binary(max_size=10))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.text(max_size=5), inner, max_size=4),
    st.builds(lambda p, s: Bag(("T", "System.Object"), p, s),
              st.dictionaries(st.text(max_size=5), inner, max_size=4), st.one_of(st.none(), st.text(max_size=5))),
), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(values)
def test_any_value_round_trips(value: object) -> None:
    assert round_trip(value) == value


def test_record_batches_round_trip_with_interned_schemas() -> None:
    batch = [Bag(NAMES, {"Id": i, "Name": f"p{i}"}) for i in range(5)]
    batch += [Bag(("Other",), {"x": 1}, "shown"), 42, None, Bag(list(NAMES), {"Id": 9})]
    kinds, payloads, schemas = pack_items(batch)
    assert schemas == [list(NAMES), ["Other"]] and kinds == [0, 0, 0, 0, 0, -3, -1, -1, 0]
    back = Decoder().unpack(Encoder().pack([kinds, payloads, schemas]))
    assert Decoder().decode_items(*back) == batch[:-1] + [Bag(NAMES, {"Id": 9})]


def test_a_uniform_batch_is_one_kind_for_all() -> None:
    batch = [Bag(NAMES, {"Id": i}) for i in range(100)]
    kinds, payloads, schemas = pack_items(batch)
    assert kinds == 0 and schemas == [list(NAMES)] and payloads[7] == {"Id": 7}
    made: list = []
    decoder = Decoder(make_bags=lambda names, ps: made.append(names) or [("b", p["Id"]) for p in ps])
    assert decoder.decode_items(*Decoder().unpack(Encoder().pack([kinds, payloads, schemas])))[:2] == \
        [("b", 0), ("b", 1)]
    assert made == [NAMES]


@pytest.mark.parametrize("kinds,payloads,schemas", [
    ([0], [], [["T"]]),                      # kinds and payloads differ in length
    ([3], [{}], [["T"]]),                    # unknown schema
    ([0], [[1]], [["T"]]),                   # properties not a map
    ([0], [{"a": 1}], [[1]]),                # schema names not strings
    (["x"], [1], []),                        # bad kind
    ([-2], [{}], [["T"]]),                   # string-form bag without its pair
    ([0], [{b"k": 1}], [["T"]]),             # a property name that is not a string
    ([-3], [["s", {}]], [["T"]]),            # unknown schema, string-form form
    (0, [{"a": 1}, [1]], [["T"]]),           # uniform batch with a payload that is not a map
    (0, [{"a": 1}, {b"k": 1}], [["T"]]),     # uniform batch with a bytes property name
    (2, [{"a": 1}], [["T"]]),                # uniform batch of an unknown schema
    (True, [{"a": 1}], [["T"]]),             # a bool is not a kind
    (0, {"a": 1}, [["T"]]),                  # payloads not a list
])
def test_malformed_record_batches_raise_codec_error(kinds: object, payloads: object, schemas: list) -> None:
    with pytest.raises(CodecError):
        Decoder().decode_items(kinds, payloads, schemas)


def test_rows_decode_as_bags_of_one_shape() -> None:
    values = [1, "p1", 2, "p2", 3, dt.datetime(2024, 1, 2)]
    back = Decoder().unpack(Encoder().pack([list(NAMES), ["Id", "Name"], values]))
    assert Decoder().decode_rows(*back) == [Bag(NAMES, {"Id": 1, "Name": "p1"}), Bag(NAMES, {"Id": 2, "Name": "p2"}),
                                            Bag(NAMES, {"Id": 3, "Name": dt.datetime(2024, 1, 2)})]
    assert Decoder().decode_rows(["T"], ["only"], [[1], None]) == [Bag(("T",), {"only": [1]}),
                                                                   Bag(("T",), {"only": None})]
    assert Decoder().decode_rows(["T"], ["a"], []) == []


def test_rows_use_the_batch_factory() -> None:
    made: list = []
    decoder = Decoder(make_bags=lambda names, ps: made.append(names) or [("b", p["Id"]) for p in ps])
    assert decoder.decode_rows(list(NAMES), ["Id"], [5, 6]) == [("b", 5), ("b", 6)]
    assert made == [NAMES]


def test_rows_go_whole_to_the_rows_factory_once_checked() -> None:
    made: list = []
    decoder = Decoder(make_rows=lambda names, keys, values: made.append((names, keys, values)) or ["r"])
    assert decoder.decode_rows(list(NAMES), ["Id", "Name"], [5, "a", 6, "b"]) == ["r"]
    assert made == [(NAMES, ["Id", "Name"], [5, "a", 6, "b"])]
    with pytest.raises(CodecError):
        decoder.decode_rows(list(NAMES), ["Id", "id", "Id"], [1, 2, 3])
    assert len(made) == 1


@pytest.mark.parametrize("width", [1, 2, 3, 4, 5, 6, 7, 9])
def test_row_dicts_of_any_width(width: int) -> None:
    keys = [f"k{i}" for i in range(width)]
    values = list(range(3 * width))
    expected = [dict(zip(keys, values[i:i + width])) for i in range(0, len(values), width)]
    assert row_dicts(keys, values) == expected and row_dicts(tuple(keys), tuple(values)) == expected
    assert row_dicts(keys, []) == []


@pytest.mark.parametrize("names,keys,values", [
    (["T"], [], []),                          # no property names: the count would be unbounded
    (["T"], ["a", "b"], [1, 2, 3]),           # values do not fill the last row
    (["T"], ["a", "a"], [1, 2]),              # a property name twice
    (["T"], ["a", b"b"], [1, 2]),             # a property name that is not a string
    ([1], ["a"], [1]),                        # type names not strings
    ("T", ["a"], [1]),                        # type names not a list
    (["T"], "a", [1]),                        # keys not a list
    (["T"], ["a"], {"a": 1}),                 # values not a list
])
def test_malformed_rows_raise_codec_error(names: object, keys: object, values: object) -> None:
    with pytest.raises(CodecError):
        Decoder().decode_rows(names, keys, values)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=5), min_size=1, max_size=4, unique=True),
       st.lists(st.one_of(st.none(), st.integers(-2**63, 2**64 - 1), st.text(max_size=8), st.binary(max_size=4)),
                max_size=40))
def test_any_rows_round_trip(keys: list, values: list) -> None:
    values = values[:len(values) - len(values) % len(keys)]
    back = Decoder().decode_rows(*round_trip([list(NAMES), keys, values]))  # type: ignore[misc]
    width = len(keys)
    assert back == [Bag(NAMES, dict(zip(keys, values[i:i + width]))) for i in range(0, len(values), width)]
