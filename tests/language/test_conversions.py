"""conversions: string form, truth, numbers, casts, type names, .NET formats (expected values: PowerShell 7)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from shell.language.conversions import (
    TimeSpan, convert_to, format_operator, format_value, is_enumerable, is_instance, to_number, to_string,
    truthy, type_name_of, type_names_of,
)
from shell.language.dotnet_primitives import Char, Long
from shell.language.dotnet_primitives import UnspecifiedDateTime as U
from shell.language.errors import ErrorRecord, PSRuntimeError
from shell.language.psobject import PSObject
from shell.language.pscollections import ArrayList, Hashtable

D = datetime(2024, 1, 31, 14, 5, 9, 123456)


@pytest.mark.parametrize("value, expected", [
    (None, ""), (True, "True"), (False, "False"), (5, "5"), (-12, "-12"), ("x", "x"),
    (1.5, "1.5"), (2.0, "2"), (1e20, "1E+20"), (0.1 + 0.2, "0.3"), (1 / 3, "0.333333333333333"),
    (5.787037037037037e-05, "5.78703703703704E-05"), (1e15, "1E+15"), (123456789012345.0, "123456789012345"),
    (0.0001, "0.0001"), (0.00001, "1E-05"), (float("nan"), "NaN"), (float("inf"), "Infinity"),
    (float("-inf"), "-Infinity"), (-2.5, "-2.5"),
    ([1, 2, 3], "1 2 3"), ((1, "a"), "1 a"), ([], ""), ([1, [2, 3]], "1 System.Object[]"),
    ([None, True], " True"), (D, "01/31/2024 14:05:09"),
    (Hashtable(), "System.Collections.Hashtable"),
    (Hashtable(ordered=True), "System.Collections.Specialized.OrderedDictionary"),
    (PSObject({"a": 1, "b": "x"}), "@{a=1; b=x}"), (ErrorRecord("boom"), "boom"),
    (TimeSpan.from_parts(seconds=1.5), "00:00:01.5000000"), (TimeSpan.from_parts(seconds=5), "00:00:05"),
    (TimeSpan.from_parts(days=1, hours=2, minutes=3, seconds=4.5), "1.02:03:04.5000000"),
    (TimeSpan.from_parts(seconds=-5), "-00:00:05"), (ArrayList([1, 2]), "1 2"),
])
def test_to_string(value: object, expected: str) -> None:
    assert to_string(value) == expected


@pytest.mark.parametrize("value, expected", [
    (None, False), ("", False), ("False", True), ("0", True), (" ", True), (0, False), (1, True),
    (-1, True), (0.0, False), (0.1, True), ([], False), ([0], False), ([1], True), ([0, 0], True),
    ([""], False), ([[]], False), ([[0]], True), (Hashtable(), True), (PSObject(), True),
    (True, True), (False, False), (TimeSpan(0), True),
])
def test_truthy(value: object, expected: bool) -> None:
    assert truthy(value) is expected


@pytest.mark.parametrize("value, expected", [
    ("5", 5), ("1.5", 1.5), ("", 0), (None, 0), (True, 1), (False, 0), (" 42 ", 42), ("0x10", 16),
    ("1e3", 1000.0), ("-7", -7), ("1kb", 1024), (3, 3), (2.5, 2.5), ([7], 7),
])
def test_to_number(value: object, expected: object) -> None:
    result = to_number(value)
    assert result == expected and type(result) is type(expected)


def test_to_number_bad() -> None:
    with pytest.raises(PSRuntimeError) as info:
        to_number("abc")
    assert info.value.message == ('Cannot convert value "abc" to type "System.Int32". '
                                  'Error: "Input string was not in a correct format."')


@pytest.mark.parametrize("type_name, value, expected", [
    ("int", 2.5, 2), ("int", 3.5, 4), ("int", -2.5, -2), ("int", "42", 42), ("int", " 0x10 ", 16),
    ("System.Int32", "7", 7), ("Int32", True, 1), ("int", None, 0), ("int", "", 0), ("int", "2.5", 2),
    ("long", 2**40, 2**40), ("int64", "5", Long(5)), ("byte", 255, 255), ("double", "1.5", 1.5),
    ("double", 3, 3.0), ("float", 2, 2.0), ("decimal", "2.25", Decimal("2.25")), ("string", 5, "5"),
    ("string", None, ""), ("string", [1, 2], "1 2"), ("bool", "False", True), ("bool", "", False),
    ("bool", 0, False), ("bool", [], False), ("boolean", 2, True), ("char", 65, Char("A")), ("char", "x", Char("x")),
    # a date read from text has Kind Unspecified
    ("datetime", "2024-01-31", U(2024, 1, 31)), ("datetime", "2024-01-31 10:00", U(2024, 1, 31, 10)),
    ("datetime", "01/31/2024", U(2024, 1, 31)), ("DateTime", "2024-01-31T10:20:30", U(2024, 1, 31, 10, 20, 30)),
    ("System.DateTime", D, D), ("timespan", "00:01:30", TimeSpan.from_parts(minutes=1, seconds=30)),
    ("timespan", "1.02:03:04", TimeSpan.from_parts(days=1, hours=2, minutes=3, seconds=4)),
    ("timespan", 10_000_000, TimeSpan.from_parts(seconds=1)),
    ("int[]", ["1", 2.5], [1, 2]), ("string[]", [1, 2], ["1", "2"]), ("string[]", "a", ["a"]),
    ("object[]", 5, [5]), ("array", [1, 2], [1, 2]), ("void", 5, None), ("object", 5, 5),
])
def test_convert_to(type_name: str, value: object, expected: object) -> None:
    result = convert_to(type_name, value)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize("type_name, value, message", [
    ("int", "abc", 'Cannot convert value "abc" to type "System.Int32". Error: "Input string was not in a correct format."'),
    ("int", 3e9, 'Cannot convert value "3000000000" to type "System.Int32". Error: "Value was either too large or too small for an Int32."'),
    ("byte", 300, 'Cannot convert value "300" to type "System.Byte". Error: "Value was either too large or too small for a Byte."'),
    ("double", "x", 'Cannot convert value "x" to type "System.Double". Error: "Input string was not in a correct format."'),
    ("datetime", "nope", 'Cannot convert value "nope" to type "System.DateTime". Error: "String \'nope\' was not recognized as a valid DateTime."'),
    ("char", "ab", 'Cannot convert value "ab" to type "System.Char". Error: "String must be exactly one character long."'),
    ("Foo", 1, "Unable to find type [Foo]."),
    ("int", [1, 2], 'Cannot convert the "System.Object[]" value of type "System.Object[]" to type "System.Int32".'),
])
def test_convert_to_errors(type_name: str, value: object, message: str) -> None:
    with pytest.raises(PSRuntimeError) as info:
        convert_to(type_name, value)
    assert info.value.message == message


def test_convert_to_tables_and_objects() -> None:
    table = Hashtable({"b": 1, "a": 2})
    obj = convert_to("pscustomobject", table)
    assert isinstance(obj, PSObject) and obj.names() == ["b", "a"]
    ordered = convert_to("ordered", table)
    assert ordered.ordered and list(ordered) == ["b", "a"]
    assert convert_to("hashtable", table) is table
    rx = convert_to("regex", "a+")
    assert rx.IsMatch("caat") and str(rx) == "a+"
    assert str(convert_to("guid", "{12345678-1234-1234-1234-123456789ABC}")) == "12345678-1234-1234-1234-123456789abc"
    assert str(convert_to("version", "1.2.3")) == "1.2.3"
    al = convert_to("System.Collections.ArrayList", [1, 2])
    assert isinstance(al, ArrayList) and al == [1, 2]
    lst = convert_to("System.Collections.Generic.List[int]", ["1", "2"])
    assert lst == [1, 2] and lst.type_name == "System.Collections.Generic.List[System.Int32]"


@pytest.mark.parametrize("value, expected", [
    (5, "System.Int32"), (2**40, "System.Int64"), (1.5, "System.Double"), ("s", "System.String"),
    (True, "System.Boolean"), ([1], "System.Object[]"), (Hashtable(), "System.Collections.Hashtable"),
    (Hashtable(ordered=True), "System.Collections.Specialized.OrderedDictionary"), (D, "System.DateTime"),
    (TimeSpan(1), "System.TimeSpan"), (PSObject(), "System.Management.Automation.PSCustomObject"),
    (PSObject(type_names=["Deserialized.X", "Deserialized.System.Object"]), "Deserialized.X"),
    (ErrorRecord("x"), "System.Management.Automation.ErrorRecord"), (ArrayList(), "System.Collections.ArrayList"),
])
def test_type_name_of(value: object, expected: str) -> None:
    assert type_name_of(value) == expected


def test_type_names_of() -> None:
    assert type_names_of(5) == ["System.Int32", "System.ValueType", "System.Object"]
    assert type_names_of("x") == ["System.String", "System.Object"]
    assert type_names_of([]) == ["System.Object[]", "System.Array", "System.Object"]


@pytest.mark.parametrize("value, type_name, expected", [
    (5, "int", True), (5, "long", False), (5, "System.Int32", True), (5, "ValueType", True), (5, "object", True),
    (5.0, "double", True), ("a", "string", True), ("a", "int", False), ([1], "array", True),
    ([1], "object[]", True), (Hashtable(), "hashtable", True), (Hashtable(), "System.Collections.IDictionary", True),
    (PSObject(), "pscustomobject", True), (PSObject(), "psobject", True), (None, "object", False),
    (D, "datetime", True), (TimeSpan(0), "timespan", True), (ErrorRecord("x"), "System.Management.Automation.ErrorRecord", True),
    (True, "bool", True), (1, "bool", False),
])
def test_is_instance(value: object, type_name: str, expected: bool) -> None:
    assert is_instance(value, type_name) is expected


@pytest.mark.parametrize("value, expected", [
    ([1], True), ((1,), True), ({1}, True), (range(3), True), ((x for x in ()), True), ({}.keys(), True),
    ("abc", False), (b"x", False), ({}, False), (Hashtable(), False), (PSObject(), False), (5, False),
    (None, False), (TimeSpan(0), False),
])
def test_is_enumerable(value: object, expected: bool) -> None:
    assert is_enumerable(value) is expected


@pytest.mark.parametrize("value, spec, expected", [
    (1234.5, "N2", "1,234.50"), (1234.5, "N", "1,234.50"), (1234, "N0", "1,234"), (2.5, "N0", "3"),
    (3.5, "F0", "4"), (0.125, "F2", "0.13"), (1.005, "F2", "1.00"), (3.14159, "F2", "3.14"), (42, "D5", "00042"),
    (-42, "D5", "-00042"), (255, "X", "FF"), (255, "x4", "00ff"), (-1, "X", "FFFFFFFF"), (0.1234, "P", "12.34%"),
    (0.5, "P0", "50%"), (1234.5, "C", "$1,234.50"), (-1234.5, "C", "-$1,234.50"), (1234.5, "E", "1.234500E+003"),
    (1234.5, "e2", "1.23e+003"), (1234.5, "0.00", "1234.50"), (1234567.891, "#,##0", "1,234,568"),
    (5, "00", "05"), (3.14159, "#.##", "3.14"), (0.5, "0%", "50%"), (5551234567, "(###) ###-####", "(555) 123-4567"),
    (123.456, "0.0", "123.5"), (-5, "0;(0)", "(5)"), (0, "0;(0);zero", "zero"), (1234.5, "#,##0.00", "1,234.50"),
    (12345, "0.###E+0", "1.235E+4"), (1.5, "G", "1.5"), (1e20, "G", "1E+20"), (0.1 + 0.2, "R", "0.30000000000000004"),
    (1234567, "#,#", "1,234,567"), (1500000, "#,##0,,M", "2M"),
])
def test_format_number(value: object, spec: str, expected: str) -> None:
    assert format_value(value, spec) == expected


@pytest.mark.parametrize("spec, expected", [
    ("yyyy-MM-dd HH:mm:ss", "2024-01-31 14:05:09"), ("d", "1/31/2024"), ("D", "Wednesday, January 31, 2024"),
    ("t", "2:05 PM"), ("T", "2:05:09 PM"), ("g", "1/31/2024 2:05 PM"), ("G", "1/31/2024 2:05:09 PM"),
    ("s", "2024-01-31T14:05:09"), ("MMM", "Jan"), ("MMMM", "January"), ("dddd", "Wednesday"), ("ddd", "Wed"),
    ("tt", "PM"), ("fff", "123"), ("hh:mm tt", "02:05 PM"), ("M/d/yy", "1/31/24"), ("yyyyMMdd", "20240131"),
    ("HH\\hmm", "14h05"), ("'Day' d", "Day 31"), ("ss.FFF", "09.123"),
])
def test_format_datetime(spec: str, expected: str) -> None:
    assert format_value(D, spec) == expected


def test_format_datetime_round_trip_has_offset() -> None:
    text = format_value(D, "o")
    assert text.startswith("2024-01-31T14:05:09.1234560") and text[-6] in "+-" and text[-3] == ":"


@pytest.mark.parametrize("span, spec, expected", [
    (TimeSpan.from_parts(hours=1, minutes=2, seconds=3), "c", "01:02:03"),
    (TimeSpan.from_parts(hours=1, minutes=2, seconds=3), "g", "1:02:03"),
    (TimeSpan.from_parts(days=1, hours=1, minutes=2, seconds=3.5), "g", "1:1:02:03.5"),
    (TimeSpan.from_parts(hours=1, minutes=2, seconds=3), "G", "0:01:02:03.0000000"),
    (TimeSpan.from_parts(hours=1, minutes=2, seconds=3), "hh\\:mm\\:ss", "01:02:03"),
    (TimeSpan.from_parts(minutes=2, seconds=3.25), "mm\\:ss\\.ff", "02:03.25"),
    (TimeSpan.from_parts(days=3, hours=4), "d\\.hh", "3.04"),
])
def test_format_timespan(span: TimeSpan, spec: str, expected: str) -> None:
    assert format_value(span, spec) == expected


@pytest.mark.parametrize("fmt, args, expected", [
    ("{0} and {1}", [1, "b"], "1 and b"), ("{0,-5}|{0,5}|", ["ab"], "ab   |   ab|"), ("{0:N2}", 1234.567, "1,234.57"),
    ("{{0}} {0}", 5, "{0} 5"), ("{0}", None, ""), ("{0}", [[1, 2]], "System.Object[]"), ("{0}", 0.1 + 0.2, "0.3"),
    ("{0:yyyy}", [D], "2024"), ("{0}", [D], "1/31/2024 2:05:09 PM"), ("{0}{1}{0}", ["a", "b"], "aba"),
    ("{0:X2}", 10, "0A"), ("{ 0 }", 1, "1"), ("{0:0.0}%", 12.345, "12.3%"), ("{0}", True, "True"),
])
def test_format_operator(fmt: str, args: object, expected: str) -> None:
    assert format_operator(fmt, args) == expected


@pytest.mark.parametrize("fmt, args, message", [
    ("{1}", [1], "Error formatting a string: Index (zero based) must be greater than or equal to zero and less "
                 "than the size of the argument list.."),
    ("{0", [1], "Error formatting a string: Input string was not in a correct format.."),
    ("}", [1], "Error formatting a string: Input string was not in a correct format.."),
    ("{a}", [1], "Error formatting a string: Input string was not in a correct format.."),
    ("{0:D2}", [1.5], "Error formatting a string: Format specifier was invalid.."),
])
def test_format_operator_errors(fmt: str, args: object, message: str) -> None:
    with pytest.raises(PSRuntimeError) as info:
        format_operator(fmt, args)
    assert info.value.message == message


def test_timespan_properties_and_arithmetic() -> None:
    span = TimeSpan.from_parts(days=1, hours=2, minutes=3, seconds=4, milliseconds=500)
    assert (span.Days, span.Hours, span.Minutes, span.Seconds, span.Milliseconds) == (1, 2, 3, 4, 500)
    assert span.Ticks == 937845000000
    assert span.TotalHours == pytest.approx(26.0512500)
    assert to_string(span.TotalDays) == "1.08546875"
    assert span.Add(TimeSpan.from_parts(seconds=1)).Seconds == 5
    assert span.Negate().Days == -1 and span.Negate().Hours == -2
    assert TimeSpan(5) < TimeSpan(6) and TimeSpan(5) == TimeSpan(5)
    assert span.ToString("c") == "1.02:03:04.5000000"


def test_hashtable_case_insensitive() -> None:
    table = Hashtable()
    table["Name"] = 1
    table["NAME"] = 2
    assert list(table.items()) == [("Name", 2)]
    assert table["name"] == 2 and "nAmE" in table and table.get("NAME") == 2
    table[1] = "one"
    assert table.get("1") is None and table[1] == "one"
    assert table.pop("name") == 2 and "Name" not in table
    with pytest.raises(KeyError):
        table["missing"]
    table.setdefault("Zed", 3)
    assert table.setdefault("zed", 4) == 3
    copy = table.copy()
    assert isinstance(copy, Hashtable) and copy["ZED"] == 3
    del table["zED"]
    assert "zed" not in table and list(table) == [1]
    table.update({"a": 1, "A": 2})
    assert table["a"] == 2 and len(table) == 2


@pytest.mark.parametrize("type_name, value, expected_type, text", [
    ("char", "A", "System.Char", "A"), ("char", 97, "System.Char", "a"), ("char", None, "System.Char", "\0"),
    ("int", Char("A"), "System.Int32", "65"), ("long", 5, "System.Int64", "5"), ("int64", 2**40, "System.Int64",
                                                                                   "1099511627776"),
    ("decimal", "1.10", "System.Decimal", "1.10"), ("decimal", 0.1, "System.Decimal", "0.1"),
    ("decimal", None, "System.Decimal", "0"), ("decimal", "1e3", "System.Decimal", "1000"),
    ("int", Decimal("2.5"), "System.Int32", "2"), ("double", Decimal("1.25"), "System.Double", "1.25"),
    ("string", Decimal("1.50"), "System.String", "1.50"),
    ("datetime", None, "System.DateTime", "01/01/0001 00:00:00"), ("timespan", None, "System.TimeSpan", "00:00:00"),
    ("guid", None, "System.Guid", "00000000-0000-0000-0000-000000000000"),
])
def test_casts_to_char_long_decimal_and_null_to_value_types(type_name: str, value: object, expected_type: str,
                                                            text: str) -> None:
    # PowerShell: [char]'A', [int][char]'A' is 65, [decimal]'1.10' keeps its digits, [datetime]$null is MinValue
    result = convert_to(type_name, value)
    assert (type_name_of(result), to_string(result)) == (expected_type, text)


def test_char_array_cast_splits_a_string() -> None:
    assert convert_to("char[]", "ab") == ["a", "b"] and all(type(c) is Char for c in convert_to("char[]", "ab"))


def test_bad_casts_to_char_and_decimal() -> None:
    with pytest.raises(PSRuntimeError, match="String must be exactly one character long"):
        convert_to("char", "ab")
    with pytest.raises(PSRuntimeError, match='Cannot convert value "x" to type "System.Decimal"'):
        convert_to("decimal", "x")


def test_ref_cast_holds_a_value() -> None:
    ref = convert_to("ref", 5)
    assert type_name_of(ref) == "System.Management.Automation.PSReference" and ref.Value == 5
    ref.Value = 6
    assert ref.Value == 6 and convert_to("ref", ref) is ref


def test_stream_records_have_their_type_names() -> None:
    from shell.language.streams import DebugRecord, InformationRecord, VerboseRecord, WarningRecord
    assert [type_name_of(r) for r in (WarningRecord("w"), VerboseRecord("v"), DebugRecord("d"),
                                      InformationRecord("i"))] == [
        "System.Management.Automation.WarningRecord", "System.Management.Automation.VerboseRecord",
        "System.Management.Automation.DebugRecord", "System.Management.Automation.InformationRecord"]


def test_exception_types_are_known_and_instances_match_their_bases() -> None:
    ex = convert_to("System.IO.FileNotFoundException", "gone")
    assert type_names_of(ex)[:4] == ["System.IO.FileNotFoundException", "System.IO.IOException",
                                     "System.SystemException", "System.Exception"]
    assert is_instance(ex, "IO.IOException") and is_instance(ex, "System.Exception")
    assert not is_instance(ex, "System.ArgumentException")


def test_truth_and_numbers_of_decimals_and_chars() -> None:
    assert truthy(Decimal(0)) is False and truthy(Decimal("0.1")) is True
    assert to_number(Char("A")) == 65


def test_a_date_read_from_text_has_kind_unspecified() -> None:
    # PowerShell: ([datetime]'2024-02-28 13:45:30').ToString('o') has no offset; Kind is Unspecified
    value = convert_to("datetime", "2024-02-28 13:45:30")
    assert format_value(value, "o") == "2024-02-28T13:45:30.0000000"
    assert format_value(value + (value - value), "o") == "2024-02-28T13:45:30.0000000"   # arithmetic keeps the Kind
    assert type_name_of(value) == "System.DateTime" and to_string(value) == "02/28/2024 13:45:30"
    assert value == datetime(2024, 2, 28, 13, 45, 30)
    local = format_value(datetime(2024, 2, 28, 13, 45, 30), "o")   # a plain datetime is local: it has an offset
    assert local.startswith("2024-02-28T13:45:30.0000000") and len(local) == len("2024-02-28T13:45:30.0000000+00:00")
