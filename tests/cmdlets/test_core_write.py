"""Write-Output, Write-Host, Write-Error and the other stream writers."""

from __future__ import annotations

import pytest

from pshelpers import run
from test_core_support import drive

from shell.cmdlets.core.write import (WriteDebug, WriteError, WriteHost, WriteInformation, WriteOutput,
                                      WriteProgress, WriteVerbose, WriteWarning)
from shell.language.errors import ErrorRecord, PSRuntimeError
from shell.language.streams import InformationRecord, ProgressRecord, Stream


# ------------------------------------------------------------------ Write-Output

def test_write_output_enumerates_arrays() -> None:
    assert drive(WriteOutput, InputObject=[1, 2, 3]).out == [1, 2, 3]


def test_write_output_single_array_argument_is_enumerated() -> None:
    # `Write-Output 1,2,3`: the binder collects the remaining arguments into [[1, 2, 3]].
    assert drive(WriteOutput, InputObject=[[1, 2, 3]]).out == [1, 2, 3]


def test_write_output_no_enumerate_keeps_the_array() -> None:
    assert drive(WriteOutput, InputObject=[[1, 2, 3]], NoEnumerate=True).out == [[1, 2, 3]]


def test_write_output_pipeline_items_pass_through() -> None:
    assert drive(WriteOutput, ["a", "b"]).out == ["a", "b"]


def test_write_output_null_argument_writes_null_and_nothing_writes_nothing() -> None:
    assert drive(WriteOutput, InputObject=None).out == [None]
    assert drive(WriteOutput).out == []


def test_write_output_in_the_language() -> None:
    assert run("Write-Output 1,2,3").stdout == "1\n2\n3\n"
    assert run("echo a b").stdout == "a\nb\n"
    assert run("write hello").stdout == "hello\n"
    assert run("(Write-Output -NoEnumerate 1,2,3 | Measure-Object).Count").stdout == "1\n"


# ------------------------------------------------------------------ Write-Host

def test_write_host_writes_a_pshost_information_record() -> None:
    result = drive(WriteHost, Object=["a", "b"], Separator="-", ForegroundColor="red")
    [record] = result.stream(Stream.INFORMATION)
    assert isinstance(record, InformationRecord)
    assert record.message_data == "a-b"
    assert record.tags == ("PSHOST",)
    assert record.is_host
    assert record.foreground == "Red"
    assert result.out == []


def test_write_host_unrolls_nested_arrays_with_separators_as_powershell() -> None:
    [record] = drive(WriteHost, Object=[[1, 2], None, "x"]).stream(Stream.INFORMATION)
    assert record.message_data == "1 2  x"  # $null still gets its separator
    [table] = drive(WriteHost, Object={"a": 1}).stream(Stream.INFORMATION)
    assert table.message_data == "System.Collections.DictionaryEntry"


def test_write_host_no_newline_and_empty() -> None:
    [record] = drive(WriteHost, Object="x", NoNewline=True).stream(Stream.INFORMATION)
    assert record.no_newline
    [empty] = drive(WriteHost).stream(Stream.INFORMATION)
    assert empty.message_data == ""


def test_write_host_rejects_an_unknown_colour_as_powershell_does() -> None:
    with pytest.raises(PSRuntimeError) as info:
        drive(WriteHost, Object="x", ForegroundColor="Purple")
    assert "Cannot convert value \"Purple\" to type \"System.ConsoleColor\"" in info.value.message


def test_write_host_in_the_language() -> None:
    assert run('Write-Host a b -Separator ","').stdout == "a,b\n"
    assert run("Write-Host -NoNewline x; Write-Host y").stdout == "xy\n"
    assert run("Write-Host (1,2,3)").stdout == "1 2 3\n"


# ------------------------------------------------------------------ Write-Error and friends

def test_write_error_is_non_terminating_with_powershell_fields() -> None:
    result = drive(WriteError, Message="boom", Category="objectnotfound", ErrorId="MyId", TargetObject=5)
    [record] = result.errors
    assert record.message == "boom"
    assert record.category == "ObjectNotFound"
    assert record.error_id == "MyId"
    assert record.target == 5
    assert record.exception_type == "Microsoft.PowerShell.Commands.WriteErrorException"


def test_write_error_with_an_error_record_or_exception() -> None:
    original = ErrorRecord("original", error_id="X")
    assert drive(WriteError, ErrorRecord=original).errors == [original]
    [record] = drive(WriteError, Exception=ValueError("bad value")).errors
    assert record.message == "bad value"


def test_write_error_in_the_language_continues() -> None:
    result = run('Write-Error boom; "after"')
    assert result.stdout == "after\n"
    assert "Write-Error: boom" in result.stderr


def test_warning_verbose_debug_information_records() -> None:
    assert [str(r) for r in drive(WriteWarning, Message="w").stream(Stream.WARNING)] == ["w"]
    assert [str(r) for r in drive(WriteVerbose, Message="v").stream(Stream.VERBOSE)] == ["v"]
    assert [str(r) for r in drive(WriteDebug, Message="d").stream(Stream.DEBUG)] == ["d"]
    [info] = drive(WriteInformation, MessageData={"a": 1}, Tags=["t1"]).stream(Stream.INFORMATION)
    assert info.message_data == {"a": 1} and info.tags == ("t1",) and not info.is_host


def test_write_information_refuses_the_reserved_ps_prefix() -> None:
    with pytest.raises(PSRuntimeError) as info:
        drive(WriteInformation, MessageData="x", Tags=["PSHOST"])
    assert info.value.message == "Cannot use tag 'PSHOST'. The 'PS' prefix is reserved."


def test_stream_writers_in_the_language() -> None:
    assert "WARNING: careful" in run("Write-Warning careful").stderr
    result = run("Write-Verbose hidden; Write-Verbose shown -Verbose")
    assert "VERBOSE: shown" in result.stderr and "hidden" not in result.stderr
    assert run("Write-Information quiet").stdout + run("Write-Information quiet").stderr == ""


def test_write_progress_writes_a_progress_record() -> None:
    [record] = drive(WriteProgress, Activity="Copy", Status="half", PercentComplete=50).stream(Stream.PROGRESS)
    assert isinstance(record, ProgressRecord)
    assert (record.activity, record.status, record.percent) == ("Copy", "half", 50)
    [done] = drive(WriteProgress, Activity="Copy", Completed=True).stream(Stream.PROGRESS)
    assert done.percent == 100
    with pytest.raises(PSRuntimeError):
        drive(WriteProgress, Activity="Copy", PercentComplete=101)
