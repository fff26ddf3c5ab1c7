"""The Format-* and Out-* cmdlets, driven directly (begin/process/end) with a BufferHost."""

from __future__ import annotations

import os
from typing import Any

import pytest

from shell.cmdlets.formatting.format_cmdlets import FormatList, FormatTable, FormatWide
from shell.cmdlets.formatting.out_cmdlets import OutDefault, OutFile, OutHost, OutNull, OutString
from shell.language.errors import ErrorRecord, PSRuntimeError
from shell.language.host import BufferHost
from shell.language.psobject import PSObject
from shell.language.pscollections import Hashtable
from shell.language.runspace import Runspace


def obj(**props: Any) -> PSObject:
    return PSObject(dict(props))


def make(cls: type, host: BufferHost | None = None, location: str | None = None,
         **params: Any) -> tuple[Any, list[Any]]:
    """A cmdlet ready to run: parameters set, output collected in the returned list."""
    cmd = cls()
    cmd.runspace = Runspace(host or BufferHost(width=80), location=location)
    for key, value in params.items():
        setattr(cmd, key, value)
        cmd.bound.add(key)
    out: list[Any] = []
    cmd._out = out.append
    cmd._emit = lambda stream, record: out.append(record)
    cmd.expecting_input = True
    return cmd, out


def run(cls: type, items: list[Any], host: BufferHost | None = None, location: str | None = None,
        **params: Any) -> list[Any]:
    cmd, out = make(cls, host, location, **params)
    cmd.begin()
    for item in items:
        cmd.input_object = item
        cmd.process()
    cmd.end()
    return out


def shown(items: list[Any], width: int = 80) -> str:
    """What Out-Default writes to the host for ``items``."""
    host = BufferHost(width=width)
    run(OutDefault, items, host)
    return host.text


PEOPLE = [obj(Name="Ann", Age=31, City="Oslo"), obj(Name="Bartholomew", Age=7, City="Rome")]


# ------------------------------------------------------------------ Out-Default / Out-Host
def test_out_default_writes_strings_as_they_arrive() -> None:
    host = BufferHost(width=80)
    cmd, _ = make(OutDefault, host)
    cmd.begin()
    for i, text in enumerate(["one", "two", "three"]):
        cmd.input_object = text
        cmd.process()
        assert len(host.output) == i + 1
    cmd.end()
    assert host.text == "one\ntwo\nthree\n"


def test_out_default_flushes_tables_at_end() -> None:
    assert shown(PEOPLE) == (
        "\n"
        "Name        Age City\n"
        "----        --- ----\n"
        "Ann          31 Oslo\n"
        "Bartholomew   7 Rome\n"
        "\n"
    )


def test_out_default_uses_the_host_width() -> None:
    text = shown([obj(Name="n" * 60, Id=1)], width=30)
    assert max(len(line) for line in text.split("\n")) == 30
    assert "..." in text


def test_out_default_colours_error_records_on_a_colour_host() -> None:
    host = BufferHost(width=80)
    host.color = True
    run(OutDefault, [ErrorRecord("bad", command="Write-Error")], host)
    assert host.text == "\x1b[31mWrite-Error: bad\x1b[0m\n"
    assert shown([ErrorRecord("bad", command="Write-Error")]) == "Write-Error: bad\n"


def test_out_host_is_out_default() -> None:
    host = BufferHost(width=80)
    run(OutHost, ["a", 1], host, paging=True)
    assert host.text == "a\n1\n"


def test_out_null_discards() -> None:
    host = BufferHost(width=80)
    assert run(OutNull, ["a", obj(a=1)], host) == []
    assert host.text == ""


# ------------------------------------------------------------------ Out-String
def test_out_string_returns_the_console_text() -> None:
    assert run(OutString, ["a", 2]) == ["a\n2\n"]
    assert run(OutString, []) == [""]
    assert run(OutString, [obj(x="long value here")], width=10) == ["\nx\n-\nlong va...\n\n"]


def test_out_string_stream_gives_one_string_per_line() -> None:
    assert run(OutString, ["a", "b"] + PEOPLE, stream=True) == [
        "a", "b", "", "Name        Age City", "----        --- ----",
        "Ann          31 Oslo", "Bartholomew   7 Rome", ""]


def test_out_string_stream_writes_scalars_as_they_come() -> None:
    cmd, out = make(OutString, stream=True)
    cmd.begin()
    cmd.input_object = "first"
    cmd.process()
    assert out == ["first"]
    cmd.end()
    assert out == ["first"]


def test_out_string_no_newline() -> None:
    assert run(OutString, ["a", "b"], no_newline=True) == ["ab"]


