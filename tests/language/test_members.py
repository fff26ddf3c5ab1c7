"""members: properties, methods, indexing and static members (expected values: PowerShell 7)."""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

import pytest

from shell.language.conversions import TimeSpan, to_string
from shell.language.dotnet_primitives import UnspecifiedDateTime as U
from shell.language.errors import ErrorRecord, PSRuntimeError
from shell.language.members import (
    get_index, get_member, get_static, invoke_method, invoke_static, member_names, property_names, set_index,
    set_member, type_info,
)
from shell.language.psobject import PSLive, PSObject
from shell.language.pscollections import ArrayList, Hashtable

D = datetime(2024, 1, 31, 14, 5, 9, 123456)


class Job(PSLive):
    """A live object as the jobs package makes them."""

    ps_type_names = ("System.Management.Automation.Job", "System.Object")
    ps_properties = ("Id", "Name", "State")

    def __init__(self, ident: int, state: str) -> None:
        self.Id = ident
        self.Name = f"Job{ident}"
        self._state = state
        self.stopped = False

    @property
    def State(self) -> str:
        """Read-only state."""
        return self._state

    def StopJob(self) -> None:
        """Stop it."""
        self.stopped = True

    def Add(self, a: int, b: int) -> int:
        """Two arguments."""
        return a + b


def raises(message: str, func: Any, *args: Any) -> None:
    with pytest.raises(PSRuntimeError) as info:
        func(*args)
    assert info.value.message == message


# -- properties ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("obj, name, expected", [
    (PSObject({"Name": "a", "Size": 3}), "name", "a"), (PSObject({"Name": "a"}), "missing", None),
    (PSObject({"Name": "a"}), "Count", 1), (Hashtable({"Key": 1}), "key", 1), (Hashtable({"a": 1, "b": 2}), "Count", 2),
    (Hashtable({"a": 1, "b": 2}), "Keys", ["a", "b"]), (Hashtable({"a": 1, "b": 2}), "Values", [1, 2]),
    (Hashtable({"Count": 9}), "Count", 9), (Hashtable(), "missing", None), ({"Plain": 1}, "plain", 1),
    ([1, 2, 3], "Count", 3), ([1, 2, 3], "length", 3), ("abc", "Length", 3), ("abc", "Count", 1), (5, "Count", 1),
    (None, "anything", None), (None, "Count", 0), (None, "Length", 0), (D, "Year", 2024), (D, "month", 1), (D, "Day", 31),
    (D, "Hour", 14), (D, "Minute", 5), (D, "Second", 9), (D, "Millisecond", 123), (D, "DayOfWeek", "Wednesday"),
    (D, "DayOfYear", 31), (D, "Date", datetime(2024, 1, 31)), (D, "Ticks", 638423067091234560),
    (D, "TimeOfDay", TimeSpan.from_parts(hours=14, minutes=5, seconds=9, milliseconds=123.456)),
    (D, "DateTime", "Wednesday, January 31, 2024 2:05:09 PM"), (D, "Kind", "Local"),
    (Job(1, "Running"), "state", "Running"), (Job(1, "Running"), "ID", 1), (Job(1, "Running"), "StopJob", None),
    (TimeSpan.from_parts(seconds=90), "TotalMinutes", 1.5), (TimeSpan.from_parts(seconds=90), "Minutes", 1),
    (ErrorRecord("boom", target="t"), "TargetObject", "t"), (ErrorRecord("boom", error_id="Oops", command="Get-X"),
                                                            "FullyQualifiedErrorId", "Oops,Get-X"),
])
def test_get_member(obj: Any, name: str, expected: Any) -> None:
    assert get_member(obj, name) == expected


def test_member_enumeration() -> None:
    items = [PSObject({"Name": "a"}), PSObject({"Name": "b"}), PSObject({"Other": 1}), None]
    assert get_member(items, "Name") == ["a", "b"]
    assert get_member([PSObject({"Name": "only"})], "name") == "only"
    assert get_member([PSObject({"x": [1, 2]}), PSObject({"x": 3})], "x") == [1, 2, 3]
    assert get_member([Job(1, "Running"), Job(2, "Completed")], "State") == ["Running", "Completed"]
    assert get_member(["ab", "cde"], "Length") == 2
    assert get_member([], "Name") is None
    assert get_member([[PSObject({"n": 1})], PSObject({"n": 2})], "n") == [1, 2]


