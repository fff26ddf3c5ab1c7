"""Compiles the AST into Python closures, once, instead of re-walking it per item.

An expression compiles to ``ev() -> value``; a statement to ``ex(out) -> None``,
where ``out`` receives each object the statement outputs. Closures capture the
runspace they run in (a compiled tree belongs to one interpreter), so the hot
paths (variable lookup, integer arithmetic, loop bodies) are a few dict lookups
and calls. Pipelines and commands are compiled by ``shell.language.pipeline``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from shell.language import ast as A
from shell.language import conversions as C
from shell.language import members as M
from shell.language import operations as O
from shell.language.errors import (BreakSignal, ContinueSignal, ErrorCategory, ErrorRecord,
                                   ExitSignal, PSRuntimeError, ReturnSignal)
from shell.language.pscollections import Hashtable
from shell.language.scriptblock import FunctionInfo, ScriptBlock

if TYPE_CHECKING:
    from shell.language.interpreter import Interpreter

Expr = Callable[[], Any]
Stmt = Callable[[Callable[[Any], None]], None]


class _Void:
    """The value of ``[void](...)``: a statement with this value outputs nothing."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "VOID"


VOID = _Void()


def emit_value(value: Any, out: Callable[[Any], None]) -> None:
    """Write a statement's value to ``out``, unrolling lists as a pipeline does."""
    t = type(value)
    if t is list or t is tuple:
        for item in value:
            out(item)
    elif t is range or (t is not str and C.is_enumerable(value)):
        for item in value:
            out(item)
    elif value is VOID:
        return
    else:
        out(value)


def collect(stmt: Stmt) -> Any:
    """Run a statement and return its output as PowerShell collects it: None, one item, or a list."""
    items: list[Any] = []
    stmt(items.append)
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return items


