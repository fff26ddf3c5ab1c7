"""The shell issue's benchmarks: the interpreter against plain Python, and start-up."""

from __future__ import annotations

import sys

from benchlib import Row, best_of, psrepl_argv, run_quiet


def _runspace():  # type: ignore[no-untyped-def]
    from shell.language.host import BufferHost
    from shell.language.runspace import Runspace
    return Runspace(BufferHost())


def interpreter_rows() -> list[Row]:
    """Loops in psrepl against the same loops in Python, in this process."""
    rs = _runspace()
    engine = rs.engine

    def ps_loop() -> None:
        engine.execute("$s = 0; foreach ($i in 1..1000000) { $s += $i }")

    def py_loop() -> None:
        s = 0
        for i in range(1, 1000001):
            s += i

    def ps_pipeline() -> None:
        engine.execute("1..200000 | ForEach-Object { $_ * 2 } | Measure-Object -Sum | Out-Null")

    def py_pipeline() -> None:
        sum(x * 2 for x in range(200000))

    ps_pipeline()  # warm: loads the cmdlet modules once
    return [
        Row("foreach ($i in 1..1000000) { $s += $i }", best_of(ps_loop, 3), best_of(py_loop, 3),
            "Python for loop", goal=20),
        Row("1..200000 | % { $_ * 2 } | Measure-Object -Sum", best_of(ps_pipeline, 3),
            best_of(py_pipeline, 3), "sum(x * 2 for x in range(200000))", goal=60),
    ]


def startup_rows() -> list[Row]:
    """``psrepl -c exit`` against ``python -c pass`` of the same Python."""
    psrepl = psrepl_argv() + ["-c", "exit"]
    python = [sys.executable, "-c", "pass"]
    run_quiet(psrepl)
    return [Row("psrepl -c 'exit'", best_of(lambda: run_quiet(psrepl), 15),
                best_of(lambda: run_quiet(python), 15), "python -c pass", goal=4)]


def main() -> list[Row]:
    """All rows of this module."""
    return startup_rows() + interpreter_rows()
