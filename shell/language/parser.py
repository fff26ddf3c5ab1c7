"""The psrepl parser: source text to a ScriptBlockAst.

``parse(text)`` reads the whole input as a script block: an optional
``param()`` block (with ``[CmdletBinding()]``-style attributes before it),
then either named ``begin``/``process``/``end`` blocks or a plain body, which
becomes the end block.

It is a hand-written recursive-descent parser that drives the lexer in the mode
each position needs (see lexer.py): a statement starts in command mode (a
bareword there is a command or, at statement start only, a keyword), an
expression in expression mode.  Errors are ParseErrors with PowerShell's
messages; ``incomplete`` is set when the text ended too early (the console asks
for another line then), never for a real mistake such as ``1 +* 2``.

A statement that is not a keyword statement is a pipeline chain (PowerShell 7):
pipelines joined by ``&&`` and ``||``, the whole chain optionally backgrounded by a
trailing ``&``; a chain of one pipeline is just that pipeline.

Statements (keywords, pipelines, assignments, blocks, param blocks) live here;
expressions and command arguments in parser_expressions.py.
"""

from __future__ import annotations

from typing import Any

from shell.language.ast import (
    SourceText,
    ArrayLiteralAst,
    AssignmentStatementAst,
    AttributeAst,
    CommandAst,
    CommandExpressionAst,
    CommandParameterAst,
    ConvertExpressionAst,
    IndexExpressionAst,
    MemberExpressionAst,
    Node,
    ParamBlockAst,
    ParameterAst,
    PipelineAst,
    PipelineChainAst,
    ScriptBlockAst,
    StatementBlockAst,
    VariableExpressionAst,
)
from shell.language.errors import ParseError
from shell.language.lexer_text import _NAME, DASHES, DQ, PATTERNS, SQ
from shell.language.parser_statements import KEYWORDS, ControlFlowParser

_BLOCK_CLOSE = "Missing closing '}' in statement block or type definition."
#: A character that ends a keyword (``if(``, ``try{``, ``return;``).
_KEYWORD_END = frozenset(" \t\r\n(){};|&,$@'\"")
#: First characters of a statement that is an expression rather than a command.
_EXPRESSION_START = frozenset("$@(['\"{!,+-);}|<>" + SQ + DQ + DASHES)
_NAMED_BLOCKS = ("begin", "process", "end", "dynamicparam")
_UNSUPPORTED = frozenset({"class", "enum", "trap", "using", "configuration", "workflow"})
_ASSIGN_MSG = ("The assignment expression is not valid. The input to an assignment operator must "
               "be an object that is able to accept assignments, such as a variable or a property.")
_EMPTY_CHAIN = "A pipeline chain operator must be followed by a pipeline."


def parse(text: str, filename: str | None = None) -> ScriptBlockAst:
    """Parse ``text`` as a script block; raise ParseError (``.incomplete`` for unfinished input).

    ``filename`` names the source: every extent's ``file`` gives it (error messages show
    ``Foo-Bar: /path/script.ps1:3``); extents point into ``text``.
    """
    if filename:
        text = SourceText(text, filename)
    parser = Parser(text)
    try:
        return parser.parse_script()
    except RecursionError:
        raise ParseError("The script is nested too deeply to be parsed.",
                         parser.extent(min(parser.pos, parser.n), min(parser.pos, parser.n)),
                         incomplete=False) from None


def _assignable(node: Node) -> bool:
    kind = type(node)
    if kind is VariableExpressionAst:
        return not node.splatted
    if kind is MemberExpressionAst or kind is IndexExpressionAst:
        return True
    if kind is ArrayLiteralAst:
        return all(_assignable(e) for e in node.elements)
    if kind is ConvertExpressionAst:
        return _assignable(node.operand)
    return False


