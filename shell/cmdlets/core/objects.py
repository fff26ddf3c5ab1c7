"""Add-Member and New-Object: new members on objects, and new objects.

Where a member can live
-----------------------
* A PSObject (``[pscustomobject]``, ``New-Object PSObject``, Select-Object's output)
  takes every kind in place. A note property is a plain entry of its property table.
  The other kinds (AliasProperty, ScriptProperty, ScriptMethod) turn the table into a
  ``MemberTable``: a dict whose computed entries are read and written through their
  member, so ``$o.Alias``, Format-Table, Select-Object, ConvertTo-Json and the wire all
  see the current value without knowing members exist. ScriptProperty and
  ScriptMethod blocks run with ``$this`` set to the object (in a child of the current
  scope, as PowerShell runs them).
* A live object (a file, a process: a PSLive) takes note properties in place, as
  attributes of that Python object, which ``members`` already reads (``$file.Status``).
* psrepl cannot attach anything to a Python string or number, nor computed members
  to a live object. With -PassThru, Add-Member returns a new object that carries the
  member: for a string or a number, a copy of the value that still behaves as that
  value (``NotedStr``...); for anything else, a PSObject that shows the value's
  properties (read live from it), its type names and its string form, plus the new
  member -- but not the value's methods. Without -PassThru these are refused with an
  error that says so (PowerShell itself drops the member of a string silently).
"""

from __future__ import annotations

from typing import Any, Callable, NoReturn

from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.noted import NOTED_FOR, NOTED_TYPES, own_notes
from shell.language.psobject import PSLive, PSObject
from shell.language.scriptblock import ScriptBlock

# -- the member model of a PSObject -------------------------------------------------------------


class _Computed:
    """A property whose value is computed when read: an alias, a script property, a base property."""

    __slots__ = ("name",)
    kind = "Property"

    def __init__(self, name: str) -> None:
        self.name = name

    def read(self, owner: Any) -> Any:
        """The current value (``owner`` is the PSObject that has the member)."""
        raise NotImplementedError

    def write(self, owner: Any, value: Any) -> None:
        """Assign ``value`` through the member."""
        raise NotImplementedError

    def definition(self) -> str:
        """Get-Member's Definition column."""
        return self.name


class _Alias(_Computed):
    """AliasProperty: another name for a member, optionally converted to a type when read."""

    __slots__ = ("target", "cast", "busy")
    kind = "AliasProperty"

    def __init__(self, name: str, target: str, cast: str | None) -> None:
        super().__init__(name)
        self.target = target
        self.cast = cast
        self.busy = False

    def read(self, owner: Any) -> Any:
        from shell.language import members  # noqa: PLC0415
        if self.busy:  # an alias that leads back to itself (a -> b -> a)
            raise PSRuntimeError(ErrorRecord(f'The alias property "{self.name}" refers to itself.',
                                             category=ErrorCategory.INVALID_OPERATION,
                                             error_id="CycleInAlias"))
        self.busy = True
        try:
            value = members.get_member(owner, self.target)
        finally:
            self.busy = False
        if self.cast is None:
            return value
        from shell.language.conversions import convert_to  # noqa: PLC0415
        return convert_to(self.cast, value)

    def write(self, owner: Any, value: Any) -> None:
        from shell.language import members  # noqa: PLC0415
        members.set_member(owner, self.target, value)

    def definition(self) -> str:
        return f"{self.name} = ({self.cast}){self.target}" if self.cast else f"{self.name} = {self.target}"


class _ScriptProperty(_Computed):
    """ScriptProperty: a getter block (``$this`` is the object) and an optional setter (``$args[0]``)."""

    __slots__ = ("getter", "setter")
    kind = "ScriptProperty"

    def __init__(self, name: str, getter: ScriptBlock | None, setter: ScriptBlock | None) -> None:
        super().__init__(name)
        self.getter = getter
        self.setter = setter

    def read(self, owner: Any) -> Any:
        if self.getter is None:
            raise _member_error(f'Get accessor for property "{self.name}" is unavailable.',
                                "GetWithoutGetterFromScriptPropertyValue",
                                "System.Management.Automation.GetValueException")
        try:
            return _unwrap(run_with_this(self.getter, owner, ()))
        except PSRuntimeError as err:
            raise _member_error(f'Exception getting "{self.name}": "{err.record.message}"',
                                "ScriptGetValueInvocationException",
                                "System.Management.Automation.GetValueInvocationException") from None

    def write(self, owner: Any, value: Any) -> None:
        if self.setter is None:
            raise _member_error(f'Set accessor for property "{self.name}" is unavailable.',
                                "SetWithoutSetterFromScriptProperty")
        try:
            run_with_this(self.setter, owner, (value,))
        except PSRuntimeError as err:
            raise _member_error(f'Exception setting "{self.name}": "{err.record.message}"',
                                "ScriptSetValueInvocationException",
                                "System.Management.Automation.SetValueInvocationException") from None

    def definition(self) -> str:
        accessors = "".join(f"{word}={block.text};"
                            for word, block in (("get", self.getter), ("set", self.setter)) if block)
        return f"System.Object {self.name} {{{accessors}}}"


