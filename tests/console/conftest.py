"""Fixtures for the console tests: a runspace with a small command table, and a home in tmp."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shell.language.cmdlet import Cmdlet, Param
from shell.language.commands import CommandTable
from shell.language.host import BufferHost
from shell.language.runspace import Runspace


class GetChildItem(Cmdlet):
    """A declaration shaped like the real Get-ChildItem (completion reads only declarations)."""

    name = "Get-ChildItem"
    aliases = ("gci", "dir")
    synopsis = "Lists a directory."
    params = (
        Param("Path", "string[]", position=0, completer="path"),
        Param("Filter", "string"),
        Param("Recurse", "switch"),
    )


class GetCommand(Cmdlet):
    """Shaped like Get-Command: its -Name completes command names."""

    name = "Get-Command"
    aliases = ("gcm",)
    params = (Param("Name", "string[]", position=0, completer="command"),)


class WriteOutput(Cmdlet):
    """Shaped like Write-Output."""

    name = "Write-Output"
    aliases = ("echo", "write")
    params = (Param("InputObject", "object[]", position=0, remaining=True), Param("NoEnumerate", "switch"))


class SetLocation(Cmdlet):
    """Shaped like Set-Location (its argument completes directories only)."""

    name = "Set-Location"
    aliases = ("cd", "sl", "chdir")
    params = (Param("Path", "string", position=0, completer="path"),)


@pytest.fixture
def commands() -> CommandTable:
    """A command table with the cmdlets above."""
    table = CommandTable()
    for cls in (GetChildItem, GetCommand, WriteOutput, SetLocation):
        table.register(cls)
    return table


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh home directory (HOME and XDG_STATE_HOME point into tmp)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return home


@pytest.fixture
def runspace(commands: CommandTable, home: Path) -> Runspace:
    """A runspace in ``home`` over the small command table."""
    rs = Runspace(BufferHost(), commands=commands, location=str(home))
    assert os.path.isdir(rs.location)
    return rs
