"""The methods of strings, numbers, booleans and StringBuilders: ``$s.Split(',')``, ``(5).ToString('D3')``.

Each table maps a lower-case method name to (canonical name, function of the value
and the arguments), as ``member_methods`` dispatches them.  Overloads are told apart
by the arguments' count and types, as .NET would pick them.
"""

from __future__ import annotations

import re
from typing import Any

from shell.language.conversions import format_value, to_string, type_name_of
from shell.language.dotnet_primitives import Char
from shell.language.member_calls import (
    MethodError, compare_to, dotnet_equals, ignore_case, int_arg, method_table,
)
from shell.language.operations import compare_values
from shell.language.pscollections import StringBuilder

__all__ = ["STRING_METHODS", "NUMBER_METHODS", "BOOL_METHODS", "STRINGBUILDER_METHODS", "composite_format"]


# -- strings --------------------------------------------------------------------------------------

def _chars(args: tuple[Any, ...]) -> str:
    out: list[str] = []
    for arg in args:
        if isinstance(arg, (list, tuple)):
            out.extend(to_string(a) for a in arg)
        else:
            out.append(to_string(arg))
    return "".join(out)


def _str_split(s: str, *args: Any) -> list[str]:
    separators: list[str] = []
    count = -1
    remove_empty = False
    trim = False
    rest = list(args)
    if rest and not isinstance(rest[0], (int, float)) or rest and isinstance(rest[0], bool):
        first = rest.pop(0)
        if isinstance(first, (list, tuple)):
            separators = [to_string(x) for x in first]
        elif first is not None:
            separators = [to_string(first)]
        # Split('a', 'b', 'c'): several char arguments are a char[] (params).
        while rest and isinstance(rest[0], str) and len(rest[0]) == 1 and rest[0] not in ("",) \
                and rest[0].lower() not in ("none",):
            separators.append(rest.pop(0))
    for arg in rest:
        if isinstance(arg, (int, float)) and not isinstance(arg, bool) and count < 0:
            count = int(arg)
        else:
            opt = to_string(arg).lower()
            remove_empty = remove_empty or "removeemptyentries" in opt or opt in ("1", "3")
            trim = trim or "trimentries" in opt or opt in ("2", "3")
    separators = [x for x in separators if x != ""]
    if not separators:
        pattern = r"\s"
    else:
        pattern = "|".join(re.escape(x) for x in sorted(separators, key=len, reverse=True))
    if count == 0:
        return []
    parts = re.split(pattern, s, maxsplit=count - 1 if count > 0 else 0)
    if trim:
        parts = [p.strip() for p in parts]
    if remove_empty:
        parts = [p for p in parts if p]
    return parts


def _substring(s: str, start: Any, length: Any = None) -> str:
    i = int_arg(start)
    if i < 0 or i > len(s):
        raise MethodError("startIndex cannot be larger than length of string. (Parameter 'startIndex')"
                          if i > len(s) else "StartIndex cannot be less than zero. (Parameter 'startIndex')")
    if length is None:
        return s[i:]
    n = int_arg(length)
    if n < 0 or i + n > len(s):
        raise MethodError("Index and length must refer to a location within the string. (Parameter 'length')")
    return s[i:i + n]


def _index_of(s: str, value: Any, *args: Any) -> int:
    needle = to_string(value)
    start, ignore = 0, False
    end: int | None = None
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool):
            if start == 0 and end is None and arg is args[0]:
                start = arg
            else:
                end = start + arg
        else:
            ignore = ignore_case(arg)
    if start > len(s):
        raise MethodError("Index was out of range. Must be non-negative and less than or equal to the size "
                          "of the collection. (Parameter 'startIndex')")
    if ignore:
        return s.lower().find(needle.lower(), start, end)
    return s.find(needle, start, end)