class _BaseProperty(_Computed):
    """A property of the value a -PassThru wrapper stands for, read from that value when asked."""

    __slots__ = ("base",)

    def __init__(self, name: str, base: Any) -> None:
        super().__init__(name)
        self.base = base

    def read(self, owner: Any) -> Any:
        from shell.language import members  # noqa: PLC0415
        return members.get_member(self.base, self.name)

    def write(self, owner: Any, value: Any) -> None:
        from shell.language import members  # noqa: PLC0415
        members.set_member(self.base, self.name, value)


class MemberTable(dict):
    """The property table of a PSObject that has computed members (and its script methods).

    It is the PSObject's ``properties`` dict: reading an entry (``[]``, ``get``,
    ``items``, ``values``, ``copy``, ``dict(table)``) gives the member's current value;
    assigning one goes through the member. Script methods are not properties, so they
    are kept beside the entries: ``get`` finds them (``members.invoke_method`` calls what
    ``PSObject.get`` returns when it is a ScriptBlock), listings and formatting do not.
    """

    __slots__ = ("owner", "methods")

    def __init__(self, owner: PSObject, entries: dict[str, Any]) -> None:
        super().__init__(entries)
        self.owner = owner
        self.methods: dict[str, tuple[str, ScriptBlock]] = {}   # lower-case name -> (name, block)

    def _resolve(self, raw: Any) -> Any:
        return raw.read(self.owner) if isinstance(raw, _Computed) else raw

    def __getitem__(self, key: str) -> Any:
        return self._resolve(dict.__getitem__(self, key))

    def __setitem__(self, key: str, value: Any) -> None:
        raw = dict.get(self, key)
        if isinstance(raw, _Computed):
            raw.write(self.owner, value)
        else:
            dict.__setitem__(self, key, value)

    def __iter__(self) -> Any:
        # Defined here so that dict(table) and {**table} read through __getitem__ rather
        # than copying the raw entries (CPython's fast path applies to dict's own __iter__).
        return dict.__iter__(self)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        """The entry (any case), else the script method of that name (bound to the object), else ``default``."""
        if dict.__contains__(self, key):
            return self[key]
        if not isinstance(key, str):
            return default
        low = key.lower()
        for name in dict.keys(self):
            if name.lower() == low:
                return self[name]
        method = self.methods.get(low)
        if method is not None:
            return BoundScriptMethod(method[1], self.owner, method[0])
        return default

    def items(self) -> list[tuple[str, Any]]:  # type: ignore[override]
        """(name, current value) pairs in order."""
        return [(name, self._resolve(raw)) for name, raw in dict.items(self)]

    def values(self) -> list[Any]:  # type: ignore[override]
        """Current values in order."""
        return [self._resolve(raw) for raw in dict.values(self)]

    def copy(self) -> dict[str, Any]:
        """A plain dict of the current values (a snapshot, as the wire sends)."""
        return dict(self.items())

    def define(self, name: str, member: Any) -> None:
        """Add or replace property ``name`` (a value, or a computed member) without going through a setter."""
        dict.__setitem__(self, name, member)

    def add_method(self, name: str, block: ScriptBlock) -> None:
        """Add or replace a script method."""
        self.methods[name.lower()] = (name, block)

    def describe(self) -> list[tuple[str, str, str]]:
        """(Name, MemberType, Definition) of every added member, for Get-Member."""
        out = []
        for name, raw in dict.items(self):
            if isinstance(raw, _Computed):
                out.append((name, raw.kind, raw.definition()))
            else:
                out.append((name, "NoteProperty", f"System.Object {name}"))
        for name, block in self.methods.values():
            out.append((name, "ScriptMethod", f"System.Object {name}();"))
        return out


def member_table(obj: PSObject) -> MemberTable:
    """``obj``'s property table as a MemberTable (converted in place the first time)."""
    table = obj.properties
    if not isinstance(table, MemberTable):
        table = MemberTable(obj, table)
        obj.properties = table
    return table


class BoundScriptMethod(ScriptBlock):
    """A script method as ``$obj.Name`` returns it: calling it runs the block with ``$this`` = the object."""

    __slots__ = ("block", "this", "member")

    def __init__(self, block: ScriptBlock, this: Any, member: str) -> None:
        super().__init__(block.ast, block.text, block.runspace)
        self.block = block
        self.this = this
        self.member = member

    def invoke(self, *args: Any, **options: Any) -> list[Any] | None:
        """Run the method's block with ``$this`` and ``$args`` (what ``$obj.Name(args)`` does)."""
        from shell.language.member_calls import exception_calling  # noqa: PLC0415
        try:
            return run_with_this(self.block, self.this, args)
        except PSRuntimeError as err:
            raise exception_calling(self.member, len(args), err.record.message) from None


