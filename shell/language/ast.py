"""The abstract syntax tree of the psrepl language.

Every node is immutable and carries its ``extent`` (where in the source it came
from), so every error can point at its text.  Nodes are plain ``__slots__``
classes rather than frozen dataclasses: building ~50 dataclasses costs 30-60 ms at
import, which alone would blow the start-up budget (see docs/architecture.md).

Conventions shared by the parser (which builds these) and the compiler (which
turns them into Python closures):

* Operator names are lower-case strings: ``'+'``, ``'-eq'``, ``'-ceq'``,
  ``'-and'``, ``'..'``, ``'-f'``, ``'??'`` (null-coalescing); unary ``'-not'``,
  ``'!'``, ``'-'``, ``'+'``, ``','`` (unary comma), ``'-split'``, ``'-join'``,
  ``'-bnot'``, ``'++'``/``'--'`` (prefix) and ``'post++'``/``'post--'`` (postfix).
* Statements are ``PipelineAst`` or one of the statement nodes; a
  ``PipelineAst`` whose single element is a ``CommandExpressionAst`` is a bare
  expression statement.
* Type names are kept as written, without brackets (``'int'``, ``'string[]'``,
  ``'System.DateTime'``, ``'ordered'``, ``'pscustomobject'``).
"""

from __future__ import annotations

from typing import Any


class SourceText(str):
    """Source text that knows the file it came from (extents point into it)."""

    def __new__(cls, text: str, file: str | None = None) -> SourceText:
        self = super().__new__(cls, text)
        self.file = file
        return self


class Extent:
    """A span of source text: offsets into ``source`` and the 1-based line/column of its start."""

    __slots__ = ("source", "start", "end", "line", "column")

    def __init__(self, source: str, start: int, end: int, line: int, column: int) -> None:
        self.source = source
        self.start = start
        self.end = end
        self.line = line
        self.column = column

    @property
    def file(self) -> str | None:
        """The script file this extent is in, or None for typed input."""
        return getattr(self.source, "file", None)

    @property
    def text(self) -> str:
        """The source text this extent covers."""
        return self.source[self.start:self.end]

    @property
    def line_text(self) -> str:
        """The whole source line on which this extent starts (no newline)."""
        begin = self.source.rfind("\n", 0, self.start) + 1
        stop = self.source.find("\n", self.start)
        return self.source[begin:] if stop < 0 else self.source[begin:stop]

    def __repr__(self) -> str:
        return f"Extent({self.line}:{self.column} {self.text!r})"


EMPTY_EXTENT = Extent("", 0, 0, 1, 1)


class Node:
    """Base of all AST nodes: positional/keyword construction from ``_fields``, immutable after."""

    __slots__ = ("extent",)
    _fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, extent: Extent = EMPTY_EXTENT, **kwargs: Any) -> None:
        setter = object.__setattr__
        fields = self._fields
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__} takes {len(fields)} fields")
        for name, value in zip(fields, args):
            setter(self, name, value)
        for name in fields[len(args):]:
            setter(self, name, kwargs.pop(name, None))
        if kwargs:
            raise TypeError(f"{type(self).__name__}: unknown fields {sorted(kwargs)}")
        setter(self, "extent", extent)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __repr__(self) -> str:
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({inner})"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and all(
            getattr(self, f) == getattr(other, f) for f in self._fields
        )

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.extent.start, self.extent.end))


def _node(name: str, fields: str, doc: str) -> type[Node]:
    """Declare a node class with the given space-separated fields."""
    names = tuple(fields.split())
    cls = type(name, (Node,), {"__slots__": names, "_fields": names, "__doc__": doc})
    return cls


# ---------------------------------------------------------------- script blocks
ScriptBlockAst = _node(
    "ScriptBlockAst",
    "param_block begin_block process_block end_block",
    "A script block: optional ``param()`` and named blocks. A plain body is the end block. "
    "Each block is a StatementBlockAst or None.",
)
ParamBlockAst = _node("ParamBlockAst", "parameters attributes",
                      "``param(...)``: a tuple of ParameterAst, and attributes such as [CmdletBinding()].")
ParameterAst = _node(
    "ParameterAst",
    "name type_name default attributes",
    "One parameter: name without ``$``, type name or None, default expression or None, "
    "tuple of AttributeAst (e.g. ``[Parameter(Mandatory)]``).",
)
AttributeAst = _node(
    "AttributeAst", "type_name positional named",
    "``[Name(arg, Key=value)]``: positional is a tuple of expressions, named a tuple of "
    "(key, expression-or-None) pairs; ``Mandatory`` alone gives ('Mandatory', None).",
)
StatementBlockAst = _node("StatementBlockAst", "statements", "A sequence of statements.")

