"""The formatting engine: the exact text objects turn into, and how hosts show records."""

from __future__ import annotations

import datetime
import threading
import time

from shell.cmdlets.formatting.engine import (Formatter, format_error_for_file, format_for_file,
                                             format_objects)
from shell.cmdlets.formatting.records import render_record
from shell.cmdlets.formatting.views import register_view
from shell.language.ast import Extent
from shell.language.errors import ErrorCategory, ErrorRecord
from shell.language.psobject import PSLive, PSObject
from shell.language.streams import (DebugRecord, InformationRecord, Stream, VerboseRecord,
                                    WarningRecord)

NOT_RECOGNIZED = ("The term 'Foo-Bar' is not recognized as a name of a cmdlet, function, "
                  "script file, or executable program.\nCheck the spelling of the name, or if a "
                  "path was included, verify that the path is correct and try again.")


def obj(**props: object) -> PSObject:
    return PSObject(dict(props))


class FakeJob(PSLive):
    """A live object with a default table view, shaped like a job."""

    __slots__ = ("Id", "Name", "PSJobTypeName", "State", "HasMoreData", "Location", "Command")
    ps_type_names = ("Test.FakeJob", "System.Object")
    ps_properties = ("Id", "Name", "PSJobTypeName", "State", "HasMoreData", "Location", "Command")
    ps_table = ps_properties

    def __init__(self, id: int, command: str, state: str = "Running") -> None:
        self.Id = id
        self.Name = f"Job{id}"
        self.PSJobTypeName = "BackgroundJob"
        self.State = state
        self.HasMoreData = True
        self.Location = "localhost"
        self.Command = command


class ListOnly(PSLive):
    """A live object whose view is forced to a list."""

    __slots__ = ("A", "B")
    ps_type_names = ("Test.ListOnly", "System.Object")
    ps_properties = ("A", "B")
    ps_view = "list"

    def __init__(self) -> None:
        self.A = 1
        self.B = "two"


# ------------------------------------------------------------------ scalars
def test_strings_print_as_themselves() -> None:
    assert format_objects(["one", "two words", ""], 80) == "one\ntwo words\n\n"


def test_numbers_and_bools() -> None:
    assert format_objects([1, 2.5, 0.1 + 0.2, True, False, -3], 80) == \
        "1\n2.5\n0.3\nTrue\nFalse\n-3\n"


def test_none_and_empty_print_nothing() -> None:
    assert format_objects([], 80) == ""
    assert format_objects([None, None], 80) == ""
    assert format_objects([[]], 80) == ""


def test_lists_are_enumerated() -> None:
    assert format_objects([["a", ["b", "c"]], "d"], 80) == "a\nb\nc\nd\n"


# ------------------------------------------------------------------ tables
def test_object_with_two_properties_is_a_table() -> None:
    text = format_objects([obj(Name="abc", Id=1), obj(Name="defgh", Id=12345)], 80)
    assert text == (
        "\n"
        "Name     Id\n"
        "----     --\n"
        "abc       1\n"
        "defgh 12345\n"
        "\n"
    )


def test_object_with_six_properties_is_a_list() -> None:
    one = obj(Name="a", Id=1, State="Running", Location="localhost", Command="x", Extra=None)
    text = format_objects([one, one], 80)
    entry = ("Name     : a\n"
             "Id       : 1\n"
             "State    : Running\n"
             "Location : localhost\n"
             "Command  : x\n"
             "Extra    :\n")
    assert text == "\n" + entry + "\n" + entry + "\n"


def test_live_object_with_ps_table() -> None:
    jobs = [FakeJob(1, '1..3 | % { "Output $_" }'), FakeJob(12, "Start-Sleep 100", "Completed")]
    assert format_objects(jobs, 120) == (
        "\n"
        "Id Name  PSJobTypeName State     HasMoreData Location  Command\n"
        "-- ----  ------------- -----     ----------- --------  -------\n"
        ' 1 Job1  BackgroundJob Running   True        localhost 1..3 | % { "Output $_" }\n'
        "12 Job12 BackgroundJob Completed True        localhost Start-Sleep 100\n"
        "\n"
    )


