"""Objects decoded from ROWS messages (row-backed PSObjects) behave exactly as dict-backed ones.

The shell's decoder builds a rows batch with ``PSObject.rows``: the objects share
the batch's property names and flat list of values, each holding only its offset.
These tests hold them to the behaviour of the objects a RECORDS message gives
(one dict per object), through the object API and through the language.
"""

from __future__ import annotations

from typing import Any

import pytest

from pshelpers import run
from sessions import messages as m
from sessions.codec import Encoder
from shell.language import wire_adapter as wa
from shell.language.errors import ErrorRecord
from shell.language.psobject import PSCUSTOMOBJECT, PSObject

DESER = ["Deserialized." + PSCUSTOMOBJECT, "Deserialized.System.Object"]
NAMES = (PSCUSTOMOBJECT, "System.Object")


def by_rows(keys: list[str], rows: list[list[Any]], names: tuple[str, ...] = NAMES) -> list[Any]:
    """The objects of one ROWS message, encoded and decoded by the shell's real codec."""
    values = [v for row in rows for v in row]
    parts = m.rows(Encoder(), 1, 1, 1, names, keys, values, 1 << 24)
    (msg,) = m.decode_frame(wa.decoder("Server01"), m.frame_payload(parts))
    return msg[4]


def by_records(keys: list[str], rows: list[list[Any]]) -> list[Any]:
    """The same objects sent as a RECORDS message (one property dict each)."""
    objs = [PSObject(dict(zip(keys, row))) for row in rows]
    parts = m.records(Encoder(), 1, 1, 1, wa.to_records(objs), 1 << 24)
    (msg,) = m.decode_frame(wa.decoder("Server01"), m.frame_payload(parts))
    return msg[4]


def test_rows_decode_to_row_backed_custom_objects() -> None:
    objs = by_rows(["Id", "Name"], [[1, "p1"], [2, "p2"], [3, "p3"]])
    assert [type(o) for o in objs] == [PSObject] * 3
    assert all(type(o._props) is not dict for o in objs)      # no dict was built for them
    assert objs[0].type_names == DESER and objs[2].is_deserialized and objs[1].string_form is None
    assert [o.get("Name") for o in objs] == ["p1", "p2", "p3"]
    assert objs[1].get("id") == 2 and objs[1].get("NAME") == "p2" and objs[1].get("Nope", 7) == 7
    assert objs[2].has("iD") and not objs[2].has("Other")
    assert objs[0].names() == ["Id", "Name"] and list(objs[2].items()) == [("Id", 3), ("Name", "p3")]
    assert objs[0]._key("name") == "Name" and objs[0]._key("x") is None
    assert str(objs[1]) == "@{Id=2; Name=p2}"
    assert repr(objs[0]) == "PSObject({'Id': 1, 'Name': 'p1'}, type_names=['Deserialized." + PSCUSTOMOBJECT + "'])"


def test_setting_a_property_changes_only_that_object_and_keeps_the_spelling() -> None:
    objs = by_rows(["Id", "Name"], [[1, "p1"], [2, "p2"], [3, "p3"]])
    objs[0].set("name", "changed")                  # the object takes its own dict first
    assert objs[0].get("Name") == "changed" and objs[1].get("Name") == "p2"
    assert objs[0].names() == ["Id", "Name"] and type(objs[0]._props) is dict
    assert type(objs[1]._props) is not dict         # the others still read their rows
    objs[1].set("Extra", 5)
    assert objs[1].properties == {"Id": 2, "Name": "p2", "Extra": 5}
    assert objs[0].properties == {"Id": 1, "Name": "changed"}
    assert objs[2].get("name") == "p3" and list(objs[2].items()) == [("Id", 3), ("Name", "p3")]
    assert objs[2].properties == {"Id": 3, "Name": "p3"}


def test_each_object_of_a_batch_takes_a_dict_of_its_own() -> None:
    objs = by_rows(["Id"], [[1], [2], [3]])
    first = objs[0].properties                      # builds the batch's dicts
    first["Id"] = 10
    objs[1].set("Id", 20)
    assert [o.get("Id") for o in objs] == [10, 20, 3]
    assert len({id(o.properties) for o in objs}) == 3


def test_the_properties_dict_is_built_once_and_is_the_object_from_then_on() -> None:
    objs = by_rows(["Id", "Name"], [[1, "p1"], [2, "p2"]])
    objs[0].set("Id", 10)
    props = objs[0].properties
    assert type(props) is dict and props == {"Id": 10, "Name": "p1"}
    assert objs[0].properties is props
    props["Name"] = "via dict"
    del props["Id"]
    assert objs[0].get("name") == "via dict" and not objs[0].has("Id") and objs[0].names() == ["Name"]
    assert objs[1].get("Id") == 2 and objs[1].get("Name") == "p2"
    objs[1].properties = {"Other": 1}               # replaced wholesale (as Add-Member does)
    assert objs[1].names() == ["Other"] and objs[1].get("Id") is None


