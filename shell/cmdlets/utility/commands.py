"""Get-Command, Get-Alias, Set-Alias, New-Alias and Remove-Alias.

Names resolve in PowerShell's order: alias, function, cmdlet, then a program on
PATH (so ``Get-Command ls`` finds the native ``ls``, which PowerShell 7 on Linux
leaves alone). With a wildcard, every kind that matches is listed, programs on
PATH included.
"""

from __future__ import annotations

import os
from typing import Any

from shell.cmdlets.items.paths import has_wildcard, name_matches, select_names
from shell.cmdlets.utility.commandinfo import (TYPE_ORDER, AliasInfo, ApplicationInfo, CmdletInfo,
                                               CommandInfo, ExternalScriptInfo, FunctionCommandInfo,
                                               all_aliases, all_functions, set_alias_description)
from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord
from shell.language.regex import wildcard_regex

_TYPES = ("Alias", "Function", "Filter", "Cmdlet", "ExternalScript", "Application", "Script", "All")


def not_recognized(name: str) -> ErrorRecord:
    """PowerShell's error for a name that is no command."""
    return ErrorRecord(f"The term '{name}' is not recognized as a name of a cmdlet, function, "
                       "script file, or executable program.\nCheck the spelling of the name, or "
                       "if a path was included, verify that the path is correct and try again.",
                       category=ErrorCategory.OBJECT_NOT_FOUND, error_id="CommandNotFoundException",
                       target=name, exception_type="System.Management.Automation.CommandNotFoundException")


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(v) for v in str(value).split(",")] if "," in str(value) else [str(value)]


def _path_dirs() -> list[str]:
    seen: list[str] = []
    for entry in os.environ.get("PATH", "").split(os.pathsep):
        if entry and entry not in seen and os.path.isdir(entry):
            seen.append(entry)
    return seen


def applications(pattern: str | None) -> list[ApplicationInfo]:
    """Programs on PATH whose names match ``pattern`` (all when None), first directory first."""
    rx = wildcard_regex(pattern, case_sensitive=True) if pattern else None
    found: list[ApplicationInfo] = []
    for directory in _path_dirs():
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if rx is not None and not rx.fullmatch(entry.name):
                continue
            try:
                if entry.is_file() and os.access(entry.path, os.X_OK):
                    found.append(ApplicationInfo(entry.name, entry.path))
            except OSError:
                continue
    return found


def resolve(runspace: Any, name: str, *, every: bool = False) -> list[CommandInfo]:
    """What ``name`` (no wildcards) stands for: the command that would run, or with ``every`` all of them."""
    import shutil  # noqa: PLC0415

    out: list[CommandInfo] = []
    low = name.lower()
    if "/" in name or low.endswith(".ps1"):
        path = runspace.resolve_path(name)
        if os.path.isfile(path):
            if low.endswith(".ps1"):
                return [ExternalScriptInfo(path)]
            if os.access(path, os.X_OK):
                return [ApplicationInfo(os.path.basename(path), path)]
        return []
    user = runspace.aliases.get(low)
    if user is not None:
        out.append(AliasInfo(low, str(user), False))
    else:
        target = runspace.commands.alias_target(low)
        if target is not None:
            out.append(AliasInfo(low, target, True))
    function = runspace.get_function(name)
    if function is not None:
        out.append(FunctionCommandInfo(function))
    cls = runspace.commands.cmdlet(name)
    if cls is not None:
        out.append(CmdletInfo(cls))
    if every:
        out.extend(applications(_escape(name)))
    else:
        found = shutil.which(name)
        if found is not None:
            out.append(ApplicationInfo(os.path.basename(found), found))
    return out if every else out[:1]


def _no_alias(what: str, pattern: str) -> ErrorRecord:
    """PowerShell's error for an alias name (or definition) without wildcards that matches none."""
    return ErrorRecord(f"This command cannot find a matching alias because an alias with the {what} "
                       f"'{pattern}' does not exist.", category=ErrorCategory.OBJECT_NOT_FOUND,
                       error_id="ItemNotFoundException", target=pattern,
                       exception_type="System.Management.Automation.ItemNotFoundException")


def _escape(name: str) -> str:
    return "".join("`" + c if c in "*?[]`" else c for c in name)


def _sort_key(info: CommandInfo) -> tuple[int, str]:
    return (TYPE_ORDER.get(info.CommandType, 9), info.Name.lower())


