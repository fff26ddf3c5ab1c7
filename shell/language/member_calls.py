"""Calling a .NET-style method: argument coercion, and PowerShell's errors for failed calls.

The method tables (``members_string``, ``members_collections``, ``members_datetime``,
``member_methods``) and the static types (``members_static``) hold plain Python
functions; ``call_method``/``call_static`` check the argument count against each
function's signature (``Cannot find an overload for "X" and the argument count``)
and turn a failure inside into PowerShell's ``Exception calling "X" with "n"
argument(s): "..."``.  A method implementation raises ``MethodError`` for a .NET
exception of its own.  Imported with the first method call.
"""

from __future__ import annotations

from typing import Any, Callable

from shell.language.conversions import (
    INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, _integer, convert_to, is_enumerable, to_string,
)
from shell.language.errors import ErrorCategory, ErrorRecord, PipelineStoppedError, PSRuntimeError
from shell.language.noted import NOTED_TYPES, plain
from shell.language.operations import compare_values
from shell.language.psobject import PSObject
from shell.language.scriptblock import ScriptBlock

__all__ = ["MethodError", "Method", "method_table", "call_method", "call_static", "member_error", "no_method",
           "no_overload", "exception_calling", "property_not_found", "python_message", "int_arg", "long_arg",
           "double_arg", "ignore_case", "dotnet_equals", "compare_to", "call_block", "unwrap", "items_of"]

Method = Callable[..., Any]


class MethodError(Exception):
    """Raised by a method implementation; becomes 'Exception calling "X" with "n" argument(s)'."""


def method_table(methods: dict[str, Method]) -> dict[str, tuple[str, Method]]:
    """lower-case name -> (canonical name, function)."""
    return {name.lower(): (name, fn) for name, fn in methods.items()}


# -- errors ---------------------------------------------------------------------------------------

def member_error(message: str, error_id: str, category: str = ErrorCategory.INVALID_OPERATION,
                 exception_type: str = "System.Management.Automation.RuntimeException") -> PSRuntimeError:
    """A terminating error about a member (a RuntimeException unless told)."""
    return PSRuntimeError(ErrorRecord(message, category=category, error_id=error_id,
                                      exception_type=exception_type))


def no_method(type_name: str, name: str) -> PSRuntimeError:
    """``[type] does not contain a method named 'name'``."""
    return member_error(f"Method invocation failed because [{type_name}] does not contain a method named "
                        f"'{name}'.", "MethodNotFound")


def no_overload(name: str, argc: int) -> PSRuntimeError:
    """A call with an argument count the method does not take."""
    return member_error(f'Cannot find an overload for "{name}" and the argument count: "{argc}".',
                        "MethodCountCouldNotFindBest")


def exception_calling(name: str, argc: int, message: str) -> PSRuntimeError:
    """A method that failed: ``Exception calling "name" with "argc" argument(s): "message"``."""
    return member_error(f'Exception calling "{name}" with "{argc}" argument(s): "{message}"',
                        "MethodInvocationException", ErrorCategory.NOT_SPECIFIED,
                        "System.Management.Automation.MethodInvocationException")


def property_not_found(name: str) -> PSRuntimeError:
    """An assignment to a property the object does not have."""
    return member_error(f"The property '{name}' cannot be found on this object. Verify that the property "
                        "exists and can be set.", "PropertyNotFound")


def python_message(exc: BaseException) -> str:
    """The .NET-like message for a Python exception raised inside a method."""
    if isinstance(exc, FileNotFoundError):
        return f"Could not find file '{exc.filename}'."
    if isinstance(exc, PermissionError):
        return f"Access to the path '{exc.filename}' is denied."
    if isinstance(exc, IsADirectoryError):
        return f"Access to the path '{exc.filename}' is denied."
    if isinstance(exc, NotADirectoryError):
        return f"Could not find a part of the path '{exc.filename}'."
    if isinstance(exc, IndexError):
        return "Index was outside the bounds of the array."
    if isinstance(exc, MemoryError):
        return "Exception of type 'System.OutOfMemoryException' was thrown."
    message = getattr(exc, "message", None)
    if isinstance(message, str):
        return message
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: '{exc.filename}'" if exc.filename else exc.strerror
    return str(exc) or type(exc).__name__


# -- calling --------------------------------------------------------------------------------------

