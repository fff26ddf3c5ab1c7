"""Commands in a pipeline: resolving a name and running a cmdlet, a function, a script block,
a script file or a native program as a pipeline stage."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Callable

from shell.language import ast as A
from shell.language import conversions as C
from shell.language.binder import (NO_VALUE, ParamSet, ParamToken, bind_arguments, binding_error,
                                   convert_argument)
from shell.language.errors import (ErrorCategory, ErrorRecord, PipelineStoppedError, PSRuntimeError,
                                   ReturnSignal)
from shell.language.pipeline import Stage, StageFactory, make_command_emit, report_unexpected
from shell.language.pscollections import Hashtable
from shell.language.redirection import apply_redirections, compile_redirection
from shell.language.runspace import Scope
from shell.language.scriptblock import FunctionInfo, ScriptBlock
from shell.language.streams import Stream

if TYPE_CHECKING:
    from shell.language.compiler import Compiler
    from shell.language.interpreter import Interpreter

Out = Callable[[Any], None]
Emit = Callable[[Stream, Any], None]


def not_recognized(name: str, extent: Any) -> PSRuntimeError:
    """PowerShell's error for a command that does not exist."""
    return PSRuntimeError(ErrorRecord(
        f"The term '{name}' is not recognized as a name of a cmdlet, function, script file, or "
        f"executable program.\nCheck the spelling of the name, or if a path was included, verify "
        f"that the path is correct and try again.", category=ErrorCategory.OBJECT_NOT_FOUND,
        error_id="CommandNotFoundException", target=name, extent=extent, command=name,
        exception_type="System.Management.Automation.CommandNotFoundException"))