class GetCommand(Cmdlet):
    """Get-Command [[-Name] <string[]>] [-CommandType <string[]>] [-Verb <string[]>] [-Noun <string[]>]."""

    name = "Get-Command"
    aliases = ("gcm",)
    synopsis = "Gets all commands."
    description = ("Lists the commands psrepl knows: aliases, functions, cmdlets and (when a "
                   "name is given) programs on PATH. A plain name shows the command that would "
                   "run (-All: every command of that name); wildcards list every match.")
    examples = ("Get-Command", "Get-Command *-Item", "Get-Command -Verb Get", "Get-Command ls",
                "Get-Command Get-ChildItem -Syntax")
    params = (
        Param("Name", "string[]", position=0, pipeline=True, by_property_name=True, attr="names",
              completer="command", help="Command names; wildcards allowed."),
        Param("CommandType", "string[]", aliases=("Type",), choices=_TYPES,
              help="Only these kinds of command."),
        Param("Verb", "string[]", help="Only cmdlets and functions with these verbs (wildcards allowed)."),
        Param("Noun", "string[]", help="Only cmdlets and functions with these nouns (wildcards allowed)."),
        Param("Module", "string[]", help="Only commands from these modules (psrepl's are 'psrepl')."),
        Param("All", "switch", help="Every command of the name, not only the one that runs."),
        Param("Syntax", "switch", help="Write the syntax of the commands instead."),
        Param("TotalCount", "int", help="At most this many commands."),
    )

    def process(self) -> None:
        """Write the commands found."""
        names = _list(self.names)
        types = {t.lower() for t in _list(self.command_type)}
        if "all" in types:
            types = set()
        if "script" in types:
            types.add("externalscript")
        if "filter" in types:
            types.add("function")
        found: list[CommandInfo] = []
        if not names:
            found = self._everything(types)
        for name in names:
            if has_wildcard(name):
                found.extend(i for i in self._matching(name, types) if i not in found)
                continue
            hits = [i for i in resolve(self.runspace, name, every=self.all)
                    if not types or i.CommandType.lower() in types]
            hits = [i for i in hits if self._verb_noun_ok(i)]
            if not hits:
                self.write_error(not_recognized(name))
            found.extend(i for i in hits if i not in found)
        if self.total_count is not None and self.total_count >= 0:
            found = found[: self.total_count]
        for info in found:
            if self.syntax:
                self.write(self._syntax(info))
            else:
                self.write(info)

    def _everything(self, types: set[str]) -> list[CommandInfo]:
        rs = self.runspace
        out: list[CommandInfo] = []
        if (not types or "alias" in types) and not (self.verb or self.noun):
            out.extend(all_aliases(rs))
        if not types or "function" in types:
            out.extend(all_functions(rs))
        if not types or "cmdlet" in types:
            out.extend(sorted((CmdletInfo(c) for c in rs.commands.all_cmdlets()),
                              key=lambda i: i.Name.lower()))
        if "application" in types and not (self.verb or self.noun):
            out.extend(applications(None))
        return [i for i in out if self._verb_noun_ok(i)]

    def _matching(self, pattern: str, types: set[str]) -> list[CommandInfo]:
        everything = self._everything(types)
        out = [i for i in everything if name_matches(i.Name, [pattern])]
        if (not types or "application" in types) and not (self.verb or self.noun):
            out.extend(a for a in applications(pattern) if a not in out)
        out.sort(key=_sort_key)
        return out

    def _verb_noun_ok(self, info: CommandInfo) -> bool:
        if not (self.verb or self.noun or self.module):
            return True
        if self.module and not name_matches(info.Source, _list(self.module)):
            return False
        if not (self.verb or self.noun):
            return True
        if not isinstance(info, (CmdletInfo, FunctionCommandInfo)) or "-" not in info.Name:
            return False
        verb, _, noun = info.Name.partition("-")
        if self.verb and not name_matches(verb, _list(self.verb)):
            return False
        if self.noun and not name_matches(noun, _list(self.noun)):
            return False
        return True

    def _syntax(self, info: CommandInfo) -> str:
        if isinstance(info, AliasInfo):
            return f"{info.Name} (alias) -> {info.Definition}"
        if isinstance(info, FunctionCommandInfo):
            from shell.cmdlets.utility.help import function_source  # noqa: PLC0415
            from shell.cmdlets.utility.helptext import syntax_line  # noqa: PLC0415
            src = function_source(self.runspace, info._function)
            return syntax_line(info.Name, src.params, src.common)
        return info.Definition


