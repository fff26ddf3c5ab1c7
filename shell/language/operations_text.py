"""PowerShell's text operators: ``-like``, ``-match``, ``-replace``, ``-split``, ``-join``.

Each takes the ``-c`` (case-sensitive) form through its ``case_sensitive`` argument;
a list on the left applies the operator to each element (``-like``/``-match`` filter
the list).  Patterns are .NET regexes (``regex``) or wildcards.  ``operations``
re-exports these names and puts them in its tables.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from shell.language.conversions import INT32_MAX, INT32_MIN, _integer, is_enumerable, to_string, truthy
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.pscollections import Hashtable
from shell.language.regex import compile_regex, expand_replacement, wildcard_regex
from shell.language.scriptblock import ScriptBlock

__all__ = ["like", "match", "replace", "split", "unary_split", "join", "unary_join"]


def _is_list(value: Any) -> bool:
    return type(value) is list or isinstance(value, (list, tuple))


# -- wildcards and regexes ------------------------------------------------------------------------------------------

def like(a: Any, pattern: Any, case_sensitive: bool = False, negate: bool = False) -> Any:
    """``-like``/``-notlike`` with wildcards ``*``, ``?``, ``[a-z]``; a list left filters."""
    rx = wildcard_regex(to_string(pattern), case_sensitive)
    if _is_list(a):
        return [x for x in a if (rx.fullmatch(to_string(x)) is not None) != negate]
    return (rx.fullmatch(to_string(a)) is not None) != negate


def _matches_table(m: Any) -> Hashtable:
    """``$Matches`` for one match: named groups, then numbered groups high to low, then 0."""
    table = Hashtable()
    names = m.re.groupindex
    for name, index in names.items():
        if m.group(index) is not None:
            table[name] = m.group(index)
    named = set(names.values())
    for index in range(m.re.groups, 0, -1):
        if index not in named and m.group(index) is not None:
            table[index] = m.group(index)
    table[0] = m.group(0)
    return table


def match(left: Any, pattern: Any, case_sensitive: bool = False,
          negate: bool = False) -> tuple[Any, Hashtable | None]:
    """``-match``/``-notmatch``: (result, the ``$Matches`` table or None).

    A scalar left gives a bool and, when the regex matched, the table; a list left
    gives the matching (or, negated, the non-matching) elements and no table.
    """
    rx = compile_regex(to_string(pattern), case_sensitive)
    if _is_list(left):
        return [x for x in left if (rx.search(to_string(x)) is not None) != negate], None
    m = rx.search(to_string(left))
    if m is None:
        return negate, None
    return (not negate), _matches_table(m)


def replace(left: Any, right: Any, case_sensitive: bool = False) -> Any:
    """``-replace``: regex replacement with .NET substitutions (``$1``, ``${name}``, ``$$``)."""
    if _is_list(right):
        if len(right) > 2:
            raise PSRuntimeError(ErrorRecord(
                f"The -replace operator allows only two elements to follow it, not {len(right)}.",
                category=ErrorCategory.INVALID_OPERATION, error_id="BadReplaceArgument"))
        pattern = right[0] if right else ""
        replacement: Any = right[1] if len(right) > 1 else ""
    else:
        pattern, replacement = right, ""
    rx = compile_regex(to_string(pattern), case_sensitive)
    if isinstance(replacement, ScriptBlock):
        block = replacement

        # The block's $_ is a Match object: regex_objects is imported only when one is needed.
        from shell.language.regex_objects import RegexMatch

        def subst(m: Any) -> str:
            out = block.invoke(dollar_under=RegexMatch(m))
            return to_string(out[0] if out and len(out) == 1 else out)
        func: Callable[[Any], str] = subst
    else:
        func = expand_replacement(to_string(replacement), rx)
    if _is_list(left):
        return [rx.sub(func, to_string(x)) for x in left]
    return rx.sub(func, to_string(left))


def split(left: Any, right: Any, case_sensitive: bool = False) -> list[Any]:
    """``-split``: regex split; ``right`` may be ``pattern, max[, options]`` or a script block.

    A positive max keeps at most that many pieces (the last holds the rest); a negative
    one counts from the end; options are SimpleMatch, IgnoreCase, Multiline, Singleline,
    IgnorePatternWhitespace, ExplicitCapture (RegexMatch and CultureInvariant change nothing).
    """
    max_count = 0
    options = ""
    if _is_list(right):
        pattern = right[0] if right else " "
        if len(right) > 1:
            max_count = _integer(right[1], "System.Int32", INT32_MIN, INT32_MAX)
        if len(right) > 2:
            options = to_string(right[2]).lower()
    else:
        pattern = right
    items = left if _is_list(left) else [left]
    out: list[Any] = []
    if isinstance(pattern, ScriptBlock):
        for item in items:
            out.extend(_split_by_block(to_string(item), pattern, max_count))
        return out
    if "simplematch" in options and "regexmatch" in options:
        raise PSRuntimeError(ErrorRecord("Cannot use both RegexMatch and SimpleMatch options with -split.",
                                         category=ErrorCategory.INVALID_OPERATION,
                                         error_id="InvalidSplitOptionCombination"))
    text_pattern = to_string(pattern)
    if "simplematch" in options:
        text_pattern = re.escape(text_pattern)
    if "ignorecase" in options:
        case_sensitive = False
    rx = compile_regex(text_pattern, case_sensitive, multiline="multiline" in options,
                       singleline="singleline" in options, verbose="ignorepatternwhitespace" in options,
                       explicit_capture="explicitcapture" in options)
    for item in items:
        text = to_string(item)
        if max_count >= 0:
            parts = rx.split(text, max_count - 1 if max_count > 0 else 0)
            out.extend(p for p in parts if p is not None)
        else:
            out.extend(_split_from_end(rx, text, -max_count))
    return out


def _split_from_end(rx: re.Pattern[str], text: str, pieces: int) -> list[str]:
    """Split at only the last ``pieces - 1`` matches (a negative ``-split`` count)."""
    found = list(rx.finditer(text))
    chosen = found[len(found) - (pieces - 1):] if pieces > 1 else []
    out: list[str] = []
    start = 0
    for m in chosen:
        out.append(text[start:m.start()])
        out.extend(g for g in m.groups() if g is not None)
        start = m.end()
    out.append(text[start:])
    return out


def _split_by_block(text: str, block: Any, max_count: int) -> list[str]:
    # The characters for which the block is true separate the pieces.
    cuts = [i for i, ch in enumerate(text) if truthy(block.invoke(ch, dollar_under=ch))]
    if max_count > 0:
        cuts = cuts[:max_count - 1]
    elif max_count < 0:
        cuts = cuts[len(cuts) - (-max_count - 1):] if -max_count > 1 else []
    parts: list[str] = []
    start = 0
    for cut in cuts:
        parts.append(text[start:cut])
        start = cut + 1
    parts.append(text[start:])
    return parts


def unary_split(value: Any) -> list[str]:
    """``-split $s``: split on runs of whitespace after trimming."""
    items = value if _is_list(value) else [value]
    out: list[str] = []
    for item in items:
        text = to_string(item).strip()
        out.extend(text.split() if text else [""])
    return out


def join(left: Any, right: Any) -> str:
    """``-join``: the elements' strings with ``right`` between them."""
    sep = to_string(right)
    if _is_list(left) or is_enumerable(left):
        return sep.join([to_string(x) for x in left])
    return to_string(left)


def unary_join(value: Any) -> str:
    """``-join $list``: the elements' strings concatenated."""
    return join(value, "")
