"""Parameter binding: command arguments and pipeline input onto a command's declared parameters.

Reads the same declarations as Get-Help and tab completion (``Cmdlet.params``, or a
function's ``param()`` block turned into ``Param`` objects). Named parameters match
case-insensitively by name, alias or unambiguous prefix; the rest bind by position;
mandatory parameters that are still missing are asked for at an interactive host
and refused elsewhere, with PowerShell's messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from shell.language import conversions as C
from shell.language.cmdlet import COMMON_PARAMS, Param
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.scriptblock import ScriptBlock

if TYPE_CHECKING:
    from shell.language.ast import Extent
    from shell.language.runspace import Runspace

#: Marks a ``-Name`` given without a value (the next positional argument may be its value).
NO_VALUE: Any = object()

_NET_NAMES = {
    "object": "System.Object", "string": "System.String", "int": "System.Int32",
    "long": "System.Int64", "double": "System.Double", "bool": "System.Boolean",
    "switch": "System.Management.Automation.SwitchParameter",
    "scriptblock": "System.Management.Automation.ScriptBlock", "datetime": "System.DateTime",
    "timespan": "System.TimeSpan", "hashtable": "System.Collections.Hashtable",
}


def net_type_name(type_spec: str) -> str:
    """``'string[]'`` -> ``'System.String[]'`` (for messages)."""
    array = type_spec.endswith("[]")
    base = type_spec[:-2] if array else type_spec
    name = _NET_NAMES.get(base.lower(), base)
    return name + ("[]" if array else "")


class ParamSet:
    """A command's parameters with lookup by name, alias and prefix (built once per command)."""

    __slots__ = ("params", "by_name", "positional", "pipeline", "by_property", "remaining", "command",
                 "function", "lenient")

    def __init__(self, params: Iterable[Param], command: str, with_common: bool = True, *,
                 function: bool = False, lenient: bool = False) -> None:
        self.command = command
        #: A function's parameters: conversion errors say "argument transformation".
        self.function = function
        #: A simple function (no [CmdletBinding()]): unknown ``-names`` go to ``$args``.
        self.lenient = lenient
        self.params: list[Param] = list(params) + (list(COMMON_PARAMS) if with_common else [])
        self.by_name: dict[str, Param] = {}
        for p in self.params:
            self.by_name.setdefault(p.name.lower(), p)
        for p in self.params:
            for alias in p.aliases:
                self.by_name.setdefault(alias.lower(), p)
        self.positional = sorted((p for p in self.params if p.position is not None),
                                 key=lambda p: p.position)
        self.pipeline = next((p for p in self.params if p.pipeline), None)
        self.by_property = [p for p in self.params if p.by_property_name]
        self.remaining = next((p for p in self.params if p.remaining), None)

    def find(self, name: str, extent: Extent | None) -> Param:
        """The parameter ``-name`` refers to, or a binding error."""
        low = name.lower()
        found = self.by_name.get(low)
        if found is not None:
            return found
        matches = {p.name: p for key, p in self.by_name.items() if key.startswith(low)}
        if len(matches) == 1:
            return next(iter(matches.values()))
        if len(matches) > 1:
            names = " ".join("-" + n for n in sorted(matches))
            raise binding_error(
                f"Parameter cannot be processed because the parameter name '{name}' is ambiguous. "
                f"Possible matches include: {names}.", self.command, extent, "AmbiguousParameter")
        raise binding_error(f"A parameter cannot be found that matches parameter name '{name}'.",
                            self.command, extent, "NamedParameterNotFound")


def binding_error(message: str, command: str, extent: Extent | None, error_id: str) -> PSRuntimeError:
    """A terminating parameter-binding error naming the command."""
    record = ErrorRecord(message, category=ErrorCategory.INVALID_ARGUMENT, error_id=error_id,
                         command=command, extent=extent,
                         exception_type="System.Management.Automation.ParameterBindingException")
    return PSRuntimeError(record)


