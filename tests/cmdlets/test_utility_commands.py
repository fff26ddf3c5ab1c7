"""Get-Command, Get-Alias, Set-Alias, New-Alias, Remove-Alias and Get-Help."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from shell.cmdlets.utility.commandinfo import AliasInfo, ApplicationInfo, CmdletInfo
from shell.cmdlets.utility.commands import GetAlias, GetCommand, NewAlias, RemoveAlias, SetAlias
from shell.cmdlets.utility.help import GetHelp
from shell.cmdlets.utility.helptext import comment_help, syntax_line
from shell.language.cmdlet import Param
from test_items_support import drive, runspace


# ----------------------------------------------------------------- Get-Command
def test_get_command_resolves_like_the_interpreter(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    got = drive(GetCommand, rs, names=["gci", "Get-ChildItem", "ls"])
    alias, cmdlet, app = got.out
    assert isinstance(alias, AliasInfo) and alias.DisplayName == "gci -> Get-ChildItem"
    assert alias.Definition == "Get-ChildItem" and alias.CommandType == "Alias"
    assert isinstance(cmdlet, CmdletInfo) and cmdlet.Source == "psrepl" and cmdlet.Verb == "Get"
    assert cmdlet.Definition.startswith("Get-ChildItem [[-Path] <string[]>]")
    assert isinstance(app, ApplicationInfo) and app.Path == shutil.which("ls")


def test_get_command_not_found(tmp_path: Path) -> None:
    got = drive(GetCommand, runspace(tmp_path), names=["Foo-Bar", "Zzz-*"])
    assert got.messages == ["The term 'Foo-Bar' is not recognized as a name of a cmdlet, function, "
                            "script file, or executable program.\nCheck the spelling of the name, "
                            "or if a path was included, verify that the path is correct and try again."]
    assert got.errors[0].category == "ObjectNotFound" and got.out == []


def test_get_command_wildcards_verbs_nouns_types(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    got = drive(GetCommand, rs, names=["*-Location"])
    assert [c.Name for c in got.out] == ["Get-Location", "Pop-Location", "Push-Location", "Set-Location"]
    got = drive(GetCommand, rs, noun=["Item"])
    assert {"Get-Item", "New-Item", "Remove-Item"} <= {c.Name for c in got.out}
    assert all(c.Noun == "Item" for c in got.out)
    got = drive(GetCommand, rs, verb=["Stop"], noun=["Process"])
    assert [c.Name for c in got.out] == ["Stop-Process"]
    got = drive(GetCommand, rs, names=["g*"], command_type=["Alias"])
    assert got.out and all(c.CommandType == "Alias" for c in got.out)
    every = drive(GetCommand, rs).out
    kinds = [c.CommandType for c in every]
    assert kinds == sorted(kinds, key=["Alias", "Function", "Cmdlet"].index)
    assert "Application" not in kinds


def test_get_command_programs_on_path(tmp_path: Path, monkeypatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    tool = bin_dir / "mytool-xyz"
    tool.write_text("#!/bin/sh\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    rs = runspace(tmp_path)
    got = drive(GetCommand, rs, names=["mytool-*"])
    assert [(c.CommandType, c.Name, c.Source) for c in got.out] == [("Application", "mytool-xyz", str(tool))]
    assert drive(GetCommand, rs, names=["mytool-xyz"]).out[0].Path == str(tool)


def test_get_command_syntax_and_script_path(tmp_path: Path) -> None:
    (tmp_path / "job.ps1").write_text("'hi'")
    rs = runspace(tmp_path)
    assert drive(GetCommand, rs, names=["Get-Location"], syntax=True).out == \
        ["Get-Location [-Stack] [<CommonParameters>]"]
    got = drive(GetCommand, rs, names=["./job.ps1"])
    assert got.out[0].CommandType == "ExternalScript" and got.out[0].Path == str(tmp_path / "job.ps1")


# ----------------------------------------------------------------- aliases
def test_get_alias(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    got = drive(GetAlias, rs, names=["gci", "cd"])
    assert [a.DisplayName for a in got.out] == ["cd -> Set-Location", "gci -> Get-ChildItem"]
    got = drive(GetAlias, rs, definition=["Get-ChildItem"])
    assert [a.Name for a in got.out] == ["dir", "gci"]
    got = drive(GetAlias, rs, names=["nosuchalias"])
    assert got.messages == ["This command cannot find a matching alias because an alias with the "
                            "name 'nosuchalias' does not exist."]
    names = [a.Name for a in drive(GetAlias, rs).out]
    assert names == sorted(names) and "ls" not in names and "cat" not in names and "ps" not in names


def test_set_new_remove_alias(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    got = drive(SetAlias, rs, alias_name="list", value="Get-ChildItem", pass_thru=True)
    assert rs.aliases["list"] == "Get-ChildItem" and got.out[0].DisplayName == "list -> Get-ChildItem"
    assert drive(GetAlias, rs, names=["list"]).out[0].Definition == "Get-ChildItem"
    got = drive(NewAlias, rs, alias_name="list", value="Get-Item")
    assert got.messages == ["The alias is not allowed, because an alias with the name 'list' already exists."]
    drive(NewAlias, rs, alias_name="list", value="Get-Item", force=True)
    assert rs.aliases["list"] == "Get-Item"
    drive(RemoveAlias, rs, names=["list"])
    assert "list" not in rs.aliases
    assert drive(RemoveAlias, rs, names=["gci"]).errors


# ----------------------------------------------------------------- help text
def test_syntax_line_from_declarations() -> None:
    params = (Param("Path", "string[]", position=0), Param("Name", "string", mandatory=True),
              Param("Kind", "string", choices=("A", "B")), Param("Force", "switch"),
              Param("Id", "int", position=1, mandatory=True))
    assert syntax_line("Do-It", params) == ("Do-It [[-Path] <string[]>] [-Id] <int> -Name <string> "
                                            "[-Kind {A | B}] [-Force] [<CommonParameters>]")


def test_comment_help() -> None:
    doc = comment_help("<#\n.SYNOPSIS\n  Does it.\n.PARAMETER Name\n  Who.\n.EXAMPLE\nDo-It x\nDoes x.\n#>\nparam($Name)")
    assert doc["synopsis"] == "Does it." and doc["parameters"] == {"name": "Who."}
    assert doc["examples"] == ["Do-It x\nDoes x."]
    assert comment_help("param($x) $x") == {}


def test_get_help_page(tmp_path: Path) -> None:
    got = drive(GetHelp, runspace(tmp_path), topic="gci")
    text = str(got.out[0])
    assert text.startswith("\nNAME\n    Get-ChildItem\n\nSYNOPSIS\n    Gets the items and child items")
    assert "SYNTAX\n    Get-ChildItem [[-Path] <string[]>] [[-Filter] <string>]" in text
    assert "ALIASES\n    dir\n    gci\n" in text
    assert 'To see the examples, type: "Get-Help Get-ChildItem -Examples".' in text
    assert "PARAMETERS" not in text


def test_get_help_full_examples_parameter(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    full = str(drive(GetHelp, rs, topic="Get-Content", full=True).out[0])
    assert "PARAMETERS\n    -Path <string[]>" in full and "<CommonParameters>" in full
    assert "Accept pipeline input?       true (ByPropertyName)" in full
    assert "Aliases                      First, Head" in full and "EXAMPLES" in full
    examples = str(drive(GetHelp, rs, topic="Get-Content", show_examples=True).out[0])
    assert "EXAMPLES" in examples and "SYNTAX" not in examples and "PS > Get-Content notes.txt" in examples
    one = drive(GetHelp, rs, topic="Start-Process", parameter=["Wait"]).out[0]
    assert one.lstrip().startswith("-Wait") and "-PassThru" not in one


def test_get_help_intro_wildcard_and_missing(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    assert "psrepl Help System" in drive(GetHelp, rs).out[0]
    rows = drive(GetHelp, rs, topic="*-Location").out
    assert [r.get("Name") for r in rows] == ["Get-Location", "Pop-Location", "Push-Location", "Set-Location"]
    assert rows[0].get("Category") == "Cmdlet"
    got = drive(GetHelp, rs, topic="Nope-Nothing")
    assert got.messages[0].startswith("Get-Help could not find Nope-Nothing in a help file in this session.")


def test_help_for_functions_through_the_interpreter(ps, tmp_path: Path) -> None:
    r = ps("function Get-Thing {\n<#\n.SYNOPSIS\nGets a thing.\n.PARAMETER Count\nHow many.\n#>\n"
           "param([Parameter(Mandatory)][string]$Name, [int]$Count = 3, [switch]$All)\n$Name }\n"
           "Get-Help Get-Thing -Full", location=str(tmp_path))
    assert "SYNOPSIS\n    Gets a thing." in r.stdout
    assert "Get-Thing [-Name] <string> [[-Count] <int>] [-All] [<CommonParameters>]" in r.stdout
    assert "-Count <int>\n        How many." in r.stdout
    assert "Default value                3" in r.stdout
    r = ps("(Get-Command Get-Thing).CommandType; Get-Command Get-Thing -Syntax")
    assert r.stdout == "Function\nGet-Thing [-Name] <string> [[-Count] <int>] [-All] [<CommonParameters>]\n"


def test_commands_through_the_interpreter(ps, tmp_path: Path) -> None:
    r = ps("Get-Command Get-Location, gl", location=str(tmp_path))
    assert r.stdout.splitlines()[1:5] == [
        "CommandType Name               Version Source",
        "----------- ----               ------- ------",
        "Cmdlet      Get-Location       0.1.0   psrepl",
        "Alias       gl -> Get-Location",
    ]
    r = ps("Set-Alias say Write-Output; say hi; (Get-Alias say).Definition; gal say | ForEach-Object Name")
    assert r.stdout == "hi\nWrite-Output\nsay\n"
    r = ps("Get-Command No-SuchThing; 'after'")
    assert r.stdout == "after\n"
    assert "The term 'No-SuchThing' is not recognized as a name of a cmdlet" in r.stderr
