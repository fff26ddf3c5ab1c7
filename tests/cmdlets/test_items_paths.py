"""Split-Path, Join-Path, Resolve-Path, Convert-Path and the env:/variable:/alias:/function: drives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shell.cmdlets.items.fileinfo import PathInfo
from shell.cmdlets.items.pathcmds import ConvertPath, JoinPath, ResolvePath, SplitPath
from test_items_support import drive, runspace


@pytest.mark.parametrize("switch, expected", [
    ({}, "/var/log"), ({"leaf": True}, "syslog.1.gz"), ({"leaf_base": True}, "syslog.1"),
    ({"extension": True}, ".gz"), ({"is_absolute": True}, True),
])
def test_split_path(tmp_path: Path, switch: dict, expected: object) -> None:
    assert drive(SplitPath, runspace(tmp_path), path=["/var/log/syslog.1.gz"], **switch).out == [expected]


def test_split_path_edges(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    assert drive(SplitPath, rs, path=["file.txt", "/", "/a/b/", "a/b"]).out == ["", "", "/a", "a"]
    assert drive(SplitPath, rs, path=["/a/b/"], leaf=True).out == ["b"]
    assert drive(SplitPath, rs, path=["rel/x"], is_absolute=True).out == [False]
    (tmp_path / "one.log").write_text("")
    assert drive(SplitPath, rs, path=["*.log"], leaf=True, resolve=True).out == ["one.log"]


def test_join_path(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    assert drive(JoinPath, rs, path=["a"], child_path="b", additional_child_path=["c", "d.txt"]).out == ["a/b/c/d.txt"]
    assert drive(JoinPath, rs, path=["/x/", "y"], child_path="/z").out == ["/x/z", "y/z"]
    got = drive(JoinPath, rs, path=[str(tmp_path)], child_path="missing", resolve=True)
    assert got.out == [] and got.messages == [f"Cannot find path '{tmp_path}/missing' because it does not exist."]


def test_resolve_and_convert_path(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("")
    (tmp_path / "b.txt").write_text("")
    rs = runspace(tmp_path)
    assert drive(ResolvePath, rs, path=["*.txt"]).out == [PathInfo(str(tmp_path / "a.txt")),
                                                         PathInfo(str(tmp_path / "b.txt"))]
    assert drive(ResolvePath, rs, path=["a.txt", ".."], relative=True).out == ["./a.txt", ".."]
    assert drive(ConvertPath, rs, path=["."]).out == [str(tmp_path)]
    assert drive(ResolvePath, rs, path=["nope"]).messages == [
        f"Cannot find path '{tmp_path}/nope' because it does not exist."]


def test_env_drive(ps, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PSREPL_TEST_VAR", "value-1")
    r = ps("Get-ChildItem env:PSREPL_TEST_*", location=str(tmp_path))
    assert r.stdout.splitlines()[1:4] == ["Name            Value", "----            -----",
                                          "PSREPL_TEST_VAR value-1"]
    r = ps("(Get-Item env:PSREPL_TEST_VAR).Value; Get-Content env:PSREPL_TEST_VAR; Test-Path env:PSREPL_TEST_VAR")
    assert r.stdout == "value-1\nvalue-1\nTrue\n"
    r = ps("Remove-Item env:PSREPL_TEST_VAR; Test-Path env:PSREPL_TEST_VAR; Get-Item env:PSREPL_TEST_VAR")
    assert r.stdout == "False\n" and "PSREPL_TEST_VAR" not in os.environ
    assert "Cannot find path 'Env:/PSREPL_TEST_VAR' because it does not exist." in r.stderr


def test_variable_alias_function_drives(ps, tmp_path: Path) -> None:
    r = ps("$here = 1; Test-Path variable:here; Test-Path variable:absent; "
           "(Get-Item variable:here).Value; Remove-Item variable:here; Test-Path variable:here",
           location=str(tmp_path))
    assert r.stdout == "True\nFalse\n1\nFalse\n"
    r = ps("function Do-Thing { 'done' }; Get-ChildItem function: | ForEach-Object Name; "
           "Test-Path function:Do-Thing; Remove-Item function:Do-Thing; Test-Path function:Do-Thing")
    assert r.stdout == "Do-Thing\nTrue\nFalse\n"
    r = ps("(Get-Item alias:gci).Definition; Test-Path alias:ls")
    assert r.stdout == "Get-ChildItem\nFalse\n"
