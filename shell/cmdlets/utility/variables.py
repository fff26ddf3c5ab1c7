"""Get-Variable, Set-Variable, New-Variable, Remove-Variable and Clear-Variable.

A PSVariable is a live view of one variable in one scope: setting its ``Value``
sets the variable. ``-Scope`` takes Global, Script, Local or a number (0 is the
current scope, 1 its parent, ...). The options ReadOnly and Constant are kept in
the scope's ``options``; ReadOnly yields to ``-Force``, Constant never does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from shell.cmdlets.items.paths import name_matches, select_names
from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord
from shell.language.psobject import PSLive

if TYPE_CHECKING:
    from shell.language.runspace import Runspace, Scope

#: Automatic variables computed by the runspace rather than stored in a scope.
_AUTOMATIC = ("?", "Error", "false", "Host", "null", "PWD", "true")
_CONSTANT_AUTOMATIC = {"true", "false", "null", "?", "host", "error", "pwd"}


class PSVariable(PSLive):
    """A variable (``System.Management.Automation.PSVariable``)."""

    ps_type_names = ("System.Management.Automation.PSVariable", "System.Object")
    ps_properties = ("Name", "Value", "Description", "Options", "Visibility")
    ps_table = ("Name", "Value")

    # Declared on the class: PowerShell property lookup (psobject.live_attribute) reads the class.
    Name = Description = ""
    Visibility = "Public"

    def __init__(self, name: str, scope: Scope | None = None, value: Any = None,
                 description: str = "") -> None:
        self.Name = name
        self._scope = scope
        self._value = value
        self.Description = description
        self.Visibility = "Public"

    @property
    def Value(self) -> Any:
        """The variable's current value."""
        if self._scope is None:
            return self._value
        return self._scope.vars.get(self.Name.lower())

    @Value.setter
    def Value(self, value: Any) -> None:
        if self._scope is None:
            self._value = value
        else:
            self._scope.vars[self.Name.lower()] = value

    @property
    def Options(self) -> str:
        """None, ReadOnly or Constant."""
        if self._scope is None:
            return "Constant" if self.Name.lower() in _CONSTANT_AUTOMATIC else "None"
        return self._scope.options.get(self.Name.lower(), "None")

    def __str__(self) -> str:
        return self.Name

    def __repr__(self) -> str:
        return f"PSVariable({self.Name!r})"


def scope_for(cmdlet: Cmdlet, spec: Any) -> Scope | None:
    """The Scope ``-Scope`` names (None: the current scope and its parents, for reading)."""
    rs = cmdlet.runspace
    if spec is None or str(spec) == "":
        return None
    text = str(spec).strip().lower()
    if text == "global":
        return rs.global_scope
    if text == "script":
        return rs.script_scope
    if text in ("local", "private"):
        return rs.scope
    if text.isdigit():
        scope = rs.scope
        for _ in range(int(text)):
            if scope.parent is None:
                break
            scope = scope.parent
        else:
            return scope
        cmdlet.throw(f"The scope number '{text}' exceeds the number of active scopes.",
                     category=ErrorCategory.INVALID_ARGUMENT, error_id="ArgumentOutOfRange")
    cmdlet.throw(f"The scope '{spec}' is not valid. Use Global, Script, Local or a scope number.",
                 category=ErrorCategory.INVALID_ARGUMENT, error_id="ArgumentOutOfRange")


def _chain(rs: Runspace) -> list[Scope]:
    out = []
    scope: Scope | None = rs.scope
    while scope is not None:
        out.append(scope)
        scope = scope.parent
    return out


def visible(cmdlet: Cmdlet, scope_spec: Any) -> list[PSVariable]:
    """Every variable visible (or in the named scope), sorted by name as PowerShell lists them."""
    rs = cmdlet.runspace
    scope = scope_for(cmdlet, scope_spec)
    found: dict[str, PSVariable] = {}
    chain = [scope] if scope is not None else _chain(rs)
    for s in chain:
        for key in s.vars:
            if key not in found:
                found[key] = PSVariable(s.names.get(key, key), s)
    if scope is None or scope is rs.global_scope:
        for name in _AUTOMATIC:
            if name.lower() not in found:
                found[name.lower()] = PSVariable(name, None, rs.get_variable(name))
    return sorted(found.values(), key=lambda v: v.Name.lower())


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def _name_of(var: PSVariable) -> str:
    return var.Name


def _not_found(name: str) -> ErrorRecord:
    return ErrorRecord(f"Cannot find a variable with the name '{name}'.",
                       category=ErrorCategory.OBJECT_NOT_FOUND, error_id="VariableNotFound",
                       target=name, exception_type="System.Management.Automation.ItemNotFoundException")


def _not_writable(name: str, removing: bool = False) -> ErrorRecord:
    if removing:
        message = (f"Cannot remove variable {name} because it is constant or read-only. If the "
                   "variable is read-only, try the operation again specifying the Force option.")
    else:
        message = f"Cannot overwrite variable {name} because it is read-only or constant."
    return ErrorRecord(message, category=ErrorCategory.WRITE_ERROR, error_id="VariableNotWritable",
                       target=name,
                       exception_type="System.Management.Automation.SessionStateUnauthorizedAccessException")


