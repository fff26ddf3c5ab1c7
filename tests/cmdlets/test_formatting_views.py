"""How classes declare their look (ps_view, ps_table labels and formats, ps_group_by),
the views of the cmdlets that use them, and the spacing of output across statements."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

from shell.cmdlets.formatting.engine import format_objects
from shell.cmdlets.formatting.format_cmdlets import FormatTable
from shell.cmdlets.formatting.out_cmdlets import OutDefault
from shell.language.host import BufferHost
from shell.language.psobject import PSLive, PSObject
from shell.language.runspace import Runspace

from pshelpers import run, run_psrepl


class Line(PSLive):
    """Shown as its string form, as PowerShell shows a MatchInfo."""

    ps_type_names = ("Test.Line", "System.Object")
    ps_properties = ("Path", "Number", "Text")
    ps_view = "string"

    def __init__(self, path: str, number: int, text: str) -> None:
        self.Path, self.Number, self.Text = path, number, text

    def __str__(self) -> str:
        return f"{self.Path}:{self.Number}:{self.Text}"


class Member(PSLive):
    """Grouped under ``   TypeName: ...`` headings."""

    ps_type_names = ("Test.Member", "System.Object")
    ps_properties = ("TypeName", "Name", "MemberType")
    ps_table = ("Name", "MemberType")
    ps_group_by = "TypeName"

    def __init__(self, type_name: str, name: str, member_type: str = "Method") -> None:
        self.TypeName, self.Name, self.MemberType = type_name, name, member_type


class Entry(PSLive):
    """Grouped under the labelled heading PowerShell's file views use."""

    ps_type_names = ("Test.Entry", "System.Object")
    ps_properties = ("Folder", "Name", "Size")
    ps_table = ("Size", "Name")
    ps_group_by = ("Directory", "Folder")

    def __init__(self, folder: str, name: str, size: int | None) -> None:
        self.Folder, self.Name, self.Size = folder, name, size


class Proc(PSLive):
    """Columns with labels and formats."""

    ps_type_names = ("Test.Proc", "System.Object")
    ps_properties = ("Id", "WS", "CPU", "Name")
    ps_table = (("WS(M)", "WS", lambda v: f"{v / 1048576:,.2f}"), ("CPU(s)", "CPU", "N2"),
                "Id", ("ProcessName", "Name"))

    def __init__(self, id: int, ws: int, cpu: float | None, name: str) -> None:
        self.Id, self.WS, self.CPU, self.Name = id, ws, cpu, name


class Computed(PSLive):
    """Declares everything through properties (as ExceptionInfo computes its type names)."""

    ps_properties = ("Message", "Code")

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.Message = "boom"
        self.Code = 42

    @property  # type: ignore[override]
    def ps_type_names(self) -> tuple[str, ...]:
        return (f"Test.{self.kind}Exception", "System.Exception", "System.Object")

    @property  # type: ignore[override]
    def ps_table(self) -> tuple[str, ...] | None:
        return ("Code",) if self.kind == "Table" else None

    @property  # type: ignore[override]
    def ps_view(self) -> str | None:
        return "list" if self.kind == "List" else None


class Broken(PSLive):
    """Every declaration and property fails."""

    ps_properties = ("A", "B")

    @property  # type: ignore[override]
    def ps_type_names(self) -> tuple[str, ...]:
        raise RuntimeError("no type names")

    @property  # type: ignore[override]
    def ps_table(self) -> tuple[str, ...]:
        raise RuntimeError("no table")

    @property
    def A(self) -> int:
        raise RuntimeError("no A")

    B = 2

    def __str__(self) -> str:
        return "Broken"


# ------------------------------------------------------------------ ps_view = 'string'
def test_string_view_shows_the_string_form() -> None:
    lines = [Line("/a.txt", 1, "abc"), Line("/a.txt", 2, "xbz")]
    assert format_objects(lines, 80) == "/a.txt:1:abc\n/a.txt:2:xbz\n"
    bag = PSObject({"Path": "/a.txt", "Number": 1, "Text": "abc"},
                   type_names=["Deserialized.Test.Line", "Deserialized.System.Object"],
                   string_form="/a.txt:1:abc")
    assert format_objects([bag], 80) == "/a.txt:1:abc\n"


def test_select_string_prints_the_matching_lines() -> None:
    assert run("'abc','xbz','nothing' | Select-String b").stdout == "abc\nxbz\n"


