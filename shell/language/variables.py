"""Compiling variable reads and writes: ``$x``, ``$global:x``, ``$env:PATH``, ``$using:x``, ``$_``."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Callable

from shell.language.errors import ErrorCategory, PSRuntimeError
from shell.language.runspace import NOTHING

if TYPE_CHECKING:
    from shell.language.compiler import Compiler

#: Variables that cannot be assigned.
_READ_ONLY = {"true", "false", "null", "?", "pid", "home", "host", "error"}


def _key(name: str) -> str:
    key = name.lower()
    return "_" if key == "psitem" else key


def compile_variable(comp: Compiler, node: Any) -> Callable[[], Any]:
    """A variable read."""
    rs = comp.rs
    key = _key(node.name)
    scope = node.scope
    if scope is None or scope in ("local", "private", "variable"):
        if key == "true":
            return lambda: True
        if key == "false":
            return lambda: False
        if key == "null":
            return lambda: None
        automatic = rs._automatic

        def ev_var() -> Any:
            s = rs.scope
            while s is not None:
                value = s.vars.get(key, NOTHING)
                if value is not NOTHING:
                    return value
                s = s.parent
            value = automatic(key)
            return None if value is NOTHING else value
        return ev_var
    if scope == "env":
        name = node.name
        return lambda: os.environ.get(name)
    if scope == "global":
        return lambda: _get_in(rs.global_scope, key)
    if scope == "script":
        return lambda: _get_in(rs.script_scope, key)
    if scope == "using":
        def ev_using() -> Any:
            values = getattr(rs, "using_values", None)
            if values is None:
                raise PSRuntimeError(
                    "A Using variable cannot be retrieved. A Using variable can be used only with "
                    "Invoke-Command, Start-Job, or InlineScript in the script workflow. When it is "
                    "used with Invoke-Command, the Using variable is valid only if the script block "
                    "is invoked on a remote computer.", category=ErrorCategory.INVALID_OPERATION,
                    error_id="UsingWithoutInvokeCommand")
            if key in values:
                return values[key]
            return rs.get_variable(key)
        return ev_using
    if scope == "function":
        def ev_function() -> Any:
            info = rs.get_function(key)
            return info.scriptblock if info is not None else None
        return ev_function
    raise PSRuntimeError(f"Cannot find a provider with the name '{scope}'.",
                         category=ErrorCategory.OBJECT_NOT_FOUND)


def _get_in(scope: Any, key: str) -> Any:
    value = scope.vars.get(key, NOTHING)
    return None if value is NOTHING else value


def _discard(value: Any) -> None:
    return None


def compile_variable_setter(comp: Compiler, node: Any) -> Callable[[Any], None]:
    """A variable write (assignment always targets the current scope unless one is named)."""
    rs = comp.rs
    name = node.name
    key = _key(name)
    scope = node.scope
    if key == "null" and scope is None:
        return _discard  # `$null = expr` throws the value away, as in PowerShell
    if key in _READ_ONLY and scope in (None, "global", "script", "local"):
        def refuse(value: Any) -> None:
            raise PSRuntimeError(f"Cannot overwrite variable {name} because it is read-only or constant.",
                                 category=ErrorCategory.INVALID_OPERATION, error_id="VariableNotWritable")
        return refuse
    if scope == "env":
        def set_env(value: Any) -> None:
            from shell.language.conversions import to_string  # noqa: PLC0415
            if value is None or value == "":
                os.environ.pop(name, None)
            else:
                os.environ[name] = to_string(value)
        return set_env
    if scope in ("global", "script"):
        def set_scoped(value: Any) -> None:
            target = rs.global_scope if scope == "global" else rs.script_scope
            target.set_local(name, value)
        return set_scoped
    if scope == "using":
        def refuse_using(value: Any) -> None:
            raise PSRuntimeError("The Using variable cannot be assigned.",
                                 category=ErrorCategory.INVALID_OPERATION)
        return refuse_using

    def set_var(value: Any) -> None:
        s = rs.scope
        if s.options and key in s.options:
            raise PSRuntimeError(f"Cannot overwrite variable {name} because it is read-only or constant.",
                                 category=ErrorCategory.WRITE_ERROR, error_id="VariableNotWritable")
        if key not in s.names:
            s.names[key] = name
        s.vars[key] = value
    return set_var
