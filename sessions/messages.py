"""The messages of the protocol, how a frame holds them, and dispatch from a table.

A frame's payload is a msgpack array of messages; each message is an array whose
first element is its type (a small int). Several small messages share one frame
(the sender coalesces what is pending), so 200,000 objects cost a few hundred
writes, not 200,000.

=============  =========  ======================================================
message        direction  fields after the type
=============  =========  ======================================================
HELLO          both       info: {protocol, computer_name, user, location, pid}
                          (each side sends its own at once; the client's may
                          ride with its first request); the far side's also
                          ``closes``: true when it honours INVOKE's ``close``
INVOKE         to far     id, script, args (list), using (map), options (map:
                          ``cwd``...; ``close``: true -- the far side closes
                          the connection once this invocation has ended)
RECORDS        to near    id, stream (1-7), first_seq, kinds, payloads,
                          schemas -- the objects numbered first_seq,
                          first_seq+1, ... (see codec.pack_items and
                          Decoder.decode_items); sequence numbers count per
                          invocation across all its streams
ROWS           to near    id, stream (1-7), first_seq, type_names, keys,
                          values -- len(values) / len(keys) property bags
                          of one type with the properties ``keys`` in that
                          order, their values row after row (see
                          codec.Decoder.decode_rows); numbered as RECORDS
STATE          to near    id, state (Running/Completed/Failed/Stopped), reason
STOP           to far     id
COMPLETE       to far     request, text, cursor
COMPLETION     to near    request, result ({"matches": [[text, start,
                          display, meta], ...]}) or None, error or None
SET_LOCATION   to far     request, path
LOCATION       to near    request (0: after an invocation that moved it), location,
                          error
ACK            to far     id, seq: every record of ``id`` up to ``seq`` arrived
DISCONNECT     to far     (the client leaves; the runspace may be kept)
CLOSE          both       reason or None
ERROR          both       message: a fatal protocol error; the sender closes
=============  =========  ======================================================

Every received message is checked against this table (arity and field types)
before a handler sees it; anything else raises ``ProtocolError``. A ROWS message
reaches handlers as the RECORDS message it stands for (``decode_frame``).
"""

from __future__ import annotations

import struct
from typing import Any, Callable

from sessions.codec import Bag, CodecError, Decoder, Encoder, gc_paused, pack_items

PROTOCOL_VERSION = 1

HELLO = 1
INVOKE = 2
RECORDS = 3
STATE = 4
STOP = 5
COMPLETE = 6
COMPLETION = 7
SET_LOCATION = 8
LOCATION = 9
ACK = 10
DISCONNECT = 11
CLOSE = 12
ERROR = 13
ROWS = 14

NAMES = {HELLO: "hello", INVOKE: "invoke", RECORDS: "records", STATE: "state", STOP: "stop",
         COMPLETE: "complete", COMPLETION: "completion", SET_LOCATION: "set-location",
         LOCATION: "location", ACK: "ack", DISCONNECT: "disconnect", CLOSE: "close",
         ERROR: "error", ROWS: "rows"}

RUNNING = "Running"
COMPLETED = "Completed"
FAILED = "Failed"
STOPPED = "Stopped"
STATES = frozenset({RUNNING, COMPLETED, FAILED, STOPPED})
FINAL_STATES = frozenset({COMPLETED, FAILED, STOPPED})


class ProtocolError(Exception):
    """The peer sent something the protocol does not allow (the connection is failed)."""


_ANY = object()
_OPT_STR = (str, type(None))
# Field types of each message after its type tag; _ANY accepts any decoded value.
_FIELDS: dict[int, tuple[Any, ...]] = {
    HELLO: (dict,),
    INVOKE: (int, str, list, dict, dict),
    RECORDS: (int, int, int, (int, list), list, list),
    ROWS: (int, int, int, list, list, list),
    STATE: (int, str, _ANY),
    STOP: (int,),
    COMPLETE: (int, str, int),
    COMPLETION: (int, (dict, type(None)), _OPT_STR),
    SET_LOCATION: (int, str),
    LOCATION: (int, str, _OPT_STR),
    ACK: (int, int),
    DISCONNECT: (),
    CLOSE: (_OPT_STR,),
    ERROR: (str,),
}


