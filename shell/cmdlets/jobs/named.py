"""Whether a command line named a parameter or gave its value by position.

Binding keeps only the names of the parameters bound, not how. A few cmdlets need
to know, because PowerShell picks a different parameter set for a positional value
than for a named one: ``Start-Job ./deploy.ps1`` is -FilePath, ``Receive-Job MyJob``
is -Name, while ``Start-Job -ScriptBlock 'x'`` and ``Receive-Job -Job 'x'`` are
binding errors. The answer is read from the command's own text (its extent).
"""

from __future__ import annotations

from typing import Any

from shell.language.cmdlet import Cmdlet
from shell.language.errors import ParseError


def named_on_command_line(cmd: Cmdlet, param: str) -> bool:
    """True when the command's text names ``param`` (its name, an alias, or a prefix of the
    name that no other parameter's name equals); False when it was given by position (or
    the text is not at hand)."""
    from shell.language import ast  # noqa: PLC0415
    from shell.language.parser import parse  # noqa: PLC0415

    extent = cmd.extent
    if extent is None:
        return False
    try:
        tree = parse(extent.text)
    except ParseError:
        return False
    declared = next((p for p in cmd.params if p.name.lower() == param.lower()), None)
    if declared is None:
        return False
    full = declared.name.lower()
    aliases = {a.lower() for a in declared.aliases}
    others = {p.name.lower() for p in cmd.params if p is not declared}
    for node in _parameters_of_first_command(tree, ast):
        typed = str(node.name).lower()
        if typed == full or typed in aliases or (full.startswith(typed) and typed not in others):
            return True
    return False


def _parameters_of_first_command(tree: Any, ast: Any) -> list[Any]:
    """The CommandParameterAst elements of the first command in ``tree`` (none of nested blocks)."""
    todo = [tree]
    while todo:
        item = todo.pop(0)
        if isinstance(item, ast.CommandAst):
            return [e for e in item.elements if isinstance(e, ast.CommandParameterAst)]
        if isinstance(item, (list, tuple)):
            todo[:0] = list(item)
        elif isinstance(item, ast.Node):
            todo[:0] = [getattr(item, f) for f in item._fields]
    return []