class Compiler:
    """Turns AST nodes into closures bound to one interpreter (and so one runspace)."""

    def __init__(self, interp: Interpreter) -> None:
        self.interp = interp
        self.rs = interp.rs
        self._loop_depth = 0

    # ================================================================ statements
    def block(self, node: Any) -> Stmt:
        """A StatementBlockAst (or None) as one statement."""
        if node is None:
            return _noop_stmt
        stmts = [self.statement(s) for s in node.statements]
        if not stmts:
            return _noop_stmt
        # A statement-terminating error (1/0, a failed cast, a cmdlet's terminating
        # error) ends only its statement; the block goes on with the next one, as in
        # PowerShell. `throw`, -ErrorAction Stop and any error inside a try body unwind.
        caught = self.interp.statement_error
        if len(stmts) == 1:
            only, extent = stmts[0], node.statements[0].extent

            def run_one(out: Callable[[Any], None]) -> None:
                try:
                    only(out)
                except PSRuntimeError as err:
                    if not caught(err, extent):
                        raise
            return run_one
        pairs = tuple(zip(stmts, [st.extent for st in node.statements]))

        def run_block(out: Callable[[Any], None]) -> None:
            for st, extent in pairs:
                try:
                    st(out)
                except PSRuntimeError as err:
                    if not caught(err, extent):
                        raise
        return run_block

    def statement(self, node: Any) -> Stmt:
        """Any statement node."""
        method = getattr(self, "st_" + type(node).__name__, None)
        if method is None:
            raise PSRuntimeError(f"Unsupported statement: {type(node).__name__}")
        return method(node)

    def st_PipelineAst(self, node: Any) -> Stmt:
        from shell.language.pipeline import compile_pipeline  # noqa: PLC0415
        return compile_pipeline(self, node)

    def st_PipelineChainAst(self, node: Any) -> Stmt:
        """``left && right`` / ``left || right`` (PowerShell 7).

        The right pipeline runs when the left one succeeded (``&&``) or failed (``||``),
        success being what ``$?`` would say: no error written, no native command exiting
        non-zero. A terminating error in the left one ends the whole chain. Afterwards
        ``$?`` tells how the last pipeline that ran did. ``... &`` runs the chain as a job.
        """
        if node.background:
            return self._background_chain(node)
        left = self.statement(node.left)
        right = self.statement(node.right)
        run_right_on = node.operator == "&&"
        interp = self.interp
        rs = self.rs

        def ex_chain(out: Callable[[Any], None]) -> None:
            # The interpreter's failure flags cover its whole top-level statement; look at
            # them per pipeline here, then leave them as they were or failed.
            failed, native_failed = interp.statement_failed, interp.native_failed
            interp.statement_failed = interp.native_failed = False
            left(out)
            ok = not (interp.statement_failed or interp.native_failed)
            if ok == run_right_on:
                interp.statement_failed = interp.native_failed = False
                rs.last_success = ok  # `a || Write-Output "failed: $?"` sees a's $?
                right(out)
                ok = not (interp.statement_failed or interp.native_failed)
            rs.last_success = ok
            interp.statement_failed = failed or not ok
            interp.native_failed = native_failed
        return ex_chain

    def _background_chain(self, node: Any) -> Stmt:
        """``a && b &``: the whole chain as one background job, as PowerShell 7 runs it."""
        rs = self.rs
        text = node.extent.text.rstrip()
        if text.endswith("&"):
            text = text[:-1]
        chain = A.PipelineChainAst(node.left, node.operator, node.right, False, extent=node.extent)
        body = A.ScriptBlockAst(None, None, None, A.StatementBlockAst((chain,), extent=node.extent),
                                extent=node.extent)

        def ex_background_chain(out: Callable[[Any], None]) -> None:
            if rs.commands.cmdlet("Start-Job") is None:
                raise PSRuntimeError("Background jobs are not available: Start-Job is missing.",
                                     category=ErrorCategory.NOT_SPECIFIED)
            from shell.language.text_output import run_cmdlet_over  # noqa: PLC0415
            for job in run_cmdlet_over(rs, "Start-Job", [], script_block=ScriptBlock(body, text, rs)):
                out(job)
        return ex_background_chain

    def st_AssignmentStatementAst(self, node: Any) -> Stmt:
        value = self.value_of_statement(node.value)
        op = node.operator
        if op == "=":
            assign = self.assigner(node.target)

            def ex_assign(out: Callable[[Any], None]) -> None:
                assign(value())
            return ex_assign
        if op == "??=":
            # PowerShell 7: assign (and evaluate the value) only when the target is $null.
            current = self.expression(node.target)
            store = self.assigner(node.target)

            def ex_coalesce_assign(out: Callable[[Any], None]) -> None:
                if current() is None:
                    store(value())
            return ex_coalesce_assign
        binop = op[0]
        getter = self.expression(node.target)
        assign = self.assigner(node.target)
        func = _fast_binary(binop)

        def ex_augassign(out: Callable[[Any], None]) -> None:
            assign(func(getter(), value()))
        return ex_augassign

    def st_IfStatementAst(self, node: Any) -> Stmt:
        clauses = tuple((self.condition(c), self.block(b)) for c, b in node.clauses)
        else_block = self.block(node.else_block) if node.else_block is not None else None
        truthy = C.truthy

        def ex_if(out: Callable[[Any], None]) -> None:
            for cond, body in clauses:
                if truthy(cond()):
                    body(out)
                    return
            if else_block is not None:
                else_block(out)
        return ex_if

    def condition(self, node: Any) -> Expr:
        """A condition (a pipeline in parentheses) as an expression."""
        return self.value_of_statement(node)

    def st_ForEachStatementAst(self, node: Any) -> Stmt:
        iterable = self.lazy_value(node.iterable)
        assign = self.assigner(node.variable)
        body = self.loop_body(node.body)
        label = (node.label or "").lower() or None
        rs = self.rs
        stop = rs.stop_event

        def ex_foreach(out: Callable[[Any], None]) -> None:
            value = iterable()
            if value is None:
                return
            if type(value) is not list and type(value) is not range and not C.is_enumerable(value):
                value = (value,)
            for item in value:
                if stop.is_set():
                    rs.check_stopping()
                assign(item)
                try:
                    body(out)
                except BreakSignal as sig:
                    if sig.label is None or sig.label.lower() == label:
                        return
                    raise
                except ContinueSignal as sig:
                    if sig.label is None or sig.label.lower() == label:
                        continue
                    raise
        return ex_foreach

    def loop_body(self, node: Any) -> Stmt:
        """A loop's body block."""
        self._loop_depth += 1
        try:
            return self.block(node)
        finally:
            self._loop_depth -= 1

    def st_ForStatementAst(self, node: Any) -> Stmt:
        init = self.statement(node.initializer) if node.initializer is not None else _noop_stmt
        cond = self.value_of_statement(node.condition) if node.condition is not None else (lambda: True)
        step = self.statement(node.iterator) if node.iterator is not None else _noop_stmt
        body = self.loop_body(node.body)
        return self._loop(init, cond, step, body, node.label, check_first=True)

    def st_WhileStatementAst(self, node: Any) -> Stmt:
        cond = self.value_of_statement(node.condition)
        body = self.loop_body(node.body)
        return self._loop(_noop_stmt, cond, _noop_stmt, body, node.label, check_first=True)

    def st_DoWhileStatementAst(self, node: Any) -> Stmt:
        cond = self.value_of_statement(node.condition)
        if node.until:
            inner = cond

            def cond() -> Any:  # noqa: F811 - do/until loops while the condition is false
                return not C.truthy(inner())
        body = self.loop_body(node.body)
        return self._loop(_noop_stmt, cond, _noop_stmt, body, node.label, check_first=False)

    def _loop(self, init: Stmt, cond: Expr, step: Stmt, body: Stmt, label: str | None,
              check_first: bool) -> Stmt:
        truthy = C.truthy
        rs = self.rs
        stop = rs.stop_event
        low = (label or "").lower() or None
        discard = _discard

        def ex_loop(out: Callable[[Any], None]) -> None:
            init(discard)
            first = True
            while True:
                if (check_first or not first) and not truthy(cond()):
                    return
                first = False
                if stop.is_set():
                    rs.check_stopping()
                try:
                    body(out)
                except BreakSignal as sig:
                    if sig.label is None or sig.label.lower() == low:
                        return
                    raise
                except ContinueSignal as sig:
                    if not (sig.label is None or sig.label.lower() == low):
                        raise
                step(discard)
        return ex_loop

    def st_SwitchStatementAst(self, node: Any) -> Stmt:
        from shell.language.switch import compile_switch  # noqa: PLC0415
        return compile_switch(self, node)

    def st_BreakStatementAst(self, node: Any) -> Stmt:
        label = node.label

        def ex_break(out: Callable[[Any], None]) -> None:
            raise BreakSignal(label)
        return ex_break

    def st_ContinueStatementAst(self, node: Any) -> Stmt:
        label = node.label

        def ex_continue(out: Callable[[Any], None]) -> None:
            raise ContinueSignal(label)
        return ex_continue

    def st_ReturnStatementAst(self, node: Any) -> Stmt:
        if node.pipeline is None:
            def ex_return(out: Callable[[Any], None]) -> None:
                raise ReturnSignal()
            return ex_return
        inner = self.statement(node.pipeline)

        def ex_return_value(out: Callable[[Any], None]) -> None:
            inner(out)
            raise ReturnSignal()
        return ex_return_value

    def st_ExitStatementAst(self, node: Any) -> Stmt:
        value = self.value_of_statement(node.pipeline) if node.pipeline is not None else (lambda: 0)

        def ex_exit(out: Callable[[Any], None]) -> None:
            v = value()
            try:
                code = int(C.convert_to("int", v)) if v is not None else 0
            except PSRuntimeError:
                code = 1
            raise ExitSignal(code)
        return ex_exit

    def st_ThrowStatementAst(self, node: Any) -> Stmt:
        value = self.value_of_statement(node.pipeline) if node.pipeline is not None else None
        extent = node.extent
        rs = self.rs

        def ex_throw(out: Callable[[Any], None]) -> None:
            if value is None:
                current = rs.get_variable("_")
                if isinstance(current, ErrorRecord):
                    raise PSRuntimeError(current, script_terminating=True)
                record = ErrorRecord("ScriptHalted", category=ErrorCategory.OPERATION_STOPPED,
                                     error_id="ScriptHalted", extent=extent)
                raise PSRuntimeError(record, script_terminating=True)
            v = value()
            if isinstance(v, ErrorRecord):
                raise PSRuntimeError(v, script_terminating=True)
            message = C.to_string(v)
            record = ErrorRecord(message, category=ErrorCategory.OPERATION_STOPPED,
                                 error_id=message, target=None if isinstance(v, str) else v,
                                 extent=extent, exception_type="System.Management.Automation.RuntimeException")
            record.inner = None
            raise PSRuntimeError(record, script_terminating=True)
        return ex_throw

    def st_TryStatementAst(self, node: Any) -> Stmt:
        from shell.language.trycatch import compile_try  # noqa: PLC0415
        return compile_try(self, node)

    def st_FunctionDefinitionAst(self, node: Any) -> Stmt:
        rs = self.rs
        name = node.name
        body = node.body
        text = body.extent.text if body.extent is not None else ""
        is_filter = bool(node.is_filter)

        scope_name, _, bare = name.rpartition(":")
        scope_name = scope_name.lower()
        if scope_name not in ("", "global", "script", "local", "private", "function"):
            bare = name  # not a scope prefix: keep the name as written

        def ex_function(out: Callable[[Any], None]) -> None:
            block = ScriptBlock(body, _braced_inner(text), rs)
            block.is_filter = is_filter
            target = {"global": rs.global_scope, "script": rs.script_scope}.get(scope_name, rs.scope)
            target.functions[bare.lower()] = FunctionInfo(bare, block)
        return ex_function

    # ================================================================ values of statements
    def value_of_statement(self, node: Any) -> Expr:
        """A statement used as a value (``$x = <statement>``, conditions, ``foreach (... in <here>)``).

        A pipeline that is a single expression gives that expression's value as is (no
        enumeration: ``$x = ,(1,2)`` keeps the nesting); anything else is collected.
        """
        if not isinstance(node, A.STATEMENT_TYPES):
            return self.expression(node)
        if type(node) is A.AssignmentStatementAst:
            # `$a = $b = 7` and `($x = 3)`: an assignment used as a value gives what it assigned.
            assign_stmt = self.statement(node)
            getter = self.expression(node.target) if type(node.target) is not A.ArrayLiteralAst else None

            def ev_assignment() -> Any:
                assign_stmt(_discard)
                return getter() if getter is not None else None
            return ev_assignment
        if type(node) is A.PipelineAst and len(node.elements) == 1 and not node.background:
            only = node.elements[0]
            if type(only) is A.CommandExpressionAst and not only.redirections:
                return self.expression(only.expression)
        stmt = self.statement(node)

        def ev_collected() -> Any:
            return collect(stmt)
        return ev_collected

    def lazy_value(self, node: Any) -> Expr:
        """Like value_of_statement, but ``a..b`` of integers gives a lazy range, not a list.

        Used where the value is only iterated (``foreach (... in 1..1e9)``, the head of a
        pipeline), so a large range costs nothing until it is walked and a pipeline that
        stops early (``Select-Object -First``) never builds it.
        """
        inner = node
        if type(inner) is A.PipelineAst and len(inner.elements) == 1 and not inner.background:
            only = inner.elements[0]
            if type(only) is A.CommandExpressionAst and not only.redirections:
                inner = only.expression
        if type(inner) is A.BinaryExpressionAst and inner.operator == "..":
            left = self.expression(inner.left)
            right = self.expression(inner.right)
            slow = O.BINARY_OPS[".."]

            def ev_range() -> Any:
                a, b = left(), right()
                if type(a) is float and a.is_integer():
                    a = int(a)
                if type(b) is float and b.is_integer():
                    b = int(b)
                if type(a) is int and type(b) is int:
                    return range(a, b + 1) if a <= b else range(a, b - 1, -1)
                return slow(a, b)
            return ev_range
        return self.value_of_statement(node)

    # ================================================================ expressions
    def expression(self, node: Any) -> Expr:
        """Any expression node."""
        method = getattr(self, "ex_" + type(node).__name__, None)
        if method is None:
            raise PSRuntimeError(f"Unsupported expression: {type(node).__name__}")
        return method(node)

    def ex_ConstantExpressionAst(self, node: Any) -> Expr:
        value = node.value
        return lambda: value

    def ex_StringConstantExpressionAst(self, node: Any) -> Expr:
        value = node.value
        return lambda: value

    def ex_ExpandableStringExpressionAst(self, node: Any) -> Expr:
        parts: list[Any] = []
        for part in node.parts:
            parts.append(part if isinstance(part, str) else self.expression(part))
        to_string = C.to_string
        parts_t = tuple(parts)

        def ev_expand() -> str:
            return "".join(p if type(p) is str else to_string(p()) for p in parts_t)
        return ev_expand

    def ex_VariableExpressionAst(self, node: Any) -> Expr:
        from shell.language.variables import compile_variable  # noqa: PLC0415
        return compile_variable(self, node)

    def ex_ArrayLiteralAst(self, node: Any) -> Expr:
        elements = tuple(self.expression(e) for e in node.elements)
        return lambda: [e() for e in elements]

    def ex_ArrayExpressionAst(self, node: Any) -> Expr:
        body = self.block(node.body)

        def ev_array() -> list[Any]:
            items: list[Any] = []
            body(items.append)
            return items
        return ev_array

    def ex_HashtableAst(self, node: Any) -> Expr:
        pairs = tuple((self.key_expression(k), self.value_of_statement(v)) for k, v in node.pairs)

        def ev_hashtable() -> Hashtable:
            table = Hashtable()
            for key, value in pairs:
                k = key()
                if k is None:
                    raise PSRuntimeError("A null key is not allowed in a hash literal.",
                                         category=ErrorCategory.INVALID_OPERATION, error_id="InvalidNullKey")
                if k in table:
                    raise PSRuntimeError(
                        f"Duplicate keys '{k}' are not allowed in hash literals.",
                        category=ErrorCategory.INVALID_OPERATION)
                table[k] = value()
            return table
        return ev_hashtable

    def key_expression(self, node: Any) -> Expr:
        """A hashtable key: a bareword is its text."""
        return self.expression(node)

    def ex_ScriptBlockExpressionAst(self, node: Any) -> Expr:
        body, text, rs = node.body, node.text, self.rs

        def ev_scriptblock() -> ScriptBlock:
            return ScriptBlock(body, text, rs)
        return ev_scriptblock

    def ex_ParenExpressionAst(self, node: Any) -> Expr:
        return self.value_of_statement(node.pipeline)

    def ex_SubExpressionAst(self, node: Any) -> Expr:
        body = self.block(node.body)

        def ev_sub() -> Any:
            return collect(body)
        return ev_sub

    def ex_BinaryExpressionAst(self, node: Any) -> Expr:
        from shell.language.expressions import compile_binary  # noqa: PLC0415
        return compile_binary(self, node)

    def ex_UnaryExpressionAst(self, node: Any) -> Expr:
        from shell.language.expressions import compile_unary  # noqa: PLC0415
        return compile_unary(self, node)

    def ex_ConvertExpressionAst(self, node: Any) -> Expr:
        from shell.language.expressions import compile_convert  # noqa: PLC0415
        return compile_convert(self, node)

    def ex_TypeExpressionAst(self, node: Any) -> Expr:
        type_name = node.type_name

        def ev_type() -> Any:
            return M.type_info(type_name)
        return ev_type

    def ex_MemberExpressionAst(self, node: Any) -> Expr:
        from shell.language.expressions import compile_member  # noqa: PLC0415
        return compile_member(self, node)

    def ex_InvokeMemberExpressionAst(self, node: Any) -> Expr:
        from shell.language.expressions import compile_invoke_member  # noqa: PLC0415
        return compile_invoke_member(self, node)

    def ex_IndexExpressionAst(self, node: Any) -> Expr:
        target = self.expression(node.target)
        index = self.expression(node.index)
        get_index = M.get_index

        def ev_index() -> Any:
            return get_index(target(), index())
        return ev_index

    def ex_TernaryExpressionAst(self, node: Any) -> Expr:
        from shell.language.expressions import compile_ternary  # noqa: PLC0415
        return compile_ternary(self, node)

    def ex_NullConditionalMemberExpressionAst(self, node: Any) -> Expr:
        from shell.language.expressions import compile_null_conditional_member  # noqa: PLC0415
        return compile_null_conditional_member(self, node)

    def ex_NullConditionalInvokeMemberExpressionAst(self, node: Any) -> Expr:
        from shell.language.expressions import compile_null_conditional_invoke  # noqa: PLC0415
        return compile_null_conditional_invoke(self, node)

    def ex_NullConditionalIndexExpressionAst(self, node: Any) -> Expr:
        from shell.language.expressions import compile_null_conditional_index  # noqa: PLC0415
        return compile_null_conditional_index(self, node)

    # Statements used where an expression is expected (rare: `$x = if (...) {...}` is not
    # PowerShell, but a pipeline inside parentheses is).
    def ex_PipelineAst(self, node: Any) -> Expr:
        return self.value_of_statement(node)

    # ================================================================ assignment targets
    def assigner(self, node: Any) -> Callable[[Any], None]:
        """A closure that stores a value into the target expression."""
        t = type(node)
        if t is A.VariableExpressionAst:
            from shell.language.variables import compile_variable_setter  # noqa: PLC0415
            return compile_variable_setter(self, node)
        if t is A.ConvertExpressionAst:
            inner = self.assigner(node.operand)
            type_name = node.type_name

            def assign_typed(value: Any) -> None:
                inner(C.convert_to(type_name, value))
            return assign_typed
        if t is A.MemberExpressionAst:
            target = self.expression(node.target)
            member = self.member_name(node.member)
            set_member = M.set_member

            def assign_member(value: Any) -> None:
                set_member(target(), member(), value)
            return assign_member
        if t is A.IndexExpressionAst:
            target = self.expression(node.target)
            index = self.expression(node.index)
            set_index = M.set_index

            def assign_index(value: Any) -> None:
                set_index(target(), index(), value)
            return assign_index
        if t is A.ArrayLiteralAst:
            targets = tuple(self.assigner(e) for e in node.elements)

            def assign_many(value: Any) -> None:
                items = list(value) if isinstance(value, (list, tuple)) else [value]
                for i, target_fn in enumerate(targets):
                    if i == len(targets) - 1:
                        rest = items[i:]
                        target_fn(rest[0] if len(rest) == 1 else (rest or None))
                    else:
                        target_fn(items[i] if i < len(items) else None)
            return assign_many
        if t is A.ParenExpressionAst:
            return self.assigner(_single_expression(node.pipeline))
        raise PSRuntimeError("The assignment expression is not valid. The input to an assignment "
                             "operator must be an object that is able to accept assignments, such "
                             "as a variable or a property.", category=ErrorCategory.INVALID_OPERATION)

    def member_name(self, node: Any) -> Expr:
        """A member name: a constant's text, or any expression's string form."""
        if type(node) is A.StringConstantExpressionAst:
            name = node.value
            return lambda: name
        ev = self.expression(node)
        return lambda: C.to_string(ev())