def test_live_object_with_list_view() -> None:
    assert format_objects([ListOnly()], 80) == "\nA : 1\nB : two\n\n"


def test_job_command_cut_to_fit_the_width() -> None:
    job = FakeJob(1, "Get-Process | Where-Object { $_.CPU -gt 100 } | Sort-Object CPU -Descending")
    text = format_objects([job], 80)
    lines = text.split("\n")
    assert lines[3] == ' 1 Job1 BackgroundJob Running True        localhost Get-Process | Where-Objec...'
    assert max(len(line) for line in lines) == 80


def test_deserialized_object_shows_like_the_live_one_with_computer_name() -> None:
    live = FakeJob(3, "1..3")
    props = {name: getattr(live, name) for name in FakeJob.ps_properties}
    props.update(PSBeginTime=None, ChildJobs=[], PSComputerName="Server01", PSShowComputerName=True)
    remote = PSObject(props, type_names=["Deserialized.Test.FakeJob", "Deserialized.System.Object"])
    assert format_objects([remote], 120) == (
        "\n"
        "Id Name PSJobTypeName State   HasMoreData Location  Command PSComputerName\n"
        "-- ---- ------------- -----   ----------- --------  ------- --------------\n"
        " 3 Job3 BackgroundJob Running True        localhost 1..3    Server01\n"
        "\n"
    )
    props["PSShowComputerName"] = False
    assert "PSComputerName" not in format_objects([remote], 120)


def test_registered_view_for_a_deserialized_type() -> None:
    register_view("Test.Session", table=("Id", "Name"))
    bag = PSObject({"Id": 1, "Name": "S1", "State": "Opened", "Transport": "SSH", "X": 1},
                   type_names=["Deserialized.Test.Session", "Deserialized.System.Object"])
    assert format_objects([bag], 80) == "\nId Name\n-- ----\n 1 S1\n\n"


def test_hashtable_is_a_name_value_table() -> None:
    # PowerShell's view of a hashtable's entries: Name 30 wide, both columns left-aligned.
    assert format_objects([{"a": 1, "bb": "x"}, {"c": 3.5}], 80) == (
        "\n"
        "Name                           Value\n"
        "----                           -----\n"
        "a                              1\n"
        "bb                             x\n"
        "c                              3.5\n"
        "\n"
    )
    assert format_objects([{}], 80) == ""
    long_key = format_objects([{"k" * 40: 1}], 80).split("\n")[3]
    assert long_key == "k" * 27 + "... 1"


def test_long_cells_cut_to_width_40() -> None:
    text = format_objects([obj(Name="x" * 100, Id=7)], 40)
    assert text == (
        "\n"
        "Name                                  Id\n"
        "----                                  --\n"
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...  7\n"
        "\n"
    )
    assert max(len(line) for line in text.split("\n")) == 40


def test_widest_column_gives_way_first() -> None:
    text = format_objects([obj(A="short", B="y" * 60, C="z" * 30)], 40)
    lines = text.split("\n")
    assert lines[1] == "A     B                 C"
    assert lines[3] == "short " + "y" * 14 + "... " + "z" * 13 + "..."


def test_columns_that_cannot_fit_are_dropped() -> None:
    text = format_objects([obj(FirstColumn=1, SecondColumn=2, ThirdColumn=3)], 26)
    assert text == "\nFirstColumn SecondColumn\n----------- ------------\n          1            2\n\n"


def test_nested_values_in_cells() -> None:
    text = format_objects([obj(a=[1, 2, 3, 4, 5], b=["x", "y"], c=obj(x=1), d=None)], 80)
    assert text == (
        "\n"
        "a               b      c      d\n"
        "-               -      -      -\n"
        "{1, 2, 3, 4...} {x, y} @{x=1}\n"
        "\n"
    )


