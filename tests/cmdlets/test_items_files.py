"""Get-ChildItem, Get-Item, Test-Path, New-Item, Remove-Item, Rename-Item, Copy-Item, Move-Item."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shell.cmdlets.items.childitem import GetChildItem
from shell.cmdlets.items.fileinfo import DirectoryInfo, FileInfo
from shell.cmdlets.items.item import GetItem, NewItem, RemoveItem
from shell.cmdlets.items import item as item_module
from test_items_support import drive, runspace


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """a.txt, b.log, .hidden, sub/c.txt, sub/deep/d.txt, Zeta/ (empty)."""
    (tmp_path / "a.txt").write_text("alpha\n")
    (tmp_path / "b.log").write_text("bee\n")
    (tmp_path / ".hidden").write_text("h")
    (tmp_path / "sub" / "deep").mkdir(parents=True)
    (tmp_path / "sub" / "c.txt").write_text("cc")
    (tmp_path / "sub" / "deep" / "d.txt").write_text("ddd")
    (tmp_path / "Zeta").mkdir()
    return tmp_path


def names(items: list) -> list[str]:
    return [i.Name for i in items]


# ----------------------------------------------------------------- FileInfo
def test_fileinfo_properties(tree: Path) -> None:
    f = FileInfo(str(tree / "a.txt"))
    assert (f.Name, f.BaseName, f.Extension, f.Length) == ("a.txt", "a", ".txt", 6)
    assert f.FullName == str(tree / "a.txt") == str(f)
    assert f.DirectoryName == str(tree) and f.Directory.FullName == str(tree)
    assert f.Mode == "-----" and f.UnixMode.startswith("-rw")
    assert f.PSIsContainer is False and f.Exists
    assert f.PSPath == "Microsoft.PowerShell.Core\\FileSystem::" + str(tree / "a.txt")
    assert abs(f.LastWriteTime.timestamp() - os.stat(tree / "a.txt").st_mtime) < 1
    d = DirectoryInfo(str(tree / "sub"))
    assert d.Mode == "d----" and d.PSIsContainer and d.Parent.FullName == str(tree)
    assert d.Length is None
    assert names(d.GetFiles()) == ["c.txt"] and names(d.GetDirectories()) == ["deep"]
    assert FileInfo(str(tree / ".hidden")).Mode == "---h-"
    os.chmod(tree / "b.log", 0o444)
    assert FileInfo(str(tree / "b.log")).Mode == "--r--"


def test_symlink_mode_and_target(tree: Path) -> None:
    os.symlink("sub", tree / "link")
    d = DirectoryInfo(str(tree / "link"))
    assert d.Mode == "l----" and d.LinkType == "SymbolicLink" and d.Target == "sub"


# ----------------------------------------------------------------- Get-ChildItem
def test_gci_lists_directories_first_sorted_without_hidden(tree: Path) -> None:
    got = drive(GetChildItem, runspace(tree))
    assert names(got.out) == ["sub", "Zeta", "a.txt", "b.log"]
    assert isinstance(got.out[0], DirectoryInfo) and isinstance(got.out[2], FileInfo)


def test_gci_force_shows_hidden(tree: Path) -> None:
    assert ".hidden" in names(drive(GetChildItem, runspace(tree), force=True).out)
    assert names(drive(GetChildItem, runspace(tree), hidden=True).out) == [".hidden"]


def test_gci_recurse_writes_a_directory_before_its_subdirectories(tree: Path) -> None:
    got = drive(GetChildItem, runspace(tree), recurse=True, name_only=True)
    assert got.out == ["sub", "Zeta", "a.txt", "b.log", "sub/deep", "sub/c.txt", "sub/deep/d.txt"]


def test_gci_depth_filter_file_directory(tree: Path) -> None:
    rs = runspace(tree)
    assert drive(GetChildItem, rs, depth=0, name_only=True).out == ["sub", "Zeta", "a.txt", "b.log"]
    assert "sub/deep/d.txt" not in drive(GetChildItem, rs, depth=1, name_only=True).out
    assert drive(GetChildItem, rs, recurse=True, filter="*.txt", name_only=True).out == \
        ["a.txt", "sub/c.txt", "sub/deep/d.txt"]
    assert names(drive(GetChildItem, rs, directory=True).out) == ["sub", "Zeta"]
    assert names(drive(GetChildItem, rs, file=True).out) == ["a.txt", "b.log"]
    assert names(drive(GetChildItem, rs, include=["*.LOG"]).out) == ["b.log"]
    assert names(drive(GetChildItem, rs, exclude=["*.txt"], file=True).out) == ["b.log"]


def test_gci_wildcards(tree: Path) -> None:
    rs = runspace(tree)
    assert names(drive(GetChildItem, rs, path=["*.txt"]).out) == ["a.txt"]
    # a wildcard matching a directory lists its items (as ls does)
    assert names(drive(GetChildItem, rs, path=["su*"]).out) == ["deep", "c.txt"]
    # `gci *.txt -Recurse` searches the tree
    assert names(drive(GetChildItem, rs, path=["*.txt"], recurse=True).out) == ["a.txt", "c.txt", "d.txt"]
    assert drive(GetChildItem, rs, path=["*.nothing"]).out == []


def test_gci_path_and_literal_path(tree: Path) -> None:
    (tree / "x[1].txt").write_text("")
    rs = runspace(tree)
    assert names(drive(GetChildItem, rs, path=["sub"]).out) == ["deep", "c.txt"]
    assert names(drive(GetChildItem, rs, literal_path=["x[1].txt"]).out) == ["x[1].txt"]
    assert names(drive(GetChildItem, rs, path=["x`[1`].txt"]).out) == ["x[1].txt"]
    assert names(drive(GetChildItem, rs, path=["~/"[:0] + str(tree / "a.txt")]).out) == ["a.txt"]


def test_gci_missing_path_is_a_non_terminating_error(tree: Path) -> None:
    got = drive(GetChildItem, runspace(tree), path=["nope", "a.txt"])
    assert got.messages == [f"Cannot find path '{tree}/nope' because it does not exist."]
    assert got.errors[0].category == "ObjectNotFound"
    assert names(got.out) == ["a.txt"]


def test_gci_printed_table(ps, tree: Path) -> None:
    os.utime(tree / "a.txt", (0, 1700000000))
    out = ps("Get-ChildItem -File | Format-Table Mode, Length, Name", location=str(tree)).stdout
    assert out.splitlines()[1:4] == ["Mode  Length Name", "----  ------ ----", "-----      6 a.txt"]
    default = ps("Get-ChildItem a.txt").stdout
    assert "Mode" in default and "LastWriteTime" in default and "Length Name" in default
    assert "11/14/2023" in default


# ----------------------------------------------------------------- Get-Item / Test-Path
def test_get_item(tree: Path) -> None:
    rs = runspace(tree)
    got = drive(GetItem, rs, path=["sub", "a.txt", "*.log", "missing"])
    assert [type(i).__name__ for i in got.out] == ["DirectoryInfo", "FileInfo", "FileInfo"]
    assert names(got.out) == ["sub", "a.txt", "b.log"]
    assert got.messages == [f"Cannot find path '{tree}/missing' because it does not exist."]
    assert names(drive(GetItem, rs, path=["*"], force=True).out)[0] == ".hidden"
    assert drive(GetItem, rs, path=["."]).out[0].FullName == str(tree)


def test_test_path(tree: Path) -> None:
    rs = runspace(tree)
    assert drive(item_module.TestPath, rs, path=["a.txt", "nope", "*.txt", "*.zip", "~"]).out == [True, False, True, False, True]
    assert drive(item_module.TestPath, rs, path=["sub"], path_type="Leaf").out == [False]
    assert drive(item_module.TestPath, rs, path=["sub"], path_type="Container").out == [True]
    assert drive(item_module.TestPath, rs, path=["a.txt"], path_type="leaf").out == [True]
    assert drive(item_module.TestPath, rs, path=["/no/such/dir"], is_valid=True).out == [True]
    assert drive(item_module.TestPath, rs, path=[""]).out == [False]


# ----------------------------------------------------------------- New-Item
def test_new_item_file_and_directory(tree: Path) -> None:
    rs = runspace(tree)
    got = drive(NewItem, rs, path=["n.txt"], value="hi")
    assert isinstance(got.out[0], FileInfo) and (tree / "n.txt").read_text() == "hi"
    got = drive(NewItem, rs, path=["."], item_name="m.txt")
    assert got.out[0].FullName == str(tree / "m.txt") and (tree / "m.txt").read_text() == ""
    got = drive(NewItem, rs, path=["x/y/z"], item_type="Directory")
    assert isinstance(got.out[0], DirectoryInfo) and (tree / "x" / "y" / "z").is_dir()


def test_new_item_existing_and_force(tree: Path) -> None:
    rs = runspace(tree)
    got = drive(NewItem, rs, path=["a.txt"])
    assert got.messages == [f"The file '{tree}/a.txt' already exists."] and got.errors[0].category == "ResourceExists"
    assert (tree / "a.txt").read_text() == "alpha\n"
    drive(NewItem, rs, path=["a.txt"], value="new", force=True)
    assert (tree / "a.txt").read_text() == "new"
    got = drive(NewItem, rs, path=["sub"], item_type="directory")
    assert got.messages == [f"An item with the specified name {tree}/sub already exists."]
    assert drive(NewItem, rs, path=["sub"], item_type="directory", force=True).out[0].Name == "sub"


def test_new_item_missing_parent(tree: Path) -> None:
    rs = runspace(tree)
    got = drive(NewItem, rs, path=["no/dir/f.txt"])
    assert got.messages == [f"Could not find a part of the path '{tree}/no/dir/f.txt'."]
    drive(NewItem, rs, path=["no/dir/f.txt"], force=True, value="v")
    assert (tree / "no" / "dir" / "f.txt").read_text() == "v"


def test_new_item_symbolic_link(tree: Path) -> None:
    got = drive(NewItem, runspace(tree), path=["ln"], item_type="SymbolicLink", value="sub")
    assert os.readlink(tree / "ln") == "sub" and got.out[0].LinkType == "SymbolicLink"


# ----------------------------------------------------------------- Remove-Item
def test_remove_item_files_wildcards_and_missing(tree: Path) -> None:
    rs = runspace(tree)
    got = drive(RemoveItem, rs, path=["a.txt", "*.log", "ghost"])
    assert not (tree / "a.txt").exists() and not (tree / "b.log").exists()
    assert got.messages == [f"Cannot find path '{tree}/ghost' because it does not exist."]
    assert drive(RemoveItem, rs, path=["*.none"]).errors == []


def test_remove_item_directory_needs_recurse(tree: Path) -> None:
    rs = runspace(tree)
    drive(RemoveItem, rs, path=["Zeta"])  # empty: no -Recurse needed
    assert not (tree / "Zeta").exists()
    got = drive(RemoveItem, rs, path=["sub"])
    assert got.messages[0].startswith(f"The item at '{tree}/sub' has children and the Recurse "
                                      "parameter was not specified.")
    assert (tree / "sub" / "c.txt").exists()
    drive(RemoveItem, rs, path=["sub"], recurse=True)
    assert not (tree / "sub").exists()


def test_remove_item_asks_at_an_interactive_console(tree: Path) -> None:
    rs = runspace(tree, inputs=["n"])
    drive(RemoveItem, rs, path=["sub"])
    assert (tree / "sub").exists() and "has children" in rs.host.text
    rs = runspace(tree, inputs=["y"])
    drive(RemoveItem, rs, path=["sub"])
    assert not (tree / "sub").exists()


def test_remove_item_never_follows_a_link(tree: Path) -> None:
    os.symlink(tree / "sub", tree / "ln")
    drive(RemoveItem, runspace(tree), path=["ln"], recurse=True)
    assert not os.path.lexists(tree / "ln") and (tree / "sub" / "c.txt").exists()


def test_remove_item_refuses_the_current_location(tree: Path) -> None:
    rs = runspace(tree / "sub" / "deep")
    got = drive(RemoveItem, rs, path=[str(tree / "sub")], recurse=True)
    assert got.messages == [f"Cannot remove the item at '{tree}/sub' because it is in use."]
    assert (tree / "sub").exists()


# ----------------------------------------------------------------- through the interpreter
def test_rename_copy_move(ps, tree: Path) -> None:
    r = ps("Rename-Item a.txt a2.txt; Copy-Item a2.txt sub; Copy-Item b.log c.log; "
           "Move-Item c.log Zeta; Copy-Item sub sub2 -Recurse; Copy-Item sub sub3; "
           "Move-Item b.log a2.txt", location=str(tree))
    assert (tree / "a2.txt").read_text() == "alpha\n" and not (tree / "a.txt").exists()
    assert (tree / "sub" / "a2.txt").exists() and (tree / "Zeta" / "c.log").read_text() == "bee\n"
    assert (tree / "sub2" / "deep" / "d.txt").read_text() == "ddd"
    assert (tree / "sub3").is_dir() and list((tree / "sub3").iterdir()) == []
    assert f"Cannot create '{tree}/a2.txt' because a file or directory with the same name already exists." in r.stderr
    r = ps("Move-Item b.log a2.txt -Force -PassThru | ForEach-Object Name")
    assert r.stdout == "a2.txt\n" and (tree / "a2.txt").read_text() == "bee\n"


def test_rename_item_errors(ps, tree: Path) -> None:
    r = ps("Rename-Item a.txt b.log; Rename-Item a.txt /tmp/elsewhere.txt", location=str(tree))
    assert "Cannot create a file when that file already exists." in r.stderr
    assert "Cannot rename the specified target, because it represents a path or device name." in r.stderr
    assert (tree / "a.txt").exists()


def test_copy_item_onto_itself(ps, tree: Path) -> None:
    r = ps("Copy-Item a.txt a.txt; Copy-Item sub sub/deep -Recurse", location=str(tree))
    assert f"Cannot overwrite the item {tree}/a.txt with itself." in r.stderr
    assert "onto itself or into one of its subdirectories" in r.stderr


def test_pipeline_of_items(ps, tree: Path) -> None:
    r = ps("Get-ChildItem -Recurse -Filter *.txt | Remove-Item; Get-ChildItem -Recurse -File -Name",
           location=str(tree))
    assert r.stdout == "b.log\n" and r.stderr == ""
    r = ps("(Get-Item sub).Parent.Name; (Get-Item b.log).Length; Test-Path sub/deep -PathType Container")
    assert r.stdout.split() == [tree.name, "4", "True"]


def test_errors_do_not_stop_the_pipeline(ps, tree: Path) -> None:
    r = ps("Get-Item nope; 'after'; Remove-Item nope2; $?", location=str(tree))
    assert r.stdout == "after\nFalse\n"
    assert f"Cannot find path '{tree}/nope' because it does not exist." in r.stderr
