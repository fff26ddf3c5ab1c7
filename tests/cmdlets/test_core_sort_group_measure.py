"""Sort-Object, Group-Object and Measure-Object."""

from __future__ import annotations

import pytest

from pshelpers import run
from test_core_support import drive

from shell.cmdlets.core.group import GroupInfo, GroupObject
from shell.cmdlets.core.measure import GenericMeasureInfo, MeasureObject, TextMeasureInfo
from shell.cmdlets.core.sort import SortObject
from shell.language.errors import PSRuntimeError
from shell.language.psobject import PSObject


# ------------------------------------------------------------------ Sort-Object

def test_sort_values() -> None:
    assert drive(SortObject, [3, 1, 2]).out == [1, 2, 3]
    assert drive(SortObject, [3, 1, 2], Descending=True).out == [3, 2, 1]
    assert drive(SortObject, ["b", "a", "C"]).out == ["a", "b", "C"]
    assert drive(SortObject, [2, None, 1]).out == [None, 1, 2]


def test_sort_is_stable_and_case_insensitive_by_default() -> None:
    assert drive(SortObject, ["b", "A", "a", "B"]).out == ["A", "a", "b", "B"]
    assert drive(SortObject, ["b", "A", "a", "B"], CaseSensitive=True).out == ["a", "A", "b", "B"]


def test_sort_unique_top_bottom() -> None:
    assert drive(SortObject, ["b", "A", "a", "B"], Unique=True).out == ["A", "b"]
    assert drive(SortObject, list(range(10)), Top=3, Descending=True).out == [9, 8, 7]
    assert drive(SortObject, list(range(10)), Bottom=2).out == [8, 9]
    with pytest.raises(PSRuntimeError):
        drive(SortObject, [1], Top=1, Bottom=1)


def test_sort_by_properties_blocks_and_hashtables() -> None:
    assert run('"abc","a","ab" | Sort-Object Length -Descending').lines == ["abc", "ab", "a"]
    assert run('"abc","a","ab" | Sort-Object { $_.Length }').lines == ["a", "ab", "abc"]
    script = ("$p=[pscustomobject]@{a=1;b='x'},[pscustomobject]@{a=1;b='a'},[pscustomobject]@{a=0;b='z'}; "
              "$p | Sort-Object a, @{Expression='b'; Descending=$true} | % b")
    assert run(script).lines == ["z", "x", "a"]


def test_sort_bad_hashtable_key() -> None:
    assert "The bad key is not valid." in run("1 | Sort-Object @{bad=1}").stderr


def test_sort_has_no_sort_alias_on_linux() -> None:
    from shell.language.commands import CommandTable
    assert CommandTable.default().alias_target("sort") is None


# ------------------------------------------------------------------ Group-Object

def test_group_sorts_groups_of_one_type_case_insensitively() -> None:
    groups = drive(GroupObject, ["b", "a", "B", "c"]).out
    assert [(g.Name, g.Count, g.Group) for g in groups] == [("a", 1, ["a"]), ("b", 2, ["b", "B"]),
                                                            ("c", 1, ["c"])]
    assert all(isinstance(g, GroupInfo) for g in groups)


def test_group_case_sensitive_and_mixed_types() -> None:
    assert [g.Name for g in drive(GroupObject, ["b", "a", "B"], CaseSensitive=True).out] == ["a", "b", "B"]
    # Keys of several types: groups in the order their first object came.
    assert [(g.Name, g.Count) for g in drive(GroupObject, [2, "1", 1]).out] == [("2", 1), ("1", 2)]


def test_group_by_property_and_block() -> None:
    people = [PSObject({"Team": "x", "N": 1}), PSObject({"Team": "y", "N": 2}), PSObject({"Team": "x", "N": 3})]
    groups = drive(GroupObject, people, Property=["Team"]).out
    assert [(g.Name, [p.get("N") for p in g.Group]) for g in groups] == [("x", [1, 3]), ("y", [2])]
    assert groups[0].Values == ["x"]
    assert run('"apple","avocado","banana" | group { $_[0] } | % Name').lines == ["a", "b"]


def test_group_no_element_and_table_view() -> None:
    result = run('"apple","avocado","banana" | group { $_[0] } -NoElement')
    assert result.stdout == "\nCount Name\n----- ----\n    2 a\n    1 b\n\n"
    result = run('"b","a","b" | Group-Object')
    assert result.stdout == ("\nCount Name                      Group\n----- ----                      -----\n"
                             "    1 a                         {a}\n    2 b                         {b, b}\n\n")


def test_group_as_hashtable() -> None:
    assert run('$h = "apple","avocado","banana" | group Length -AsHashTable; $h[5]; $h[7]').lines == \
        ["apple", "avocado"]
    assert "requires that you specify the AsHashtable parameter" in run('"x" | group -AsString').stderr


# ------------------------------------------------------------------ Measure-Object

def test_measure_counts_and_stats() -> None:
    [info] = drive(MeasureObject, [1, 2, 3, 4], Sum=True, Average=True, Maximum=True, Minimum=True,
                   StandardDeviation=True).out
    assert isinstance(info, GenericMeasureInfo)
    assert (info.Count, info.Sum, info.Average, info.Maximum, info.Minimum) == (4, 10.0, 2.5, 4.0, 1.0)
    assert abs(info.StandardDeviation - 1.2909944487358056) < 1e-12
    [plain] = drive(MeasureObject, ["a", None, "b"]).out
    assert (plain.Count, plain.Sum, plain.Average) == (2, None, None)


def test_measure_shows_a_list_with_only_requested_values() -> None:
    result = run("1..10 | Measure-Object -Sum")
    assert result.stdout == ("\nCount             : 10\nAverage           :\nSum               : 55\n"
                             "Maximum           :\nMinimum           :\nStandardDeviation :\n"
                             "Property          :\n\n")


def test_measure_property_and_missing_property() -> None:
    items = [PSObject({"v": 2}), PSObject({"v": 4}), PSObject({"w": 1})]
    [info] = drive(MeasureObject, items, Property=["v"], AllStats=True).out
    assert (info.Count, info.Sum, info.Property) == (2, 6.0, "v")
    result = drive(MeasureObject, items, Property=["nope"])
    assert result.out == []
    assert result.error_messages == ['The property "nope" cannot be found in the input for any objects.']


def test_measure_strings_min_max_and_non_numeric_sum() -> None:
    [info] = drive(MeasureObject, ["b", "a", "c"], Maximum=True, Minimum=True).out
    assert (info.Maximum, info.Minimum) == ("c", "a")
    result = drive(MeasureObject, ["x", "2"], Sum=True)
    assert result.error_messages == ['Input object "x" is not numeric.']
    assert result.out[0].Sum == 2.0


def test_measure_text() -> None:
    [info] = drive(MeasureObject, ["a b\nc", "d"], Line=True, Word=True, Character=True).out
    assert isinstance(info, TextMeasureInfo)
    assert (info.Lines, info.Words, info.Characters) == (3, 4, 6)
    [only_words] = drive(MeasureObject, ["a b"], Word=True).out
    assert (only_words.Lines, only_words.Words, only_words.Characters) == (None, 2, None)
    result = run('"a b`nc" | measure -Line -Word -Character')
    assert result.stdout == ("\nLines Words Characters Property\n----- ----- ---------- --------\n"
                             "    2     3          5\n\n")


def test_measure_in_the_benchmark_pipeline() -> None:
    assert run("(1..2000 | ForEach-Object { $_ * 2 } | Measure-Object -Sum).Sum").stdout == "4002000\n"
