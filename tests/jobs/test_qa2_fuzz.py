"""QA (second round): the job and session cmdlets given odd parameter values and odd piped
objects answer with output or a clear error, never a Python exception's name or a traceback.

The cases are drawn from a fixed seed per cmdlet, so a failure repeats. Connections
(-ComputerName, -HostName) are left out: they are the transport's business and slow.
"""

from __future__ import annotations

import importlib
import random
import re
from pathlib import Path
from typing import Any

import pytest

from shell.cmdlets.manifest import COMMANDS

NAMES = sorted(n for n in COMMANDS if n.endswith(("-job", "-threadjob", "-pssession")))
VALUES = ["$null", "''", "0", "-1", "99999999999999999999", "'x'", "@()", "@(1,$null)", "@{}", "@{a=1}",
          "[pscustomobject]@{a=$null}", "{ $_ }", "(Get-Date)", "'*'", "'['", "1.5", "$true", "'a`0b'",
          "[double]::NaN", "'日本'", "[int]::MinValue", "'{0}'", "@(@())", "('x' * 300)", "$j", "@($j,$j)",
          "$j.InstanceId", "'Running'", "1,2", "{ 1 }", "(Get-Item .)", "$j.ChildJobs", "'Job1'"]
PIPED = ["$null", "1", "'str'", "@{a=1}", "[pscustomobject]@{Name='n'; Id=$null}", "(Get-Item .)", "(Get-Date)",
         "{ 1 }", "@(,@(1,2))", "$j", "[pscustomobject]@{Id='x'}", "[pscustomobject]@{InstanceId=1}",
         "[pscustomobject]@{State='nope'}", "[pscustomobject]@{Command=$null; Name=@()}",
         "(Write-Error 'e' 2>&1)"]
SKIP = re.compile(r"-(ComputerName|HostName|Cn|Port|UserName|KeyFilePath|StreamingHost)\b", re.I)
PYTHON = re.compile(r"Traceback|internal error|Internal error|\b(TypeError|AttributeError|KeyError|ValueError|"
                    r"IndexError|NameError|ZeroDivisionError|OverflowError|RecursionError|UnboundLocalError|"
                    r"AssertionError|NotImplementedError|StopIteration|UnicodeError|OSError)\b|NoneType|"
                    r"object has no attribute|not subscriptable|unhashable|cannot move from")


def _params(name: str) -> list[str]:
    module, cls = COMMANDS[name]
    return [p.name for p in getattr(importlib.import_module(module), cls).params] or ["Verbose"]


def _cases(name: str) -> list[str]:
    rng = random.Random(f"qa2-{name}")
    params = [p for p in _params(name) if not SKIP.search("-" + p)] or ["Verbose"]
    texts = [f"{name} -{p} {v}" for p in params for v in rng.sample(VALUES, 2)]
    texts += [f"{piped} | {name}" for piped in rng.sample(PIPED, 6)]
    texts += [f"{rng.choice(PIPED)} | {name} -{rng.choice(params)} {rng.choice(VALUES)}" for _ in range(4)]
    texts += [f"{name} {rng.choice(VALUES)} -{rng.choice(params)} {rng.choice(VALUES)}" for _ in range(4)]
    return texts


@pytest.mark.parametrize("name", NAMES)
def test_job_and_session_cmdlets_never_show_a_python_error(ps: Any, name: str, tmp_path: Path) -> None:
    if name in ("start-job", "new-pssession", "enter-pssession"):
        pytest.skip("starts processes for each case; covered by the fuzz of the others' parameters")
    ps("$j = Start-ThreadJob { 'x'; Write-Warning w }; $null = Wait-Job $j", location=str(tmp_path))
    for text in _cases(name):
        if name == "start-threadjob" and "-ThrottleLimit" in text:
            continue  # a pool of one would slow the next cases, not show anything new
        result = ps(text + "\nGet-Job | Stop-Job", location=str(tmp_path))
        shown = result.stdout + result.stderr
        assert not PYTHON.search(shown), (text, shown[-600:])
