"""What Start-Job and Start-ThreadJob share: their parameters and how a job's script is chosen.

-ScriptBlock or -FilePath (one of them), -Name, -ArgumentList, -InputObject
(read as ``$input``), -InitializationScript, -WorkingDirectory (default: the
caller's location), and the caller's ``$using:`` values, read when the job starts.

Invoke-Command shares the parts that are not about jobs: choosing the script
(``script_of``), collecting piped input (``CollectsInput``) and turning the
values that cross to another process into wire records (``wire_arguments``).
"""

from __future__ import annotations

import os
from typing import Any

from shell.cmdlets.jobs.named import named_on_command_line
from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord, ParseError, PSRuntimeError
from shell.language.scriptblock import ScriptBlock

#: The parameters both Start-Job and Start-ThreadJob declare.
START_PARAMS: tuple[Param, ...] = (
    # "object": a string by position is -FilePath (PowerShell's FilePath parameter set has it
    # at position 0 too); ``script_of`` sorts it out.
    Param("ScriptBlock", "object", position=0, aliases=("Command",),
          help="The commands the job runs (a script file's path by position is -FilePath)."),
    Param("FilePath", "string", completer="path", help="A script file the job runs."),
    Param("Name", "string", attr="job_name", help="A name for the job (default Job<Id>)."),
    Param("ArgumentList", "object[]", aliases=("Args",),
          help="Values for the script's parameters ($args and param())."),
    Param("InputObject", "object", pipeline=True, help="Input the script reads as $input."),
    Param("InitializationScript", "scriptblock",
          help="Commands run before the job's script, in the same runspace."),
    Param("WorkingDirectory", "string", completer="path",
          help="The job's starting location (default: the current location)."),
)


class StartRequest:
    """The job's script, arguments, input and location, checked and resolved."""

    __slots__ = ("block", "init", "args", "input", "location", "using", "command")

    def __init__(self, block: ScriptBlock, init: ScriptBlock | None, args: list[Any],
                 input: list[Any] | None, location: str, using: dict[str, Any], command: str) -> None:
        self.block = block
        self.init = init
        self.args = args
        self.input = input
        self.location = location
        self.using = using
        self.command = command


def _command_of(block: ScriptBlock) -> str:
    text = block.text.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    return text.strip()


class CollectsInput(Cmdlet):
    """A cmdlet whose script runs elsewhere and reads the pipeline input as ``$input``.

    Piped values are collected in ``self._piped`` (a bound -InputObject is not piped).
    """

    def begin(self) -> None:
        self._piped: list[Any] = []

    def process(self) -> None:
        if self.expecting_input and "InputObject" not in self.bound:
            self._piped.append(self.input_object)


def load_script_file(cmd: Cmdlet, path: str, literal: bool = False) -> tuple[str, ScriptBlock]:
    """(full path, parsed script) of a -FilePath script; a terminating error when missing or bad.

    As PowerShell's PSExecutionCmdlet (Start-Job, Invoke-Command), the path takes no
    wildcards (unless ``literal``: -LiteralPath) and must name a .ps1 file.
    """
    from shell.cmdlets.core.properties import has_wildcard  # noqa: PLC0415
    from shell.language.parser import parse  # noqa: PLC0415
    if not literal and has_wildcard(path):
        cmd.throw("Wildcard characters are not supported for the FilePath parameter. Specify a path "
                  "without wildcard characters.", category=ErrorCategory.INVALID_ARGUMENT, target=path,
                  error_id="WildCardErrorFilePathParameter")
    if not path.lower().endswith(".ps1"):
        cmd.throw("The value of the FilePath parameter must be a Windows PowerShell script file. Enter the "
                  "path to a file with a .ps1 file name extension and try the command again.",
                  category=ErrorCategory.INVALID_ARGUMENT, target=path, error_id="FilePathShouldPS1Extension")
    full = cmd.runspace.resolve_path(path)
    try:
        with open(full, encoding="utf-8-sig") as handle:
            text = handle.read()
    except OSError:
        cmd.throw(f"Cannot find path '{full}' because it does not exist.",
                  category=ErrorCategory.OBJECT_NOT_FOUND, target=path, error_id="PathNotFound")
    try:
        ast = parse(text, full)
    except ParseError as err:
        raise PSRuntimeError(ErrorRecord(err.message, category=ErrorCategory.PARSER_ERROR,
                                         error_id=err.error_id, extent=err.extent,
                                         exception_type="System.Management.Automation.ParseException")) \
            from None
    return full, ScriptBlock(ast, text, cmd.runspace)


