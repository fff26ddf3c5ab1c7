"""Objects that came over the wire show in their type's view even when this process has
never imported the module that declares the live class (a fresh console receiving a
remote Get-ChildItem or Get-Process)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r'''
import sys
from shell.language.psobject import PSObject
from shell.language.host import BufferHost
from shell.language.runspace import Runspace
from shell.language.text_output import format_for_file
assert "shell.cmdlets.items.procinfo" not in sys.modules
proc = PSObject({"Id": 42, "ProcessName": "sshd", "WS": 1048576, "PM": 0, "NPM": 0, "CPU": 1.5,
                 "SI": 42, "PSComputerName": "Server01"},
                ["Deserialized.System.Diagnostics.Process", "Deserialized.System.Object"])
print(format_for_file([proc], Runspace(BufferHost())), end="")
'''


def test_a_deserialized_process_shows_as_the_process_table() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    header = [line for line in result.stdout.splitlines() if line.strip()][0]
    assert header.split() == ["NPM(K)", "PM(M)", "WS(M)", "CPU(s)", "Id", "SI", "ProcessName",
                              "PSComputerName"]
    assert "Server01" in result.stdout
