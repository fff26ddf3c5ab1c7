"""What Start-Job and Start-ThreadJob share: their parameters and how a job's script is chosen.

-ScriptBlock or -FilePath (one of them), -Name, -ArgumentList, -InputObject
(read as ``$input``), -InitializationScript, -WorkingDirectory (default: the
caller's location), and the caller's ``$using:`` values, read when the job starts.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from shell.language.cmdlet import Param
from shell.language.errors import ErrorCategory, ErrorRecord, ParseError, PSRuntimeError
from shell.language.scriptblock import ScriptBlock

if TYPE_CHECKING:
    from shell.language.cmdlet import Cmdlet

#: The parameters both Start-Job and Start-ThreadJob declare.
START_PARAMS: tuple[Param, ...] = (
    Param("ScriptBlock", "scriptblock", position=0, aliases=("Command",),
          help="The commands the job runs."),
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


def _load_file(cmd: Cmdlet, path: str) -> ScriptBlock:
    from shell.language.parser import parse  # noqa: PLC0415
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
    return ScriptBlock(ast, text, cmd.runspace)


def start_request(cmd: Cmdlet, piped: list[Any]) -> StartRequest:
    """Resolve a Start-*Job call's parameters (``piped``: the pipeline input collected)."""
    block: ScriptBlock | None = cmd.script_block
    path: str | None = cmd.file_path
    if block is not None and path is not None:
        cmd.throw("Parameter set cannot be resolved using the specified named parameters.",
                  category=ErrorCategory.INVALID_ARGUMENT, error_id="AmbiguousParameterSet")
    if block is None and path is None:
        cmd.throw("Cannot process command because of one or more missing mandatory parameters: "
                  "ScriptBlock.", category=ErrorCategory.INVALID_ARGUMENT,
                  error_id="MissingMandatoryParameter")
    if block is None:
        block = _load_file(cmd, str(path))
        command = block.text.strip()
    else:
        command = _command_of(block)
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
