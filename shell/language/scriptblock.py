"""Script blocks and functions as values.

A ``ScriptBlock`` is ``{ ... }`` as a value: its AST, its text, the runspace it
was created in, and (once compiled) the closure that runs it. Running it is the
interpreter's job; the methods here delegate to ``runspace.engine`` so that
cmdlets and other packages need not import the interpreter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from shell.language.ast import ScriptBlockAst
    from shell.language.runspace import Runspace

#: Passed as ``dollar_under`` when ``$_`` is not to be set.
NO_ITEM: Any = object()


class ScriptBlock:
    """``{ ... }``: code that can be run later, here or (as text) elsewhere."""

    __slots__ = ("ast", "text", "runspace", "compiled", "is_filter")

    def __init__(self, ast: ScriptBlockAst, text: str, runspace: Runspace | None = None) -> None:
        self.ast = ast
        self.text = text
        self.runspace = runspace
        self.compiled: Any = None     # set by the interpreter on first run
        self.is_filter = False

    def invoke(self, *args: Any, dollar_under: Any = NO_ITEM, input: Any = None,
               new_scope: bool = True, output: Callable[[Any], None] | None = None,
               runspace: Runspace | None = None) -> list[Any] | None:
        """Run the block with ``args`` (``$args``/``param()``), ``$_`` and ``$input``.

        Output goes to ``output`` when given (returns None), else is returned as a list.
        Records of the other streams go to the runspace's current streams.
        ``new_scope=False`` runs in the caller's scope (as ForEach-Object does).
        """
        rs = runspace or self.runspace
        if rs is None:
            from shell.language.runspace import current_runspace  # noqa: PLC0415
            rs = current_runspace()
        if rs is None:
            from shell.language.errors import PSRuntimeError  # noqa: PLC0415
            raise PSRuntimeError("The script block cannot be invoked: it is not bound to a runspace.")
        return rs.engine.invoke_block(self, args, dollar_under=dollar_under, input=input,
                                      new_scope=new_scope, output=output)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"ScriptBlock({self.text!r})"


class FunctionInfo:
    """A function defined with ``function Name { }``."""

    __slots__ = ("name", "scriptblock")

    def __init__(self, name: str, scriptblock: ScriptBlock) -> None:
        self.name = name
        self.scriptblock = scriptblock

    @property
    def definition(self) -> str:
        """The function's body text."""
        return self.scriptblock.text

    def __str__(self) -> str:
        return self.name