def _select(cmdlet: Cmdlet, names: list[str], scope_spec: Any) -> list[PSVariable]:
    """The variables matching ``names`` (wildcards; all when empty), less -Exclude; errors for misses."""
    include = getattr(cmdlet, "include", None)
    exclude = getattr(cmdlet, "exclude", None)
    out = select_names(visible(cmdlet, scope_spec), names or ["*"], _name_of,
                       lambda pattern: cmdlet.write_error(_not_found(pattern)))
    if include:
        out = [v for v in out if name_matches(v.Name, include)]
    if exclude:
        out = [v for v in out if not name_matches(v.Name, exclude)]
    return out


class GetVariable(Cmdlet):
    """Get-Variable [[-Name] <string[]>] [-ValueOnly] [-Scope <string>]."""

    name = "Get-Variable"
    aliases = ("gv",)
    synopsis = "Gets the variables in the current console."
    description = "Lists variables (wildcards allowed) as Name/Value objects, or only their values with -ValueOnly."
    examples = ("Get-Variable", "Get-Variable m*", "Get-Variable home -ValueOnly",
                "Get-Variable -Scope Global")
    params = (
        Param("Name", "string[]", position=0, pipeline=True, by_property_name=True, attr="names",
              completer="variable", help="Variable names; wildcards allowed."),
        Param("ValueOnly", "switch", help="Write only the values."),
        Param("Include", "string[]", help="Only variables whose names match these wildcards."),
        Param("Exclude", "string[]", help="Leave out variables whose names match these wildcards."),
        Param("Scope", "string", help="Global, Script, Local or a scope number."),
    )

    def process(self) -> None:
        """Write the variables."""
        for var in _select(self, _names(self.names), self.scope):
            if self.value_only:
                self.write(var.Value)
            else:
                self.write(var)


class _VariableWriter(Cmdlet):
    """Setting a variable, honouring ReadOnly/Constant and -Force."""

    def _target_scope(self) -> Scope:
        return scope_for(self, getattr(self, "scope", None)) or self.runspace.scope

    def _assign(self, scope: Scope, name: str, value: Any) -> None:
        """Set the variable (with -Option, -Description, -PassThru); an error when it is protected."""
        key = name.lower()
        if _protected(scope, key, self.force) or key in _CONSTANT_AUTOMATIC:
            self.write_error(_not_writable(name))
            return
        scope.set_local(name, value)
        if self.option is not None:
            opts = _options(self, self.option)
            if opts:
                scope.options[key] = opts
            elif self.force:
                scope.options.pop(key, None)
        var = PSVariable(scope.names.get(key, name), scope)
        if self.var_description:
            var.Description = self.var_description
        if self.pass_thru:
            self.write(var)


def _protected(scope: Scope, key: str, force: bool) -> bool:
    """Whether a variable's option forbids changing it: Constant, or ReadOnly without -Force."""
    option = scope.options.get(key)
    return option == "Constant" or (option == "ReadOnly" and not force)


def _options(cmdlet: Cmdlet, option: Any) -> str | None:
    given = [str(o) for o in option] if isinstance(option, (list, tuple)) else str(option).split(",")
    names = {o.strip().lower() for o in given}
    names.discard("")
    names.discard("none")
    for known in ("constant", "readonly"):
        if known in names:
            return "Constant" if known == "constant" else "ReadOnly"
    unknown = names - {"private", "allscope"}
    if unknown:
        cmdlet.throw(f"Cannot convert '{', '.join(given)}' to a variable option. Use None, ReadOnly, Constant, "
                     "Private or AllScope.", category=ErrorCategory.INVALID_ARGUMENT,
                     error_id="CannotConvertArgument")
    return None


class SetVariable(_VariableWriter):
    """Set-Variable [-Name] <string[]> [[-Value] <object>] [-Scope <string>] [-Option <string>] [-PassThru]."""

    name = "Set-Variable"
    aliases = ("set", "sv")
    synopsis = "Sets the value of a variable, creating it if it does not exist."
    description = ("Sets a variable (in the current scope, or the one -Scope names). Piped "
                   "values become the value (several make an array). -Option ReadOnly protects "
                   "it; -Force overrides that.")
    examples = ("Set-Variable answer 42", "Set-Variable -Name limit -Value 10 -Option ReadOnly",
                "Get-ChildItem | Set-Variable files")
    params = (
        Param("Name", "string[]", position=0, mandatory=True, by_property_name=True, attr="names",
              completer="variable", help="The variable's name (no $)."),
        Param("Value", "object", position=1, pipeline=True, by_property_name=True,
              help="The new value."),
        Param("Scope", "string", help="Global, Script, Local or a scope number."),
        Param("Option", "string[]", help="None, ReadOnly, Constant, Private or AllScope."),
        Param("Description", "string", attr="var_description", help="A description of the variable."),
        Param("Force", "switch", help="Overwrite a read-only variable."),
        Param("PassThru", "switch", help="Write the variable."),
    )

    def begin(self) -> None:
        """Nothing piped yet."""
        self._piped: list[Any] = []

    def process(self) -> None:
        """Collect piped values (or set at once when nothing is piped)."""
        if self.expecting_input:
            self._piped.append(self.value)
        else:
            self._set(self.value)

    def end(self) -> None:
        """Set the variable to what was piped."""
        if self.expecting_input:
            self._set(self._piped[0] if len(self._piped) == 1 else list(self._piped)
                      if self._piped else None)

    def _set(self, value: Any) -> None:
        scope = self._target_scope()
        for name in _names(self.names):
            self._assign(scope, name, value)