def test_error_record_members() -> None:
    record = ErrorRecord("boom", category="InvalidOperation", target="x",
                         exception_type="System.Management.Automation.RuntimeException")
    exc = get_member(record, "Exception")
    assert get_member(exc, "Message") == "boom"
    assert to_string(exc) == "boom"
    assert get_member(exc, "GetType") is None
    assert str(invoke_method(exc, "GetType", [])) == "System.Management.Automation.RuntimeException"
    info = get_member(record, "CategoryInfo")
    assert get_member(info, "Category") == "InvalidOperation"
    assert str(info) == "InvalidOperation: (x:String) [], RuntimeException"
    assert get_member(record, "InvocationInfo") is not None
    assert get_member(record, "ScriptStackTrace") == ""


def test_psobject_view() -> None:
    obj = PSObject({"a": 1, "b": 2})
    view = get_member(obj, "PSObject")
    props = get_member(view, "Properties")
    assert get_member(props, "Name") == ["a", "b"]
    assert get_member(props, "Value") == [1, 2]
    assert get_member(get_index(props, "b"), "Value") == 2
    set_member(get_index(props, "a"), "Value", 10)
    assert obj.get("a") == 10
    invoke_method(get_member(view, "TypeNames"), "Insert", [0, "My.Type"])
    assert obj.type_names[0] == "My.Type"
    note = invoke_static("psnoteproperty", "new", ["c", 3])
    invoke_method(props, "Add", [note])
    assert obj.get("c") == 3
    assert get_member(get_member(5, "psobject"), "TypeNames") == ["System.Int32", "System.ValueType", "System.Object"]


def test_set_member() -> None:
    obj = PSObject({"Name": "a"})
    set_member(obj, "name", "b")
    assert obj.names() == ["Name"] and obj.get("Name") == "b"
    raises("The property 'nope' cannot be found on this object. Verify that the property exists and can be set.",
           set_member, obj, "nope", 1)
    table = Hashtable({"Key": 1})
    set_member(table, "KEY", 2)
    set_member(table, "new", 3)
    assert list(table.items()) == [("Key", 2), ("new", 3)]
    job = Job(1, "Running")
    set_member(job, "name", "renamed")
    assert job.Name == "renamed"
    raises("'State' is a ReadOnly property.", set_member, job, "State", "x")
    raises("'Length' is a ReadOnly property.", set_member, "abc", "Length", 1)
    raises("The property 'x' cannot be found on this object. Verify that the property exists and can be set.",
           set_member, None, "x", 1)