def _single_expression(pipeline: Any) -> Any:
    if type(pipeline) is A.PipelineAst and len(pipeline.elements) == 1:
        only = pipeline.elements[0]
        if type(only) is A.CommandExpressionAst:
            return only.expression
    return pipeline


def _braced_inner(text: str) -> str:
    """The text of a function body without its outer braces."""
    text = text.strip()
    if text.startswith("{") and text.endswith("}"):
        return text[1:-1]
    return text


def _noop_stmt(out: Callable[[Any], None]) -> None:
    return None


def _discard(item: Any) -> None:
    return None


_INT32_MIN = -(2 ** 31)
_INT32_MAX = 2 ** 31 - 1


def _fast_binary(op: str) -> Callable[[Any, Any], Any]:
    """The function for an arithmetic operator, with an int/float fast path.

    Integer results outside Int32 go the slow way, which applies PowerShell's rules
    (Int32 and Int64 overflow widen to Double).
    """
    slow = O.BINARY_OPS[op]
    if op == "+":
        def add(a: Any, b: Any) -> Any:
            ta = type(a)
            tb = type(b)
            if (ta is float and (tb is float or tb is int)) or (ta is int and tb is float):
                return a + b
            if ta is int and tb is int:
                r = a + b
                if _INT32_MIN <= r <= _INT32_MAX:
                    return r
            return slow(a, b)
        return add
    if op == "-":
        def sub(a: Any, b: Any) -> Any:
            ta = type(a)
            tb = type(b)
            if (ta is float and (tb is float or tb is int)) or (ta is int and tb is float):
                return a - b
            if ta is int and tb is int:
                r = a - b
                if _INT32_MIN <= r <= _INT32_MAX:
                    return r
            return slow(a, b)
        return sub
    if op == "*":
        def mul(a: Any, b: Any) -> Any:
            ta = type(a)
            tb = type(b)
            if (ta is float and (tb is float or tb is int)) or (ta is int and tb is float):
                return a * b
            if ta is int and tb is int:
                r = a * b
                if _INT32_MIN <= r <= _INT32_MAX:
                    return r
            return slow(a, b)
        return mul
    return slow


fast_binary = _fast_binary
