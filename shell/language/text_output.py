"""Turning objects into text without importing the formatting package.

The language layer may not import ``shell.cmdlets`` (dependencies point one way),
so it formats through the command table: Out-String and Out-Default are looked
up by name, as any command would be.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shell.language.runspace import Runspace


def run_cmdlet_over(runspace: Runspace, name: str, items: list[Any], **params: Any) -> list[Any]:
    """Run cmdlet ``name`` with ``items`` as its pipeline input; return its output."""
    cls = runspace.commands.cmdlet(name)
    if cls is None:
        return [_plain(items)]
    cmd = cls()
    for key, value in params.items():
        setattr(cmd, key, value)
        cmd.bound.add(key)
    results: list[Any] = []
    cmd.runspace = runspace
    cmd._out = results.append
    cmd._emit = lambda stream, record: None
    cmd.expecting_input = True
    pipe = next((p for p in cls.params if p.pipeline), None)
    cmd.begin()
    for item in items:
        if pipe is not None:
            setattr(cmd, pipe.attr, item)
        cmd.process()
    cmd.end()
    return results


def format_for_file(items: list[Any], runspace: Runspace) -> str:
    """The text the console would show for ``items`` (what ``>`` writes to a file)."""
    if not items:
        return ""
    results = run_cmdlet_over(runspace, "Out-String", items)
    return "".join(str(r) for r in results)


def _plain(items: list[Any]) -> str:
    from shell.language.conversions import to_string  # noqa: PLC0415
    return "".join(to_string(i) + "\n" for i in items)