# -- methods ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("obj, name, args, expected", [
    ("Hello", "ToUpper", [], "HELLO"), ("Hello", "tolower", [], "hello"), ("  x  ", "Trim", [], "x"),
    ("xxaxx", "Trim", ["x"], "a"), ("abcba", "Trim", ["ab"], "c"), ("--a", "TrimStart", ["-"], "a"),
    ("a--", "TrimEnd", ["-"], "a"), ("a,b,,c", "Split", [","], ["a", "b", "", "c"]),
    ("a,b;c", "Split", [[",", ";"]], ["a", "b", "c"]), ("a,b;c", "Split", [",", ";"], ["a", "b", "c"]),
    ("a--b--c", "Split", ["--"], ["a", "b", "c"]), ("a,b,c", "Split", [",", 2], ["a", "b,c"]),
    ("a,,b", "Split", [",", "RemoveEmptyEntries"], ["a", "b"]), ("a b", "Split", [], ["a", "b"]),
    ("a.b.c", "Replace", [".", "-"], "a-b-c"), ("aAa", "Replace", ["a", "x"], "xAx"),
    ("Hello", "Contains", ["ell"], True), ("Hello", "Contains", ["h"], False),
    ("Hello", "Contains", ["h", "OrdinalIgnoreCase"], True), ("Hello", "StartsWith", ["He"], True),
    ("Hello", "StartsWith", ["he"], False), ("Hello", "StartsWith", ["he", "CurrentCultureIgnoreCase"], True),
    ("Hello", "EndsWith", ["lo"], True), ("Hello", "Substring", [1], "ello"), ("Hello", "Substring", [1, 3], "ell"),
    ("Hello", "IndexOf", ["l"], 2), ("Hello", "IndexOf", ["z"], -1), ("Hello", "IndexOf", ["l", 3], 3),
    ("Hello", "LastIndexOf", ["l"], 3), ("7", "PadLeft", [3, "0"], "007"), ("ab", "PadRight", [4], "ab  "),
    ("ac", "Insert", [1, "b"], "abc"), ("abcd", "Remove", [1, 2], "ad"), ("abcd", "Remove", [2], "ab"),
    ("abc", "ToCharArray", [], ["a", "b", "c"]), ("a", "CompareTo", ["b"], -1), ("a", "Equals", ["A"], False),
    ("abc", "ToString", [], "abc"), ("abc", "GetHashCode", [], hash("abc") & 0x7FFFFFFF),
    (3.14159, "ToString", ["N2"], "3.14"), (1234, "ToString", ["N0"], "1,234"), (255, "ToString", ["X"], "FF"),
    (0.5, "ToString", [], "0.5"), (5, "Equals", [5], True), (5, "Equals", [5.0], False), (5, "CompareTo", [7], -1),
    (True, "ToString", [], "True"),
    ([1, 2, 3], "Contains", [2], True), ([1, 2, 3], "Contains", ["2"], False), ([1, 2, 3], "IndexOf", [3], 2),
    ([1, 2], "Clone", [], [1, 2]), ([1, 2], "ToString", [], "System.Object[]"),
    (Hashtable({"a": 1}), "ContainsKey", ["A"], True), (Hashtable({"a": 1}), "ContainsValue", [1], True),
    (Hashtable({"a": 1}), "Contains", ["b"], False), (Hashtable(), "ToString", [], "System.Collections.Hashtable"),
    (D, "AddDays", [1], datetime(2024, 2, 1, 14, 5, 9, 123456)), (D, "AddHours", [-14], D.replace(hour=0)),
    (D, "AddMonths", [1], datetime(2024, 2, 29, 14, 5, 9, 123456)), (D, "AddYears", [1], D.replace(year=2025)),
    (D, "AddMinutes", [1.5], D.replace(minute=6, second=39)), (D, "ToString", ["yyyy-MM-dd"], "2024-01-31"),
    (D, "ToString", [], "1/31/2024 2:05:09 PM"), (D, "ToShortDateString", [], "1/31/2024"),
    (D, "ToLongDateString", [], "Wednesday, January 31, 2024"), (D, "ToShortTimeString", [], "2:05 PM"),
    (D, "Subtract", [datetime(2024, 1, 30, 14, 5, 9, 123456)], TimeSpan.from_parts(days=1)),
    (TimeSpan.from_parts(seconds=5), "Add", [TimeSpan.from_parts(seconds=1)], TimeSpan.from_parts(seconds=6)),
    (TimeSpan.from_parts(seconds=5), "ToString", [], "00:00:05"),
    (TimeSpan.from_parts(minutes=5), "tostring", ["mm\\:ss"], "05:00"),
    (Job(1, "Running"), "add", [2, 3], 5), (PSObject({"a": 1}), "ToString", [], "@{a=1}"),
])
def test_invoke_method(obj: Any, name: str, args: list[Any], expected: Any) -> None:
    result = invoke_method(obj, name, args)
    assert result == expected
    assert type(result) is type(expected)


def test_get_type() -> None:
    t = invoke_method(5, "GetType", [])
    assert (t.Name, t.FullName, str(t)) == ("Int32", "System.Int32", "System.Int32")
    assert get_member(t, "Name") == "Int32"
    assert invoke_method([1], "GetType", []).Name == "Object[]"
    assert invoke_method(Hashtable(), "GetType", []).FullName == "System.Collections.Hashtable"
    assert invoke_method(PSObject(), "gettype", []).Name == "PSCustomObject"
    assert str(get_member(invoke_method("x", "GetType", []), "BaseType")) == "System.Object"


def test_live_object_method() -> None:
    job = Job(1, "Running")
    assert invoke_method(job, "stopjob", []) is None
    assert job.stopped


