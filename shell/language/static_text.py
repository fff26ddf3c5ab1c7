r"""Static members of the text types: ``[string]``, ``[char]``, ``[regex]``, ``[convert]``, ``[text.encoding]``.

``[string]::Join(',', $a)``, ``[char]::IsDigit('5')``, ``[regex]::Matches($s, '\d+')``,
``[convert]::ToBase64String($bytes)``, ``[System.Text.Encoding]::UTF8.GetBytes($s)``.
Declared in the ``members_static`` registry by ``register()``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Callable

from shell.language.conversions import INT32_MAX, INT32_MIN, convert_to, is_enumerable, to_string, truthy
from shell.language.member_calls import Method, MethodError, ignore_case, int_arg, items_of, unwrap
from shell.language.members_static import define
from shell.language.operations import compare_values
from shell.language.psobject import PSLive
from shell.language.regex import expand_replacement
from shell.language.regex_objects import Regex, RegexMatch
from shell.language.scriptblock import ScriptBlock
from shell.language.static_math import bool_parse

__all__ = ["register", "bytes_of", "Encoding"]


# -- [string] and [char] --------------------------------------------------------------------------

def _join(sep: Any, *values: Any) -> str:
    items: list[Any] = []
    if len(values) == 1 and (isinstance(values[0], (list, tuple)) or is_enumerable(values[0])):
        items = list(values[0])
    else:
        items = list(values)
    return to_string(sep).join(to_string(v) for v in items)


def _concat(*values: Any) -> str:
    if len(values) == 1 and isinstance(values[0], (list, tuple)):
        values = tuple(values[0])
    return "".join(to_string(v) for v in values)


def _string_compare(a: Any, b: Any, *args: Any) -> int:
    ignore = bool(args) and ignore_case(args[0])
    if a is None or b is None:
        return 0 if a is b else (-1 if a is None else 1)
    return compare_values(to_string(a), to_string(b), not ignore)


def _string_new(value: Any, count: Any = None) -> str:
    if count is not None:
        return to_string(value)[:1] * int_arg(count)
    if isinstance(value, (list, tuple)):
        return "".join(to_string(c) for c in value)
    return to_string(value)


def _char_test(test: Callable[[str], bool]) -> Method:
    def method(value: Any, index: Any = None) -> bool:
        s = to_string(value)
        if index is not None:
            s = s[int_arg(index)]
        elif len(s) != 1:
            s = s[:1]
        return bool(s) and test(s)
    return method


def _format(fmt: Any, args: Any) -> str:
    from shell.language.members_string import composite_format
    return composite_format(fmt, args)


def _sign_of(a: Any, b: Any) -> int:
    return -1 if a < b else (1 if a > b else 0)


# -- [regex] -------------------------------------------------------------------------------------

def _regex_options(options: Any) -> str:
    if isinstance(options, (list, tuple)):
        return ",".join(to_string(o) for o in options)
    return to_string(options) if options is not None else ""


def _regex(pattern: Any, options: Any = None) -> Any:
    return Regex(to_string(pattern), _regex_options(options) or None)


def _regex_escape(text: Any) -> str:
    out = []
    for c in to_string(text):
        if c in "\\*+?|{[()^$.#":
            out.append("\\" + c)
        elif c == " ":
            out.append("\\ ")
        elif c in "\t\n\r\f\v":
            out.append({"\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f", "\v": "\\v"}[c])
        else:
            out.append(c)
    return "".join(out)


def _regex_unescape(text: Any) -> str:
    codes = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "e": "\x1b"}
    return re.sub(r"\\(.)", lambda m: codes.get(m.group(1), m.group(1)), to_string(text))


def _regex_replace(text: Any, pattern: Any, replacement: Any, options: Any = None) -> str:
    rx = _regex(pattern, options).rx
    if isinstance(replacement, ScriptBlock):
        block = replacement

        def evaluate(m: Any) -> str:
            match = RegexMatch(m)
            return to_string(unwrap(block.invoke(match, dollar_under=match)))
        return rx.sub(evaluate, to_string(text))
    return rx.sub(expand_replacement(to_string(replacement), rx), to_string(text))


# -- [convert] -----------------------------------------------------------------------------------

def _to_base(value: Any, base: Any = None) -> Any:
    if base is None:
        return convert_to("int32", value)
    b = int_arg(base)
    s = to_string(value).strip()
    try:
        number = int(s[2:] if b == 16 and s.lower().startswith("0x") else s, b)
    except ValueError:
        raise MethodError("Could not find any recognizable digits.") from None
    if number > INT32_MAX and number < 2**32:
        number -= 2**32
    return number


def _convert_to_string(value: Any, base: Any = None) -> str:
    if base is None or not isinstance(value, int):
        return to_string(value)
    b, n = int_arg(base), value
    if n < 0:
        n += 2**32 if n >= INT32_MIN else 2**64
    if b == 2:
        return format(n, "b")
    if b == 8:
        return format(n, "o")
    if b == 16:
        return format(n, "x")
    if b == 10:
        return str(value)
    raise MethodError("Invalid Base. (Parameter 'toBase')")


def bytes_of(value: Any) -> bytes:
    """A byte array argument (a list of numbers, bytes, or a string as UTF-8) as bytes."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(int_arg(v) & 0xFF for v in items_of(value))