class Parser(ControlFlowParser):
    """Statements, blocks and pipelines over ExpressionParser."""

    def parse_script(self) -> ScriptBlockAst:
        """Parse the whole text."""
        return self._script_block_body(None, 0)

    # ------------------------------------------------------------ words
    def _word(self, p: int) -> tuple[str | None, int]:
        """The lower-cased word at ``p`` if a keyword-ending character follows it."""
        m = _NAME.match(self.src, p)
        if m is None:
            return None, p
        end = m.end()
        if end < self.n and self.src[end] not in _KEYWORD_END and not self.src[end].isspace():
            return None, p
        return m.group().lower(), end

    # ------------------------------------------------------------ blocks
    def _script_block_body(self, closer: str | None, open_pos: int) -> ScriptBlockAst:
        """A script block's contents up to ``closer`` (``'}'``, or None for the end of input).

        Leaves the position on the closer.
        """
        body_start = self.pos
        param_block = self._param_block()
        self._skip_nl()
        named = self._named_blocks(closer, open_pos)
        if named is None:
            stmt_start = self.pos
            stmts = self._statements(closer, open_pos, _BLOCK_CLOSE)
            end = StatementBlockAst(tuple(stmts), extent=self.extent(stmt_start, self.pos))
            begin = process = None
        else:
            begin, process, end = named.get("begin"), named.get("process"), named.get("end")
        if closer is None:
            ext = self.extent(0, self.n)
        else:
            ext = self.extent(open_pos, min(self.pos + 1, self.n))
        del body_start
        return ScriptBlockAst(param_block, begin, process, end, extent=ext)

    def _param_block(self) -> ParamBlockAst | None:
        """``[CmdletBinding()] param(...)`` at the start of a block, else None (position kept)."""
        save = self.pos
        p = self.skip_space_nl(self.pos)
        attrs = []
        while self.ch(p) == "[":
            self.pos = p
            attr = self._attribute()
            if not isinstance(attr, AttributeAst):
                self.pos = save
                return None
            attrs.append(attr)
            p = self.skip_space_nl(self.pos)
        word, end = self._word(p)
        if word == "param":
            q = self.skip_space_nl(end)
            if self.ch(q) == "(":
                self.pos = q
                params = self._parameter_list()
                return ParamBlockAst(tuple(params), tuple(attrs), extent=self.extent(p, self.pos))
        if attrs:
            first = attrs[0]
            # at the end of input a param() block may still follow on the next line
            self.fail(f"Unexpected attribute '{first.type_name}'.", first.extent.start,
                      first.extent.end, incomplete=p >= self.n)
        self.pos = save
        return None

    def _attribute(self) -> AttributeAst | str:
        """``[Name(args)]`` (an AttributeAst) or ``[type]`` (the type name) at the position."""
        start = self.pos
        name, p = self.scan_type_name(start + 1)
        p = self.skip_space_nl(p)
        if self.ch(p) != "(":
            if self.ch(p) != "]":
                self.fail("Missing ']' at end of type name.", p, p + 1)
            self.pos = p + 1
            return name
        self.pos = p + 1
        positional: list[Node] = []
        named: list[tuple[str, Node | None]] = []
        while True:
            self._skip_nl()
            tok = self._pe()
            if tok.kind == ")":
                self.pos = tok.end
                break
            if tok.kind == "ident":
                after = self.skip_space(tok.end)
                c = self.ch(after)
                if c == "=":
                    self.pos = after + 1
                    self._skip_nl()
                    value = self._expression(comma=False)
                    if value is None:
                        nxt = self._pe()
                        self.fail("Missing expression after '=' in attribute argument.",
                                  nxt.start, nxt.end)
                    named.append((tok.value, value))
                elif c in ",)\r\n":
                    self.pos = tok.end
                    named.append((tok.value, None))
                else:
                    self._unexpected(tok)
            else:
                value = self._expression(comma=False)
                if value is None:
                    if tok.kind == "eof":
                        self.fail("Missing closing ')' in attribute arguments.", p, p + 1,
                                  incomplete=True)
                    self._unexpected(tok)
                positional.append(value)
            self._skip_nl()
            tok = self._pe()
            if tok.kind == ",":
                self.pos = tok.end
                continue
            if tok.kind == ")":
                self.pos = tok.end
                break
            if tok.kind == "eof":
                self.fail("Missing closing ')' in attribute arguments.", p, p + 1,
                          incomplete=True)
            self._unexpected(tok)
        p = self.skip_space_nl(self.pos)
        if self.ch(p) != "]":
            self.fail("Missing ']' after attribute.", p, p + 1)
        self.pos = p + 1
        return AttributeAst(name, tuple(positional), tuple(named),
                            extent=self.extent(start, self.pos))

    def _parameter_list(self) -> list[ParameterAst]:
        """``( [attrs][type]$name = default, ... )`` at the position (on the ``(``)."""
        open_pos = self.pos
        self.pos += 1
        params: list[ParameterAst] = []
        while True:
            self._skip_nl()
            c = self.ch(self.pos)
            if c == ")" and not params:
                self.pos += 1
                return params
            params.append(self._parameter())
            self._skip_nl()
            tok = self._pe()
            if tok.kind == ",":
                self.pos = tok.end
                continue
            if tok.kind == ")":
                self.pos = tok.end
                return params
            if tok.kind == "eof":
                self.fail("Missing ')' in function parameter list.", open_pos, open_pos + 1,
                          incomplete=True)
            self._unexpected(tok)

    def _parameter(self) -> ParameterAst:
        start = self.pos
        attrs = []
        type_name = None
        while self.ch(self.pos) == "[":
            attr = self._attribute()
            if isinstance(attr, AttributeAst):
                attrs.append(attr)
            elif type_name is None:
                type_name = attr
            self._skip_nl()
        tok = self._pe()
        if tok.kind != "variable":
            self.fail("Missing parameter name: parameters are variables such as '$Name', "
                      "separated by commas.", tok.start, tok.end)
        self.pos = tok.end
        default = None
        p = self.skip_space(self.pos)
        if self.ch(p) == "=":
            self.pos = p + 1
            self._skip_nl()
            default = self._expression(comma=False)
            if default is None:
                nxt = self._pe()
                self.fail("Missing expression after '=' in parameter default value.",
                          nxt.start, nxt.end)
        return ParameterAst(tok.node.name, type_name, default, tuple(attrs),  # type: ignore[union-attr]
                            extent=self.extent(start, self.pos))

    def _named_blocks(self, closer: str | None,
                      open_pos: int) -> dict[str, StatementBlockAst] | None:
        blocks: dict[str, StatementBlockAst] = {}
        while True:
            p = self.skip_space_nl(self.pos)
            while self.ch(p) == ";":
                p = self.skip_space_nl(p + 1)
            if p >= self.n:
                if not blocks:
                    return None
                if closer is not None:
                    self.fail(_BLOCK_CLOSE, open_pos, open_pos + 1, incomplete=True)
                self.pos = p
                return blocks
            if self.src[p] == closer:
                if not blocks:
                    return None
                self.pos = p
                return blocks
            word, end = self._word(p)
            if word in _NAMED_BLOCKS:
                q = self.skip_space_nl(end)
                if self.ch(q) == "{":
                    self.pos = q
                    blocks["end" if word == "dynamicparam" and "end" in blocks else word] = \
                        self._statement_block()
                    continue
            if not blocks:
                return None
            self.pos = p
            self._unexpected(self._pc())

    def _statement_block(self) -> StatementBlockAst:
        """``{ statements }`` at the position (on the ``{``)."""
        open_pos = self.pos
        self.pos += 1
        stmts = self._statements("}", open_pos, _BLOCK_CLOSE)
        self.pos += 1
        return StatementBlockAst(tuple(stmts), extent=self.extent(open_pos, self.pos))

    def _expect_block(self, message: str) -> StatementBlockAst:
        self._skip_nl()
        if self.ch(self.pos) != "{":
            tok = self._pe()
            self.fail(message, tok.start, tok.end)
        return self._statement_block()

    def _statements(self, closer: str | None, open_pos: int, message: str) -> list[Node]:
        """Statements up to ``closer`` (left unconsumed) or the end of input when it is None."""
        s = self.src
        n = self.n
        stmts: list[Node] = []
        while True:
            pos = self.skip_space_nl(self.pos)
            self.pos = pos
            if pos >= n:
                if closer is not None:
                    self.fail(message, open_pos, open_pos + 1, incomplete=True)
                return stmts
            c = s[pos]
            if c == ";":
                self.pos = pos + 1
                continue
            if c == closer:
                return stmts
            if c == ")" or c == "}":
                self._unexpected(self._pe())
            stmt = self._statement()
            stmts.append(stmt)
            pos = self.skip_space(self.pos)
            self.pos = pos
            if pos >= n:
                continue
            c = s[pos]
            if c == "\n" or c == "\r" or c == ";" or c == closer:
                continue
            if (type(stmt) is PipelineAst or type(stmt) is PipelineChainAst) and stmt.background:
                continue  # `a & b`: the background operator also ends the statement
            self._unexpected(self._pe())

    # ------------------------------------------------------------ statements
    def _statement(self) -> Node:
        """One statement at the position (blanks already skipped, not at a terminator)."""
        s = self.src
        pos = self.pos
        c = s[pos] if pos < self.n else ""
        label = None
        if c == ":" and pos + 1 < self.n and (s[pos + 1] == "_" or s[pos + 1].isalnum()):
            m = _NAME.match(s, pos + 1)
            label = m.group()  # type: ignore[union-attr]
            self.pos = self.skip_space_nl(m.end())  # type: ignore[union-attr]
            pos = self.pos
            if pos >= self.n:
                self.fail("Missing statement after label.", pos)
            c = s[pos]
        if c == "_" or c.isalpha():
            word, end = self._word(pos)
            if word is not None:
                handler = KEYWORDS.get(word)
                if handler is not None:
                    return handler(self, word, pos, end, label)
                if word == "param" and self.ch(self.skip_space_nl(end)) == "(":
                    self.fail("The param block must be the first statement of a script, script "
                              "block or function.", pos, end)
                if word in _UNSUPPORTED:
                    self.fail(f"The '{word}' keyword is not supported by psrepl.", pos, end)
        return self._pipeline()

    def _starts_command(self, pos: int) -> bool:
        s = self.src
        c = s[pos]
        if c == "&":
            return True
        if c == ".":
            return not ("0" <= self.ch(pos + 1) <= "9")
        if c in _EXPRESSION_START:
            return False
        if "0" <= c <= "9":
            # `7z` or, as in PowerShell, `1?2:3` at a statement's start is a command name
            m = PATTERNS.number.match(s, pos)
            nxt = self.ch(m.end()) if m else ""
            return m is None or nxt == "_" or nxt == "?" or nxt == ":" or nxt.isalnum()
        return True

    def _pipeline(self) -> Node:
        """A pipeline chain ``a && b || c`` (left-associative), a pipeline, or an assignment.

        Only the first element may be an assignment (``$x = a && b`` assigns the chain's
        output, the chain being the assignment's value statement).
        """
        start = self.pos
        chain = self._single_pipeline(True)
        pos = self.skip_space(self.pos)
        c = self.ch(pos)
        if (c != "&" and c != "|") or self.ch(pos + 1) != c:
            return chain
        if type(chain) is PipelineAst and chain.background:
            self.fail("Background operators can only be used at the end of a pipeline chain.",
                      pos, pos + 2)
        src = self.src
        while True:
            self.pos = pos + 2
            self._skip_nl()
            if self.pos >= self.n:
                self.fail(_EMPTY_CHAIN, pos + 2, incomplete=True)
            if src[self.pos] in ";)}|\r\n":
                self.fail(_EMPTY_CHAIN, pos, self.pos + 1, incomplete=False)
            right: Any = self._single_pipeline(False)
            background = right.background
            if background:
                right = PipelineAst(right.elements, False,
                                    extent=self.extent(right.extent.start,
                                                       right.elements[-1].extent.end))
            chain = PipelineChainAst(chain, c + c, right, background,
                                     extent=self.extent(start, self.pos))
            pos = self.skip_space(self.pos)
            nxt = self.ch(pos)
            if (nxt != "&" and nxt != "|") or self.ch(pos + 1) != nxt:
                return chain
            if background:
                self.fail("Background operators can only be used at the end of a pipeline "
                          "chain.", pos, pos + 2)
            c = nxt

    def _single_pipeline(self, allow_assignment: bool) -> Node:
        """A pipeline, or (when allowed) an assignment when an expression is followed by ``=``."""
        start = self.pos
        if self.pos < self.n and self._starts_command(self.pos):
            element = self._command()
        else:
            expr = self._expression()
            if expr is None:
                self._unexpected(self._pe())
            tok = self._pe()
            if tok.kind == "assign":
                if not allow_assignment:
                    self._unexpected(tok)
                return self._assignment(expr, tok, start)
            element = self._command_expression(expr)
        elements = [element]
        background = False
        s = self.src
        while True:
            pos = self.skip_space(self.pos)
            self.pos = pos
            c = self.ch(pos)
            if c == "|":
                if self.ch(pos + 1) == "|":
                    break  # `||`: the pipeline chain's, see _pipeline
                self.pos = pos + 1
                self._skip_nl()
                if self.pos >= self.n:
                    self.fail("An empty pipe element is not allowed.", pos, pos + 1,
                              incomplete=True)
                if s[self.pos] in ";)}|\r\n":
                    self.fail("An empty pipe element is not allowed.", pos, pos + 1)
                if not self._starts_command(self.pos):
                    begin = self.pos
                    expr = self._expression()
                    if expr is None:
                        self._unexpected(self._pe())
                    self.fail("Expressions are only allowed as the first element of a pipeline.",
                              begin, expr.extent.end)
                elements.append(self._command())
                continue
            if c == "&" and self.ch(pos + 1) != "&":
                background = True
                self.pos = pos + 1
            break
        return PipelineAst(tuple(elements), background, extent=self.extent(start, self.pos))

    def _command_expression(self, expr: Node) -> Node:
        redirections = []
        tok = self._pe()
        while tok.kind == "redirect":
            redirections.append(self._redirection(tok))
            tok = self._pe()
        end = redirections[-1].extent.end if redirections else expr.extent.end
        return CommandExpressionAst(expr, tuple(redirections),
                                    extent=self.extent(expr.extent.start, end))

    def _assignment(self, target: Node, tok: Any, start: int) -> Node:
        # `$a, $b = 1, 2` spreads; `$a, $b += 1` is as invalid as in PowerShell
        if not _assignable(target) or (tok.value != "=" and type(target) is ArrayLiteralAst):
            self.fail(_ASSIGN_MSG, target.extent.start, target.extent.end)
        self.pos = tok.end
        self._skip_nl()
        if self.pos >= self.n or self.src[self.pos] in ";)}":
            self.fail(f"You must provide a value expression following the '{tok.value}' operator.",
                      tok.end)
        value = self._statement()
        return AssignmentStatementAst(target, tok.value, value,
                                      extent=self.extent(start, value.extent.end))

    def _command(self) -> Node:
        """A command: its name (or ``&``/``.`` and an expression) and its arguments."""
        start = self.pos
        tok = self._pc()
        invocation = None
        if tok.kind == "&" or (tok.kind == "generic" and tok.value == "."):
            invocation = "&" if tok.kind == "&" else "."
            self.pos = tok.end
            name = self._cmd_primary()
            if name is None:
                nxt = self._pc()
                self.fail(f"Missing expression after '{invocation}' in pipeline element.",
                          nxt.start, nxt.end)
        elif tok.kind == "generic":
            self.pos = tok.end
            name = tok.node
        else:
            self._unexpected(tok)
        elements: list[Node] = [name]  # type: ignore[list-item]
        redirections: list[Node] = []
        while True:
            tok = self._pc()
            kind = tok.kind
            if kind == "param":
                self.pos = tok.end
                elements.append(CommandParameterAst(tok.value, None,
                                                    extent=self.extent(tok.start, tok.end)))
            elif kind == "param:":
                self.pos = tok.end
                arg = self._cmd_argument()
                if arg is None:
                    nxt = self._pc()
                    self.fail(f"Missing an argument for parameter '{tok.value}'.", nxt.start,
                              nxt.end)
                elements.append(CommandParameterAst(tok.value, arg,
                                                    extent=self.extent(tok.start, arg.extent.end)))
            elif kind == "redirect":
                redirections.append(self._redirection(tok))
            elif kind in ("eof", "newline", ";", ")", "}", "|", "&", "&&", "||"):
                break
            else:
                arg = self._cmd_argument()
                if arg is None:
                    self._unexpected(tok)
                elements.append(arg)
        end = max(elements[-1].extent.end, redirections[-1].extent.end if redirections else 0)
        return CommandAst(tuple(elements), invocation, tuple(redirections),
                          extent=self.extent(start if invocation else elements[0].extent.start,
                                             end))
