"""ForEach-Object and Where-Object: script blocks and member access over pipeline input.

ForEach-Object is the hot path of ``1..200000 | % { $_ * 2 }``: ``process`` calls the
engine's ``invoke_block`` directly with the next stage's ``push`` as output, so each
item costs one block invocation and no intermediate list. Both run their blocks in
the caller's scope, as PowerShell does (variables set inside stay set).
"""

from __future__ import annotations

from typing import Any

from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.scriptblock import NO_ITEM, ScriptBlock

from shell.cmdlets.core.properties import MISSING, get_value, has_wildcard, property_names, wildcard_match


def _unroll(value: Any, out: Any) -> None:
    """Write ``value``; a list (or other enumerable) is written item by item."""
    if type(value) is list or isinstance(value, (list, tuple)):
        for item in value:
            out(item)
        return
    from shell.language.conversions import is_enumerable  # noqa: PLC0415
    if is_enumerable(value):
        for item in value:
            out(item)
    else:
        out(value)


class ForEachObject(Cmdlet):
    """ForEach-Object: runs script blocks for each input object, or gets a member of each."""

    name = "ForEach-Object"
    aliases = ("%", "foreach")
    synopsis = "Performs an operation against each item in a collection of input objects."
    params = (
        Param("InputObject", "object", pipeline=True, help="The object to process ($_)."),
        Param("Process", "object[]", position=0, remaining=True, attr="process_blocks",
              help="Script blocks run for each object; or a member name, then method arguments. "
                   "Two blocks are begin/process, three begin/process/end."),
        Param("Begin", "scriptblock", attr="begin_block", help="Runs once before the first object."),
        Param("End", "scriptblock", attr="end_block", help="Runs once after the last object."),
        Param("MemberName", "string", help="A property to get, or a method to call, on each object."),
        Param("ArgumentList", "object[]", aliases=("Args",), help="Arguments of the method -MemberName calls."),
        Param("Parallel", "scriptblock", help="Not supported by psrepl (use Start-ThreadJob)."),
        Param("ThrottleLimit", "int"),
        Param("TimeoutSeconds", "int"),
        Param("AsJob", "switch"),
    )
    examples = ("1..5 | ForEach-Object { $_ * 2 }", "Get-ChildItem | % Name",
                "'a','b' | % ToUpper", "1..3 | % -Begin { $s = 0 } -Process { $s += $_ } -End { $s }")

    def begin(self) -> None:
        if self.parallel is not None:
            self.throw("ForEach-Object -Parallel is not supported by psrepl. Use Start-ThreadJob for each "
                       "item, or a plain ForEach-Object.", category=ErrorCategory.NOT_SPECIFIED,
                       error_id="ParallelNotSupported")
        items = list(self.process_blocks or ())
        self._member: str | None = None
        self._args: list[Any] = []
        self._blocks: list[ScriptBlock] = []
        self._single: ScriptBlock | None = None
        self._end: ScriptBlock | None = self.end_block
        if self.member_name is not None:
            self._member = str(self.member_name)
            self._args = list(self.argument_list or ()) + items
            return
        if items and not isinstance(items[0], ScriptBlock) and items[0] is not None:
            # `% Name` / `% Substring 1 2`: the member-name form.
            from shell.language.conversions import to_string  # noqa: PLC0415
            self._member = to_string(items[0])
            self._args = list(self.argument_list or ()) + items[1:]
            return
        for i, block in enumerate(items):
            if block is not None and not isinstance(block, ScriptBlock):
                from shell.language.conversions import to_string  # noqa: PLC0415
                self.throw(f"Cannot bind parameter 'Process'. Cannot convert the \"{to_string(block)}\" value "
                           f"of type \"{_type(block)}\" to type \"System.Management.Automation.ScriptBlock\".",
                           category=ErrorCategory.INVALID_ARGUMENT, error_id="CannotConvertArgument")
        if not items and self.begin_block is None and self.end_block is None:
            self.throw("Cannot process command because of one or more missing mandatory parameters: Process.",
                       category=ErrorCategory.INVALID_ARGUMENT, error_id="MissingMandatoryParameter")
        # PowerShell's rule: -Begin goes first; with several positional blocks the first is
        # begin and (when there are three or more and no -End) the last is end.
        scripts: list[Any] = ([self.begin_block] if self.begin_block is not None else []) + items
        start = 1 if len(scripts) > 1 else 0
        stop = len(scripts)
        if self.end_block is None and len(scripts) > 2:
            stop = len(scripts) - 1
            self._end = scripts[stop]
        self._blocks = [b for b in scripts[start:stop] if b is not None]
        if len(self._blocks) == 1:
            self._single = self._blocks[0]
        self._invoke = self.runspace.engine.invoke_block
        if stop >= 2 and scripts[0] is not None:
            self._invoke(scripts[0], (), dollar_under=NO_ITEM, input=None, new_scope=False,
                         output=self._out, emit=self._emit)

    def process(self) -> None:
        single = self._single
        if single is not None:
            self._invoke(single, (), dollar_under=self.input_object, input=None, new_scope=False,
                         output=self._out, emit=self._emit)
            return
        if self._member is not None:
            self._process_member(self.input_object)
            return
        item = self.input_object
        for block in self._blocks:
            self._invoke(block, (), dollar_under=item, input=None, new_scope=False,
                         output=self._out, emit=self._emit)

    def end(self) -> None:
        if self._end is not None and self._member is None:
            self._invoke(self._end, (), dollar_under=NO_ITEM, input=None, new_scope=False,
                         output=self._out, emit=self._emit)

    def _process_member(self, obj: Any) -> None:
        """``% Name``: a dictionary key, a property, or a method call (with -ArgumentList)."""
        name = self._member or ""
        if obj is None:
            if self._args:
                self._member_error("InvokeMethodOnNull", "You cannot call a method on a null-valued expression.",
                                   obj)
            else:
                self._out(None)
            return
        if self._args:
            self._call(obj, name, self._args)
            return
        if isinstance(obj, dict):
            value = get_value(obj, name)
            if value is not MISSING:
                _unroll(value, self._out)
                return
        if has_wildcard(name):
            matches = [n for n in _member_names(obj) if wildcard_match(name, n)]
            if len(matches) > 1:
                self._member_error("AmbiguousPropertyOrMethodName",
                                   f"Input name \"{name}\" is ambiguous. It can be resolved to multiple matched "
                                   f"members. Possible matches include: {' '.join(matches)}.", obj)
                return
            if not matches:
                self._out(None)
                return
            name = matches[0]
        value = get_value(obj, name)
        if value is not MISSING:
            _unroll(value, self._out)
            return
        if _is_method(obj, name):
            self._call(obj, name, [])
            return
        # PowerShell writes $null for a member that is not there (outside strict mode).
        self._out(None)

    def _call(self, obj: Any, name: str, args: list[Any]) -> None:
        from shell.language import members  # noqa: PLC0415
        try:
            result = members.invoke_method(obj, name, args)
        except PSRuntimeError as err:
            record = err.record
            self.write_error(ErrorRecord(record.message, category=ErrorCategory.INVALID_OPERATION,
                                         error_id="MethodInvocationError", target=obj,
                                         exception_type=record.exception_type))
            return
        _unroll(result, self._out)

    def _member_error(self, error_id: str, message: str, target: Any) -> None:
        self.write_error(ErrorRecord(message, category=ErrorCategory.INVALID_ARGUMENT, error_id=error_id,
                                     target=target,
                                     exception_type="System.Management.Automation.PSArgumentException"))


