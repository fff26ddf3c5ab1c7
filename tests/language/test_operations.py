"""operations: PowerShell's operators (expected values: PowerShell 7)."""

from __future__ import annotations

import math
from datetime import datetime

import pytest

from shell.language.conversions import TimeSpan, to_string, type_name_of
from shell.language.dotnet_primitives import Char, Long, to_decimal
from shell.language.dotnet_primitives import UnspecifiedDateTime as U
from shell.language.errors import PSRuntimeError
from shell.language.operations import (
    BINARY_OPS, UNARY_OPS, compare_values, equals, match, translate_regex,
)
from shell.language.psobject import PSObject
from shell.language.pscollections import Hashtable

D1 = datetime(2024, 1, 31, 10, 0, 0)
D2 = datetime(2024, 1, 1, 8, 30, 0)


def op(name: str, a: object, b: object) -> object:
    return BINARY_OPS[name](a, b)


@pytest.mark.parametrize("name, a, b, expected", [
    # arithmetic: the left operand decides
    ("+", 1, 2, 3), ("+", 1, "2", 3), ("+", "1", 2, "12"), ("+", 1.5, 1, 2.5), ("+", "a", None, "a"),
    ("+", None, 1, 1), ("+", "a", [1, 2], "a1 2"), ("+", [1, 2], 3, [1, 2, 3]), ("+", [1], [2, 3], [1, 2, 3]),
    ("+", [1], None, [1, None]), ("+", True, 1, 2), ("+", 1, "1.5", 2.5), ("+", 2**63 - 1, 1, 9.223372036854776e18),
    ("-", 10, 4, 6), ("-", "10", 4, 6), ("-", 1, 0.5, 0.5), ("*", 3, 4, 12), ("*", "ab", 3, "ababab"),
    ("*", "ab", 0, ""), ("*", [1, 2], 2, [1, 2, 1, 2]), ("*", 2, "3", 6), ("*", 1.5, 2, 3.0),
    ("/", 7, 2, 3.5), ("/", 6, 2, 3), ("/", -7, 2, -3.5), ("/", 1.0, 4, 0.25), ("/", "9", 3, 3),
    ("%", 7, 3, 1), ("%", -7, 3, -1), ("%", 7, -3, 1), ("%", 7.5, 2, 1.5),
    # comparison: right converted to the left's type
    ("-eq", 1, "1", True), ("-eq", "1", 1, True), ("-eq", "abc", "ABC", True), ("-ceq", "abc", "ABC", False),
    ("-ieq", "abc", "ABC", True), ("-eq", 1, 1.0, True), ("-eq", None, None, True), ("-eq", None, 0, False),
    ("-eq", 0, None, False), ("-eq", 0, "", True), ("-eq", "", None, False), ("-eq", True, "false", True),
    ("-eq", False, None, False), ("-eq", 1, "abc", False), ("-eq", "1.0", 1, False), ("-eq", 1, "1.0", True),
    ("-ne", 1, 2, True), ("-ne", "a", "A", False), ("-cne", "a", "A", True),
    ("-gt", 2, 1, True), ("-gt", "b", "A", True), ("-lt", "a", "B", True), ("-clt", "a", "A", True),
    ("-cgt", "B", "a", True), ("-ge", 1, 1, True), ("-le", 1, 2, True), ("-gt", 10, "9", True),
    ("-gt", "10", 9, False), ("-lt", None, 0, True), ("-gt", 1, None, True), ("-gt", D1, D2, True),
    ("-lt", TimeSpan(1), TimeSpan(2), True), ("-gt", 2.5, 2, True),
    # a list on the left filters
    ("-eq", [1, 2, 3, 2], 2, [2, 2]), ("-gt", [1, 2, 3], 1, [2, 3]), ("-ne", [1, None, 2], None, [1, 2]),
    ("-eq", [1, 2], 5, []), ("-like", ["ab", "cd", "ax"], "a*", ["ab", "ax"]), ("-eq", ["A", "b"], "a", ["A"]),
    # wildcards
    ("-like", "hello", "h*o", True), ("-like", "Hello", "h?llo", True), ("-clike", "Hello", "h*", False),
    ("-notlike", "abc", "a*", False), ("-like", "b", "[a-c]", True), ("-like", "d", "[a-c]", False),
    ("-like", "a*b", "a`*b", True), ("-like", "axb", "a`*b", False), ("-like", None, "*", True),
    ("-like", "file.txt", "*.TXT", True), ("-like", "a.b", "a.b", True), ("-like", "aXb", "a.b", False),
    # collections
    ("-contains", [1, 2, 3], 2, True), ("-contains", [1, 2, 3], "2", True), ("-contains", ["a"], "A", True),
    ("-ccontains", ["a"], "A", False), ("-notcontains", [1], 2, True), ("-contains", 5, 5, True),
    ("-in", 2, [1, 2], True), ("-notin", 3, [1, 2], True), ("-in", "B", ["a", "b"], True),
    # replace / split / join
    ("-replace", "hello world", ["(\\w+) (\\w+)", "$2 $1"], "world hello"), ("-replace", "aAa", ["a", "b"], "bbb"),
    ("-creplace", "aAa", ["a", "b"], "bAb"), ("-replace", "abc", "b", "ac"), ("-replace", "a.b", ["\\.", "$$"], "a$b"),
    ("-replace", "abc", ["(?<x>b)", "[${x}]"], "a[b]c"), ("-replace", "abc", ["b", "$0$0"], "abbc"),
    ("-replace", "abc", ["b", "$&!"], "ab!c"), ("-replace", "abc", ["b", "$5"], "a$5c"),
    ("-replace", ["ab", "cb"], ["b", "x"], ["ax", "cx"]), ("-replace", "a\\b", ["\\\\", "/"], "a/b"),
    ("-replace", "abc", ["b", "\\n"], "a\\nc"), ("-replace", None, ["x", "y"], ""),
    ("-split", "a,b,c", ",", ["a", "b", "c"]), ("-split", "a1b2c", "\\d", ["a", "b", "c"]),
    ("-split", "a,b,c", [",", 2], ["a", "b,c"]), ("-split", "aXbxc", "x", ["a", "b", "c"]),
    ("-csplit", "aXbxc", "x", ["aXb", "c"]), ("-split", ["a b", "c"], " ", ["a", "b", "c"]),
    ("-split", "a.b", [".", 0, "SimpleMatch"], ["a", "b"]), ("-split", "a-b", "(-)", ["a", "-", "b"]),
    ("-split", "a b c d", [" ", -3], ["a b", "c", "d"]), ("-split", "a b c d", [" ", -1], ["a b c d"]),
    ("-split", "a1:b1:c1:d", "1(:)", ["a", ":", "b", ":", "c", ":", "d"]),
    ("-split", "a:b", ["(:)", 0, "ExplicitCapture"], ["a", "b"]),
    ("-split", "a: b:c", [": ", 0, "IgnorePatternWhitespace"], ["a", " b", "c"]),
    ("-csplit", "abcBd", ["B", 0, "IgnoreCase"], ["a", "c", "d"]), ("-split", "abcBd", "B", ["a", "c", "d"]),
    ("-join", [1, 2, 3], ",", "1,2,3"), ("-join", "a", ",", "a"), ("-join", [1, None, 2], "-", "1--2"),
    # types
    ("-is", 5, "int", True), ("-is", "5", "int", False), ("-isnot", "5", "int", True), ("-is", [1], "array", True),
    ("-as", "42", "int", 42), ("-as", "abc", "int", None), ("-as", "2024-01-31", "datetime", U(2024, 1, 31)),
    # bitwise and logical
    ("-band", 12, 10, 8), ("-bor", 12, 10, 14), ("-bxor", 12, 10, 6), ("-shl", 1, 4, 16), ("-shr", 16, 2, 4),
    ("-shl", 1, 31, -2147483648), ("-shr", -16, 2, -4), ("-xor", True, False, True), ("-xor", 1, "x", False),
    # ranges and format
    ("..", 1, 5, [1, 2, 3, 4, 5]), ("..", 3, 1, [3, 2, 1]), ("..", "a", "e", ["a", "b", "c", "d", "e"]),
    ("..", 1.5, 3, [2, 3]), ("..", -1, 1, [-1, 0, 1]), ("..", "1", "3", [1, 2, 3]),
    ("-f", "{0}-{1}", [1, 2], "1-2"), ("-f", "{0:N1}", 2.25, "2.3"),
])
def test_binary(name: str, a: object, b: object, expected: object) -> None:
    result = op(name, a, b)
    assert result == expected
    assert type(result) is type(expected)


