"""The .NET view of an ErrorRecord: ``$_.Exception``, ``$_.CategoryInfo``, ``$_.InvocationInfo``.

``ERROR_PROPS`` maps each ErrorRecord property (lower-case) to its getter;
``ERROR_DISPLAY`` is the order Format-List shows them in.  ``$_.Exception`` of a
``throw [System.ArgumentException]::new('x')`` is the thrown exception object itself
(``dotnet_exceptions``); of other errors, an ``ExceptionInfo`` made from the record.
Imported the first time a script reads a property of an error.
"""

from __future__ import annotations

from typing import Any, Callable

from shell.language.conversions import to_string, type_name_of
from shell.language.dotnet_exceptions import exception_chain, thrown_exception
from shell.language.errors import ErrorRecord, PSRuntimeError
from shell.language.psobject import PSLive
from shell.language.pscollections import Hashtable

__all__ = ["ExceptionInfo", "CategoryInfoView", "InvocationInfoView", "CommandName", "ERROR_PROPS",
           "ERROR_DISPLAY"]


class ExceptionInfo(PSLive):
    """``$_.Exception``: the .NET exception view of an ErrorRecord."""

    ps_properties = ("Message", "Data", "InnerException", "TargetSite", "StackTrace", "HelpLink",
                     "Source", "HResult")
    ps_view = "list"

    def __init__(self, record: ErrorRecord) -> None:
        self.ErrorRecord = record
        self.Message = record.message
        self.Data = Hashtable()
        self.TargetSite = None
        self.StackTrace = None
        self.HelpLink = None
        self.Source = None
        self.HResult = -2146233087
        self.WasThrownFromThrowStatement = record.error_id == "ThrowStatement"

    @property
    def ps_type_names(self) -> tuple[str, ...]:  # type: ignore[override]
        """The exception's type and its bases."""
        return exception_chain(self.ErrorRecord.exception_type or "System.Exception") + ("System.Object",)

    @property
    def InnerException(self) -> Any:
        """The inner exception, when there is one."""
        inner = self.ErrorRecord.inner
        if isinstance(inner, PSRuntimeError):
            return ExceptionInfo(inner.record)
        return None

    def ToString(self) -> str:
        """``Type: message``, as .NET's Exception.ToString()."""
        return f"{self.ps_type_names[0]}: {self.Message}"

    def GetBaseException(self) -> ExceptionInfo:
        """The innermost exception."""
        inner = self.InnerException
        return inner.GetBaseException() if inner is not None else self

    def __str__(self) -> str:
        return self.Message


class CategoryInfoView(PSLive):
    """``$_.CategoryInfo``."""

    ps_type_names = ("System.Management.Automation.ErrorCategoryInfo", "System.Object")
    ps_properties = ("Category", "Activity", "Reason", "TargetName", "TargetType")

    def __init__(self, record: ErrorRecord) -> None:
        self.Category = record.category
        self.Activity = record.command or ""
        thrown = thrown_exception(record)
        exception_type = thrown.ps_type_names[0] if thrown is not None else record.exception_type
        self.Reason = exception_type.rsplit(".", 1)[-1]
        target = None if thrown is not None else record.target
        self.TargetName = "" if target is None else to_string(target)
        self.TargetType = "" if target is None else type_name_of(target).rsplit(".", 1)[-1]

    def GetMessage(self) -> str:
        """The one-line form."""
        return str(self)

    def __str__(self) -> str:
        return f"{self.Category}: ({self.TargetName}:{self.TargetType}) [{self.Activity}], {self.Reason}"


class CommandName(str):
    """``$_.InvocationInfo.MyCommand``: the command's name, with the ``Name`` a CommandInfo has."""

    __slots__ = ()

    @property
    def Name(self) -> str:
        """The command's name."""
        return str(self)


class InvocationInfoView(PSLive):
    """``$_.InvocationInfo``: where the error happened."""

    ps_type_names = ("System.Management.Automation.InvocationInfo", "System.Object")
    ps_properties = ("MyCommand", "ScriptLineNumber", "OffsetInLine", "ScriptName", "Line",
                     "PositionMessage", "InvocationName")
    ps_view = "list"

    def __init__(self, record: ErrorRecord) -> None:
        ext = record.extent
        self.MyCommand = CommandName(record.command) if record.command else None
        self.InvocationName = record.command or ""
        self.ScriptLineNumber = ext.line if ext is not None else 0
        self.OffsetInLine = ext.column if ext is not None else 0
        self.ScriptName = ""
        self.PSCommandPath = None
        self.Line = ext.line_text if ext is not None else ""
        if ext is not None:
            self.PositionMessage = (f"At line:{ext.line} char:{ext.column}\n+ {ext.line_text}\n+ "
                                    + " " * (ext.column - 1) + "~" * max(1, len(ext.text.split("\n")[0])))
        else:
            self.PositionMessage = ""


def _exception(record: ErrorRecord) -> Any:
    thrown = thrown_exception(record)
    return thrown if thrown is not None else ExceptionInfo(record)


def _target(record: ErrorRecord) -> Any:
    # A thrown exception object is the error's exception, not its target.
    return None if thrown_exception(record) is not None else record.target


ERROR_PROPS: dict[str, Callable[[ErrorRecord], Any]] = {
    "exception": _exception,
    "categoryinfo": CategoryInfoView,
    "targetobject": _target,
    "fullyqualifiederrorid": lambda r: r.fully_qualified_error_id,
    "invocationinfo": InvocationInfoView,
    "scriptstacktrace": lambda r: r.script_stack or "",
    "errordetails": lambda r: None,
    "pipelineiterationinfo": lambda r: [],
    "psmessagedetails": lambda r: None,
}
ERROR_DISPLAY = ["Exception", "TargetObject", "CategoryInfo", "FullyQualifiedErrorId", "ErrorDetails",
                  "InvocationInfo", "ScriptStackTrace", "PipelineIterationInfo", "PSMessageDetails"]
