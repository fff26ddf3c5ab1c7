"""QA: Get-Help returns a help object (Name, Synopsis, ...) that shows as the help page."""

from __future__ import annotations

from pshelpers import run


def test_get_help_object_has_powershell_properties() -> None:
    result = run("$h = Get-Help Get-Date; $h.Name; $h.Synopsis; $h.Category; (Get-Help gci).Name")
    assert result.stdout.splitlines() == ["Get-Date", "Gets the current date and time.", "Cmdlet",
                                          "Get-ChildItem"]


def test_get_help_object_shows_as_its_page() -> None:
    shown = run("Get-Help Get-Date").stdout
    assert shown.startswith("\nNAME\n    Get-Date\n\nSYNOPSIS\n    Gets the current date and time.\n")
    assert run("Get-Help Get-Date | Out-String").stdout == shown + "\n"
    assert run("(Get-Help Get-Date).Syntax").stdout.startswith("Get-Date [[-Date] <Object>]")


def test_get_command_for_an_unknown_name_says_what_powershell_says() -> None:
    result = run("Get-Command nosuch_cmd_qa")
    assert result.stderr == (
        "Get-Command: The term 'nosuch_cmd_qa' is not recognized as a name of a cmdlet, function, "
        "script file, or executable program.\nCheck the spelling of the name, or if a path was "
        "included, verify that the path is correct and try again.\n")
