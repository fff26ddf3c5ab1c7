"""Measure-Object: counts, sums, averages, extremes and text statistics.

Numeric results are GenericMeasureInfo objects (Count, Average, Sum, Maximum,
Minimum, StandardDeviation, Property), shown as a list; only the statistics that
were asked for have values, the others are $null. -Line/-Word/-Character give
TextMeasureInfo objects (Lines, Words, Characters, Property), shown as a table.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

from shell.language.dotnet_primitives import is_decimal
from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory
from shell.language.psobject import PSLive

from shell.cmdlets.core.properties import MISSING, PropertySpec, evaluate, parse_specs


class GenericMeasureInfo(PSLive):
    """The numeric results of Measure-Object."""

    ps_type_names: ClassVar[tuple[str, ...]] = ("Microsoft.PowerShell.Commands.GenericMeasureInfo",
                                                "Microsoft.PowerShell.Commands.MeasureInfo", "System.Object")
    ps_properties = ("Count", "Average", "Sum", "Maximum", "Minimum", "StandardDeviation", "Property")
    ps_view = "list"

    # Class-level defaults: PSLive finds PowerShell properties on the class.
    Count: int = 0
    Average: float | None = None
    Sum: float | None = None
    Maximum: Any = None
    Minimum: Any = None
    StandardDeviation: float | None = None
    Property: str | None = None

    def __init__(self) -> None:
        self.Count = 0
        self.Average: float | None = None
        self.Sum: float | None = None
        self.Maximum: Any = None
        self.Minimum: Any = None
        self.StandardDeviation: float | None = None
        self.Property: str | None = None

    def __str__(self) -> str:
        return self.ps_type_names[0]


class GenericObjectMeasureInfo(GenericMeasureInfo):
    """Measure-Object -Maximum/-Minimum over values that are not numbers (strings, dates)."""

    ps_type_names = ("Microsoft.PowerShell.Commands.GenericObjectMeasureInfo",
                     "Microsoft.PowerShell.Commands.MeasureInfo", "System.Object")


class TextMeasureInfo(PSLive):
    """The text results of Measure-Object -Line -Word -Character."""

    ps_type_names = ("Microsoft.PowerShell.Commands.TextMeasureInfo",
                     "Microsoft.PowerShell.Commands.MeasureInfo", "System.Object")
    ps_properties = ("Lines", "Words", "Characters", "Property")
    ps_table: ClassVar[tuple[str, ...] | None] = ("Lines", "Words", "Characters", "Property")

    Lines: int | None = None
    Words: int | None = None
    Characters: int | None = None
    Property: str | None = None

    def __init__(self) -> None:
        self.Lines: int | None = None
        self.Words: int | None = None
        self.Characters: int | None = None
        self.Property: str | None = None

    def __str__(self) -> str:
        return self.ps_type_names[0]


class _Stats:
    """Running statistics for one property (or the objects themselves)."""

    __slots__ = ("count", "total", "squares", "numbers", "low", "high", "all_numeric", "found",
                 "lines", "words", "chars")

    def __init__(self) -> None:
        self.count = 0
        self.total = 0.0
        self.squares = 0.0
        self.numbers: int = 0
        self.low: Any = None
        self.high: Any = None
        self.all_numeric = True
        self.found = False
        self.lines = 0
        self.words = 0
        self.chars = 0


def _number(value: Any) -> float | None:
    """``value`` as a double, or None when it is not numeric."""
    t = type(value)
    if t is int or t is float:
        return float(value)
    if t is bool:
        return float(value)
    if isinstance(value, str):
        from shell.language.conversions import parse_number  # noqa: PLC0415
        parsed = parse_number(value) if value.strip() else None
        return None if parsed is None else float(parsed)
    if isinstance(value, (int, float)):
        return float(value)
    if is_decimal(value):
        return float(value)
    return None


class MeasureObject(Cmdlet):
    """Measure-Object (alias ``measure``)."""

    name = "Measure-Object"
    aliases = ("measure",)
    synopsis = "Calculates the numeric properties of objects, and the characters, words, and lines in strings."
    params = (
        Param("InputObject", "object", pipeline=True, help="The objects to measure."),
        Param("Property", "object[]", position=0, help="Properties (or script blocks) to measure."),
        Param("Sum", "switch"), Param("Average", "switch"), Param("Maximum", "switch"),
        Param("Minimum", "switch"), Param("StandardDeviation", "switch"),
        Param("AllStats", "switch", help="All of -Sum -Average -Maximum -Minimum -StandardDeviation."),
        Param("Line", "switch"), Param("Word", "switch"), Param("Character", "switch"),
        Param("IgnoreWhiteSpace", "switch", help="With -Character, whitespace is not counted."),
    )
    examples = ("1..10 | Measure-Object -Sum -Average", "Get-ChildItem | measure Length -Sum -Maximum",
                "Get-Content notes.txt | measure -Line -Word -Character")

    def begin(self) -> None:
        if self.all_stats:
            self.sum = self.average = self.maximum = self.minimum = self.standard_deviation = True
        self._text = bool(self.line or self.word or self.character)
        if self._text and (self.sum or self.average or self.maximum or self.minimum or self.standard_deviation):
            self.throw("Parameter set cannot be resolved using the specified named parameters. One or more "
                       "parameters issued cannot be used together or an insufficient number of parameters "
                       "were provided.", category=ErrorCategory.INVALID_ARGUMENT,
                       error_id="AmbiguousParameterSet")
        self._specs: list[PropertySpec] = parse_specs(self, self.property, allowed=("expression",))
        self._stats: list[_Stats] = [_Stats() for _ in (self._specs or [None])]
        self._need_number = bool(self.sum or self.average or self.standard_deviation)
        self._extremes_wanted = bool(self.maximum or self.minimum)
        self._no_input = not self.expecting_input and "InputObject" not in self.bound
        # The hot path of `... | Measure-Object -Sum`: plain numbers, no property, no text.
        self._fast = not self._specs and not self._text

    def process(self) -> None:
        item = self.input_object
        if self._fast:
            t = type(item)
            if t is int or t is float:
                stats = self._stats[0]
                if stats.all_numeric:
                    value = float(item)
                    stats.count += 1
                    stats.total += value
                    stats.squares += value * value
                    stats.numbers += 1
                    if self._extremes_wanted:
                        if stats.low is None or value < stats.low:
                            stats.low = value
                        if stats.high is None or value > stats.high:
                            stats.high = value
                    return
        if self._no_input or item is None:
            return
        if not self._specs:
            self._add(self._stats[0], item, None)
            return
        for spec, stats in zip(self._specs, self._stats):
            value = evaluate(self, spec, item)
            if value is MISSING:
                continue
            stats.found = True
            if value is None:
                continue
            self._add(stats, value, spec)

    def _add(self, stats: _Stats, value: Any, spec: PropertySpec | None) -> None:
        stats.count += 1
        if self._text:
            self._add_text(stats, value)
            return
        if not (self._need_number or self.maximum or self.minimum):
            return
        number = _number(value)
        if number is None:
            if self._need_number:
                from shell.language.conversions import to_string  # noqa: PLC0415
                if spec is None:
                    self.write_error(f"Input object \"{to_string(value)}\" is not numeric.",
                                     category=ErrorCategory.INVALID_TYPE, error_id="NonNumericInputObject",
                                     target=value)
                else:
                    self.write_error(f"Property \"{_spec_name(spec)}\" is not numeric.",
                                     category=ErrorCategory.INVALID_TYPE, error_id="NonNumericProperty",
                                     target=value)
                stats.count -= 1
                return
            stats.all_numeric = False
        else:
            stats.total += number
            stats.squares += number * number
            stats.numbers += 1
        if self.maximum or self.minimum:
            self._extremes(stats, value, number)

    def _extremes(self, stats: _Stats, value: Any, number: float | None) -> None:
        from shell.language.operations import compare_values  # noqa: PLC0415
        candidate = number if number is not None else value
        if stats.low is None or compare_values(candidate, stats.low) < 0:
            stats.low = candidate
        if stats.high is None or compare_values(candidate, stats.high) > 0:
            stats.high = candidate

    def _add_text(self, stats: _Stats, value: Any) -> None:
        from shell.language.conversions import to_string  # noqa: PLC0415
        text = value if isinstance(value, str) else to_string(value)
        if self.line:
            stats.lines += text.count("\n") + (1 if text and not text.endswith("\n") else 0)
        if self.word:
            stats.words += len(text.split())
        if self.character:
            if self.ignore_white_space:
                stats.chars += sum(1 for ch in text if not ch.isspace())
            else:
                stats.chars += len(text)

    def end(self) -> None:
        names = [_spec_name(s) for s in self._specs] or [None]
        for spec_name, stats in zip(names, self._stats):
            if spec_name is not None and not stats.found:
                self.write_error(f"The property \"{spec_name}\" cannot be found in the input for any objects.",
                                 category=ErrorCategory.INVALID_ARGUMENT,
                                 error_id="GenericMeasurePropertyNotFound")
                continue
            self._out(self._text_result(stats, spec_name) if self._text else self._result(stats, spec_name))

    def _result(self, stats: _Stats, prop: str | None) -> GenericMeasureInfo:
        numeric = stats.all_numeric
        info = GenericMeasureInfo() if numeric else GenericObjectMeasureInfo()
        info.Count = stats.count
        info.Property = prop
        n = stats.numbers
        if self.sum:
            info.Sum = stats.total
        if self.average:
            info.Average = stats.total / n if n else None
        if self.standard_deviation:
            if n > 1:
                variance = (stats.squares - stats.total * stats.total / n) / (n - 1)
                info.StandardDeviation = math.sqrt(max(variance, 0.0))
            else:
                info.StandardDeviation = 0.0 if n == 1 else None
        if self.maximum:
            info.Maximum = stats.high
        if self.minimum:
            info.Minimum = stats.low
        return info

    def _text_result(self, stats: _Stats, prop: str | None) -> TextMeasureInfo:
        info = TextMeasureInfo()
        info.Property = prop
        if self.line:
            info.Lines = stats.lines
        if self.word:
            info.Words = stats.words
        if self.character:
            info.Characters = stats.chars
        return info


def _spec_name(spec: PropertySpec) -> str:
    from shell.cmdlets.core.properties import block_name  # noqa: PLC0415
    if spec.name is not None:
        return spec.name
    if isinstance(spec.source, str):
        return spec.source
    return block_name(spec.source)