def run_with_this(block: ScriptBlock, this: Any, args: tuple[Any, ...] | list[Any]) -> list[Any]:
    """Run ``block`` with ``$this`` = ``this`` and ``$args`` = ``args`` in a child of the current scope."""
    from shell.language.runspace import Scope, current_runspace  # noqa: PLC0415
    rs = current_runspace() or block.runspace
    if rs is None:
        raise PSRuntimeError("The script block cannot be invoked: it is not bound to a runspace.")
    previous = rs.scope
    scope = Scope(previous)
    scope.set_local("this", this)
    scope.set_local("args", list(args))
    rs.scope = scope
    # A script member's errors end the whole member (PowerShell reports them as
    # 'Exception getting "X"' / 'Exception calling "X"'), as if inside a try.
    rs.try_depth += 1
    try:
        return rs.engine.invoke_block(block, list(args), new_scope=False) or []
    finally:
        rs.try_depth -= 1
        rs.scope = previous


def _unwrap(output: list[Any]) -> Any:
    if not output:
        return None
    return output[0] if len(output) == 1 else output


def _member_error(message: str, error_id: str,
                  exception_type: str = "System.Management.Automation.SetValueException") -> PSRuntimeError:
    return PSRuntimeError(ErrorRecord(message, category=ErrorCategory.NOT_SPECIFIED, error_id=error_id,
                                      exception_type=exception_type))


# -- values that carry note properties ------------------------------------------------------------
# A copy of a string or number as a NotedStr/NotedInt/NotedFloat (shell/language/noted.py)
# carries notes and still behaves as the value; ``members`` reads them as note properties.

#: the attribute of a live object listing the note properties Add-Member put there (-Force may replace them)
_NOTES_ATTR = "_ps_added_notes"


class _Wrapped(MemberTable):
    """The table of a -PassThru wrapper: the wrapped value's properties are entries (so the
    wrapper shows them), and its other members answer through it (``$w.Length``, ``$w.ToUpper()``)."""

    __slots__ = ("base",)

    def __init__(self, owner: PSObject, base: Any) -> None:
        from shell.language import members  # noqa: PLC0415
        super().__init__(owner, {name: _BaseProperty(name, base) for name in members.property_names(base)})
        self.base = base

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        """An entry or script method; else the wrapped value's own property or method."""
        found = super().get(key, _ABSENT)
        if found is not _ABSENT:
            return found
        from shell.language import members  # noqa: PLC0415
        kind = _base_member_kind(self.base, key)
        if kind is not None and kind.endswith("Method"):
            return _BaseMethod(self.base, key)
        found = members.get_member(self.base, key)   # also a wrapped hashtable's keys
        return default if found is None and kind is None else found


_ABSENT: Any = object()


def _base_member_kind(value: Any, name: str) -> str | None:
    """The MemberType of ``value``'s member ``name`` (any case), or None."""
    from shell.language import members  # noqa: PLC0415
    low = name.lower()
    for member, kind in members.member_names(value):
        if member.lower() == low:
            return kind
    return None


_NULL_CALL: Any = None   # the AST every _BaseMethod carries (parsed once)


class _BaseMethod(ScriptBlock):
    """A wrapped value's method as the wrapper returns it: calling it calls the value's method."""

    __slots__ = ("base", "member")

    def __init__(self, base: Any, member: str) -> None:
        # Only invoke() is meant to run it; the AST is there for anything that runs a
        # ScriptBlock by itself (``& $wrapper.Name``), which then gets PowerShell's null-call error.
        global _NULL_CALL
        if _NULL_CALL is None:
            from shell.language.parser import parse  # noqa: PLC0415
            _NULL_CALL = parse("$this.psrepl_wrapped_method()")
        super().__init__(_NULL_CALL, "{ $this." + member + "($args) }")
        self.base = base
        self.member = member

    def invoke(self, *args: Any, **options: Any) -> list[Any] | None:
        """``$wrapper.Name(args)``: the wrapped value's method."""
        from shell.language import members  # noqa: PLC0415
        return [members.invoke_method(self.base, self.member, list(args))]


def wrap(value: Any) -> PSObject:
    """A PSObject standing for ``value`` (its type names, string form and members), to carry new members."""
    from shell.language.conversions import to_string, type_names_of  # noqa: PLC0415
    wrapper = PSObject({}, type_names_of(value), to_string(value))
    wrapper.properties = _Wrapped(wrapper, value)
    return wrapper


# -- Add-Member -------------------------------------------------------------------------------------

#: PSMemberTypes: name -> flag value
_FLAGS = {
    "AliasProperty": 1, "CodeProperty": 2, "Property": 4, "NoteProperty": 8, "ScriptProperty": 16,
    "Properties": 31, "PropertySet": 32, "Method": 64, "CodeMethod": 128, "ScriptMethod": 256, "Methods": 448,
    "ParameterizedProperty": 512, "MemberSet": 1024, "Event": 2048, "Dynamic": 4096, "InferredProperty": 8192,
    "All": 16383,
}
_SINGLE = [(name, flag) for name, flag in _FLAGS.items() if flag & (flag - 1) == 0]
_ADDABLE = ("AliasProperty", "CodeMethod", "CodeProperty", "MemberSet", "NoteProperty", "PropertySet",
            "ScriptMethod", "ScriptProperty")
