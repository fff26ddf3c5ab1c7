"""Helpers for the core cmdlet tests: drive one cmdlet directly, as the pipeline processor does.

``drive(Cls, inputs, Param=value, ...)`` binds parameters by their PowerShell names,
runs begin/process/end (process once per input, or once with no input), honours
StopUpstream as the processor does, and returns what was written.
"""

from __future__ import annotations

from typing import Any

from shell.language.errors import ErrorRecord, StopUpstream
from shell.language.host import BufferHost
from shell.language.runspace import Runspace
from shell.language.streams import Stream

NO_INPUT: Any = object()


class Driven:
    """What one run of a cmdlet produced."""

    def __init__(self) -> None:
        self.out: list[Any] = []
        self.records: list[tuple[Stream, Any]] = []
        self.stopped_upstream = False
        self.processed = 0

    def stream(self, stream: Stream) -> list[Any]:
        """Records written to ``stream``."""
        return [r for s, r in self.records if s == stream]

    @property
    def errors(self) -> list[ErrorRecord]:
        """Error records written."""
        return self.stream(Stream.ERROR)

    @property
    def error_messages(self) -> list[str]:
        """The messages of the error records written."""
        return [e.message for e in self.errors]


def drive(cls: type, inputs: Any = NO_INPUT, runspace: Runspace | None = None, **params: Any) -> Driven:
    """Run cmdlet class ``cls`` over ``inputs`` (a list of pipeline objects) with ``params``."""
    cmd = cls()
    cmd.runspace = runspace or Runspace(BufferHost())
    by_name = {p.name.lower(): p for p in cls.all_params()}
    for name, value in params.items():
        param = by_name[name.lower()]
        setattr(cmd, param.attr, value)
        cmd.bound.add(param.name)
    result = Driven()
    cmd._out = result.out.append
    cmd._emit = lambda stream, record: result.records.append((stream, record))
    pipe = next((p for p in cls.params if p.pipeline), None)
    cmd.expecting_input = inputs is not NO_INPUT
    cmd.begin()
    try:
        if inputs is NO_INPUT:
            cmd.process()
        else:
            for item in inputs:
                if pipe is not None:
                    setattr(cmd, pipe.attr, [item] if pipe.type.endswith("[]") and
                            not isinstance(item, list) else item)
                result.processed += 1
                cmd.process()
    except StopUpstream as sig:
        assert sig.command is cmd
        result.stopped_upstream = True
    cmd.end()
    return result


def test_drive_runs_begin_process_end() -> None:
    from shell.cmdlets.core.write import WriteOutput
    result = drive(WriteOutput, [1, 2, 3])
    assert result.out == [1, 2, 3]
    assert result.processed == 3
