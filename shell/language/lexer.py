"""The psrepl lexer: PowerShell source text to tokens, in two modes.

PowerShell's tokenizer depends on where it is: in *expression mode* ``-eq`` is an
operator, ``1kb`` a number and ``foo`` a bare name; in *command mode* (a command's
name and arguments) ``Get-Process``, ``~/logs/x.txt``, ``*.txt`` and ``logs/$n.txt``
are single barewords and ``-Name`` is a parameter.  So the lexer does not produce
one token stream: the parser asks for the token at a position in the mode it needs
(``scan_expr`` / ``scan_cmd``).  Both skip blanks, comments and backtick line
continuations but not newlines, which end statements.

Strings are lexed to their AST nodes here: a ``"double"`` string with ``$(...)``
in it calls back into the parser (``parse_subexpression``), which the Parser
subclass provides.  Errors are ``ParseError``s whose ``incomplete`` flag says that
more input lines could complete the text (an unterminated string, a backtick at
the end).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any, NoReturn

from shell.language.ast import (
    ConstantExpressionAst,
    ExpandableStringExpressionAst,
    Extent,
    Node,
    StringConstantExpressionAst,
    VariableExpressionAst,
)
from shell.language.errors import ParseError
from shell.language.tokens import ESCAPES, OPERATOR_WORDS, Token

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

_SIMPLE_PUNCT = {c: c for c in "(){};,"}
_MULTIPLIERS = {"k": 1024, "m": 1024 ** 2, "g": 1024 ** 3, "t": 1024 ** 4, "p": 1024 ** 5}
#: Characters that end a command-mode argument (besides blanks).
ARG_END = frozenset(";,|&(){}<>\r\n")

MISSING_DQ = 'The string is missing the terminator: ".'


def number_value(text: str) -> int | float:
    """The value of a number literal matched by the number pattern (``0x1F``, ``1.5kb``, ``1e3``)."""
    low = text.lower()
    mult = 1
    if len(low) > 2 and low[-1] == "b" and low[-2] in _MULTIPLIERS:
        mult = _MULTIPLIERS[low[-2]]
        low = low[:-2]
    if low[:2] == "0x":
        value: int | float = int(low[2:].rstrip("l"), 16)
    else:
        is_float = False
        if low[-1] == "l":
            low = low[:-1]
        elif low[-1] == "d":
            low, is_float = low[:-1], True
        if is_float or "." in low or "e" in low:
            value = float(low)
        else:
            value = int(low)
    return value * mult if mult != 1 else value


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
    return sign * number_value(body)


class Lexer:
    """Character-level scanning of one source text; the parser subclasses it."""

    def __init__(self, text: str) -> None:
        self.src = text
        self.n = len(text)
        lines = [0]
        i = text.find("\n")
        while i >= 0:
            lines.append(i + 1)
            i = text.find("\n", i + 1)
        self._lines = lines

    # ------------------------------------------------------------ positions, errors
    def extent(self, start: int, end: int) -> Extent:
        """An Extent for ``src[start:end]`` with its 1-based line and column."""
        line = bisect_right(self._lines, start)
        return Extent(self.src, start, end, line, start - self._lines[line - 1] + 1)

    def ch(self, pos: int) -> str:
        """The character at ``pos``, or END past the end of the text."""
        return self.src[pos] if pos < self.n else END

    def fail(self, message: str, start: int, end: int | None = None,
             incomplete: bool | None = None) -> NoReturn:
        """Raise a ParseError at ``start``; incomplete by default when that is the end of input."""
        start = min(start, self.n)
        if end is None or end < start:
            end = start
        if incomplete is None:
            incomplete = start >= self.n
        raise ParseError(message, self.extent(start, min(end, self.n)), incomplete=incomplete)

    # ------------------------------------------------------------ blanks
    def skip_space(self, pos: int) -> int:
        """Skip blanks, comments and backtick-newline continuations (not newlines)."""
        s = self.src
        n = self.n
        while pos < n:
            c = s[pos]
            if c == " " or c == "\t":
                pos += 1
            elif "!" <= c <= "~" and c != "#" and c != "<" and c != "`":
                return pos  # the common case: a printable ASCII character starts a token
            elif c == "#":
                end = s.find("\n", pos)
                if end < 0:
                    end = n
                cr = s.find("\r", pos, end)
                pos = cr if cr >= 0 else end
            elif c == "<" and pos + 1 < n and s[pos + 1] == "#":
                end = s.find("#>", pos + 2)
                if end < 0:
                    self.fail("Missing the terminator '#>' of the block comment.", pos, pos + 2,
                              incomplete=True)
                pos = end + 2
            elif c == "`":
                if pos + 1 >= n:
                    self.fail("Missing the line after the line continuation character '`'.",
                              pos, pos + 1, incomplete=True)
                d = s[pos + 1]
                if d == "\n":
                    pos += 2
                elif d == "\r":
                    pos += 3 if s.startswith("\n", pos + 2) else 2
                else:
                    return pos
                if pos >= n:
                    self.fail("Missing the line after the line continuation character '`'.",
                              pos, incomplete=True)
            elif c == "\n" or c == "\r" or not c.isspace():
                return pos
            else:
                pos += 1
        return pos

    def skip_space_nl(self, pos: int) -> int:
        """Skip blanks, comments, continuations and newlines."""
        s = self.src
        n = self.n
        while True:
            pos = self.skip_space(pos)
            if pos < n and (s[pos] == "\n" or s[pos] == "\r"):
                pos += 1
            else:
                return pos

    # ------------------------------------------------------------ the two modes
    def scan_expr(self, pos: int) -> Token:
        """The expression-mode token at (after blanks from) ``pos``."""
        s = self.src
        n = self.n
        start = self.skip_space(pos)
        if start >= n:
            return Token("eof", None, n, n, self)
        c = s[start]
        nxt = s[start + 1] if start + 1 < n else END
        if c == "$":
            return self._dollar_token(start, False)
        kind = _SIMPLE_PUNCT.get(c)
        if kind is not None:
            return Token(kind, kind, start, start + 1, self)
        if c == "\n" or c == "\r":
            return self._newline(start)
        if "0" <= c <= "9":
            if nxt == ">" and c in "123456":
                return self._redirect(start)
            return self._number(start)
        if c in DASHES:
            if nxt.isalpha():
                m = _NAME.match(s, start + 1)
                word = "-" + m.group().lower()  # type: ignore[union-attr]
                end = m.end()  # type: ignore[union-attr]
                if word in OPERATOR_WORDS:
                    return Token("op", word, start, end, self)
                return Token("unknown", word, start, end, self)
            if nxt in DASHES:
                return Token("op", "--", start, start + 2, self)
            if nxt == "=":
                return Token("assign", "-=", start, start + 2, self)
            return Token("op", "-", start, start + 1, self)
        if c in DQ:
            return self._double_string(start)
        if c in SQ:
            return self._single_string(start)
        if c == "[" or c == "]":
            return Token(c, c, start, start + 1, self)
        if c == ".":
            if "0" <= nxt <= "9":
                return self._number(start)
            if nxt == ".":
                return Token("op", "..", start, start + 2, self)
            return Token(".", ".", start, start + 1, self)
        if c == "=":
            return Token("assign", "=", start, start + 1, self)
        if c in "+*/%":
            if nxt == "=":
                return Token("assign", c + "=", start, start + 2, self)
            if c == "+" and nxt == "+":
                return Token("op", "++", start, start + 2, self)
            if c == "*" and nxt == ">":
                return self._redirect(start)
            return Token("op", c, start, start + 1, self)
        if c == "!":
            return Token("op", "!", start, start + 1, self)
        if c == "|" or c == "&":
            if nxt == c:
                return Token(c + c, c + c, start, start + 2, self)
            return Token(c, c, start, start + 1, self)
        if c == ":" and nxt == ":":
            return Token("::", "::", start, start + 2, self)
        if c == ">":
            return self._redirect(start)
        if c == "@":
            tok = self._at_token(start, nxt)
            if tok is not None:
                return tok
        elif c == "_" or c.isalnum():
            m = _NAME.match(s, start)
            return Token("ident", m.group(), start, m.end(), self)  # type: ignore[union-attr]
        return Token("unknown", c, start, start + 1, self)

    def scan_cmd(self, pos: int) -> Token:
        """The command-mode token at (after blanks from) ``pos``: barewords and parameters."""
        s = self.src
        n = self.n
        start = self.skip_space(pos)
        if start >= n:
            return Token("eof", None, n, n, self)
        c = s[start]
        nxt = s[start + 1] if start + 1 < n else END
        kind = _SIMPLE_PUNCT.get(c)
        if kind is not None:
            return Token(kind, kind, start, start + 1, self)
        if c == "\n" or c == "\r":
            return self._newline(start)
        if c == "$":
            return self._dollar_token(start, True)
        if c in DASHES and (nxt.isalpha() or nxt == "_" or nxt == "?"):
            m = PATTERNS.generic_plain.match(s, start + 1)
            text = m.group()  # type: ignore[union-attr]
            colon = text.find(":")
            if colon >= 0:
                return Token("param:", text[:colon], start, start + 2 + colon, self)
            end = m.end()  # type: ignore[union-attr]
            if end >= n or s[end] not in "$`" + SQ + DQ:
                return Token("param", text, start, end, self)
        elif c in DQ:
            return self._double_string(start)
        elif c in SQ:
            return self._single_string(start)
        elif c == "|" or c == "&":
            if nxt == c:
                return Token(c + c, c + c, start, start + 2, self)
            return Token(c, c, start, start + 1, self)
        elif c == ">" or (nxt == ">" and c in "123456*"):
            return self._redirect(start)
        elif c == "<":
            return Token("unknown", c, start, start + 1, self)
        elif c == "@":
            tok = self._at_token(start, nxt)
            if tok is not None:
                return tok
        node, end = self.scan_generic(start)
        if type(node) is ConstantExpressionAst:
            return Token("number", node.value, start, end, self, node)
        return Token("generic", getattr(node, "value", None), start, end, self, node)

    # ------------------------------------------------------------ token helpers
    def _newline(self, start: int) -> Token:
        end = start + 1
        if self.src[start] == "\r" and end < self.n and self.src[end] == "\n":
            end += 1
        return Token("newline", None, start, end, self)

    def _number(self, start: int) -> Token:
        m = PATTERNS.number.match(self.src, start)
        if m is None:  # a lone digit run always matches; keep the lexer total anyway
            return Token("unknown", self.src[start], start, start + 1, self)
        value = number_value(m.group())
        node = ConstantExpressionAst(value, extent=self.extent(start, m.end()))
        return Token("number", value, start, m.end(), self, node)

    def _dollar_token(self, start: int, command: bool) -> Token:
        if self.ch(start + 1) == "(":
            return Token("$(", "$(", start, start + 2, self)
        found = self.scan_variable(start)
        if found is None:
            if command:
                node, end = self.scan_generic(start)
                return Token("generic", getattr(node, "value", None), start, end, self, node)
            return Token("unknown", "$", start, start + 1, self)
        node, end = found
        return Token("variable", node.name, start, end, self, node)

    def _at_token(self, start: int, nxt: str) -> Token | None:
        if nxt == "(":
            return Token("@(", "@(", start, start + 2, self)
        if nxt == "{":
            return Token("@{", "@{", start, start + 2, self)
        if nxt in DQ or nxt in SQ:
            return self._here_string(start, nxt in DQ)
        if nxt == "_" or nxt.isalnum():
            m = _NAME.match(self.src, start + 1)
            node = VariableExpressionAst(m.group(), None, True,  # type: ignore[union-attr]
                                         extent=self.extent(start, m.end()))  # type: ignore[union-attr]
            return Token("splat", node.name, start, m.end(), self, node)  # type: ignore[union-attr]
        return None

    def _redirect(self, start: int) -> Token:
        s = self.src
        c = s[start]
        if c == ">":
            stream: Any = 1
            p = start + 1
        else:
            stream = "*" if c == "*" else int(c)
            p = start + 2
        nxt = self.ch(p)
        if nxt == ">":
            return Token("redirect", ("file", stream, True), start, p + 1, self)
        if nxt == "&":
            target = self.ch(p + 1)
            if target == "1" and stream != 1:
                return Token("redirect", ("merge", stream, 1), start, p + 2, self)
            self.fail(f"The redirection operator '{s[start:p + 2]}' is not supported: "
                      "only a stream can be merged into the output stream (n>&1).",
                      start, p + 2, incomplete=False)
        return Token("redirect", ("file", stream, False), start, p, self)

    # ------------------------------------------------------------ variables
    def scan_variable(self, start: int) -> tuple[VariableExpressionAst, int] | None:
        """``$name``, ``$scope:name``, ``${any name}``, ``$_``, ``$?``, ``$^``, ``$$`` at ``start``.

        Returns the node and the end offset, or None when ``$`` starts no variable.
        """
        s = self.src
        n = self.n
        p = start + 1
        if p >= n:
            return None
        c = s[p]
        scope = None
        if c == "{":
            q = p + 1
            buf = []
            while q < n and s[q] != "}":
                if s[q] == "`" and q + 1 < n:
                    buf.append(s[q + 1])
                    q += 2
                else:
                    buf.append(s[q])
                    q += 1
            if q >= n:
                self.fail("Missing closing '}' in the variable reference '${'.", start, p + 1,
                          incomplete=True)
            name = "".join(buf)
            if not name:
                self.fail("Empty variable name in '${}'.", start, q + 1, incomplete=False)
            colon = name.find(":")
            if colon > 0 and colon < len(name) - 1 and name[:colon].isidentifier():
                scope, name = name[:colon].lower(), name[colon + 1:]
            return VariableExpressionAst(name, scope, False, extent=self.extent(start, q + 1)), q + 1
        if c == "?" or c == "^" or c == "$":
            return VariableExpressionAst(c, None, False, extent=self.extent(start, p + 1)), p + 1
        m = _NAME.match(s, p)
        if m is None:
            return None
        name = m.group()
        end = m.end()
        if end < n and s[end] == ":" and not s.startswith("::", end):
            m2 = _NAME.match(s, end + 1)
            if m2 is None:
                self.fail("Variable reference is not valid. ':' was not followed by a valid "
                          "variable name character. Consider using ${} to delimit the name.",
                          start, end + 1, incomplete=False)
            scope, name, end = name.lower(), m2.group(), m2.end()
        return VariableExpressionAst(name, scope, False, extent=self.extent(start, end)), end

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

    # ------------------------------------------------------------ type names
    def scan_type_name(self, pos: int) -> tuple[str, int]:
        """A type name after ``[`` (``int``, ``string[]``, ``List[string]``); returns (name, end).

        The closing ``]`` of the type literal itself is left to the caller.
        """
        s = self.src
        p = self.skip_space(pos)
        m = PATTERNS.type_name.match(s, p)
        if m is None or "0" <= s[p] <= "9":
            self.fail("Missing type name after '['.", p)
        begin = p
        p = m.end()
        while p < self.n and s[p] == "[":
            q = self.skip_space(p + 1)
            c = self.ch(q)
            if c == "]":
                p = q + 1
                continue
            if c == ",":
                while self.ch(q) == "," or self.ch(q) == " ":
                    q += 1
                if self.ch(q) != "]":
                    self.fail("Missing ']' at end of array type.", q)
                p = q + 1
                continue
            while True:  # generic arguments: [string], [string,int], [[string],[int]]
                q = self.skip_space(q)
                if self.ch(q) == "[":
                    _, q = self.scan_type_name(q + 1)
                    q = self.skip_space(q)
                    if self.ch(q) != "]":
                        self.fail("Missing ']' at end of type name.", q)
                    q += 1
                else:
                    _, q = self.scan_type_name(q)
                q = self.skip_space(q)
                if self.ch(q) == ",":
                    q += 1
                    continue
                if self.ch(q) != "]":
                    self.fail("Missing ']' at end of generic type arguments.", q)
                p = q + 1
                break
        return "".join(s[begin:p].split()), p


def tokenize(text: str, command_mode: bool = False) -> list[Token]:
    """All tokens of ``text`` lexed in one mode (for tests and tools; the parser mixes modes)."""
    from shell.language.parser import Parser  # the parser provides $( ) inside strings

    lexer = Parser(text)
    scan = lexer.scan_cmd if command_mode else lexer.scan_expr
    out = []
    pos = 0
    while True:
        tok = scan(pos)
        out.append(tok)
        if tok.kind == "eof":
            return out
        pos = tok.end