def test_select_string_over_a_file_prints_path_line_text(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("abc\nnope\nxbz\n")
    result = run("Select-String b b.txt; Select-String b (Join-Path $PWD b.txt)",
                 location=str(tmp_path))
    assert result.stdout == "b.txt:1:abc\nb.txt:3:xbz\nb.txt:1:abc\nb.txt:3:xbz\n"


def test_format_table_of_a_string_view_object_shows_its_properties() -> None:
    text = run("'abc' | Select-String b | Format-Table Line, LineNumber").stdout
    assert text == "\nLine LineNumber\n---- ----------\nabc           1\n\n"


# ------------------------------------------------------------------ ps_group_by
def test_group_by_starts_a_table_under_a_heading_each_time_the_value_changes() -> None:
    members = [Member("System.String", "Clone"), Member("System.String", "Length", "Property"),
               Member("System.Int32", "CompareTo")]
    assert format_objects(members, 80) == (
        "\n"
        "   TypeName: System.String\n"
        "\n"
        "Name   MemberType\n"
        "----   ----------\n"
        "Clone  Method\n"
        "Length Property\n"
        "\n"
        "   TypeName: System.Int32\n"
        "\n"
        "Name      MemberType\n"
        "----      ----------\n"
        "CompareTo Method\n"
        "\n"
    )


def test_labelled_group_heading_and_provider_paths() -> None:
    prefix = "Microsoft.PowerShell.Core\\FileSystem::"
    entries = [Entry(prefix + "/tmp", "a", 10), Entry(prefix + "/tmp/sub", "b", 2000)]
    assert format_objects(entries, 80) == (
        "\n    Directory: /tmp\n\nSize Name\n---- ----\n  10 a\n\n"
        "    Directory: /tmp/sub\n\nSize Name\n---- ----\n2000 b\n\n")


def test_get_member_looks_like_powershell() -> None:
    assert run("'x' | Get-Member -MemberType Property").stdout == (
        "\n"
        "   TypeName: System.String\n"
        "\n"
        "Name   MemberType Definition\n"
        "----   ---------- ----------\n"
        "Length Property   int Length {get;}\n"
        "\n"
    )
    text = run("'x', 1 | Get-Member -Name CompareTo").stdout
    assert text.startswith("\n   TypeName: System.String\n\nName      MemberType Definition\n")
    assert "\n\n   TypeName: System.Int32\n\nName      MemberType Definition\n" in text
    assert text.endswith("\n\n") and not text.endswith("\n\n\n")


def test_format_table_uses_the_group_of_the_default_view() -> None:
    text = run("'x' | Get-Member -MemberType Property | Format-Table").stdout
    assert text.startswith("\n   TypeName: System.String\n\nName   MemberType Definition\n")


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "d"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("x" * 1234)
    (root / "sub" / "c.txt").write_text("xyz")
    when = datetime.datetime(2026, 1, 2, 15, 4, 5).timestamp()
    for path in (root / "sub" / "c.txt", root / "sub", root / "a.txt"):
        os.utime(path, (when, when))
    return root


def test_get_childitem_shows_the_directory_heading_and_right_aligned_lengths(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    table = ("Mode  LastWriteTime       Length Name\n"
             "----  -------------       ------ ----\n")
    assert run(f"Get-ChildItem '{root}'").stdout == (
        f"\n    Directory: {root}\n\n" + table
        + "d---- 1/2/2026 3:04:05 PM        sub\n"
        + "----- 1/2/2026 3:04:05 PM   1234 a.txt\n\n")
    recursed = run(f"Get-ChildItem '{root}' -Recurse").stdout
    assert recursed.endswith(
        f"   1234 a.txt\n\n    Directory: {root / 'sub'}\n\n"
        "Mode  LastWriteTime       Length Name\n"
        "----  -------------       ------ ----\n"
        "----- 1/2/2026 3:04:05 PM      3 c.txt\n\n")


# ------------------------------------------------------------------ labels and formats
def test_table_labels_and_formats() -> None:
    procs = [Proc(1, 52_428_800, 1.5, "init"), Proc(4242, 1_500_000_000, None, "psrepl")]
    assert format_objects(procs, 80) == (
        "\n"
        "   WS(M) CPU(s)   Id ProcessName\n"
        "   ----- ------   -- -----------\n"
        "   50.00   1.50    1 init\n"
        "1,430.51        4242 psrepl\n"
        "\n"
    )


def test_deserialized_object_takes_the_labels_and_formats() -> None:
    bag = PSObject({"Id": 7, "WS": 1048576, "CPU": 0.125, "Name": "x"},
                   type_names=["Deserialized.Test.Proc", "Deserialized.System.Object"])
    assert format_objects([bag], 80) == (
        "\nWS(M) CPU(s) Id ProcessName\n----- ------ -- -----------\n 1.00   0.13  7 x\n\n")


def test_format_table_takes_the_labels_and_formats_of_the_view() -> None:
    host = BufferHost(width=80)
    out = _drive(FormatTable, [Proc(1, 1048576, 2.0, "a")])
    _drive(OutDefault, out, host)
    assert host.text == "\nWS(M) CPU(s) Id ProcessName\n----- ------ -- -----------\n 1.00   2.00  1 a\n\n"


def test_get_command_and_get_alias_show_name() -> None:
    text = run("Get-Command Get-Date; Get-Alias gci").stdout
    lines = text.split("\n")
    assert lines[1].split() == ["CommandType", "Name", "Version", "Source"]
    assert lines[3].split()[:2] == ["Cmdlet", "Get-Date"]
    assert "Alias       gci -> Get-ChildItem\n" in text
    assert "DisplayName" not in text


def test_get_process_shows_powershells_columns() -> None:
    lines = run("Get-Process -Id $PID").stdout.split("\n")
    assert lines[1].split() == ["NPM(K)", "PM(M)", "WS(M)", "CPU(s)", "Id", "SI", "ProcessName"]
    row = lines[3].split()
    assert row[0].isdigit() and row[1].replace(",", "").count(".") == 1
    assert row[2].replace(",", "").replace(".", "").isdigit() and row[2][-3] == "."
    assert row[3][-3] == "." and row[4] == str(os.getpid())


# ------------------------------------------------------------------ fixed widths
def test_get_process_columns_have_powershells_widths() -> None:
    # PowerShell's process view: NPM(K) 7, PM(M) 8, WS(M) 10, CPU(s) 10, Id 7, SI 3, all
    # right-aligned, ProcessName last.
    lines = run("Get-Process -Id $PID", width=120).stdout.split("\n")
    assert lines[1] == " NPM(K)    PM(M)      WS(M)     CPU(s)      Id  SI ProcessName"
    assert lines[2] == " ------    -----      -----     ------      --  -- -----------"
    assert lines[3][39:46] == str(os.getpid()).rjust(7)


def test_group_object_and_get_variable_have_powershells_widths() -> None:
    out = run("'b', 'a', 'b' | Group-Object -NoElement").stdout
    assert out == "\nCount Name\n----- ----\n    1 a\n    2 b\n\n"
    out = run("$answer = 42; Get-Variable answer").stdout
    assert out == ("\nName                           Value\n----                           -----\n"
                   "answer                         42\n\n")


def test_a_deserialized_object_keeps_the_fixed_widths_of_its_type() -> None:
    bag = PSObject({"Count": 2, "Name": "red", "Group": ["a", "b"], "Values": ["red"]},
                   type_names=["Deserialized.Microsoft.PowerShell.Commands.GroupInfo",
                               "Deserialized.System.Object"])
    assert format_objects([bag], 80) == (
        "\nCount Name                      Group\n----- ----                      -----\n"
        "    2 red                       {a, b}\n\n")


def test_fixed_width_cells_are_cut_right_aligned_ones_from_the_front() -> None:
    bag = PSObject({"Count": 123456789, "Name": "n" * 30, "Group": []},
                   type_names=["Microsoft.PowerShell.Commands.GroupInfo", "System.Object"])
    line = format_objects([bag], 80).split("\n")[3]
    assert line == "...89 " + "n" * 22 + "... {}"


def test_format_table_autosize_sizes_fixed_columns_to_their_content() -> None:
    out = run("1..3 | Group-Object { $_ % 2 } | Format-Table -AutoSize").stdout
    assert out.split("\n")[1:3] == ["Count Name Group", "----- ---- -----"]
    out = run("@{k=1} | Format-Table -AutoSize").stdout
    assert out == "\nName Value\n---- -----\nk    1\n\n"


def test_format_table_shares_the_first_objects_columns_within_a_type() -> None:
    out = run("[pscustomobject]@{a=1}, [pscustomobject]@{b=2}, [pscustomobject]@{a=3} | "
              "Format-Table").stdout
    assert out == "\na\n-\n1\n\n3\n\n"


# ------------------------------------------------------------------ alignment
def test_alignment_skips_empty_strings_too() -> None:
    rows = [PSObject({"Size": "", "Name": "dir"}), PSObject({"Size": 5, "Name": "f"})]
    assert format_objects(rows, 80) == "\nSize Name\n---- ----\n     dir\n   5 f\n\n"


# ------------------------------------------------------------------ odd declarations
def test_declarations_computed_per_instance() -> None:
    assert format_objects([Computed("Table")], 80) == "\nCode\n----\n  42\n\n"
    assert format_objects([Computed("List")], 80) == "\nMessage : boom\nCode    : 42\n\n"
    assert format_objects([Computed("Plain")], 80) == "\nMessage Code\n------- ----\nboom      42\n\n"
    bag = PSObject({"Message": "boom", "Code": 1},
                   type_names=["Deserialized.Test.TableException", "Deserialized.System.Object"])
    assert format_objects([bag], 80) == "\nMessage Code\n------- ----\nboom       1\n\n"


def test_declarations_that_fail_still_show_the_object() -> None:
    assert format_objects([Broken()], 80) == "\nA B\n- -\n  2\n\n"


def test_exception_object_shows_as_a_list() -> None:
    result = run("try { 1/0 } catch { $_.Exception }")
    assert result.stderr == ""
    assert result.stdout.startswith("\nMessage        : Attempted to divide by zero.\n")


# ------------------------------------------------------------------ spacing across statements
def test_one_blank_line_between_tables_of_consecutive_statements() -> None:
    assert run("[pscustomobject]@{a=1}; [pscustomobject]@{a=2}").stdout == \
        "\na\n-\n1\n\na\n-\n2\n\n"
    assert run("[pscustomobject]@{a=1}\n'text'\n[pscustomobject]@{a=2}\n$x = 1\n"
               "@{k='v'}").stdout == (
        "\na\n-\n1\n\ntext\n\na\n-\n2\n\nName                           Value\n"
        "----                           -----\nk                              v\n\n")


def test_write_host_and_errors_between_statements_keep_their_blank_lines() -> None:
    result = run("[pscustomobject]@{a=1}; Write-Host hi; [pscustomobject]@{a=2}; "
                 "Write-Error oops; [pscustomobject]@{a=3}")
    assert result.stdout == "\na\n-\n1\n\nhi\n\na\n-\n2\n\n\na\n-\n3\n\n"
    assert result.stderr == "Write-Error: oops\n"


def test_each_line_typed_at_an_interactive_console_starts_afresh() -> None:
    host = BufferHost(width=80, inputs=[])
    rs = Runspace(host)
    for _ in range(2):
        rs.add_history("[pscustomobject]@{a=1}")
        rs.engine.execute("[pscustomobject]@{a=1}")
    assert host.text == "\na\n-\n1\n\n" * 2
    assert rs.format_state.tail == "\n\n"
    rs.close()


def test_get_process_twice_at_the_real_command_line() -> None:
    result = run_psrepl(["-c", "Get-Process -Id $PID | select Id; Get-Process -Id $PID | select Id"])
    assert result.returncode == 0 and result.stderr == ""
    pid = result.stdout.split("\n")[3]
    width = max(len(pid.strip()), 2)
    table = f"{'Id'.rjust(width)}\n{'--'.rjust(width)}\n{pid}\n"
    assert pid.strip().isdigit()
    assert result.stdout == "\n" + table + "\n" + table + "\n"


def _drive(cls: type, items: list[Any], host: BufferHost | None = None) -> list[Any]:
    cmd = cls()
    cmd.runspace = Runspace(host or BufferHost(width=80))
    out: list[Any] = []
    cmd._out = out.append
    cmd._emit = lambda stream, record: out.append(record)
    cmd.expecting_input = True
    cmd.begin()
    for item in items:
        cmd.input_object = item
        cmd.process()
    cmd.end()
    return out


def test_format_wide_shows_names_by_default(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    assert run(f"Get-ChildItem '{root}' | Format-Wide -Column 2", width=40).stdout == \
        "\nsub                 a.txt\n\n"
    assert run("Get-Command Get-Date | Format-Wide").stdout == "\nGet-Date\n\n"
    assert run("[pscustomobject]@{a=1; Name=2} | Format-Wide").stdout == "\n1\n\n"


def test_a_row_of_empty_cells_is_an_empty_line_before_the_closing_blank_line() -> None:
    rows = [PSObject({"a": 1, "b": "x"}), PSObject({"a": None, "b": ""})]
    assert format_objects(rows, 80) == "\na b\n- -\n1 x\n\n\n"
    assert format_objects(rows + ["after"], 80) == "\na b\n- -\n1 x\n\n\nafter\n"
