"""Compiling operators, casts and member access into closures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from shell.language import ast as A
from shell.language import conversions as C
from shell.language import members as M
from shell.language import operations as O
from shell.language.errors import ErrorCategory, PSRuntimeError
from shell.language.pscollections import Hashtable
from shell.language.psobject import PSObject
from shell.language.compiler import VOID as _VOID

if TYPE_CHECKING:
    from shell.language.compiler import Compiler

Expr = Callable[[], Any]


class TypeRef:
    """``[int]`` used as a value: a type name (``-is``, ``-as``, ``::`` targets)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def FullName(self) -> str:  # noqa: N802 - PowerShell's property name
        """The type's full name as PowerShell would show it."""
        return self.name

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"[{self.name}]"


_COMPARISONS = {"-eq", "-ne", "-gt", "-ge", "-lt", "-le"}


def compile_binary(comp: Compiler, node: Any) -> Expr:
    """``left op right``."""
    op = node.operator
    left = comp.expression(node.left)
    if op in ("-is", "-isnot", "-as") and type(node.right) is A.TypeExpressionAst:
        type_name = node.right.type_name
        right: Expr = lambda: type_name  # noqa: E731
    else:
        right = comp.expression(node.right)
    truthy = C.truthy
    if op == "??":
        # PowerShell 7's null-coalescing: the right side is evaluated only when needed.
        def ev_coalesce() -> Any:
            value = left()
            return right() if value is None else value
        return ev_coalesce
    if op == "-and":
        return lambda: bool(truthy(left()) and truthy(right()))
    if op == "-or":
        return lambda: bool(truthy(left()) or truthy(right()))
    if op in ("-match", "-notmatch", "-cmatch", "-cnotmatch", "-imatch", "-inotmatch"):
        return _compile_match(comp, op, left, right)
    func = O.BINARY_OPS.get(op)
    if func is None:
        raise PSRuntimeError(f"The operator '{op}' is not supported.",
                             category=ErrorCategory.INVALID_OPERATION)
    if op in ("+", "-", "*"):
        from shell.language.compiler import fast_binary  # noqa: PLC0415
        fast = fast_binary(op)
        return lambda: fast(left(), right())
    if op in ("-lt", "-le", "-gt", "-ge", "-eq", "-ne"):
        return _compile_fast_compare(op, func, left, right)
    return lambda: func(left(), right())


def _compile_fast_compare(op: str, slow: Callable[[Any, Any], Any], left: Expr, right: Expr) -> Expr:
    import operator  # noqa: PLC0415
    py = {"-lt": operator.lt, "-le": operator.le, "-gt": operator.gt, "-ge": operator.ge,
          "-eq": operator.eq, "-ne": operator.ne}[op]

    def ev_compare() -> Any:
        a = left()
        b = right()
        ta = type(a)
        if (ta is int or ta is float) and (type(b) is int or type(b) is float):
            return py(a, b)
        return slow(a, b)
    return ev_compare


def _compile_match(comp: Compiler, op: str, left: Expr, right: Expr) -> Expr:
    negate = "not" in op
    case = op.startswith("-c")
    rs = comp.rs
    match = O.match

    def ev_match() -> Any:
        result, matches = match(left(), right(), case, negate)
        if matches is not None:
            rs.scope.set_local("matches", matches)
        return result
    return ev_match


def compile_unary(comp: Compiler, node: Any) -> Expr:
    """``op operand``, including ``++``/``--`` (prefix and postfix)."""
    op = node.operator
    if op in ("++", "--", "post++", "post--"):
        getter = comp.expression(node.operand)
        setter = comp.assigner(node.operand)
        delta = 1 if op.endswith("++") else -1
        add = O.BINARY_OPS["+"]
        if op.startswith("post"):
            def ev_post() -> Any:
                old = getter()
                setter(add(old if old is not None else 0, delta))
                return old
            return ev_post

        def ev_pre() -> Any:
            old = getter()
            new = add(old if old is not None else 0, delta)
            setter(new)
            return new
        return ev_pre
    operand = comp.expression(node.operand)
    if op == ",":
        return lambda: [operand()]
    func = O.UNARY_OPS.get(op)
    if func is None:
        raise PSRuntimeError(f"The unary operator '{op}' is not supported.",
                             category=ErrorCategory.INVALID_OPERATION)
    return lambda: func(operand())


