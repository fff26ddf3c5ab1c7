"""Expressions and command arguments: the half of the parser below statements.

PowerShell's precedence, loosest first: the ternary ``c ? a : b``; ``-and -or
-xor``; ``-band -bor -bxor``; comparison and pattern operators (``-eq`` ...
``-replace -split -join -is -as``); ``??``; ``+ -``; ``* / %``; ``-f``; ``..``; then
the comma (``1,2 -join '-'`` joins the array), then unary operators and casts, then
postfix member access, method calls, indexing (and their null-conditional forms
``?.`` and ``?[]``) and ``++``/``--``.  Binary operators are parsed by precedence
climbing over one table (tokens.BINARY_PRECEDENCE) instead of one function per
level, which keeps a plain ``$x`` cheap.

Where PowerShell reports a missing operand it points just after the operator
(``After(token)`` in its parser), so these errors do too.

Command arguments are parsed in command mode: a bareword is a string, ``a,b,c``
an array, ``$x.Name`` a member, and a variable or string glued to more text
(``$HOME/logs``) becomes one expandable bareword.
"""

from __future__ import annotations

from typing import Any

from shell.language.ast import (
    ArrayExpressionAst,
    ArrayLiteralAst,
    BinaryExpressionAst,
    ConstantExpressionAst,
    ConvertExpressionAst,
    FileRedirectionAst,
    HashtableAst,
    IndexExpressionAst,
    InvokeMemberExpressionAst,
    MemberExpressionAst,
    MergingRedirectionAst,
    Node,
    NullConditionalIndexExpressionAst,
    NullConditionalInvokeMemberExpressionAst,
    NullConditionalMemberExpressionAst,
    ParenExpressionAst,
    ScriptBlockExpressionAst,
    StatementBlockAst,
    StringConstantExpressionAst,
    SubExpressionAst,
    TernaryExpressionAst,
    TypeExpressionAst,
    UnaryExpressionAst,
)
from shell.language.lexer import Lexer
from shell.language.lexer_text import _NAME, ARG_END, DQ, SQ, numeric_bareword
from shell.language.tokens import BINARY_PRECEDENCE, UNARY_OPERATORS, Token

_PRIMARY_KINDS = frozenset({"number", "string", "variable", "(", "$(", "@(", "@{", "{", "[",
                            "splat"})
_CAST_OPERAND_OPS = frozenset({"!", "-not", "-bnot", "++", "--"})
_SUBEXPR_CLOSE = "Missing closing ')' in subexpression."