def _last_index_of(s: str, value: Any, *args: Any) -> int:
    needle = to_string(value)
    ignore = any(not isinstance(a, int) or isinstance(a, bool) for a in args) and ignore_case(args[-1])
    stop = len(s)
    if args and isinstance(args[0], int) and not isinstance(args[0], bool):
        stop = args[0] + 1
    if ignore:
        return s.lower().rfind(needle.lower(), 0, stop)
    return s.rfind(needle, 0, stop)


def _starts_with(s: str, value: Any, *args: Any) -> bool:
    needle = to_string(value)
    if args and ignore_case(args[0]):
        return s.lower().startswith(needle.lower())
    return s.startswith(needle)


def _ends_with(s: str, value: Any, *args: Any) -> bool:
    needle = to_string(value)
    if args and ignore_case(args[0]):
        return s.lower().endswith(needle.lower())
    return s.endswith(needle)


def _contains_str(s: str, value: Any, *args: Any) -> bool:
    needle = to_string(value)
    if args and ignore_case(args[0]):
        return needle.lower() in s.lower()
    return needle in s


def _str_replace(s: str, old: Any, new: Any, *args: Any) -> str:
    old_s = to_string(old)
    if old_s == "":
        raise MethodError("String cannot be of zero length. (Parameter 'oldValue')")
    new_s = to_string(new)
    if args and ignore_case(args[0]):
            return re.sub(re.escape(old_s), new_s.replace("\\", "\\\\"), s, flags=re.IGNORECASE)
    return s.replace(old_s, new_s)


def _pad(s: str, width: Any, char: Any = " ", left: bool = True) -> str:
    n = int_arg(width)
    if n < 0:
        raise MethodError("Non-negative number required. (Parameter 'totalWidth')")
    fill = to_string(char)[:1] or " "
    return s.rjust(n, fill) if left else s.ljust(n, fill)


def _insert(s: str, index: Any, value: Any) -> str:
    i = int_arg(index)
    if i < 0 or i > len(s):
        raise MethodError("Specified argument was out of the range of valid values. (Parameter 'startIndex')")
    return s[:i] + to_string(value) + s[i:]


def _remove(s: str, start: Any, count: Any = None) -> str:
    i = int_arg(start)
    if i < 0 or i > len(s) or count is None and i >= len(s) and s:
        raise MethodError("startIndex must be less than length of string. (Parameter 'startIndex')")
    if count is None:
        return s[:i]
    n = int_arg(count)
    if n < 0 or i + n > len(s):
        raise MethodError("Index and count must refer to a location within the string. (Parameter 'count')")
    return s[:i] + s[i + n:]


def _normalize_str(s: str, form: Any = "FormC") -> str:
    import unicodedata
    name = to_string(form).upper().replace("FORM", "NF").replace("NFC", "NFC")
    return unicodedata.normalize(name if name in ("NFC", "NFD", "NFKC", "NFKD") else "NFC", s)


def _str_equals(s: str, other: Any, *args: Any) -> bool:
    if not isinstance(other, str):
        return False
    if args and ignore_case(args[0]):
        return s.lower() == other.lower()
    return s == other


def _to_char_array(s: str, *args: Any) -> list[Char]:
    if args:
        start, length = int_arg(args[0]), int_arg(args[1]) if len(args) > 1 else len(s) - int_arg(args[0])
        if start < 0 or length < 0 or start + length > len(s):
            raise MethodError("Index and length must refer to a location within the string. (Parameter 'length')")
        s = s[start:start + length]
    return [Char(c) for c in s]


