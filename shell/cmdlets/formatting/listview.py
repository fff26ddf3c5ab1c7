"""List entries: ``Name : value`` lines, names padded to the longest.

A value longer than the line continues on the next lines, indented under the
first character of the value, as PowerShell's list view wraps; so do the extra
lines of a multi-line value.
"""

from __future__ import annotations

from shell.cmdlets.formatting.cells import pad_right, text_width
from shell.cmdlets.formatting.table import chunks, one_line

#: Below this many columns for the value, values are not wrapped (a tiny width would
#: otherwise turn every value into a column of single characters).
_MIN_WRAP = 10


def render_entry(pairs: list[tuple[str, str]], width: int) -> list[str]:
    """The lines of one list entry (no blank lines) for (name, value text) pairs."""
    if not pairs:
        return []
    names = [one_line(name) for name, _ in pairs]
    label = max(text_width(name) for name in names)
    indent = " " * (label + 3)
    avail = width - len(indent)
    lines: list[str] = []
    for name, (_, value) in zip(names, pairs):
        parts = chunks(value, avail if avail >= _MIN_WRAP else 0)
        lines.append((pad_right(name, label) + " : " + parts[0]).rstrip())
        lines.extend((indent + part).rstrip() for part in parts[1:])
    return lines
