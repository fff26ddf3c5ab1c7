"""The interpreter of one runspace: runs text, script blocks and script files.

Entry points:

* ``execute(text)`` — what the console, ``-c``, stdin and scripts use: parse, then
  run statement by statement with the output formatted by Out-Default to the
  host; errors are shown through the host and never raise (``exit`` raises
  ExitSignal). Returns True when the last statement succeeded.
* ``invoke_text(text, output=None, emit=None)`` — Invoke-Expression and the
  endpoint: run in the current scope, objects to ``output`` (or returned).
* ``invoke_block(block, args, ...)`` — run a ScriptBlock (ForEach-Object,
  Where-Object, ``.Invoke()``, jobs).
* ``collect_using(block)`` — the ``$using:`` values a block refers to, read in
  this runspace (for jobs and remote commands).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from shell.language import ast as A
from shell.language.binder import NO_VALUE, ParamSet, bind_arguments
from shell.language.cmdlet import Param
from shell.language.compiler import Compiler
from shell.language.text_output import OutDefaultSink
from shell.language.errors import (BreakSignal, ContinueSignal, ErrorCategory, ErrorRecord,
                                   ExitSignal, ParseError, PipelineStoppedError, PSRuntimeError,
                                   ReturnSignal)
from shell.language.runspace import Scope, set_current_runspace
from shell.language.scriptblock import NO_ITEM, ScriptBlock
from shell.language.streams import Stream

if TYPE_CHECKING:
    from shell.language.runspace import Runspace

Out = Callable[[Any], None]
Emit = Callable[[Stream, Any], None]
_MISSING = object()
#: What a top-level statement returns when `return` (or a stray break) ended the input.
_ENDED: Any = type("_Ended", (), {"__bool__": lambda self: True, "__repr__": lambda self: "ENDED"})()


class CompiledBlock:
    """A script block compiled for one interpreter: its parameters and named blocks."""

    __slots__ = ("ast", "param_set", "params", "begin", "process", "end")

    @property
    def advanced(self) -> bool:
        """Whether the block has [CmdletBinding()] (or [Parameter()]): it takes the common parameters."""
        return not self.param_set.lenient

    def __init__(self, ast: Any, param_set: ParamSet, params: list[tuple[Param, Any]],
                 begin: Any, process: Any, end: Any) -> None:
        self.ast = ast
        self.param_set = param_set
        self.params = params
        self.begin = begin
        self.process = process
        self.end = end


class Interpreter:
    """Compiles and runs code in one runspace."""

    def __init__(self, runspace: Runspace) -> None:
        self.rs = runspace
        self.compiler = Compiler(self)
        self.emit: Emit = self._top_emit
        self.statement_failed = False
        self.native_failed = False
        self._console_out: Out | None = None
        self._sink: OutDefaultSink | None = None
        self._cache: dict[int, tuple[Any, CompiledBlock]] = {}

    # ------------------------------------------------------------------ sinks
    def _top_emit(self, stream: Stream, record: Any) -> None:
        """Records that reach the top go to the host, after any table rows still held back."""
        if stream == Stream.INFORMATION and getattr(record, "hidden", False):
            return  # written under SilentlyContinue: kept for redirection, never shown
        sink = self._sink
        if sink is not None:
            sink.flush()
        self.rs.host.write_record(stream, record)

    def statement_error(self, err: PSRuntimeError, extent: Any) -> bool:
        """A terminating error in a statement of a block: report it and go on (True), or unwind (False).

        Unwinds for ``throw`` (and -ErrorAction Stop, which raise script-terminating
        errors), under ``$ErrorActionPreference = 'Stop'``, and inside a try body.
        """
        rs = self.rs
        if err.script_terminating or rs.try_depth or rs.preference("ErrorActionPreference").lower() == "stop":
            return False
        record = err.record
        if record.extent is None:
            record.extent = extent
        emit = self.emit
        if emit == self._top_emit:   # no command's emit on the way records it in $Error
            rs.errors.insert(0, record)
            del rs.errors[256:]
        rs.last_success = False
        self.statement_failed = True
        emit(Stream.ERROR, record)
        return True

    def at_console_end(self, out: Out) -> bool:
        """Whether ``out`` is the console's Out-Default (a native program may write directly)."""
        return out is self._console_out and out is not None

    # ------------------------------------------------------------------ compiling
    def compile_block(self, block: ScriptBlock) -> CompiledBlock:
        """Compile (once) a script block for this interpreter."""
        cached = block.compiled
        if cached is not None and cached[0] is self:
            return cached[1]
        ast = block.ast
        hit = self._cache.get(id(ast))
        if hit is not None and hit[0] is ast:
            compiled = hit[1]
        else:
            compiled = self._compile_ast(ast, block.is_filter)
            self._cache[id(ast)] = (ast, compiled)
        block.compiled = (self, compiled)
        return compiled

    def _compile_ast(self, ast: Any, is_filter: bool = False) -> CompiledBlock:
        comp = self.compiler
        params: list[tuple[Param, Any]] = []
        advanced = False
        if ast.param_block is not None:
            advanced = any(a.type_name.lower() == "cmdletbinding" for a in ast.param_block.attributes or ()) \
                or any(a.type_name.lower() == "parameter" for p in ast.param_block.parameters
                       for a in p.attributes or ())
            position = 0
            for p in ast.param_block.parameters:
                param, explicit_position = _param_from_ast(p)
                if param.position is None and not param.is_switch and not explicit_position:
                    param.position = position
                    position += 1
                default = comp.value_of_statement(p.default) if p.default is not None else None
                params.append((param, default))
        pset = ParamSet([p for p, _ in params], "", with_common=advanced, function=True,
                        lenient=not advanced)
        begin = comp.block(ast.begin_block) if ast.begin_block is not None else None
        process = comp.block(ast.process_block) if ast.process_block is not None else None
        end = comp.block(ast.end_block) if ast.end_block is not None else None
        if is_filter and process is None:
            process, end = end, None
        return CompiledBlock(ast, pset, params, begin, process, end)

    # ------------------------------------------------------------------ script blocks
    def invoke_block(self, block: ScriptBlock, args: tuple[Any, ...] | list[Any] = (), *,
                     dollar_under: Any = NO_ITEM, input: Any = None, new_scope: bool = True,
                     output: Out | None = None, emit: Emit | None = None) -> list[Any] | None:
        """Run a script block; see ScriptBlock.invoke. Returns the output list when ``output`` is None."""
        compiled = self.compile_block(block)
        rs = self.rs
        result: list[Any] | None = None
        if output is None:
            result = []
            output = result.append
        prev_emit = self.emit
        if emit is not None:
            self.emit = emit
        prev_scope = rs.scope
        if not new_scope and compiled.begin is None and compiled.process is None \
                and not compiled.params and compiled.end is not None:
            # The hot path: ForEach-Object / Where-Object bodies run in the caller's scope.
            vars_ = prev_scope.vars
            saved = vars_.get("_", _MISSING)
            if dollar_under is not NO_ITEM:
                vars_["_"] = dollar_under
            try:
                compiled.end(output)
            except ReturnSignal:
                pass
            finally:
                if dollar_under is not NO_ITEM:
                    if saved is _MISSING:
                        vars_.pop("_", None)
                    else:
                        vars_["_"] = saved
                self.emit = prev_emit
            return result
        scope = Scope(prev_scope) if new_scope else prev_scope
        try:
            rs.scope = scope
            arg_list = [("pos", a, None, None) for a in args]
            bound, leftovers = bind_arguments(compiled.param_set, arg_list, expecting_input=False,
                                              runspace=rs, extent=None)
            for param, default in compiled.params:
                if param.name in bound:
                    scope.set_local(param.name, bound[param.name])
                elif default is not None:
                    scope.set_local(param.name, default())
                else:
                    scope.set_local(param.name, False if param.is_switch else None)
            scope.set_local("args", leftovers)
            if dollar_under is not NO_ITEM:
                scope.set_local("_", dollar_under)
            if input is not None:
                scope.set_local("input", input)
            for stmt in (compiled.begin, compiled.process, compiled.end):
                if stmt is not None:
                    try:
                        stmt(output)
                    except ReturnSignal:
                        pass
        finally:
            rs.scope = prev_scope
            self.emit = prev_emit
        return result

    def collect_using(self, block: ScriptBlock) -> dict[str, Any]:
        """The values of the ``$using:`` variables in ``block``, read here (lower-case names)."""
        values: dict[str, Any] = {}
        for node in _walk(block.ast):
            if type(node) is A.VariableExpressionAst and node.scope == "using":
                values[node.name.lower()] = self.rs.get_variable(node.name)
        return values

    # ------------------------------------------------------------------ text
    def invoke_text(self, text: str, output: Out | None = None, emit: Emit | None = None,
                    filename: str | None = None) -> list[Any] | None:
        """Parse and run ``text`` in the current scope (Invoke-Expression). ParseError becomes a PSRuntimeError."""
        from shell.language.parser import parse  # noqa: PLC0415
        set_current_runspace(self.rs)
        try:
            ast = parse(text, filename)
        except ParseError as err:
            raise PSRuntimeError(ErrorRecord(err.message, category=ErrorCategory.PARSER_ERROR,
                                             error_id=err.error_id, extent=err.extent,
                                             exception_type="System.Management.Automation.ParseException")) from None
        block = ScriptBlock(ast, text, self.rs)
        return self.invoke_block(block, (), new_scope=False, output=output, emit=emit)

    def execute(self, text: str, *, filename: str | None = None,
                output: Out | None = None, args: list[str] | None = None) -> bool:
        """Run console input: every statement in turn, output to Out-Default, errors to the host.

        Returns False when the input did not parse or its last statement failed with a
        terminating error. ``exit`` raises ExitSignal to the caller. ``args`` are a script
        file's command-line arguments: they bind to its ``param()`` block (``-Name value``
        by name, the rest by position) and what is left becomes ``$args``.
        """
        from shell.language.parser import parse  # noqa: PLC0415
        rs = self.rs
        set_current_runspace(rs)
        if rs.remote is not None:
            # Inside Enter-PSSession every line runs on the far side (the remote console
            # object handles Exit-PSSession / exit itself).
            return bool(rs.remote.execute(text))
        try:
            ast = parse(text, filename)
        except ParseError as err:
            rs.host.write_record(Stream.ERROR, _parse_error_record(err))
            rs.last_success = False
            return False
        if args is not None:
            try:
                self._bind_script_args(ast, args)
            except PSRuntimeError as err:
                self._report(err.record)
                return False
        statements = _top_statements(ast)
        ok: Any = True
        for node in statements:
            ok = self._run_top_statement(node, output)
            if ok is None:  # script-terminating: the rest of the input is skipped
                return False
            if ok is _ENDED:  # `return` (or break/continue) outside any function: the input ends
                return True
        return bool(ok)

    def _bind_script_args(self, ast: Any, args: list[str]) -> None:
        """Bind a script file's command-line arguments to its param() block, in the global scope."""
        compiled = self._compile_ast(A.ScriptBlockAst(ast.param_block, None, None, None))
        arg_list: list[tuple[str, Any, Any, Any]] = []
        for word in args:
            if len(word) > 1 and word[0] == "-" and (word[1].isalpha() or word[1] == "_"):
                name, colon, value = word[1:].partition(":")
                arg_list.append(("named", name, value if colon else NO_VALUE, None))
            else:
                arg_list.append(("pos", word, None, None))
        bound, leftovers = bind_arguments(compiled.param_set, arg_list, expecting_input=False,
                                          runspace=self.rs, extent=None)
        scope = self.rs.scope
        for param, default in compiled.params:
            if param.name in bound:
                scope.set_local(param.name, bound[param.name])
            elif default is not None:
                scope.set_local(param.name, default())
            else:
                scope.set_local(param.name, False if param.is_switch else None)
        scope.set_local("args", leftovers)

    def _run_top_statement(self, node: Any, output: Out | None) -> bool | None:
        rs = self.rs
        self.statement_failed = False
        self.native_failed = False
        self.emit = self._top_emit
        sink = None
        if output is None:
            sink = OutDefaultSink(rs)
            output = sink.push
        self._console_out = output
        self._sink = sink
        result: bool | None = True
        try:
            stmt = self.compiler.statement(node)
            stmt(output)
        except PSRuntimeError as err:
            if sink is not None:
                sink.finish()
                sink = None
            if err.record.extent is None:
                err.record.extent = node.extent  # at least the statement it happened in
            self._report(err.record)
            stop = err.script_terminating or rs.preference("ErrorActionPreference").lower() == "stop"
            result = None if stop else False
        except PipelineStoppedError:
            # Ctrl+C (or Stop-Job) stops the rest of the input too, as in PowerShell.
            result = None if rs.stopping else False
        except (BreakSignal, ContinueSignal, ReturnSignal):
            result = _ENDED
        except ExitSignal:
            if sink is not None:
                sink.finish()
            raise
        except RecursionError:
            self._report(ErrorRecord("The script failed due to call depth overflow.",
                                     category=ErrorCategory.INVALID_OPERATION,
                                     error_id="CallDepthOverflow"))
            result = False
        except Exception as err:  # noqa: BLE001 - never a traceback for the user
            self._report(ErrorRecord(f"Internal error in psrepl: {type(err).__name__}: {err}",
                                     category=ErrorCategory.NOT_SPECIFIED, error_id="InternalError"))
            result = False
        finally:
            self._console_out = None
            self._sink = None
            if sink is not None:
                try:
                    sink.finish()
                except Exception:  # noqa: BLE001
                    pass
        rs.last_success = bool(result) and not self.statement_failed and not self.native_failed
        return result

    def _report(self, record: ErrorRecord) -> None:
        rs = self.rs
        rs.errors.insert(0, record)
        del rs.errors[256:]
        rs.last_success = False
        rs.host.write_record(Stream.ERROR, record)


