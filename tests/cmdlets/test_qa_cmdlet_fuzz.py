"""QA: every cmdlet given odd parameter values and odd piped objects answers with output or a
clear error, never a Python exception's name or a traceback.

Harmless cmdlets only, in a scratch directory (nothing that removes, moves or stops things,
waits for input, or starts processes). The cases are drawn from a fixed seed, so a failure
repeats.
"""

from __future__ import annotations

import importlib
import random
import re
from pathlib import Path

import pytest

from pshelpers import run
from shell.cmdlets.manifest import COMMANDS

UNSAFE = {"stop-process", "start-process", "remove-item", "move-item", "rename-item", "copy-item",
          "read-host", "start-sleep", "clear-host", "invoke-history", "set-location", "push-location",
          "pop-location", "out-file", "set-content", "add-content", "new-item", "tee-object",
          "remove-variable", "clear-variable", "set-variable", "clear-history"}
NAMES = sorted(n for n in COMMANDS
               if n not in UNSAFE and not n.endswith(("-job", "-pssession", "-threadjob"))
               and n != "invoke-command"
               and not n.startswith(("enter-", "exit-", "invoke-", "receive-", "wait-", "connect-",
                                     "disconnect-")))
#: Known failures, each pinned elsewhere as a strict xfail (tests/cmdlets/test_qa_formatting.py).
KNOWN: dict[str, str] = {}
VALUES = ["$null", "''", "0", "-1", "99999999999999999999", "'x'", "@()", "@(1,$null)", "@{}", "@{a=1}",
          "[pscustomobject]@{a=$null}", "{ $_ }", "(Get-Date)", "'*'", "'['", "1.5", "$true",
          "'a`0b'", "[double]::NaN", "'日本'", "[datetime]::MinValue", "[int]::MinValue", "'%'",
          "'{0}'", "@(@())", "('x' * 300)"]
PIPED = ["$null", "1", "'str'", "@{a=1}", "[pscustomobject]@{Name='n'; Length=$null}", "(Get-Item .)",
         "(Get-Date)", "{ 1 }", "@(,@(1,2))", "([timespan]1)", "(Write-Error 'e' 2>&1)", "[double]::NaN"]
PYTHON = re.compile(r"Traceback|internal error|\b(TypeError|AttributeError|KeyError|ValueError|IndexError|"
                    r"NameError|ZeroDivisionError|OverflowError|RecursionError|UnboundLocalError|"
                    r"AssertionError|NotImplementedError|StopIteration|UnicodeError|OSError)\b|NoneType|"
                    r"object has no attribute|not subscriptable|unhashable")


def _params(name: str) -> list[str]:
    module, cls = COMMANDS[name]
    return [p.name for p in getattr(importlib.import_module(module), cls).params]


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(reason=KNOWN[n], strict=True))
                                  if n in KNOWN else n for n in NAMES])
def test_cmdlet_never_shows_a_python_error(name: str, tmp_path: Path) -> None:
    (tmp_path / "f.txt").write_text("line1\nline2\n")
    rng = random.Random(name)
    texts = [f"{name} -{p} {v}" for p in _params(name) for v in rng.sample(VALUES, 3)]
    texts += [f"{piped} | {name}" for piped in PIPED]
    texts += [f"{rng.choice(PIPED)} | {name} -{p} {rng.choice(VALUES)}" for p in _params(name)]
    for text in texts:
        result = run(text, width=80, location=str(tmp_path))
        shown = result.stdout + result.stderr
        assert not PYTHON.search(shown), (text, shown[-500:])