_OBJECT_METHODS = ("equals", "gethashcode", "gettype", "tostring")


def member_types(value: Any) -> list[str] | None:
    """The single PSMemberTypes named by ``value`` (``'NoteProperty'``, ``8``, ``'A, B'``), or None if none can be."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit():
            return member_types(int(text))
        flags = 0
        for part in text.split(","):
            low = part.strip().lower()
            found = next((flag for name, flag in _FLAGS.items() if name.lower() == low), None)
            if found is None:
                return None
            flags |= found
        return member_types(flags)
    if isinstance(value, int):
        if value <= 0 or value & ~_FLAGS["All"]:
            return None
        return [name for name, flag in _SINGLE if value & flag]
    return None


def _types_text(value: Any, kinds: list[str]) -> str:
    """How .NET writes a PSMemberTypes value (a composite name when there is one)."""
    flags = sum(_FLAGS[k] for k in kinds)
    named = next((name for name, flag in _FLAGS.items() if flag == flags), None)
    return named or ", ".join(kinds)


#: (name, MemberType, what defines it) -- a note's value, (target, cast), (getter, setter), a block
_Member = tuple[str, str, Any]


class AddMember(Cmdlet):
    """Add-Member: adds note, alias and script members to an object."""

    name = "Add-Member"
    synopsis = "Adds custom properties and methods to an instance of a PowerShell object."
    description = (
        "Adds a member to each input object: a NoteProperty (a value), an AliasProperty (another name "
        "for a property, -SecondValue converts it to a type), a ScriptProperty (-Value gets, -SecondValue "
        "sets; $this is the object) or a ScriptMethod. 'Add-Member Name Value' and -NotePropertyName/-Value "
        "add one note, -NotePropertyMembers a hashtable of them. A [pscustomobject] takes every kind; a live "
        "object (a file, a process) takes note properties. Strings, numbers and other values cannot carry "
        "members in psrepl: with -PassThru you get a new object that does (a string or number still behaves "
        "as one), to use instead of the original.")
    examples = ("$o = [pscustomobject]@{Name='web1'}; $o | Add-Member -MemberType NoteProperty -Name Port -Value 80",
                "$o | Add-Member Status 'Up'",
                "$o | Add-Member -NotePropertyMembers @{Owner='ops'; Tier=1}",
                "$o | Add-Member -MemberType ScriptProperty -Name Url -Value { \"http://$($this.Name):$($this.Port)\" }",
                "$o | Add-Member -MemberType ScriptMethod -Name Ping -Value { param($n) \"$($this.Name) x$n\" }",
                "$s = 'text' | Add-Member -NotePropertyName Kind -NotePropertyValue 'label' -PassThru")
    params = (
        Param("InputObject", "object", pipeline=True, mandatory=True,
              help="The object to add the member to."),
        Param("MemberType", "object", position=0, aliases=("Type",),
              help="NoteProperty, AliasProperty, ScriptProperty or ScriptMethod."),
        Param("Name", "object", position=1, attr="member_name", help="The name of the new member."),
        Param("Value", "object", position=2,
              help="The note's value, the aliased property's name, or the getter/method script block."),
        Param("SecondValue", "object", position=3,
              help="An alias's type (-SecondValue int), or a script property's setter block."),
        Param("NotePropertyName", "string", help="The name of a note property to add."),
        Param("NotePropertyValue", "object", help="The value of the note property."),
        Param("NotePropertyMembers", "object", help="A hashtable of note property names and values."),
        Param("TypeName", "string", help="A type name to put first in the object's PSTypeNames."),
        Param("Force", "switch", help="Replace a member of the same name that an earlier Add-Member added."),
        Param("PassThru", "switch", help="Output the object (for a string or number: a new one carrying the member)."),
    )

    def begin(self) -> None:
        """Work out the members to add (the same for every input object)."""
        if self.type_name is not None and not self.type_name.strip():
            self._fail("The TypeName parameter should not be null, empty, or contain only white spaces.",
                       "TypeNameShouldNotBeEmpty")
        self._multi = False
        self._members = self._plan()

    # ----------------------------------------------------------- the members to add
    def _plan(self) -> list[_Member]:
        bound = self.bound
        if "NotePropertyMembers" in bound:
            return self._from_table(self.note_property_members)
        if "NotePropertyName" in bound:
            if "NotePropertyValue" not in bound:
                self._missing("NotePropertyValue")
            name = self.note_property_name
            kinds = member_types(name)
            if kinds is not None and len(kinds) == 1 and kinds[0] in _ADDABLE:
                self.throw("Cannot validate argument on parameter 'NotePropertyName'. The parameter "
                           "NotePropertyName cannot take values that could be converted to the type "
                           "System.Management.Automation.PSMemberTypes. To define the name of a member with "
                           "those values, use Add-Member, and specify the member type.",
                           category=ErrorCategory.INVALID_DATA, error_id="ParameterArgumentValidationError")
            return [(name, "NoteProperty", self.note_property_value)]
        if "MemberType" in bound:
            return self._from_member_type()
        if "TypeName" in bound:
            return []
        self._missing("MemberType" if bound & {"Name", "Value", "SecondValue"} else "TypeName")

    def _from_table(self, table: Any) -> list[_Member]:
        from shell.language.conversions import to_string, type_name_of  # noqa: PLC0415
        if not isinstance(table, dict):
            self.throw(f"Cannot bind parameter 'NotePropertyMembers'. Cannot convert the \"{to_string(table)}\" "
                       f"value of type \"{type_name_of(table)}\" to type \"System.Collections.IDictionary\".",
                       category=ErrorCategory.INVALID_ARGUMENT, error_id="CannotConvertArgument")
        if not table:
            self.throw("Cannot validate argument on parameter 'NotePropertyMembers'. The argument is null, empty, "
                       "or an element of the argument collection contains a null value. Supply a collection that "
                       "does not contain any null values and then try the command again.",
                       category=ErrorCategory.INVALID_DATA, error_id="ParameterArgumentValidationError")
        self._multi = True
        return [(to_string(key), "NoteProperty", value) for key, value in table.items()]

    def _from_member_type(self) -> list[_Member]:
        from shell.language.conversions import to_string  # noqa: PLC0415
        value = self.member_type
        bound = self.bound
        if isinstance(value, dict) and "Name" not in bound:
            return self._from_table(value)   # Add-Member @{a=1}: the hashtable is -NotePropertyMembers
        kinds = member_types(value)
        single = kinds is not None and len(kinds) == 1 and kinds[0] in _ADDABLE
        if not single and "Name" in bound and not bound & {"Value", "SecondValue"} and not self._typed_member_type():
            # 'Add-Member Status Up': two values and the first names no member type that can be
            # added -- PowerShell's NotePropertySingleMemberSet (-NotePropertyName, -NotePropertyValue).
            name = to_string(value)
            if not name:
                self._fail("The name for a NoteProperty member should not be null or an empty string.",
                           "NotePropertyNameShouldNotBeNull")
            return [(name, "NoteProperty", self.member_name)]
        if kinds is None:
            self.throw(f"Cannot bind parameter 'MemberType'. Cannot convert value \"{to_string(value)}\" to type "
                       "\"System.Management.Automation.PSMemberTypes\". Error: \"Unable to match the identifier "
                       f"name {to_string(value)} to a valid enumerator name. Specify one of the following "
                       f"enumerator names and try again:\n{', '.join(_FLAGS)}\"",
                       category=ErrorCategory.INVALID_ARGUMENT, error_id="CannotConvertArgumentNoMessage")
        if len(kinds) != 1:
            self._fail("To add a member, only one member type can be specified. The member types specified "
                       f"are: \"{_types_text(value, kinds)}\"", "WrongMemberCount")
        kind = kinds[0]
        if kind not in _ADDABLE:
            self._fail(f"Cannot add a member with type \"{kind}\". Specify a different type for the MemberTypes "
                       "parameter.", "CannotAddMemberType")
        if "Name" not in bound:
            self._missing("Name")
        name = self.member_name
        if name is None or to_string(name) == "":
            self.throw(f"Cannot bind argument to parameter 'Name' because it is "
                       f"{'null' if name is None else 'an empty string'}.", category=ErrorCategory.INVALID_DATA,
                       error_id="ParameterArgumentValidationErrorNullNotAllowed" if name is None
                       else "ParameterArgumentValidationErrorEmptyStringNotAllowed")
        return [(to_string(name), kind, self._definition(kind))]

    def _typed_member_type(self) -> bool:
        """Whether -MemberType (or -Type) was written out, rather than given by position.

        PowerShell tells its parameter sets apart by that: 'Add-Member Method Any' adds a note
        called Method, 'Add-Member -MemberType Method -Name Any' is refused. The binder does not
        say how a value was bound, so the command's own text is read.
        """
        import re  # noqa: PLC0415
        text = self.extent.text if self.extent is not None else ""
        return re.search(r"(?i)(?<![\w-])-(?:m(?:e(?:m(?:b(?:e(?:r(?:t(?:y(?:pe?)?)?)?)?)?)?)?)?|type)(?=[\s:]|$)",
                         text) is not None

    def _definition(self, kind: str) -> Any:
        """What defines a member of ``kind``, from -Value and -SecondValue, checked as PowerShell checks them."""
        has_value, has_second = "Value" in self.bound, "SecondValue" in self.bound
        value, second = self.value, self.second_value
        if kind not in ("NoteProperty", "AliasProperty", "ScriptProperty", "ScriptMethod"):
            self._fail(f"psrepl cannot add members of type \"{kind}\": it supports NoteProperty, AliasProperty, "
                       "ScriptProperty and ScriptMethod.", "CannotAddMemberType")
        if has_second and kind in ("NoteProperty", "ScriptMethod"):
            self._fail(f"The SecondValue parameter is not necessary for a member of type \"{kind}\", and should "
                       "not be specified. Do not specify the SecondValue parameter when you add members of this "
                       "type.", "Value2ShouldNotBeSpecified")
        if not has_value:
            self._fail(f"The Value parameter is required for a member of type \"{kind}\". Specify the Value "
                       "parameter when adding members of this type.", "Value1Prompt")
        if kind == "NoteProperty":
            return value
        if kind == "ScriptProperty":
            if value is None and second is None:
                self._fail(f"Both Value and SecondValue parameters should not be null for a member of type "
                           f"\"{kind}\". Specify a non-null value for one of the two parameters.",
                           "Value1AndValue2AreNotBothNull")
            return (self._block(value), self._block(second))
        if value is None:
            self._fail(f"The Value parameter should not be null for a member of type \"{kind}\". Specify a "
                       "non-null value for the Value parameter when adding members of this type.",
                       "Value1ShouldNotBeNull")
        if kind == "ScriptMethod":
            return self._block(value)
        from shell.language.conversions import to_string  # noqa: PLC0415
        cast = None
        if has_second:
            if second is None:
                self._fail(f"The SecondValue parameter should not be null for a member of type \"{kind}\". "
                           "Specify a non-null value for the SecondValue parameter when adding members of this "
                           "type.", "Value2ShouldNotBeNull")
            cast = self._type(second)
        return (to_string(value), cast)

    def _block(self, value: Any) -> ScriptBlock | None:
        if value is None or isinstance(value, ScriptBlock):
            return value
        from shell.language.conversions import to_string, type_name_of  # noqa: PLC0415
        self._fail(f"Cannot convert the \"{to_string(value)}\" value of type \"{type_name_of(value)}\" to type "
                   "\"System.Management.Automation.ScriptBlock\".", "ConvertToFinalInvalidCastException")

    def _type(self, value: Any) -> str:
        """An alias's -SecondValue as a type name psrepl can convert to."""
        from shell.language.conversions import canonical_type_name, is_known_type, to_string  # noqa: PLC0415
        name = getattr(value, "FullName", None) or to_string(value)
        if not is_known_type(name):
            self._fail(f"Cannot convert the \"{to_string(value)}\" value of type \"System.String\" to type "
                       "\"System.Type\".", "InvalidCastFromStringToType")
        return canonical_type_name(name)

    def _missing(self, name: str) -> NoReturn:
        self.throw(f"Cannot process command because of one or more missing mandatory parameters: {name}.",
                   category=ErrorCategory.INVALID_ARGUMENT, error_id="MissingMandatoryParameter")

    def _fail(self, message: str, error_id: str) -> NoReturn:
        self.throw(ErrorRecord(message, category=ErrorCategory.INVALID_OPERATION, error_id=error_id,
                               command=self.name, extent=self.extent,
                               exception_type="System.InvalidOperationException"))

    # ----------------------------------------------------------- adding them
    def process(self) -> None:
        """Add the members to this input object."""
        obj = self.input_object
        if obj is None:
            self.write_error(ErrorRecord("Cannot bind argument to parameter 'InputObject' because it is null.",
                                         category=ErrorCategory.INVALID_DATA,
                                         error_id="ParameterArgumentValidationErrorNullNotAllowed"))
            return
        target = self._carrier(obj)
        if target is None:
            return
        added = not self._members
        for name, kind, spec in self._members:
            if not name:
                self.write_error(self._error("The name for a NoteProperty member should not be null or an "
                                             "empty string.", "NotePropertyNameShouldNotBeNull", obj))
                continue
            if self._add(obj, target, name, kind, spec):
                added = True
            elif not self._multi:
                return
        if not added:
            return
        if self.type_name is not None:
            from shell.language.conversions import canonical_type_name, is_known_type  # noqa: PLC0415
            wanted = self.type_name.strip()
            target.type_names.insert(0, canonical_type_name(wanted) if is_known_type(wanted) else wanted)
        if self.pass_thru:
            self.write(target)

    def _carrier(self, obj: Any) -> Any:
        """The object that takes the members: ``obj`` itself when it can, else (-PassThru) a new one."""
        notes_only = self.type_name is None and all(kind == "NoteProperty" for _, kind, _ in self._members)
        if type(obj) is PSObject:
            return obj
        attachable = isinstance(obj, (PSLive,) + NOTED_TYPES)
        if notes_only and attachable and not any(name.startswith("_") for name, _, _ in self._members):
            return obj
        if self.pass_thru:
            if notes_only and type(obj) in NOTED_FOR:
                return NOTED_FOR[type(obj)](obj)
            return wrap(obj)
        from shell.language.conversions import type_name_of  # noqa: PLC0415
        what = "a type name" if self.type_name is not None and not self._members else "members"
        if isinstance(obj, PSLive) and self.type_name is None:
            reason = (f"psrepl can add only note properties to a [{type_name_of(obj)}] itself; add -PassThru "
                      f"and use the object it outputs, which carries the new members.")
        else:
            reason = (f"psrepl cannot add {what} to a [{type_name_of(obj)}] value itself; add -PassThru and use "
                      "the object it outputs, which carries them.")
        self.write_error(self._error(reason, "CannotAddMemberInPlace", obj))
        return None

    def _add(self, obj: Any, target: Any, name: str, kind: str, spec: Any) -> bool:
        found = _existing(target, name)
        if found is not None:
            existing_kind, ours = found
            if not self.force:
                self.write_error(self._error(
                    f"Cannot add a member with the name \"{name}\" because a member with that name already "
                    "exists. To overwrite the member anyway, add the Force parameter to your command.",
                    "MemberAlreadyExists", obj))
                return False
            if not ours:
                self.write_error(self._error(
                    f"Cannot force the member with name \"{name}\" and type \"{existing_kind}\" to be added. A "
                    "member with that name and type already exists, and the existing member is not an instance "
                    "extension.", "CannotRemoveTypeDataMember", obj))
                return False
            _remove(target, name)
        _attach(target, name, kind, spec)
        return True

    def _error(self, message: str, error_id: str, target: Any) -> ErrorRecord:
        return ErrorRecord(message, category=ErrorCategory.INVALID_OPERATION, error_id=error_id, target=target,
                           command=self.name, extent=self.extent, exception_type="System.InvalidOperationException")