class CommandFactory(StageFactory):
    """A CommandAst: evaluates its arguments and builds the right kind of stage per run."""

    def __init__(self, comp: Compiler, node: Any) -> None:
        self.extent = node.extent
        self.invocation = node.invocation_operator
        first = node.elements[0]
        self.static_name: str | None = None
        self.name_ev: Callable[[], Any] | None = None
        if type(first) is A.StringConstantExpressionAst:
            self.static_name = first.value
        else:
            self.name_ev = comp.expression(first)
        self.args: list[tuple[str, Any, Any, Any]] = []
        for element in node.elements[1:]:
            if type(element) is A.CommandParameterAst:
                ev = comp.expression(element.argument) if element.argument is not None else None
                self.args.append(("named", element.name, ev, element.extent))
            elif type(element) is A.VariableExpressionAst and element.splatted:
                self.args.append(("splat", comp.expression(
                    A.VariableExpressionAst(element.name, element.scope, False, extent=element.extent)),
                    None, element.extent))
            else:
                self.args.append(("pos", comp.expression(element), None, element.extent))
        self.redirections = tuple(compile_redirection(comp, r) for r in node.redirections or ())

    def evaluate_args(self) -> list[tuple[str, Any, Any, Any]]:
        """The arguments' values, in the binder's form (splats expanded)."""
        result: list[tuple[str, Any, Any, Any]] = []
        for kind, a, b, extent in self.args:
            if kind == "pos":
                result.append(("pos", a(), None, extent))
            elif kind == "named":
                result.append(("named", a, b() if b is not None else NO_VALUE, extent))
            else:
                value = a()
                if isinstance(value, dict):
                    for key, item in value.items():
                        result.append(("named", str(key), item, extent))
                elif isinstance(value, (list, tuple)):
                    for item in value:
                        if type(item) is ParamToken:
                            name = item[1:]
                            if name.endswith(":"):
                                result.append(("named", name[:-1], NO_VALUE, extent))
                            else:
                                result.append(("named", name, NO_VALUE, extent))
                        else:
                            result.append(("pos", item, None, extent))
                elif value is not None:
                    result.append(("pos", value, None, extent))
        return result

    def make(self, interp: Interpreter, out: Out, emit: Emit, expecting_input: bool) -> Stage:
        rs = interp.rs
        args = self.evaluate_args()
        out, emit, finalize = apply_redirections(interp, self.redirections, out, emit)
        if self.name_ev is not None:
            target = self.name_ev()
            if target is None or (isinstance(target, str) and not target):
                raise PSRuntimeError(ErrorRecord(
                    "The expression after '&' in a pipeline element produced an object that was not "
                    "valid. It must result in a command name, a script block, or a CommandInfo object.",
                    category=ErrorCategory.INVALID_OPERATION, error_id="BadExpression",
                    extent=self.extent))
            if isinstance(target, ScriptBlock):
                stage: Stage = ScriptStage(interp, target, args, out, emit, expecting_input,
                                           dot=self.invocation == ".", name="", extent=self.extent)
                stage.finalize = finalize
                return stage
            if isinstance(target, FunctionInfo):
                name = target.name
            else:
                name = C.to_string(target)
        else:
            name = self.static_name or ""
        stage = self._resolve(interp, name, args, out, emit, expecting_input)
        stage.finalize = finalize
        return stage

    def _resolve(self, interp: Interpreter, name: str, args: list[Any], out: Out, emit: Emit,
                 expecting_input: bool) -> Stage:
        rs = interp.rs
        seen: set[str] = set()
        current = name
        while True:
            low = current.lower()
            alias = rs.aliases.get(low)
            if alias is None:
                alias = rs.commands.alias_target(low)
            if alias is None or low in seen:
                break
            seen.add(low)
            current = alias
        function = rs.get_function(current)
        if function is not None:
            return ScriptStage(interp, function.scriptblock, args, out, emit, expecting_input,
                               dot=self.invocation == ".", name=function.name, extent=self.extent)
        cls = rs.commands.cmdlet(current)
        if cls is not None:
            return CmdletStage(interp, cls, args, out, emit, expecting_input, self.extent)
        from shell.language.native import find_native, NativeStage  # noqa: PLC0415
        if current.lower().endswith(".ps1"):
            path = rs.resolve_path(current)
            if os.path.isfile(path):
                from shell.language.scriptfile import load_script  # noqa: PLC0415
                block = load_script(interp, path)
                return ScriptStage(interp, block, args, out, emit, expecting_input,
                                   dot=self.invocation == ".", name=current, extent=self.extent,
                                   script_path=path)
        executable = find_native(rs, current)
        if executable is not None:
            return NativeStage(interp, executable, current, args, out, emit, expecting_input,
                               self.extent, has_redirections=bool(self.redirections))
        raise not_recognized(name, self.extent)