class NewVariable(_VariableWriter):
    """New-Variable [-Name] <string> [[-Value] <object>] [-Scope <string>] [-Option <string>] [-Force]."""

    name = "New-Variable"
    aliases = ("nv",)
    synopsis = "Creates a new variable."
    description = "Creates a variable; one of that name already in the scope is an error unless -Force."
    examples = ("New-Variable days 7", "New-Variable -Name pi -Value 3.14159 -Option Constant")
    params = (
        Param("Name", "string", position=0, mandatory=True, by_property_name=True, attr="names",
              help="The variable's name (no $)."),
        Param("Value", "object", position=1, pipeline=True, by_property_name=True,
              help="The initial value."),
        Param("Scope", "string", help="Global, Script, Local or a scope number."),
        Param("Option", "string[]", help="None, ReadOnly, Constant, Private or AllScope."),
        Param("Description", "string", attr="var_description", help="A description of the variable."),
        Param("Force", "switch", help="Replace an existing variable."),
        Param("PassThru", "switch", help="Write the variable."),
    )

    def process(self) -> None:
        """Create the variable."""
        scope = self._target_scope()
        name = str(self.names)
        key = name.lower()
        if key in scope.vars and not self.force:
            self.write_error(ErrorRecord(f"A variable with name '{name}' already exists.",
                                         category=ErrorCategory.RESOURCE_EXISTS,
                                         error_id="VariableAlreadyExists", target=name,
                                         exception_type="System.Management.Automation.SessionStateException"))
            return
        self._assign(scope, name, self.value)


def _changeable(cmdlet: Cmdlet, *, removing: bool) -> Iterator[tuple[PSVariable, Scope, str]]:
    """The variables -Name selects that may be changed, with their scope and key; an error for the others."""
    for var in _select(cmdlet, _names(cmdlet.names), cmdlet.scope):  # type: ignore[attr-defined]
        scope = var._scope
        key = var.Name.lower()
        if scope is None or _protected(scope, key, cmdlet.force):  # type: ignore[attr-defined]
            cmdlet.write_error(_not_writable(var.Name, removing=removing))
            continue
        yield var, scope, key


class RemoveVariable(Cmdlet):
    """Remove-Variable [-Name] <string[]> [-Scope <string>] [-Force]."""

    name = "Remove-Variable"
    aliases = ("rv",)
    synopsis = "Deletes a variable and its value."
    description = "Deletes variables (wildcards allowed) from the scope they are found in (or -Scope)."
    examples = ("Remove-Variable answer", "Remove-Variable tmp*")
    params = (
        Param("Name", "string[]", position=0, mandatory=True, by_property_name=True, attr="names",
              completer="variable", help="Variable names; wildcards allowed."),
        Param("Include", "string[]", help="Only variables whose names match these wildcards."),
        Param("Exclude", "string[]", help="Leave out variables whose names match these wildcards."),
        Param("Scope", "string", help="Global, Script, Local or a scope number."),
        Param("Force", "switch", help="Remove a read-only variable too."),
    )

    def process(self) -> None:
        """Remove each variable."""
        for _var, scope, key in _changeable(self, removing=True):
            scope.vars.pop(key, None)
            scope.names.pop(key, None)
            scope.options.pop(key, None)


class ClearVariable(Cmdlet):
    """Clear-Variable [-Name] <string[]> [-Scope <string>] [-Force] [-PassThru]."""

    name = "Clear-Variable"
    aliases = ("clv",)
    synopsis = "Deletes the value of a variable."
    description = "Sets variables (wildcards allowed) to $null, keeping them defined."
    examples = ("Clear-Variable answer",)
    params = (
        Param("Name", "string[]", position=0, mandatory=True, by_property_name=True, attr="names",
              completer="variable", help="Variable names; wildcards allowed."),
        Param("Include", "string[]", help="Only variables whose names match these wildcards."),
        Param("Exclude", "string[]", help="Leave out variables whose names match these wildcards."),
        Param("Scope", "string", help="Global, Script, Local or a scope number."),
        Param("Force", "switch", help="Clear a read-only variable too."),
        Param("PassThru", "switch", help="Write the cleared variables."),
    )

    def process(self) -> None:
        """Clear each variable."""
        for var, scope, key in _changeable(self, removing=False):
            scope.vars[key] = None
            if self.pass_thru:
                self.write(var)

