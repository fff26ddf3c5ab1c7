"""Sort-Object: sorts objects by their value or by one or more property keys.

Keys are property names, script blocks or hashtables
(``@{Expression='Name'; Descending=$true}``); values are ordered with
``operations.compare_values`` (PowerShell's ordering: $null first, strings
case-insensitively unless -CaseSensitive). The sort is always stable.
"""

from __future__ import annotations

from functools import cmp_to_key
from typing import Any

from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory

from shell.cmdlets.core.properties import MISSING, PropertySpec, evaluate, parse_specs
from shell.cmdlets.core.validation import validate_range


class SortObject(Cmdlet):
    """Sort-Object (no ``sort`` alias on Linux: that is the native program)."""

    name = "Sort-Object"
    synopsis = "Sorts objects by property values."
    params = (
        Param("InputObject", "object", pipeline=True, help="The objects to sort."),
        Param("Property", "object[]", position=0,
              help="Sort keys: names, script blocks, or @{Expression=...; Descending=$true}."),
        Param("Descending", "switch", help="Sorts from the highest to the lowest."),
        Param("Unique", "switch", help="Removes objects whose keys are equal (case-insensitively)."),
        Param("CaseSensitive", "switch", help="Strings that differ only in case are different."),
        Param("Culture", "string"),
        Param("Stable", "switch", help="Keeps the input order of equal objects (always the case here)."),
        Param("Top", "int", help="Outputs only the first N objects after sorting."),
        Param("Bottom", "int", help="Outputs only the last N objects after sorting."),
    )
    examples = ("Get-Process | Sort-Object CPU -Descending", "'b','a','c' | Sort-Object",
                "$files | Sort-Object @{Expression='Length'; Descending=$true}, Name")

    def begin(self) -> None:
        if self.top is not None and self.bottom is not None:
            self.throw("Parameter set cannot be resolved using the specified named parameters. One or more "
                       "parameters issued cannot be used together or an insufficient number of parameters "
                       "were provided.", category=ErrorCategory.INVALID_ARGUMENT,
                       error_id="AmbiguousParameterSet")
        for pname, value in (("Top", self.top), ("Bottom", self.bottom)):
            if value is not None:
                validate_range(self, pname, value, 1)
        self._specs: list[PropertySpec] = parse_specs(
            self, self.property, allowed=("expression", "ascending", "descending"))
        from shell.language.conversions import truthy  # noqa: PLC0415
        self._desc: list[bool] = []
        for spec in self._specs:
            desc = bool(self.descending)
            if "descending" in spec.options:
                desc = truthy(spec.options["descending"])
            elif "ascending" in spec.options:
                desc = not truthy(spec.options["ascending"])
            self._desc.append(desc)
        self._items: list[Any] = []

    def process(self) -> None:
        if not self.expecting_input and "InputObject" not in self.bound:
            return
        self._items.append(self.input_object)
        if len(self._items) & 4095 == 0:
            self.check_stopping()

    def end(self) -> None:
        items = self._items
        if not items:
            return
        if self._specs:
            keyed = []
            for item in items:
                keys = []
                for spec in self._specs:
                    value = evaluate(self, spec, item)
                    keys.append(None if value is MISSING else value)
                keyed.append((keys, item))
            desc = self._desc
        else:
            keyed = [([item], item) for item in items]
            desc = [bool(self.descending)]
        self.check_stopping()
        ordered = self._sorted(keyed, desc)
        if self.unique:
            ordered = self._dedupe(ordered)
        if self.top is not None:
            ordered = ordered[:self.top]
        elif self.bottom is not None:
            ordered = ordered[-self.bottom:]
        out = self._out
        for _, item in ordered:
            out(item)

    def _sorted(self, keyed: list[tuple[list[Any], Any]], desc: list[bool]) -> list[tuple[list[Any], Any]]:
        if len(desc) == 1 and all(_plain_number(k[0]) for k, _ in keyed):
            # Numbers only: Python's own (stable) ordering is PowerShell's.
            return sorted(keyed, key=lambda pair: pair[0][0], reverse=desc[0])
        from shell.language.operations import compare_values  # noqa: PLC0415
        case = bool(self.case_sensitive)

        def compare(a: tuple[list[Any], Any], b: tuple[list[Any], Any]) -> int:
            for i, flip in enumerate(desc):
                c = compare_values(a[0][i], b[0][i], case)
                if c:
                    return -c if flip else c
            return 0
        return sorted(keyed, key=cmp_to_key(compare))

    def _dedupe(self, ordered: list[tuple[list[Any], Any]]) -> list[tuple[list[Any], Any]]:
        from shell.language.operations import compare_values  # noqa: PLC0415
        case = bool(self.case_sensitive)
        out: list[tuple[list[Any], Any]] = []
        for pair in ordered:
            if out and all(compare_values(x, y, case) == 0 for x, y in zip(out[-1][0], pair[0])):
                continue
            out.append(pair)
        return out


def _plain_number(value: Any) -> bool:
    t = type(value)
    return (t is int or t is float) and value == value  # NaN sorts by compare_values