def test_multiline_cell_shows_first_line() -> None:
    text = format_objects([obj(a="one\ntwo", b=1)], 80)
    assert text == "\na      b\n-      -\none... 1\n\n"


def typed(type_name: str, **props: object) -> PSObject:
    return PSObject(dict(props), type_names=[type_name, "System.Object"])


def test_shapes_mixed_start_new_tables_and_scalars_break_them() -> None:
    text = format_objects([obj(a=1), obj(a=2), typed("Test.B", b="x"), "plain",
                           typed("Test.B", b="y")], 80)
    assert text == (
        "\n"
        "a\n-\n1\n2\n"
        "\n"
        "b\n-\nx\n"
        "\n"
        "plain\n"
        "\n"
        "b\n-\ny\n"
        "\n"
    )


def test_objects_of_one_type_share_the_first_objects_columns() -> None:
    # PowerShell picks the view from the first object: later objects of its type show
    # its columns only (an empty row when they have none of them), even after a scalar.
    text = format_objects([obj(a=1), obj(b=2), obj(b=3, a=4), obj(a=5, b=6, c=7, d=8, e=9)], 80)
    assert text == "\na\n-\n1\n\n4\n5\n\n"
    text = format_objects([typed("Test.T", a=1), "plain", typed("Test.T", b=2, a=3)], 80)
    assert text == "\na\n-\n1\n\nplain\n\na\n-\n3\n\n"
    # A list stays a list for its type, each entry with its own properties.
    many = obj(a=1, b=2, c=3, d=4, e=5)
    assert format_objects([many, obj(x=1)], 80) == \
        "\na : 1\nb : 2\nc : 3\nd : 4\ne : 5\n\nx : 1\n\n"


def test_table_then_list_has_one_blank_line_between() -> None:
    many = typed("Test.Many", a=1, b=2, c=3, d=4, e=5)
    text = format_objects([obj(x=1), many], 80)
    assert text == "\nx\n-\n1\n\na : 1\nb : 2\nc : 3\nd : 4\ne : 5\n\n"


def test_empty_pscustomobject_shows_nothing() -> None:
    assert format_objects([PSObject()], 80) == ""


def test_datetime_long_form_and_in_cells() -> None:
    when = datetime.datetime(2026, 11, 24, 7, 11, 32)
    assert format_objects([when], 80) == "\nTuesday, November 24, 2026 7:11:32 AM\n\n"
    afternoon = datetime.datetime(2026, 1, 2, 15, 4, 5)
    assert format_objects([obj(When=afternoon)], 80) == "\nWhen\n----\n1/2/2026 3:04:05 PM\n\n"
    # Years have four digits, as .NET's yyyy.
    early = datetime.datetime(1, 1, 1)
    assert format_objects([early], 80) == "\nMonday, January 1, 0001 12:00:00 AM\n\n"
    assert format_objects([obj(When=early)], 80) == "\nWhen\n----\n1/1/0001 12:00:00 AM\n\n"


def test_timespan_as_list() -> None:
    text = format_objects([datetime.timedelta(seconds=90)], 80)
    assert text == (
        "\n"
        "Days              : 0\n"
        "Hours             : 0\n"
        "Minutes           : 1\n"
        "Seconds           : 30\n"
        "Milliseconds      : 0\n"
        "Ticks             : 900000000\n"
        "TotalDays         : 0.00104166666666667\n"
        "TotalHours        : 0.025\n"
        "TotalMinutes      : 1.5\n"
        "TotalSeconds      : 90\n"
        "TotalMilliseconds : 90000\n"
        "\n"
    )


def test_list_values_wrap_under_the_value_column() -> None:
    text = format_objects([obj(a=1, b=2, c=3, d=4, Long="w" * 30)], 20)
    assert text == (
        "\na    : 1\nb    : 2\nc    : 3\nd    : 4\n"
        "Long : wwwwwwwwwwwww\n       wwwwwwwwwwwww\n       wwww\n\n"
    )