def _parse_error_record(err: ParseError) -> ErrorRecord:
    record = ErrorRecord(err.message, category=ErrorCategory.PARSER_ERROR, error_id=err.error_id,
                         extent=err.extent, exception_type="System.Management.Automation.ParseException")
    record.script_stack = err.render()
    return record


def _top_statements(ast: Any) -> list[Any]:
    out: list[Any] = []
    for block in (ast.begin_block, ast.process_block, ast.end_block):
        if block is not None:
            out.extend(block.statements)
    return out


def _param_from_ast(p: Any) -> tuple[Param, bool]:
    """A function parameter's declaration as a Param (the binder's input)."""
    type_name = (p.type_name or "object").lower()
    if type_name.startswith("system."):
        type_name = type_name[7:]
    type_map = {"int32": "int", "int64": "long", "boolean": "bool", "switchparameter": "switch",
                "object[]": "object[]", "psobject": "object", "array": "object[]"}
    type_name = type_map.get(type_name, type_name)
    mandatory = pipeline = by_prop = allow_null = allow_empty = False
    position = None
    explicit = False
    aliases: tuple[str, ...] = ()
    for attr in p.attributes or ():
        name = attr.type_name.lower()
        if name == "parameter":
            for key, value in attr.named or ():
                k = key.lower()
                v = _constant(value)
                if k == "mandatory":
                    mandatory = v is None or bool(v)
                elif k == "valuefrompipeline":
                    pipeline = v is None or bool(v)
                elif k == "valuefrompipelinebypropertyname":
                    by_prop = v is None or bool(v)
                elif k == "position":
                    position = int(v) if v is not None else None
                    explicit = True
        elif name == "allownull":
            allow_null = True
        elif name == "allowemptystring":
            allow_empty = True
        elif name == "alias":
            aliases = tuple(str(_constant(a)) for a in attr.positional or ())
    param = Param(p.name, type_name, position=position, mandatory=mandatory, pipeline=pipeline,
                  by_property_name=by_prop, aliases=aliases, attr=p.name, allow_null=allow_null,
                  allow_empty=allow_empty)
    return param, explicit


def _constant(node: Any) -> Any:
    if node is None:
        return None
    if type(node) is A.VariableExpressionAst:
        return {"true": True, "false": False, "null": None}.get(node.name.lower(), node.name)
    return getattr(node, "value", None)


def _walk(node: Any) -> Any:
    """Every AST node under ``node``."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, A.Node):
            yield n
            stack.extend(getattr(n, f) for f in n._fields)
        elif isinstance(n, (list, tuple, frozenset)):
            stack.extend(n)
