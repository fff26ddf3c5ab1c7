""".NET regular expressions on Python's ``re``, and PowerShell's wildcards.

``translate_regex`` rewrites the .NET syntax Python lacks; ``compile_regex`` compiles
(and caches) a pattern with PowerShell's defaults (case-insensitive unless asked);
``wildcard_regex`` turns ``-like`` patterns into regexes; ``expand_replacement``
gives ``rx.sub`` what a .NET replacement string (``$1``, ``${name}``, ``$$``) means.
The objects a script sees (``[regex]``, Match, Group) are in ``regex_objects``.
"""

from __future__ import annotations

import re
from typing import Any

from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError

__all__ = ["translate_regex", "compile_regex", "wildcard_regex", "expand_replacement"]


# -- .NET syntax -------------------------------------------------------------------------------------

_UNICODE_CLASSES = {
    # \p{...} names Python's re lacks: (inside a class, outside a class)
    "L": ("a-zA-Z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff", r"[^\W\d_]"),
    "Lu": ("A-Z\u00c0-\u00de\u0391-\u03a9\u0410-\u042f", "[A-Z\u00c0-\u00de\u0391-\u03a9\u0410-\u042f]"),
    "Ll": ("a-z\u00df-\u00ff\u03b1-\u03c9\u0430-\u044f", "[a-z\u00df-\u00ff\u03b1-\u03c9\u0430-\u044f]"),
    "N": (r"\d", r"\d"), "Nd": (r"\d", r"\d"),
    "P": (r"!-/:-@\[-`{-~", r"[!-/:-@\[-`{-~]"),
    "Z": (r"\s", r"\s"), "Zs": (r" \u00a0", r"[ \u00a0]"),
}


def translate_regex(pattern: str) -> str:
    r"""A .NET regex rewritten for Python's ``re``.

    Handles ``(?<name>...)``/``(?'name'...)``, ``\k<name>``, ``\z``/``\Z``, a few
    ``\p{...}`` classes, and inline options in mid-pattern (``a(?i)b``), which
    Python only accepts at the start, by scoping them to the rest of their group.
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    extra_close = [0]     # per open group: ')' owed for scoped inline options
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt in "pP" and pattern.startswith("{", i + 2):
                end = pattern.find("}", i + 3)
                entry = _UNICODE_CLASSES.get(pattern[i + 3:end]) if end > 0 else None
                if entry is not None:
                    inside, outside = entry
                    if in_class:
                        out.append(inside)
                    elif nxt == "p":
                        out.append(outside)
                    else:
                        out.append("[^" + (outside[1:-1] if outside.startswith("[") else outside) + "]"
                                   if not outside.startswith("[^") else "[" + outside[2:])
                    i = end + 1
                    continue
            if not in_class:
                if nxt == "z":
                    out.append(r"\Z")
                    i += 2
                    continue
                if nxt == "Z":
                    out.append(r"(?=\n?\Z)")
                    i += 2
                    continue
                if nxt == "k" and i + 2 < n and pattern[i + 2] in "<'":
                    close = ">" if pattern[i + 2] == "<" else "'"
                    end = pattern.find(close, i + 3)
                    if end > 0:
                        name = pattern[i + 3:end]
                        out.append("\\" + name if name.isdigit() else f"(?P={name})")
                        i = end + 1
                        continue
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            i += 1
            if pattern.startswith("^", i):
                out.append("^")
                i += 1
            if pattern.startswith("]", i):
                out.append(r"\]")
                i += 1
            continue
        if c == "(":
            if pattern.startswith("(?<", i) and i + 3 < n and pattern[i + 3] not in "=!":
                out.append("(?P<")
                extra_close.append(0)
                i += 3
                continue
            if pattern.startswith("(?'", i):
                end = pattern.find("'", i + 3)
                out.append("(?P<" + pattern[i + 3:end] + ">")
                extra_close.append(0)
                i = end + 1
                continue
            if pattern.startswith("(?", i):
                end = pattern.find(")", i)
                flags = pattern[i + 2:end] if end > 0 else ""
                if flags and all(f in "imsxn-" for f in flags):
                    flags = flags.replace("n", "")
                    if flags.strip("-"):
                        if i == 0 and "-" not in flags:
                            out.append(f"(?{flags})")
                        else:
                            out.append(f"(?{flags}:")
                            extra_close[-1] += 1
                    i = end + 1
                    continue
            extra_close.append(0)
            out.append(c)
            i += 1
            continue
        if c == ")":
            owed = extra_close.pop() if len(extra_close) > 1 else 0
            out.append(")" * owed + ")")
            i += 1
            continue
        out.append(c)
        i += 1
    out.append(")" * extra_close[0])
    return "".join(out)


# -- compiling ---------------------------------------------------------------------------------------

_REGEX_CACHE: dict[tuple[str, int], re.Pattern[str]] = {}


def compile_regex(pattern: str, case_sensitive: bool = False, multiline: bool = False,
                  singleline: bool = False, verbose: bool = False,
                  explicit_capture: bool = False) -> re.Pattern[str]:
    """The compiled (cached) Python regex for a .NET pattern; a bad one is a PSRuntimeError."""
    flags = (0 if case_sensitive else re.IGNORECASE) | (re.MULTILINE if multiline else 0) \
        | (re.DOTALL if singleline else 0) | (re.VERBOSE if verbose else 0)
    key = (pattern, flags | (1 << 30 if explicit_capture else 0))
    rx = _REGEX_CACHE.get(key)
    if rx is None:
        try:
            translated = translate_regex(pattern)
            if explicit_capture:
                # ExplicitCapture: only named groups capture.
                translated = re.sub(r"(?<!\\)\((?!\?)", "(?:", translated)
            rx = re.compile(translated, flags)
        except (re.error, IndexError, ValueError) as exc:
            raise PSRuntimeError(ErrorRecord(
                f"The regular expression pattern {pattern} is not valid.",
                category=ErrorCategory.INVALID_OPERATION, error_id="InvalidRegularExpression",
                target=pattern, inner=exc)) from None
        if len(_REGEX_CACHE) > 500:
            _REGEX_CACHE.clear()
        _REGEX_CACHE[key] = rx
    return rx


# -- wildcards ---------------------------------------------------------------------------------------

_WILDCARD_CACHE: dict[tuple[str, bool], re.Pattern[str]] = {}


def wildcard_regex(pattern: str, case_sensitive: bool = False) -> re.Pattern[str]:
    """The compiled regex (use ``fullmatch``) for a wildcard: ``*``, ``?``, ``[a-z]``, `` ` `` escapes."""
    key = (pattern, case_sensitive)
    rx = _WILDCARD_CACHE.get(key)
    if rx is not None:
        return rx
    parts: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "`" and i + 1 < n:
            parts.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "*":
            parts.append(".*")
        elif c == "?":
            parts.append(".")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end > i + 1:
                inner = pattern[i + 1:end].replace("\\", "\\\\").replace("[", "\\[")
                if inner.startswith("^"):
                    inner = "\\" + inner
                parts.append("[" + inner + "]")
                i = end + 1
                continue
            parts.append(re.escape(c))
        else:
            parts.append(re.escape(c))
        i += 1
    rx = re.compile("".join(parts), re.DOTALL | (0 if case_sensitive else re.IGNORECASE))
    if len(_WILDCARD_CACHE) > 500:
        _WILDCARD_CACHE.clear()
    _WILDCARD_CACHE[key] = rx
    return rx