def test_records_in_output_show_as_the_host_shows_them() -> None:
    items = [ErrorRecord("boom", command="Write-Error"), WarningRecord("careful"),
             VerboseRecord("v"), InformationRecord("info")]
    assert format_objects(items, 80) == "Write-Error: boom\nWARNING: careful\nVERBOSE: v\ninfo\n"


def test_format_for_file_and_errors_for_file() -> None:
    assert format_for_file(["a", obj(x=1)], 80) == "a\n\nx\n-\n1\n\n"
    assert format_error_for_file(ErrorRecord("boom", command="Write-Error")) == "Write-Error: boom\n"


# ------------------------------------------------------------------ streaming
def test_streaming_writes_scalars_at_once() -> None:
    written: list[str] = []
    formatter = Formatter(80, written.append, batch_seconds=0.3, batch_size=100, use_timer=True)
    formatter.add("first")
    assert written == ["first\n"]
    formatter.add(obj(a=1))
    assert written == ["first\n", "\n"]          # the table waits to size its columns
    formatter.add("second")                      # a scalar ends the table
    assert "".join(written) == "first\n\na\n-\n1\n\nsecond\n"
    formatter.close()


def test_streaming_table_rows_appear_after_the_batch_time_without_more_input() -> None:
    written: list[str] = []
    done = threading.Event()

    def write(text: str) -> None:
        written.append(text)
        if "1\n" in text:
            done.set()

    formatter = Formatter(80, write, batch_seconds=0.05, batch_size=100, use_timer=True)
    start = time.monotonic()
    formatter.add(obj(a=1))
    assert done.wait(2), "the held row was never written"
    assert time.monotonic() - start < 1
    formatter.add(obj(a=22222))                  # later rows stream under the fixed widths
    formatter.close()
    assert "".join(written) == "\na\n-\n1\n22222\n\n"


def test_streaming_table_fixes_widths_after_batch_size_rows() -> None:
    written: list[str] = []
    formatter = Formatter(80, written.append, batch_seconds=10, batch_size=2)
    formatter.add(obj(Name="a"))
    formatter.add(obj(Name="b"))
    assert "".join(written) == "\nName\n----\na\nb\n"
    formatter.add(obj(Name="much longer than the column"))
    formatter.close()
    assert "".join(written).endswith("b\nmuch longer than the column\n\n")


# ------------------------------------------------------------------ records
def _script_error() -> ErrorRecord:
    source = "$x = 1\nFoo-Bar\n"
    extent = Extent(source, 7, 14, 2, 1)
    return ErrorRecord(NOT_RECOGNIZED, command="Foo-Bar", extent=extent,
                       category=ErrorCategory.OBJECT_NOT_FOUND,
                       exception_type="System.Management.Automation.CommandNotFoundException")


def test_error_concise_one_line() -> None:
    record = ErrorRecord("boom", command="Write-Error", extent=Extent("Write-Error boom", 0, 16, 1, 1))
    assert render_record(Stream.ERROR, record, False) == "Write-Error: boom\n"
    assert render_record(Stream.ERROR, record, True) == "\x1b[31mWrite-Error: boom\x1b[0m\n"


def test_error_reason_from_exception_type() -> None:
    thrown = ErrorRecord("boom", category=ErrorCategory.OPERATION_STOPPED)
    assert render_record(Stream.ERROR, thrown, False) == "Exception: boom\n"
    runtime = ErrorRecord("Attempted to divide by zero.")
    assert render_record(Stream.ERROR, runtime, False) == "RuntimeException: Attempted to divide by zero.\n"
    io = ErrorRecord("gone", exception_type="System.IO.FileNotFoundException")
    assert render_record(Stream.ERROR, io, False) == "FileNotFoundException: gone\n"
    not_found = ErrorRecord(NOT_RECOGNIZED, target="Foo-Bar",
                            exception_type="System.Management.Automation.CommandNotFoundException")
    assert render_record(Stream.ERROR, not_found, False) == "Foo-Bar: " + NOT_RECOGNIZED + "\n"


