"""ConvertTo-Json and ConvertFrom-Json."""

from __future__ import annotations

from datetime import datetime

import pytest

from pshelpers import run
from test_core_support import drive

from shell.cmdlets.core.json_read import ConvertFromJson
from shell.cmdlets.core.json_write import ConvertToJson, json_double
from shell.language.errors import PSRuntimeError
from shell.language.psobject import PSObject
from shell.language.pscollections import Hashtable
from shell.language.streams import Stream


# ------------------------------------------------------------------ ConvertTo-Json

def test_to_json_pretty_layout_keeps_order() -> None:
    table = Hashtable({"x": 1.5, "y": True, "z": None, "w": [], "v": Hashtable()})
    [text] = drive(ConvertToJson, [table]).out
    assert text == '{\n  "x": 1.5,\n  "y": true,\n  "z": null,\n  "w": [],\n  "v": {}\n}'


def test_to_json_pipeline_items_make_an_array() -> None:
    assert run("1,2,3 | ConvertTo-Json").stdout == "[\n  1,\n  2,\n  3\n]\n"
    assert run("1,2,3 | ConvertTo-Json -Compress").stdout == "[1,2,3]\n"
    assert run("@{a=1} | ConvertTo-Json -AsArray -Compress").stdout == '[{"a":1}]\n'
    assert run("ConvertTo-Json -InputObject @(1,@(2,3)) -Compress").stdout == "[1,[2,3]]\n"


def test_to_json_scalars_strings_and_dates() -> None:
    assert drive(ConvertToJson, [None]).out == ["null"]
    assert drive(ConvertToJson, ['a"b\\c\n\x01']).out == ['"a\\"b\\\\c\\n\\u0001"']
    assert drive(ConvertToJson, [datetime(2024, 3, 5, 14, 7, 9, 120000)]).out == ['"2024-03-05T14:07:09.12"']
    assert drive(ConvertToJson, ["é"], EscapeHandling="EscapeNonAscii").out == ['"\\u00e9"']
    assert [json_double(v) for v in (1e20, 0.1, 2.0, 1e-5)] == ["1E+20", "0.1", "2.0", "1E-05"]


def test_to_json_objects_and_depth_warning() -> None:
    nested = PSObject({"a": PSObject({"b": PSObject({"c": PSObject({"d": 1})})})})
    result = drive(ConvertToJson, [nested], Compress=True)
    assert result.out == ['{"a":{"b":{"c":"@{d=1}"}}}']
    assert [str(w) for w in result.stream(Stream.WARNING)] == [
        "Resulting JSON is truncated as serialization has exceeded the set depth of 2."]
    deeper = drive(ConvertToJson, [nested], Compress=True, Depth=5)
    assert deeper.out == ['{"a":{"b":{"c":{"d":1}}}}'] and not deeper.stream(Stream.WARNING)


def test_to_json_hashtable_past_depth_is_its_type_name() -> None:
    result = run("@{a=@{b=@{c=@{d=1}}}} | ConvertTo-Json -Compress")
    assert result.stdout == '{"a":{"b":{"c":"System.Collections.Hashtable"}}}\n'
    assert "WARNING: Resulting JSON is truncated" in result.stderr


def test_to_json_refuses_non_string_keys_and_bad_depth() -> None:
    assert "Keys must be strings." in run('@{1="a"} | ConvertTo-Json').stderr
    with pytest.raises(PSRuntimeError):
        drive(ConvertToJson, [1], Depth=101)


# ------------------------------------------------------------------ ConvertFrom-Json

def test_from_json_makes_ordered_custom_objects() -> None:
    [obj] = drive(ConvertFromJson, ['{"b": 2, "a": {"c": [1, {"d": true}]}}']).out
    assert isinstance(obj, PSObject) and obj.names() == ["b", "a"]
    assert obj.get("a").get("c")[1].get("d") is True
    assert run('$o = \'{"b":2,"a":{"c":[1,{"d":true}]}}\' | ConvertFrom-Json; $o.a.c[1].d').stdout == "True\n"


def test_from_json_enumerates_a_top_level_array() -> None:
    assert run("'[1,2,3]' | ConvertFrom-Json | % { $_ * 10 }").lines == ["10", "20", "30"]
    assert run("('[1,2]' | ConvertFrom-Json -NoEnumerate | Measure-Object).Count").stdout == "1\n"


def test_from_json_joins_pipeline_lines() -> None:
    assert run("'{', '\"a\": 1', '}' | ConvertFrom-Json | % a").stdout == "1\n"
    # Each line a whole document: each is converted.
    assert drive(ConvertFromJson, ["1", "2"]).out == [1, 2]


def test_from_json_dates_hashtables_and_empty_input() -> None:
    [obj] = drive(ConvertFromJson, ['{"when": "2024-01-02T03:04:05", "s": "2024"}']).out
    assert obj.get("when") == datetime(2024, 1, 2, 3, 4, 5) and obj.get("s") == "2024"
    [table] = drive(ConvertFromJson, ['{"a": 1}'], AsHashtable=True).out
    assert isinstance(table, Hashtable) and table["A"] == 1
    assert drive(ConvertFromJson, ["  "]).out == []


def test_from_json_errors() -> None:
    result = run("'{bad' | ConvertFrom-Json")
    assert "ConvertFrom-Json: Conversion from JSON failed with error:" in result.stderr
    with pytest.raises(PSRuntimeError) as info:
        drive(ConvertFromJson, ['{"a": 1, "A": 2}'])
    assert "contains keys with different casing" in info.value.message
    with pytest.raises(PSRuntimeError) as info:
        drive(ConvertFromJson, ['{"a": {"b": 1}}'], Depth=1)
    assert "MaxDepth of 1 has been exceeded" in info.value.message


def test_round_trip() -> None:
    script = ("$o = [pscustomobject]@{Name='n'; Tags=@('a','b'); Inner=[pscustomobject]@{V=1.5}}; "
              "$j = $o | ConvertTo-Json; $back = $j | ConvertFrom-Json; $back.Tags[1]; $back.Inner.V")
    assert run(script).lines == ["b", "1.5"]


def test_from_json_accepts_what_newtonsoft_accepts() -> None:
    text = "{'a': 'x\"y', b: [1, 2,], // note\n /* c */ c: null}"
    [obj] = drive(ConvertFromJson, [text]).out
    assert obj.properties == {"a": 'x"y', "b": [1, 2], "c": None}