def convert_argument(param: Param, value: Any, command: str, extent: Extent | None = None,
                     function: bool = False) -> Any:
    """Convert ``value`` to the parameter's declared type, or raise a binding error."""
    if param.mandatory:
        if value is None and not param.allow_null:
            raise binding_error(f"Cannot bind argument to parameter '{param.name}' because it is null.",
                                command, extent, "ParameterArgumentValidationErrorNullNotAllowed")
        if value == "" and type(value) is str and not param.allow_empty and param.type.startswith("string"):
            raise binding_error(f"Cannot bind argument to parameter '{param.name}' because it is an "
                                f"empty string.", command, extent,
                                "ParameterArgumentValidationErrorEmptyStringNotAllowed")
    try:
        return _convert(param, value, command, extent)
    except PSRuntimeError as err:
        if function and err.record.message.startswith(f"Cannot bind parameter '{param.name}'. "):
            inner = err.record.message[len(f"Cannot bind parameter '{param.name}'. "):]
            err.record.message = (f"Cannot process argument transformation on parameter "
                                  f"'{param.name}'. {inner}")
            err.record.error_id = "ParameterArgumentTransformationError"
        raise


class ParamToken(str):
    """A ``-Name`` word that went into ``$args``: splatting ``@args`` passes it on as a parameter name."""

    __slots__ = ()


def _convert(param: Param, value: Any, command: str, extent: Extent | None) -> Any:
    spec = param.type
    if spec == "object":
        return value
    if spec == "switch":
        return C.truthy(value)
    if spec.endswith("[]"):
        base = spec[:-2]
        items = list(value) if isinstance(value, (list, tuple)) else [value]
        if base == "object":
            return items
        return [_convert_one(param, base, item, command, extent) for item in items]
    return _convert_one(param, spec, value, command, extent)


def _convert_one(param: Param, spec: str, value: Any, command: str, extent: Extent | None) -> Any:
    if spec == "scriptblock":
        if isinstance(value, ScriptBlock):
            return value
        raise binding_error(
            f"Cannot bind parameter '{param.name}'. Cannot convert the \"{C.to_string(value)}\" value "
            f"of type \"{_type_of(value)}\" to type \"System.Management.Automation.ScriptBlock\".",
            command, extent, "CannotConvertArgument")
    if spec == "string" and type(value) is str and not param.choices:
        return value
    if spec == "int" and type(value) is int:
        if -2147483648 <= value <= 2147483647:
            return value
        raise binding_error(
            f"Cannot bind parameter '{param.name}'. Cannot convert value \"{value}\" to type "
            f"\"System.Int32\". Error: \"Value was either too large or too small for an Int32.\"",
            command, extent, "CannotConvertArgumentNoMessage")
    if isinstance(value, (list, tuple)) and spec not in ("hashtable",):
        if len(value) == 1:
            value = value[0]
        else:
            raise binding_error(
                f"Cannot convert '{C.to_string(value)}' to the type '{net_type_name(spec)}' required by "
                f"parameter '{param.name}'. Specified method is not supported.",
                command, extent, "CannotConvertArgument")
    try:
        converted = C.convert_to(spec, value)
    except PSRuntimeError as err:
        raise binding_error(f"Cannot bind parameter '{param.name}'. {err.record.message}",
                            command, extent, "CannotConvertArgumentNoMessage") from None
    if param.choices and isinstance(converted, str):
        for choice in param.choices:
            if choice.lower() == converted.lower():
                return choice
        raise binding_error(
            f"Cannot bind parameter '{param.name}'. The argument \"{converted}\" does not belong to the "
            f"set \"{','.join(param.choices)}\". Supply an argument that is in the set and then try "
            f"the command again.", command, extent, "ParameterArgumentValidationError")
    return converted


def _type_of(value: Any) -> str:
    try:
        return C.type_name_of(value)
    except Exception:  # noqa: BLE001 - a message helper must not fail
        return type(value).__name__