# ---------------------------------------------------------------- pipelines, commands
PipelineAst = _node("PipelineAst", "elements background",
                    "``a | b | c``: elements are CommandAst/CommandExpressionAst; background is a trailing ``&``.")
CommandAst = _node(
    "CommandAst", "elements invocation_operator redirections",
    "A command: elements[0] names it (a StringConstantExpressionAst for a bareword, else any "
    "expression); the rest are arguments (expressions) and CommandParameterAst. "
    "invocation_operator is '&', '.' or None. redirections is a tuple.",
)
CommandParameterAst = _node(
    "CommandParameterAst", "name argument",
    "``-Name`` (argument None) or ``-Name:value`` (argument an expression). name has no dash.",
)
CommandExpressionAst = _node("CommandExpressionAst", "expression redirections",
                             "An expression used as a pipeline element.")
FileRedirectionAst = _node(
    "FileRedirectionAst", "stream target append",
    "``n> file`` / ``n>> file``: stream is 1-6 or '*' (``>`` alone is 1); target an expression.",
)
MergingRedirectionAst = _node("MergingRedirectionAst", "from_stream to_stream",
                              "``n>&1``: from_stream is 2-6 or '*', to_stream is 1.")

# ---------------------------------------------------------------- statements
AssignmentStatementAst = _node(
    "AssignmentStatementAst", "target operator value",
    "``target op value``: target a VariableExpressionAst/MemberExpressionAst/IndexExpressionAst "
    "(or ArrayLiteralAst for ``$a,$b = ...``); operator '=', '+=', '-=', '*=', '/=', '%=', '??='; "
    "value a statement (usually a PipelineAst).",
)
IfStatementAst = _node("IfStatementAst", "clauses else_block",
                       "clauses: tuple of (condition PipelineAst, StatementBlockAst); else_block or None.")
ForEachStatementAst = _node("ForEachStatementAst", "variable iterable body label",
                            "``foreach ($x in pipeline) {...}``; label without ':' or None.")
ForStatementAst = _node("ForStatementAst", "initializer condition iterator body label",
                        "``for (init; cond; iter) {...}``; each part a statement or None.")
WhileStatementAst = _node("WhileStatementAst", "condition body label", "``while (cond) {...}``.")
DoWhileStatementAst = _node("DoWhileStatementAst", "body condition until label",
                            "``do {...} while (cond)`` or, with until=True, ``do {...} until (cond)``.")
SwitchStatementAst = _node(
    "SwitchStatementAst", "condition clauses default flags label",
    "``switch -flags (cond) { test {body} ... default {body} }``: clauses a tuple of "
    "(test expression, StatementBlockAst); a test that is a ScriptBlockExpressionAst is "
    "evaluated with $_; flags a frozenset of 'regex', 'wildcard', 'exact', 'casesensitive', 'file'.",
)
BreakStatementAst = _node("BreakStatementAst", "label", "``break [label]``.")
ContinueStatementAst = _node("ContinueStatementAst", "label", "``continue [label]``.")
ReturnStatementAst = _node("ReturnStatementAst", "pipeline", "``return [pipeline]``.")
ExitStatementAst = _node("ExitStatementAst", "pipeline", "``exit [pipeline]``.")
ThrowStatementAst = _node("ThrowStatementAst", "pipeline", "``throw [pipeline]``.")
TryStatementAst = _node("TryStatementAst", "body catches finally_block",
                        "``try {} catch [T] {} finally {}``.")
CatchClauseAst = _node("CatchClauseAst", "type_names body",
                       "One catch: type_names a tuple of strings (empty: catch all).")
FunctionDefinitionAst = _node(
    "FunctionDefinitionAst", "name body is_filter",
    "``function Name { ... }``; ``function f($a, $b) {}`` is folded into body.param_block. "
    "body is a ScriptBlockAst.",
)

