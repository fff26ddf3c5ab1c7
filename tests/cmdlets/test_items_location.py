"""Get-Location, Set-Location, Push-Location and Pop-Location: the runspace's location, never os.chdir."""

from __future__ import annotations

import os
from pathlib import Path

from shell.cmdlets.items.fileinfo import PathInfo
from shell.cmdlets.items.location import GetLocation, PopLocation, PushLocation, SetLocation
from test_items_support import drive, runspace


def test_set_location_changes_the_runspace_not_the_process(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    cwd = os.getcwd()
    rs = runspace(tmp_path)
    drive(SetLocation, rs, path="sub")
    assert rs.location == str(tmp_path / "sub") and os.getcwd() == cwd
    drive(SetLocation, rs, path="..")
    assert rs.location == str(tmp_path)


def test_set_location_home_back_and_forward(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    rs = runspace(tmp_path)
    rs.set_variable("HOME", str(tmp_path / "b"))
    drive(SetLocation, rs, path="a")
    drive(SetLocation, rs)  # no path: home
    assert rs.location == str(tmp_path / "b")
    drive(SetLocation, rs, path="-")
    assert rs.location == str(tmp_path / "a")
    drive(SetLocation, rs, path="-")
    assert rs.location == str(tmp_path)
    got = drive(SetLocation, rs, path="-")
    assert got.messages == ["There is no location history left to navigate backward."]
    drive(SetLocation, rs, path="+")
    assert rs.location == str(tmp_path / "a")
    drive(SetLocation, rs, path="~")
    assert rs.location == str(tmp_path / "b")


def test_set_location_errors(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("")
    (tmp_path / "d1").mkdir()
    (tmp_path / "d2").mkdir()
    rs = runspace(tmp_path)
    got = drive(SetLocation, rs, path="/nope")
    assert got.messages == ["Cannot find path '/nope' because it does not exist."]
    assert got.errors[0].category == "ObjectNotFound"
    got = drive(SetLocation, rs, path="file.txt")
    assert got.messages == [f"Cannot find path '{tmp_path}/file.txt' because it does not exist."]
    got = drive(SetLocation, rs, path="d*")
    assert "resolved to multiple containers" in got.messages[0]
    assert rs.location == str(tmp_path)
    drive(SetLocation, rs, path="d1*")
    assert rs.location == str(tmp_path / "d1")


def test_get_location_and_pass_thru(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    got = drive(GetLocation, rs)
    assert isinstance(got.out[0], PathInfo) and got.out[0].Path == str(tmp_path) == str(got.out[0])
    assert drive(SetLocation, rs, path="/", pass_thru=True).out == [PathInfo("/")]


def test_push_and_pop_location(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    rs = runspace(tmp_path)
    drive(PushLocation, rs, path="x")
    drive(PushLocation, rs, path="/")
    assert rs.location == "/" and rs.location_stack == [str(tmp_path), str(tmp_path / "x")]
    assert [p.Path for p in drive(GetLocation, rs, stack=True).out] == [str(tmp_path / "x"), str(tmp_path)]
    drive(PopLocation, rs)
    assert rs.location == str(tmp_path / "x")
    assert drive(PopLocation, rs, pass_thru=True).out == [PathInfo(str(tmp_path))]
    assert drive(PopLocation, rs).errors == [] and rs.location == str(tmp_path)
    got = drive(PushLocation, rs, path="missing")
    assert got.errors and rs.location_stack == []


def test_location_through_the_interpreter(ps, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "f.txt").write_text("in sub\n")
    r = ps("Get-Location", location=str(tmp_path))
    assert r.stdout == f"\nPath\n----\n{tmp_path}\n\n"
    r = ps("cd sub; Get-Content f.txt; $PWD.ToString() -eq (Get-Location).Path; pushd ..; (pwd).Path; popd; (gl).Path")
    assert r.stdout == f"in sub\nTrue\n{tmp_path}\n{tmp_path}/sub\n"
    r = ps("cd /does/not/exist; 'still running'")
    assert r.stdout == "still running\n"
    assert "Cannot find path '/does/not/exist' because it does not exist." in r.stderr
    r = ps("Set-Location -Path .. -PassThru | ForEach-Object Path")
    assert r.stdout == f"{tmp_path}\n"


def test_native_programs_start_in_the_location(ps, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    r = ps("cd sub; $here = /bin/pwd; $here", location=str(tmp_path))
    assert r.stdout == f"{tmp_path}/sub\n"