class ExpressionParser(Lexer):
    """Expression and command-argument rules; Parser adds statements on top."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.pos = 0
        self._epos = -1
        self._etok: Token | None = None
        self._cpos = -1
        self._ctok: Token | None = None

    # ------------------------------------------------------------ token access
    def _pe(self) -> Token:
        """The expression-mode token at the current position (cached)."""
        pos = self.pos
        if self._epos == pos:
            return self._etok  # type: ignore[return-value]
        tok = self.scan_expr(pos)
        self._epos = pos
        self._etok = tok
        return tok

    def _pc(self) -> Token:
        """The command-mode token at the current position (cached)."""
        pos = self.pos
        if self._cpos == pos:
            return self._ctok  # type: ignore[return-value]
        tok = self.scan_cmd(pos)
        self._cpos = pos
        self._ctok = tok
        return tok

    def _skip_nl(self) -> None:
        self.pos = self.skip_space_nl(self.pos)

    def _unexpected(self, tok: Token) -> Any:
        """Raise PowerShell's error for a token that cannot come here."""
        if tok.kind == "eof":
            self.fail("Unexpected end of input.", tok.start)
        text = tok.text
        if text == "<":
            self.fail("The '<' operator is reserved for future use.", tok.start, tok.end,
                      incomplete=False)
        if tok.kind == "newline":
            text = "newline"
        self.fail(f"Unexpected token '{text}' in expression or statement.", tok.start, tok.end,
                  incomplete=False)

    # ------------------------------------------------------------ expressions
    def _expression(self, comma: bool = True) -> Node | None:
        """An expression, or None when none starts here.

        ``comma`` False (method and attribute arguments): the comma separates arguments,
        so it is neither the array operator nor the unary one.
        """
        condition = self._binary(1, comma)
        if condition is None:
            return None
        tok = self._pe()  # cached: _binary stopped on this token
        if tok.kind != "?":
            return condition
        return self._ternary(condition, tok, comma)

    def _ternary(self, condition: Node, question: Token, comma: bool) -> Node:
        """``condition ? if_true : if_false`` (PowerShell 7), right-associative."""
        self.pos = question.end
        self._skip_nl()
        if_true = self._expression(comma)
        if if_true is None:
            self.fail("You must provide a value expression following the '?' operator.",
                      question.end)
        self._skip_nl()
        colon = self._pe()
        if colon.kind != ":":
            self.fail("Missing ':' in the ternary expression.", colon.start, colon.end)
        self.pos = colon.end
        self._skip_nl()
        if_false = self._expression(comma)
        if if_false is None:
            self.fail("You must provide a value expression following the ':' operator.",
                      colon.end)
        return TernaryExpressionAst(condition, if_true, if_false,
                                    extent=self.extent(condition.extent.start, if_false.extent.end))

    def _binary(self, min_prec: int, comma: bool) -> Node | None:
        left = self._array() if comma else self._unary(False)
        if left is None:
            return None
        while True:
            tok = self._pe()
            if tok.kind != "op":
                return left
            prec = BINARY_PRECEDENCE.get(tok.value)
            if prec is None or prec < min_prec:
                return left
            self.pos = tok.end
            self._skip_nl()
            right = self._binary(prec + 1, comma)
            if right is None:
                self.fail(f"You must provide a value expression following the '{tok.text.lower()}'"
                          " operator.", tok.end)
            left = BinaryExpressionAst(tok.value, left, right,
                                       extent=self.extent(left.extent.start, right.extent.end))

    def _array(self) -> Node | None:
        first = self._unary()
        if first is None:
            return None
        tok = self._pe()
        if tok.kind != ",":
            return first
        elements = [first]
        while tok.kind == ",":
            self.pos = tok.end
            self._skip_nl()
            element = self._unary()
            if element is None:
                self.fail("Missing expression after ','.", tok.end)
            elements.append(element)
            tok = self._pe()
        return ArrayLiteralAst(tuple(elements),
                               extent=self.extent(first.extent.start, elements[-1].extent.end))

    def _unary(self, unary_comma: bool = True) -> Node | None:
        tok = self._pe()
        kind = tok.kind
        if kind == "op":
            op = tok.value
            if op not in UNARY_OPERATORS:
                return None
            return self._prefix(tok, op)
        if kind == ",":
            return self._prefix(tok, ",") if unary_comma else None
        if kind == "[":
            return self._type_or_cast(tok)
        node = self._primary(tok)
        if node is None:
            return None
        return self._postfix(node, tok.start)

    def _prefix(self, tok: Token, op: str) -> Node:
        self.pos = tok.end
        self._skip_nl()
        operand = self._unary()
        if operand is None:
            self.fail(f"Missing expression after unary operator '{tok.text}'.", tok.end)
        ext = self.extent(tok.start, operand.extent.end)
        if (op == "-" and type(operand) is ConstantExpressionAst
                and operand.extent.start == tok.end):
            return ConstantExpressionAst(-operand.value, extent=ext)
        return UnaryExpressionAst(op, operand, extent=ext)

    def _type_or_cast(self, tok: Token) -> Node:
        """``[type]``: a cast when an operand follows, else a type literal (``[math]::Pi``)."""
        name, p = self.scan_type_name(tok.end)
        p = self.skip_space_nl(p)
        if self.ch(p) != "]":
            if self.ch(p) == "(":
                self.fail(f"Unexpected attribute '{name}'.", tok.start, p)
            self.fail("Missing ']' at end of type name.", p, p + 1)
        self.pos = p + 1
        c = self.ch(self.pos)
        if c == "." or (c == ":" and self.ch(self.pos + 1) == ":"):
            return self._postfix(TypeExpressionAst(name, extent=self.extent(tok.start, self.pos)),
                                 tok.start)
        nxt = self._pe()
        kind = nxt.kind
        if kind in _PRIMARY_KINDS or (kind == "op" and (
                nxt.value in _CAST_OPERAND_OPS
                or (nxt.value in ("-", "+") and not self.ch(nxt.end).isspace()))):
            operand = self._unary()
            if operand is None:  # e.g. a splat: let the usual error explain
                self._unexpected(nxt)
            return ConvertExpressionAst(name, operand,
                                        extent=self.extent(tok.start, operand.extent.end))
        return TypeExpressionAst(name, extent=self.extent(tok.start, self.pos))

    def _primary(self, tok: Token) -> Node | None:
        kind = tok.kind
        if kind == "variable" or kind == "string" or kind == "number":
            self.pos = tok.end
            return tok.node
        if kind == "(":
            return self._paren(tok)
        if kind == "$(" or kind == "@(":
            self.pos = tok.end
            stmts = self._statements(")", tok.start, _SUBEXPR_CLOSE)
            self.pos += 1
            body = StatementBlockAst(tuple(stmts), extent=self.extent(tok.end, self.pos - 1))
            cls = SubExpressionAst if kind == "$(" else ArrayExpressionAst
            return cls(body, extent=self.extent(tok.start, self.pos))
        if kind == "@{":
            return self._hashtable(tok)
        if kind == "{":
            return self._scriptblock_expression(tok)
        if kind == "splat":
            self.fail(f"The splatting operator '@' cannot be used to reference variables in an "
                      f"expression. '@{tok.value}' can be used only as an argument to a command. "
                      f"To reference variables in an expression use '${tok.value}'.",
                      tok.start, tok.end)
        return None

    def _paren(self, tok: Token) -> Node:
        self.pos = tok.end
        self._skip_nl()
        if self.pos >= self.n:
            self.fail("Missing closing ')' in expression.", tok.start, tok.end, incomplete=True)
        if self.src[self.pos] == ")":
            self.fail("An expression was expected after '('.", self.pos, self.pos + 1)
        inner = self._statement()
        self._skip_nl()
        if self.pos >= self.n:
            self.fail("Missing closing ')' in expression.", tok.start, tok.end, incomplete=True)
        if self.src[self.pos] != ")":
            self._unexpected(self._pe())
        self.pos += 1
        return ParenExpressionAst(inner, extent=self.extent(tok.start, self.pos))

    def _postfix(self, node: Node, start: int) -> Node:
        """Member access, method calls, indexing and postfix ++/-- glued to ``node``.

        ``?.`` and ``?[`` are their null-conditional forms (PowerShell 7). A variable
        never reaches them: ``$x?`` is the variable ``x?``, hence ``${x}?.Name``.
        """
        s = self.src
        n = self.n
        while True:
            p = self.pos
            if p >= n:
                return node
            c = s[p]
            if c == ".":
                if p + 1 < n and s[p + 1] == ".":
                    return node
                static = False
                q = p + 1
            elif c == ":" and p + 1 < n and s[p + 1] == ":":
                static = True
                q = p + 2
            elif c == "[":
                index = self._index(p, p + 1)
                node = IndexExpressionAst(node, index, extent=self.extent(start, self.pos))
                continue
            elif c == "?" and p + 1 < n and (s[p + 1] == "." or s[p + 1] == "["):
                if s[p + 1] == "[":
                    index = self._index(p, p + 2)
                    node = NullConditionalIndexExpressionAst(node, index,
                                                             extent=self.extent(start, self.pos))
                    continue
                member = self._member_name(p + 2)
                if self.pos < n and s[self.pos] == "(":
                    args = self._method_arguments()
                    node = NullConditionalInvokeMemberExpressionAst(
                        node, member, args, extent=self.extent(start, self.pos))
                else:
                    node = NullConditionalMemberExpressionAst(node, member,
                                                              extent=self.extent(start, self.pos))
                continue
            elif (c == "+" or c == "-") and p + 1 < n and s[p + 1] == c:
                self.pos = p + 2
                return UnaryExpressionAst("post" + c + c, node, extent=self.extent(start, p + 2))
            else:
                return node
            member = self._member_name(q)
            if self.pos < n and s[self.pos] == "(":
                args = self._method_arguments()
                node = InvokeMemberExpressionAst(node, member, args, static,
                                                 extent=self.extent(start, self.pos))
            else:
                node = MemberExpressionAst(node, member, static, extent=self.extent(start, self.pos))

    def _index(self, open_pos: int, after: int) -> Node:
        """The ``index]`` of ``[index]`` (or ``?[index]``) whose bracket ends at ``after``."""
        self.pos = after
        self._skip_nl()
        index = self._expression()
        if index is None:
            nxt = self._pe()
            self.fail("Array index expression is missing or not valid.", nxt.start, nxt.end)
        self._skip_nl()
        tok = self._pe()
        if tok.kind != "]":
            if tok.kind == "eof":
                self.fail("Missing ']' after array index expression.", open_pos, open_pos + 1,
                          incomplete=True)
            self._unexpected(tok)
        self.pos = tok.end
        return index

    def _member_name(self, q: int) -> Node:
        """The member after ``.`` or ``::``: a name, ``$var``, a string or ``(expr)``."""
        c = self.ch(q)
        if c == "_" or c.isalnum():
            m = _NAME.match(self.src, q)
            self.pos = m.end()  # type: ignore[union-attr]
            return StringConstantExpressionAst(m.group(), "bare",  # type: ignore[union-attr]
                                               extent=self.extent(q, self.pos))
        if c == "$" or c in SQ or c in DQ or c == "(":
            self.pos = q
            tok = self._pe()
            if tok.start == q:
                node = self._primary(tok)
                if node is not None:
                    return node
        # not incomplete: a member name cannot follow on the next line
        self.fail("Missing property name after reference operator.", q, q + 1, incomplete=False)

    def _method_arguments(self) -> tuple[Node, ...]:
        open_pos = self.pos
        self.pos += 1
        self._skip_nl()
        args = []
        if self.ch(self.pos) == ")":
            self.pos += 1
            return ()
        comma_end = -1
        while True:
            # A comma only separates arguments here: `$x.M(1,,2)` and `$x.M(,1)` are errors.
            arg = self._expression(comma=False)
            if arg is None:
                tok = self._pe()
                if tok.kind == "eof":
                    self.fail("Missing ')' in method call.", open_pos, open_pos + 1,
                              incomplete=True)
                if comma_end >= 0:
                    self.fail("Missing expression after ','.", comma_end)
                if tok.kind == ",":
                    self.fail("Missing ')' in method call.", open_pos + 1)
                self._unexpected(tok)
            args.append(arg)
            self._skip_nl()
            tok = self._pe()
            if tok.kind == ",":
                self.pos = comma_end = tok.end
                self._skip_nl()
                continue
            if tok.kind == ")":
                self.pos = tok.end
                return tuple(args)
            if tok.kind == "eof":
                self.fail("Missing ')' in method call.", open_pos, open_pos + 1, incomplete=True)
            self._unexpected(tok)

    # ------------------------------------------------------------ literals with bodies
    def parse_subexpression(self, pos: int) -> tuple[Node, int]:
        """``$( ... )`` inside a string or bareword, starting at ``pos``; returns (node, end)."""
        saved = self.pos
        self.pos = pos + 2
        stmts = self._statements(")", pos, _SUBEXPR_CLOSE)
        end = self.pos + 1
        self.pos = saved
        body = StatementBlockAst(tuple(stmts), extent=self.extent(pos + 2, end - 1))
        return SubExpressionAst(body, extent=self.extent(pos, end)), end

    def _scriptblock_expression(self, tok: Token) -> Node:
        self.pos = tok.end
        body = self._script_block_body("}", tok.start)
        close = self.pos
        self.pos += 1
        return ScriptBlockExpressionAst(body, self.src[tok.end:close],
                                        extent=self.extent(tok.start, self.pos))

    def _hashtable(self, tok: Token) -> Node:
        s = self.src
        self.pos = tok.end
        pairs = []
        while True:
            self._skip_nl()
            while self.ch(self.pos) == ";":
                self.pos += 1
                self._skip_nl()
            if self.pos >= self.n:
                self.fail("Missing closing '}' in hash literal.", tok.start, tok.end,
                          incomplete=True)
            if s[self.pos] == "}":
                self.pos += 1
                break
            key = self._hash_key()
            self.pos = self.skip_space(self.pos)
            eq = self._pe()
            if eq.kind != "assign" or eq.value != "=":
                self.fail("Missing '=' operator after key in hash literal.", eq.start, eq.end)
            self.pos = eq.end
            self._skip_nl()
            if self.pos >= self.n or s[self.pos] in ";})":
                self.fail("Missing statement after '=' in hash literal.", self.pos, self.pos + 1)
            value = self._statement()
            pairs.append((key, value))
            self.pos = self.skip_space(self.pos)
            c = self.ch(self.pos)
            if self.pos >= self.n:
                self.fail("Missing closing '}' in hash literal.", tok.start, tok.end,
                          incomplete=True)
            if c not in "\r\n;}":
                self._unexpected(self._pe())
        return HashtableAst(tuple(pairs), extent=self.extent(tok.start, self.pos))

    def _hash_key(self) -> Node:
        s = self.src
        start = self.pos
        c = s[start]
        if c == "_" or c.isalnum():
            p = start
            while p < self.n and (s[p].isalnum() or s[p] in "_-."):
                p += 1
            self.pos = p
            text = s[start:p]
            ext = self.extent(start, p)
            if "0" <= c <= "9":
                value = numeric_bareword(text)
                if value is not None:
                    return ConstantExpressionAst(value, extent=ext)
            return StringConstantExpressionAst(text, "bare", extent=ext)
        key = self._unary()
        if key is None:
            self._unexpected(self._pe())
        return key

    # ------------------------------------------------------------ command arguments
    def _cmd_argument(self) -> Node | None:
        """One command argument: a command-mode primary, or several joined by commas."""
        first = self._cmd_primary()
        if first is None:
            return None
        tok = self._pc()
        if tok.kind != ",":
            return first
        elements = [first]
        while tok.kind == ",":
            self.pos = tok.end
            self._skip_nl()
            element = self._cmd_primary()
            if element is None:
                nxt = self._pc()
                self.fail("Missing argument in parameter list.", nxt.start, nxt.end)
            elements.append(element)
            tok = self._pc()
        return ArrayLiteralAst(tuple(elements),
                               extent=self.extent(first.extent.start, elements[-1].extent.end))

    def _cmd_primary(self) -> Node | None:
        tok = self._pc()
        kind = tok.kind
        if kind == "generic" or kind == "number" or kind == "splat":
            self.pos = tok.end
            return tok.node
        if kind == "variable":
            self.pos = tok.end
            return self._glued(self._postfix(tok.node, tok.start), tok.start)  # type: ignore[arg-type]
        if kind == "string":
            self.pos = tok.end
            return self._glued(tok.node, tok.start)  # type: ignore[arg-type]
        if kind in ("(", "$(", "@(", "@{", "{"):
            node = self._primary(tok)
            return self._postfix(node, tok.start)  # type: ignore[arg-type]
        if kind == ",":
            self.pos = tok.end
            self._skip_nl()
            operand = self._cmd_primary()
            if operand is None:
                nxt = self._pc()
                self.fail("Missing expression after unary operator ','.", nxt.start, nxt.end)
            return UnaryExpressionAst(",", operand, extent=self.extent(tok.start,
                                                                       operand.extent.end))
        return None

    def _glued(self, node: Node, start: int) -> Node:
        """``$HOME/logs`` or ``'a'b``: text glued to a variable or string makes one bareword."""
        c = self.ch(self.pos)
        if self.pos >= self.n or c in ARG_END or c.isspace():
            return node
        node, self.pos = self.scan_generic(start)
        return node

    def _redirection(self, tok: Token) -> Node:
        self.pos = tok.end
        how = tok.value
        if how[0] == "merge":
            return MergingRedirectionAst(how[1], how[2], extent=self.extent(tok.start, tok.end))
        target = self._cmd_primary()
        if target is None:
            self.fail("Missing file specification after redirection operator.", tok.end)
        return FileRedirectionAst(how[1], target, how[2],
                                  extent=self.extent(tok.start, target.extent.end))

    # Provided by Parser (statements); declared here for readers and type checkers.
    def _statement(self) -> Node:  # pragma: no cover - overridden
        raise NotImplementedError

    def _statements(self, closer: str | None, open_pos: int, message: str) -> list[Node]:
        raise NotImplementedError  # pragma: no cover - overridden

    def _script_block_body(self, closer: str | None, open_pos: int) -> Node:
        raise NotImplementedError  # pragma: no cover - overridden