def call_method(fn: Method, obj: Any, name: str, args: list[Any]) -> Any:
    """Call a method implementation, turning Python failures into PowerShell's errors."""
    code = getattr(fn, "__code__", None)
    if code is not None:
        positional = code.co_argcount - 1
        required = positional - len(fn.__defaults__ or ())
        if len(args) < required or (len(args) > positional and not code.co_flags & 0x04):
            raise no_overload(name, len(args))
    try:
        return fn(obj, *args)
    except MethodError as exc:
        raise exception_calling(name, len(args), str(exc)) from None
    except PSRuntimeError as exc:
        # Errors already phrased as method errors, and errors from the script blocks of the
        # ForEach/Where intrinsics, pass through; others get wrapped as .NET would.
        if exc.record.error_id in ("MethodInvocationException", "MethodCountCouldNotFindBest",
                                   "MethodNotFound", "InvokeMethodOnNull") or name in ("ForEach", "Where"):
            raise
        raise exception_calling(name, len(args), exc.message) from None
    except PipelineStoppedError:
        raise
    except Exception as exc:  # a Python failure inside a method is the .NET exception's analogue
        raise exception_calling(name, len(args), python_message(exc)) from None


def call_static(fn: Method, name: str, args: list[Any]) -> Any:
    """Call a static method implementation (no instance), with the same error handling."""
    code = getattr(fn, "__code__", None)
    if code is not None:
        positional = code.co_argcount
        required = positional - len(fn.__defaults__ or ())
        if len(args) < required or (len(args) > positional and not code.co_flags & 0x04):
            raise no_overload(name, len(args))
    try:
        return fn(*args)
    except MethodError as exc:
        raise exception_calling(name, len(args), str(exc)) from None
    except PSRuntimeError as exc:
        if exc.record.error_id in ("MethodInvocationException", "MethodCountCouldNotFindBest", "MethodNotFound"):
            raise
        raise exception_calling(name, len(args), exc.message) from None
    except PipelineStoppedError:
        raise
    except Exception as exc:
        raise exception_calling(name, len(args), python_message(exc)) from None


# -- arguments ------------------------------------------------------------------------------------

def int_arg(value: Any) -> int:
    """An Int32 argument (``'3'``, ``3.0`` convert; out of range fails as .NET does)."""
    return value if type(value) is int else _integer(value, "System.Int32", INT32_MIN, INT32_MAX)


def long_arg(value: Any) -> int:
    """An Int64 argument."""
    return value if type(value) is int else _integer(value, "System.Int64", INT64_MIN, INT64_MAX)


def double_arg(value: Any) -> float:
    """A Double argument."""
    return float(convert_to("double", value))


def ignore_case(arg: Any) -> bool:
    """Whether a StringComparison (or ignoreCase bool) argument asks to ignore case."""
    if isinstance(arg, bool):
        return arg
    if isinstance(arg, int):
        return arg in (1, 3, 5)
    return to_string(arg).lower().endswith("ignorecase")


#: the classes of values that carry notes, as a set (one hash probe on Equals's path)
_NOTED = frozenset(NOTED_TYPES)


def dotnet_equals(a: Any, b: Any) -> bool:
    """object.Equals: same kind of value and equal (ordinal for strings).

    A string or number that carries notes (``noted``) is its plain value here,
    as a PSObject around a value is in PowerShell: ``(5).Equals($remote5)``.
    """
    if a is b:
        return True
    ta, tb = type(a), type(b)
    if ta in _NOTED or tb in _NOTED:
        a, b = plain(a), plain(b)
        ta, tb = type(a), type(b)
    if ta in (int, float, str, bool) or tb in (int, float, str, bool):
        return ta is tb and a == b
    if isinstance(a, (list, dict, PSObject)):
        return False
    try:
        return bool(a == b)
    except Exception:
        return False


def compare_to(a: Any, b: Any) -> int:
    """``a.CompareTo(b)``: the ordinal-cased comparison."""
    return compare_values(a, b, True)


def call_block(block: Any, item: Any, args: tuple[Any, ...] = ()) -> Any:
    """Run a script block with ``$_`` = item in the caller's scope; its output list."""
    if isinstance(block, ScriptBlock):
        return block.invoke(*args, dollar_under=item, new_scope=False)
    raise MethodError("Cannot convert the argument to a script block.")


def unwrap(output: Any) -> Any:
    """A script block's output as a method returns it: None, the one value, or the list."""
    if output is None:
        return None
    if isinstance(output, list):
        if not output:
            return None
        if len(output) == 1:
            return output[0]
    return output


def items_of(obj: Any) -> list[Any]:
    """A value as a list of items (None is empty; a scalar is one item)."""
    if obj is None:
        return []
    if type(obj) is list:
        return obj
    if is_enumerable(obj):
        return list(obj)
    return [obj]
