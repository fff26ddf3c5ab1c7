"""The ``-Property`` argument of the Format-* cmdlets: names, wildcards, script blocks
and calculated properties (``@{Name='..'; Expression={...}; Width=..; Alignment=..;
FormatString=..}``, keys abbreviated as PowerShell allows: ``N``, ``L``, ``E`` ...).
"""

from __future__ import annotations

import fnmatch
from typing import TYPE_CHECKING, Any

from shell.language.errors import ErrorCategory, PSRuntimeError
from shell.language.scriptblock import ScriptBlock

from shell.cmdlets.formatting.values import formatted, get_value, property_names

if TYPE_CHECKING:
    from shell.language.cmdlet import Cmdlet

# Each key of a calculated property, and what it may be abbreviated to (any prefix).
_KEYS = ("name", "label", "expression", "width", "alignment", "formatstring")


class Column:
    """One shown property: its header, how to get its value, and Format-Table's extras."""

    __slots__ = ("name", "source", "width", "alignment", "format_string")

    def __init__(self, name: str, source: Any, width: int | None = None,
                 alignment: str | None = None, format_string: Any = None) -> None:
        self.name = name
        self.source = source            # a property name, or a ScriptBlock
        self.width = width
        self.alignment = alignment      # 'left' / 'right' / None (by value)
        self.format_string = format_string  # a .NET format string, or a view's function

    def value(self, cmdlet: Cmdlet, obj: Any) -> Any:
        """The column's value for ``obj`` (a failing expression shows as empty, as in PowerShell)."""
        if isinstance(self.source, ScriptBlock):
            try:
                result = cmdlet.run_block(self.source, dollar_under=obj)
            except PSRuntimeError:
                return None
            if not result:
                return None
            return result[0] if len(result) == 1 else result
        return get_value(obj, self.source)


def _key(cmdlet: Cmdlet, key: Any) -> str:
    low = str(key).lower()
    found = [k for k in _KEYS if k.startswith(low)] if low else []
    if low in _KEYS:
        return low
    if len(found) == 1:
        return found[0]
    cmdlet.throw(f"The {key} key is not valid.", category=ErrorCategory.INVALID_ARGUMENT,
                 error_id="DictionaryKeyUnknownType")


def _block_name(block: ScriptBlock) -> str:
    text = block.text.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1].strip()
    return text


def _calculated(cmdlet: Cmdlet, table: dict) -> Column:
    spec: dict[str, Any] = {}
    for key, value in table.items():
        spec[_key(cmdlet, key)] = value
    if "expression" not in spec:
        cmdlet.throw("The Expression key is missing from a calculated property.",
                     category=ErrorCategory.INVALID_ARGUMENT, error_id="DictionaryKeyMissing")
    source = spec["expression"]
    if not isinstance(source, ScriptBlock):
        source = str(source)
    name = spec.get("name", spec.get("label"))
    if name is None:
        name = _block_name(source) if isinstance(source, ScriptBlock) else source
    width = spec.get("width")
    align = spec.get("alignment")
    if align is not None:
        align = "right" if str(align).lower() == "right" else "left"
    fmt = spec.get("formatstring")
    return Column(str(name), source, int(width) if width not in (None, "") else None, align,
                  None if fmt is None else str(fmt))


def has_wildcard(name: str) -> bool:
    """True when ``name`` holds a PowerShell wildcard character."""
    return any(ch in name for ch in "*?[")


def wildcard_candidates(obj: Any) -> list[str]:
    """The properties a wildcard matches: the ones a view shows, else every property
    member (a string's Length, a hashtable's Count, Keys ...), as PowerShell's
    ``Format-List *`` shows them."""
    names = property_names(obj)
    if names or obj is None:
        return names
    from shell.language import members  # noqa: PLC0415 - only for objects without a view
    try:
        listed = members.member_names(obj)
    except Exception:  # noqa: BLE001 - an object that cannot list its members has none to match
        return []
    return [name for name, kind in listed if kind.endswith("Property")
            and kind != "ParameterizedProperty"]


def resolve(cmdlet: Cmdlet, specs: list[Any], obj: Any) -> list[Column]:
    """The columns ``specs`` (the -Property argument) give for ``obj``; wildcards are
    matched against ``obj``'s properties, case-insensitively, each property once (a
    wildcard that matches nothing gives no column)."""
    columns: list[Column] = []
    seen: set[str] = set()
    candidates: list[str] | None = None
    for spec in specs:
        if isinstance(spec, dict):
            columns.append(_calculated(cmdlet, spec))
        elif isinstance(spec, ScriptBlock):
            columns.append(Column(_block_name(spec), spec))
        elif spec is not None:
            name = str(spec)
            if has_wildcard(name):
                pattern = name.lower()
                if candidates is None:
                    candidates = wildcard_candidates(obj)
                for prop in candidates:
                    if fnmatch.fnmatchcase(prop.lower(), pattern) and prop.lower() not in seen:
                        seen.add(prop.lower())
                        columns.append(Column(prop, prop))
            elif name.lower() not in seen:
                seen.add(name.lower())
                columns.append(Column(name, name))
    return columns


def format_cell(column: Column, value: Any) -> Any:
    """``value`` with the column's format applied (FormatString, or a view's format
    function), or unchanged."""
    return formatted(column.format_string, value)