def test_hashtable_methods_mutate() -> None:
    table = Hashtable({"a": 1})
    invoke_method(table, "Add", ["b", 2])
    raises('Exception calling "Add" with "2" argument(s): "Item has already been added. Key in dictionary: '
           "'a'  Key being added: 'A'\"", invoke_method, table, "Add", ["A", 3])
    invoke_method(table, "Remove", ["A"])
    invoke_method(table, "Remove", ["missing"])
    assert list(table.items()) == [("b", 2)]
    entries = invoke_method(table, "GetEnumerator", [])
    assert [(get_member(e, "Key"), get_member(e, "Value"), get_member(e, "Name")) for e in entries] == [("b", 2, "b")]
    assert to_string(invoke_method(entries[0], "GetType", [])) == "System.Collections.DictionaryEntry"
    clone = invoke_method(table, "Clone", [])
    assert clone == table and clone is not table
    invoke_method(table, "Clear", [])
    assert len(table) == 0
    ordered = Hashtable({"a": 1, "c": 3}, ordered=True)
    invoke_method(ordered, "Insert", [1, "b", 2])
    assert list(ordered) == ["a", "b", "c"]


def test_arrays_are_fixed_size_but_arraylist_grows() -> None:
    raises('Exception calling "Add" with "1" argument(s): "Collection was of a fixed size."',
           invoke_method, [1, 2], "Add", [3])
    raises('Exception calling "Remove" with "1" argument(s): "Collection was of a fixed size."',
           invoke_method, [1, 2], "Remove", [1])
    al = ArrayList()
    assert invoke_method(al, "Add", ["x"]) == 0
    assert invoke_method(al, "add", ["y"]) == 1
    invoke_method(al, "Insert", [0, "w"])
    invoke_method(al, "Remove", ["x"])
    assert al == ["w", "y"]
    invoke_method(al, "AddRange", [[1, 2]])
    invoke_method(al, "RemoveAt", [0])
    assert al == ["y", 1, 2] and get_member(al, "Count") == 3
    generic = invoke_static("System.Collections.Generic.List[string]", "new", [])
    assert invoke_method(generic, "Add", ["a"]) is None and generic == ["a"]
    assert to_string(invoke_method(generic, "GetType", [])) == "System.Collections.Generic.List[System.String]"


@pytest.mark.parametrize("obj, name, args, message", [
    ("abc", "Foo", [], "Method invocation failed because [System.String] does not contain a method named 'Foo'."),
    (5, "Foo", [], "Method invocation failed because [System.Int32] does not contain a method named 'Foo'."),
    (PSObject(), "Foo", [], "Method invocation failed because [System.Management.Automation.PSCustomObject] "
                            "does not contain a method named 'Foo'."),
    (None, "Foo", [], "You cannot call a method on a null-valued expression."),
    ("abc", "Substring", [1, 2, 3], 'Cannot find an overload for "Substring" and the argument count: "3".'),
    ("abc", "Substring", [5], 'Exception calling "Substring" with "1" argument(s): "startIndex cannot be larger '
                              "than length of string. (Parameter 'startIndex')\""),
    ("abc", "Replace", ["", "x"], 'Exception calling "Replace" with "2" argument(s): "String cannot be of zero '
                                  "length. (Parameter 'oldValue')\""),
    (Job(1, "x"), "Add", [1], 'Cannot find an overload for "Add" and the argument count: "1".'),
    (Job(1, "x"), "Nope", [], "Method invocation failed because [System.Management.Automation.Job] does not "
                              "contain a method named 'Nope'."),
])
def test_invoke_method_errors(obj: Any, name: str, args: list[Any], message: str) -> None:
    raises(message, invoke_method, obj, name, args)


# -- script blocks through the interpreter ------------------------------------------------------------------

