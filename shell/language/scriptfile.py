"""Script files (``psrepl file.ps1``, ``& ./deploy.ps1``): read, parse, run in a script scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shell.language.errors import ErrorCategory, ErrorRecord, ParseError, PSRuntimeError
from shell.language.scriptblock import ScriptBlock

if TYPE_CHECKING:
    from shell.language.interpreter import Interpreter


def read_script(path: str) -> str:
    """The text of a script file, or a clear error."""
    try:
        # Bytes that are not UTF-8 become U+FFFD, as PowerShell reads them.
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            return handle.read()
    except OSError as err:
        raise PSRuntimeError(ErrorRecord(
            f"Cannot read the script file '{path}': {err.strerror or err}.",
            category=ErrorCategory.READ_ERROR, error_id="ScriptReadError")) from None


def load_script(interp: Interpreter, path: str) -> ScriptBlock:
    """A script file as a ScriptBlock (parse errors become terminating errors)."""
    from shell.language.parser import parse  # noqa: PLC0415
    text = read_script(path)
    try:
        ast = parse(text, path)
    except ParseError as err:
        raise PSRuntimeError(ErrorRecord(err.message, category=ErrorCategory.PARSER_ERROR,
                                         error_id=err.error_id, extent=err.extent,
                                         exception_type="System.Management.Automation.ParseException")) from None
    return ScriptBlock(ast, text, interp.rs)