def test_arithmetic_with_dates_and_spans() -> None:
    span = op("-", D1, D2)
    assert isinstance(span, TimeSpan) and span.Days == 30 and span.Hours == 1 and span.Minutes == 30
    assert op("+", D2, span) == D1
    assert op("-", D1, span) == D2
    assert op("+", TimeSpan(5), TimeSpan(6)) == TimeSpan(11)
    assert op("-", TimeSpan(5), TimeSpan(6)) == TimeSpan(-1)
    assert op("*", TimeSpan(5), 2) == TimeSpan(10)
    assert op("/", TimeSpan(10), 2) == TimeSpan(5)
    assert op("/", TimeSpan(10), TimeSpan(5)) == 2.0


def test_hashtable_addition() -> None:
    merged = op("+", Hashtable({"a": 1}), Hashtable({"b": 2}))
    assert isinstance(merged, Hashtable) and dict(merged) == {"a": 1, "b": 2}
    with pytest.raises(PSRuntimeError) as info:
        op("+", Hashtable({"a": 1}), Hashtable({"A": 2}))
    assert info.value.message == "Item has already been added. Key in dictionary: 'a'  Key being added: 'A'"
    with pytest.raises(PSRuntimeError) as info:
        op("+", Hashtable(), 1)
    assert info.value.message == "A hash table can only be added to another hash table."


