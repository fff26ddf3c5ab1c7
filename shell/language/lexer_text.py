"""Strings and barewords for the lexer: quoted and here-strings, ``$var`` expansion, barewords.

``TextScanner`` is a base of ``Lexer`` (lexer.py), split out to keep modules small;
its methods use the lexer's positions and errors (``fail``, ``extent``, ``ch``,
``scan_variable``).  A ``$( ... )`` inside a string calls ``parse_subexpression``,
which the parser provides.  The character classes and number rules shared by
the whole lexer live here too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NoReturn

from shell.language.ast import (
    ConstantExpressionAst,
    ExpandableStringExpressionAst,
    Node,
    StringConstantExpressionAst,
)
from shell.language.tokens import ESCAPES, Token

if TYPE_CHECKING:
    from shell.language.ast import Extent, VariableExpressionAst

#: PowerShell accepts typographic dashes and quotes as well as the ASCII ones.
DASHES = "-\u2013\u2014\u2015"
SQ = "'\u2018\u2019\u201a\u201b"
DQ = '"\u201c\u201d\u201e'
#: Returned by ``ch`` past the end: a character no rule matches.
END = "\uffff"

_NAME = re.compile(r"\w+")
# The other patterns are compiled on first use: compiling them all costs about a
# millisecond, a noticeable part of `psrepl -c exit`, which needs none of them.
_SOURCES = {
    "number": r"0[xX][0-9a-fA-F]+[lL]?(?:[kKmMgGtTpP][bB])?"
              r"|(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[lLdD]?(?:[kKmMgGtTpP][bB])?",
    # runs of characters with no special meaning inside a bareword / a string
    "generic_plain": "[^\\s;,|&(){}<>$`'\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e]+",
    "dq_plain": '[^`$"\u201c\u201d\u201e]+',
    "sq_plain": "[^'\u2018\u2019\u201a\u201b]+",
    "here_plain": "[^`$]+",
    "type_name": r"[\w.`+]+",
}


class _Patterns:
    """The lexer's regular expressions, each compiled when first used."""

    def __getattr__(self, name: str) -> re.Pattern[str]:
        pattern = re.compile(_SOURCES[name])
        setattr(self, name, pattern)
        return pattern


PATTERNS: Any = _Patterns()

_MULTIPLIERS = {"k": 1024, "m": 1024 ** 2, "g": 1024 ** 3, "t": 1024 ** 4, "p": 1024 ** 5}
#: Characters that end a command-mode argument (besides blanks).
ARG_END = frozenset(";,|&(){}<>\r\n")

MISSING_DQ = 'The string is missing the terminator: ".'


def number_value(text: str) -> Any:
    """The value of a number literal matched by the number pattern (``0x1F``, ``1.5kb``, ``1e3``).

    The suffix ``l`` makes an Int64 (``1L``) and ``d`` a Decimal (``1.10d``), made by
    ``dotnet_primitives`` (imported only when such a literal appears).
    """
    low = text.lower()
    mult = 1
    if len(low) > 2 and low[-1] == "b" and low[-2] in _MULTIPLIERS:
        mult = _MULTIPLIERS[low[-2]]
        low = low[:-2]
    suffix = low[-1]
    if suffix == "l" or suffix == "d" and low[:2] != "0x":
        low = low[:-1]
    else:
        suffix = ""
    if low[:2] == "0x":
        value: Any = int(low[2:], 16)
    elif suffix == "d":
        from shell.language.dotnet_primitives import to_decimal
        return to_decimal(to_decimal(low) * mult)
    elif "." in low or "e" in low:
        value = float(low)
    else:
        value = int(low)
    if mult != 1:
        value = value * mult
    if suffix == "l":
        from shell.language.casts import convert_to
        value = convert_to("long", value)
    return value


def numeric_bareword(text: str) -> int | float | None:
    """The number a command-mode bareword spells (``5``, ``-1``, ``10kb``), else None."""
    sign = 1
    body = text
    if body[:1] == "+":
        body = body[1:]
    elif body[:1] in DASHES and body:
        sign, body = -1, body[1:]
    if not body or PATTERNS.number.fullmatch(body) is None:
        return None
    try:
        return sign * number_value(body)
    except Exception:  # noqa: BLE001 - e.g. 1e30L (too large for Int64): an argument like any other word
        return None


