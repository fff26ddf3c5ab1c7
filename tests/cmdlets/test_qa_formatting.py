"""QA findings in the formatting package (once pinned as strict xfails, now fixed).

Each test states what PowerShell 7 prints, or says why psrepl differs on purpose.
"""

from __future__ import annotations

from pshelpers import run


def test_expression_errors_start_with_their_category() -> None:
    # PowerShell 7 ConciseView: $reason = CategoryInfo.Category before CategoryInfo.Reason.
    cases = {
        "$null.foo()": "InvalidOperation: You cannot call a method on a null-valued expression.\n",
        "$x = $null; $x[0]": "InvalidOperation: Cannot index into a null array.\n",
        "[int]'abc'": 'InvalidArgument: Cannot convert value "abc" to type "System.Int32". '
                      'Error: "Input string was not in a correct format."\n',
    }
    for text, expected in cases.items():
        assert run(text).stderr == expected, text


def test_dates_show_four_digit_years() -> None:
    # PowerShell: Monday, January 1, 0001 12:00:00 AM
    assert run("[datetime]'0001-01-01'").stdout.strip() == "Monday, January 1, 0001 12:00:00 AM"


def test_hashtable_table_view_name_column_is_thirty_wide() -> None:
    # PowerShell (DotNetTypes.format.ps1xml, DictionaryEntry: Name width 30):
    expected = ("\nName                           Value\n"
                "----                           -----\n"
                "a                              1\n\n")
    assert run("@{a=1}").stdout == expected


def test_format_wide_wildcard_property_on_a_string() -> None:
    # PowerShell: the string's only property, Length: 3
    result = run("'str' | Format-Wide -Property *")
    assert "IndexError" not in result.stderr
    assert result.stdout.strip() == "3"


def test_unmatched_wildcards_in_format_cmdlets_are_not_python_errors() -> None:
    for text in ("'str' | Format-Wide -Property 'x*'", "'str' | Format-Table -GroupBy '*.txt'"):
        assert "IndexError" not in run(text).stderr, text


def test_empty_selected_object_shows_nothing() -> None:
    # PowerShell: Select-Object with a wildcard that matches nothing gives an empty object,
    # which displays as nothing.
    assert run("'str' | Select-Object -Property 'x*'").stdout.strip() == ""


def test_group_object_table_view_matches_powershell() -> None:
    # Group-Object docs, example 2 (PowerShell 7.4):
    expected = ("\nCount Name                      Group\n"
                "----- ----                      -----\n"
                "   10 0                         {2, 4, 6, 8...}\n"
                "   10 1                         {1, 3, 5, 7...}\n\n")
    assert run("1..20 | Group-Object -Property {$_ % 2}", width=80).stdout == expected


def test_get_childitem_table_is_the_classic_view(tmp_path) -> None:
    # A deliberate difference (README, "Where psrepl differs from PowerShell, on purpose"):
    # PowerShell 7.4+ on Linux lists files as "UnixMode User Group LastWriteTime Size Name";
    # psrepl keeps the classic "Mode LastWriteTime Length Name" view that PowerShell shows on
    # Windows and that its documentation uses (UnixMode is still a property of every item).
    (tmp_path / "f.txt").write_text("abc\n")
    out = run("Get-ChildItem", location=str(tmp_path), width=80).stdout.splitlines()
    assert out[1] == f"    Directory: {tmp_path}"
    assert out[3].split() == ["Mode", "LastWriteTime", "Length", "Name"]
    assert out[4].split() == ["----", "-------------", "------", "----"]
    row = out[5].split()
    assert row[0] == "-----" and row[-2:] == ["4", "f.txt"]
    assert run("(Get-Item f.txt).UnixMode", location=str(tmp_path)).stdout.strip().startswith("-rw")


def test_get_process_table_header_matches_powershell() -> None:
    # PowerShell 7 (Get-Process docs):
    #  NPM(K)    PM(M)      WS(M)     CPU(s)      Id  SI ProcessName
    #  ------    -----      -----     ------      --  -- -----------
    out = run("Get-Process -Id $PID", width=120).stdout.splitlines()
    assert out[1] == " NPM(K)    PM(M)      WS(M)     CPU(s)      Id  SI ProcessName"


def test_later_objects_of_the_same_type_use_the_first_objects_columns() -> None:
    # PowerShell 7:
    #
    # a
    # -
    # 1
    # (an empty row for the object that has no 'a')
    out = run("[pscustomobject]@{a=1}, [pscustomobject]@{b=2}", width=80).stdout
    assert "b" not in out