def _existing(target: Any, name: str) -> tuple[str, bool] | None:
    """(MemberType, whether Add-Member added it) of ``target``'s member ``name``, or None."""
    low = name.lower()
    if type(target) is PSObject:
        table = target.properties
        for key in dict.keys(table):
            if key.lower() == low:
                raw = dict.__getitem__(table, key)
                if isinstance(raw, _BaseProperty):
                    return ("Property", False)
                return (raw.kind if isinstance(raw, _Computed) else "NoteProperty", True)
        if isinstance(table, MemberTable) and low in table.methods:
            return ("ScriptMethod", True)
        if isinstance(table, _Wrapped):
            kind = _base_member_kind(table.base, name)
            if kind is not None:
                return (kind, False)
        return ("Method", False) if low in _OBJECT_METHODS else None
    fields = getattr(target, "__dict__", {})
    ours = fields if isinstance(target, NOTED_TYPES) else fields.get(_NOTES_ATTR, ())
    if any(key.lower() == low for key in ours):
        return ("NoteProperty", True)
    kind = _base_member_kind(target, name)
    if kind is not None:
        return (kind, False)
    from shell.language.psobject import live_attribute  # noqa: PLC0415
    return ("Property", False) if live_attribute(target, name) is not None else None


def _remove(target: Any, name: str) -> None:
    """Remove an added member ``name`` (any case) from ``target``."""
    low = name.lower()
    if type(target) is PSObject:
        table = target.properties
        for key in list(dict.keys(table)):
            if key.lower() == low:
                dict.__delitem__(table, key)
        if isinstance(table, MemberTable):
            table.methods.pop(low, None)
        return
    fields = own_notes(target) if isinstance(target, NOTED_TYPES) else target.__dict__
    for key in [k for k in fields if k.lower() == low and not k.startswith("_")]:
        del fields[key]
    notes = fields.get(_NOTES_ATTR)
    if notes is not None:
        notes.difference_update({k for k in notes if k.lower() == low})