class TextScanner:
    """String, here-string and bareword scanning (a base of Lexer)."""

    src: str
    n: int

    # Provided by Lexer.
    def fail(self, message: str, start: int, end: int | None = None,
             incomplete: bool | None = None) -> NoReturn:  # pragma: no cover - overridden
        raise NotImplementedError

    def extent(self, start: int, end: int) -> Extent:  # pragma: no cover - overridden
        raise NotImplementedError

    def ch(self, pos: int) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def scan_variable(self, start: int) -> tuple[VariableExpressionAst, int] | None:
        raise NotImplementedError  # pragma: no cover - overridden

    def _dollar_part(self, pos: int) -> tuple[Node, int] | None:
        """A ``$var`` or ``$(...)`` inside a string or bareword, or None for a literal ``$``."""
        c = self.ch(pos + 1)
        if c == "(":
            return self.parse_subexpression(pos)
        if c == "{" or c == "_" or c == "?" or c == "^" or c == "$" or c.isalnum():
            return self.scan_variable(pos)
        return None

    def parse_subexpression(self, pos: int) -> tuple[Node, int]:
        """Parse ``$( ... )`` starting at ``pos``; provided by the parser."""
        raise NotImplementedError

    # ------------------------------------------------------------ strings
    def _single_string(self, start: int) -> Token:
        s = self.src
        n = self.n
        pos = start + 1
        buf = []
        while True:
            m = PATTERNS.sq_plain.match(s, pos)
            if m is not None:
                buf.append(m.group())
                pos = m.end()
            if pos >= n:
                self.fail("The string is missing the terminator: '.", start, start + 1,
                          incomplete=True)
            if pos + 1 < n and s[pos + 1] in SQ:  # '' is one quote
                buf.append(s[pos])
                pos += 2
                continue
            pos += 1
            break
        value = "".join(buf)
        node = StringConstantExpressionAst(value, "single", extent=self.extent(start, pos))
        return Token("string", value, start, pos, self, node)

    def _double_string(self, start: int) -> Token:
        parts, end = self.expand(start + 1, None, start)
        node = self._string_node(parts, "double", start, end)
        return Token("string", getattr(node, "value", None) or getattr(node, "parts", ""),
                     start, end, self, node)

    def _string_node(self, parts: list[Any], kind: str, start: int, end: int) -> Node:
        ext = self.extent(start, end)
        if not parts:
            return StringConstantExpressionAst("", kind, extent=ext)
        if len(parts) == 1 and type(parts[0]) is str:
            return StringConstantExpressionAst(parts[0], kind, extent=ext)
        return ExpandableStringExpressionAst(tuple(parts), kind, extent=ext)

    def expand(self, pos: int, limit: int | None, start: int) -> tuple[list[Any], int]:
        """Scan the body of an expandable string from ``pos``.

        ``limit`` None: a ``"double"`` string, ending at its closing quote (``""`` is a
        quote); else a here-string body ending at ``limit``.  Returns the parts
        (literal strings with escapes applied, and expression nodes) and the end.
        """
        s = self.src
        n = self.n
        parts: list[Any] = []
        buf: list[str] = []
        plain = PATTERNS.dq_plain if limit is None else PATTERNS.here_plain
        stop = n if limit is None else limit
        while True:
            m = plain.match(s, pos, stop)
            if m is not None:
                buf.append(m.group())
                pos = m.end()
            if pos >= stop:
                if limit is None:
                    self.fail(MISSING_DQ, start, start + 1, incomplete=True)
                break
            c = s[pos]
            if c == "`":
                if pos + 1 >= stop:
                    if limit is None:
                        self.fail(MISSING_DQ, start, start + 1, incomplete=True)
                    buf.append(c)
                    pos += 1
                    continue
                d = s[pos + 1]
                if d == "u" and pos + 2 < stop and s[pos + 2] == "{":
                    close = s.find("}", pos + 3, min(stop, pos + 11))
                    digits = s[pos + 3:close] if close > 0 else ""
                    try:
                        buf.append(chr(int(digits, 16)))
                    except (ValueError, OverflowError):
                        self.fail("The Unicode escape sequence is not valid. A valid sequence is "
                                  "`u{ followed by 1 to 6 hex digits and a closing '}'.",
                                  pos, pos + 3, incomplete=False)
                    pos = close + 1
                else:
                    buf.append(ESCAPES.get(d, d))
                    pos += 2
            elif c == "$":
                found = self._dollar_part(pos)
                if found is None:
                    buf.append("$")
                    pos += 1
                else:
                    if buf:
                        parts.append("".join(buf))
                        buf = []
                    parts.append(found[0])
                    pos = found[1]
            else:  # the closing quote of a "double" string
                if pos + 1 < n and s[pos + 1] in DQ:
                    buf.append(c)
                    pos += 2
                    continue
                pos += 1
                break
        if buf:
            parts.append("".join(buf))
        return parts, pos

    def _here_string(self, start: int, double: bool) -> Token:
        s = self.src
        n = self.n
        quote = '"' if double else "'"
        p = start + 2
        while p < n and s[p] != "\n" and s[p] != "\r" and s[p].isspace():
            p += 1
        if p >= n:
            self.fail(f"The string is missing the terminator: {quote}@.", start, start + 2,
                      incomplete=True)
        if s[p] != "\n" and s[p] != "\r":
            self.fail("No characters are allowed after a here-string header but before the "
                      "end of the line.", p, p + 1, incomplete=False)
        p += 2 if s.startswith("\r\n", p) else 1
        body = p
        if s.startswith(quote + "@", body):
            close, stop = body, body
        else:
            close = s.find("\n" + quote + "@", body - 1)
            if close < 0:
                self.fail(f"The string is missing the terminator: {quote}@.", start, start + 2,
                          incomplete=True)
            stop = close - 1 if s[close - 1] == "\r" and close - 1 >= body else close
            close += 1
        end = close + 2
        if double:
            parts, _ = self.expand(body, max(stop, body), start)
            node = self._string_node(parts, "here_double", start, end)
        else:
            node = StringConstantExpressionAst(s[body:stop], "here_single",
                                               extent=self.extent(start, end))
        return Token("string", getattr(node, "value", None) or getattr(node, "parts", ""),
                     start, end, self, node)

    # ------------------------------------------------------------ barewords
    def scan_generic(self, start: int) -> tuple[Node, int]:
        """A command-mode bareword at ``start``: a bare string, an expandable one, or a number.

        It runs to a blank or one of ``; , | & ( ) { } < >``; quotes inside it are
        joined in (``foo"bar baz"``), ``$var`` and ``$(...)`` expand, a backtick
        escapes the next character.
        """
        s = self.src
        n = self.n
        pos = start
        parts: list[Any] = []
        buf: list[str] = []
        plain = True
        while pos < n:
            m = PATTERNS.generic_plain.match(s, pos)
            if m is not None:
                buf.append(m.group())
                pos = m.end()
                if pos >= n:
                    break
            c = s[pos]
            if c == "`":
                if pos + 1 >= n:
                    self.fail("Missing the line after the line continuation character '`'.",
                              pos, pos + 1, incomplete=True)
                d = s[pos + 1]
                if d == "\n" or d == "\r":
                    break
                buf.append(d)
                pos += 2
                plain = False
            elif c == "$":
                found = self._dollar_part(pos)
                if found is None:
                    buf.append("$")
                    pos += 1
                else:
                    if buf:
                        parts.append("".join(buf))
                        buf = []
                    parts.append(found[0])
                    pos = found[1]
                plain = False
            elif c in SQ:
                tok = self._single_string(pos)
                buf.append(tok.node.value)  # type: ignore[union-attr]
                pos = tok.end
                plain = False
            elif c in DQ:
                sub, pos = self.expand(pos + 1, None, pos)
                for part in sub:
                    if type(part) is str:
                        buf.append(part)
                    else:
                        if buf:
                            parts.append("".join(buf))
                            buf = []
                        parts.append(part)
                plain = False
            else:
                break
        ext = self.extent(start, pos)
        if plain:
            text = s[start:pos]
            c0 = text[:1]
            if c0 and ("0" <= c0 <= "9" or c0 in ".+" or c0 in DASHES):
                value = numeric_bareword(text)
                if value is not None:
                    return ConstantExpressionAst(value, extent=ext), pos
            return StringConstantExpressionAst(text, "bare", extent=ext), pos
        if buf:
            parts.append("".join(buf))
        if not parts:
            return StringConstantExpressionAst("", "bare", extent=ext), pos
        if len(parts) == 1 and type(parts[0]) is str:
            return StringConstantExpressionAst(parts[0], "bare", extent=ext), pos
        return ExpandableStringExpressionAst(tuple(parts), "bare", extent=ext), pos