def test_float_division_by_zero_is_infinite() -> None:
    assert op("/", 1.0, 0) == math.inf
    assert op("/", -1, 0.0) == -math.inf
    assert math.isnan(op("/", 0.0, 0))


@pytest.mark.parametrize("name, a, b, message", [
    ("/", 1, 0, "Attempted to divide by zero."), ("%", 1, 0, "Attempted to divide by zero."),
    ("+", 1, "abc", 'Cannot convert value "abc" to type "System.Int32". Error: "Input string was not in a correct format."'),
    ("-", "abc", 1, 'Cannot convert value "abc" to type "System.Int32". Error: "Input string was not in a correct format."'),
    ("-", [1], 1, "Method invocation failed because [System.Object[]] does not contain a method named 'op_Subtraction'."),
    ("*", Hashtable(), 2, "Method invocation failed because [System.Collections.Hashtable] does not contain a method named 'op_Multiply'."),
    ("+", PSObject(), 1, "Method invocation failed because [System.Management.Automation.PSCustomObject] does not contain a method named 'op_Addition'."),
    ("-replace", "a", ["a", "b", "c"], "The -replace operator allows only two elements to follow it, not 3."),
    ("-match", "a", "(", "The regular expression pattern ( is not valid."),
    ("-as", 1, "Foo", "Unable to find type [Foo]."),
])
def test_binary_errors(name: str, a: object, b: object, message: str) -> None:
    with pytest.raises(PSRuntimeError) as info:
        if name == "-match":
            match(a, b)
        else:
            op(name, a, b)
    assert info.value.message == message


def test_every_comparison_has_its_variants() -> None:
    for base in ("eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "contains", "notcontains", "in",
                 "notin", "replace", "split"):
        for prefix in ("-", "-i", "-c"):
            assert prefix + base in BINARY_OPS
    assert "-and" not in BINARY_OPS and "-match" not in BINARY_OPS


def test_match_scalar_sets_matches() -> None:
    ok, table = match("John Smith", r"(?<first>\w+) (?<last>\w+)")
    assert ok is True
    assert table is not None and list(table.items()) == [("first", "John"), ("last", "Smith"), (0, "John Smith")]
    ok, table = match("abc", "(a)(b)")
    assert table is not None and list(table.items()) == [(2, "b"), (1, "a"), (0, "ab")]
    assert match("abc", "B") == (True, match("abc", "B")[1])
    assert match("abc", "B", case_sensitive=True) == (False, None)
    ok, table = match("abc", "b", negate=True)
    assert ok is False and table is not None and table[0] == "b"
    assert match("abc", "x", negate=True) == (True, None)
    assert match(None, "^$")[0] is True
    assert match(42, r"^\d+$")[0] is True


def test_match_list_filters() -> None:
    assert match(["apple", "banana", "cherry"], "an") == (["banana"], None)
    assert match(["apple", "banana"], "an", negate=True) == (["apple"], None)


def test_replace_with_script_block_like_callable() -> None:
    from shell.language.operations import replace

    class Block:
        """Stands in for a ScriptBlock: upper-cases the match ($_ is a Match)."""

        def invoke(self, *args: object, dollar_under: object = None) -> list[object]:
            return [dollar_under.Value.upper()]  # type: ignore[attr-defined]

    import shell.language.operations as ops
    from shell.language.scriptblock import ScriptBlock
    block = ScriptBlock.__new__(ScriptBlock)
    original = ScriptBlock.invoke
    try:
        ScriptBlock.invoke = Block.invoke  # type: ignore[method-assign]
        assert replace("abc", ["[ac]", block]) == "AbC"
    finally:
        ScriptBlock.invoke = original  # type: ignore[method-assign]
    assert ops.RegexMatch is not None


