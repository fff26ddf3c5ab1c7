"""Values that carry note properties (Invoke-Command's strings and numbers, Add-Member -PassThru)
behave as the plain value in hashtable keys, Select-Object -Unique and .Equals, and show and
serialise as PowerShell 7 shows them (Get-Member's ``type Name=value``, ConvertTo-Json).

``localhost`` sessions are local endpoint child processes (no sshd needed). One runspace
with one open session (``$s``) serves the module.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

import pytest

from pshelpers import Result, localhost_session_runspace, printed_lines


@pytest.fixture(scope="module")
def ps() -> Iterator[Any]:
    """``ps(text)``: psrepl code in one runspace where ``$s`` is an open ``localhost`` session."""
    yield from localhost_session_runspace()


lines = printed_lines


# ----------------------------------------------------------------- hashtable keys

def test_a_noted_key_stores_a_key_found_in_any_case(ps: Any) -> None:
    out = ps("$k = Invoke-Command -Session $s { 'Name' }\n"
             "$h = @{}; $h[$k] = 1; $h['NAME']; $h.name; $h.ContainsKey('nAmE'); $h.Contains('NAME')\n"
             "$h['NAME'] = 2; $h.Count; $h[$k]\n"
             "$o = [ordered]@{}; $o[$k] = 3; $o['name']\n"
             "$a = @{}; $a.Add($k, 4); $a['NAME']\n"
             "$lit = @{ $k = 5 }; $lit['naME']")
    assert lines(out) == ["1", "1", "True", "True", "1", "2", "3", "4", "5"]


def test_a_noted_key_finds_a_key_stored_in_another_case(ps: Any) -> None:
    out = ps("$k = Invoke-Command -Session $s { 'NAME' }\n"
             "$t = @{ name = 2; other = 3 }; $t[$k]; $t.ContainsKey($k); $t.Contains($k); $t.$k\n"
             "$t.Remove($k); $t.Count; $t.Keys")
    assert lines(out) == ["2", "True", "True", "2", "1", "other"]


def test_a_noted_key_is_a_duplicate_of_the_same_text_in_a_literal(ps: Any) -> None:
    out = ps("$k = Invoke-Command -Session $s { 'Name' }; $x = @{ $k = 1; name = 2 }")
    assert "Duplicate keys 'name' are not allowed in hash literals." in out.stderr


# ----------------------------------------------------------------- Select-Object -Unique

def test_select_unique_treats_noted_numbers_and_strings_as_values(ps: Any) -> None:
    out = ps("$v = Invoke-Command -Session $s { 5; 2.5; 'u' }\n"
             "(@($v[0], 5) | Select-Object -Unique).Count\n"
             "(@($v[1], 2.5) | Select-Object -Unique).Count\n"
             "(@($v[2], 'U') | Select-Object -Unique -CaseInsensitive).Count\n"
             "(@($v[2], 'U') | Select-Object -Unique).Count")
    assert lines(out) == ["1", "1", "1", "2"]


def test_sort_and_group_treat_noted_values_as_values(ps: Any) -> None:
    # Already right before the Select-Object fix; kept so they stay right.
    out = ps("$v = Invoke-Command -Session $s { 5; 'u' }\n"
             "(@($v[0], 5) | Sort-Object -Unique).Count; (@($v[1], 'u') | Sort-Object -Unique).Count\n"
             "@($v[1], 'u', 'x') | Group-Object | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count }\n"
             "(@($v[0], 5) | Group-Object -AsHashTable).Count")
    assert lines(out) == ["1", "1", "u=2", "x=1", "1"]


# ----------------------------------------------------------------- .Equals and what uses it

def test_equals_on_the_plain_value_with_a_noted_argument(ps: Any) -> None:
    out = ps("$v = Invoke-Command -Session $s { 5; 2.5; 'u' }\n"
             "(5).Equals($v[0]); $v[0].Equals(5); (2.5).Equals($v[1]); 'u'.Equals($v[2]); (5).Equals($v[1])\n"
             "@(4, 5).Contains($v[0]); @(4, 5).IndexOf($v[0]); @('t', 'u').Contains($v[2])")
    assert lines(out) == ["True", "True", "True", "True", "False", "True", "1", "True"]


def test_equals_between_added_member_values(ps: Any) -> None:
    out = ps("$a = 7 | Add-Member -NotePropertyName n -NotePropertyValue 1 -PassThru\n"
             "(7).Equals($a); $a.Equals(7); (7.0).Equals($a)")
    assert lines(out) == ["True", "True", "False"]   # Int32 vs Double: .NET's Equals is False


# ----------------------------------------------------------------- Get-Member

def _note_rows(result: Result) -> dict[str, str]:
    rows = {}
    for row in lines(result):
        parts = row.split(None, 2)
        if len(parts) == 3 and parts[1] == "NoteProperty":
            rows[parts[0]] = parts[2]
    return rows


def test_get_member_shows_a_note_propertys_value(ps: Any) -> None:
    rows = _note_rows(ps("Invoke-Command -Session $s { 'text' } | Get-Member -MemberType NoteProperty"))
    assert rows["PSComputerName"] == "string PSComputerName=localhost"
    assert rows["PSShowComputerName"] == "bool PSShowComputerName=True"
    assert re.fullmatch(r"\S+ RunspaceId=[0-9a-f-]{36}", rows["RunspaceId"])


def test_get_member_of_an_added_member_and_of_a_custom_object(ps: Any) -> None:
    added = _note_rows(ps("5 | Add-Member -NotePropertyName a -NotePropertyValue 1 -PassThru | Get-Member"))
    assert added == {"a": "int a=1"}
    # A value that carries notes is a PSObject in PowerShell: named in full.
    custom = _note_rows(ps("$t = Invoke-Command -Session $s { 'text' }\n"
                           "[pscustomobject]@{ Name = 'web1'; N = 3; D = $null; T = $t } | Get-Member"))
    assert custom == {"Name": "string Name=web1", "N": "int N=3", "D": "object D=null",
                      "T": "System.String T=text"}


# ----------------------------------------------------------------- ConvertTo-Json

def test_convert_to_json_writes_a_noted_number_as_an_object(ps: Any) -> None:
    out = ps("5 | Add-Member -NotePropertyName a -NotePropertyValue 1 -PassThru | ConvertTo-Json -Compress\n"
             "2.5 | Add-Member -NotePropertyName a -NotePropertyValue 'x' -PassThru | ConvertTo-Json\n"
             "'s' | Add-Member -NotePropertyName a -NotePropertyValue 1 -PassThru | ConvertTo-Json")
    assert lines(out) == ['{"value":5,"a":1}', "{", '  "value": 2.5,', '  "a": "x"', "}", '"s"']


def test_convert_to_json_of_remote_numbers_carries_their_notes(ps: Any) -> None:
    out = ps("$v = Invoke-Command -Session $s { 5; 'a' }\n"
             "ConvertTo-Json $v -Compress\n"
             "[pscustomobject]@{ n = $v[0] } | ConvertTo-Json -Compress\n"
             "$s.InstanceId")
    got = lines(out)
    assert json.loads(got[0]) == [{"value": 5, "PSComputerName": "localhost", "RunspaceId": got[2],
                                   "PSShowComputerName": True}, "a"]
    assert got[0].startswith('[{"value":5,"PSComputerName":"localhost","RunspaceId":')
    assert json.loads(got[1]) == {"n": json.loads(got[0])[0]}
