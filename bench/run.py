"""Run every benchmark: ``.venv/bin/python bench/run.py [NAME ...]``.

Each figure is printed beside the same work done by a reference in the same run,
as a ratio, because these machines are shared and noisy (absolute times drift).
Benchmarks are the ``bench_*.py`` modules here; each has ``main() -> list[Row]``.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def _compile_packages() -> None:
    """Compile psrepl's modules to bytecode first, as an installed package has them.

    Start-up figures (psrepl -c exit, a console's first job) otherwise depend on
    whether each module's .pyc happens to exist: with PYTHONDONTWRITEBYTECODE set
    (as on these machines) a module added since the last compile is compiled again
    by every process that imports it (measured: a first job 5.4x -> 3.4-3.6x).
    """
    import compileall  # noqa: PLC0415

    for package in ("shell", "sessions", "jobs"):
        compileall.compile_dir(str(HERE.parent / package), quiet=1)


def main() -> int:
    """Run the named benchmarks (default: all) and print one table."""
    names = sys.argv[1:] or sorted(p.stem for p in HERE.glob("bench_*.py"))
    _compile_packages()
    from benchlib import print_rows  # noqa: PLC0415
    rows = []
    for name in names:
        module = importlib.import_module(name if name.startswith("bench_") else f"bench_{name}")
        started = time.perf_counter()
        print(f"# {module.__name__} ...", file=sys.stderr, flush=True)
        rows.extend(module.main())
        print(f"# {module.__name__} took {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print_rows(rows)
    return 1 if any(r.goal is not None and not r.met for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
