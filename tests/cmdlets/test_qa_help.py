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

