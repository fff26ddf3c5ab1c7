"""Select-Object: chooses objects (-First/-Last/-Skip/-Index/-Unique) and properties.

With ``-Property`` each object becomes a new property bag whose type names are
``Selected.<original type>``, PSCustomObject, Object, as in PowerShell. ``-First N``
(without ``-Wait``) raises ``StopUpstream`` once N objects were taken: the pipeline
processor stops the commands upstream, so ``1..1e9 | select -First 3`` returns at
once, then finishes this command and the ones after it.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError, StopUpstream
from shell.language.noted import NOTED_TYPES, plain
from shell.language.psobject import PSCUSTOMOBJECT, PSObject

from shell.cmdlets.core.properties import (MISSING, PropertySpec, get_value, has_wildcard, parse_specs,
                                           property_names, type_name, wildcard_match)
from shell.cmdlets.core.validation import validate_range

_PARAMETER_SET_ERROR = ("Parameter set cannot be resolved using the specified named parameters. One or more "
                        "parameters issued cannot be used together or an insufficient number of parameters "
                        "were provided.")


class SelectObject(Cmdlet):
    """Select-Object: selects objects or object properties."""

    name = "Select-Object"
    aliases = ("select",)
    synopsis = "Selects objects or object properties."
    params = (
        Param("InputObject", "object", pipeline=True, help="The objects to select from."),
        Param("Property", "object[]", position=0,
              help="Properties to keep: names, wildcards, or @{Name=...; Expression=...}."),
        Param("ExcludeProperty", "string[]", help="Properties to leave out (wildcards allowed)."),
        Param("ExpandProperty", "string", help="Outputs the values of this property instead."),
        Param("Unique", "switch", help="Outputs each distinct object once."),
        Param("CaseInsensitive", "switch", help="With -Unique, compares strings ignoring case."),
        Param("First", "int", help="Outputs the first N objects (and stops the commands before it)."),
        Param("Last", "int", help="Outputs the last N objects."),
        Param("Skip", "int", help="Skips N objects (from the end with -Last)."),
        Param("SkipLast", "int", help="Skips the last N objects."),
        Param("Wait", "switch", help="With -First, lets the commands before it run to the end."),
        Param("Index", "int[]", help="Outputs the objects at these positions (0-based)."),
        Param("SkipIndex", "int[]", help="Outputs all objects except those at these positions."),
    )
    examples = ("Get-Process | Select-Object Name, Id -First 5",
                "1..1e9 | select -First 3",
                "Get-ChildItem | select Name, @{Name='KB'; Expression={$_.Length / 1KB}}",
                "$data | select -ExpandProperty Name -Unique")

    def begin(self) -> None:
        for pname in ("First", "Last", "Skip", "SkipLast"):
            value = getattr(self, _ATTRS[pname])
            if value is not None:
                validate_range(self, pname, value, 0)
        if (self.skip_last is not None and (self.first is not None or self.last is not None)) or \
                ((self.index is not None or self.skip_index is not None)
                 and (self.first is not None or self.last is not None or self.skip is not None
                      or self.skip_last is not None)) or \
                (self.index is not None and self.skip_index is not None):
            self.throw(_PARAMETER_SET_ERROR, category=ErrorCategory.INVALID_ARGUMENT,
                       error_id="AmbiguousParameterSet")
        self._specs: list[PropertySpec] = parse_specs(self, self.property)
        self._exclude = [str(p) for p in (self.exclude_property or ())]
        if not self._specs and self._exclude and self.expand_property is None:
            self._specs = [PropertySpec(None, "*", wildcard=True)]
        self._project = bool(self._specs) or self.expand_property is not None
        self._count = 0                       # input objects seen (for -Index)
        self._taken = 0                       # objects output by -First
        self._skipped = 0
        self._first = self.first
        self._stream_skip = (self.skip or 0) if self.last is None else 0
        self._tail: deque[Any] | None = None
        if self.last is not None:
            # The binder may hand over any integer; a deque's bound must fit a C ssize_t.
            self._tail = deque(maxlen=min(self.last + (self.skip or 0), _MAX_TAIL))
        self._hold: deque[Any] | None = deque() if self.skip_last else None
        self._index = set(self.index) if self.index is not None else None
        self._max_index = max(self._index) if self._index else -1
        self._skip_index = set(self.skip_index) if self.skip_index is not None else None
        self._seen: set[Any] = set()
        self._seen_list: list[Any] = []

    # ----------------------------------------------------------- input
    def process(self) -> None:
        if not self.expecting_input and "InputObject" not in self.bound:
            return
        item = self.input_object
        if item is None:
            return  # PowerShell's Select-Object ignores $null input
        if self._index is not None:
            position = self._count
            self._count += 1
            if position in self._index:
                self._emit_item(item)
            if position >= self._max_index and not self.wait:
                raise StopUpstream(self)
            return
        if self._skip_index is not None:
            position = self._count
            self._count += 1
            if position not in self._skip_index:
                self._emit_item(item)
            return
        if self._stream_skip and self._skipped < self._stream_skip:
            self._skipped += 1
            return
        first = self._first
        if first is not None and self._taken < first:
            self._taken += 1
            self._emit_item(item)
            if self._taken >= first and self._tail is None and not self.wait:
                raise StopUpstream(self)
            return
        if first is not None and self._tail is None:
            if not self.wait:
                raise StopUpstream(self)  # -First 0
            return
        if self._tail is not None:
            self._tail.append(item)
            return
        if self._hold is not None:
            self._hold.append(item)
            if len(self._hold) > (self.skip_last or 0):
                self._emit_item(self._hold.popleft())
            return
        self._emit_item(item)

    def end(self) -> None:
        if self._tail is not None:
            items = list(self._tail)
            skip = self.skip or 0
            if skip:
                items = items[:max(len(items) - skip, 0)]
            last = self.last or 0
            items = items[-last:] if last else []
            for item in items:
                self._emit_item(item)
            self._tail = None

    # ----------------------------------------------------------- output
    def _emit_item(self, item: Any) -> None:
        if not self._project:
            self._unique_out(item)
            return
        if self.expand_property is not None:
            self._expand(item)
            return
        self._unique_out(self._select(item))

    def _select(self, item: Any) -> PSObject:
        """A new property bag with the selected properties of ``item``."""
        props: dict[str, Any] = {}
        lower: dict[str, str] = {}
        for spec in self._specs:
            try:
                pairs = spec.pairs(self, item)
            except PSRuntimeError as err:
                self.write_error(err.record)
                pairs = [(spec.name or str(spec.source), None)]
            for name, value in pairs:
                if self._excluded(name):
                    continue
                low = name.lower()
                if low in lower:
                    if not spec.wildcard:
                        self.write_error(ErrorRecord(
                            f"The property cannot be processed because the property \"{name}\" already exists.",
                            category=ErrorCategory.INVALID_OPERATION,
                            error_id="AlreadyExistingUserSpecifiedPropertyNoExpand", target=item,
                            exception_type="System.Management.Automation.PSArgumentException"))
                    continue
                lower[low] = name
                props[name] = value
        return PSObject(props, type_names=[_selected_type(item), PSCUSTOMOBJECT, "System.Object"])

    def _excluded(self, name: str) -> bool:
        for pattern in self._exclude:
            if wildcard_match(pattern, name) if has_wildcard(pattern) else pattern.lower() == name.lower():
                return True
        return False

    def _expand(self, item: Any) -> None:
        """-ExpandProperty: write the property's value (enumerated), with -Property added to it."""
        name = str(self.expand_property)
        if has_wildcard(name):
            matches = [p for p in property_names(item) if wildcard_match(name, p)]
            if len(matches) > 1:
                self.write_error(ErrorRecord("Multiple properties cannot be expanded.",
                                             category=ErrorCategory.INVALID_ARGUMENT,
                                             error_id="MutlipleExpandProperties", target=item))
                return
            value = get_value(item, matches[0]) if matches else MISSING
        else:
            value = get_value(item, name)
        if value is MISSING:
            self.write_error(ErrorRecord(f"Property \"{name}\" cannot be found.",
                                         category=ErrorCategory.INVALID_ARGUMENT,
                                         error_id="ExpandPropertyNotFound", target=item,
                                         exception_type="System.Management.Automation.PSArgumentException"))
            return
        values = value if isinstance(value, (list, tuple)) else [value]
        extra: list[tuple[str, Any]] = []
        for spec in self._specs:
            extra.extend(pair for pair in spec.pairs(self, item) if not self._excluded(pair[0]))
        for element in values:
            if extra and isinstance(element, PSObject):
                for prop, prop_value in extra:
                    if element.has(prop):
                        self.write_error(ErrorRecord(
                            f"The property cannot be processed because the property \"{prop}\" already exists.",
                            category=ErrorCategory.INVALID_OPERATION,
                            error_id="AlreadyExistingUserSpecifiedPropertyExpand", target=item))
                        continue
                    element.set(prop, prop_value)
            self._unique_out(element)

    def _unique_out(self, obj: Any) -> None:
        if self.unique:
            key = _unique_key(obj, not self.case_insensitive)
            try:
                if key in self._seen:
                    return
                self._seen.add(key)
            except TypeError:
                if key in self._seen_list:
                    return
                self._seen_list.append(key)
        self._out(obj)