def _base64() -> Any:
    import base64
    return base64


def _to_bool_convert(value: Any) -> bool:
    if isinstance(value, str):
        return bool_parse(value)
    return truthy(value)


# -- [System.Text.Encoding] -----------------------------------------------------------------------

class Encoding(PSLive):
    """``[System.Text.Encoding]::UTF8`` and friends: GetBytes/GetString."""

    ps_type_names = ("System.Text.Encoding", "System.Object")
    ps_properties = ("BodyName", "EncodingName", "WebName", "CodePage")

    _NAMES = {"utf-8": ("Unicode (UTF-8)", 65001), "us-ascii": ("US-ASCII", 20127),
              "utf-16": ("Unicode", 1200), "utf-32": ("Unicode (UTF-32)", 12000),
              "iso-8859-1": ("Western European (ISO)", 28591), "utf-16be": ("Unicode (Big-Endian)", 1201)}

    def __init__(self, name: str) -> None:
        import codecs
        try:
            codecs.lookup(name)
        except LookupError:
            raise MethodError(f"'{name}' is not a supported encoding name.") from None
        self.WebName = name.lower()
        self.BodyName = self.WebName
        self.EncodingName, self.CodePage = self._NAMES.get(self.WebName, (name, 0))
        self._codec = "utf-16-le" if self.WebName == "utf-16" else (
            "utf-32-le" if self.WebName == "utf-32" else self.WebName)

    def GetBytes(self, text: Any) -> list[int]:
        """The encoded bytes of a string."""
        return list(to_string(text).encode(self._codec, errors="replace"))

    def GetString(self, data: Any, index: Any = 0, count: Any = None) -> str:
        """The string decoded from bytes."""
        raw = bytes_of(data)
        start = int_arg(index)
        raw = raw[start:start + int_arg(count)] if count is not None else raw[start:]
        return raw.decode(self._codec, errors="replace")

    def GetByteCount(self, text: Any) -> int:
        """How many bytes the string encodes to."""
        return len(self.GetBytes(text))

    def __str__(self) -> str:
        return "System.Text." + {"utf-8": "UTF8Encoding", "us-ascii": "ASCIIEncoding"}.get(
            self.WebName, "Encoding")