# ------------------------------------------------------------------ Out-File
def test_out_file_writes_utf8_and_appends(tmp_path: Any) -> None:
    run(OutFile, ["héllo", obj(a=1)], location=str(tmp_path), file_path="out.txt")
    path = tmp_path / "out.txt"
    assert path.read_bytes() == "héllo\n\na\n-\n1\n\n".encode("utf-8")
    run(OutFile, ["more"], location=str(tmp_path), file_path="out.txt", append=True)
    assert path.read_text(encoding="utf-8") == "héllo\n\na\n-\n1\n\nmore\n"
    run(OutFile, ["new"], location=str(tmp_path), file_path="out.txt")
    assert path.read_text(encoding="utf-8") == "new\n"


def test_out_file_resolves_paths_against_the_runspace_location(tmp_path: Any) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    assert os.getcwd() != str(sub)
    run(OutFile, ["x"], location=str(sub), file_path="rel.txt")
    assert (sub / "rel.txt").read_text() == "x\n"
    assert not os.path.exists(os.path.join(os.getcwd(), "rel.txt"))


def test_out_file_with_no_input_creates_an_empty_file(tmp_path: Any) -> None:
    run(OutFile, [], location=str(tmp_path), file_path="empty.txt")
    assert (tmp_path / "empty.txt").read_bytes() == b""


@pytest.mark.parametrize("encoding, data", [
    ("utf8", "é\n".encode("utf-8")),
    ("utf8NoBOM", "é\n".encode("utf-8")),
    ("utf8BOM", b"\xef\xbb\xbf" + "é\n".encode("utf-8")),
    ("ascii", b"?\n"),
    ("unicode", b"\xff\xfe" + "é\n".encode("utf-16-le")),
    ("bigendianunicode", b"\xfe\xff" + "é\n".encode("utf-16-be")),
    ("utf32", b"\xff\xfe\x00\x00" + "é\n".encode("utf-32-le")),
])
def test_out_file_encodings(tmp_path: Any, encoding: str, data: bytes) -> None:
    run(OutFile, ["é"], location=str(tmp_path), file_path="e.txt", encoding=encoding)
    assert (tmp_path / "e.txt").read_bytes() == data


def test_out_file_bom_only_at_the_start(tmp_path: Any) -> None:
    run(OutFile, ["a"], location=str(tmp_path), file_path="u.txt", encoding="unicode")
    run(OutFile, ["b"], location=str(tmp_path), file_path="u.txt", encoding="unicode", append=True)
    assert (tmp_path / "u.txt").read_bytes() == b"\xff\xfe" + "a\nb\n".encode("utf-16-le")


def test_out_file_missing_directory_names_the_path(tmp_path: Any) -> None:
    cmd, _ = make(OutFile, location=str(tmp_path), file_path="nope/y.txt")
    with pytest.raises(PSRuntimeError) as info:
        cmd.begin()
    path = os.path.join(str(tmp_path), "nope", "y.txt")
    assert info.value.record.message == f"Could not find a part of the path '{path}'."
    assert info.value.record.command == "Out-File"


def test_out_file_directory_as_target_is_denied(tmp_path: Any) -> None:
    cmd, _ = make(OutFile, location=str(tmp_path), file_path=".")
    with pytest.raises(PSRuntimeError) as info:
        cmd.begin()
    assert info.value.record.message == f"Access to the path '{tmp_path}' is denied."


def test_out_file_bad_encoding_and_no_clobber(tmp_path: Any) -> None:
    cmd, _ = make(OutFile, location=str(tmp_path), file_path="a.txt", encoding="klingon")
    with pytest.raises(PSRuntimeError) as info:
        cmd.begin()
    assert "'klingon' is not a supported encoding name" in info.value.record.message
    (tmp_path / "a.txt").write_text("keep")
    cmd, _ = make(OutFile, location=str(tmp_path), file_path="a.txt", no_clobber=True)
    with pytest.raises(PSRuntimeError) as info:
        cmd.begin()
    assert info.value.record.message == f"The file '{tmp_path / 'a.txt'}' already exists."
    assert (tmp_path / "a.txt").read_text() == "keep"


def test_out_file_no_newline_and_width(tmp_path: Any) -> None:
    run(OutFile, ["a", "b", 3], location=str(tmp_path), file_path="n.txt", no_newline=True)
    assert (tmp_path / "n.txt").read_text() == "ab3"
    run(OutFile, [obj(x="y" * 50)], location=str(tmp_path), file_path="w.txt", width=20)
    assert (tmp_path / "w.txt").read_text() == "\nx\n-\n" + "y" * 17 + "...\n\n"


# ------------------------------------------------------------------ Format-Table
def format_and_show(cls: type, items: list[Any], width: int = 80, **params: Any) -> str:
    return shown(run(cls, items, **params), width)