@pytest.mark.parametrize("pattern, text, expected", [
    (r"(?<year>\d{4})-(?<mon>\d\d)", "on 2024-01-31", "2024-01"), (r"a\z", "ba", "a"), (r"(?i)ABC", "xabc", "abc"),
    (r"x(?i)b", "xB", "xB"), (r"(?<w>a)\k<w>", "caa", "aa"), (r"\p{L}+", "éa1", "éa"), (r"[\p{N}]+", "a12", "12"),
    (r"(?'n'q)", "q", "q"), (r"(?<=a)b", "ab", "b"), (r"(?<!a)b", "cb", "b"), (r"[]a]+", "]a]", "]a]"),
])
def test_translate_regex(pattern: str, text: str, expected: str) -> None:
    import re
    m = re.search(translate_regex(pattern), text)
    assert m is not None and m.group(0) == expected


@pytest.mark.parametrize("name, value, expected", [
    ("-not", 0, True), ("-not", "", True), ("-not", "False", False), ("!", None, True), ("!", [0], True),
    ("-", 5, -5), ("-", "5", -5), ("-", None, 0), ("-", 1.5, -1.5), ("+", "5", 5), ("+", 3, 3),
    ("-bnot", 0, -1), ("-bnot", 5, -6), ("-split", " a  b c ", ["a", "b", "c"]), ("-join", [1, 2, 3], "123"),
    (",", 5, [5]), (",", [1], [[1]]),
])
def test_unary(name: str, value: object, expected: object) -> None:
    result = UNARY_OPS[name](value)
    assert result == expected and type(result) is type(expected)


def test_unary_negate_timespan() -> None:
    assert UNARY_OPS["-"](TimeSpan(5)) == TimeSpan(-5)


@pytest.mark.parametrize("a, b, expected", [
    (1, 2, -1), (2, 1, 1), (1, 1, 0), (1, 1.5, -1), ("a", "B", -1), ("B", "a", 1), ("abc", "ABC", 0),
    (None, 1, -1), (1, None, 1), (None, None, 0), ("10", "9", -1), (10, "9", 1), (D2, D1, -1),
    (TimeSpan(3), TimeSpan(2), 1), (False, True, -1), ("", None, 1), (5, "abc", -1),
])
def test_compare_values(a: object, b: object, expected: int) -> None:
    assert compare_values(a, b) == expected


def test_compare_values_case_sensitive_puts_lower_first() -> None:
    assert compare_values("a", "A", True) == -1
    assert compare_values("A", "a", True) == 1
    assert compare_values("a", "A") == 0
    assert sorted(["b", "B", "a", "A"], key=__import__("functools").cmp_to_key(
        lambda x, y: compare_values(x, y, True))) == ["a", "A", "b", "B"]


@pytest.mark.parametrize("a, b, case_sensitive, expected", [
    ("a", "A", False, True), ("a", "A", True, False), (1, "1", False, True), ("1", 1, False, True),
    (None, None, False, True), (D1, "2024-01-31 10:00", False, True), (TimeSpan(10_000_000), "00:00:01", False, True),
])
def test_equals(a: object, b: object, case_sensitive: bool, expected: bool) -> None:
    assert equals(a, b, case_sensitive) is expected


def test_objects_compare_by_identity() -> None:
    a, b = Hashtable(), Hashtable()
    assert op("-eq", a, b) is False and op("-eq", a, a) is True
    p = PSObject({"x": 1})
    assert op("-eq", p, PSObject({"x": 1})) is False and op("-eq", p, p) is True


def test_large_range_is_a_list() -> None:
    result = op("..", 1, 100000)
    assert isinstance(result, list) and len(result) == 100000 and result[-1] == 100000


# -- no Python exception escapes: any operator on any values gives a value or a PSRuntimeError --------------

from hypothesis import given, settings, strategies as st  # noqa: E402

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70), st.floats(allow_nan=True),
    st.text(max_size=8), st.sampled_from(["", "0", "1.5", "0x1F", "abc", "2024-01-31", "00:01:00", "*", "[", "(",
                                          "$1", "{0}", "{1", "a,b", "\\"]),
    st.builds(datetime, st.integers(1, 9999), st.integers(1, 12), st.integers(1, 28)),
    st.builds(TimeSpan, st.integers(-2**62, 2**62)),
    st.just(PSObject({"a": 1})),
    st.builds(Char, st.characters()), st.builds(Long, st.integers(-2**31, 2**31 - 1)),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**20, max_value=10**20).map(to_decimal),
)
_values = st.one_of(_scalars, st.lists(_scalars, max_size=3),
                    st.dictionaries(st.text(max_size=3), _scalars, max_size=2).map(Hashtable))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(BINARY_OPS)), _values, _values)