class CmdletStage(Stage):
    """A cmdlet in a pipeline."""

    def __init__(self, interp: Interpreter, cls: Any, args: list[Any], out: Out, emit: Emit,
                 expecting_input: bool, extent: Any) -> None:
        rs = interp.rs
        pset = _param_set(cls)
        cmd = cls()
        cmd.runspace = rs
        cmd.extent = extent
        cmd.expecting_input = expecting_input
        bound, leftovers = bind_arguments(pset, args, expecting_input=expecting_input,
                                          runspace=rs, extent=extent)
        if leftovers:
            raise binding_error(f"A positional parameter cannot be found that accepts argument "
                                f"'{C.to_string(leftovers[0])}'.", cls.name, extent,
                                "PositionalParameterNotFound")
        by_name = {p.name: p for p in pset.params}
        self.delayed: list[tuple[Any, Any]] = []
        for pname, value in bound.items():
            param = by_name[pname]
            if expecting_input and type(value) is ScriptBlock and param.by_property_name \
                    and param.type not in ("scriptblock", "object"):
                # Delay-bind script block: run per input object, its result is the value.
                self.delayed.append((param, value))
            else:
                setattr(cmd, param.attr, value)
            cmd.bound.add(pname)
        if cmd.out_variable or cmd.pipeline_variable:
            out = _variable_out(rs, out, cmd.out_variable, cmd.pipeline_variable)
        cmd._out = out
        cmd._emit = make_command_emit(interp, emit, cmd, cls.name)
        self.cmd = cmd
        self.name = cls.name
        self.extent = extent
        pipe = pset.pipeline if pset.pipeline is not None and pset.pipeline.name not in bound else None
        self.pipe = pipe
        self.pipe_attr = pipe.attr if pipe is not None else None
        self.pipe_convert = pipe is not None and pipe.type != "object"
        self.by_property = [p for p in pset.by_property if p.name not in bound and p is not pipe]
        self.pset = pset

    def owns(self, command: Any) -> bool:
        return command is self.cmd

    def begin(self) -> None:
        try:
            self.cmd.begin()
        except (PSRuntimeError, PipelineStoppedError):
            raise
        except Exception as err:  # noqa: BLE001 - a cmdlet bug must not become a traceback
            raise report_unexpected(err, self.name, self.extent) from None

    def push(self, item: Any) -> None:
        cmd = self.cmd
        for param, block in self.delayed:
            result = block.invoke(dollar_under=item, new_scope=False, runspace=cmd.runspace)
            value = result[0] if result and len(result) == 1 else result
            setattr(cmd, param.attr, convert_argument(param, value, self.name, self.extent))
        if self.pipe_attr is not None:
            if self.pipe_convert:
                item_value = convert_argument(self.pipe, item, self.name, self.extent)
            else:
                item_value = item
            setattr(cmd, self.pipe_attr, item_value)
        if self.by_property:
            if not self._bind_by_property(item) and self.pipe_attr is None:
                cmd.write_error(ErrorRecord(
                    "The input object cannot be bound to any parameters for the command either "
                    "because the command does not take pipeline input or the input and its "
                    "properties do not match any of the parameters that take pipeline input.",
                    category=ErrorCategory.INVALID_ARGUMENT, target=item,
                    error_id="InputObjectNotBound"))
                return
        elif self.pipe_attr is None:
            cmd.write_error(ErrorRecord(
                "The input object cannot be bound to any parameters for the command either because "
                "the command does not take pipeline input or the input and its properties do not "
                "match any of the parameters that take pipeline input.",
                category=ErrorCategory.INVALID_ARGUMENT, target=item, error_id="InputObjectNotBound"))
            return
        try:
            cmd.process()
        except (PSRuntimeError, PipelineStoppedError):
            raise
        except Exception as err:  # noqa: BLE001
            raise report_unexpected(err, self.name, self.extent) from None

    def _bind_by_property(self, item: Any) -> bool:
        from shell.language.members import get_member  # noqa: PLC0415
        found = False
        for p in self.by_property:
            for name in (p.name,) + p.aliases:
                value = get_member(item, name)
                if value is not None:
                    setattr(self.cmd, p.attr, convert_argument(p, value, self.name, self.extent))
                    found = True
                    break
        return found

    def start(self) -> None:
        try:
            self.cmd.process()
        except (PSRuntimeError, PipelineStoppedError):
            raise
        except Exception as err:  # noqa: BLE001
            raise report_unexpected(err, self.name, self.extent) from None

    def end(self) -> None:
        try:
            self.cmd.end()
        except (PSRuntimeError, PipelineStoppedError):
            raise
        except Exception as err:  # noqa: BLE001
            raise report_unexpected(err, self.name, self.extent) from None


def _variable_out(rs: Any, out: Out, out_variable: str | None,
                  pipeline_variable: str | None) -> Out:
    """The command's output, also collected into -OutVariable and set as -PipelineVariable."""
    values: list[Any] | None = None
    if out_variable:
        name = out_variable.lstrip("+")
        current = rs.get_variable(name) if out_variable.startswith("+") else None
        values = list(current) if isinstance(current, list) else ([] if current is None else [current])
        rs.set_variable(name, values)

    def variable_out(item: Any) -> None:
        if values is not None:
            values.append(item)
        if pipeline_variable:
            rs.set_variable(pipeline_variable, item)
        out(item)
    return variable_out


