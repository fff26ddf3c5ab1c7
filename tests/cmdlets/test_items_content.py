"""Get-Content, Set-Content and Add-Content."""

from __future__ import annotations

import codecs
from pathlib import Path

from shell.cmdlets.items.content import AddContent, GetContent, SetContent
from shell.cmdlets.items.fileinfo import FileInfo
from test_items_support import drive, runspace


def test_get_content_lines(tmp_path: Path) -> None:
    (tmp_path / "f.txt").write_bytes(b"one\r\ntwo\nthree\rfour\n")
    got = drive(GetContent, runspace(tmp_path), path=["f.txt"])
    assert got.out == ["one", "two", "three", "four"]


def test_get_content_head_tail_raw(tmp_path: Path) -> None:
    (tmp_path / "f.txt").write_text("1\n2\n3\n4\n5\n")
    rs = runspace(tmp_path)
    assert drive(GetContent, rs, path=["f.txt"], total_count=2).out == ["1", "2"]
    assert drive(GetContent, rs, path=["f.txt"], tail=2).out == ["4", "5"]
    assert drive(GetContent, rs, path=["f.txt"], tail=0).out == []
    assert drive(GetContent, rs, path=["f.txt"], raw=True).out == ["1\n2\n3\n4\n5\n"]
    assert drive(GetContent, rs, path=["f.txt"], read_count=2).out == [["1", "2"], ["3", "4"], ["5"]]
    assert drive(GetContent, rs, path=["f.txt"], read_count=0).out == [["1", "2", "3", "4", "5"]]


def test_get_content_empty_file_and_delimiter(tmp_path: Path) -> None:
    (tmp_path / "e.txt").write_text("")
    (tmp_path / "d.txt").write_text("a,b,c")
    rs = runspace(tmp_path)
    assert drive(GetContent, rs, path=["e.txt"]).out == []
    assert drive(GetContent, rs, path=["e.txt"], raw=True).out == []
    assert drive(GetContent, rs, path=["d.txt"], delimiter=",").out == ["a,", "b,", "c"]


def test_get_content_encodings(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF8 + "héllo\n".encode())
    (tmp_path / "u16.txt").write_bytes("wide\n".encode("utf-16"))
    (tmp_path / "l1.txt").write_bytes("caf\xe9\n".encode("latin-1"))
    rs = runspace(tmp_path)
    assert drive(GetContent, rs, path=["bom.txt"]).out == ["héllo"]
    assert drive(GetContent, rs, path=["u16.txt"]).out == ["wide"]
    assert drive(GetContent, rs, path=["l1.txt"], encoding="Latin1").out == ["café"]
    assert drive(GetContent, rs, path=["bom.txt"], as_byte_stream=True, total_count=3).out == [0xEF, 0xBB, 0xBF]


def test_get_content_errors(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    got = drive(GetContent, runspace(tmp_path), path=["nope.txt", "d"])
    assert got.messages == [
        f"Cannot find path '{tmp_path}/nope.txt' because it does not exist.",
        f"Unable to get content because it is a directory: '{tmp_path}/d'. Please use 'Get-ChildItem' instead.",
    ]


def test_get_content_from_piped_files_by_psPath(ps, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A\n")
    (tmp_path / "b.txt").write_text("B1\nB2\n")
    r = ps("Get-ChildItem *.txt | Get-Content", location=str(tmp_path))
    assert r.stdout == "A\nB1\nB2\n" and r.stderr == ""
    r = ps("'a.txt' | Get-Content")
    assert "The input object cannot be bound to any parameters" in r.stderr
    r = ps("gc a.txt, b.txt -First 1; type b.txt -Last 1; (Get-Content b.txt).Count")
    assert r.stdout == "A\nB1\nB2\n2\n"


def test_set_content_writes_lines_with_trailing_newline(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    drive(SetContent, rs, path=["o.txt"], value=["a", 1, 2.5, True, None])
    assert (tmp_path / "o.txt").read_bytes() == b"a\n1\n2.5\nTrue\n\n"
    drive(SetContent, rs, path=["o.txt"], value=["x", "y"], no_newline=True)
    assert (tmp_path / "o.txt").read_text() == "xy"
    drive(SetContent, rs, path=["o.txt"], value=[None])
    assert (tmp_path / "o.txt").read_bytes() == b""


def test_set_content_from_the_pipeline(tmp_path: Path) -> None:
    got = drive(SetContent, runspace(tmp_path), inputs=["l1", "l2", 3], path=["p.txt"], pass_thru=True)
    assert (tmp_path / "p.txt").read_text() == "l1\nl2\n3\n"
    assert got.out == ["l1", "l2", 3]


def test_add_content_appends(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    drive(AddContent, rs, path=["log.txt"], value=["first"])
    drive(AddContent, rs, path=["log.txt"], value=["second", "third"])
    assert (tmp_path / "log.txt").read_text() == "first\nsecond\nthird\n"
    # as in PowerShell, a file that does not end with a newline is continued on its last line
    (tmp_path / "n.txt").write_text("no newline")
    drive(AddContent, rs, path=["n.txt"], value=["!"])
    assert (tmp_path / "n.txt").read_text() == "no newline!\n"


def test_set_content_encoding_and_errors(tmp_path: Path) -> None:
    rs = runspace(tmp_path)
    drive(SetContent, rs, path=["b.txt"], value=["x"], encoding="utf8BOM")
    assert (tmp_path / "b.txt").read_bytes() == codecs.BOM_UTF8 + b"x\n"
    drive(SetContent, rs, path=["u.txt"], value=["x"], encoding="Unicode")
    assert (tmp_path / "u.txt").read_bytes() == codecs.BOM_UTF16_LE + "x\n".encode("utf-16-le")
    got = drive(SetContent, rs, path=["no/such/f.txt"], value=["x"])
    assert got.messages == [f"Could not find a part of the path '{tmp_path}/no/such/f.txt'."]
    got = drive(SetContent, rs, path=["*.none"], value=["x"])
    assert got.messages == [f"Cannot find path '{tmp_path}/*.none' because it does not exist."]


def test_set_content_wildcard_writes_every_match(tmp_path: Path) -> None:
    (tmp_path / "a.cfg").write_text("old")
    (tmp_path / "b.cfg").write_text("old")
    drive(SetContent, runspace(tmp_path), path=["*.cfg"], value=["new"])
    assert (tmp_path / "a.cfg").read_text() == (tmp_path / "b.cfg").read_text() == "new\n"


def test_content_round_trip_through_the_interpreter(ps, tmp_path: Path) -> None:
    r = ps("Set-Content notes.txt 'first line', 'second line'; Add-Content notes.txt \"third $(1+1)\"; "
           "Get-Content notes.txt; (Get-Content notes.txt -Raw).Length", location=str(tmp_path))
    assert r.stdout == "first line\nsecond line\nthird 2\n31\n" and r.stderr == ""
    r = ps("1..3 | Set-Content n.txt; Get-Content n.txt | ForEach-Object { [int]$_ * 10 }")
    assert r.stdout == "10\n20\n30\n"
    r = ps("Get-Item n.txt | Set-Content -Value 'via pipe'; Get-Content n.txt")
    assert r.stdout == "via pipe\n"


def test_fileinfo_length_after_set_content(tmp_path: Path) -> None:
    drive(SetContent, runspace(tmp_path), path=["s.txt"], value=["abc"])
    assert FileInfo(str(tmp_path / "s.txt")).Length == 4