def test_binary_ops_never_leak_python_errors(name: str, a: object, b: object) -> None:
    if name in ("*", "..") and isinstance(b, int) and not isinstance(b, bool) and abs(b) > 10**6:
        b = 3
    try:
        BINARY_OPS[name](a, b)
    except PSRuntimeError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(UNARY_OPS)), _values)
def test_unary_ops_never_leak_python_errors(name: str, value: object) -> None:
    try:
        UNARY_OPS[name](value)
    except PSRuntimeError:
        pass


@settings(max_examples=200, deadline=None)
@given(_values, st.text(max_size=6), st.booleans(), st.booleans())
def test_match_never_leaks_python_errors(left: object, pattern: str, cs: bool, negate: bool) -> None:
    try:
        match(left, pattern, cs, negate)
    except PSRuntimeError:
        pass


@settings(max_examples=200, deadline=None)
@given(_values, _values)
def test_compare_values_is_total(a: object, b: object) -> None:
    assert compare_values(a, b) in (-1, 0, 1)
    assert isinstance(equals(a, b), bool)


@pytest.mark.parametrize("name, a, b, type_name, text", [
    # Int32 arithmetic past Int32, and Int64 past Int64, widen to Double (PowerShell 7)
    ("+", 2147483647, 1, "System.Double", "2147483648"), ("*", 2147483647, 2, "System.Double", "4294967294"),
    ("-", -2147483648, 1, "System.Double", "-2147483649"),
    ("+", 9223372036854775807, 1, "System.Double", "9.22337203685478E+18"),
    ("+", 3000000000, 1, "System.Int64", "3000000001"), ("/", 2**40, 2, "System.Int64", "549755813888"),
    # an Int64 of a small value stays an Int64
    ("+", Long(1), 1, "System.Int64", "2"), ("*", 2, Long(3), "System.Int64", "6"), ("%", Long(7), 2, "System.Int64", "1"),
    ("/", Long(6), 2, "System.Int64", "3"),
    # decimals keep their digits; beside a double they are doubles
    ("/", to_decimal(10), 3, "System.Decimal", "3.3333333333333333333333333333"),
    ("/", to_decimal(2), 3, "System.Decimal", "0.6666666666666666666666666667"),
    ("+", to_decimal("1.10"), 1, "System.Decimal", "2.10"), ("*", 3, to_decimal("0.5"), "System.Decimal", "1.5"),
    ("+", to_decimal("1.5"), 0.25, "System.Double", "1.75"), ("-", "5", to_decimal(1), "System.Decimal", "4"),
    ("%", to_decimal("5.5"), 2, "System.Decimal", "1.5"), ("/", to_decimal("10.0"), 4, "System.Decimal", "2.5"),
    # a char is its code point, except beside text
    ("+", Char("A"), 1, "System.Int32", "66"), ("+", Char("A"), "b", "System.String", "Ab"),
    ("+", "x", Char("y"), "System.String", "xy"), ("+", Char("a"), Char("b"), "System.Int32", "195"),
])
def test_numeric_result_types(name: str, a: object, b: object, type_name: str, text: str) -> None:
    result = op(name, a, b)
    assert (type_name_of(result), to_string(result)) == (type_name, text)


def test_division_by_zero_is_a_wrapped_divide_by_zero_exception() -> None:
    for a, b in ((1, 0), (Long(1), 0), (to_decimal(1), 0), (5, to_decimal(0))):
        with pytest.raises(PSRuntimeError) as info:
            op("/", a, b)
        record = info.value.record
        assert (record.message, record.exception_type) == ("Attempted to divide by zero.",
                                                           "System.Management.Automation.RuntimeException")
        assert record.inner.record.exception_type == "System.DivideByZeroException"


def test_decimal_overflow_is_an_overflow_exception() -> None:
    with pytest.raises(PSRuntimeError) as info:
        op("*", to_decimal(2**95), 4)
    assert info.value.record.message == "Value was either too large or too small for a Decimal."


@pytest.mark.parametrize("a, b, expected", [
    (to_decimal(10), 9, 1), (2, to_decimal(2), 0), (0.1, to_decimal("0.1"), 0), (to_decimal("0.1"), 0.1, 0),
    (Long(5), 3, 1), (3, Long(5), -1), (to_decimal(1), "2", -1),
])
def test_compare_mixed_numbers(a: object, b: object, expected: int) -> None:
    assert compare_values(a, b) == expected
    assert equals(a, b) is (expected == 0)


def test_char_equals_its_code_point_and_its_letter() -> None:
    assert equals(Char("A"), 65) and equals(Char("A"), "a") and not equals(Char("A"), 66)