def test_format_table_selected_properties() -> None:
    assert format_and_show(FormatTable, PEOPLE, property=["City", "Name"]) == (
        "\nCity Name\n---- ----\nOslo Ann\nRome Bartholomew\n\n")


def test_format_table_wildcards_and_calculated_properties() -> None:
    calc = Hashtable({"N": "Years", "E": "Age", "Width": 6, "Alignment": "Left"})
    assert format_and_show(FormatTable, PEOPLE, property=["N*", calc]) == (
        "\nName        Years\n----        -----\nAnn         31\nBartholomew 7\n\n")


def test_format_table_shows_every_property_of_wide_objects() -> None:
    wide = obj(a=1, b=2, c=3, d=4, e=5)
    assert format_and_show(FormatTable, [wide]) == "\na b c d e\n- - - - -\n1 2 3 4 5\n\n"


def test_format_table_hide_headers_and_wrap() -> None:
    assert format_and_show(FormatTable, PEOPLE, hide_table_headers=True) == (
        "\nAnn         31 Oslo\nBartholomew  7 Rome\n\n")
    long = obj(Key="k", Text="abcdefghij" * 3)
    assert format_and_show(FormatTable, [long], width=16, wrap=True) == (
        "\nKey Text\n--- ----\nk   abcdefghijab\n    cdefghijabcd\n    efghij\n\n")


def test_format_table_group_by() -> None:
    items = [obj(Name="a", State="Running"), obj(Name="b", State="Running"),
             obj(Name="c", State="Completed")]
    assert format_and_show(FormatTable, items, property=["Name"], group_by="State") == (
        "\n   State: Running\n\nName\n----\na\nb\n\n"
        "   State: Completed\n\nName\n----\nc\n\n")


def test_format_table_hashtable_and_scalars() -> None:
    assert format_and_show(FormatTable, [Hashtable({"k": 1}), "plain"]) == (
        "\nName                           Value\n----                           -----\n"
        "k                              1\n\nplain\n")
    assert format_and_show(FormatTable, [Hashtable({"k": 1})], auto_size=True) == (
        "\nName Value\n---- -----\nk    1\n\n")


def test_format_table_output_renders_at_out_string_width() -> None:
    table = run(FormatTable, [obj(Text="t" * 100)])
    assert run(OutString, table, width=12) == ["\nText\n----\nttttttttt...\n\n"]


# ------------------------------------------------------------------ Format-List / Format-Wide
def test_format_list_all_and_chosen_properties() -> None:
    assert format_and_show(FormatList, PEOPLE[:1]) == "\nName : Ann\nAge  : 31\nCity : Oslo\n\n"
    assert format_and_show(FormatList, PEOPLE, property=["*"]) == (
        "\nName : Ann\nAge  : 31\nCity : Oslo\n\n"
        "Name : Bartholomew\nAge  : 7\nCity : Rome\n\n")
    calc = Hashtable({"Label": "Town", "Expression": "City"})
    assert format_and_show(FormatList, PEOPLE[:1], property=["Name", calc]) == (
        "\nName : Ann\nTown : Oslo\n\n")


def test_format_list_streams_one_entry_per_object() -> None:
    cmd, out = make(FormatList)
    cmd.begin()
    cmd.input_object = PEOPLE[0]
    cmd.process()
    assert len(out) == 1


def test_format_list_hashtable_and_scalar() -> None:
    assert format_and_show(FormatList, [Hashtable({"a": 1}), "s"]) == "\nName  : a\nValue : 1\n\ns\n"


def test_format_wide() -> None:
    items = [obj(Name=n, Size=1) for n in ("alpha", "beta", "gamma", "delta", "epsilon")]
    assert format_and_show(FormatWide, items, width=40) == (
        "\nalpha               beta\ngamma               delta\nepsilon\n\n")
    assert format_and_show(FormatWide, items, width=40, column=4) == (
        "\nalpha     beta      gamma     delta\nepsilon\n\n")
    assert format_and_show(FormatWide, items, width=40, property="Size", auto_size=True) == (
        "\n1 1 1 1 1\n\n")


def test_format_table_format_string_keeps_numbers_right_aligned_and_width_holds() -> None:
    calc = Hashtable({"Name": "Age", "Expression": "Age", "FormatString": "N1"})
    who = Hashtable({"Name": "Who", "Expression": "Name", "Width": 5})
    assert format_and_show(FormatTable, PEOPLE, property=[calc, who]) == (
        "\n Age Who\n --- ---\n31.0 Ann\n 7.0 Ba...\n\n")


def test_format_table_alignment_from_the_first_value_that_is_not_empty() -> None:
    rows = [obj(Length=None, Name="dir"), obj(Length=1234, Name="file")]
    assert format_and_show(FormatTable, rows) == "\nLength Name\n------ ----\n       dir\n  1234 file\n\n"
