"""Get-Variable, Set-Variable, New-Variable, Remove-Variable and Clear-Variable."""

from __future__ import annotations

from pathlib import Path

from shell.cmdlets.utility.variables import (ClearVariable, GetVariable, NewVariable, PSVariable,
                                             RemoveVariable, SetVariable)
from shell.language.runspace import Scope
from test_items_support import drive, runspace


def test_get_variable_by_name_wildcard_and_value_only(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    rs.set_variable("alpha", 1)
    rs.set_variable("alphabet", "abc")
    got = drive(GetVariable, rs, names=["alpha*"])
    assert [(v.Name, v.Value) for v in got.out] == [("alpha", 1), ("alphabet", "abc")]
    assert isinstance(got.out[0], PSVariable)
    assert drive(GetVariable, rs, names=["alpha"], value_only=True).out == [1]
    names = [v.Name for v in drive(GetVariable, rs).out]
    assert names == sorted(names, key=str.lower) and "PWD" in names and "HOME" in names
    assert [str(v) for v in drive(GetVariable, rs, names=["PWD"], value_only=True).out] == [str(tmp_path)]


def test_get_variable_missing(tmp_path: Path) -> None:
    got = drive(GetVariable, runspace(tmp_path), names=["nosuch", "nosuch*"])
    assert got.messages == ["Cannot find a variable with the name 'nosuch'."]
    assert got.errors[0].category == "ObjectNotFound"


def test_scopes(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    rs.set_variable("g", "global")
    rs.scope = Scope(rs.global_scope)
    rs.set_variable("l", "local")
    assert [v.Name for v in drive(GetVariable, rs, scope="Local").out] == ["l"]
    assert "l" not in [v.Name for v in drive(GetVariable, rs, scope="Global").out]
    assert [v.Name for v in drive(GetVariable, rs, names=["g", "l"]).out] == ["g", "l"]
    assert [v.Name for v in drive(GetVariable, rs, names=["g"], scope="1").out] == ["g"]
    drive(SetVariable, rs, names=["made"], value=5, scope="Global")
    assert rs.global_scope.vars["made"] == 5 and "made" not in rs.scope.vars


def test_set_variable_and_pipeline(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    drive(SetVariable, rs, names=["x"], value=42)
    assert rs.get_variable("x") == 42
    drive(SetVariable, rs, inputs=[1, 2, 3], names=["many"])
    assert rs.get_variable("many") == [1, 2, 3]
    drive(SetVariable, rs, inputs=["one"], names=["single"])
    assert rs.get_variable("single") == "one"
    got = drive(SetVariable, rs, names=["y"], value="v", pass_thru=True)
    assert got.out[0].Name == "y" and got.out[0].Value == "v"


def test_read_only_and_constant(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    drive(SetVariable, rs, names=["limit"], value=10, option=["ReadOnly"])
    got = drive(SetVariable, rs, names=["limit"], value=11)
    assert got.messages == ["Cannot overwrite variable limit because it is read-only or constant."]
    assert rs.get_variable("limit") == 10
    drive(SetVariable, rs, names=["limit"], value=12, force=True)
    assert rs.get_variable("limit") == 12
    got = drive(RemoveVariable, rs, names=["limit"])
    assert "Cannot remove variable limit because it is constant or read-only." in got.messages[0]
    drive(RemoveVariable, rs, names=["limit"], force=True)
    assert not rs.has_variable("limit")
    drive(NewVariable, rs, names="pi", value=3.14, option=["Constant"])
    assert drive(SetVariable, rs, names=["pi"], value=3, force=True).errors
    assert drive(GetVariable, rs, names=["pi"]).out[0].Options == "Constant"


def test_new_variable_refuses_an_existing_one(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    drive(NewVariable, rs, names="n", value=1)
    got = drive(NewVariable, rs, names="n", value=2)
    assert got.messages == ["A variable with name 'n' already exists."]
    drive(NewVariable, rs, names="n", value=3, force=True)
    assert rs.get_variable("n") == 3


def test_remove_and_clear_variable(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    for name in ("tmp1", "tmp2", "keep"):
        rs.set_variable(name, name)
    drive(RemoveVariable, rs, names=["tmp*"])
    assert not rs.has_variable("tmp1") and not rs.has_variable("tmp2") and rs.has_variable("keep")
    assert drive(RemoveVariable, rs, names=["gone"]).messages == ["Cannot find a variable with the name 'gone'."]
    drive(ClearVariable, rs, names=["keep"])
    assert rs.has_variable("keep") and rs.get_variable("keep") is None


def test_psvariable_value_is_live(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    rs.set_variable("v", 1)
    var = drive(GetVariable, rs, names=["v"]).out[0]
    var.Value = 2
    assert rs.get_variable("v") == 2


def test_variables_through_the_interpreter(ps, tmp_path: Path) -> None:
    r = ps("$answer = 42; Get-Variable answer", location=str(tmp_path))
    assert r.stdout.splitlines()[1:4] == ["Name                           Value",
                                          "----                           -----",
                                          "answer                         42"]
    r = ps("Set-Variable greeting hello; $greeting; New-Variable -Name n -Value 7; $n + 1; "
           "Remove-Variable n; $null -eq $n; (Get-Variable greeting).Value.ToUpper()")
    assert r.stdout == "hello\n8\nTrue\nHELLO\n"
    r = ps("1..3 | Set-Variable nums; $nums.Count; gv nums -ValueOnly")
    assert r.stdout == "3\n1\n2\n3\n"
    r = ps("Get-Variable nothing-here; 'after'")
    assert r.stdout == "after\n" and "Cannot find a variable with the name 'nothing-here'." in r.stderr