def test_names_differing_only_in_case_resolve_as_a_dict_backed_object_does() -> None:
    rows = by_rows(["a", "A", "b"], [[1, 2, 3]])[0]
    plain = PSObject({"a": 1, "A": 2, "b": 3})
    for name in ("a", "A", "B", "c"):
        assert rows.get(name) == plain.get(name) and rows._key(name) == plain._key(name)
    rows.set("A", 20)
    plain.set("A", 20)
    assert list(rows.items()) == list(plain.items())


def test_values_of_any_kind_and_an_empty_batch() -> None:
    objs = by_rows(["List", "Nested", "Null"], [[[1, 2], wa.to_record(PSObject({"x": 1})), None]])
    assert objs[0].get("List") == [1, 2] and objs[0].get("null") is None
    assert objs[0].get("Nested").type_names == DESER and objs[0].get("Nested").get("x") == 1
    assert by_rows(["a"], []) == []


def test_rows_of_records_the_shell_rebuilds_still_become_those_records() -> None:
    objs = by_rows(["Message", "Category", "ErrorId"], [["boom", "WriteError", "X"]],
                   names=wa.ERROR_NAMES)
    assert type(objs[0]) is ErrorRecord and objs[0].message == "boom"
    assert objs[0].computer_name == "Server01"


def test_a_partial_row_is_refused() -> None:
    with pytest.raises(ValueError):
        PSObject.rows(["a", "b"], [1, 2, 3], list(DESER))


def test_a_row_backed_object_crosses_the_wire_again() -> None:
    objs = by_rows(["Id", "Name"], [[1, "p1"], [2, "p2"]])
    objs[1].set("Name", "again")
    for record in (wa.to_record(objs[1]), wa.to_records(objs)[1]):
        assert record.properties == {"Id": 2, "Name": "again"}
        assert record.type_names == tuple(DESER)


SCRIPT = """
$o.id; $o.NAME
$o.Name = 'renamed'; $o.Name
"$o"
$o | Add-Member -NotePropertyName Extra -NotePropertyValue 5
$o.Extra
$o.PSObject.Properties.Name -join ','
$o.PSObject.TypeNames -join ','
$o | Select-Object Name, Extra | Format-List
$o | Format-Table -AutoSize
$o.PSObject.Properties.Remove('Id'); $o
$others | Where-Object Id -gt 1 | ForEach-Object Name
$others | Sort-Object Id -Descending | Select-Object -First 1 -ExpandProperty Name
($others | Measure-Object Id -Sum).Sum
$others | ConvertTo-Json -Compress
$others[0] | Get-Member -MemberType NoteProperty | ForEach-Object Name
"""


def _run_with(objs: list[Any]) -> str:
    from shell.console.plain import PlainHost
    from shell.language.runspace import Runspace

    rs = Runspace(PlainHost())
    try:
        rs.set_variable("o", objs[0])
        rs.set_variable("others", objs[1:])
        result = run(SCRIPT, runspace=rs)
        assert result.stderr == ""
        return result.stdout
    finally:
        rs.close()


def test_the_language_sees_no_difference_between_row_and_dict_backed_objects() -> None:
    keys, rows = ["Id", "Name"], [[1, "p1"], [2, "p2"], [3, "p3"]]
    row_backed = by_rows(keys, rows)
    dict_backed = by_records(keys, rows)
    assert all(type(o._props) is not dict for o in row_backed) and all(type(o._props) is dict for o in dict_backed)
    seen = _run_with(row_backed)
    assert seen == _run_with(dict_backed)
    assert "renamed" in seen and "@{Id=1; Name=renamed}" in seen


def test_threads_touching_the_same_objects_share_each_objects_one_dict() -> None:
    import sys
    import threading

    objs = by_rows(["Id"], [[i] for i in range(3000)])
    start = threading.Barrier(4)

    def touch(n: int) -> None:
        start.wait()
        for obj in objs:
            obj.properties[f"t{n}"] = n

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)     # switch threads as often as possible
    try:
        threads = [threading.Thread(target=touch, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert all(sorted(o.names()) == ["Id", "t0", "t1", "t2", "t3"] for o in objs)


def test_replace_sets_only_an_existing_property_in_either_form() -> None:
    for obj in (by_rows(["Id", "Name"], [[1, "p1"]])[0], PSObject({"Id": 1, "Name": "p1"})):
        assert obj.replace("name", "x") and obj.get("Name") == "x" and obj.names() == ["Id", "Name"]
        assert not obj.replace("Other", 1) and obj.names() == ["Id", "Name"]