class GetAlias(Cmdlet):
    """Get-Alias [[-Name] <string[]>] [-Definition <string[]>] [-Exclude <string[]>]."""

    name = "Get-Alias"
    aliases = ("gal",)
    synopsis = "Gets the aliases for the current session."
    description = ("Lists aliases (built in and your own), with wildcards. -Definition finds "
                   "the aliases of a command.")
    examples = ("Get-Alias", "Get-Alias g*", "Get-Alias -Definition Get-ChildItem")
    params = (
        Param("Name", "string[]", position=0, pipeline=True, by_property_name=True, attr="names",
              help="Alias names; wildcards allowed."),
        Param("Definition", "string[]", help="Only aliases for these commands (wildcards allowed)."),
        Param("Exclude", "string[]", help="Leave out aliases whose names match these wildcards."),
        Param("Scope", "string", help="Accepted for compatibility (aliases are per runspace)."),
    )

    def process(self) -> None:
        """Write the aliases."""
        everything = all_aliases(self.runspace)
        names = _list(self.names)
        definitions = _list(self.definition)
        found = select_names(everything, names or (["*"] if not definitions else []), lambda a: a.Name,
                             lambda pattern: self.write_error(_no_alias("name", pattern)))
        if definitions:
            found = select_names(found if names else everything, definitions, lambda a: a.Definition,
                                 lambda pattern: self.write_error(_no_alias("definition", pattern)))
        if self.exclude:
            found = [a for a in found if not name_matches(a.Name, _list(self.exclude))]
        for alias in sorted(found, key=lambda a: a.Name.lower()):
            self.write(alias)


class SetAlias(Cmdlet):
    """Set-Alias [-Name] <string> [-Value] <string> [-Description <string>] [-PassThru]."""

    name = "Set-Alias"
    aliases = ("sal",)
    synopsis = "Creates or changes an alias for a cmdlet or other command in the current session."
    description = "Makes a name stand for a command (a cmdlet, function, script or program)."
    examples = ("Set-Alias np nano", "Set-Alias -Name list -Value Get-ChildItem")
    params = (
        Param("Name", "string", position=0, mandatory=True, by_property_name=True, attr="alias_name",
              help="The alias."),
        Param("Value", "string", position=1, mandatory=True, by_property_name=True,
              help="The command it stands for."),
        Param("Description", "string", attr="alias_description", help="A description of the alias."),
        Param("Option", "string[]", help="Accepted for compatibility (None, ReadOnly, AllScope)."),
        Param("Scope", "string", help="Accepted for compatibility (aliases are per runspace)."),
        Param("Force", "switch", help="Accepted for compatibility."),
        Param("PassThru", "switch", help="Write the alias."),
    )

    #: New-Alias refuses a name already in use.
    refuse_existing = False

    def process(self) -> None:
        """Define the alias."""
        rs = self.runspace
        name = str(self.alias_name or "").strip()
        target = str(self.value or "").strip()
        if not name or not target:
            self.throw("An alias needs a name and a value.", category=ErrorCategory.INVALID_ARGUMENT,
                       error_id="ArgumentNull")
        low = name.lower()
        exists = low in rs.aliases or rs.commands.alias_target(low) is not None
        if self.refuse_existing and exists and not self.force:
            self.write_error(ErrorRecord(
                f"The alias is not allowed, because an alias with the name '{name}' already exists.",
                category=ErrorCategory.RESOURCE_EXISTS, error_id="AliasAlreadyExists", target=name,
                exception_type="System.Management.Automation.SessionStateException"))
            return
        if low == target.lower():
            self.write_error(ErrorRecord(f"The alias '{name}' cannot stand for itself.",
                                         category=ErrorCategory.INVALID_ARGUMENT,
                                         error_id="AliasLoop", target=name))
            return
        rs.aliases[low] = target
        if self.alias_description:
            set_alias_description(rs, low, str(self.alias_description))
        if self.pass_thru:
            self.write(AliasInfo(low, target, False, str(self.alias_description or "")))


class NewAlias(SetAlias):
    """New-Alias [-Name] <string> [-Value] <string> [-Description <string>] [-Force] [-PassThru]."""

    name = "New-Alias"
    aliases = ("nal",)
    synopsis = "Creates a new alias."
    description = "Like Set-Alias, but an alias that already exists is an error unless -Force."
    examples = ("New-Alias ll Get-ChildItem",)
    refuse_existing = True


class RemoveAlias(Cmdlet):
    """Remove-Alias [-Name] <string[]> [-Force]."""

    name = "Remove-Alias"
    aliases = ()
    synopsis = "Removes an alias from the current session."
    description = "Removes aliases you made with Set-Alias or New-Alias (built-in aliases stay)."
    examples = ("Remove-Alias np",)
    params = (
        Param("Name", "string[]", position=0, mandatory=True, pipeline=True, by_property_name=True,
              attr="names", help="The aliases to remove."),
        Param("Scope", "string", help="Accepted for compatibility."),
        Param("Force", "switch", help="Accepted for compatibility."),
    )

    def process(self) -> None:
        """Remove each alias."""
        rs = self.runspace
        for name in _list(self.names):
            low = name.lower()
            if low in rs.aliases:
                del rs.aliases[low]
            elif rs.commands.alias_target(low) is not None:
                self.write_error(ErrorRecord(
                    f"Alias '{name}' is built into psrepl and cannot be removed; Set-Alias can "
                    "point it elsewhere.", category=ErrorCategory.WRITE_ERROR,
                    error_id="AliasNotRemovable", target=name))
            else:
                self.write_error(_no_alias("name", name))
