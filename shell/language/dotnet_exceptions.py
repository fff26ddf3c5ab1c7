""".NET exceptions as values: ``[System.ArgumentException]::new('bad arg')``, and their family tree.

``EXCEPTION_BASES`` is the family psrepl knows (each type's base class), so that
``catch [System.IO.IOException]`` catches a FileNotFoundException and ``-is
[System.SystemException]`` holds for an ArgumentException.  ``exception_chain``
gives any exception type name its chain of bases (a name outside the family is
placed as PowerShell's own exceptions are: under RuntimeException when it is in
``System.Management.Automation``, else under SystemException).

``DotNetException`` is the value ``[T]::new(message[, inner])`` makes: its
``Message``, ``InnerException``, ``ParamName``... as in .NET.  Throwing one (``throw
$ex``) makes an ErrorRecord whose target is the exception; ``thrown_exception``
finds it again, for ``catch [T]`` and ``$_.Exception``.  Imported on first use.
"""

from __future__ import annotations

from typing import Any

from shell.language.psobject import PSLive

__all__ = ["EXCEPTION_BASES", "DotNetException", "exception_chain", "construct_exception",
           "convert_to_exception", "thrown_exception", "is_exception_type"]

_RUNTIME = "System.Management.Automation.RuntimeException"

#: exception type -> its base class (System.Exception has none)
EXCEPTION_BASES: dict[str, str | None] = {
    "System.Exception": None,
    "System.SystemException": "System.Exception",
    "System.ApplicationException": "System.Exception",
    "System.ArgumentException": "System.SystemException",
    "System.ArgumentNullException": "System.ArgumentException",
    "System.ArgumentOutOfRangeException": "System.ArgumentException",
    "System.InvalidOperationException": "System.SystemException",
    "System.ObjectDisposedException": "System.InvalidOperationException",
    "System.NotSupportedException": "System.SystemException",
    "System.NotImplementedException": "System.SystemException",
    "System.PlatformNotSupportedException": "System.NotSupportedException",
    "System.IO.IOException": "System.SystemException",
    "System.IO.FileNotFoundException": "System.IO.IOException",
    "System.IO.DirectoryNotFoundException": "System.IO.IOException",
    "System.IO.PathTooLongException": "System.IO.IOException",
    "System.IO.EndOfStreamException": "System.IO.IOException",
    "System.UnauthorizedAccessException": "System.SystemException",
    "System.TimeoutException": "System.SystemException",
    "System.FormatException": "System.SystemException",
    "System.ArithmeticException": "System.SystemException",
    "System.DivideByZeroException": "System.ArithmeticException",
    "System.OverflowException": "System.ArithmeticException",
    "System.IndexOutOfRangeException": "System.SystemException",
    "System.InvalidCastException": "System.SystemException",
    "System.NullReferenceException": "System.SystemException",
    "System.OutOfMemoryException": "System.SystemException",
    "System.OperationCanceledException": "System.SystemException",
    "System.Collections.Generic.KeyNotFoundException": "System.SystemException",
    _RUNTIME: "System.SystemException",
    "System.Management.Automation.SessionStateException": _RUNTIME,
    "System.Management.Automation.ItemNotFoundException": "System.Management.Automation.SessionStateException",
    "System.Management.Automation.DriveNotFoundException": "System.Management.Automation.SessionStateException",
    "System.Management.Automation.CommandNotFoundException": _RUNTIME,
    "System.Management.Automation.ParameterBindingException": _RUNTIME,
    "System.Management.Automation.MethodException": _RUNTIME,
    "System.Management.Automation.MethodInvocationException": "System.Management.Automation.MethodException",
    "System.Management.Automation.ActionPreferenceStopException": _RUNTIME,
    "System.Management.Automation.PipelineStoppedException": _RUNTIME,
    "System.Management.Automation.MetadataException": _RUNTIME,
    "System.Management.Automation.ValidationMetadataException": "System.Management.Automation.MetadataException",
    "System.Management.Automation.PSInvalidCastException": "System.InvalidCastException",
    "System.Management.Automation.PSArgumentException": "System.ArgumentException",
    "System.Management.Automation.PSArgumentNullException": "System.ArgumentNullException",
    "System.Management.Automation.PSInvalidOperationException": "System.InvalidOperationException",
    "System.Management.Automation.PSNotSupportedException": "System.NotSupportedException",
}

#: normalized name (lower case, no ``System.``) -> the full name, for names as written
_BY_KEY = {full[7:].lower(): full for full in EXCEPTION_BASES}
_BY_KEY["runtimeexception"] = _RUNTIME

#: what ``new T()`` says when given no message
_DEFAULT_MESSAGES = {
    "System.ArgumentException": "Value does not fall within the expected range.",
    "System.ArgumentNullException": "Value cannot be null.",
    "System.ArgumentOutOfRangeException": "Specified argument was out of the range of valid values.",
    "System.InvalidOperationException": "Operation is not valid due to the current state of the object.",
    "System.NotSupportedException": "Specified method is not supported.",
    "System.NotImplementedException": "The method or operation is not implemented.",
    "System.IO.IOException": "I/O error occurred.",
    "System.IO.FileNotFoundException": "Unable to find the specified file.",
    "System.IO.DirectoryNotFoundException": "Attempted to access a path that is not on the disk.",
    "System.UnauthorizedAccessException": "Attempted to perform an unauthorized operation.",
    "System.TimeoutException": "The operation has timed out.",
    "System.FormatException": "One of the identified items was in an invalid format.",
    "System.ArithmeticException": "Overflow or underflow in the arithmetic operation.",
    "System.DivideByZeroException": "Attempted to divide by zero.",
    "System.OverflowException": "Arithmetic operation resulted in an overflow.",
    "System.IndexOutOfRangeException": "Index was outside the bounds of the array.",
    "System.InvalidCastException": "Specified cast is not valid.",
    "System.NullReferenceException": "Object reference not set to an instance of an object.",
    "System.OperationCanceledException": "The operation was canceled.",
    "System.SystemException": "System error.",
    "System.ApplicationException": "Error in the application.",
}

