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

from shell.language.ast import ConstantExpressionAst, Extent, VariableExpressionAst
from shell.language.errors import ParseError, PSRuntimeError
from shell.language.lexer_text import (
    _NAME,
    DASHES,
    DQ,
    END,
    PATTERNS,
    SQ,
    TextScanner,
    number_value,
)
from shell.language.tokens import OPERATOR_WORDS, Token

_SIMPLE_PUNCT = {c: c for c in "(){};,"}
# A variable name: '?' is a name character after the first one, so `$a?` is the variable
# `a?` (PowerShell's rule, older than its ternary: `${a}?.b` needs the braces).
_VAR_NAME = re.compile(r"\w[\w?]*")
_VAR_TAIL = re.compile(r"[\w?]+")


class Lexer(TextScanner):
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
        """Raise a ParseError at ``start``.

        An error with nothing but blanks and comments after it is at the end of the input:
        incomplete by default (more lines could complete it), and it points just after the
        last token, as PowerShell's does, never at an empty line past the text.
        """
        n = self.n
        start = min(start, n)
        if end is None or end < start:
            end = start
        if self.only_blanks_after(start):
            if incomplete is None:
                incomplete = True
            src = self.src
            if not src[start:].strip():
                back = start
                while back > 0 and src[back - 1].isspace():
                    back -= 1
                start = end = back
        elif incomplete is None:
            incomplete = False
        raise ParseError(message, self.extent(start, min(end, n)), incomplete=incomplete)

    def only_blanks_after(self, pos: int) -> bool:
        """Whether only blanks, newlines, comments and line continuations follow ``pos``.

        Unlike skip_space this never raises: an unterminated block comment counts as blank.
        """
        s = self.src
        n = self.n
        while pos < n:
            c = s[pos]
            if c.isspace() or c == "\ufeff":
                pos += 1
            elif c == "#":
                end = s.find("\n", pos)
                if end < 0:
                    return True
                pos = end
            elif c == "<" and s.startswith("<#", pos):
                end = s.find("#>", pos + 2)
                if end < 0:
                    return True
                pos = end + 2
            elif c == "`" and (pos + 1 >= n or s[pos + 1] == "\n" or s[pos + 1] == "\r"):
                pos += 2
            else:
                return False
        return True

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
            elif c == "\n" or c == "\r" or (not c.isspace() and c != "\ufeff"):
                return pos  # (a byte order mark, as at the start of a file, is a blank)
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
        if c == ":":
            if nxt == ":":
                return Token("::", "::", start, start + 2, self)
            return Token(":", ":", start, start + 1, self)  # the ternary's ':'
        if c == "?":  # PowerShell 7: `c ? a : b`, `a ?? b`, `$x ??= v`
            if nxt == "?":
                if self.ch(start + 2) == "=":
                    return Token("assign", "??=", start, start + 3, self)
                return Token("op", "??", start, start + 2, self)
            return Token("?", "?", start, start + 1, self)
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
        try:
            value = number_value(m.group())
        except (PSRuntimeError, ValueError, OverflowError):
            self.fail(f"The numeric constant {m.group()} is not valid.", start, m.end(), incomplete=False)
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
            m = _VAR_NAME.match(self.src, start + 1)
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
        m = _VAR_NAME.match(s, p)
        if m is None:
            return None
        name = m.group()
        end = m.end()
        if end < n and s[end] == ":" and not s.startswith("::", end):
            m2 = _VAR_TAIL.match(s, end + 1)
            if m2 is None:
                self.fail("Variable reference is not valid. ':' was not followed by a valid "
                          "variable name character. Consider using ${} to delimit the name.",
                          start, end + 1, incomplete=False)
            scope, name, end = name.lower(), m2.group(), m2.end()
        return VariableExpressionAst(name, scope, False, extent=self.extent(start, end)), end

    # ------------------------------------------------------------ type names
    def scan_type_name(self, pos: int) -> tuple[str, int]:
        """A type name after ``[`` (``int``, ``string[]``, ``List[string]``); returns (name, end).

        The closing ``]`` of the type literal itself is left to the caller.
        """
        s = self.src
        p = self.skip_space_nl(pos)  # [ and ] may be on other lines, as in PowerShell
        m = PATTERNS.type_name.match(s, p)
        if m is None or "0" <= s[p] <= "9":
            self.fail("Missing type name after '['.", p)
        begin = p
        p = m.end()
        while p < self.n and s[p] == "[":
            q = self.skip_space_nl(p + 1)
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
                q = self.skip_space_nl(q)
                if self.ch(q) == "[":
                    _, q = self.scan_type_name(q + 1)
                    q = self.skip_space_nl(q)
                    if self.ch(q) != "]":
                        self.fail("Missing ']' at end of type name.", q)
                    q += 1
                else:
                    _, q = self.scan_type_name(q)
                q = self.skip_space_nl(q)
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
