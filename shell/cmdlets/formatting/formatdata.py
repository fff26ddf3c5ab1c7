"""What Format-Table, Format-List and Format-Wide emit: a decided view, not yet laid out.

The columns, cell texts and options are fixed by the Format-* cmdlet; the width
is not, because only the Out-* cmdlet at the end of the pipeline knows where the
text goes (the console, ``Out-String -Width 200``, a file). Each object renders
as one block: a blank line, its lines, a blank line, as PowerShell prints.
Downstream of Format-* only Out-* makes sense, as in PowerShell; anything else
sees an object whose string form is PowerShell's format type name.
"""

from __future__ import annotations

from shell.cmdlets.formatting.cells import cut, pad_right, text_width
from shell.cmdlets.formatting.listview import render_entry
from shell.cmdlets.formatting.table import TableLayout, one_line

_TYPE_NAME = "Microsoft.PowerShell.Commands.Internal.Format.FormatStartData"


def block(lines: list[str]) -> str:
    """Lines as a block: a blank line before and after."""
    return "\n" + "".join(line + "\n" for line in lines) + "\n"


class FormatData:
    """Base of the format objects; ``render(width)`` gives the block's text."""

    __slots__ = ()

    def lines(self, width: int) -> list[str]:
        """The block's lines (without the surrounding blank lines)."""
        raise NotImplementedError

    def render(self, width: int) -> str:
        """The text of this block at ``width`` columns, blank lines around it."""
        return block(self.lines(width))

    def __str__(self) -> str:
        return _TYPE_NAME


class TableData(FormatData):
    """A table: headers, rows of cell texts, alignments, and Format-Table's options.

    ``group`` is the heading of a group (``   State: Running``, from ``-GroupBy`` or the
    view's ``ps_group_by``), written above the table.
    """

    __slots__ = ("headers", "rows", "aligns", "wrap", "hide_headers", "fixed", "group")

    def __init__(self, headers: list[str], rows: list[list[str]], aligns: list[str], *,
                 wrap: bool = False, hide_headers: bool = False,
                 fixed: list[int | None] | None = None,
                 group: str | None = None) -> None:
        self.headers = headers
        self.rows = rows
        self.aligns = aligns
        self.wrap = wrap
        self.hide_headers = hide_headers
        self.fixed = fixed
        self.group = group

    def lines(self, width: int) -> list[str]:
        """Header, dashes and rows laid out for ``width``."""
        layout = TableLayout.fit(self.headers, self.rows, self.aligns, width, wrap=self.wrap,
                                 hide_headers=self.hide_headers, fixed=self.fixed)
        out = [] if self.hide_headers else layout.header_lines()
        for row in self.rows:
            out.extend(layout.row_lines(row))
        return out

    def render(self, width: int) -> str:
        """The table's block, with its group line above it when grouped."""
        text = block(self.lines(width))
        if self.group is not None:
            text = "\n" + self.group + "\n" + text
        return text


class ListData(FormatData):
    """List entries: each a list of (name, value text) pairs; a blank line between entries."""

    __slots__ = ("entries",)

    def __init__(self, entries: list[list[tuple[str, str]]]) -> None:
        self.entries = entries

    def lines(self, width: int) -> list[str]:
        """Every entry's lines, a blank line between entries."""
        out: list[str] = []
        for i, entry in enumerate(self.entries):
            if i:
                out.append("")
            out.extend(render_entry(entry, width))
        return out


class WideData(FormatData):
    """Format-Wide: one value per item, laid out in ``columns`` columns (None: as many as fit)."""

    __slots__ = ("items", "columns")

    def __init__(self, items: list[str], columns: int | None = None) -> None:
        self.items = items
        self.columns = columns

    def lines(self, width: int) -> list[str]:
        """The items in rows of equal-width columns."""
        items = [one_line(item) for item in self.items]
        if not items:
            return []
        if self.columns:
            columns = max(1, self.columns)
            col = max(1, width // columns)
        else:
            col = max(text_width(item) for item in items) + 1
            columns = max(1, min(len(items), width // col if col <= width else 1))
            col = min(col, width)
        out = []
        for start in range(0, len(items), columns):
            row = items[start:start + columns]
            out.append("".join(pad_right(cut(item, col - 1), col) for item in row).rstrip())
        return out
