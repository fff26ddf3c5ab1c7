"""Select-Object: choosing objects and properties, and stopping the commands upstream."""

from __future__ import annotations

import time

import pytest

from pshelpers import run
from test_core_support import drive

from shell.cmdlets.core.select import SelectObject
from shell.language.errors import PSRuntimeError
from shell.language.psobject import PSObject

PEOPLE = "$p = [pscustomobject]@{Name='x';Size=10;Kind='f'},[pscustomobject]@{Name='y';Size=20;Kind='d'}; "


def people() -> list[PSObject]:
    return [PSObject({"Name": "x", "Size": 10, "Kind": "f"}), PSObject({"Name": "y", "Size": 20, "Kind": "d"})]


# ------------------------------------------------------------------ choosing objects

@pytest.mark.parametrize("params, expected", [
    ({"First": 3}, [1, 2, 3]),
    ({"Last": 3}, [8, 9, 10]),
    ({"Skip": 7}, [8, 9, 10]),
    ({"SkipLast": 8}, [1, 2]),
    ({"First": 2, "Skip": 3}, [4, 5]),
    ({"Last": 3, "Skip": 1}, [7, 8, 9]),
    ({"First": 2, "Last": 2}, [1, 2, 9, 10]),
    ({"Index": [1, 3]}, [2, 4]),
    ({"SkipIndex": [0, 1, 2, 3, 4, 5, 6, 7]}, [9, 10]),
    ({"First": 0}, []),
])
def test_select_chooses_objects(params: dict, expected: list[int]) -> None:
    assert drive(SelectObject, list(range(1, 11)), **params).out == expected


def test_select_first_stops_upstream_after_n_items() -> None:
    result = drive(SelectObject, list(range(1, 11)), First=3)
    assert result.out == [1, 2, 3]
    assert result.stopped_upstream and result.processed == 3


def test_select_first_with_wait_does_not_stop() -> None:
    result = drive(SelectObject, list(range(1, 11)), First=3, Wait=True)
    assert result.out == [1, 2, 3] and not result.stopped_upstream and result.processed == 10


def test_select_first_stops_a_long_pipeline_in_the_language() -> None:
    start = time.monotonic()
    result = run("$n = 0; 1..200000 | % { $global:n++; $_ } | select -First 3; $n")
    assert result.lines == ["1", "2", "3", "3"]
    assert time.monotonic() - start < 10


def test_select_first_inside_a_nested_pipeline_stops_only_that_pipeline() -> None:
    assert run("1..3 | % { 1..1000 | select -First 1 }").lines == ["1", "1", "1"]


def test_select_ignores_null_input() -> None:
    assert drive(SelectObject, [1, None, 2]).out == [1, 2]


def test_select_unique_is_case_sensitive_unless_asked() -> None:
    assert drive(SelectObject, [1, 1, 2, "a", "A", "a"], Unique=True).out == [1, 2, "a", "A"]
    assert drive(SelectObject, ["a", "A"], Unique=True, CaseInsensitive=True).out == ["a"]


def test_select_negative_count_is_a_validation_error() -> None:
    with pytest.raises(PSRuntimeError) as info:
        drive(SelectObject, [1], First=-1)
    assert "The -1 argument is less than the minimum allowed range of 0" in info.value.message


# ------------------------------------------------------------------ choosing properties

def test_select_property_makes_selected_objects() -> None:
    [first, _] = drive(SelectObject, people(), Property=["name", "Size"]).out
    assert first.names() == ["Name", "Size"]
    assert first.type_names == ["Selected.System.Management.Automation.PSCustomObject",
                                "System.Management.Automation.PSCustomObject", "System.Object"]


def test_select_missing_property_is_null() -> None:
    [first] = drive(SelectObject, people()[:1], Property=["Nope"]).out
    assert first.properties == {"Nope": None}


def test_select_wildcards_and_exclude() -> None:
    [first, _] = drive(SelectObject, people(), Property=["*"], ExcludeProperty=["K*"]).out
    assert first.names() == ["Name", "Size"]
    [only] = drive(SelectObject, people()[:1], ExcludeProperty=["Size"]).out
    assert only.names() == ["Name", "Kind"]


def test_select_calculated_properties() -> None:
    result = run(PEOPLE + "$s = $p | select Name, @{n='KB';e={$_.Size / 10}}, @{Label='K'; Expression='Kind'}; "
                 "$s[1].KB; $s[1].K; $s[0].Name")
    assert result.lines == ["2", "d", "x"]


def test_select_script_block_property_is_named_by_its_text() -> None:
    result = run("$s = 'abc' | select {$_.Length * 2}; $s.psobject.properties.name; $s.'$_.Length * 2'")
    assert result.lines[-1] == "6"


def test_select_calculated_property_errors_are_powershells() -> None:
    assert "Select-Object: The bad key is not valid." in run("1 | select @{bad=1}").stderr
    assert "A mandatory entry for expression is missing." in run("1 | select @{n='x'}").stderr


def test_select_duplicate_property_is_an_error_per_object() -> None:
    result = drive(SelectObject, people(), Property=["Name", "name"])
    assert [o.names() for o in result.out] == [["Name"], ["Name"]]
    assert result.error_messages == [
        'The property cannot be processed because the property "Name" already exists.'] * 2


def test_select_expand_property() -> None:
    assert drive(SelectObject, people(), ExpandProperty="Name").out == ["x", "y"]
    arrays = [PSObject({"T": [1, 2]}), PSObject({"T": [3]})]
    assert drive(SelectObject, arrays, ExpandProperty="T").out == [1, 2, 3]
    assert run(PEOPLE + "$p | select -ExpandProperty Name -First 1").stdout == "x\n"


def test_select_expand_missing_property_is_an_error() -> None:
    result = drive(SelectObject, people(), ExpandProperty="Nope")
    assert result.out == []
    assert result.error_messages == ['Property "Nope" cannot be found.'] * 2


def test_select_expand_with_property_adds_note_properties() -> None:
    inner = PSObject({"A": 1})
    [out] = drive(SelectObject, [PSObject({"Child": inner, "Tag": "t"})], ExpandProperty="Child",
                  Property=["Tag"]).out
    assert out is inner and out.properties == {"A": 1, "Tag": "t"}


def test_select_string_length_in_the_language() -> None:
    assert run("('abc' | select Length).Length").stdout == "3\n"
