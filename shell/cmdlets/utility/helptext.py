"""Help text made from command declarations: syntax lines, parameter blocks, whole pages.

Get-Help, Get-Command's ``Definition`` and ``-Syntax`` all read the same Param
declarations the binder uses, so the help never disagrees with the behaviour.
Functions get theirs from their ``param()`` block and comment-based help
(``<# .SYNOPSIS ... #>`` inside the body).
"""

from __future__ import annotations

import re
from typing import Any, Iterable

#: How a declared type is written in a syntax line.
_TYPE_TEXT = {"object": "Object", "object[]": "Object[]"}

_COMMON_TEXT = ("This cmdlet supports the common parameters: Verbose, Debug, ErrorAction, "
                "WarningAction, InformationAction, ErrorVariable, and OutVariable.")


def type_text(param: Any) -> str:
    """``<string[]>``, ``{File | Directory}``, or '' for a switch."""
    if param.is_switch:
        return ""
    if param.choices:
        return "{" + " | ".join(param.choices) + "}"
    return "<" + _TYPE_TEXT.get(param.type, param.type) + ">"


def param_syntax(param: Any) -> str:
    """One parameter as a syntax line shows it: ``[[-Path] <string[]>]``, ``-Name <string>``, ``[-Force]``."""
    kind = type_text(param)
    name = f"[-{param.name}]" if param.position is not None else f"-{param.name}"
    text = f"{name} {kind}" if kind else name
    return text if param.mandatory else f"[{text}]"


def ordered_params(params: Iterable[Any]) -> list[Any]:
    """Positional parameters by position, then mandatory named ones, then the rest as declared."""
    params = list(params)
    positional = sorted((p for p in params if p.position is not None), key=lambda p: p.position)
    mandatory = [p for p in params if p.position is None and p.mandatory]
    rest = [p for p in params if p.position is None and not p.mandatory]
    return positional + mandatory + rest


def syntax_line(name: str, params: Iterable[Any], common: bool = True) -> str:
    """``Get-ChildItem [[-Path] <string[]>] ... [<CommonParameters>]``."""
    parts = [name] + [param_syntax(p) for p in ordered_params(params)]
    if common:
        parts.append("[<CommonParameters>]")
    return " ".join(parts)


def wrap(text: str, width: int, indent: int) -> list[str]:
    """``text`` wrapped to ``width`` with every line indented; blank lines separate paragraphs."""
    import textwrap  # noqa: PLC0415

    pad = " " * indent
    out: list[str] = []
    for para in text.split("\n\n"):
        para = " ".join(para.split())
        if not para:
            continue
        if out:
            out.append("")
        out.extend(textwrap.wrap(para, width=max(20, width - indent), initial_indent=pad,
                                 subsequent_indent=pad, break_on_hyphens=False) or [pad])
    return out


def _pipeline_text(param: Any) -> str:
    kinds = []
    if param.pipeline:
        kinds.append("ByValue")
    if param.by_property_name:
        kinds.append("ByPropertyName")
    return f"true ({', '.join(kinds)})" if kinds else "false"


def parameter_block(param: Any, help_text: str, width: int, default: str | None = None) -> list[str]:
    """A parameter as Get-Help -Full shows it."""
    kind = type_text(param)
    lines = [f"    -{param.name} {kind}".rstrip()]
    lines.extend(wrap(help_text or "", width, 8))
    lines.append("")
    if default is None:
        default = "False" if param.is_switch else ("None" if param.default is None else str(param.default))
    rows = (("Required?", "true" if param.mandatory else "false"),
            ("Position?", "Named" if param.position is None else str(param.position)),
            ("Default value", default),
            ("Accept pipeline input?", _pipeline_text(param)),
            ("Aliases", ", ".join(param.aliases) if param.aliases else "None"))
    lines.extend(f"        {label:<28} {value}" for label, value in rows)
    lines.append("")
    return lines


class HelpSource:
    """Everything one help page is made of."""

    def __init__(self, name: str, *, category: str, synopsis: str = "", description: str = "",
                 params: Iterable[Any] = (), aliases: Iterable[str] = (),
                 examples: Iterable[str] = (), param_help: dict[str, str] | None = None,
                 notes: str = "", common: bool = True) -> None:
        self.name = name
        self.category = category
        self.synopsis = synopsis
        self.description = description
        self.params = list(params)
        self.aliases = list(aliases)
        self.examples = list(examples)
        self.param_help = param_help or {}
        self.notes = notes
        self.common = common

    def help_for(self, param: Any) -> str:
        """A parameter's help text (declared, or from the comment-based help)."""
        return self.param_help.get(param.name.lower()) or getattr(param, "help", "") or ""