# ---------------------------------------------------------------- expressions
ConstantExpressionAst = _node("ConstantExpressionAst", "value", "A number (int or float) literal.")
StringConstantExpressionAst = _node(
    "StringConstantExpressionAst", "value kind",
    "A string with nothing to expand. kind: 'bare' (a bareword command argument or name), "
    "'single', 'double', 'here_single', 'here_double'.",
)
ExpandableStringExpressionAst = _node(
    "ExpandableStringExpressionAst", "parts kind",
    "A double-quoted string with ``$var``/``$(...)``: parts is a tuple of str (literal text, "
    "escapes already applied) and expressions; kind 'double' or 'here_double' or 'bare'.",
)
VariableExpressionAst = _node(
    "VariableExpressionAst", "name scope splatted",
    "``$name`` / ``$scope:name`` / ``@name`` (splatted=True). scope is None or lower-case "
    "'global', 'script', 'local', 'private', 'using', 'env', 'variable', 'function'. "
    "name keeps its case; ``${weird name}`` gives the inner text.",
)
ArrayLiteralAst = _node("ArrayLiteralAst", "elements", "``1, 2, 3``.")
ArrayExpressionAst = _node("ArrayExpressionAst", "body", "``@( statements )``: body a StatementBlockAst.")
HashtableAst = _node("HashtableAst", "pairs",
                     "``@{ k = v; ... }``: pairs a tuple of (key expression, value statement).")
ScriptBlockExpressionAst = _node("ScriptBlockExpressionAst", "body text",
                                 "``{ ... }`` as a value: body a ScriptBlockAst, text the source inside the braces.")
ParenExpressionAst = _node("ParenExpressionAst", "pipeline", "``( pipeline )``.")
SubExpressionAst = _node("SubExpressionAst", "body", "``$( statements )``: body a StatementBlockAst.")
BinaryExpressionAst = _node("BinaryExpressionAst", "operator left right", "``left op right``.")
UnaryExpressionAst = _node("UnaryExpressionAst", "operator operand", "``op operand`` (see module doc).")
ConvertExpressionAst = _node("ConvertExpressionAst", "type_name operand", "``[type] operand``.")
TypeExpressionAst = _node("TypeExpressionAst", "type_name", "``[type]`` alone, e.g. before ``::``.")
MemberExpressionAst = _node(
    "MemberExpressionAst", "target member static",
    "``target.member`` / ``target::member``: member a StringConstantExpressionAst for a plain "
    "name, or any expression (``$x.$name``).",
)
InvokeMemberExpressionAst = _node(
    "InvokeMemberExpressionAst", "target member arguments static",
    "``target.member(args)`` / ``[type]::member(args)``: arguments a tuple of expressions.",
)
IndexExpressionAst = _node("IndexExpressionAst", "target index", "``target[index]``.")

# PowerShell 7's operators.  The null-conditional accesses are node kinds of their own
# rather than a flag on MemberExpressionAst and friends: they are never assignable
# (``${x}?.Name = 1`` is an error, as in PowerShell), and code that handles plain member
# access (assignment targets, completion) cannot mistake one for the other.
TernaryExpressionAst = _node("TernaryExpressionAst", "condition if_true if_false",
                             "``condition ? if_true : if_false``: only the chosen branch is evaluated.")
NullConditionalMemberExpressionAst = _node(
    "NullConditionalMemberExpressionAst", "target member",
    "``${target}?.member``: $null when the target is $null, else the member (as MemberExpressionAst).",
)
NullConditionalInvokeMemberExpressionAst = _node(
    "NullConditionalInvokeMemberExpressionAst", "target member arguments",
    "``${target}?.member(args)``: $null (arguments not evaluated) when the target is $null.",
)
NullConditionalIndexExpressionAst = _node(
    "NullConditionalIndexExpressionAst", "target index",
    "``${target}?[index]``: $null (index not evaluated) when the target is $null.",
)
PipelineChainAst = _node(
    "PipelineChainAst", "left operator right background",
    "``left && right`` / ``left || right``: left a PipelineAst or PipelineChainAst (chains are "
    "left-associative), right a PipelineAst; right runs when ``$?`` after left is True ('&&') or "
    "False ('||'). background is a trailing ``&`` that makes the whole chain a job.",
)

#: Statement node types (anything that is not an expression).
STATEMENT_TYPES = (
    PipelineAst, AssignmentStatementAst, IfStatementAst, ForEachStatementAst, ForStatementAst,
    WhileStatementAst, DoWhileStatementAst, SwitchStatementAst, BreakStatementAst,
    ContinueStatementAst, ReturnStatementAst, ExitStatementAst, ThrowStatementAst,
    TryStatementAst, FunctionDefinitionAst, PipelineChainAst,
)
