"""Keyword statements: if, foreach, for, while, do, switch, try, function/filter, and the jumps.

``ControlFlowParser`` sits between the expression rules (parser_expressions.py)
and ``Parser`` (parser.py), which dispatches a statement starting with a keyword
to the handler in ``KEYWORDS``.  Each handler gets the keyword, its start and end
offsets and the loop label before it (``:outer foreach ...``), and returns the
statement node.  Newlines may separate the parts of a statement (``if (...)`` and
its block, ``}`` and ``else``), as in PowerShell scripts.
"""

from __future__ import annotations

from typing import Callable

from shell.language.ast import (
    BreakStatementAst,
    CatchClauseAst,
    ContinueStatementAst,
    DoWhileStatementAst,
    ExitStatementAst,
    ForEachStatementAst,
    ForStatementAst,
    FunctionDefinitionAst,
    IfStatementAst,
    Node,
    ParamBlockAst,
    ParameterAst,
    ReturnStatementAst,
    ScriptBlockAst,
    StatementBlockAst,
    SwitchStatementAst,
    ThrowStatementAst,
    TryStatementAst,
    WhileStatementAst,
)
from shell.language.lexer_text import _NAME
from shell.language.parser_expressions import ExpressionParser

_SWITCH_FLAGS = ("regex", "wildcard", "exact", "casesensitive", "file")