@pytest.mark.parametrize("script, expected", [
    ("(1..5).Where({ $_ -gt 2 }) -join ','", "3,4,5"),
    ("(1..3).ForEach({ $_ * 2 }) -join ','", "2,4,6"),
    ("(1..6).Where({ $_ % 2 }, 'First') -join ','", "1"),
    ("(1..6).Where({ $_ -gt 2 }, 'Last', 2) -join ','", "5,6"),
    ("(1..6).Where({ $_ -ge 3 }, 'SkipUntil') -join ','", "3,4,5,6"),
    ("(1..6).Where({ $_ -ge 3 }, 'Until') -join ','", "1,2"),
    ("$a, $b = (1..4).Where({ $_ % 2 }, 'Split'); \"$a|$b\"", "1 3|2 4"),
    ("('a','bb').ForEach('Length') -join ','", "1,2"),
    ("('a','b').ForEach('ToUpper') -join ','", "A,B"),
    ("$sb = { param($x) $x + 1 }; $sb.Invoke(1)", "2"),
    ("$sb = { 'a'; 'b' }; $sb.Invoke().Count", "2"),
    ("$t = 0; (1..3).ForEach({ $t += $_ }); $t", "6"),
    ("'a1b22' -replace '\\d+', { '<' + $_.Value + '>' }", "a<1>b<22>"),
    ("[regex]::Replace('abc', '[ac]', { param($m) $m.Value.ToUpper() })", "AbC"),
    ("(5).Where({ $_ -eq 5 }).Count", "1"),
    ("('a::b::c::d' -split { $_ -eq 'b' -or $_ -eq 'C' }) -join '|'", "a::|::|::d"),
    ("('a::b::c::d' -split { $_ -eq 'b' -or $_ -eq 'C' }, -2) -join '|'", "a::b::|::d"),
    ("('a::b::c::d', 'e::f::g::h' -split { $_ -eq 'b' -or $_ -eq 'f' }, 2) -join '|'", "a::|::c::d|e::|::g::h"),
    ("'ID ABC123' -replace '\\b[A-C]+', { 'X' * $_.Value.Length }", "ID XXX123"),
])
def test_script_block_methods(ps: Any, script: str, expected: str) -> None:
    result = ps(script)
    assert result.stderr == ""
    assert result.stdout.strip() == expected


# -- indexing ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("obj, index, expected", [
    ([1, 2, 3], 0, 1), ([1, 2, 3], -1, 3), ([1, 2, 3], 5, None), ([1, 2, 3], -4, None), ([1, 2, 3], [0, 2], [1, 3]),
    ([1, 2, 3], [2, 1, 0], [3, 2, 1]), ([1, 2, 3], [0, 9], [1]), ([1, 2, 3], "1", 2), ([1, 2, 3], 1.0, 2),
    (Hashtable({"Key": 1}), "key", 1), (Hashtable({"a": 1}), "b", None), (Hashtable({"a": 1, "b": 2}), ["a", "b"], [1, 2]),
    (Hashtable({1: "one"}), 1, "one"), ("abc", 1, "b"), ("abc", -1, "c"), ("abc", 9, None), ("abc", [0, 2], ["a", "c"]),
    (5, 0, 5), (5, -1, 5), (5, 1, None), (7, 0, 7),
])
def test_get_index(obj: Any, index: Any, expected: Any) -> None:
    assert get_index(obj, index) == expected


def test_get_index_errors_and_groups() -> None:
    raises("Cannot index into a null array.", get_index, None, 0)
    m = invoke_static("regex", "Match", ["2024-01", r"(?<y>\d+)-(\d+)"])
    groups = get_member(m, "Groups")
    assert get_member(get_index(groups, "y"), "Value") == "2024"
    assert get_member(get_index(groups, 0), "Value") == "2024-01"


def test_set_index() -> None:
    items = [1, 2, 3]
    set_index(items, 0, "a")
    set_index(items, -1, "c")
    assert items == ["a", 2, "c"]
    raises("Index was outside the bounds of the array.", set_index, items, 3, 0)
    table = Hashtable({"Key": 1})
    set_index(table, "KEY", 2)
    set_index(table, 5, "five")
    assert list(table.items()) == [("Key", 2), (5, "five")]
    raises("Cannot index into a null array.", set_index, None, 0, 1)
    raises("Unable to index into an object of type System.String.", set_index, "abc", 0, "x")


# -- listings ----------------------------------------------------------------------------------------------------

def test_property_names() -> None:
    assert property_names(PSObject({"b": 1, "a": 2})) == ["b", "a"]
    assert property_names(Job(1, "x")) == ["Id", "Name", "State"]
    assert property_names(Hashtable({"a": 1})) == []
    assert property_names("abc") == [] and property_names(5) == []
    assert property_names(TimeSpan(0))[:3] == ["Days", "Hours", "Minutes"]
    assert "DayOfWeek" in property_names(D)
    assert property_names(ErrorRecord("x"))[:2] == ["Exception", "TargetObject"]


def test_member_names() -> None:
    names = dict(member_names("abc"))
    assert names["Length"] == "Property" and names["ToUpper"] == "Method" and names["GetType"] == "Method"
    obj = dict(member_names(PSObject({"a": 1})))
    assert obj["a"] == "NoteProperty" and obj["ToString"] == "Method"
    live = dict(member_names(Job(1, "x")))
    assert live["State"] == "Property" and live["StopJob"] == "Method"
    assert dict(member_names(Hashtable()))["ContainsKey"] == "Method"
    assert dict(member_names([1]))["Count"] == "Property"
    assert member_names(None) == []


