"""``pipeline &``: run the pipeline as a background job (``Start-Job``), as PowerShell 6+ does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from shell.language.errors import ErrorCategory, PSRuntimeError
from shell.language.scriptblock import ScriptBlock

if TYPE_CHECKING:
    from shell.language.compiler import Compiler


def compile_background(comp: Compiler, node: Any) -> Callable[[Callable[[Any], None]], None]:
    """Start the pipeline's text as a job and output the job object."""
    from shell.language import ast as A  # noqa: PLC0415

    rs = comp.rs
    text = node.extent.text.rstrip()
    if text.endswith("&"):
        text = text[:-1]
    body = A.ScriptBlockAst(None, None, None, A.StatementBlockAst(
        (A.PipelineAst(node.elements, False, extent=node.extent),), extent=node.extent),
        extent=node.extent)

    def ex_background(out: Callable[[Any], None]) -> None:
        cls = rs.commands.cmdlet("Start-Job")
        if cls is None:
            raise PSRuntimeError("Background jobs are not available: Start-Job is missing.",
                                 category=ErrorCategory.NOT_SPECIFIED)
        from shell.language.text_output import run_cmdlet_over  # noqa: PLC0415
        for job in run_cmdlet_over(rs, "Start-Job", [], script_block=ScriptBlock(body, text, rs)):
            out(job)
    return ex_background
