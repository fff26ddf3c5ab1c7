"""Get-Help: help pages made from the command declarations.

``Get-Help Name`` shows NAME, SYNOPSIS, SYNTAX, DESCRIPTION, ALIASES and REMARKS;
``-Detailed``/``-Full`` add the PARAMETERS and EXAMPLES, ``-Examples`` shows only the
examples, ``-Parameter P`` only that parameter. A function's page comes from its
``param()`` block and comment-based help. With a wildcard (or a name several
commands match) Get-Help lists the matches; with no name it introduces psrepl.
A command's page is a HelpInfo object (``(Get-Help Get-Date).Synopsis`` works, as in
PowerShell) that shows as the page's text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from shell.cmdlets.items.paths import has_wildcard, name_matches
from shell.cmdlets.utility.helptext import HelpSource, comment_help, render, render_parameters
from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord
from shell.language.psobject import PSLive, PSObject

INTRO = """
TOPIC
    psrepl Help System

SHORT DESCRIPTION
    Displays help about psrepl cmdlets and concepts.

LONG DESCRIPTION
    psrepl is an interactive shell that speaks a real subset of the PowerShell
    language and brings PowerShell's job and session model to any machine with
    Python and SSH: commands pass objects down the pipeline, run as jobs (in a
    thread, in another process, or on another computer), and run in sessions
    that you can enter, leave, disconnect from and come back to.

  SYNTAX
    Get-Help <CommandName> [-Detailed | -Full | -Examples | -Parameter <name>]

  EXAMPLES
    Get-Help Get-ChildItem        Shows help about the Get-ChildItem cmdlet.
    Get-Help Get-ChildItem -Full  Adds every parameter and the examples.
    Get-Help *-Job                Lists the commands whose names end in -Job.
    Get-Command                   Lists every command psrepl knows.
    Get-Command -Noun Item        Lists the commands that work on items.
    Get-Alias                     Lists the aliases (gci -> Get-ChildItem, ...).

  NATIVE PROGRAMS
    Anything that is not a cmdlet, function or alias runs as a program found on
    PATH, as in PowerShell 7 on Linux: ls, cat, ps, cp, mv, rm, kill and man
    are the native programs. Their help is in their manual pages (man ls).