def _member_names(obj: Any) -> list[str]:
    """Names of the properties and methods of ``obj`` (for wildcard member names)."""
    from shell.language import members  # noqa: PLC0415
    return [name for name, _ in members.member_names(obj)]


def _is_method(obj: Any, name: str) -> bool:
    """Whether ``obj`` has a method called ``name`` (any case)."""
    from shell.language import members  # noqa: PLC0415
    low = name.lower()
    return any(member.lower() == low and "method" in kind.lower() for member, kind in members.member_names(obj))


def _type(value: Any) -> str:
    from shell.language.conversions import type_name_of  # noqa: PLC0415
    return type_name_of(value)


# Where-Object's operator switches: parameter name -> (operator, aliases).
_WHERE_OPERATORS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("EQ", "-eq", ("IEQ",)), ("CEQ", "-ceq", ()), ("NE", "-ne", ("INE",)), ("CNE", "-cne", ()),
    ("GT", "-gt", ("IGT",)), ("CGT", "-cgt", ()), ("LT", "-lt", ("ILT",)), ("CLT", "-clt", ()),
    ("GE", "-ge", ("IGE",)), ("CGE", "-cge", ()), ("LE", "-le", ("ILE",)), ("CLE", "-cle", ()),
    ("Like", "-like", ("ILike",)), ("CLike", "-clike", ()),
    ("NotLike", "-notlike", ("INotLike",)), ("CNotLike", "-cnotlike", ()),
    ("Match", "-match", ("IMatch",)), ("CMatch", "-cmatch", ()),
    ("NotMatch", "-notmatch", ("INotMatch",)), ("CNotMatch", "-cnotmatch", ()),
    ("Contains", "-contains", ("IContains",)), ("CContains", "-ccontains", ()),
    ("NotContains", "-notcontains", ("INotContains",)), ("CNotContains", "-cnotcontains", ()),
    ("In", "-in", ("IIn",)), ("CIn", "-cin", ()), ("NotIn", "-notin", ("INotIn",)), ("CNotIn", "-cnotin", ()),
    ("Is", "-is", ()), ("IsNot", "-isnot", ()), ("Not", "-not", ()),
)


