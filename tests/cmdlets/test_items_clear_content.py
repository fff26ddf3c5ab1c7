"""Clear-Content: empties files and keeps them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pshelpers import run


def files(tmp_path: Path, **content: str) -> None:
    for name, text in content.items():
        (tmp_path / name.replace("_", ".")).write_text(text)


def test_empties_a_file_and_keeps_it(tmp_path: Path) -> None:
    files(tmp_path, app_log="line 1\nline 2\n")
    before = os.stat(tmp_path / "app.log").st_ino
    result = run("Clear-Content app.log; (Get-Item app.log).Length; Get-Content app.log", location=str(tmp_path))
    assert (result.stdout, result.stderr) == ("0\n", "")
    assert os.stat(tmp_path / "app.log").st_ino == before   # truncated in place, not re-created


def test_alias_wildcards_and_filters(tmp_path: Path) -> None:
    files(tmp_path, a_log="a", b_log="b", c_txt="c", keep_log="k")
    result = run("clc *.log -Exclude keep*; Get-ChildItem | ForEach-Object { \"$($_.Name) $($_.Length)\" }",
                 location=str(tmp_path))
    assert result.stdout == "a.log 0\nb.log 0\nc.txt 1\nkeep.log 1\n"
    result = run("Clear-Content -Path * -Filter *.txt; (Get-Item c.txt).Length; (Get-Item keep.log).Length",
                 location=str(tmp_path))
    assert result.stdout == "0\n1\n"
    result = run("Clear-Content * -Include keep.*; (Get-Item keep.log).Length", location=str(tmp_path))
    assert result.stdout == "0\n"


def test_missing_paths_are_errors_and_unmatched_wildcards_are_not(tmp_path: Path) -> None:
    result = run("Clear-Content nothere.txt; Clear-Content /x; Clear-Content none*.txt; 'after'",
                 location=str(tmp_path))
    assert result.stdout == "after\n"
    assert f"Cannot find path '{tmp_path}/nothere.txt' because it does not exist." in result.stderr
    assert "Cannot find path '/x' because it does not exist." in result.stderr
    assert result.stderr.count("Cannot find path") == 2


def test_literal_path_and_piped_files(tmp_path: Path) -> None:
    files(tmp_path, a_log="a", b_log="b")
    (tmp_path / "[x].txt").write_text("x")
    result = run("Clear-Content -LiteralPath '[x].txt'; Get-ChildItem *.log | Clear-Content; "
                 "Get-ChildItem | ForEach-Object { \"$($_.Name) $($_.Length)\" }", location=str(tmp_path))
    assert (result.stdout, result.stderr) == ("[x].txt 0\na.log 0\nb.log 0\n", "")


def test_paths_resolve_against_the_location_not_the_process_directory(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    files(tmp_path / "sub", f_txt="data")
    result = run("Set-Location sub; Clear-Content f.txt; (Get-Item f.txt).Length", location=str(tmp_path))
    assert (result.stdout, result.stderr) == ("0\n", "")
    assert os.getcwd() != str(tmp_path / "sub")


def test_directories_and_read_only_files(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    files(tmp_path, ro_txt="data")
    os.chmod(tmp_path / "ro.txt", 0o444)
    try:
        result = run("Clear-Content dir", location=str(tmp_path))
        assert f"Access to the path '{tmp_path}/dir' is denied." in result.stderr
        if os.geteuid() != 0:   # root may write to a read-only file anyway
            result = run("Clear-Content ro.txt", location=str(tmp_path))
            assert f"Access to the path '{tmp_path}/ro.txt' is denied." in result.stderr
        result = run("Clear-Content ro.txt -Force; (Get-Item ro.txt).Length", location=str(tmp_path))
        assert (result.stdout, result.stderr) == ("0\n", "")
        assert stat.S_IMODE(os.stat(tmp_path / "ro.txt").st_mode) == 0o444   # still read-only afterwards
    finally:
        os.chmod(tmp_path / "ro.txt", 0o644)


def test_what_if_clears_nothing(tmp_path: Path) -> None:
    files(tmp_path, a_log="data")
    result = run("Clear-Content a.log -WhatIf; (Get-Item a.log).Length", location=str(tmp_path))
    assert result.stdout == f'What if: Performing the operation "Clear Content" on target "Item: {tmp_path}/a.log".\n4\n'


def test_no_path_at_all() -> None:
    result = run("Clear-Content")
    assert "Cannot process command because of one or more missing mandatory parameters: Path." in result.stderr
    result = run("Clear-Content -Path ''")
    assert "Cannot bind argument to parameter 'Path' because it is an empty string." in result.stderr