# The commonest messages, checked field by field without a loop (a command's round trip
# checks five of them). Exact types: anything else (a subclass, a bool for an int, a
# malformed message) goes to the general check below, which decides and says why.
_FAST: dict[int, Callable[[list[Any]], bool]] = {
    RECORDS: lambda x: (len(x) == 7 and type(x[1]) is int and type(x[2]) is int and 1 <= x[2] <= 7
                        and type(x[3]) is int and type(x[4]) in (int, list) and type(x[5]) is list
                        and type(x[6]) is list),
    ROWS: lambda x: (len(x) == 7 and type(x[1]) is int and type(x[2]) is int and 1 <= x[2] <= 7
                     and type(x[3]) is int and type(x[4]) is list and type(x[5]) is list
                     and type(x[6]) is list),
    STATE: lambda x: len(x) == 4 and type(x[1]) is int and type(x[2]) is str and x[2] in STATES,
    ACK: lambda x: len(x) == 3 and type(x[1]) is int and type(x[2]) is int,
    INVOKE: lambda x: (len(x) == 6 and type(x[1]) is int and type(x[2]) is str and type(x[3]) is list
                       and type(x[4]) is dict and type(x[5]) is dict),
}


def check(msg: Any) -> list[Any]:
    """``msg`` if it is a well-formed message, else ProtocolError naming what is wrong."""
    if type(msg) is list and msg and type(msg[0]) is int:
        fast = _FAST.get(msg[0])
        if fast is not None and fast(msg):
            return msg
    if type(msg) is not list or not msg or type(msg[0]) is not int:
        raise ProtocolError("malformed message")
    fields = _FIELDS.get(msg[0])
    if fields is None:
        raise ProtocolError(f"unknown message type {msg[0]}")
    if len(msg) != len(fields) + 1:
        raise ProtocolError(f"malformed {NAMES[msg[0]]} message: {len(msg) - 1} fields, expected {len(fields)}")
    for value, kind in zip(msg[1:], fields):
        if kind is not _ANY and not isinstance(value, kind) or type(value) is bool and kind is int:
            raise ProtocolError(f"malformed {NAMES[msg[0]]} message")
    if msg[0] == STATE and msg[2] not in STATES:
        raise ProtocolError(f"malformed state message: unknown state {msg[2]!r}")
    if (msg[0] == RECORDS or msg[0] == ROWS) and not 1 <= msg[2] <= 7:
        raise ProtocolError(f"malformed {NAMES[msg[0]]} message: stream {msg[2]}")
    return msg


# --------------------------------------------------------------------------- building

def hello(computer_name: str, user: str, location: str, pid: int, **extra: Any) -> list[Any]:
    """A hello message carrying this side's identity and the protocol version."""
    info = {"protocol": PROTOCOL_VERSION, "computer_name": computer_name, "user": user,
            "location": location, "pid": pid}
    info.update(extra)
    return [HELLO, info]


def local_identity() -> tuple[str, str]:
    """(computer name, user name) of this process, for its hello.

    Read from ``os.uname`` and the environment (as ``getpass.getuser`` does, without
    importing it), falling back to the password database.
    """
    import os  # noqa: PLC0415

    computer = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        user = os.environ.get(name)
        if user:
            return computer, user
    uid = os.getuid()
    if uid not in _PASSWD_NAMES:   # asked once per process (a keeper asks before it forks)
        try:
            import pwd  # noqa: PLC0415

            _PASSWD_NAMES[uid] = pwd.getpwuid(uid).pw_name
        except (ImportError, KeyError, OSError):
            _PASSWD_NAMES[uid] = ""
    return computer, _PASSWD_NAMES[uid]


_PASSWD_NAMES: dict[int, str] = {}


def check_hello(info: dict[str, Any], local_role: str) -> None:
    """Refuse a peer's hello of another protocol version, with a message naming both."""
    theirs = info.get("protocol")
    if theirs != PROTOCOL_VERSION:
        client, server = (PROTOCOL_VERSION, theirs) if local_role == "client" else (theirs, PROTOCOL_VERSION)
        raise ProtocolError(f"protocol version mismatch: client {client}, server {server}")


def encode(encoder: Encoder, msg: list[Any]) -> bytes:
    """The bytes of one message (CodecError if a field cannot be encoded)."""
    return encoder.pack(msg)


def records(encoder: Encoder, inv_id: int, stream: int, first_seq: int, values: list[Any],
            limit: int) -> list[bytes]:
    """RECORDS messages carrying ``values`` (numbered from ``first_seq``), each under ``limit`` bytes.

    A value that cannot be encoded, or is too large for any frame, is replaced by an
    error record (on the Error stream) saying so, under the same number, so the
    numbering stays whole and the client learns what happened.
    """
    kinds, payloads, schemas = pack_items(values)
    try:
        data = encoder.pack([RECORDS, inv_id, stream, first_seq, kinds, payloads, schemas])
    except CodecError:
        data = None
    if data is not None and len(data) <= limit:
        return [data]
    if len(values) > 1:
        half = len(values) // 2
        return (records(encoder, inv_id, stream, first_seq, values[:half], limit)
                + records(encoder, inv_id, stream, first_seq + half, values[half:], limit))
    try:
        size = len(encoder.pack(values[0]))
        why = f"it is {size} bytes, more than a frame can carry ({limit} bytes)"
    except CodecError as exc:
        why = str(exc)
    message = f"An object could not be sent: {why}."
    return [encoder.pack([RECORDS, inv_id, ERROR_STREAM, first_seq, -1, [error_bag(message)], []])]


