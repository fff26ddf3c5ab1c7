"""Compiling ``try { } catch [T] { } finally { }``, and which errors a ``catch [T]`` catches."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from shell.language.errors import ErrorRecord, PipelineStoppedError, PSRuntimeError

if TYPE_CHECKING:
    from shell.language.compiler import Compiler


def _short(name: str) -> str:
    name = name.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    return name[7:] if name.startswith("system.") else name


_RUNTIME = "management.automation.runtimeexception"


def _record_types(record: ErrorRecord) -> list[str]:
    """What a ``catch [T]`` may match for ``record`` (short lower-case names, most derived first).

    The exception's chain of base classes (``dotnet_exceptions``), then its inner
    exceptions' (PowerShell tries the inner exception of a RuntimeException wrapper:
    ``catch [DivideByZeroException]`` catches ``1/0``).  An error psrepl raised itself
    also counts as a RuntimeException, as PowerShell wraps most runtime errors in one;
    a thrown .NET exception object is only what its type says.
    """
    from shell.language.dotnet_exceptions import exception_chain, thrown_exception
    names: list[str] = []
    current: ErrorRecord | None = record
    while current is not None:
        thrown = thrown_exception(current)
        if thrown is not None:
            names.extend(_short(n) for n in thrown.ps_type_names)
        else:
            names.extend(_short(n) for n in exception_chain(current.exception_type or "System.Exception"))
            names.append(_RUNTIME)
        inner = current.inner
        current = inner.record if isinstance(inner, PSRuntimeError) else None
    return names


def catches(type_names: tuple[str, ...], record: ErrorRecord) -> bool:
    """Whether a ``catch [T1], [T2]`` clause catches ``record``: T is its type or a base type."""
    if not type_names:
        return True
    actual = _record_types(record)
    for name in type_names:
        want = _short(name)
        if want in ("exception", "object"):
            return True
        if want == "runtimeexception":
            want = _RUNTIME
        for have in actual:
            # A name written without its namespace matches on the last part ([IOException]).
            if have == want or "." not in want and have.rsplit(".", 1)[-1] == want:
                return True
    return False


def compile_try(comp: Compiler, node: Any) -> Callable[[Callable[[Any], None]], None]:
    """The try statement: catches terminating errors; ``$_`` is the ErrorRecord in a catch."""
    rs = comp.rs
    body = comp.block(node.body)
    clauses = tuple((tuple(c.type_names or ()), comp.block(c.body)) for c in node.catches or ())
    final = comp.block(node.finally_block) if node.finally_block is not None else None

    def ex_try(out: Callable[[Any], None]) -> None:
        try:
            rs.try_depth += 1   # statement-terminating errors in the body (and what it calls) unwind to us
            try:
                body(out)
            finally:
                rs.try_depth -= 1
        except PSRuntimeError as err:
            record = err.record
            for type_names, handler in clauses:
                if catches(type_names, record):
                    saved = rs.scope.vars.get("_", _MISSING)
                    rs.scope.set_local("_", record)
                    try:
                        handler(out)
                    finally:
                        if saved is _MISSING:
                            rs.scope.vars.pop("_", None)
                        else:
                            rs.scope.vars["_"] = saved
                    return
            raise
        except PipelineStoppedError:
            raise
        finally:
            if final is not None:
                final(out)
    return ex_try


_MISSING = object()
