"""Messages: the field table, dispatch, frames of several messages, the version check."""

from __future__ import annotations

import pytest

from sessions import messages as m
from sessions.codec import Bag, Decoder, Encoder, Table


def test_every_message_type_has_a_name_and_fields() -> None:
    for kind in m.NAMES:
        assert kind in m._FIELDS


@pytest.mark.parametrize("msg", [
    [m.HELLO, {"protocol": 1}], [m.INVOKE, 1, "1+1", [], {}, {}], [m.RECORDS, 1, 1, 1, [], [], []], [m.RECORDS, 1, 1, 1, 0, [], []],
    [m.STATE, 1, "Completed", None], [m.STATE, 2, "Failed", "why"], [m.STOP, 3],
    [m.COMPLETE, 1, "Get-", 4], [m.COMPLETION, 1, {"matches": []}, None], [m.SET_LOCATION, 1, "/"],
    [m.LOCATION, 0, "/tmp", None], [m.ACK, 1, 512], [m.DISCONNECT], [m.CLOSE, None], [m.ERROR, "bad"],
])
def test_well_formed_messages_pass(msg: list) -> None:
    assert m.check(msg) is msg


@pytest.mark.parametrize("msg,error", [
    ("hello", "malformed message"), ([], "malformed message"), (["x"], "malformed message"),
    ([99], "unknown message type 99"), ([m.STOP], "malformed stop message: 0 fields, expected 1"),
    ([m.STOP, "1"], "malformed stop message"), ([m.STOP, True], "malformed stop message"),
    ([m.STATE, 1, "Sleeping", None], "unknown state 'Sleeping'"),
    ([m.RECORDS, 1, 9, 1, [], [], []], "stream 9"), ([m.INVOKE, 1, "x", {}, {}, {}], "malformed invoke"),
])
def test_malformed_messages_are_refused_with_a_reason(msg: object, error: str) -> None:
    with pytest.raises(m.ProtocolError, match=error):
        m.check(msg)


def test_dispatch_calls_the_handler_from_the_table() -> None:
    seen: list = []
    dispatch = m.Dispatcher({m.STOP: lambda inv: seen.append(("stop", inv)),
                             m.ACK: lambda inv, seq: seen.append(("ack", inv, seq))})
    dispatch([m.STOP, 4])
    dispatch([m.ACK, 4, 10])
    assert seen == [("stop", 4), ("ack", 4, 10)]
    with pytest.raises(m.ProtocolError, match="unexpected close message"):
        dispatch([m.CLOSE, None])


def test_a_frame_holds_several_messages_and_records_are_decoded() -> None:
    enc = Encoder()
    bag = Bag(("T", "System.Object"), {"Id": 1})
    recs = m.records(enc, 7, 1, 1, [bag, 2, Table({"k": "v"})], 1 << 20)
    payload = m.frame_payload([enc.pack([m.STATE, 7, "Running", None]), *recs, enc.pack([m.ACK, 7, 3])])
    msgs = m.decode_frame(Decoder(), payload)
    assert [x[0] for x in msgs] == [m.STATE, m.RECORDS, m.ACK]
    assert msgs[1][:4] == [m.RECORDS, 7, 1, 1]
    assert msgs[1][4] == [bag, 2, Table({"k": "v"})]


def test_records_too_large_for_a_frame_are_split_and_a_huge_one_replaced_by_an_error() -> None:
    enc = Encoder()
    values = ["a" * 1000 for _ in range(10)] + ["b" * 50_000]
    parts = m.records(enc, 1, 1, 5, values, 8000)
    msgs = [m.decode_frame(Decoder(), m.frame_payload([p]))[0] for p in parts]
    assert all(len(p) <= 8000 for p in parts)
    got = [(msg[2], msg[3] + i, v) for msg in msgs for i, v in enumerate(msg[4])]
    assert [seq for _, seq, _ in got] == list(range(5, 16))
    assert [v for _, _, v in got[:10]] == values[:10]
    stream, _, error = got[10]
    assert stream == 2 and isinstance(error, Bag)
    assert "An object could not be sent: it is 50003 bytes" in error.string_form


def test_unencodable_record_is_replaced_by_an_error() -> None:
    parts = m.records(Encoder(), 1, 1, 1, [1, object(), 3], 1 << 20)
    msgs = [m.decode_frame(Decoder(), m.frame_payload([p]))[0] for p in parts]
    flat = [(msg[2], v) for msg in msgs for v in msg[4]]
    assert flat[0] == (1, 1) and flat[2] == (1, 3)
    assert flat[1][0] == 2 and "cannot encode a value of type object" in flat[1][1].properties["Message"]


def test_version_mismatch_message_names_both_sides() -> None:
    with pytest.raises(m.ProtocolError, match="protocol version mismatch: client 1, server 2"):
        m.check_hello({"protocol": 2}, "client")
    with pytest.raises(m.ProtocolError, match="protocol version mismatch: client 3, server 1"):
        m.check_hello({"protocol": 3}, "server")
    m.check_hello(m.hello("h", "u", "/", 1)[1], "server")


def test_a_frame_that_is_not_a_list_of_messages_is_refused() -> None:
    with pytest.raises(m.ProtocolError):
        m.decode_frame(Decoder(), Encoder().pack({"a": 1}))
    with pytest.raises(m.ProtocolError):
        m.decode_frame(Decoder(), b"\xc1")


def test_rows_reach_handlers_as_records() -> None:
    enc = Encoder()
    parts = m.rows(enc, 7, 1, 4, ("T", "System.Object"), ("Id", "Name"), [1, "a", 2, "b"], 1 << 20)
    assert len(parts) == 1
    msgs = m.decode_frame(Decoder(), m.frame_payload(parts))
    assert msgs == [[m.RECORDS, 7, 1, 4, [Bag(("T", "System.Object"), {"Id": 1, "Name": "a"}),
                                          Bag(("T", "System.Object"), {"Id": 2, "Name": "b"})]]]
    with pytest.raises(m.ProtocolError, match="stream 8"):
        m.decode_frame(Decoder(), m.frame_payload([enc.pack([m.ROWS, 1, 8, 1, ["T"], ["a"], [1]])]))
    with pytest.raises(m.ProtocolError, match="malformed rows"):
        m.decode_frame(Decoder(), m.frame_payload([enc.pack([m.ROWS, 1, 1, 1, ["T"], ["a", "b"], [1]])]))


def test_rows_too_large_are_split_and_a_huge_or_unencodable_row_becomes_an_error() -> None:
    enc = Encoder()
    values = [x for i in range(10) for x in (i, "a" * 1000)] + [10, "b" * 50_000, 11, object(), 12, "c"]
    parts = m.rows(enc, 1, 1, 5, ("T",), ("Id", "Text"), values, 8000)
    assert all(len(p) <= 8000 for p in parts)
    msgs = [m.decode_frame(Decoder(), m.frame_payload([p]))[0] for p in parts]
    got = [(msg[2], msg[3] + i, v) for msg in msgs for i, v in enumerate(msg[4])]
    assert [seq for _, seq, _ in got] == list(range(5, 18))
    assert [v.properties["Id"] for _, _, v in got[:10]] == list(range(10))
    assert got[10][0] == 2 and "it is 50" in got[10][2].string_form
    assert got[11][0] == 2 and "cannot encode a value of type object" in got[11][2].string_form
    assert got[12][0] == 1 and got[12][2] == Bag(("T",), {"Id": 12, "Text": "c"})