def rows(encoder: Encoder, inv_id: int, stream: int, first_seq: int, type_names: tuple[str, ...] | list[str],
         keys: tuple[str, ...] | list[str], values: list[Any], limit: int) -> list[bytes]:
    """ROWS messages carrying ``len(values) // len(keys)`` bags (see the table above), each under ``limit``.

    Rows that cannot be encoded, or a row too large for any frame, are sent as
    ``records`` of bags instead (which replaces what cannot go by an error record),
    so the numbering stays whole.
    """
    width = len(keys)
    count = len(values) // width
    try:
        data = encoder.pack([ROWS, inv_id, stream, first_seq, list(type_names), list(keys), values])
    except CodecError:
        data = None
    if data is not None and len(data) <= limit:
        return [data]
    if count > 1:
        half = count // 2
        cut = half * width
        return (rows(encoder, inv_id, stream, first_seq, type_names, keys, values[:cut], limit)
                + rows(encoder, inv_id, stream, first_seq + half, type_names, keys, values[cut:], limit))
    names = tuple(type_names)
    return records(encoder, inv_id, stream, first_seq, [Bag(names, dict(zip(keys, values)))], limit)


ERROR_STREAM = 2
ERROR_NAMES = ("System.Management.Automation.ErrorRecord", "System.Object")


def error_bag(message: str, error_id: str = "SerializationFailed", category: str = "WriteError") -> Bag:
    """An error record as the protocol itself sends one (the shell turns it into an ErrorRecord)."""
    return Bag(ERROR_NAMES, {"Message": message, "Category": category, "ErrorId": error_id}, message)


def array_header(n: int) -> bytes:
    """The msgpack header of an array of ``n`` elements."""
    if n < 16:
        return bytes((0x90 | n,))
    if n < 0x10000:
        return b"\xdc" + struct.pack(">H", n)
    return b"\xdd" + struct.pack(">I", n)


def frame_payload(messages: list[bytes]) -> bytes:
    """One frame's payload: the array of the already-encoded ``messages``."""
    return b"".join((array_header(len(messages)), *messages))


def decode_frame(decoder: Decoder, payload: bytes | memoryview) -> list[list[Any]]:
    """The checked messages of one frame; each RECORDS or ROWS message becomes
    ``[RECORDS, id, stream, first_seq, objects]``.

    Raises ProtocolError (which covers codec errors) for anything malformed. The
    cyclic garbage collector is paused meanwhile (see codec.gc_paused): a frame may
    build thousands of objects at once.
    """
    try:
        with gc_paused():
            msgs = decoder.unpack(payload)
            if type(msgs) is not list:
                raise ProtocolError("malformed frame: not a list of messages")
            for i, msg in enumerate(msgs):
                check(msg)
                kind = msg[0]
                if kind == RECORDS:
                    msgs[i] = [RECORDS, msg[1], msg[2], msg[3], decoder.decode_items(msg[4], msg[5], msg[6])]
                elif kind == ROWS:
                    msgs[i] = [RECORDS, msg[1], msg[2], msg[3], decoder.decode_rows(msg[4], msg[5], msg[6])]
    except CodecError as exc:
        raise ProtocolError(str(exc)) from None
    return msgs


def decode_frames(decoder: Decoder, payloads: list[bytes]) -> list[list[Any]]:
    """The checked messages of several frames (every frame one read delivered), in order.

    As ``decode_frame`` for each, with the collector paused once for them all:
    fewer collections while a large output streams in, each over more new objects
    (measured: about 9% of the decoding time of 200,000 objects).
    """
    with gc_paused():
        if len(payloads) == 1:
            return decode_frame(decoder, payloads[0])
        return [msg for payload in payloads for msg in decode_frame(decoder, payload)]


# --------------------------------------------------------------------------- dispatch

Handler = Callable[..., Any]


class Dispatcher:
    """Calls ``handlers[type](*fields)`` for each message (DESIGN.md: handlers from a table)."""

    def __init__(self, handlers: dict[int, Handler]) -> None:
        self.handlers = handlers

    def __call__(self, msg: list[Any]) -> Any:
        handler = self.handlers.get(msg[0])
        if handler is None:
            raise ProtocolError(f"unexpected {NAMES.get(msg[0], str(msg[0]))} message")
        return handler(*msg[1:])