_ARGUMENT_FAMILY = ("System.ArgumentException", "System.ArgumentNullException", "System.ArgumentOutOfRangeException")


def full_exception_name(type_name: str) -> str | None:
    """The full name of a known exception type as written (``'ArgumentException'``), else None."""
    key = type_name.strip().lower()
    if key.startswith("[") and key.endswith("]"):
        key = key[1:-1]
    if key.startswith("system."):
        key = key[7:]
    return _BY_KEY.get(key)


def is_exception_type(type_name: str) -> bool:
    """Whether ``type_name`` names an exception type of the known family."""
    return full_exception_name(type_name) is not None


def exception_chain(full_name: str) -> tuple[str, ...]:
    """``full_name`` and its base classes, most derived first (ending in System.Exception)."""
    chain: list[str] = []
    name: str | None = full_name
    if name not in EXCEPTION_BASES:
        known = full_exception_name(full_name)
        if known is not None:
            name = known
        else:
            chain.append(full_name)
            name = _RUNTIME if full_name.startswith("System.Management.Automation.") else "System.SystemException"
    while name is not None:
        chain.append(name)
        name = EXCEPTION_BASES.get(name)
    return tuple(chain)


class DotNetException(PSLive):
    """A .NET exception object: what ``[System.ArgumentException]::new('x')`` gives."""

    ps_properties = ("Message", "Data", "InnerException", "TargetSite", "StackTrace", "HelpLink", "Source",
                     "HResult")
    ps_view = "list"

    def __init__(self, full_name: str, message: str | None = None, inner: Any = None) -> None:
        from shell.language.pscollections import Hashtable
        self._full_name = full_name
        self.Message = message if message is not None else _DEFAULT_MESSAGES.get(
            full_name, f"Exception of type '{full_name}' was thrown.")
        self.InnerException = inner
        self.Data = Hashtable()
        self.TargetSite = None
        self.StackTrace = None
        self.HelpLink = None
        self.Source = None
        self.HResult = -2146233087

    @property
    def ps_type_names(self) -> tuple[str, ...]:  # type: ignore[override]
        """The exception's type and its bases."""
        return exception_chain(self._full_name) + ("System.Object",)

    def ToString(self) -> str:
        """``Type: message``, as .NET's Exception.ToString()."""
        return f"{self._full_name}: {self.Message}"

    def GetBaseException(self) -> Any:
        """The innermost exception."""
        inner = self.InnerException
        return inner.GetBaseException() if inner is not None and hasattr(inner, "GetBaseException") else self

    def __str__(self) -> str:
        return self.Message


def _inner(value: Any) -> Any:
    from shell.language.members_errors import ExceptionInfo
    if isinstance(value, (DotNetException, ExceptionInfo)):
        return value
    from shell.language.errors import ErrorRecord
    if isinstance(value, ErrorRecord):
        return ExceptionInfo(value)
    return None


def construct_exception(type_name: str, args: list[Any]) -> DotNetException | None:
    """``[T]::new(args)`` for a known exception type T; None when T is not one.

    The overloads of .NET: ``()``, ``(message)``, ``(message, inner)``; the argument
    exceptions take a parameter name (``ArgumentNullException(paramName)``,
    ``ArgumentException(message, paramName)``); ``FileNotFoundException(message, fileName)``.
    """
    full = full_exception_name(type_name)
    if full is None:
        return None
    from shell.language.conversions import to_string
    if len(args) > 3 or len(args) == 3 and full not in _ARGUMENT_FAMILY:
        from shell.language.member_calls import no_overload
        raise no_overload("new", len(args))
    message: str | None = None
    inner: Any = None
    param: str | None = None
    file_name: str | None = None
    if args:
        second = args[1] if len(args) > 1 else None
        if full in ("System.ArgumentNullException", "System.ArgumentOutOfRangeException") and \
                _inner(second) is None:
            # (paramName) or (paramName, message)
            param = to_string(args[0])
            message = to_string(second) if len(args) > 1 else None
        else:
            message = None if args[0] is None else to_string(args[0])
            if second is not None:
                found = _inner(second)
                if found is not None:
                    inner = found
                elif full in _ARGUMENT_FAMILY:
                    param = to_string(second)
                    if len(args) > 2:
                        inner = _inner(args[2])
                elif full == "System.IO.FileNotFoundException":
                    file_name = to_string(second)
    made = DotNetException(full, message, inner)
    if full in _ARGUMENT_FAMILY:
        made.ParamName = param
        if param:
            made.Message = f"{made.Message} (Parameter '{param}')"
    if full == "System.IO.FileNotFoundException":
        made.FileName = file_name
    return made


def convert_to_exception(full_name: str, value: Any) -> Any:
    """``[T]value`` for an exception type: a string becomes the message of a new T."""
    if isinstance(value, str):
        return DotNetException(full_name, value)
    if value is None:
        return None
    return value


def thrown_exception(record: Any) -> DotNetException | None:
    """The exception object a ``throw $ex`` carried (the record's target), or None."""
    target = record.target
    return target if isinstance(target, DotNetException) else None
