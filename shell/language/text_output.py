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


class OutDefaultSink:
    """The console's implicit Out-Default: what ends every top-level statement, and what
    formats the objects a remote session sends back.

    The cmdlet is created on the first object, so a statement with no output
    (``exit``, an assignment) never loads the formatting package. ``flush()`` writes
    table rows held back to size their columns (call it before showing a record);
    ``finish()`` ends the formatting.
    """

    def __init__(self, rs: Runspace) -> None:
        self.rs = rs
        self.cmd: Any = None
        self.pipe = "input_object"

    def push(self, item: Any) -> None:
        """Format one object."""
        cmd = self.cmd
        if cmd is None:
            cmd = self._start()
            if cmd is None:
                self._plain(item)
                return
        setattr(cmd, self.pipe, item)
        cmd.process()

    def _start(self) -> Any:
        rs = self.rs
        cls = rs.commands.cmdlet("Out-Default")
        if cls is None:
            return None
        cmd = cls()
        cmd.runspace = rs
        cmd._out = lambda item: None
        cmd._emit = lambda stream, record: rs.host.write_record(stream, record)
        cmd.expecting_input = True
        self.pipe = next((p.attr for p in cls.params if p.pipeline), "input_object")
        cmd.begin()
        self.cmd = cmd
        return cmd

    def _plain(self, item: Any) -> None:
        from shell.language.conversions import to_string  # noqa: PLC0415
        if item is not None:
            self.rs.host.write(to_string(item) + "\n")

    def flush(self) -> None:
        """Write any table rows held back to size columns (before an error is shown)."""
        flush = getattr(self.cmd, "flush_output", None)
        if flush is not None:
            flush()

    def finish(self) -> None:
        """End the formatting (writes the last rows)."""
        if self.cmd is not None:
            cmd, self.cmd = self.cmd, None
            cmd.end()