# -- statics --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("type_name, name, expected", [
    ("math", "PI", 3.141592653589793), ("System.Math", "e", 2.718281828459045), ("int", "MaxValue", 2147483647),
    ("int32", "MinValue", -2147483648), ("long", "MaxValue", 9223372036854775807), ("string", "Empty", ""),
    ("timespan", "Zero", TimeSpan(0)), ("System.IO.Path", "DirectorySeparatorChar", "/"),
    ("Environment", "NewLine", "\n"), ("StringComparison", "OrdinalIgnoreCase", "OrdinalIgnoreCase"),
    ("System.DayOfWeek", "monday", "Monday"), ("math", "Nope", None), ("datetime", "MinValue", datetime(1, 1, 1)),
])
def test_get_static(type_name: str, name: str, expected: Any) -> None:
    assert get_static(type_name, name) == expected


def test_get_static_dynamic_values() -> None:
    assert isinstance(get_static("datetime", "Now"), datetime)
    assert get_static("DateTime", "Today").hour == 0
    assert str(get_static("double", "NaN")) == "nan"
    assert get_static("Environment", "MachineName") == os.uname().nodename
    assert get_static("Environment", "ProcessorCount") >= 1
    assert to_string(get_static("Environment", "OSVersion")).startswith("Unix ")
    assert get_static("io.path", "PathSeparator") == ":"


@pytest.mark.parametrize("type_name, name, args, expected", [
    ("math", "Round", [2.5], 2.0), ("math", "Round", [3.5], 4.0), ("math", "Round", [2.675, 2], 2.68),
    ("math", "Round", [2.5, "AwayFromZero"], 3.0), ("math", "Round", [-2.5, 0, "AwayFromZero"], -3.0),
    ("math", "Round", [1.23456, 3], 1.235), ("math", "Floor", [3.7], 3.0), ("math", "Ceiling", [3.2], 4.0),
    ("math", "Abs", [-5], 5), ("math", "Max", [3, 7], 7), ("math", "Min", [3, 7.5], 3.0), ("math", "Pow", [2, 10], 1024.0),
    ("math", "Sqrt", [16], 4.0), ("math", "Truncate", [-3.7], -3.0), ("math", "Log10", [1000], 3.0),
    ("math", "Log", [8, 2], 3.0), ("math", "Sign", [-3], -1), ("string", "Join", [",", [1, 2, 3]], "1,2,3"),
    ("string", "Join", ["-", "a", "b"], "a-b"), ("string", "IsNullOrEmpty", [""], True),
    ("string", "IsNullOrEmpty", [None], True), ("string", "IsNullOrEmpty", ["x"], False),
    ("string", "IsNullOrWhiteSpace", ["  "], True), ("string", "Format", ["{0}-{1}", "a", "b"], "a-b"),
    ("string", "Concat", ["a", 1, None], "a1"), ("string", "Compare", ["a", "B"], -1), ("string", "new", ["x", 3], "xxx"),
    ("datetime", "Parse", ["2024-01-31"], U(2024, 1, 31)),
    ("datetime", "ParseExact", ["31/01/2024 10:30", "dd/MM/yyyy HH:mm", None], U(2024, 1, 31, 10, 30)),
    ("datetime", "ParseExact", ["Jan 5 2024", "MMM d yyyy", None], U(2024, 1, 5)),
    ("datetime", "new", [2024, 1, 31], U(2024, 1, 31)), ("datetime", "DaysInMonth", [2024, 2], 29),
    ("datetime", "IsLeapYear", [2023], False),
    ("timespan", "FromSeconds", [90], TimeSpan.from_parts(seconds=90)),
    ("timespan", "FromMinutes", [1.5], TimeSpan.from_parts(seconds=90)),
    ("timespan", "FromMilliseconds", [1], TimeSpan(10_000)), ("timespan", "new", [1, 2, 3], TimeSpan.from_parts(hours=1, minutes=2, seconds=3)),
    ("System.IO.Path", "Combine", ["a", "b", "c.txt"], "a/b/c.txt"), ("io.path", "Combine", ["a", "/b"], "/b"),
    ("io.path", "GetFileName", ["/x/y.txt"], "y.txt"), ("io.path", "GetExtension", ["/x/y.tar.gz"], ".gz"),
    ("io.path", "GetExtension", ["/x/y"], ""), ("io.path", "GetDirectoryName", ["/x/y.txt"], "/x"),
    ("io.path", "GetFileNameWithoutExtension", ["/x/y.txt"], "y"), ("io.path", "ChangeExtension", ["a.txt", "md"], "a.md"),
    ("io.path", "IsPathRooted", ["/a"], True), ("char", "IsDigit", ["5"], True), ("char", "IsLetter", ["5"], False),
    ("char", "IsUpper", ["A"], True), ("char", "IsWhiteSpace", [" "], True), ("regex", "Escape", ["a.b*c (d)"], "a\\.b\\*c\\ \\(d\\)"),
    ("regex", "IsMatch", ["abc", "B"], False), ("regex", "IsMatch", ["abc", "B", "IgnoreCase"], True),
    ("regex", "Replace", ["a1b2", "\\d", "#"], "a#b#"), ("regex", "Split", ["a1b2c", "\\d"], ["a", "b", "c"]),
    ("System.Text.RegularExpressions.Regex", "Unescape", ["a\\.b"], "a.b"),
    ("convert", "ToInt32", ["ff", 16], 255), ("convert", "ToString", [255, 2], "11111111"),
    ("convert", "ToBase64String", [[104, 105]], "aGk="), ("convert", "FromBase64String", ["aGk="], [104, 105]),
    ("convert", "ToInt32", [2.5], 2), ("convert", "ToBoolean", ["TRUE"], True), ("int", "Parse", ["42"], 42),
    ("double", "Parse", ["1.5"], 1.5), ("bool", "Parse", ["false"], False), ("double", "IsNaN", [float("nan")], True),
    ("Text.Encoding", "UTF8", None, None),
])
def test_invoke_static(type_name: str, name: str, args: list[Any] | None, expected: Any) -> None:
    if args is None:
        encoding = get_static(type_name, name)
        assert invoke_method(encoding, "GetBytes", ["hé"]) == [104, 195, 169]
        assert invoke_method(encoding, "GetString", [[104, 195, 169]]) == "hé"
        return
    result = invoke_static(type_name, name, args)
    assert result == expected
    assert type(result) is type(expected)


