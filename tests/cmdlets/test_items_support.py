"""Helpers for the items and utility cmdlet tests: drive one cmdlet directly.

``drive(Cls, runspace, inputs=..., **attrs)`` sets the bound attributes (by their
Python names), runs begin/process/end (process once per input, the pipeline
attribute set to it), and returns what was written.
"""

from __future__ import annotations

from typing import Any

from shell.language.host import BufferHost
from shell.language.runspace import Runspace
from shell.language.streams import Stream

NO_INPUT: Any = object()


class Driven:
    """What one run of a cmdlet produced."""

    def __init__(self) -> None:
        self.out: list[Any] = []
        self.records: list[tuple[Stream, Any]] = []

    @property
    def errors(self) -> list[Any]:
        """Error records written."""
        return [r for s, r in self.records if s == Stream.ERROR]

    @property
    def messages(self) -> list[str]:
        """The messages of the error records written."""
        return [e.message for e in self.errors]


def runspace(location: Any, inputs: list[str] | None = None) -> Runspace:
    """A fresh runspace at ``location`` with a BufferHost (``inputs``: lines it can read)."""
    return Runspace(BufferHost(inputs=inputs), location=str(location))


def drive(cls: type, rs: Runspace, inputs: Any = NO_INPUT, **attrs: Any) -> Driven:
    """Run ``cls`` with the attributes set, optionally feeding ``inputs`` to its pipeline parameter."""
    result = Driven()
    cmd = cls()
    cmd.runspace = rs
    by_attr = {p.attr: p for p in cls.params}
    for attr, value in attrs.items():
        assert attr in by_attr, f"{cls.__name__} has no parameter attribute {attr}"
        setattr(cmd, attr, value)
        cmd.bound.add(by_attr[attr].name)
    cmd._out = result.out.append
    cmd._emit = lambda stream, record: result.records.append((stream, record))
    pipe = next((p for p in cls.params if p.pipeline), None)
    cmd.begin()
    if inputs is NO_INPUT:
        cmd.process()
    else:
        cmd.expecting_input = True
        for item in inputs:
            if pipe is not None:
                setattr(cmd, pipe.attr, [item] if pipe.type.endswith("[]") else item)
            cmd.process()
    cmd.end()
    return result
