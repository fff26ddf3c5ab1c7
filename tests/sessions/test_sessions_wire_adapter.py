"""Shell objects to wire records and back, through the real codec."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sessions import messages as m
from sessions.codec import Bag, Decoder, Encoder
from shell.language import wire_adapter as wa
from shell.language.ast import Extent
from shell.language.conversions import TimeSpan
from shell.language.errors import ErrorRecord
from shell.language.pscollections import Hashtable
from shell.language.psobject import PSCUSTOMOBJECT, PSLive, PSObject
from shell.language.streams import (DebugRecord, InformationRecord, ProgressRecord, VerboseRecord,
                                    WarningRecord)


def through_wire(value: Any, computer_name: str | None = "Server01") -> tuple[Any, Any]:
    """(via from_record on plain records, via the shell's decoder) after a real encode."""
    data = Encoder().pack(wa.to_record(value))
    plain = wa.from_record(Decoder().unpack(data), computer_name)
    direct = wa.decoder(computer_name).unpack(data)
    return plain, direct


def both(value: Any, computer_name: str | None = "Server01") -> list[Any]:
    return list(through_wire(value, computer_name))


def test_a_custom_object_arrives_deserialized() -> None:
    for back in both(PSObject({"Id": 1, "Name": "p1"})):
        assert type(back) is PSObject
        assert back.type_names == ["Deserialized." + PSCUSTOMOBJECT, "Deserialized.System.Object"]
        assert back.properties == {"Id": 1, "Name": "p1"} and back.is_deserialized


def test_a_deserialized_custom_object_shows_as_a_custom_object_in_a_string() -> None:
    for back in both(PSObject({"Id": 1, "Name": "p1"})):
        assert str(back) == "@{Id=1; Name=p1}"


def test_the_prefix_is_added_once() -> None:
    first = both(PSObject({"a": 1}))[0]
    for again in both(first):
        assert again.type_names[0] == "Deserialized." + PSCUSTOMOBJECT


def test_the_record_is_a_snapshot() -> None:
    obj = PSObject({"a": 1})
    record = wa.to_record(obj)
    obj.set("a", 2)
    assert record.properties == {"a": 1}


def test_nested_objects_hashtables_and_lists() -> None:
    inner = PSObject({"x": [1, 2]}, ["My.Inner", "System.Object"], string_form="inner")
    table = Hashtable([("b", inner), ("a", dt.datetime(2024, 5, 6, 7, 8, 9))], ordered=True)
    obj = PSObject({"T": table, "L": [inner, None], "S": "s"})
    for back in both(obj):
        t = back.get("T")
        assert type(t) is Hashtable and t.ordered and list(t) == ["b", "a"]
        assert t["a"] == dt.datetime(2024, 5, 6, 7, 8, 9)
        assert t["B"].type_names[0] == "Deserialized.My.Inner" and str(t["b"]) == "inner"
        assert back.get("L")[0].get("x") == [1, 2] and back.get("L")[1] is None


def test_depth_is_bounded_past_it_the_string_form_is_sent() -> None:
    obj = PSObject({"level": 0}, ["L0"], string_form="L0")
    for i in range(1, 8):
        obj = PSObject({"level": i, "child": obj}, [f"L{i}"], string_form=f"L{i}")
    back = both(obj)[0]
    for level in range(7, 7 - wa.MAX_DEPTH, -1):
        assert back.get("level") == level
        back = back.get("child")
    assert back == "L%d" % (7 - wa.MAX_DEPTH)


def test_a_list_that_contains_itself_still_crosses() -> None:
    loop: list = [1]
    loop.append(loop)
    record = wa.to_record(PSObject({"loop": loop}))
    Encoder().pack(record)   # no recursion error


def test_error_records_come_back_real_with_computer_name_and_position() -> None:
    source = "Get-Item nope\n$x = 1 / 0\n"
    err = ErrorRecord("Attempted to divide by zero.", category="NotSpecified", error_id="RuntimeException",
                      target=PSObject({"a": 1}), extent=Extent(source, 19, 24, 2, 6), command="Get-Item")
    err.script_stack = "at <ScriptBlock>, <No file>: line 2"
    for back in both(err, "Server01"):
        assert type(back) is ErrorRecord
        assert back.message == "Attempted to divide by zero." and back.error_id == "RuntimeException"
        assert back.computer_name == "Server01" and back.command == "Get-Item"
        assert back.target == "@{a=1}" and back.script_stack == err.script_stack
        assert (back.extent.line, back.extent.column) == (2, 6)
        assert back.extent.line_text == "$x = 1 / 0" and back.extent.text == "1 / 0"


def test_an_error_keeps_the_computer_it_already_names() -> None:
    err = ErrorRecord("x", computer_name="Inner")
    assert all(b.computer_name == "Inner" for b in both(err, "Outer"))


@pytest.mark.parametrize("record", [WarningRecord("w!"), VerboseRecord("v!"), DebugRecord("d!")])
def test_message_records(record: Any) -> None:
    for back in both(record):
        assert type(back) is type(record) and back.message == record.message


def test_information_and_progress_records() -> None:
    info = InformationRecord("hi", tags=("PSHOST",), source="Write-Host", no_newline=True, foreground="Red")
    for back in both(info):
        assert type(back) is InformationRecord and back.is_host and back.no_newline
        assert (back.message_data, back.source, back.foreground) == ("hi", "Write-Host", "Red")
    for back in both(ProgressRecord("Copying", "file 1", 50)):
        assert (back.activity, back.status, back.percent) == ("Copying", "file 1", 50)


def test_scalars_datetimes_and_timespans() -> None:
    for value in [None, True, 7, 2**80, 1.25, "s", b"raw", dt.datetime(2000, 1, 2, 3, 4, 5)]:
        assert both(value) == [value, value]
    for back in both(TimeSpan(123456789)):
        assert type(back) is TimeSpan and back.ticks == 123456789


class Job(PSLive):
    ps_type_names = ("System.Management.Automation.PSRemotingJob", "System.Object")
    ps_properties = ("Id", "Name", "State", "Broken")

    def __init__(self) -> None:
        self.Id = 3
        self.Name = "Job3"
        self.State = "Running"

    @property
    def Broken(self) -> Any:  # noqa: N802
        raise RuntimeError("cannot read")

    def __str__(self) -> str:
        return "Job3!"


def test_live_objects_arrive_as_inert_bags() -> None:
    for back in both(Job()):
        assert type(back) is PSObject
        assert back.type_names[0] == "Deserialized.System.Management.Automation.PSRemotingJob"
        assert back.properties == {"Id": 3, "Name": "Job3", "State": "Running", "Broken": None}
        assert str(back) == "Job3!"


def test_other_values_cross_as_their_string_form() -> None:
    class Thing:
        def __str__(self) -> str:
            return "a thing"
    assert both(Thing()) == ["a thing", "a thing"]


def test_a_batch_of_records_through_the_messages_layer() -> None:
    objs = [PSObject({"Id": i, "Name": f"p{i}"}) for i in range(1000)]
    parts = m.records(Encoder(), 1, 1, 1, [wa.to_record(o) for o in objs], 1 << 24)
    msg = m.decode_frame(wa.decoder(), m.frame_payload(parts))[0]
    back = msg[4]
    assert len(back) == 1000 and back[999].get("Name") == "p999"
    assert back[0].type_names == ["Deserialized." + PSCUSTOMOBJECT, "Deserialized.System.Object"]


def test_changing_one_received_objects_type_names_leaves_the_others_alone() -> None:
    # Objects of one batch share a list of type names; the language copies it on change.
    from shell.language.members import get_member
    parts = m.records(Encoder(), 1, 1, 1, wa.to_records([PSObject({"i": i}) for i in range(3)]), 1 << 24)
    objs = m.decode_frame(wa.decoder(), m.frame_payload(parts))[0][4]
    names = get_member(get_member(objs[0], "PSObject"), "TypeNames")
    names.insert(0, "Mine")
    assert objs[0].type_names[0] == "Mine"
    assert objs[1].type_names[0] == "Deserialized." + PSCUSTOMOBJECT


def test_from_record_passes_shell_values_through() -> None:
    obj = PSObject({"a": 1})
    assert wa.from_record(obj) is obj
    assert wa.from_record(Bag(("T",), {"a": Bag(("U",), {"b": 2})})).get("a").get("b") == 2


class _Declared:
    """A live object that is not a PSLive but declares its properties as one does (a job)."""

    ps_type_names = ("My.Live", "System.Object")
    ps_properties = ("State", "Count", "Inner")

    def __init__(self) -> None:
        self.State = "Running"
        self.count = 3          # found whatever the case, as PSLive's are
        self.Inner = _Plain()

    def __str__(self) -> str:
        return "declared"


class _Plain:
    ps_properties = ("Value",)
    Value = 7


def test_any_class_declaring_ps_properties_crosses_as_a_property_bag() -> None:
    for back in both(_Declared()):
        assert back.type_names == ["Deserialized.My.Live", "Deserialized.System.Object"]
        assert back.names() == ["State", "Count", "Inner"] and str(back) == "declared"
        assert back.get("State") == "Running" and back.get("Count") == 3
        inner = back.get("Inner")
        assert type(inner) is PSObject and inner.get("Value") == 7
        assert inner.type_names == ["Deserialized.System.Object"]


def test_a_job_state_info_crosses_as_a_property_bag() -> None:
    from jobs.states import JobState, JobStateInfo

    for back in both(JobStateInfo(JobState.FAILED, "it broke")):
        assert back.type_names[0] == "Deserialized.System.Management.Automation.JobStateInfo"
        assert back.get("State") == "Failed" and back.get("Reason") == "it broke"


def test_format_objects_cross_and_are_laid_out_at_the_receivers_width() -> None:
    from shell.cmdlets.formatting.formatdata import ListData, TableData, WideData

    table = TableData(["Name", "Len"], [["a", "1"], ["bb", "22"]], ["left", "right"], wrap=True,
                      fixed=[10, None], group="   Kind: x")
    listed = ListData([[("Name", "a"), ("Value", "x" * 50)], [("Name", "b"), ("Value", "y")]])
    wide = WideData(["1", "2", "3"], 2)
    for original in (table, listed, wide):
        for back in both(original):
            assert type(back) is type(original)
            assert back.render(30) == original.render(30) and back.render(120) == original.render(120)
            assert str(back) == "Microsoft.PowerShell.Commands.Internal.Format.FormatStartData"


@pytest.mark.parametrize("props", [
    {"Shape": "Table", "Headers": ["a", "b"], "Rows": [["1"]], "Aligns": ["", ""], "Wrap": False,
     "HideHeaders": False, "Fixed": None, "Group": None},                      # a short row
    {"Shape": "Table", "Headers": ["a"], "Rows": [["1"]], "Aligns": ["middle"], "Wrap": False,
     "HideHeaders": False, "Fixed": None, "Group": None},                      # an unknown alignment
    {"Shape": "Table", "Headers": ["a"], "Rows": [[1]], "Aligns": [""], "Wrap": False,
     "HideHeaders": False, "Fixed": None, "Group": None},                      # a cell that is not text
    {"Shape": "Table", "Headers": ["a"], "Rows": [], "Aligns": [""], "Wrap": False,
     "HideHeaders": False, "Fixed": [-1], "Group": None},                      # a negative width
    {"Shape": "List", "Entries": [[["a"]]]},                                    # a pair of one
    {"Shape": "Wide", "Items": ["a"], "Columns": 0},                           # no columns
    {"Shape": "Pie"},                                                          # an unknown shape
])
def test_a_malformed_format_record_stays_an_inert_bag(props: dict) -> None:
    from sessions.codec import Bag
    from shell.language.wire_formats import FORMAT_NAMES

    data = Encoder().pack(Bag(FORMAT_NAMES, props, "x"))
    for back in (wa.from_record(Decoder().unpack(data)), wa.decoder().unpack(data)):
        assert type(back) is PSObject and back.type_names[0] == "Deserialized." + FORMAT_NAMES[0]


def test_a_remote_format_list_prints_as_a_list_here() -> None:
    from pshelpers import run as ps_run

    here = ("[pscustomobject]@{Name='n1'; Count=3} | Format-List\n"
            "[pscustomobject]@{Name='n1'; Count=3} | Format-Table -AutoSize\n")
    remote = ps_run("$s = New-PSSession\n"
                    "Invoke-Command -Session $s { [pscustomobject]@{Name='n1'; Count=3} | Format-List }\n"
                    "Invoke-Command -Session $s { [pscustomobject]@{Name='n1'; Count=3} | Format-Table -AutoSize }\n"
                    "Remove-PSSession $s", width=80)
    assert remote.stdout == ps_run(here, width=80).stdout == \
        "\nName  : n1\nCount : 3\n\nName Count\n---- -----\nn1       3\n\n", remote.stderr