def bind_arguments(pset: ParamSet, args: list[tuple[str, Any, Any, Any]], *,
                   expecting_input: bool, runspace: Runspace, extent: Extent | None,
                   command: str | None = None) -> tuple[dict[str, Any], list[Any]]:
    """Bind evaluated arguments. Returns (parameter name -> value, unbound positional values).

    ``args`` items: ``('named', name, value or NO_VALUE, extent)`` or ``('pos', value, None, extent)``.
    Unbound positionals are returned (functions put them in ``$args``); for cmdlets the
    caller reports them. ``command`` names the command in messages (default: the set's).
    """
    command = command or pset.command
    bound: dict[str, Any] = {}
    positionals: list[tuple[Any, Any]] = []
    i = 0
    n = len(args)
    while i < n:
        kind, a, b, arg_extent = args[i]
        i += 1
        if kind == "pos":
            positionals.append((a, arg_extent))
            continue
        if pset.lenient and _unknown(pset, a):
            positionals.append((ParamToken("-" + a + (":" if b is not NO_VALUE else "")), arg_extent))
            if b is not NO_VALUE:
                positionals.append((b, arg_extent))
            continue
        try:
            param = pset.find(a, arg_extent)
        except PSRuntimeError as err:
            err.record.command = command
            raise
        value = b
        if value is NO_VALUE:
            if param.is_switch:
                value = True
            elif i < n and args[i][0] == "pos":
                value = args[i][1]
                i += 1
            else:
                raise binding_error(
                    f"Missing an argument for parameter '{param.name}'. Specify a parameter of type "
                    f"'{net_type_name(param.type)}' and try again.", command, arg_extent,
                    "MissingArgument")
        if param.name in bound:
            raise binding_error(f"Cannot bind parameter because parameter '{param.name}' is specified "
                                f"more than once. To provide multiple values to parameters that can "
                                f"accept multiple values, use the array syntax.", command, arg_extent,
                                "ParameterAlreadyBound")
        if expecting_input and param.by_property_name and type(value) is ScriptBlock \
                and param.type not in ("scriptblock", "object"):
            bound[param.name] = value  # a delay-bind script block: run per input object later
        else:
            bound[param.name] = convert_argument(param, value, command, arg_extent, pset.function)
    leftovers: list[Any] = []
    slots = [p for p in pset.positional if p.name not in bound]
    for value, arg_extent in positionals:
        while slots and slots[0].name in bound:
            slots.pop(0)
        if slots and not slots[0].remaining:
            param = slots.pop(0)
            bound[param.name] = convert_argument(param, value, command, arg_extent, pset.function)
        else:
            leftovers.append(value)
    if leftovers and pset.remaining is not None:
        param = pset.remaining
        existing = bound.get(param.name)
        values = (list(existing) if isinstance(existing, list) else [existing]) if existing is not None else []
        values.extend(leftovers)
        bound[param.name] = convert_argument(param, values if len(values) != 1 or param.type.endswith("[]")
                                             else values[0], command, extent)
        leftovers = []
    _fill_mandatory(pset, bound, expecting_input, runspace, extent, command)
    return bound, leftovers


def _unknown(pset: ParamSet, name: str) -> bool:
    """Whether ``-name`` matches none of the parameters (exactly, by alias or by prefix)."""
    low = name.lower()
    return not any(key.startswith(low) for key in pset.by_name)


def _fill_mandatory(pset: ParamSet, bound: dict[str, Any], expecting_input: bool,
                    runspace: Runspace, extent: Extent | None, command: str) -> None:
    missing = [p for p in pset.params if p.mandatory and p.name not in bound
               and not (expecting_input and (p.pipeline or p.by_property_name))]
    if not missing:
        return
    host = runspace.host
    if getattr(host, "interactive", False):
        host.write(f"\ncmdlet {command} at command pipeline position 1\n"
                   f"Supply values for the following parameters:\n")
        for p in missing:
            try:
                if p.type.endswith("[]"):
                    # As PowerShell: one element per line, Name[0]:, Name[1]:, ... until an empty line.
                    values: list[str] = []
                    while True:
                        text = host.read_line(f"{p.name}[{len(values)}]: ")
                        if not text:
                            break
                        values.append(text)
                    if values:
                        bound[p.name] = convert_argument(p, values, command, extent, pset.function)
                else:
                    text = host.read_line(f"{p.name}: ")
                    bound[p.name] = convert_argument(p, text, command, extent, pset.function)
            except PSRuntimeError:
                raise
            except Exception:  # noqa: BLE001 - no input: fall through to the error below
                break
        missing = [p for p in missing if p.name not in bound]
        if not missing:
            return
    names = " ".join(p.name for p in missing)
    raise binding_error(f"Cannot process command because of one or more missing mandatory "
                        f"parameters: {names}.", command, extent, "MissingMandatoryParameter")
