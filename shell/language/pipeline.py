"""Running pipelines: command resolution, stages, redirection.

A pipeline is a chain of stages, each with ``begin``, ``push(item)`` (one input
object), ``start`` (run once with no input, for the first stage) and ``end``. A
stage's output goes straight into the next stage's ``push``: objects stream
through the pipeline one at a time, with no intermediate lists. Records of the
other streams go to each command's ``emit`` (preferences and redirections
applied), and from there to the interpreter's current sink.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from shell.language import ast as A
from shell.language.compiler import emit_value
from shell.language.errors import (ErrorCategory, ErrorRecord, PipelineStoppedError,
                                   PSRuntimeError, StopUpstream)
from shell.language.redirection import apply_redirections
from shell.language.streams import Stream

if TYPE_CHECKING:
    from shell.language.compiler import Compiler
    from shell.language.interpreter import Interpreter

Out = Callable[[Any], None]
Emit = Callable[[Stream, Any], None]


def compile_pipeline(comp: Compiler, node: Any) -> Callable[[Out], None]:
    """A PipelineAst as a statement closure."""
    interp = comp.interp
    if node.background:
        from shell.language.background import compile_background  # noqa: PLC0415
        return compile_background(comp, node)
    elements = node.elements
    if len(elements) == 1 and type(elements[0]) is A.CommandExpressionAst \
            and not elements[0].redirections:
        ev = comp.expression(elements[0].expression)
        expr_node = elements[0].expression
        quiet = _is_quiet_expression(expr_node)

        def ex_expression(out: Out) -> None:
            value = ev()
            if not quiet:
                emit_value(value, out)
        return ex_expression
    factories = [_compile_element(comp, e, i) for i, e in enumerate(elements)]

    def ex_pipeline(out: Out) -> None:
        run_stages(interp, factories, out)
    return ex_pipeline


def _is_quiet_expression(node: Any) -> bool:
    """``$i++`` as a statement outputs nothing (PowerShell treats it like an assignment)."""
    return type(node) is A.UnaryExpressionAst and node.operator in ("++", "--", "post++", "post--")


class StageFactory:
    """Builds a stage for one pipeline element each time the pipeline runs."""

    def make(self, interp: Interpreter, out: Out, emit: Emit, expecting_input: bool) -> Any:
        """A fresh stage writing to ``out`` and ``emit``."""
        raise NotImplementedError


def run_stages(interp: Interpreter, factories: list[StageFactory], out: Out) -> None:
    """Build the stages right to left (each writes into the next) and run them."""
    stages: list[Any] = []
    emit = interp.emit
    downstream = out
    n = len(factories)
    for i in range(n - 1, -1, -1):
        stage = factories[i].make(interp, downstream, emit, expecting_input=i > 0)
        stage.position = i
        stages.append(stage)
        downstream = stage.push
    stages.reverse()
    started = 0
    try:
        for stage in stages:
            stage.begin()
            started += 1
        stages[0].start()
        for stage in stages:
            stage.end()
    except StopUpstream as sig:
        # A command downstream needs no more input: finish it and what follows it.
        index = next((i for i, s in enumerate(stages) if s.owns(sig.command)), None)
        if index is None:
            raise
        for stage in stages[index:]:
            stage.end()
    finally:
        for stage in stages[:started]:
            stage.close()


def _compile_element(comp: Compiler, node: Any, index: int) -> StageFactory:
    if type(node) is A.CommandExpressionAst:
        if index > 0:
            raise PSRuntimeError("Expressions are only allowed as the first element of a pipeline.",
                                 category=ErrorCategory.PARSER_ERROR, extent=node.extent)
        from shell.language.redirection import compile_redirection  # noqa: PLC0415
        redirections = tuple(compile_redirection(comp, r) for r in node.redirections or ())
        return ExpressionFactory(comp.lazy_value(node.expression), redirections)
    from shell.language.command import CommandFactory  # noqa: PLC0415
    return CommandFactory(comp, node)


class Stage:
    """Base stage: does nothing with input; subclasses override."""

    position = 0
    finalize: Callable[[], None] | None = None

    def begin(self) -> None:
        """Before any input."""

    def push(self, item: Any) -> None:
        """One input object."""

    def start(self) -> None:
        """Run as the first stage (no input)."""

    def end(self) -> None:
        """After all input."""

    def close(self) -> None:
        """Always called at the end (files of redirections are written here)."""
        if self.finalize is not None:
            fin, self.finalize = self.finalize, None
            fin()

    def owns(self, command: Any) -> bool:
        """Whether this stage runs ``command`` (for StopUpstream)."""
        return False


class ExpressionFactory(StageFactory):
    """An expression as the first element of a pipeline: ``1..3 | ...``."""

    def __init__(self, ev: Callable[[], Any], redirections: tuple[Any, ...]) -> None:
        self.ev = ev
        self.redirections = redirections

    def make(self, interp: Interpreter, out: Out, emit: Emit, expecting_input: bool) -> Stage:
        stage = ExpressionStage()
        stage.ev = self.ev
        stage.rs = interp.rs
        stage.out, stage.emit, stage.finalize = apply_redirections(interp, self.redirections, out, emit)
        return stage


class ExpressionStage(Stage):
    """Evaluates its expression and writes each item (a list is unrolled)."""

    ev: Callable[[], Any]
    out: Out
    emit: Emit

    def start(self) -> None:
        value = self.ev()
        out = self.out
        if type(value) is list or type(value) is range:
            stop = self.rs.stop_event
            count = 0
            for item in value:
                out(item)
                count += 1
                if count & 1023 == 0 and stop.is_set():
                    self.rs.check_stopping()
        else:
            emit_value(value, out)


def make_command_emit(interp: Interpreter, base: Emit, cmd: Any | None, name: str) -> Emit:
    """The stream sink of one command: preferences and -ErrorAction and friends applied."""
    rs = interp.rs
    error_action = (getattr(cmd, "error_action", None) if cmd is not None else None) \
        or rs.preference("ErrorActionPreference")
    warning_action = (getattr(cmd, "warning_action", None) if cmd is not None else None) \
        or rs.preference("WarningPreference")
    verbose = bool(cmd is not None and getattr(cmd, "verbose", False)) \
        or rs.preference("VerbosePreference") == "Continue"
    debug = bool(cmd is not None and getattr(cmd, "debug", False)) \
        or rs.preference("DebugPreference") == "Continue"
    information = (getattr(cmd, "information_action", None) if cmd is not None else None) \
        or rs.preference("InformationPreference")
    error_var = getattr(cmd, "error_variable", None) if cmd is not None else None
    warning_var = getattr(cmd, "warning_variable", None) if cmd is not None else None
    information_var = getattr(cmd, "information_variable", None) if cmd is not None else None
    collected: dict[str, list[Any]] = {}
    ea = error_action.lower()
    wa = warning_action.lower()
    ia = information.lower()

    def emit(stream: Stream, record: Any) -> None:
        if stream == Stream.ERROR:
            if ea == "ignore":
                return
            if isinstance(record, ErrorRecord) and record.command is None:
                record.command = name
            if ea == "stop":
                # ActionPreferenceStopException: ends the script, as in PowerShell.
                raise PSRuntimeError(record, script_terminating=True)
            rs.errors.insert(0, record)
            del rs.errors[256:]
            rs.last_success = False
            interp.statement_failed = True
            if error_var:
                _append_variable(rs, error_var, record, collected)
            if ea == "silentlycontinue":
                return
        elif stream == Stream.WARNING:
            if wa == "ignore":
                return
            if warning_var:
                _append_variable(rs, warning_var, record, collected)
            if wa == "silentlycontinue":
                return
            if wa == "stop":
                raise PSRuntimeError(ErrorRecord(
                    f"The running command stopped because the preference variable \"WarningPreference\" "
                    f"or common parameter is set to Stop: {record}", command=name,
                    category=ErrorCategory.OPERATION_STOPPED), script_terminating=True)
        elif stream == Stream.VERBOSE:
            if not verbose:
                return
        elif stream == Stream.DEBUG:
            if not debug:
                return
        elif stream == Stream.INFORMATION:
            if ia == "ignore":
                return
            if information_var:
                _append_variable(rs, information_var, record, collected)
            if ia == "silentlycontinue" and not getattr(record, "is_host", False):
                try:
                    record.hidden = True
                except AttributeError:
                    return
        base(stream, record)
    return emit


def _append_variable(rs: Any, name: str, record: Any, collected: dict[str, list[Any]]) -> None:
    """Add ``record`` to the list in variable ``name`` (-ErrorVariable and friends).

    ``collected`` belongs to one command: its first record replaces what the variable
    held, unless the name starts with ``+`` (PowerShell's append form).
    """
    key = name.lstrip("+").lower()
    values = collected.get(key)
    if values is None:
        current = rs.get_variable(key) if name.startswith("+") else None
        values = list(current) if isinstance(current, list) else ([] if current is None else [current])
        collected[key] = values
        rs.set_variable(name.lstrip("+"), values)
    values.append(record)


def report_unexpected(err: BaseException, command: str, extent: Any) -> PSRuntimeError:
    """A Python exception escaping a cmdlet (a bug in psrepl) as a terminating error, not a traceback."""
    if isinstance(err, (PSRuntimeError, PipelineStoppedError)):
        return err  # type: ignore[return-value]
    if isinstance(err, RecursionError):
        message = "The script failed due to call depth overflow."
    elif isinstance(err, MemoryError):
        message = "Insufficient memory to continue the execution of the program."
    elif isinstance(err, OSError):
        message = err.strerror or str(err)
        if getattr(err, "filename", None):
            message = f"{message}: '{err.filename}'"
    elif isinstance(err, ValueError) and "null byte" in str(err):
        message = "Null character in path."   # .NET's words for a path no file system takes
    else:
        message = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
    return PSRuntimeError(ErrorRecord(message, category=ErrorCategory.NOT_SPECIFIED, command=command,
                                      extent=extent, inner=err,
                                      exception_type="System.Management.Automation.RuntimeException"))
