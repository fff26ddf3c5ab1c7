"""QA: fixes in the item cmdlets and their objects, pinned by what a user sees."""

from __future__ import annotations

from pathlib import Path

from pshelpers import run


def test_fileinfo_copyto_and_moveto(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("l1\nl2\n")
    result = run('$f = Get-Item a.txt; $c = $f.CopyTo("$PWD/copied.txt"); $c.Name; '
                 '(Get-Content copied.txt) -join ","; $c.MoveTo("$PWD/moved.txt"); $c.Name; '
                 'Test-Path copied.txt; Test-Path moved.txt; $f.CopyTo("$PWD/moved.txt", $true).Length',
                 location=str(tmp_path))
    assert result.stdout.splitlines() == ["copied.txt", "l1,l2", "moved.txt", "False", "True", "6"]
    assert result.stderr == ""


def test_fileinfo_copyto_refuses_an_existing_file_as_dotnet_does(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x\n")
    (tmp_path / "b.txt").write_text("y\n")
    result = run('(Get-Item a.txt).CopyTo("$PWD/b.txt")', location=str(tmp_path))
    assert result.stderr == (f'MethodInvocationException: Exception calling "CopyTo" with "1" argument(s): '
                             f'"The file \'{tmp_path}/b.txt\' already exists."\n')
    assert (tmp_path / "b.txt").read_text() == "y\n"