def _operator_params() -> tuple[Param, ...]:
    return tuple(Param(name, "switch", aliases=aliases, attr="op_" + name.lower(),
                       help=f"Keeps objects whose property {op} the value.")
                 for name, op, aliases in _WHERE_OPERATORS)


class WhereObject(Cmdlet):
    """Where-Object: keeps the input objects for which a script block or a comparison is true."""

    name = "Where-Object"
    aliases = ("?", "where")
    synopsis = "Selects objects from a collection based on their property values."
    params = (
        Param("InputObject", "object", pipeline=True, help="The object to test ($_)."),
        Param("FilterScript", "object", position=0,
              help="A script block that decides, or (comparison form) the property to compare."),
        Param("Value", "object", position=1, help="The value the property is compared with."),
        Param("Property", "string", help="The property to compare (comparison form)."),
    ) + _operator_params()
    examples = ("Get-Process | Where-Object { $_.CPU -gt 10 }", "Get-Service | ? Status -eq Running",
                "1..10 | where { $_ % 2 }", "$files | ? Length -gt 1kb", "$items | ? Enabled")

    def begin(self) -> None:
        script = self.filter_script
        self._script: ScriptBlock | None = None
        self._operator: str | None = None
        self._prop: str | None = None
        if isinstance(script, ScriptBlock):
            if self.property is not None:
                self._ambiguous()
            self._script = script
            return
        from shell.language.conversions import to_string  # noqa: PLC0415
        if script is not None and self.property is not None and "Value" not in self.bound:
            # `Where-Object -Property V -EQ 1`: with -Property named, PowerShell's comparison
            # sets bind the first positional argument to -Value (position 1 there).
            self.value, script = script, None
            self.bound.add("Value")
        if script is not None and self.property is not None:
            self._ambiguous()
        prop = self.property if self.property is not None else (to_string(script) if script is not None else None)
        chosen = [(name, op) for name, op, _ in _WHERE_OPERATORS if getattr(self, "op_" + name.lower())]
        if len(chosen) > 1:
            self._ambiguous()
        if not prop:
            self.throw("Cannot process command because of one or more missing mandatory parameters: "
                       "FilterScript.", category=ErrorCategory.INVALID_ARGUMENT,
                       error_id="MissingMandatoryParameter")
        self._prop = prop
        value_given = "Value" in self.bound
        if chosen:
            self._operator = chosen[0][1]
            if not value_given and self._operator != "-not":
                self._arg_error("ValueNotSpecifiedForWhereObject",
                                "The specified operator requires both the -Property and -Value parameters. "
                                "Provide values for both parameters, and then try the command again.")
        elif value_given:
            self._arg_error("OperatorNotSpecified",
                            "An operator is required to compare the two specified values. Include a valid "
                            "operator in the command, and then try the command again. For example, "
                            "Get-Process | Where-Object -Property Name -eq Idle")
        if self._operator in ("-is", "-isnot") and isinstance(self.value, str):
            text = self.value.strip()
            if len(text) > 2 and text[0] == "[" and text[-1] == "]":
                self.value = text[1:-1]
        self._test = self._make_test()

    def _ambiguous(self) -> None:
        self.throw("Parameter set cannot be resolved using the specified named parameters. One or more "
                   "parameters issued cannot be used together or an insufficient number of parameters "
                   "were provided.", category=ErrorCategory.INVALID_ARGUMENT, error_id="AmbiguousParameterSet")

    def _arg_error(self, error_id: str, message: str) -> None:
        raise PSRuntimeError(ErrorRecord(message, category=ErrorCategory.INVALID_ARGUMENT, error_id=error_id,
                                         command=self.name, extent=self.extent,
                                         exception_type="System.Management.Automation.PSArgumentException"))

    def _make_test(self) -> Any:
        """A function of the property's value that says whether the object is kept."""
        from shell.language import operations as ops  # noqa: PLC0415
        from shell.language.conversions import truthy  # noqa: PLC0415
        op = self._operator
        value = self.value
        if op is None:
            return truthy
        if op == "-not":
            return lambda v: not truthy(v)
        if op in ("-match", "-cmatch", "-notmatch", "-cnotmatch"):
            case = op.startswith("-c")
            negate = "not" in op
            return lambda v: truthy(ops.match(v, value, case, negate)[0])
        func = ops.BINARY_OPS[op]
        return lambda v: truthy(func(v, value))

    def process(self) -> None:
        if not self.expecting_input and "InputObject" not in self.bound:
            return  # nothing to filter (PowerShell's AutomationNull input)
        item = self.input_object
        script = self._script
        if script is not None:
            result = self.run_block(script, dollar_under=item)
            if not result:
                return
            if len(result) == 1:
                from shell.language.conversions import truthy  # noqa: PLC0415
                if not truthy(result[0]):
                    return
            self._out(item)
            return
        value = self._property_value(item)
        try:
            keep = self._test(value)
        except PSRuntimeError as err:
            self.write_error(ErrorRecord(
                f"The operation '{self._operator}' failed: {err.record.message}",
                category=ErrorCategory.INVALID_OPERATION, error_id="OperatorFailed", target=item))
            return
        if keep:
            self._out(item)

    def _property_value(self, item: Any) -> Any:
        prop = self._prop or ""
        if item is None:
            return None
        if has_wildcard(prop):
            matches = [n for n in property_names(item) if wildcard_match(prop, n)]
            if len(matches) > 1:
                self.write_error(ErrorRecord(
                    f"Input name \"{prop}\" is ambiguous. It can be resolved to multiple matched members. "
                    f"Possible matches include: {' '.join(matches)}.", category=ErrorCategory.INVALID_ARGUMENT,
                    error_id="AmbiguousPropertyName", target=item))
                return None
            if not matches:
                return None
            prop = matches[0]
        value = get_value(item, prop)
        return None if value is MISSING else value