def test_error_reason_is_the_category_when_no_command_wrote_it() -> None:
    # PowerShell's ConciseView: command, else "Exception" for throw, else the invocation
    # name of a missing command, else the category unless NotSpecified, else the type.
    null_call = ErrorRecord("You cannot call a method on a null-valued expression.",
                            category=ErrorCategory.INVALID_OPERATION)
    assert render_record(Stream.ERROR, null_call, False) == \
        "InvalidOperation: You cannot call a method on a null-valued expression.\n"
    cast = ErrorRecord('Cannot convert value "abc" to type "System.Int32".',
                       category=ErrorCategory.INVALID_ARGUMENT,
                       exception_type="System.Management.Automation.PSInvalidCastException")
    assert render_record(Stream.ERROR, cast, False).startswith("InvalidArgument: Cannot convert")
    written = ErrorRecord("boom", command="Write-Error", category=ErrorCategory.INVALID_DATA)
    assert render_record(Stream.ERROR, written, False) == "Write-Error: boom\n"
    not_found = ErrorRecord(NOT_RECOGNIZED, target="Foo-Bar", category=ErrorCategory.OBJECT_NOT_FOUND,
                            exception_type="System.Management.Automation.CommandNotFoundException")
    assert render_record(Stream.ERROR, not_found, False) == "Foo-Bar: " + NOT_RECOGNIZED + "\n"
    source = "$x = 1\n$null.foo()\n"
    placed = ErrorRecord("You cannot call a method on a null-valued expression.",
                         category=ErrorCategory.INVALID_OPERATION, extent=Extent(source, 7, 18, 2, 1))
    assert render_record(Stream.ERROR, placed, False).startswith("InvalidOperation:\nLine |\n")


def test_error_from_a_script_line_shows_where() -> None:
    assert render_record(Stream.ERROR, _script_error(), False) == (
        "Foo-Bar:\n"
        "Line |\n"
        "   2 |  Foo-Bar\n"
        "     |  ~~~~~~~\n"
        "     | The term 'Foo-Bar' is not recognized as a name of a cmdlet, function, script file, "
        "or executable program.\n"
        "     | Check the spelling of the name, or if a path was included, verify that the path is "
        "correct and try again.\n"
    )
    assert render_record(Stream.ERROR, _script_error(), False, show_position=False) == \
        "Foo-Bar: " + NOT_RECOGNIZED + "\n"


def test_error_position_underlines_the_extent() -> None:
    source = "if ($true) {\n    Get-Thing -Name x | Out-Null\n}"
    start = source.index("Get-Thing")
    extent = Extent(source, start, start + len("Get-Thing -Name x"), 2, 5)
    record = ErrorRecord("no such thing", command="Get-Thing", extent=extent)
    assert render_record(Stream.ERROR, record, False) == (
        "Get-Thing:\n"
        "Line |\n"
        "   2 |      Get-Thing -Name x | Out-Null\n"
        "     |      ~~~~~~~~~~~~~~~~~\n"
        "     | no such thing\n"
    )


def test_error_from_a_remote_computer_names_it() -> None:
    record = ErrorRecord("boom", command="Write-Error", computer_name="Server01")
    assert render_record(Stream.ERROR, record, False) == "Write-Error: [Server01] boom\n"


def test_native_stderr_shows_as_the_text() -> None:
    record = ErrorRecord("ls: cannot access 'x'", category=ErrorCategory.FROM_STDERR)
    assert render_record(Stream.ERROR, record, False) == "ls: cannot access 'x'\n"