def _attach(target: Any, name: str, kind: str, spec: Any) -> None:
    """Give ``target`` the member (``_existing`` has checked the name is free)."""
    if type(target) is not PSObject:
        # A noted value or a live object: a note property is an attribute of the instance.
        if isinstance(target, NOTED_TYPES):
            own_notes(target)[name] = spec   # its own notes, not those it shares (noted.SharedNotes)
            return
        target.__dict__[name] = spec
        target.__dict__.setdefault(_NOTES_ATTR, set()).add(name)
        return
    if kind == "NoteProperty":
        table = target.properties
        if isinstance(table, MemberTable):
            table.define(name, spec)
        else:
            table[name] = spec
    elif kind == "AliasProperty":
        member_table(target).define(name, _Alias(name, spec[0], spec[1]))
    elif kind == "ScriptProperty":
        member_table(target).define(name, _ScriptProperty(name, spec[0], spec[1]))
    else:
        member_table(target).add_method(name, spec)


# -- New-Object -------------------------------------------------------------------------------------

#: value types .NET can make with no arguments (their default value), by full name
_VALUE_DEFAULTS: dict[str, Callable[[], Any]] = {
    **{name: (lambda full=name: _convert(full, 0)) for name in (
        "System.Int32", "System.Int64", "System.Int16", "System.Byte", "System.SByte", "System.UInt16",
        "System.UInt32", "System.UInt64", "System.Double", "System.Single", "System.Decimal", "System.Char")},
    "System.Boolean": lambda: False,
    "System.DateTime": lambda: __import__("datetime").datetime(1, 1, 1),
    "System.TimeSpan": lambda: _convert("System.TimeSpan", 0),
    "System.Guid": lambda: _convert("System.Guid", "00000000-0000-0000-0000-000000000000"),
}