def test_static_file_system(tmp_path: Any) -> None:
    path = str(tmp_path / "f.txt")
    assert invoke_static("System.IO.File", "Exists", [path]) is False
    invoke_static("System.IO.File", "WriteAllText", [path, "a\nb\n"])
    assert invoke_static("io.file", "Exists", [path]) is True
    assert invoke_static("io.file", "ReadAllText", [path]) == "a\nb\n"
    assert invoke_static("io.file", "ReadAllLines", [path]) == ["a", "b"]
    assert invoke_static("System.IO.Directory", "Exists", [str(tmp_path)]) is True
    assert invoke_static("io.directory", "GetFiles", [str(tmp_path)]) == [path]
    missing = str(tmp_path / "none.txt")
    raises(f'Exception calling "ReadAllText" with "1" argument(s): "Could not find file \'{missing}\'."',
           invoke_static, "io.file", "ReadAllText", [missing])


def test_static_objects() -> None:
    guid = invoke_static("guid", "NewGuid", [])
    assert len(str(guid)) == 36 and str(guid).count("-") == 4
    sw = invoke_static("System.Diagnostics.Stopwatch", "StartNew", [])
    assert get_member(sw, "IsRunning") is True and isinstance(get_member(sw, "Elapsed"), TimeSpan)
    sb = invoke_static("System.Text.StringBuilder", "new", [])
    invoke_method(sb, "Append", ["a"])
    invoke_method(sb, "AppendLine", ["b"])
    assert invoke_method(sb, "ToString", []) == "ab\n" and get_member(sb, "Length") == 3
    table = invoke_static("hashtable", "new", [])
    assert isinstance(table, Hashtable)
    m = invoke_static("regex", "Match", ["abc", "b(c)"])
    assert (get_member(m, "Success"), get_member(m, "Value"), get_member(m, "Index")) == (True, "bc", 1)
    assert invoke_static("regex", "Match", ["abc", "x"]).Success is False
    assert [get_member(x, "Value") for x in invoke_static("regex", "Matches", ["a1b22", "\\d+"])] == ["1", "22"]