STRING_METHODS = method_table({
    "ToUpper": lambda s, *a: s.upper(), "ToLower": lambda s, *a: s.lower(),
    "ToUpperInvariant": lambda s: s.upper(), "ToLowerInvariant": lambda s: s.lower(),
    "Trim": lambda s, *c: s.strip(_chars(c)) if c else s.strip(),
    "TrimStart": lambda s, *c: s.lstrip(_chars(c)) if c else s.lstrip(),
    "TrimEnd": lambda s, *c: s.rstrip(_chars(c)) if c else s.rstrip(),
    "Split": _str_split, "Replace": _str_replace, "Contains": _contains_str,
    "StartsWith": _starts_with, "EndsWith": _ends_with, "Substring": _substring,
    "IndexOf": _index_of, "LastIndexOf": _last_index_of,
    "IndexOfAny": lambda s, chars, *a: min((i for i, c in enumerate(s) if c in _chars((chars,))), default=-1),
    "LastIndexOfAny": lambda s, chars, *a: max((i for i, c in enumerate(s) if c in _chars((chars,))),
                                               default=-1),
    "PadLeft": lambda s, w, c=" ": _pad(s, w, c, True), "PadRight": lambda s, w, c=" ": _pad(s, w, c, False),
    "Insert": _insert, "Remove": _remove, "ToCharArray": _to_char_array,
    "CompareTo": lambda s, other: compare_values(s, other, True),
    "Equals": _str_equals, "Normalize": _normalize_str,
    "IsNormalized": lambda s, *a: _normalize_str(s) == s, "Clone": lambda s: s,
    "GetHashCode": lambda s: hash(s) & 0x7FFFFFFF, "Chars": lambda s, i: Char(s[int_arg(i)]),
    "ToString": lambda s, *a: str(s), "GetEnumerator": lambda s: [Char(c) for c in s],
})


# -- numbers and booleans ---------------------------------------------------------------------

def _number_to_string(x: Any, fmt: Any = None, provider: Any = None) -> str:
    if fmt is None or fmt == "" or not isinstance(fmt, str):
        return to_string(x)
    return format_value(x, fmt)


NUMBER_METHODS = method_table({
    "ToString": _number_to_string, "CompareTo": compare_to,
    "Equals": lambda a, b: dotnet_equals(a, b), "GetHashCode": lambda a: hash(a) & 0x7FFFFFFF,
    "GetTypeCode": lambda a: type_name_of(a).rsplit(".", 1)[-1],
})

BOOL_METHODS = method_table({
    "ToString": lambda b, *a: "True" if b else "False", "CompareTo": compare_to,
    "Equals": lambda a, b: dotnet_equals(a, b), "GetHashCode": lambda a: int(a),
})



# -- StringBuilder --------------------------------------------------------------------------------

def _sb_append(sb: StringBuilder, *args: Any) -> StringBuilder:
    if len(args) == 2 and isinstance(args[1], int):
        sb.parts.append(to_string(args[0]) * args[1])
    else:
        sb.parts.append("".join(to_string(a) for a in args))
    return sb


def _sb_set(sb: StringBuilder, text: str) -> StringBuilder:
    sb.parts = [text] if text else []
    return sb


STRINGBUILDER_METHODS = method_table({
    "Append": _sb_append,
    "AppendLine": lambda sb, *a: _sb_append(sb, *(list(a) + ["\n"])),
    "AppendFormat": lambda sb, fmt, *a: _sb_append(sb, composite_format(fmt, a)),
    "Insert": lambda sb, i, v: _sb_set(sb, _insert(sb.text, i, v)),
    "Replace": lambda sb, old, new: _sb_set(sb, sb.text.replace(to_string(old), to_string(new))),
    "Remove": lambda sb, i, n: _sb_set(sb, _remove(sb.text, i, n)),
    "Clear": lambda sb: _sb_set(sb, ""),
    "ToString": lambda sb, *a: sb.text if not a else _substring(sb.text, *a),
})


def composite_format(fmt: Any, args: Any) -> str:
    """``[string]::Format``/``AppendFormat``: ``fmt`` with ``args`` (one list argument is the list)."""
    from shell.language.dotnet_format import format_operator
    values = list(args)
    if len(values) == 1 and isinstance(values[0], (list, tuple)):
        values = list(values[0])
    return format_operator(fmt, values)
