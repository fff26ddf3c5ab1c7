"""Compiling the ``switch`` statement."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable

from shell.language import ast as A
from shell.language import conversions as C
from shell.language import operations as O
from shell.language.errors import BreakSignal, ContinueSignal
from shell.language.scriptblock import ScriptBlock

if TYPE_CHECKING:
    from shell.language.compiler import Compiler


def compile_switch(comp: Compiler, node: Any) -> Callable[[Callable[[Any], None]], None]:
    """``switch [-regex|-wildcard|-exact|-casesensitive] (value) { test { body } ... default { } }``."""
    rs = comp.rs
    flags = node.flags or frozenset()
    case = "casesensitive" in flags
    mode = "regex" if "regex" in flags else "wildcard" if "wildcard" in flags else "exact"
    condition = comp.value_of_statement(node.condition)
    clauses = []
    for test, body in node.clauses:
        if type(test) is A.ScriptBlockExpressionAst:
            clauses.append(("block", (test.body, test.text), comp.loop_body(body)))
        else:
            clauses.append(("value", comp.expression(test), comp.loop_body(body)))
    default = comp.loop_body(node.default) if node.default is not None else None
    label = (node.label or "").lower() or None
    truthy = C.truthy
    to_string = C.to_string

    def matches(test_kind: str, test: Any, item: Any) -> bool:
        if test_kind == "block":
            block = ScriptBlock(test[0], test[1], rs)
            result = rs.engine.invoke_block(block, (), dollar_under=item, new_scope=False)
            return truthy(result[0] if result and len(result) == 1 else result)
        expected = test()
        if mode == "regex":
            found = re.search(to_string(expected), to_string(item), 0 if case else re.IGNORECASE)
            if found:
                O.match(to_string(item), to_string(expected), case, False)
                result, table = O.match(to_string(item), to_string(expected), case, False)
                if table is not None:
                    rs.scope.set_local("matches", table)
            return bool(found)
        if mode == "wildcard":
            op = "-clike" if case else "-like"
            return truthy(O.BINARY_OPS[op](to_string(item), to_string(expected)))
        if isinstance(item, str) or isinstance(expected, str):
            a, b = to_string(item), to_string(expected)
            return a == b if case else a.lower() == b.lower()
        return O.equals(item, expected, case)

    def ex_switch(out: Callable[[Any], None]) -> None:
        value = condition()
        items = value if isinstance(value, list) or (C.is_enumerable(value) and not isinstance(value, str)) else [value]
        saved = rs.scope.vars.get("_", _MISSING)
        try:
            for item in items:
                rs.scope.set_local("_", item)
                matched = False
                try:
                    for kind, test, body in clauses:
                        if matches(kind, test, item):
                            matched = True
                            body(out)
                    if not matched and default is not None:
                        default(out)
                except ContinueSignal as sig:
                    if sig.label is None or sig.label.lower() == label:
                        continue
                    raise
                except BreakSignal as sig:
                    if sig.label is None or sig.label.lower() == label:
                        return
                    raise
        finally:
            if saved is _MISSING:
                rs.scope.vars.pop("_", None)
            else:
                rs.scope.vars["_"] = saved
    return ex_switch


_MISSING = object()