def test_warning_verbose_debug_with_and_without_colour() -> None:
    assert render_record(Stream.WARNING, WarningRecord("w"), False) == "WARNING: w\n"
    assert render_record(Stream.VERBOSE, VerboseRecord("v"), False) == "VERBOSE: v\n"
    assert render_record(Stream.DEBUG, DebugRecord("d"), False) == "DEBUG: d\n"
    assert render_record(Stream.WARNING, WarningRecord("w"), True) == "\x1b[33mWARNING: w\x1b[0m\n"
    assert render_record(Stream.VERBOSE, VerboseRecord("v"), True) == "\x1b[33mVERBOSE: v\x1b[0m\n"
    assert render_record(Stream.DEBUG, DebugRecord("d"), True) == "\x1b[33mDEBUG: d\x1b[0m\n"


def test_information_and_write_host() -> None:
    assert render_record(Stream.INFORMATION, InformationRecord(42), True) == "42\n"
    host = InformationRecord("hi", tags=("PSHOST",), foreground="Green")
    assert render_record(Stream.INFORMATION, host, False) == "hi\n"
    assert render_record(Stream.INFORMATION, host, True) == "\x1b[92mhi\x1b[0m\n"
    both = InformationRecord("x", tags=("PSHOST",), foreground="Red", background="DarkBlue",
                             no_newline=True)
    assert render_record(Stream.INFORMATION, both, True) == "\x1b[91;44mx\x1b[0m"
    assert render_record(Stream.INFORMATION, both, False) == "x"


def test_multiline_error_coloured_line_by_line() -> None:
    record = ErrorRecord("one\ntwo", command="Write-Error")
    assert render_record(Stream.ERROR, record, True) == \
        "\x1b[31mWrite-Error: one\x1b[0m\n\x1b[31mtwo\x1b[0m\n"


def test_parse_error_uses_the_parser_rendering() -> None:
    record = ErrorRecord("Missing closing '}'.", category=ErrorCategory.PARSER_ERROR,
                         extent=Extent("if (1) {", 7, 8, 1, 8))
    record.script_stack = "ParserError: line 1, column 8:\nif (1) {\n       ^\nMissing closing '}'."
    assert render_record(Stream.ERROR, record, False) == record.script_stack + "\n"
    record.script_stack = None
    assert render_record(Stream.ERROR, record, False) == (
        "ParserError:\nLine |\n   1 |  if (1) {\n     |         ~\n     | Missing closing '}'.\n")


class DuckJob:
    """A job as jobs/ declares it: PowerShell's surface without deriving from PSLive."""

    ps_type_names = ("System.Management.Automation.Job", "System.Object")
    ps_properties = ("Id", "Name", "PSJobTypeName", "State", "HasMoreData", "Location",
                     "Command", "InstanceId")
    ps_table = ("Id", "Name", "PSJobTypeName", "State", "HasMoreData", "Location", "Command")

    def __init__(self) -> None:
        self.Id, self.Name, self.PSJobTypeName, self.State = 5, "Job5", "ThreadJob", "Completed"
        self.HasMoreData, self.Location, self.Command, self.InstanceId = False, "PowerShell", "1", "x"


def test_duck_typed_live_object_and_its_deserialized_form_share_the_job_row() -> None:
    # PowerShell's Job view fixes every column's width (left-aligned, Id too).
    header = ("\nId     Name            PSJobTypeName   State         HasMoreData     Location             Command\n"
              "--     ----            -------------   -----         -----------     --------             -------\n")
    row = "5      Job5            ThreadJob       Completed     False           PowerShell           1\n"
    assert format_objects([DuckJob()], 120) == header + row + "\n"
    job = DuckJob()
    bag = PSObject({name: getattr(job, name) for name in DuckJob.ps_properties},
                   type_names=["Deserialized.System.Management.Automation.Job",
                               "Deserialized.System.Object"])
    assert format_objects([bag], 120) == header + row + "\n"


def test_alignment_decided_by_the_first_value_that_is_not_empty() -> None:
    rows = [obj(Length=None, Name="dir"), obj(Length=1234, Name="file")]
    assert format_objects(rows, 80) == "\nLength Name\n------ ----\n       dir\n  1234 file\n\n"
