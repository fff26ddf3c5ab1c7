"""Add-Member and New-Object: what a user sees, and the objects they get."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from pshelpers import run

from shell.cmdlets.core.objects import MemberTable, dotnet_name, member_types
from shell.language.noted import NotedStr
from shell.language.psobject import PSObject
from shell.language.pscollections import ArrayList, Hashtable, StringBuilder
from shell.language.timespan import TimeSpan

ALREADY = ('Cannot add a member with the name "{}" because a member with that name already exists. '
           "To overwrite the member anyway, add the Force parameter to your command.")


def out(text: str, **kwargs: Any) -> str:
    """stdout of ``text``, which must write no error."""
    result = run(text, **kwargs)
    assert result.stderr == "", result.stderr
    return result.stdout


def value(text: str) -> Any:
    """The value ``text`` leaves in ``$r``."""
    result = run(text)
    assert result.stderr == "", result.stderr
    return result.runspace.get_variable("r")


# -- note properties -------------------------------------------------------------------------------

def test_note_property_every_spelling() -> None:
    text = ("$o = [pscustomobject]@{a=1}; "
            "$o | Add-Member -MemberType NoteProperty -Name b -Value 2; "
            "Add-Member -InputObject $o NoteProperty c 3; "
            "$o | Add-Member d 4; "
            "$o | Add-Member -NotePropertyName e -NotePropertyValue 5; "
            "$o | Add-Member -NotePropertyMembers ([ordered]@{f=6; g=7}); "
            "$o | Add-Member ([ordered]@{h=8}); "
            "$o | Format-Table")
    assert out(text) == "\na b c d e f g h\n- - - - - - - -\n1 2 3 4 5 6 7 8\n\n"


def test_add_member_outputs_nothing_without_passthru_and_the_object_with_it() -> None:
    assert out("$o = [pscustomobject]@{a=1}; $o | Add-Member b 2") == ""
    result = run("$o = [pscustomobject]@{a=1}; $r = $o | Add-Member b 2 -PassThru")
    r, o = result.runspace.get_variable("r"), result.runspace.get_variable("o")
    assert r is o and isinstance(r, PSObject) and r.get("b") == 2


def test_existing_member_needs_force() -> None:
    result = run("$o = [pscustomobject]@{Name='x'}; $o | Add-Member name 'y'; $o.Name")
    assert result.stdout == "x\n"
    assert ALREADY.format("name") in result.stderr
    assert out("$o = [pscustomobject]@{Name='x'}; $o | Add-Member Name 'y' -Force; $o.Name; $o | Format-Table") == (
        "y\n\nName\n----\ny\n\n")


def test_force_cannot_replace_a_members_the_object_has_of_its_own() -> None:
    result = run("$o = [pscustomobject]@{}; $o | Add-Member ToString 1 -Force")
    assert ('Cannot force the member with name "ToString" and type "Method" to be added. A member with that '
            "name and type already exists, and the existing member is not an instance extension.") in result.stderr


def test_note_property_members_keep_going_past_a_clash() -> None:
    result = run("$o = [pscustomobject]@{a=1}; $o | Add-Member -NotePropertyMembers ([ordered]@{a=9; b=2}); "
                 "$o.a; $o.b")
    assert result.stdout == "1\n2\n"
    assert ALREADY.format("a") in result.stderr


def test_the_shorthand_reads_member_type_names_as_powershell_does() -> None:
    # Two values whose first is no member type that can be added: a note (PowerShell's test cases).
    assert out("$r = Add-Member -InputObject ([pscustomobject]@{}) property Any -PassThru; $r.property") == "Any\n"
    assert out("$r = Add-Member -InputObject ([pscustomobject]@{}) 23 Any -PassThru; $r.23") == "Any\n"
    # Three values: the first is the member type (8 is NoteProperty, 16 ScriptProperty).
    assert out("$r = Add-Member -InputObject ([pscustomobject]@{}) 8 np Any -PassThru; $r.np") == "Any\n"
    assert out("$r = Add-Member -InputObject ([pscustomobject]@{}) 16 sp {1+1} -PassThru; $r.sp") == "2\n"


def test_type_name_goes_first() -> None:
    assert out("$o = New-Object PSObject; $o | Add-Member -NotePropertyMembers @{Name='s1'} -TypeName Asset; "
               "$o.PSTypeNames[0]; $o | Get-Member | Select-Object -First 1 -ExpandProperty TypeName") == (
        "Asset\nAsset\n")
    assert out("$o = [pscustomobject]@{}; $o | Add-Member -TypeName int; $o.PSTypeNames[0]") == "System.Int32\n"


# -- alias and script members ---------------------------------------------------------------------

def test_alias_property_reads_and_writes_its_target() -> None:
    text = ("$o = [pscustomobject]@{Name='Doris'; Age='20'}; "
            "$o | Add-Member -MemberType AliasProperty -Name intAge -Value age -SecondValue uint32; "
            "$o | Add-Member -MemberType AliasProperty -Name Who -Value Name; "
            "$o.Age + 1; $o.intAge + 1; $o.Who = 'Ann'; $o.Name; $o | Format-List")
    assert out(text) == "201\n21\nAnn\n\nName   : Ann\nAge    : 20\nintAge : 20\nWho    : Ann\n\n"


def test_script_property_getter_and_setter_see_this() -> None:
    text = ("$user = [pscustomobject]@{Name='User1'; Position=[pscustomobject]@{Role='Manager'}}; "
            "$user | Add-Member -MemberType ScriptProperty -Name Title -Value { $this.Position.Role } "
            "-SecondValue { $this.Position.Role = $args[0] }; "
            "$user.Title; $user.Title = 'Dev Manager'; $user.Position.Role; $user | Format-Table Name, Title")
    assert out(text) == "Manager\nDev Manager\n\nName  Title\n----  -----\nUser1 Dev Manager\n\n"


def test_script_property_is_computed_each_time_it_is_read() -> None:
    assert out("$o = [pscustomobject]@{n=1}; $o | Add-Member ScriptProperty Double { $this.n * 2 }; "
               "$o.Double; $o.n = 5; $o.Double; $o | Select-Object n, Double | Format-Table") == (
        "2\n10\n\nn Double\n- ------\n5     10\n\n")


def test_script_method_takes_arguments_and_is_not_a_property() -> None:
    text = ("$o = [pscustomobject]@{Name='web1'}; "
            "$o | Add-Member -MemberType ScriptMethod -Name Ping -Value { param($n) \"$($this.Name) x$n\" }; "
            "$o | Add-Member ScriptMethod Sum { $args[0] + $args[1] }; "
            "$o.Ping(3); $o.Sum(2, 5); $o | Format-List; ($o | Select-Object *).PSObject.Properties.Name")
    assert out(text) == "web1 x3\n7\n\nName : web1\n\nName\n"


def test_this_does_not_leak_into_the_callers_scope() -> None:
    assert out("$o = [pscustomobject]@{}; $o | Add-Member ScriptMethod M { $inner = 1; $this -ne $null }; "
               "$o.M(); $null -eq $this; $null -eq $inner") == "True\nTrue\nTrue\n"


def test_script_member_errors_read_as_powershell_words_them() -> None:
    result = run("$o = [pscustomobject]@{}; $o | Add-Member ScriptProperty Bad { 1/0 }; $o.Bad")
    assert 'Exception getting "Bad": "Attempted to divide by zero."' in result.stderr
    result = run("$o = [pscustomobject]@{}; $o | Add-Member ScriptMethod Boom { throw 'kaput' }; $o.Boom()")
    assert 'Exception calling "Boom" with "0" argument(s): "kaput"' in result.stderr
    result = run("$o = [pscustomobject]@{}; $o | Add-Member ScriptProperty RO { 1 }; $o.RO = 2")
    assert 'Set accessor for property "RO" is unavailable.' in result.stderr
    result = run("$o = [pscustomobject]@{}; $o | Add-Member AliasProperty A A; $o.A")
    assert 'The alias property "A" refers to itself.' in result.stderr
    assert "Traceback" not in result.stderr


def test_computed_members_reach_json_select_copy_and_the_wire() -> None:
    from shell.language.wire_adapter import to_record
    text = ("$r = [pscustomobject]@{a=1}; $r | Add-Member AliasProperty b a; "
            "$r | Add-Member ScriptProperty c { $this.a + 10 }; $r.a = 2; "
            "$r | ConvertTo-Json -Compress; ($r | Select-Object *).c; $r.PSObject.Copy().b")
    result = run(text)
    assert result.stdout == '{"a":2,"b":2,"c":12}\n12\n2\n'
    obj = result.runspace.get_variable("r")
    assert isinstance(obj.properties, MemberTable)
    assert obj.properties.copy() == {"a": 2, "b": 2, "c": 12}
    assert dict(obj.properties) == {"a": 2, "b": 2, "c": 12}
    assert to_record(obj).properties == {"a": 2, "b": 2, "c": 12}


def test_member_table_describes_members_for_get_member() -> None:
    obj = value("$r = [pscustomobject]@{Age='20'}; "
                "$r | Add-Member AliasProperty intAge Age -SecondValue int; "
                "$r | Add-Member ScriptProperty Title { $this.Age } { $this.Age = $args[0] }; "
                "$r | Add-Member ScriptMethod Go { 1 }")
    assert obj.properties.describe() == [
        ("Age", "NoteProperty", "System.Object Age"),
        ("intAge", "AliasProperty", "intAge = (System.Int32)Age"),
        ("Title", "ScriptProperty", "System.Object Title {get= $this.Age ;set= $this.Age = $args[0] ;}"),
        ("Go", "ScriptMethod", "System.Object Go();"),
    ]


# -- values that cannot carry members --------------------------------------------------------------

def test_a_string_needs_passthru_and_then_stays_a_string() -> None:
    result = run("'abc' | Add-Member x 1")
    assert ("psrepl cannot add members to a [System.String] value itself; add -PassThru and use the object it "
            "outputs, which carries them.") in result.stderr
    text = ("$A = 'A string' | Add-Member -NotePropertyMembers @{StringUse='Display'} -PassThru; "
            "$A; $A.StringUse; $A.Length; $A.ToUpper(); $A -eq 'A string'; $A.GetType().FullName")
    assert out(text) == "A string\nDisplay\n8\nA STRING\nTrue\nSystem.String\n"
    assert isinstance(value("$r = 'x' | Add-Member n 1 -PassThru"), NotedStr)


def test_a_number_with_a_note_still_counts() -> None:
    assert out("$n = 5 | Add-Member Unit kg -PassThru; $n + 1; \"$n $($n.Unit)\"; $n -is [int]") == (
        "6\n5 kg\nTrue\n")


def test_script_method_on_a_string_wraps_it() -> None:
    # PowerShell's own test: the result is still 'abc' and $this.Length is the string's.
    text = ("$r = Add-Member -InputObject 'abc' -MemberType ScriptMethod -Name Name -Value {$this.length} -PassThru; "
            "$r; $r.Name(); $r.ToUpper(); \"[$r]\"")
    assert out(text) == "abc\n3\nABC\n[abc]\n"
    assert out("$r = Add-Member -InputObject a -MemberType AliasProperty -Name Cnt -Value Length -SecondValue "
               "String -PassThru; $r.Cnt.GetType().FullName; $r.Cnt") == "System.String\n1\n"


def test_a_live_object_takes_notes_in_place(tmp_path: Path) -> None:
    (tmp_path / "test.txt").write_text("hello\n")
    text = ("$A = Get-Item test.txt; $A | Add-Member -NotePropertyName Status -NotePropertyValue Done; "
            "$A.Status; $A | Select-Object Name, Status | Format-Table; "
            "$A | Add-Member Status Again -Force; $A.Status")
    assert out(text, location=str(tmp_path)) == "Done\n\nName     Status\n----     ------\ntest.txt Done\n\nAgain\n"
    result = run("$A = Get-Item test.txt; $A | Add-Member Length 1 -Force", location=str(tmp_path))
    assert 'Cannot force the member with name "Length" and type "Property" to be added.' in result.stderr


def test_a_live_object_needs_passthru_for_computed_members(tmp_path: Path) -> None:
    (tmp_path / "test.txt").write_text("hello\n")
    result = run("Get-Item test.txt | Add-Member -MemberType AliasProperty -Name Size -Value Length",
                 location=str(tmp_path))
    assert ("psrepl can add only note properties to a [System.IO.FileInfo] itself; add -PassThru and use the "
            "object it outputs, which carries the new members.") in result.stderr
    text = ("$B = Get-Item test.txt | Add-Member -MemberType AliasProperty -Name Size -Value Length -PassThru; "
            "$B.Size; $B.Name; $B | Add-Member ScriptMethod KB { $this.Length / 1KB }; $B.KB() -lt 1; "
            "$B.PSTypeNames[0]")
    assert out(text, location=str(tmp_path)) == "6\ntest.txt\nTrue\nSystem.IO.FileInfo\n"


def test_an_array_or_a_hashtable_with_passthru_is_wrapped() -> None:
    # PowerShell's "Add Single Note To Array"; the wrapper answers for the value's members and keys.
    assert out("$a = Add-Member -InputObject @(1,2,3) -MemberType NoteProperty -Name Name -Value Value -PassThru; "
               "$a.Name; $a.Count") == "Value\n3\n"
    assert out("$h = @{k='v'} | Add-Member Tag 1 -PassThru; $h.Tag; $h.k; $h.ContainsKey('k')") == "1\nv\nTrue\n"


def test_a_date_wrapper_keeps_its_methods() -> None:
    assert out("$d = [datetime]'2024-01-31' | Add-Member ScriptProperty Next { $this.AddDays(1).Day } -PassThru; "
               "$d.Next; $d.AddDays(2).Day; $d.Year") == "1\n2\n2024\n"


# -- parameter checking ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("Add-Member -InputObject a -MemberType Method -Name N",
     'Cannot add a member with type "Method". Specify a different type for the MemberTypes parameter.'),
    ("Add-Member -InputObject a -MemberType NoteProperty -Name N -Value 1 -SecondValue 2",
     'The SecondValue parameter is not necessary for a member of type "NoteProperty", and should not be '
     "specified. Do not specify the SecondValue parameter when you add members of this type."),
    ("Add-Member -InputObject a -MemberType ScriptMethod -Name N -Value something",
     'Cannot convert the "something" value of type "System.String" to type '
     '"System.Management.Automation.ScriptBlock".'),
    ("Add-Member -InputObject a -MemberType ScriptProperty -Name N -Value $null -SecondValue $null",
     'Both Value and SecondValue parameters should not be null for a member of type "ScriptProperty". '
     "Specify a non-null value for one of the two parameters."),
    ("Add-Member -InputObject a -MemberType AliasProperty -Name N -Value x -SecondValue unexistingType",
     'Cannot convert the "unexistingType" value of type "System.String" to type "System.Type".'),
    ("Add-Member -InputObject a -MemberType AliasProperty -Name N",
     'The Value parameter is required for a member of type "AliasProperty". Specify the Value parameter '
     "when adding members of this type."),
    ("Add-Member -InputObject a -MemberType 'NoteProperty, ScriptProperty' -Name N -Value 1",
     'To add a member, only one member type can be specified. The member types specified are: '
     '"NoteProperty, ScriptProperty"'),
    ("Add-Member -InputObject a -Type Nope -Name N",
     "Cannot bind parameter 'MemberType'. Cannot convert value \"Nope\" to type "
     "\"System.Management.Automation.PSMemberTypes\"."),
    ("Add-Member -InputObject a -MemberType CodeMethod -Name N -Value 1",
     'psrepl cannot add members of type "CodeMethod"'),
    ("Add-Member -InputObject a -NotePropertyName NoteProperty -NotePropertyValue 1",
     "The parameter NotePropertyName cannot take values that could be converted to the type "
     "System.Management.Automation.PSMemberTypes."),
    ("Add-Member -InputObject a -NotePropertyMembers @{}",
     "Cannot validate argument on parameter 'NotePropertyMembers'."),
    ("Add-Member -InputObject ([pscustomobject]@{}) -TypeName ' '",
     "The TypeName parameter should not be null, empty, or contain only white spaces."),
    ("Add-Member -InputObject a",
     "Cannot process command because of one or more missing mandatory parameters: TypeName."),
    ("Add-Member -InputObject $null x 1",
     "Cannot bind argument to parameter 'InputObject' because it is null."),
])
def test_parameter_errors(text: str, message: str) -> None:
    result = run(text)
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_member_types_reads_names_numbers_and_lists() -> None:
    assert member_types("noteproperty") == ["NoteProperty"]
    assert member_types(16) == ["ScriptProperty"]
    assert member_types("Properties") == ["AliasProperty", "CodeProperty", "Property", "NoteProperty",
                                          "ScriptProperty"]
    assert member_types("Nope") is None and member_types(True) is None and member_types(0) is None


# -- New-Object -------------------------------------------------------------------------------------

def test_new_object_psobject_with_properties() -> None:
    assert out("New-Object PSObject -Property ([ordered]@{Name='web1'; Port=80})") == (
        "\nName Port\n---- ----\nweb1   80\n\n")
    assert out("New-Object psobject") == ""
    assert out("(New-Object -TypeName PSObject).GetType().FullName") == (
        "System.Management.Automation.PSCustomObject\n")


@pytest.mark.parametrize("text, check", [
    ("New-Object System.Collections.ArrayList", lambda v: type(v) is ArrayList and v == []),
    ("New-Object 'System.Collections.Generic.List[string]'",
     lambda v: isinstance(v, ArrayList) and v.type_name == "System.Collections.Generic.List[System.String]"),
    ("New-Object System.Text.StringBuilder 'hi'", lambda v: isinstance(v, StringBuilder) and str(v) == "hi"),
    ("New-Object System.Collections.Hashtable", lambda v: type(v) is Hashtable and not v),
    ("New-Object DateTime 2024,1,31", lambda v: v == datetime(2024, 1, 31)),
    ("New-Object -TypeName TimeSpan -ArgumentList 0,5,0", lambda v: isinstance(v, TimeSpan) and v.TotalSeconds == 300),
    ("New-Object int", lambda v: v == 0 and type(v) is int),
    ("New-Object datetime", lambda v: v == datetime(1, 1, 1)),
])
def test_new_object_types(text: str, check: Any) -> None:
    assert check(value(f"$r = {text}"))


def test_new_object_results_work_as_their_type() -> None:
    assert out("$l = New-Object System.Collections.ArrayList; [void]$l.Add('a'); $l.Count; "
               "$sb = New-Object System.Text.StringBuilder; [void]$sb.Append('x').Append('y'); $sb.ToString(); "
               "(New-Object TimeSpan 0,5,0).TotalMinutes") == "1\nxy\n5\n"


@pytest.mark.parametrize("text, message", [
    ("New-Object Foo", "Cannot find type [Foo]: verify that the assembly containing this type is loaded."),
    ("New-Object System.Random", "Cannot find type [System.Random]"),
    ("New-Object string", "A constructor was not found. Cannot find an appropriate constructor for type string."),
    ("New-Object DateTime 1,2", 'Cannot find an overload for "DateTime" and the argument count: "2".'),
    ("New-Object DateTime 2024,13,1", 'Exception calling ".ctor" with "3" argument(s): "Year, Month, and Day '
                                      'parameters describe an un-representable DateTime."'),
    ("New-Object System.Text.StringBuilder -Property @{Foo=1}",
     'The member "Foo" was not found for the specified .NET object.'),
])
def test_new_object_errors(text: str, message: str) -> None:
    result = run(text)
    assert message in result.stderr
    assert result.stdout == ""


def test_dotnet_name() -> None:
    assert dotnet_name("System.Text.StringBuilder") == "StringBuilder"
    assert dotnet_name("System.Collections.Generic.HashSet[System.String]") == "HashSet`1"
    assert dotnet_name("System.Collections.Generic.Dictionary[System.String,System.Collections.Generic.List"
                       "[System.Int32]]") == "Dictionary`2"
