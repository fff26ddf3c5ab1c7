"""Tokens of the psrepl language and the operator tables shared by lexer and parser.

A ``Token`` is one lexed unit: its ``kind`` (a short string, see below), its
``value`` (what the parser needs: a number, a string, an operator name), its
offsets into the source and, for literal tokens, the AST ``node`` the lexer
already built (a string with its ``$var`` parts, a variable, a number).
``text`` and ``extent`` are computed on demand: most tokens are only peeked at,
and building an Extent for each would cost more than lexing it.

Token kinds:

* ``'eof'``, ``'newline'``, and punctuation whose kind is its own text:
  ``( ) { } [ ] ; , | & || && . :: $( @( @{``, and in expression mode the
  ternary's ``?`` and ``:``
* ``'number'`` (value int/float), ``'string'`` (value str, or the tuple of parts
  of an expandable string), ``'variable'`` and ``'splat'`` (value the name)
* ``'op'`` (value the lower-case operator: ``'+'``, ``'-eq'``, ``'..'``, ``'!'``,
  ``'++'``, ``'??'``), ``'assign'`` (``'='``, ``'+='``, ``'??='`` ...)
* expression mode: ``'ident'`` (a bare word: member or hash key names, keywords)
* command mode: ``'generic'`` (a bareword argument such as ``Get-Process`` or
  ``~/logs/x.txt``; value its text), ``'param'`` (``-Name``; value ``'Name'``),
  ``'param:'`` (``-Name:``, the argument follows)
* ``'redirect'``: value ``('file', stream, append)`` or ``('merge', from, 1)``
* ``'unknown'``: a character that starts no token (the parser reports it)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shell.language.ast import Extent, Node
    from shell.language.lexer import Lexer

_set = object.__setattr__


class Token:
    """One token: kind, value, start/end offsets, and the AST node of a literal."""

    __slots__ = ("kind", "value", "start", "end", "node", "_lexer")

    def __init__(self, kind: str, value: Any, start: int, end: int, lexer: Lexer,
                 node: Node | None = None) -> None:
        _set(self, "kind", kind)
        _set(self, "value", value)
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "node", node)
        _set(self, "_lexer", lexer)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Token is immutable")

    @property
    def text(self) -> str:
        """The source text of the token."""
        return self._lexer.src[self.start:self.end]

    @property
    def extent(self) -> Extent:
        """Where the token is (line and column are 1-based)."""
        return self._lexer.extent(self.start, self.end)

    def __repr__(self) -> str:
        return f"Token({self.kind!r}, {self.value!r}, {self.start}:{self.end})"


# Binary operators and their precedence, as in PowerShell's parser (higher binds
# tighter; PowerShell 7 put ``??`` between the comparisons and ``+``).  The comma
# binds tighter than all of them (``1,2 -join '-'``), unary operators and casts
# tighter still.  The ternary ``? :`` binds looser than all of them.
BINARY_PRECEDENCE: dict[str, int] = {
    "-and": 1, "-or": 1, "-xor": 1,
    "-band": 2, "-bor": 2, "-bxor": 2,
    "-join": 3, "-is": 3, "-isnot": 3, "-as": 3, "-shl": 3, "-shr": 3,
    "??": 4,
    "+": 5, "-": 5,
    "*": 6, "/": 6, "%": 6,
    "-f": 7,
    "..": 8,
}
for _op in ("eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch",
            "contains", "notcontains", "in", "notin", "replace", "split"):
    for _prefix in ("", "c", "i"):
        BINARY_PRECEDENCE["-" + _prefix + _op] = 3
del _op, _prefix

#: Prefix operators (``','`` is handled by the parser itself).
UNARY_OPERATORS = frozenset({"!", "-not", "-bnot", "-split", "-join", "-", "+", "++", "--"})

#: Every ``-word`` operator the lexer recognises in expression mode.
OPERATOR_WORDS = frozenset(op for op in BINARY_PRECEDENCE if op[:1] == "-" and len(op) > 1) | {
    "-not", "-bnot"}

#: ``=`` and the compound assignments (``??=`` assigns only when the target is $null).
ASSIGNMENT_OPERATORS = frozenset({"=", "+=", "-=", "*=", "/=", "%=", "??="})

#: Backtick escapes in double-quoted strings (any other escaped character is itself).
ESCAPES: dict[str, str] = {
    "0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r",
    "t": "\t", "v": "\v",
}