def _convert(type_name: str, value: Any) -> Any:
    from shell.language.conversions import convert_to  # noqa: PLC0415
    return convert_to(type_name, value)


def dotnet_name(full_name: str) -> str:
    """.NET's Type.Name: ``System.Collections.Generic.HashSet[System.String]`` -> ``HashSet`1``."""
    head, bracket, args = full_name.partition("[")
    name = head.rsplit(".", 1)[-1]
    if bracket and args.rstrip("]"):
        depth, count = 0, 1
        for ch in args[:-1]:
            depth += ch == "["
            depth -= ch == "]"
            count += ch == "," and depth == 0
        name += f"`{count}"
    return name


class NewObject(Cmdlet):
    """New-Object: an instance of a type psrepl can construct, optionally with properties set."""

    name = "New-Object"
    synopsis = "Creates an instance of a Microsoft .NET Framework or COM object."
    description = (
        "Makes an object of the type named, passing -ArgumentList to its constructor, as [type]::new(...) "
        "does: PSObject, System.Collections.ArrayList, Hashtable, Generic.List[T], Generic.Dictionary[K,V], "
        "HashSet[T], Text.StringBuilder, DateTime, TimeSpan, Version, Guid and the number types. -Property "
        "sets properties after construction (on a PSObject it adds note properties).")
    examples = ("New-Object PSObject -Property @{Name='web1'; Port=80}",
                "$list = New-Object System.Collections.ArrayList",
                "New-Object 'System.Collections.Generic.List[string]'",
                "New-Object DateTime 2024, 1, 31",
                "New-Object TimeSpan 0, 5, 0")
    params = (
        Param("TypeName", "string", position=0, mandatory=True, help="The type to create."),
        Param("ArgumentList", "object[]", position=1, aliases=("Args",),
              help="The constructor's arguments (an array passed as one argument needs the unary comma)."),
        Param("Property", "hashtable", help="Properties to set (notes to add, on a PSObject)."),
    )

    def process(self) -> None:
        """Create the object and write it."""
        from shell.language import members  # noqa: PLC0415
        from shell.language.conversions import canonical_type_name  # noqa: PLC0415
        type_name = self.type_name.strip()
        args = list(self.argument_list) if self.argument_list is not None else []
        try:
            made = members.invoke_static(type_name, "new", args)
        except PSRuntimeError as err:
            full = canonical_type_name(type_name)
            error_id = err.record.error_id
            if error_id == "TypeNotFound":
                self.throw(f"Cannot find type [{type_name}]: verify that the assembly containing this type is "
                           "loaded.", category=ErrorCategory.INVALID_TYPE, error_id="TypeNotFound")
            default = _VALUE_DEFAULTS.get(full)
            if not args and default is not None and error_id in ("MethodNotFound", "MethodCountCouldNotFindBest"):
                made = default()
            elif error_id == "MethodNotFound" or not args and error_id == "MethodCountCouldNotFindBest":
                self.throw(f"A constructor was not found. Cannot find an appropriate constructor for type "
                           f"{type_name}.", category=ErrorCategory.OBJECT_NOT_FOUND,
                           error_id="CannotFindAppropriateCtor")
            elif error_id == "MethodCountCouldNotFindBest":
                self.throw(f"Cannot find an overload for \"{dotnet_name(full)}\" and the argument count: "
                           f"\"{len(args)}\".", category=ErrorCategory.INVALID_OPERATION,
                           error_id="ConstructorInvokedThrowException")
            else:
                message = err.record.message.replace('Exception calling "new"', 'Exception calling ".ctor"', 1)
                self.throw(message, category=ErrorCategory.INVALID_OPERATION,
                           error_id="ConstructorInvokedThrowException")
        if self.property:
            self._set_properties(made)
        self.write(made)

    def _set_properties(self, obj: Any) -> None:
        """-Property: each entry set on the new object (added as a note property on a PSObject)."""
        from shell.language import members  # noqa: PLC0415
        from shell.language.conversions import to_string  # noqa: PLC0415
        for key, value in self.property.items():
            name = to_string(key)
            if type(obj) is PSObject:
                obj.set(name, value)
                continue
            try:
                members.set_member(obj, name, value)
            except PSRuntimeError as err:
                if err.record.error_id == "PropertyNotFound":
                    self.throw(f"The member \"{name}\" was not found for the specified .NET object.",
                               category=ErrorCategory.INVALID_OPERATION, error_id="InvalidOperationException")
                self.throw("The value supplied is not valid, or the property is read-only. Change the value, and "
                           "then try again.", category=ErrorCategory.INVALID_DATA, error_id="SetValueException")