_ATTRS = {"First": "first", "Last": "last", "Skip": "skip", "SkipLast": "skip_last"}
#: More than any pipeline can hold: -Last beyond it keeps everything.
_MAX_TAIL = 2 ** 62


def _selected_type(item: Any) -> str:
    name = type_name(item)
    if name.startswith("Selected."):
        name = PSCUSTOMOBJECT
    return "Selected." + name


def _unique_key(obj: Any, case_sensitive: bool) -> Any:
    """A hashable stand-in for ``obj`` under Select-Object -Unique's notion of equality."""
    if obj is None:
        return None
    t = type(obj)
    if t is str:
        return obj if case_sensitive else ("s", obj.lower())
    if t is bool:
        return ("b", obj)
    if t is int or t is float:
        return obj
    if t in NOTED_TYPES:
        # A string or number that carries notes (an Invoke-Command result) is the value.
        return _unique_key(plain(obj), case_sensitive)
    if isinstance(obj, PSObject):
        return ("o", tuple((k.lower(), _unique_key(v, case_sensitive)) for k, v in obj.items()))
    if isinstance(obj, (list, tuple)):
        return ("l", tuple(_unique_key(v, case_sensitive) for v in obj))
    if isinstance(obj, dict):
        return ("h", id(obj))
    from shell.language.conversions import to_string  # noqa: PLC0415
    try:
        hash(obj)
        return ("v", obj)
    except TypeError:
        return ("t", type_name(obj), to_string(obj))