def compile_convert(comp: Compiler, node: Any) -> Expr:
    """``[type] operand``, with fast paths for ``[pscustomobject]@{}`` and ``[ordered]@{}``."""
    type_name = node.type_name
    low = type_name.lower()
    operand_node = node.operand
    if type(operand_node) is A.HashtableAst and low in ("pscustomobject", "psobject",
                                                       "system.management.automation.pscustomobject",
                                                       "ordered"):
        pairs = tuple((comp.key_expression(k), comp.value_of_statement(v)) for k, v in operand_node.pairs)
        if low == "ordered":
            def ev_ordered() -> Hashtable:
                table = Hashtable()
                table.ordered = True
                for key, value in pairs:
                    table[key()] = value()
                return table
            return ev_ordered

        def ev_custom() -> PSObject:
            props: dict[str, Any] = {}
            for key, value in pairs:
                k = key()
                props[k if type(k) is str else C.to_string(k)] = value()
            return PSObject(props)
        return ev_custom
    if low == "ref" and type(operand_node) is A.VariableExpressionAst:
        # [ref]$x refers to the variable itself: writing its Value assigns $x (in the scope
        # that holds $x when the reference is made, even from inside a function called with it).
        from shell.language.value_types import Ref, variable_ref  # noqa: PLC0415
        if operand_node.scope is None and operand_node.name.lower() != "null":
            rs, name = comp.rs, operand_node.name
            return lambda: variable_ref(rs.scope, name)
        getter, setter = comp.expression(operand_node), comp.assigner(operand_node)
        return lambda: Ref(getter, setter)
    operand = comp.expression(operand_node)
    if low == "void":
        def ev_void() -> Any:
            operand()
            return _VOID
        return ev_void
    convert = C.convert_to
    return lambda: convert(type_name, operand())


def compile_member(comp: Compiler, node: Any) -> Expr:
    """``target.member`` and ``[type]::member``."""
    name = comp.member_name(node.member)
    if node.static:
        type_name = _static_type(node.target)
        get_static = M.get_static
        return lambda: get_static(type_name, name())
    target = comp.expression(node.target)
    get_member = M.get_member
    if type(node.member) is A.StringConstantExpressionAst:
        const = node.member.value
        return lambda: get_member(target(), const)
    return lambda: get_member(target(), name())


def compile_invoke_member(comp: Compiler, node: Any) -> Expr:
    """``target.Method(args)`` and ``[type]::Method(args)``."""
    name = comp.member_name(node.member)
    args = tuple(comp.expression(a) for a in node.arguments or ())
    if node.static:
        type_name = _static_type(node.target)
        invoke_static = M.invoke_static
        return lambda: invoke_static(type_name, name(), [a() for a in args])
    target = comp.expression(node.target)
    invoke = M.invoke_method
    return lambda: invoke(target(), name(), [a() for a in args])


def _static_type(node: Any) -> str:
    if type(node) is A.TypeExpressionAst:
        return node.type_name
    raise PSRuntimeError("Static members can only be used on a type: [Type]::Member.",
                         category=ErrorCategory.INVALID_OPERATION)


def compile_ternary(comp: Compiler, node: Any) -> Expr:
    """``condition ? if_true : if_false``: only the chosen branch is evaluated."""
    condition = comp.expression(node.condition)
    if_true = comp.expression(node.if_true)
    if_false = comp.expression(node.if_false)
    truthy = C.truthy
    return lambda: if_true() if truthy(condition()) else if_false()


def compile_null_conditional_member(comp: Compiler, node: Any) -> Expr:
    """``${x}?.Name``: $null when the target is $null, else the member."""
    target = comp.expression(node.target)
    name = comp.member_name(node.member)
    get_member = M.get_member

    def ev_member() -> Any:
        value = target()
        return None if value is None else get_member(value, name())
    return ev_member


def compile_null_conditional_invoke(comp: Compiler, node: Any) -> Expr:
    """``${x}?.Method(args)``: $null, arguments unevaluated, when the target is $null."""
    target = comp.expression(node.target)
    name = comp.member_name(node.member)
    args = tuple(comp.expression(a) for a in node.arguments or ())
    invoke = M.invoke_method

    def ev_invoke() -> Any:
        value = target()
        return None if value is None else invoke(value, name(), [a() for a in args])
    return ev_invoke


def compile_null_conditional_index(comp: Compiler, node: Any) -> Expr:
    """``${x}?[i]``: $null, the index unevaluated, when the target is $null."""
    target = comp.expression(node.target)
    index = comp.expression(node.index)
    get_index = M.get_index

    def ev_index() -> Any:
        value = target()
        return None if value is None else get_index(value, index())
    return ev_index
