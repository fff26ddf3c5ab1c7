"""Select-String: strings and files, context, -Quiet, -List, -Raw, -NotMatch, -AllMatches."""

from __future__ import annotations

from pathlib import Path

import pytest

from pshelpers import run
from test_core_support import drive

from shell.cmdlets.core.select_string import MatchInfo, SelectString
from shell.language.errors import PSRuntimeError
from shell.language.host import BufferHost
from shell.language.runspace import Runspace

LOG = "alpha\nbeta error one\ngamma\ndelta ERROR two\nepsilon\n"


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    (tmp_path / "a.log").write_text(LOG)
    (tmp_path / "b.log").write_text("nothing here\n")
    (tmp_path / "sub").mkdir()
    return tmp_path


def in_dir(path: Path) -> Runspace:
    return Runspace(BufferHost(), location=str(path))


def test_piped_strings_match_with_line_numbers() -> None:
    result = drive(SelectString, ["a1", "b2", "c"], Pattern=["\\d"])
    assert [(m.LineNumber, m.Line, m.Path, m.Filename) for m in result.out] == [
        (1, "a1", "InputStream", "InputStream"), (2, "b2", "InputStream", "InputStream")]
    assert [str(m) for m in result.out] == ["a1", "b2"]
    assert [m.Matches[0].Value for m in result.out] == ["1", "2"]


def test_not_match_simple_match_case_sensitive() -> None:
    assert [m.Line for m in drive(SelectString, ["a1", "c"], Pattern=["\\d"], NotMatch=True).out] == ["c"]
    assert [m.Line for m in drive(SelectString, ["a.b", "ab"], Pattern=["."], SimpleMatch=True).out] == ["a.b"]
    assert drive(SelectString, ["ABC"], Pattern=["b"], CaseSensitive=True).out == []
    assert [m.IgnoreCase for m in drive(SelectString, ["ABC"], Pattern=["b"]).out] == [True]


def test_all_matches_and_named_groups() -> None:
    assert run('"a1b2" | sls "\\d" -AllMatches | % { $_.Matches.Value }').lines == ["1", "2"]
    assert run('"a1" | sls "(?<n>\\d)" | % { $_.Matches[0].Groups["n"].Value }').stdout == "1\n"


def test_files_give_path_line_text(logs: Path) -> None:
    result = drive(SelectString, runspace=in_dir(logs), Pattern=["error"], Path=["*.log"])
    assert [str(m) for m in result.out] == ["a.log:2:beta error one", "a.log:4:delta ERROR two"]
    assert [m.Path for m in result.out] == [str(logs / "a.log")] * 2
    assert result.out[0].Filename == "a.log"


def test_a_file_outside_the_location_shows_its_full_path(logs: Path) -> None:
    result = drive(SelectString, runspace=in_dir(logs / "sub"), Pattern=["error"], Path=[str(logs / "a.log")])
    assert str(result.out[0]) == f"{logs}/a.log:2:beta error one"


def test_context_lines(logs: Path) -> None:
    [first, second] = drive(SelectString, runspace=in_dir(logs), Pattern=["error"], Path=["a.log"],
                            Context=[1]).out
    assert str(first) == "  a.log:1:alpha\n> a.log:2:beta error one\n  a.log:3:gamma"
    assert first.Context.PreContext == ["alpha"] and first.Context.PostContext == ["gamma"]
    assert second.Context.PostContext == ["epsilon"]
    [piped] = drive(SelectString, ["x", "hit", "y"], Pattern=["hit"], Context=[1, 0]).out
    assert str(piped) == "  x\n> hit"


def test_quiet_list_raw(logs: Path) -> None:
    rs = in_dir(logs)
    assert drive(SelectString, runspace=rs, Pattern=["error"], Path=["*.log"], Quiet=True).out == [True]
    assert drive(SelectString, runspace=rs, Pattern=["zzz"], Path=["*.log"], Quiet=True).out == [False]
    assert drive(SelectString, ["x", "y", "y"], Pattern=["y"], Quiet=True).out == [True]
    assert drive(SelectString, ["x"], Pattern=["y"], Quiet=True).out == []
    listed = drive(SelectString, runspace=rs, Pattern=["e"], Path=["*.log"], List=True).out
    assert [(m.Filename, m.LineNumber) for m in listed] == [("a.log", 2), ("b.log", 1)]
    assert drive(SelectString, runspace=rs, Pattern=["error"], Path=["a.log"], Raw=True).out == [
        "beta error one", "delta ERROR two"]


def test_file_objects_from_get_childitem(logs: Path) -> None:
    result = run(f"cd '{logs}'; Get-ChildItem *.log | sls error | % {{ \"$_\" }}")
    assert result.lines == ["a.log:2:beta error one", "a.log:4:delta ERROR two"]


def test_errors(logs: Path) -> None:
    result = drive(SelectString, runspace=in_dir(logs), Pattern=["x"], Path=["nope.log"])
    assert result.error_messages == [f"Cannot find path '{logs}/nope.log' because it does not exist."]
    with pytest.raises(PSRuntimeError) as info:
        drive(SelectString, ["x"], Pattern=["["])
    assert info.value.message.startswith("The string [ is not a valid regular expression:")


def test_matchinfo_is_shown_as_its_string_form() -> None:
    assert MatchInfo.ps_view == "string"
    assert run('"one","two" | Select-String o | % { "$_" }').lines == ["one", "two"]


def test_piped_matchinfo_is_filtered_not_its_file_searched(logs: Path) -> None:
    result = run(f"cd '{logs}'; sls error a.log | sls two | % {{ \"$_\" }}")
    assert result.lines == ["a.log:4:delta ERROR two"]
