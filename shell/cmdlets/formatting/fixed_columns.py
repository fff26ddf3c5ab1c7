"""Column widths and alignments that PowerShell's own views fix for some types.

PowerShell's default views (its format.ps1xml data, compiled into PowerShell as
``PowerShellCore_format_ps1xml.cs`` and ``DotNetTypes_format_ps1xml.cs``) give
some columns a width and an alignment: Get-Process's ``NPM(K)`` is 7 cells wide
and right-aligned whatever the numbers, Group-Object's ``Name`` 25 cells, the
``Name`` of a hashtable's entries and of Get-Variable's variables 30 cells. A
column a view declares without an alignment is left-aligned, numbers too
(Get-Variable's ``Value``); only tables made up from an object's properties
right-align numbers.

psrepl's classes declare which columns they show (``ps_table``); this table adds
PowerShell's widths and alignments, keyed like PowerShell's views by type name,
so a deserialized object is laid out as its live class is. A fixed column keeps
its width whatever its content (a longer value is cut); columns without a width
are sized to their content. ``Format-Table -AutoSize`` sizes every column to its
content, as in PowerShell.
"""

from __future__ import annotations

from typing import Iterable, Optional, Tuple

from shell.cmdlets.formatting.table import LEFT, RIGHT

#: A column's fixed layout: (width or None, alignment or None).
Layout = Tuple[Optional[int], Optional[str]]

_DESERIALIZED = "Deserialized."

#: type name (lower case) -> column label (lower case) -> its layout.
_STANDARD: dict[str, dict[str, Layout]] = {
    "microsoft.powershell.commands.groupinfo": {
        "count": (5, RIGHT), "name": (25, LEFT), "group": (None, LEFT)},
    "microsoft.powershell.commands.groupinfonoelement": {
        "count": (5, RIGHT), "name": (25, LEFT)},
    "system.diagnostics.process": {
        "npm(k)": (7, RIGHT), "pm(m)": (8, RIGHT), "ws(m)": (10, RIGHT), "cpu(s)": (10, RIGHT),
        "id": (7, RIGHT), "si": (3, RIGHT), "processname": (None, LEFT)},
    "system.management.automation.psvariable": {"name": (30, LEFT), "value": (None, LEFT)},
    # Jobs of every kind (PowerShellCore_format_ps1xml.cs, the Job view).
    "system.management.automation.job": {
        "id": (6, LEFT), "name": (15, LEFT), "psjobtypename": (15, LEFT), "state": (13, LEFT),
        "hasmoredata": (15, LEFT), "location": (20, LEFT), "command": (25, LEFT)},
    "system.management.automation.runspaces.pssession": {
        "id": (3, RIGHT), "name": (15, LEFT), "transport": (9, LEFT), "computername": (15, LEFT),
        "computertype": (15, LEFT), "state": (13, LEFT), "configurationname": (20, LEFT),
        "availability": (13, RIGHT)},
}

#: A hashtable's entries (PowerShell's DictionaryEntry view): Name 30 wide, both left-aligned.
HASHTABLE_WIDTHS: list[int | None] = [30, None]
HASHTABLE_ALIGNS: list[str] = [LEFT, LEFT]


def standard_layout(type_names: Iterable[str]) -> dict[str, Layout] | None:
    """The fixed columns of the first of ``type_names`` (most derived first; a
    ``Deserialized.`` prefix is ignored) that PowerShell's views fix, or None."""
    for name in type_names:
        if not isinstance(name, str):
            continue
        if name.startswith(_DESERIALIZED):
            name = name[len(_DESERIALIZED):]
        found = _STANDARD.get(name.lower())
        if found is not None:
            return found
    return None


def columns_layout(layout: dict[str, Layout] | None,
                   labels: list[str]) -> tuple[list[int | None] | None, list[str] | None]:
    """(widths, alignments) for columns headed ``labels`` under ``layout``: None where
    nothing is fixed (an alignment of ``""`` is decided by the values)."""
    if not layout:
        return None, None
    found = [layout.get(label.lower(), (None, None)) for label in labels]
    widths = [w for w, _ in found]
    aligns = [a or "" for _, a in found]
    return (widths if any(widths) else None), (aligns if any(aligns) else None)