"""


class HelpInfo(PSLive):
    """One command's help page: its properties, shown as the page's text."""

    ps_type_names = ("MamlCommandHelpInfo", "HelpInfo", "System.Object")
    ps_properties = ("Name", "Category", "Synopsis", "Description", "Aliases", "Syntax")
    #: Shown as the page's text, as PowerShell's help views do.
    ps_view: ClassVar[str | None] = "string"

    def __init__(self, src: HelpSource, text: str) -> None:
        self.Name = src.name
        self.Category = src.category
        self.Synopsis = src.synopsis
        self.Description = src.description
        self.Aliases = list(src.aliases)
        self.Syntax = _section(text, "SYNTAX")
        self._text = text

    def __str__(self) -> str:
        return self._text


def _section(text: str, heading: str) -> str:
    """The indented body under ``heading`` in a rendered page ('' when absent)."""
    lines = text.split("\n")
    if heading not in lines:
        return ""
    body: list[str] = []
    for line in lines[lines.index(heading) + 1:]:
        if line and not line.startswith(" "):
            break
        body.append(line.strip())
    return "\n".join(b for b in body if b)


def cmdlet_source(runspace: Any, cls: Any) -> HelpSource:
    """The help of a cmdlet class."""
    aliases = [a for a in cls.aliases]
    aliases += [name for name, target in runspace.aliases.items()
                if str(target).lower() == cls.name.lower() and name not in aliases]
    return HelpSource(cls.name, category="Cmdlet", synopsis=cls.synopsis,
                      description=cls.description, params=cls.params, aliases=sorted(aliases),
                      examples=cls.examples)


def function_source(runspace: Any, function: Any) -> HelpSource:
    """The help of a function: its parameters (as the binder sees them) and comment-based help."""
    ast = function.scriptblock.ast
    params = function_params(ast)
    common = _is_advanced(ast)
    doc = comment_help(function.scriptblock.text or "")
    aliases = sorted(name for name, target in runspace.aliases.items()
                     if str(target).lower() == function.name.lower())
    return HelpSource(function.name, category="Function", synopsis=doc.get("synopsis", ""),
                      description=doc.get("description", ""), params=params, aliases=aliases,
                      examples=doc.get("examples", []), param_help=doc.get("parameters", {}),
                      notes=doc.get("notes", ""), common=common)


def function_params(ast: Any) -> list[Param]:
    """A function's parameters read from its ``param()`` block, as the binder declares them.

    Positions follow PowerShell: parameters without an explicit Position are
    positional in order, switches never; the default is kept as its source text.
    """
    block = getattr(ast, "param_block", None)
    out: list[Param] = []
    position = 0
    for p in getattr(block, "parameters", None) or ():
        kind = (p.type_name or "object").lower().removeprefix("system.")
        kind = {"int32": "int", "int64": "long", "boolean": "bool", "switchparameter": "switch",
                "psobject": "object", "array": "object[]"}.get(kind, kind)
        mandatory = pipeline = by_prop = False
        explicit: int | None = None
        aliases: tuple[str, ...] = ()
        for attr in p.attributes or ():
            attr_name = str(getattr(attr, "type_name", "")).lower()
            if attr_name == "parameter":
                for key, value in attr.named or ():
                    flag = value is None or _constant(value) not in (False, 0, None)
                    low = str(key).lower()
                    if low == "mandatory":
                        mandatory = flag
                    elif low == "valuefrompipeline":
                        pipeline = flag
                    elif low == "valuefrompipelinebypropertyname":
                        by_prop = flag
                    elif low == "position" and isinstance(_constant(value), int):
                        explicit = _constant(value)
            elif attr_name == "alias":
                aliases = tuple(str(_constant(a)) for a in attr.positional or ())
        default = p.default.extent.text if p.default is not None else None
        param = Param(p.name, kind, position=explicit, mandatory=mandatory, pipeline=pipeline,
                      by_property_name=by_prop, aliases=aliases, default=default)
        if explicit is None and not param.is_switch:
            param.position = position
            position += 1
        out.append(param)
    return out


def _constant(node: Any) -> Any:
    if node is None:
        return None
    name = getattr(node, "name", None)
    if name is not None and type(node).__name__ == "VariableExpressionAst":
        return {"true": True, "false": False, "null": None}.get(str(name).lower(), name)
    return getattr(node, "value", None)


def _is_advanced(ast: Any) -> bool:
    """Whether a function has [CmdletBinding()] or [Parameter()] (and so the common parameters)."""
    block = getattr(ast, "param_block", None)
    if block is None:
        return False
    for attr in block.attributes or ():
        if str(attr.type_name).lower() == "cmdletbinding":
            return True
    for p in block.parameters or ():
        for attr in p.attributes or ():
            if str(getattr(attr, "type_name", "")).lower() == "parameter":
                return True
    return False


class GetHelp(Cmdlet):
    """Get-Help [[-Name] <string>] [-Full] [-Detailed] [-Examples] [-Parameter <string[]>]."""

    name = "Get-Help"
    aliases = ("help",)
    synopsis = "Displays information about psrepl commands and concepts."
    description = ("Shows the help of a cmdlet or function: what it does, its syntax, its "
                   "aliases and (with -Detailed or -Full) each parameter and examples. A wildcard "
                   "lists the matching commands.")
    examples = ("Get-Help", "Get-Help Get-ChildItem", "Get-Help gci -Examples",
                "Get-Help Start-Process -Parameter Wait", "Get-Help *-Location")
    params = (
        Param("Name", "string", position=0, by_property_name=True, attr="topic",
              completer="command", help="The command (or a wildcard) to show help about."),
        Param("Full", "switch", help="Show the whole page: parameters and examples too."),
        Param("Detailed", "switch", help="Show the parameters and examples too."),
        Param("Examples", "switch", attr="show_examples", help="Show only the examples."),
        Param("Parameter", "string[]", help="Show only these parameters (wildcards allowed)."),
        Param("Online", "switch", help="Not supported: psrepl's help is all here."),
    )

    def process(self) -> None:
        """Write the help text."""
        width = max(40, int(getattr(self.host, "width", 80) or 80))
        topic = str(self.topic or "").strip()
        if self.online:
            self.throw("psrepl has no online help: the help shown by Get-Help is all there is.",
                       category=ErrorCategory.INVALID_OPERATION, error_id="InvalidOperation")
        if not topic:
            self.write(INTRO.lstrip("\n"))
            return
        if has_wildcard(topic):
            self._list_matches(topic)
            return
        src = self._source(topic)
        if src is None:
            self.write_error(ErrorRecord(
                f"Get-Help could not find {topic} in a help file in this session. Use Get-Command "
                "to see the commands psrepl knows.", category=ErrorCategory.OBJECT_NOT_FOUND,
                error_id="HelpNotFound", target=topic,
                exception_type="Microsoft.PowerShell.Commands.HelpNotFoundException"))
            return
        if self.parameter:
            patterns = self.parameter if isinstance(self.parameter, (list, tuple)) else [self.parameter]
            text = render_parameters(src, [str(p) for p in patterns], width)
            if text is None:
                self.write_error(ErrorRecord(
                    f"No parameter matches criteria {', '.join(str(p) for p in patterns)}.",
                    category=ErrorCategory.OBJECT_NOT_FOUND, error_id="NoParmsFound",
                    target=src.name, exception_type="System.ArgumentException"))
                return
            self.write(text)
            return
        mode = ("full" if self.full else "detailed" if self.detailed
                else "examples" if self.show_examples else "default")
        self.write(HelpInfo(src, render(src, mode=mode, width=width)))

    def _source(self, topic: str) -> HelpSource | None:
        """The help of whatever ``topic`` names (following aliases)."""
        rs = self.runspace
        name = topic
        seen: set[str] = set()
        while True:
            low = name.lower()
            target = rs.aliases.get(low) or rs.commands.alias_target(low)
            if target is None or low in seen:
                break
            seen.add(low)
            name = str(target)
        function = rs.get_function(name)
        if function is not None:
            return function_source(rs, function)
        cls = rs.commands.cmdlet(name)
        if cls is not None:
            return cmdlet_source(rs, cls)
        import shutil  # noqa: PLC0415
        path = shutil.which(name)
        if path is not None:
            return HelpSource(name, category="Application",
                              synopsis=f"{name} is a native program ({path}).",
                              description=f"Its help is its manual page (man {name}) or its own "
                                          f"--help text ({name} --help).", common=False)
        return None

    def _list_matches(self, pattern: str) -> None:
        """A table of the commands matching ``pattern``."""
        rs = self.runspace
        rows: list[PSObject] = []
        from shell.cmdlets.utility.commandinfo import all_aliases, all_functions  # noqa: PLC0415
        for alias in all_aliases(rs):
            if name_matches(alias.Name, [pattern]):
                rows.append(_row(alias.Name, "Alias", f"{alias.Name} -> {alias.Definition}"))
        for function in all_functions(rs):
            if name_matches(function.Name, [pattern]):
                rows.append(_row(function.Name, "Function",
                                 function_source(rs, function._function).synopsis))
        for cls in sorted(rs.commands.all_cmdlets(), key=lambda c: c.name.lower()):
            if name_matches(cls.name, [pattern]):
                rows.append(_row(cls.name, "Cmdlet", cls.synopsis))
        if not rows:
            self.write_error(ErrorRecord(
                f"Get-Help could not find {pattern} in a help file in this session.",
                category=ErrorCategory.OBJECT_NOT_FOUND, error_id="HelpNotFound", target=pattern,
                exception_type="Microsoft.PowerShell.Commands.HelpNotFoundException"))
            return
        for row in rows:
            self.write(row)


def _row(name: str, category: str, synopsis: str) -> PSObject:
    return PSObject({"Name": name, "Category": category, "Module": "psrepl" if category == "Cmdlet" else "",
                     "Synopsis": synopsis})