def register() -> None:
    """Declare [string], [char], [regex], [convert] and [System.Text.Encoding]."""
    define("string", "System.String", {"Empty": lambda: ""}, {
        "Join": _join, "Concat": _concat, "Format": lambda fmt, *a: _format(fmt, a),
        "IsNullOrEmpty": lambda s: s is None or to_string(s) == "",
        "IsNullOrWhiteSpace": lambda s: s is None or to_string(s).strip() == "",
        "Compare": _string_compare, "CompareOrdinal": lambda a, b: _sign_of(to_string(a), to_string(b)),
        "Equals": lambda a, b, *c: (to_string(a).lower() == to_string(b).lower()) if c and ignore_case(c[0])
        else (isinstance(a, str) and isinstance(b, str) and a == b),
        "new": _string_new,
    })
    define("char", "System.Char", {"MaxValue": lambda: "\uffff", "MinValue": lambda: "\0"}, {
        "IsDigit": _char_test(lambda c: unicodedata.category(c) == "Nd"),
        "IsLetter": _char_test(str.isalpha), "IsUpper": _char_test(str.isupper),
        "IsLower": _char_test(str.islower), "IsWhiteSpace": _char_test(str.isspace),
        "IsLetterOrDigit": _char_test(lambda c: c.isalpha() or unicodedata.category(c) == "Nd"),
        "IsNumber": _char_test(lambda c: unicodedata.category(c)[0] == "N"),
        "IsPunctuation": _char_test(lambda c: unicodedata.category(c)[0] == "P"),
        "IsSymbol": _char_test(lambda c: unicodedata.category(c)[0] == "S"),
        "IsControl": _char_test(lambda c: unicodedata.category(c) == "Cc"),
        "ToUpper": lambda c, *a: to_string(c).upper(), "ToLower": lambda c, *a: to_string(c).lower(),
        "ConvertFromUtf32": lambda n: chr(int_arg(n)), "ConvertToUtf32": lambda s, i=0: ord(to_string(s)[int_arg(i)]),
        "GetNumericValue": lambda c: float(unicodedata.numeric(to_string(c)[:1], -1)),
    })
    define("text.regularexpressions.regex", "System.Text.RegularExpressions.Regex", {}, {
        "Escape": _regex_escape, "Unescape": _regex_unescape,
        "Match": lambda t, p, o=None: _regex(p, o).Match(t),
        "Matches": lambda t, p, o=None: _regex(p, o).Matches(t),
        "IsMatch": lambda t, p, o=None: _regex(p, o).IsMatch(t),
        "Replace": _regex_replace, "Split": lambda t, p, o=None: _regex(p, o).Split(t), "new": _regex,
    })
    define("convert", "System.Convert", {}, {
        "ToInt32": _to_base, "ToInt64": lambda v, b=None: _to_base(v, b) if b is not None
        else convert_to("int64", v),
        "ToInt16": lambda v: convert_to("int16", v), "ToByte": lambda v, b=None: _to_base(v, b) & 0xFF
        if b is not None else convert_to("byte", v),
        "ToDouble": lambda v: convert_to("double", v), "ToDecimal": lambda v: convert_to("double", v),
        "ToSingle": lambda v: convert_to("double", v),
        "ToString": _convert_to_string, "ToBoolean": _to_bool_convert, "ToChar": lambda v: convert_to("char", v),
        "ToDateTime": lambda v: convert_to("datetime", v),
        "ToBase64String": lambda v, *a: _base64().b64encode(bytes_of(v)).decode("ascii"),
        "FromBase64String": lambda s: list(_base64().b64decode(to_string(s))),
        "ToHexString": lambda v: bytes_of(v).hex().upper(),
        "FromHexString": lambda s: list(bytes.fromhex(to_string(s))),
    })
    define("text.encoding", "System.Text.Encoding", {
        "UTF8": lambda: Encoding("utf-8"), "ASCII": lambda: Encoding("us-ascii"),
        "Unicode": lambda: Encoding("utf-16"), "UTF32": lambda: Encoding("utf-32"),
        "Default": lambda: Encoding("utf-8"), "Latin1": lambda: Encoding("iso-8859-1"),
        "BigEndianUnicode": lambda: Encoding("utf-16BE"),
    }, {"GetEncoding": lambda name: Encoding(to_string(name))})
