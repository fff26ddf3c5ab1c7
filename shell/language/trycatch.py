"""Compiling ``try { } catch [T] { } finally { }``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from shell.language.errors import ErrorRecord, PipelineStoppedError, PSRuntimeError

if TYPE_CHECKING:
    from shell.language.compiler import Compiler

#: What each exception type name also counts as, for ``catch [Base]``.
_BASES = {
    "system.exception": None,  # catches everything
    "system.systemexception": None,
    "system.management.automation.runtimeexception": None,
}


def _short(name: str) -> str:
    name = name.lower()
    return name[7:] if name.startswith("system.") else name


def catches(type_names: tuple[str, ...], record: ErrorRecord) -> bool:
    """Whether a ``catch [T1], [T2]`` clause catches ``record``."""
    if not type_names:
        return True
    actual = _short(record.exception_type or "")
    for name in type_names:
        want = _short(name)
        if want in ("exception", "systemexception", "management.automation.runtimeexception",
                    "runtimeexception") or want == actual or actual.endswith("." + want) \
                or want.endswith("." + actual.rsplit(".", 1)[-1]) and actual.rsplit(".", 1)[-1] == want.rsplit(".", 1)[-1]:
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
            body(out)
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