_PSETS: dict[type, ParamSet] = {}

#: Common parameters of an advanced function, and the preference each sets in its scope.
_COMMON_PREFERENCES = {
    "Verbose": "VerbosePreference", "Debug": "DebugPreference",
    "ErrorAction": "ErrorActionPreference", "WarningAction": "WarningPreference",
    "InformationAction": "InformationPreference",
}


def _param_set(cls: Any) -> ParamSet:
    pset = _PSETS.get(cls)
    if pset is None:
        pset = ParamSet(cls.params, cls.name)
        _PSETS[cls] = pset
    return pset


class ScriptStage(Stage):
    """A function, script block (``& {}``), or script file in a pipeline."""

    def __init__(self, interp: Interpreter, block: ScriptBlock, args: list[Any], out: Out,
                 emit: Emit, expecting_input: bool, dot: bool, name: str, extent: Any,
                 script_path: str | None = None) -> None:
        self.interp = interp
        self.rs = interp.rs
        self.compiled = interp.compile_block(block)
        self.out = out
        # Records from the commands inside were filtered by their own preferences already.
        self.emit = emit
        self.name = name
        self.extent = extent
        self.input_items: list[Any] = []
        self.expecting_input = expecting_input
        caller = self.rs.scope
        self.scope = caller if dot else Scope(caller)
        if script_path is not None and not dot:
            self.scope.set_local("PSScriptRoot", os.path.dirname(script_path))
            self.scope.set_local("PSCommandPath", script_path)
        self._bind(args)

    def _bind(self, args: list[Any]) -> None:
        compiled = self.compiled
        scope = self.scope
        bound, leftovers = bind_arguments(compiled.param_set, args, expecting_input=self.expecting_input,
                                          runspace=self.rs, extent=self.extent,
                                          command=self.name or None)
        defaults = []
        table = Hashtable()
        if compiled.advanced:
            for common, preference in _COMMON_PREFERENCES.items():
                if common in bound:
                    value = bound.pop(common)
                    if preference.endswith("Preference") and common in ("Verbose", "Debug"):
                        value = "Continue" if value else "SilentlyContinue"
                    scope.set_local(preference, value)
        for param, default in compiled.params:
            if param.name in bound:
                scope.set_local(param.name, bound[param.name])
                table[param.name] = bound[param.name]
            elif param.is_switch:
                scope.set_local(param.name, False)
            else:
                scope.set_local(param.name, None)
                if default is not None:
                    defaults.append((param.name, default))
        scope.set_local("args", leftovers)
        scope.set_local("PSBoundParameters", table)
        if defaults:
            prev = self.rs.scope
            self.rs.scope = scope
            try:
                for pname, default in defaults:
                    scope.set_local(pname, default())
            finally:
                self.rs.scope = prev

    def _run(self, stmt: Any, item: Any = None, has_item: bool = False) -> None:
        rs = self.rs
        interp = self.interp
        prev_scope, prev_emit = rs.scope, interp.emit
        rs.scope = self.scope
        interp.emit = self.emit
        try:
            if has_item:
                self.scope.vars["_"] = item
                pipe = self.compiled.param_set.pipeline
                if pipe is not None:
                    self.scope.set_local(pipe.name, convert_argument(pipe, item, self.name, self.extent))
            stmt(self.out)
        except ReturnSignal:
            pass
        finally:
            rs.scope = prev_scope
            interp.emit = prev_emit

    def begin(self) -> None:
        if self.compiled.begin is not None:
            self._run(self.compiled.begin)

    def push(self, item: Any) -> None:
        if self.compiled.process is not None:
            self._run(self.compiled.process, item, True)
        else:
            self.input_items.append(item)

    def start(self) -> None:
        if self.compiled.process is not None:
            self._run(self.compiled.process)

    def end(self) -> None:
        if self.compiled.end is not None:
            self.scope.set_local("input", self.input_items)
            self._run(self.compiled.end)