# -- replacement strings -----------------------------------------------------------------------------

def expand_replacement(replacement: str, rx: re.Pattern[str]) -> Any:
    """A .NET replacement string as something ``rx.sub`` takes (a template str or a function).

    ``$1``/``${1}``/``${name}`` are groups, ``$$`` a dollar, ``$&``/``$0`` the match,
    ``$_`` the whole input, ``$``` and ``$'`` the text before/after; a ``$`` that names
    no group stays literal, as in .NET.
    """
    if "$" not in replacement:
        return replacement.replace("\\", "\\\\")
    parts: list[Any] = []    # str literal, int group, str-in-tuple named group, or special char
    literal: list[str] = []
    i, n = 0, len(replacement)
    groups = rx.groups
    while i < n:
        c = replacement[i]
        if c != "$" or i + 1 >= n:
            literal.append(c)
            i += 1
            continue
        nxt = replacement[i + 1]
        ref: Any = None
        if nxt == "$":
            literal.append("$")
            i += 2
            continue
        if nxt.isdigit():
            j = i + 1
            best, best_end = None, i + 1
            number = 0
            while j < n and replacement[j].isdigit():
                number = number * 10 + int(replacement[j])
                j += 1
                if number <= groups:
                    best, best_end = number, j
            if best is not None:
                ref, i = best, best_end
        elif nxt == "{":
            end = replacement.find("}", i + 2)
            name = replacement[i + 2:end] if end > 0 else ""
            if name.isdigit() and int(name) <= groups:
                ref, i = int(name), end + 1
            elif name and name in rx.groupindex:
                ref, i = (name,), end + 1
        elif nxt in "&`'+_":
            ref, i = ("&" if nxt == "&" else nxt, None), i + 2
        if ref is None:
            literal.append("$")
            i += 1
            continue
        if literal:
            parts.append("".join(literal))
            literal = []
        parts.append(ref)
    if literal:
        parts.append("".join(literal))
    if all(not (isinstance(p, tuple) and len(p) == 2) for p in parts):
        # Only literals and group references: a Python template runs in C.
        text = []
        for p in parts:
            if isinstance(p, str):
                text.append(p.replace("\\", "\\\\"))
            elif isinstance(p, int):
                text.append(f"\\g<{p}>")
            else:
                text.append(f"\\g<{p[0]}>")
        return "".join(text)

    def expand(m: re.Match[str]) -> str:
        out: list[str] = []
        for p in parts:
            if isinstance(p, str):
                out.append(p)
            elif isinstance(p, int):
                out.append(m.group(p) or "")
            elif len(p) == 1:
                out.append(m.group(p[0]) or "")
            else:
                kind = p[0]
                if kind == "&":
                    out.append(m.group(0))
                elif kind == "`":
                    out.append(m.string[:m.start()])
                elif kind == "'":
                    out.append(m.string[m.end():])
                elif kind == "_":
                    out.append(m.string)
                else:   # $+ : the last group
                    out.append((m.group(m.re.groups) if m.re.groups else m.group(0)) or "")
        return "".join(out)
    return expand