@pytest.mark.parametrize("type_name, name, args, message", [
    ("Foo", "Bar", [], "Unable to find type [Foo]."),
    ("math", "Foo", [], "Method invocation failed because [System.Math] does not contain a method named 'Foo'."),
    ("math", "Round", [], 'Cannot find an overload for "Round" and the argument count: "0".'),
    ("int", "Parse", ["abc"], 'Exception calling "Parse" with "1" argument(s): "The input string \'abc\' was not '
                              'in a correct format."'),
    ("datetime", "ParseExact", ["x", "yyyy", None], 'Exception calling "ParseExact" with "3" argument(s): '
                                                     '"String \'x\' was not recognized as a valid DateTime."'),
])
def test_invoke_static_errors(type_name: str, name: str, args: list[Any], message: str) -> None:
    raises(message, invoke_static, type_name, name, args)


def test_get_static_unknown_type() -> None:
    raises("Unable to find type [Nope.Type].", get_static, "Nope.Type", "X")


def test_type_literals_of_static_types_have_full_names() -> None:
    # PowerShell: System.Math / System.StringComparison
    assert type_info("math").FullName == "System.Math"
    assert type_info("StringComparison").FullName == "System.StringComparison"


class _Tagged(str):
    """A string tagged as remote output is (PSComputerName), as Receive-Job hands it back."""

    PSComputerName = "srv"


class _Port(int):
    """An int subclass with a property of its own."""

    @property
    def Service(self) -> str:
        return "ssh" if self == 22 else "other"


def test_subclass_properties_come_before_the_values_members() -> None:
    assert get_member(_Tagged("abc"), "pscomputername") == "srv"
    assert get_member(_Tagged("abc"), "Length") == 3
    assert get_member(_Port(22), "service") == "ssh"


def test_char_long_and_decimal_members() -> None:
    from decimal import Decimal

    from shell.language.dotnet_primitives import Char, Long
    assert invoke_method(Char("A"), "GetType", []).FullName == "System.Char"
    assert invoke_method(Long(1), "GetType", []).Name == "Int64"
    assert invoke_method(Long(5), "ToString", ["D3"]) == "005"
    assert invoke_method(Decimal("1.5"), "ToString", ["N2"]) == "1.50"
    assert get_member(Decimal("1.5"), "real") is None   # decimal.Decimal's Python attributes stay hidden
    assert get_index("abc", 1) == "b" and type(get_index("abc", 1)) is Char
    assert [type(c) for c in invoke_method("ab", "ToCharArray", [])] == [Char, Char]


def test_ordered_dictionary_by_position() -> None:
    table = Hashtable({"z": 1, "y": 2}, ordered=True)
    assert (get_index(table, 0), get_index(table, 1), get_index(table, -1), get_index(table, 2)) == (1, 2, 2, None)
    assert get_index(table, "y") == 2
    set_index(table, 1, 5)
    assert table["y"] == 5
    plain = Hashtable({0: "zero"})
    assert get_index(plain, 0) == "zero"   # a plain hashtable is indexed by key only
    raises("Index was out of range. Must be non-negative and less than the size of the collection. "
           "(Parameter 'index')", set_index, table, 7, 1)


def test_dotnet_exceptions_from_new() -> None:
    ex = invoke_static("System.ArgumentException", "new", ["bad", "name"])
    assert get_member(ex, "Message") == "bad (Parameter 'name')" and get_member(ex, "ParamName") == "name"
    assert invoke_method(ex, "GetType", []).FullName == "System.ArgumentException"
    outer = invoke_static("InvalidOperationException", "new", ["outer", ex])
    assert get_member(get_member(outer, "InnerException"), "Message") == "bad (Parameter 'name')"
    assert get_member(invoke_static("ArgumentNullException", "new", ["p"]), "Message") == \
        "Value cannot be null. (Parameter 'p')"
    assert get_member(invoke_static("Exception", "new", []), "Message") == \
        "Exception of type 'System.Exception' was thrown."
    assert invoke_method(outer, "ToString", []) == "System.InvalidOperationException: outer"


def test_null_has_a_count_of_zero() -> None:
    assert (get_member(None, "Count"), get_member(None, "length"), get_member(None, "Name")) == (0, 0, None)