class ControlFlowParser(ExpressionParser):
    """The keyword statements; Parser provides blocks, pipelines and parameters."""

    # Provided by Parser; declared here for readers and type checkers.
    def _word(self, p: int) -> tuple[str | None, int]:
        raise NotImplementedError  # pragma: no cover - overridden

    def _pipeline(self) -> Node:
        raise NotImplementedError  # pragma: no cover - overridden

    def _expect_block(self, message: str) -> StatementBlockAst:
        raise NotImplementedError  # pragma: no cover - overridden

    def _parameter_list(self) -> list[ParameterAst]:
        raise NotImplementedError  # pragma: no cover - overridden

    def _condition(self, keyword: str, missing: str, statement: str = "") -> Node:
        """``( pipeline )`` after ``keyword``; the position is after the keyword."""
        self._skip_nl()
        if self.ch(self.pos) != "(":
            tok = self._pe()
            self.fail(f"Missing '(' after '{keyword}' in {statement or keyword} statement.",
                      tok.start, tok.end)
        self.pos += 1
        self._skip_nl()
        if self.pos >= self.n or self.src[self.pos] in ")};":
            self.fail(missing, self.pos, self.pos + 1)
        cond = self._pipeline()
        self._skip_nl()
        if self.ch(self.pos) != ")":
            tok = self._pe()
            self.fail(f"Missing closing ')' after expression in '{keyword}' statement.",
                      tok.start, tok.end)
        self.pos += 1
        return cond

    def _if(self, word: str, start: int, end: int, label: str | None) -> Node:
        self.pos = end
        clauses = []
        else_block = None
        keyword = "if"
        while True:
            cond = self._condition(keyword, f"Missing condition in if statement after '{keyword} ('.",
                                   "if")
            body = self._expect_block(f"Missing statement block after {keyword} ( condition ).")
            clauses.append((cond, body))
            save = self.pos
            nxt, nend = self._word(self.skip_space_nl(self.pos))
            if nxt == "elseif":
                self.pos = nend
                keyword = "elseif"
                continue
            if nxt == "else":
                self.pos = nend
                else_block = self._expect_block("Missing statement block after 'else' keyword.")
            else:
                self.pos = save
            break
        return IfStatementAst(tuple(clauses), else_block, extent=self.extent(start, self.pos))

    def _foreach(self, word: str, start: int, end: int, label: str | None) -> Node:
        self.pos = self.skip_space_nl(end)
        if self.ch(self.pos) != "(":
            tok = self._pe()
            self.fail("Missing opening '(' after keyword 'foreach'.", tok.start, tok.end)
        self.pos += 1
        self._skip_nl()
        tok = self._pe()
        if tok.kind != "variable":
            self.fail("Missing variable name after foreach.", tok.start, tok.end)
        variable = tok.node
        self.pos = self.skip_space_nl(tok.end)
        m = _NAME.match(self.src, self.pos)
        if m is None or m.group().lower() != "in":
            tok = self._pe()
            self.fail("Missing 'in' after variable in foreach loop.", tok.start, tok.end)
        self.pos = m.end()
        self._skip_nl()
        if self.pos >= self.n or self.src[self.pos] in ")};":
            self.fail("Missing foreach loop collection expression after 'in'.", self.pos,
                      self.pos + 1)
        iterable = self._pipeline()
        self._skip_nl()
        if self.ch(self.pos) != ")":
            tok = self._pe()
            self.fail("Missing closing ')' after expression in 'foreach' statement.",
                      tok.start, tok.end)
        self.pos += 1
        body = self._expect_block("Missing statement body in foreach loop.")
        return ForEachStatementAst(variable, iterable, body, label,
                                   extent=self.extent(start, self.pos))

    def _for(self, word: str, start: int, end: int, label: str | None) -> Node:
        self.pos = self.skip_space_nl(end)
        if self.ch(self.pos) != "(":
            tok = self._pe()
            self.fail("Missing opening '(' after keyword 'for'.", tok.start, tok.end)
        self.pos += 1
        parts: list[Node | None] = []
        for index in range(3):
            self._skip_nl()
            if self.pos >= self.n:
                self.fail("Missing closing ')' after expression in 'for' statement.", self.pos)
            c = self.src[self.pos]
            part = None
            if c != ";" and c != ")":
                part = self._pipeline()
                self._skip_nl()
            parts.append(part)
            if index < 2 and self.ch(self.pos) == ";":
                self.pos += 1
        if self.ch(self.pos) != ")":
            tok = self._pe()
            self.fail("Missing closing ')' after expression in 'for' statement.", tok.start,
                      tok.end)
        self.pos += 1
        body = self._expect_block("Missing statement body in for loop.")
        return ForStatementAst(parts[0], parts[1], parts[2], body, label,
                               extent=self.extent(start, self.pos))

    def _while(self, word: str, start: int, end: int, label: str | None) -> Node:
        self.pos = end
        cond = self._condition("while", "Missing condition in while statement after 'while ('.")
        body = self._expect_block("Missing statement body in while loop.")
        return WhileStatementAst(cond, body, label, extent=self.extent(start, self.pos))

    def _do(self, word: str, start: int, end: int, label: str | None) -> Node:
        self.pos = end
        body = self._expect_block("Missing statement body in do loop.")
        p = self.skip_space_nl(self.pos)
        kw, kend = self._word(p)
        if kw != "while" and kw != "until":
            tok = self._pe() if p >= self.n else self.scan_cmd(p)
            self.fail("Missing while or until keyword in do loop.", tok.start, tok.end)
        self.pos = kend
        cond = self._condition(kw, f"Missing condition in do loop after '{kw} ('.")
        return DoWhileStatementAst(body, cond, kw == "until", label,
                                   extent=self.extent(start, self.pos))

    def _switch(self, word: str, start: int, end: int, label: str | None) -> Node:
        self.pos = end
        flags = set()
        cond = None
        while True:
            self._skip_nl()
            tok = self._pc()
            if tok.kind != "param":
                break
            flag = tok.value.lower()
            if flag not in _SWITCH_FLAGS:
                self.fail(f"Unknown switch flag '-{tok.value}': use -Regex, -Wildcard, -Exact, "
                          "-CaseSensitive or -File.", tok.start, tok.end)
            flags.add(flag)
            self.pos = tok.end
            if flag == "file":
                self.pos = self.skip_space(self.pos)
                cond = self._cmd_primary()
                if cond is None:
                    nxt = self._pc()
                    self.fail("Missing file path after the switch flag '-File'.", nxt.start, nxt.end)
        if cond is None:
            cond = self._condition("switch", "Missing condition in switch statement after "
                                   "'switch ('.")
        self._skip_nl()
        if self.ch(self.pos) != "{":
            tok = self._pe()
            self.fail("Missing '{' in switch statement: the clauses follow the condition in "
                      "braces.", tok.start, tok.end)
        open_pos = self.pos
        self.pos += 1
        clauses = []
        default = None
        while True:
            self._skip_nl()
            while self.ch(self.pos) == ";":
                self.pos += 1
                self._skip_nl()
            if self.pos >= self.n:
                self.fail("Missing closing '}' in switch statement.", open_pos, open_pos + 1,
                          incomplete=True)
            if self.src[self.pos] == "}":
                self.pos += 1
                break
            tok = self._pc()
            test = self._cmd_primary()
            if test is None:
                self._unexpected(tok)
            body = self._expect_block("Missing statement block in switch statement clause.")
            if (tok.kind == "generic" and type(tok.value) is str
                    and tok.value.lower() == "default"):
                default = body
            else:
                clauses.append((test, body))
        return SwitchStatementAst(cond, tuple(clauses), default, frozenset(flags), label,
                                  extent=self.extent(start, self.pos))

    def _try(self, word: str, start: int, end: int, label: str | None) -> Node:
        self.pos = end
        body = self._expect_block("Missing statement block after 'try'.")
        catches = []
        final = None
        while True:
            save = self.pos
            p = self.skip_space_nl(self.pos)
            kw, kend = self._word(p)
            if kw == "catch":
                self.pos = kend
                types = []
                while True:
                    self._skip_nl()
                    if self.ch(self.pos) != "[":
                        break
                    name, q = self.scan_type_name(self.pos + 1)
                    q = self.skip_space_nl(q)
                    if self.ch(q) != "]":
                        self.fail("Missing ']' at end of type name.", q, q + 1)
                    types.append(name)
                    self.pos = self.skip_space_nl(q + 1)
                    if self.ch(self.pos) != ",":
                        break
                    self.pos += 1
                block = self._expect_block("Missing statement block in catch block.")
                catches.append(CatchClauseAst(tuple(types), block,
                                              extent=self.extent(p, self.pos)))
                continue
            if kw == "finally":
                self.pos = kend
                final = self._expect_block("Missing statement block after 'finally'.")
                break
            self.pos = save
            if not catches:
                self.fail("The Try statement is missing its Catch or Finally block.", p, p + 1)
            break
        return TryStatementAst(body, tuple(catches), final, extent=self.extent(start, self.pos))

    def _function(self, word: str, start: int, end: int, label: str | None) -> Node:
        self.pos = self.skip_space(end)
        tok = self._pc()
        if tok.kind not in ("generic", "number"):
            self.fail(f"Missing name after {word} keyword.", tok.start, tok.end)
        name = tok.text
        self.pos = self.skip_space(tok.end)
        params = None
        params_start = self.pos
        if self.ch(self.pos) == "(":
            params = self._parameter_list()
        params_end = self.pos
        self._skip_nl()
        if self.ch(self.pos) != "{":
            tok = self._pe()
            self.fail("Missing function body in function declaration.", tok.start, tok.end)
        open_pos = self.pos
        self.pos += 1
        body = self._script_block_body("}", open_pos)
        self.pos += 1
        if params is not None:
            if body.param_block is not None:
                self.fail("A function cannot have both a parameter list after its name and a "
                          "param() block.", open_pos, open_pos + 1)
            param_block = ParamBlockAst(tuple(params), (),
                                        extent=self.extent(params_start, params_end))
            body = ScriptBlockAst(param_block,
                                  body.begin_block, body.process_block, body.end_block,
                                  extent=body.extent)
        return FunctionDefinitionAst(name, body, word == "filter",
                                     extent=self.extent(start, self.pos))

    def _jump(self, word: str, start: int, end: int, label: str | None) -> Node:
        self.pos = self.skip_space(end)
        target = None
        m = _NAME.match(self.src, self.pos)
        if m is not None:
            target = m.group()
            self.pos = m.end()
        cls = BreakStatementAst if word == "break" else ContinueStatementAst
        return cls(target, extent=self.extent(start, self.pos))

    def _leave(self, word: str, start: int, end: int, label: str | None) -> Node:
        self.pos = self.skip_space(end)
        pipeline = None
        c = self.ch(self.pos)
        if self.pos < self.n and c not in "\r\n;)}|&":
            pipeline = self._pipeline()
        cls = {"return": ReturnStatementAst, "exit": ExitStatementAst,
               "throw": ThrowStatementAst}[word]
        return cls(pipeline, extent=self.extent(start, self.pos))


#: Statement keywords and their handlers (called as handler(parser, word, start, end, label)).
KEYWORDS: dict[str, Callable[..., Node]] = {
    "if": ControlFlowParser._if, "foreach": ControlFlowParser._foreach, "for": ControlFlowParser._for, "while": ControlFlowParser._while,
    "do": ControlFlowParser._do, "switch": ControlFlowParser._switch, "try": ControlFlowParser._try,
    "function": ControlFlowParser._function, "filter": ControlFlowParser._function,
    "break": ControlFlowParser._jump, "continue": ControlFlowParser._jump,
    "return": ControlFlowParser._leave, "exit": ControlFlowParser._leave, "throw": ControlFlowParser._leave,
}
