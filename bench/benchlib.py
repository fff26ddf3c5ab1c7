"""Shared pieces of the benchmarks: timing, rows, and the table they print."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent


class Row:
    """One figure beside its reference: ``ratio = figure / reference`` (lower is better,
    unless ``higher_is_better``), and the goal the issue names for that ratio."""

    def __init__(self, name: str, figure: float, reference: float, reference_name: str,
                 unit: str = "ms", goal: float | None = None, higher_is_better: bool = False) -> None:
        self.name = name
        self.figure = figure
        self.reference = reference
        self.reference_name = reference_name
        self.unit = unit
        self.goal = goal
        self.higher_is_better = higher_is_better

    @property
    def ratio(self) -> float:
        """figure / reference."""
        return self.figure / self.reference if self.reference else float("inf")

    @property
    def met(self) -> bool:
        """Whether the ratio reaches the goal."""
        if self.goal is None:
            return True
        return self.ratio >= self.goal if self.higher_is_better else self.ratio <= self.goal


def print_rows(rows: list[Row]) -> None:
    """Print the table of figures, references, ratios and goals."""
    header = f"{'benchmark':<58} {'psrepl':>12} {'reference':>12} {'ratio':>8}  {'goal':<8} reference is"
    print(header)
    print("-" * len(header))
    for r in rows:
        goal = "" if r.goal is None else (">= " if r.higher_is_better else "<= ") + f"{r.goal:g}x"
        mark = "" if r.goal is None else ("ok" if r.met else "MISSED")
        print(f"{r.name:<58} {r.figure:>10.2f}{r.unit:>2} {r.reference:>10.2f}{r.unit:>2} "
              f"{r.ratio:>7.2f}x  {goal:<8} {r.reference_name} {mark}")


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """The best wall time of ``repeat`` calls, in ms."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def median_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """The median wall time of ``repeat`` calls, in ms."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def medians_alternating(fns: list[Callable[[], object]], repeat: int = 5) -> list[float]:
    """The median wall time of each of ``fns`` (ms), measured in turns: fn1, fn2, .., fn1, fn2, ..

    On a shared, noisy machine a figure and its reference then see the same conditions,
    rather than one running in a quiet minute and the other in a busy one.
    """
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, spent in zip(fns, times):
            started = time.perf_counter()
            fn()
            spent.append((time.perf_counter() - started) * 1000)
    return [statistics.median(spent) for spent in times]


def psrepl_argv() -> list[str]:
    """The installed psrepl command beside this Python."""
    script = Path(sys.executable).parent / "psrepl"
    return [str(script)] if script.exists() else [sys.executable, "-m", "shell"]


#: The environment benchmarks run commands in: bytecode caching on, as on a user's machine
#: (some shells here set PYTHONDONTWRITEBYTECODE, which makes every start recompile).
BENCH_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_quiet(argv: list[str]) -> None:
    """Run a command, discarding its output; fail loudly if it fails."""
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env=BENCH_ENV)
