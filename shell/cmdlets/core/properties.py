"""Reading properties of pipeline objects, and PowerShell's property specifications.

Select-Object, Sort-Object, Group-Object and Measure-Object all take ``-Property``
values that are one of: a property name (wildcards allowed where PowerShell allows
them), a script block run with ``$_`` set to the object, or a calculated-property
hashtable such as ``@{Name='KB'; Expression={$_.Length / 1KB}}``. ``parse_specs``
turns those values into ``PropertySpec`` objects, validating hashtable keys with
PowerShell's messages; ``get_value`` reads one property of any object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shell.language.errors import ErrorCategory, PSRuntimeError
from shell.language.psobject import PSLive, PSObject
from shell.language.scriptblock import ScriptBlock

if TYPE_CHECKING:
    from shell.language.cmdlet import Cmdlet

#: Returned by ``get_value`` when the object has no such property.
MISSING: Any = object()

_WILDCARD_CHARS = frozenset("*?[")


def has_wildcard(text: str) -> bool:
    """Whether ``text`` contains PowerShell wildcard characters."""
    return any(ch in _WILDCARD_CHARS for ch in text)


def wildcard_match(pattern: str, name: str) -> bool:
    """Case-insensitive wildcard match of a whole name (``*``, ``?``, ``[a-z]``)."""
    from fnmatch import fnmatchcase  # noqa: PLC0415 (only when a wildcard is used)
    return fnmatchcase(name.lower(), pattern.lower())


def type_name(obj: Any) -> str:
    """The most derived type name of a pipeline object (``System.String``, ``Selected.X`` ...)."""
    if isinstance(obj, PSObject):
        return obj.type_names[0] if obj.type_names else "System.Management.Automation.PSCustomObject"
    if isinstance(obj, PSLive):
        return obj.ps_type_names[0] if obj.ps_type_names else "System.Object"
    from shell.language.conversions import type_name_of  # noqa: PLC0415
    return type_name_of(obj)


def property_names(obj: Any) -> list[str]:
    """The ordered property names of ``obj`` (what ``select *`` expands to).

    The formatter's list when there is one; otherwise every property member
    (a string's Length, a hashtable's Count/Keys/Values ...), as PowerShell's
    ``select *`` shows them.
    """
    if isinstance(obj, PSObject):
        return obj.names()
    from shell.language import members  # noqa: PLC0415
    names = list(members.property_names(obj))
    if names or obj is None:
        return names
    return [name for name, kind in members.member_names(obj) if "propert" in kind.lower()]


def get_value(obj: Any, name: str) -> Any:
    """The value of property ``name`` (any case) of ``obj``, or MISSING.

    A hashtable's keys count as properties (as ``$h.Key`` does in the language).
    """
    if type(obj) is PSObject:
        return obj.get(name, MISSING)
    if obj is None:
        return MISSING
    if isinstance(obj, dict):
        getter = getattr(obj, "real_key", None)
        if getter is not None:
            real = getter(name)
            if real is not None and real in obj:
                return obj[real]
        elif name in obj:
            return obj[name]
    if isinstance(obj, PSObject):
        return obj.get(name, MISSING)
    from shell.language import members  # noqa: PLC0415
    value = members.get_member(obj, name)
    if value is not None:
        return value
    # $null: a property that holds $null, or no such property at all?
    low = name.lower()
    for member, kind in members.member_names(obj):
        if member.lower() == low and "method" not in kind.lower():
            return None
    return MISSING


def block_value(cmdlet: Cmdlet, block: ScriptBlock, obj: Any) -> Any:
    """Run ``block`` with ``$_`` = ``obj``: no output is $null, one item is itself, more a list."""
    result = cmdlet.run_block(block, dollar_under=obj)
    if not result:
        return None
    if len(result) == 1:
        return result[0]
    return result


def block_name(block: ScriptBlock) -> str:
    """The name PowerShell gives a script-block property: its text without the braces."""
    text = block.text
    if text.startswith("{") and text.endswith("}"):
        return text[1:-1]
    return text


class PropertySpec:
    """One ``-Property`` value: a name (maybe a wildcard), a script block or a hashtable.

    ``name``: the output name (None for a plain wildcard name, resolved per object);
    ``source``: the property name or the ScriptBlock that computes the value;
    ``options``: other keys of a hashtable (``descending``/``ascending`` for Sort-Object).
    """

    __slots__ = ("name", "source", "wildcard", "options")

    def __init__(self, name: str | None, source: str | ScriptBlock, wildcard: bool = False,
                 options: dict[str, Any] | None = None) -> None:
        self.name = name
        self.source = source
        self.wildcard = wildcard
        self.options = options or {}

    def value(self, cmdlet: Cmdlet, obj: Any) -> Any:
        """The value for ``obj`` (MISSING when a named property does not exist)."""
        source = self.source
        if isinstance(source, ScriptBlock):
            return block_value(cmdlet, source, obj)
        if self.wildcard:
            for prop in property_names(obj):
                if wildcard_match(source, prop):
                    return get_value(obj, prop)
            return MISSING
        return get_value(obj, source)

    def pairs(self, cmdlet: Cmdlet, obj: Any) -> list[tuple[str, Any]]:
        """(name, value) pairs for Select-Object: a wildcard expands to every matching property."""
        source = self.source
        if isinstance(source, ScriptBlock):
            return [(self.name or block_name(source), block_value(cmdlet, source, obj))]
        if self.wildcard:
            out = []
            for prop in property_names(obj):
                if wildcard_match(source, prop):
                    value = get_value(obj, prop)
                    out.append((prop, None if value is MISSING else value))
            return out
        value = get_value(obj, source)
        name = self.name
        if name is None:
            # A plain name takes the spelling the object uses, as PowerShell shows it.
            name = _real_name(obj, source)
        return [(name, None if value is MISSING else value)]

    def __repr__(self) -> str:
        return f"PropertySpec({self.name!r}, {self.source!r})"


def _real_name(obj: Any, name: str) -> str:
    if isinstance(obj, PSObject):
        key = obj._key(name)
        return key if key is not None else name
    return name


def _key_error(cmdlet: Cmdlet, message: str, error_id: str) -> None:
    cmdlet.throw(message, category=ErrorCategory.INVALID_ARGUMENT, error_id=error_id)


def _match_key(key: str, allowed: tuple[str, ...]) -> str | None:
    """The allowed key that ``key`` abbreviates (PowerShell accepts any prefix: n, na, nam, name)."""
    low = key.lower()
    found = [k for k in allowed if k.startswith(low)] if low else []
    if len(found) == 1:
        return found[0]
    if low in allowed:
        return low
    return None


def parse_specs(cmdlet: Cmdlet, values: Any, allowed: tuple[str, ...] = ("name", "label", "expression"),
                allow_wildcards: bool = True) -> list[PropertySpec]:
    """Turn ``-Property`` values into PropertySpecs; bad hashtables raise PowerShell's errors.

    ``allowed`` are the hashtable keys the command accepts (lower case), e.g.
    ``('expression', 'ascending', 'descending')`` for Sort-Object.
    """
    if values is None:
        return []
    if not isinstance(values, (list, tuple)):
        values = [values]
    specs: list[PropertySpec] = []
    for value in values:
        if isinstance(value, PSObject) and not value.has("Expression") and value.string_form is not None:
            value = str(value)
        if isinstance(value, ScriptBlock):
            specs.append(PropertySpec(None, value))
        elif isinstance(value, dict):
            specs.append(_from_hashtable(cmdlet, value, allowed))
        elif value is None:
            cmdlet.throw("The value of a parameter was null; one of the following types was expected: "
                         "{System.String, System.Management.Automation.ScriptBlock}.",
                         category=ErrorCategory.INVALID_ARGUMENT, error_id="DictionaryKeyNullError")
        else:
            from shell.language.conversions import to_string  # noqa: PLC0415
            text = to_string(value)
            wild = allow_wildcards and has_wildcard(text)
            specs.append(PropertySpec(None, text, wildcard=wild))
    return specs


def _from_hashtable(cmdlet: Cmdlet, table: dict[Any, Any], allowed: tuple[str, ...]) -> PropertySpec:
    """A calculated property: ``@{Name='X'; Expression={...}}`` (keys may be abbreviated)."""
    from shell.language.conversions import to_string  # noqa: PLC0415
    seen: dict[str, str] = {}
    name: str | None = None
    source: Any = None
    options: dict[str, Any] = {}
    for raw_key, value in table.items():
        if not isinstance(raw_key, str):
            _key_error(cmdlet, f"The {to_string(raw_key)} key type is not valid. The key must be a string.",
                       "DictionaryKeyNonStringError")
        key = _match_key(raw_key, allowed)
        if key is None:
            _key_error(cmdlet, f"The {raw_key} key is not valid.", "IllegalKeyError")
        canonical = "name" if key == "label" else key
        if canonical in seen:
            _key_error(cmdlet, f"The duplicated key \"{raw_key}\" conflicts with \"{seen[canonical]}\".",
                       "DuplicateKeyError")
        seen[canonical] = raw_key
        if canonical == "name":
            if value is None:
                _key_error(cmdlet, f"The {raw_key} key has no value.", "MissingKeyValueError")
            name = to_string(value)
        elif canonical == "expression":
            if value is None:
                _key_error(cmdlet, f"The {raw_key} key has no value.", "MissingKeyValueError")
            if isinstance(value, ScriptBlock):
                source = value
            elif isinstance(value, str):
                source = value
            else:
                _key_error(cmdlet, f"The \"{raw_key}\" key has a type, {_type(value)}, that is not valid; "
                                   f"expected types are {{System.String, "
                                   f"System.Management.Automation.ScriptBlock}}.", "IllegalTypeMultiError")
        else:
            options[canonical] = value
    if source is None:
        _key_error(cmdlet, "A mandatory entry for expression is missing.", "MissingKeyMandatoryEntryError")
    if name is None and isinstance(source, str):
        name = source
    return PropertySpec(name, source, wildcard=False, options=options)


def _type(value: Any) -> str:
    from shell.language.conversions import type_name_of  # noqa: PLC0415
    return type_name_of(value)


def evaluate(cmdlet: Cmdlet, spec: PropertySpec, obj: Any) -> Any:
    """``spec.value`` with a failing script block turned into a non-terminating error and $null."""
    try:
        return spec.value(cmdlet, obj)
    except PSRuntimeError as err:
        cmdlet.write_error(err.record)
        return None