def script_of(cmd: Cmdlet, block: Any, path: Any) -> tuple[Any, str | None]:
    """The script -ScriptBlock or -FilePath names: (the block, the file's full path or None).

    Exactly one of them must be given (terminating errors, PowerShell's, otherwise);
    a file is read and parsed here.
    """
    if isinstance(block, (list, tuple)) and len(block) == 1:
        block = block[0]
    if block is not None and not isinstance(block, ScriptBlock):
        if path is None and isinstance(block, str) and not named_on_command_line(cmd, "ScriptBlock"):
            block, path = None, block       # `Start-Job ./deploy.ps1`: the FilePath parameter set
        else:
            _not_a_script_block(cmd, block)
    literal = getattr(cmd, "literal_path", None)
    if sum(x is not None for x in (block, path, literal)) > 1:
        cmd.throw("Parameter set cannot be resolved using the specified named parameters.",
                  category=ErrorCategory.INVALID_ARGUMENT, error_id="AmbiguousParameterSet")
    if path is not None or literal is not None:
        full, loaded = load_script_file(cmd, str(path if path is not None else literal),
                                        literal=literal is not None)
        return loaded, full
    if block is None:
        cmd.throw("Cannot process command because of one or more missing mandatory parameters: "
                  "ScriptBlock.", category=ErrorCategory.INVALID_ARGUMENT,
                  error_id="MissingMandatoryParameter")
    return block, None


def _not_a_script_block(cmd: Cmdlet, value: Any) -> None:
    """PowerShell's binding error for a -ScriptBlock value that is not a script block."""
    from shell.language.conversions import to_string, type_name_of  # noqa: PLC0415

    cmd.throw(f"Cannot bind parameter 'ScriptBlock'. Cannot convert the \"{to_string(value)}\" value of type "
              f"\"{type_name_of(value)}\" to type \"System.Management.Automation.ScriptBlock\".",
              category=ErrorCategory.INVALID_ARGUMENT, target=value, error_id="CannotConvertArgument")


def wire_arguments(args: list[Any], using: dict[str, Any],
                   input_: list[Any] | None) -> tuple[list[Any], dict[str, Any], dict[str, Any]]:
    """-ArgumentList, ``$using:`` values and input as wire records: (args, using, options).

    ``options`` holds the input (``options["input"]``) when there is any.
    """
    from shell.language.wire_adapter import to_record  # noqa: PLC0415

    options: dict[str, Any] = {}
    if input_ is not None:
        options["input"] = [to_record(v) for v in input_]
    return ([to_record(a) for a in args], {k: to_record(v) for k, v in using.items()}, options)


def start_request(cmd: Cmdlet, piped: list[Any]) -> StartRequest:
    """Resolve a Start-*Job call's parameters (``piped``: the pipeline input collected)."""
    block, path = script_of(cmd, cmd.script_block, cmd.file_path)
    command = block.text.strip() if path is not None else _command_of(block)
    location = cmd.runspace.location
    if cmd.working_directory is not None:
        location = cmd.runspace.resolve_path(str(cmd.working_directory))
        if not os.path.isdir(location):
            cmd.throw(f"Cannot find path '{location}' because it does not exist.",
                      category=ErrorCategory.OBJECT_NOT_FOUND, target=cmd.working_directory,
                      error_id="DirectoryNotFound")
    using = cmd.runspace.engine.collect_using(block)
    if cmd.initialization_script is not None:
        using = {**cmd.runspace.engine.collect_using(cmd.initialization_script), **using}
    args = list(cmd.argument_list) if cmd.argument_list is not None else []
    input_: list[Any] | None = None
    if piped:
        input_ = piped
    elif "InputObject" in cmd.bound:
        value = cmd.input_object
        input_ = list(value) if isinstance(value, (list, tuple)) else [value]
    return StartRequest(block, cmd.initialization_script, args, input_, location, using, command)