def render(src: HelpSource, *, mode: str = "default", width: int = 80) -> str:
    """A help page: mode is 'default', 'detailed', 'full' or 'examples'."""
    lines: list[str] = ["", "NAME", f"    {src.name}", ""]
    if src.synopsis:
        lines += ["SYNOPSIS"] + wrap(src.synopsis, width, 4) + [""]
    if mode == "examples":
        lines += [""] + _examples(src, width)
        return "\n".join(lines).rstrip() + "\n"
    lines += ["", "SYNTAX", "    " + syntax_line(src.name, src.params, src.common), "", ""]
    if src.description:
        lines += ["DESCRIPTION"] + wrap(src.description, width, 4) + ["", ""]
    if mode in ("detailed", "full"):
        lines.append("PARAMETERS")
        for param in ordered_params(src.params):
            lines += parameter_block(param, src.help_for(param), width)
        if src.common:
            lines += ["    <CommonParameters>"] + wrap(_COMMON_TEXT, width, 8) + ["", ""]
    if src.aliases:
        lines += ["ALIASES"] + [f"    {a}" for a in src.aliases] + ["", ""]
    if mode in ("detailed", "full"):
        lines += _examples(src, width)
    if src.notes and mode == "full":
        lines += ["NOTES"] + wrap(src.notes, width, 4) + ["", ""]
    lines += ["REMARKS"]
    if mode == "default":
        name = src.name
        lines += [f'    To see the examples, type: "Get-Help {name} -Examples".',
                  f'    For more information, type: "Get-Help {name} -Detailed".',
                  f'    For technical information, type: "Get-Help {name} -Full".']
    else:
        lines += wrap(f"{src.name} is a {src.category.lower()} of psrepl.", width, 4)
    return "\n".join(lines).rstrip() + "\n"


def _examples(src: HelpSource, width: int) -> list[str]:
    if not src.examples:
        return []
    lines = ["EXAMPLES" if len(src.examples) > 1 else "EXAMPLE"]
    for n, example in enumerate(src.examples, 1):
        code, _, remark = example.partition("\n")
        title = f" Example {n} "
        lines += [f"    {title:-^60}", "", f"    PS > {code}"]
        if remark.strip():
            lines += [""] + wrap(remark, width, 4)
        lines.append("")
    lines.append("")
    return lines


def render_parameters(src: HelpSource, patterns: list[str], width: int) -> str | None:
    """Only the parameter blocks whose names match ``patterns`` (Get-Help -Parameter); None if none."""
    from shell.cmdlets.items.paths import name_matches  # noqa: PLC0415

    chosen = [p for p in ordered_params(src.params) if name_matches(p.name, patterns)]
    if not chosen:
        return None
    lines: list[str] = [""]
    for param in chosen:
        lines += parameter_block(param, src.help_for(param), width)
    return "\n".join(lines).rstrip() + "\n"


_SECTION = re.compile(r"^\s*\.(\w+)[ \t]*(.*)$")


def comment_help(text: str) -> dict[str, Any]:
    """Comment-based help from a function's text: synopsis, description, parameters, examples, notes."""
    match = re.search(r"<#(.*?)#>", text, re.DOTALL)
    if match is None:
        block = "\n".join(line.lstrip()[1:] for line in text.splitlines()
                          if line.lstrip().startswith("#"))
    else:
        block = match.group(1)
    if not re.search(r"^\s*\.(SYNOPSIS|DESCRIPTION|PARAMETER|EXAMPLE|NOTES)\b", block, re.M | re.I):
        return {}
    found: dict[str, Any] = {"parameters": {}, "examples": []}
    current: list[str] | None = None
    for line in block.splitlines():
        head = _SECTION.match(line)
        if head and head.group(1).upper() in ("SYNOPSIS", "DESCRIPTION", "PARAMETER", "EXAMPLE",
                                               "NOTES", "LINK", "INPUTS", "OUTPUTS"):
            section, arg = head.group(1).upper(), head.group(2).strip()
            current = []
            if section == "PARAMETER":
                found["parameters"][arg.lower()] = current
            elif section == "EXAMPLE":
                found["examples"].append(current)
            else:
                found[section.lower()] = current
            continue
        if current is not None:
            current.append(line.strip())
    out: dict[str, Any] = {}
    for key in ("synopsis", "description", "notes"):
        if key in found:
            out[key] = "\n".join(found[key]).strip()
    out["parameters"] = {k: " ".join(v).strip() for k, v in found["parameters"].items()}
    out["examples"] = ["\n".join(l for l in v).strip() for v in found["examples"]]
    return out
