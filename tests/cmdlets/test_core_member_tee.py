"""Get-Member and Tee-Object."""

from __future__ import annotations

from pathlib import Path

import pytest

from pshelpers import run
from test_core_support import drive

from shell.cmdlets.core.member import GetMember, MemberDefinition
from shell.cmdlets.core.tee import TeeObject
from shell.language.errors import PSRuntimeError
from shell.language.host import BufferHost
from shell.language.psobject import PSObject
from shell.language.runspace import Runspace


# ------------------------------------------------------------------ Get-Member

def test_get_member_of_a_custom_object() -> None:
    item = PSObject({"a": 1, "b": "x", "c": None, "d": [1, 2]})
    members = drive(GetMember, [item]).out
    assert all(isinstance(m, MemberDefinition) for m in members)
    assert [(m.Name, m.MemberType, m.Definition) for m in members] == [
        ("Equals", "Method", "bool Equals(System.Object obj)"),
        ("GetHashCode", "Method", "int GetHashCode()"),
        ("GetType", "Method", "type GetType()"),
        ("ToString", "Method", "string ToString()"),
        ("a", "NoteProperty", "int a=1"),
        ("b", "NoteProperty", "string b=x"),
        ("c", "NoteProperty", "object c=null"),
        ("d", "NoteProperty", "Object[] d=System.Object[]"),
    ]
    assert {m.TypeName for m in members} == {"System.Management.Automation.PSCustomObject"}


def test_get_member_of_a_string() -> None:
    members = drive(GetMember, ["abc"]).out
    names = {m.Name: m for m in members}
    assert names["Length"].MemberType == "Property"
    assert names["Length"].Definition == "int Length {get;}"
    assert names["ToUpper"].MemberType == "Method"
    assert members[-1].Name == "Length"  # methods first, then properties, as PowerShell sorts by kind


def test_get_member_one_block_per_type_and_filters() -> None:
    members = drive(GetMember, [1, 2, "a", 3]).out
    assert [t for t in dict.fromkeys(m.TypeName for m in members)] == ["System.Int32", "System.String"]
    only = drive(GetMember, ["a"], MemberType=["Property"]).out
    assert [m.Name for m in only] == ["Length"]
    named = drive(GetMember, ["a"], Name=["To*"], MemberType=["Method"]).out
    assert named and all(m.Name.startswith("To") for m in named)


def test_get_member_without_input_is_an_error() -> None:
    assert drive(GetMember).error_messages == ["You must specify an object for the Get-Member cmdlet."]
    assert "You must specify an object for the Get-Member cmdlet." in run("$null | Get-Member").stderr


def test_get_member_in_the_language() -> None:
    result = run("[pscustomobject]@{Name='x'} | gm -MemberType NoteProperty | % Definition")
    assert result.stdout == "string Name=x\n"
    assert run("'x' | gm -Name Length | % TypeName").stdout == "System.String\n"


# ------------------------------------------------------------------ Tee-Object

def test_tee_to_a_variable_passes_objects_on() -> None:
    rs = Runspace(BufferHost())
    result = drive(TeeObject, [1, 2, 3], runspace=rs, Variable="saved")
    assert result.out == [1, 2, 3]
    assert rs.get_variable("saved") == [1, 2, 3]
    drive(TeeObject, ["one"], runspace=rs, Variable="single")
    assert rs.get_variable("single") == "one"


def test_tee_to_a_file_writes_what_the_console_shows(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    result = run(f"'a','b' | Tee-Object -FilePath '{target}'")
    assert result.stdout == "a\nb\n"
    assert target.read_text() == "a\nb\n"
    run(f"'c' | Tee-Object '{target}' -Append | Out-Null")
    assert target.read_text() == "a\nb\nc\n"
    run(f"[pscustomobject]@{{a=1}} | Tee-Object -FilePath '{target}' | Out-Null")
    assert target.read_text() == "\na\n-\n1\n\n"


def test_tee_errors(tmp_path: Path) -> None:
    with pytest.raises(PSRuntimeError) as info:
        drive(TeeObject, [1], FilePath=str(tmp_path / "missing" / "x.txt"))
    assert info.value.message == f"Could not find a part of the path '{tmp_path}/missing/x.txt'."
    with pytest.raises(PSRuntimeError):
        drive(TeeObject, [1])


def test_tee_has_no_tee_alias_on_linux() -> None:
    from shell.language.commands import CommandTable
    table = CommandTable.default()
    assert table.alias_target("tee") is None and table.alias_target("sleep") is None
    assert table.alias_target("%") == "ForEach-Object" and table.alias_target("?") == "Where-Object"
    assert table.alias_target("gm") == "Get-Member" and table.alias_target("sls") == "Select-String"
