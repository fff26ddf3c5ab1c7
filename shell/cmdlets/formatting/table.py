"""Table layout: column widths fitted to the width, header, dashes and rows.

Columns are sized to their content (header included), measured in terminal
cells (a wide character takes two). When the table is wider than the space, the
widest columns give way first (every column keeps at least its header, or 4
cells), and if even that does not fit the rightmost columns are dropped, as
PowerShell does. A cell longer than its column is cut with ``...`` (a right-aligned
one loses its start: ``...789``, as PowerShell cuts it); with ``wrap`` it continues
on the next lines instead. Columns given a fixed width (``fixed``) keep it. A multi-line cell shows its
first line and ``...``; a tab shows as a space (it has no fixed width). Numbers
are right-aligned (header too); everything else is left-aligned. Lines carry no
trailing spaces and are never wider than the table's width.
"""

from __future__ import annotations

from operator import le

from shell.cmdlets.formatting.cells import (ELLIPSIS, cut, cut_head, pad_left, pad_right,
                                            split_width, text_width)

LEFT = "left"
RIGHT = "right"

__all__ = ("LEFT", "RIGHT", "ELLIPSIS", "TableLayout", "chunks", "cut", "fit_widths", "one_line")


def one_line(text: str) -> str:
    """A cell's text on one line: a multi-line value shows its first line, then ``...``;
    tabs become spaces."""
    if "\t" in text:
        text = text.replace("\t", " ")
    if "\n" not in text and "\r" not in text:
        return text
    first = text.replace("\r\n", "\n").replace("\r", "\n").split("\n", 1)[0]
    return first + ELLIPSIS


def chunks(text: str, width: int) -> list[str]:
    """``text`` split into lines of at most ``width`` cells (newlines kept as breaks;
    ``width`` 0: split at newlines only)."""
    out: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if width <= 0:
            out.append(line)
        else:
            out.extend(split_width(line, width))
    return out


def fit_widths(natural: list[int], minimum: list[int], total: int) -> list[int]:
    """Widths for columns of ``natural`` width within ``total`` (one space between columns).

    Returns fewer widths than columns when the rightmost ones had to be dropped.
    """
    n = len(natural)
    while n > 1 and sum(minimum[:n]) + (n - 1) > total:
        n -= 1
    nat, low = natural[:n], minimum[:n]
    budget = total - (n - 1)
    if sum(nat) <= budget:
        return list(nat)
    if n == 1:
        return [max(1, budget)]

    def size(cap: int) -> int:
        return sum(max(m, min(w, cap)) for w, m in zip(nat, low))

    # The largest cap on column width that fits: the widest columns give way first.
    lo, hi = 0, max(nat)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if size(mid) <= budget:
            lo = mid
        else:
            hi = mid - 1
    widths = [max(m, min(w, lo)) for w, m in zip(nat, low)]
    spare = budget - sum(widths)
    for i in range(n):
        if spare <= 0:
            break
        if nat[i] > widths[i]:
            extra = min(spare, nat[i] - widths[i])
            widths[i] += extra
            spare -= extra
    return widths


class TableLayout:
    """Fixed column widths for a table, and the rendering of its header and rows.

    ``last_limit`` is how wide the last column may grow for rows that arrive after
    the widths were fixed (it is not padded, so it may use the rest of the line).
    """

    __slots__ = ("headers", "aligns", "widths", "last_limit", "wrap", "_template", "_limits")

    def __init__(self, headers: list[str], aligns: list[str], widths: list[int],
                 last_limit: int, wrap: bool = False) -> None:
        self.headers = headers[:len(widths)]
        self.aligns = aligns[:len(widths)]
        self.widths = widths
        self.last_limit = max(last_limit, widths[-1] if widths else 0)
        self.wrap = wrap
        # The fast path of row_line: one %-format for a row of plain cells that fit.
        parts = []
        for i, (w, align) in enumerate(zip(widths, self.aligns)):
            if align == RIGHT:
                parts.append("%%%ds" % w)
            elif i == len(widths) - 1:
                parts.append("%s")
            else:
                parts.append("%%-%ds" % w)
        self._template = " ".join(parts)
        # Fast-path limits: each column's width, the last column's longest cell.
        self._limits = widths[:-1] + [self.last_limit] if widths else []

    @classmethod
    def fit(cls, headers: list[str], rows: list[list[str]], aligns: list[str], width: int, *,
            wrap: bool = False, hide_headers: bool = False,
            fixed: list[int | None] | None = None) -> TableLayout:
        """Size the columns to ``headers`` and ``rows`` (cell texts) within ``width``.

        ``fixed`` gives explicit widths (a calculated property's ``Width``) that are kept.
        """
        n = len(headers)
        head = [text_width(one_line(h)) for h in headers]
        natural = [0] * n if hide_headers else list(head)
        for row in rows:
            for i in range(n):
                cell = row[i] if i < len(row) else ""
                if wrap:
                    size = max((text_width(x.replace("\t", " ")) for x in chunks(cell, 0)),
                               default=0)
                elif cell.isascii() and cell.isprintable():
                    size = len(cell)
                else:
                    size = text_width(one_line(cell))
                if size > natural[i]:
                    natural[i] = size
        minimum = [min(w, max(h, 4)) for w, h in zip(natural, head)]
        if fixed:
            for i, f in enumerate(fixed[:n]):
                if f:
                    natural[i] = minimum[i] = max(int(f), 1)
        natural = [max(w, 1) for w in natural]
        minimum = [max(m, 1) for m in minimum]
        total = max(width, 1)
        widths = fit_widths(natural, minimum, total)
        used = sum(widths[:-1]) + len(widths) - 1
        last_limit = total - used
        if fixed and len(fixed) >= len(widths) and fixed[len(widths) - 1]:
            last_limit = widths[-1]  # an explicit Width holds for the last column too
        return cls(list(headers), list(aligns), widths, last_limit, wrap)

    def _line(self, cells: list[str], widths: list[int]) -> str:
        parts = []
        last = len(widths) - 1
        for i, (cell, w) in enumerate(zip(cells, widths)):
            if self.aligns[i] == RIGHT:
                parts.append(pad_left(cell, w))
            elif i == last:
                parts.append(cell)
            else:
                parts.append(pad_right(cell, w))
        return " ".join(parts).rstrip()

    def header_lines(self) -> list[str]:
        """The header row and the row of dashes under it."""
        names = [_cut(one_line(h), w, a) for h, w, a in zip(self.headers, self.widths, self.aligns)]
        dashes = ["-" * text_width(h) for h in names]
        return [self._line(names, self.widths), self._line(dashes, self.widths)]

    def row_lines(self, cells: list[str]) -> list[str]:
        """One row (several lines with ``wrap``), each cell cut or wrapped to its column."""
        widths = self.widths
        n = len(widths)
        if n == 0:
            return []
        if len(cells) != n:
            cells = cells[:n] + [""] * (n - len(cells))
        if not self.wrap:
            return [self.row_line(cells)]
        cells = [c.replace("\t", " ") for c in cells]
        widths = list(widths)
        # The last column is not padded, so it may use the rest of the line.
        longest = max(text_width(x) for x in chunks(cells[-1], 0))
        widths[-1] = max(widths[-1], min(longest, self.last_limit))
        columns = [chunks(c, w) for c, w in zip(cells, widths)]
        height = max(len(col) for col in columns)
        return [self._line([col[k] if k < len(col) else "" for col in columns], widths)
                for k in range(height)]

    def row_line(self, cells: list[str]) -> str:
        """One row on one line (no wrapping); ``cells`` has a text for every column
        (more are ignored: columns dropped to fit the width).

        The hot path of every table: plain ASCII cells take one %-format.
        """
        widths = self.widths
        n = len(widths)
        if len(cells) != n:
            cells = cells[:n] + [""] * (n - len(cells))
        joined = "".join(cells)
        if not (joined.isascii() and joined.isprintable()):
            return self._slow_row_line(cells)
        # Printable ASCII: one cell per character, so plain len() and slicing do.
        if not all(map(le, map(len, cells), self._limits)):
            cells = [c if len(c) <= w else _cut(c, w, a)
                     for c, w, a in zip(cells, self._limits, self.aligns)]
        return (self._template % tuple(cells)).rstrip()

    def _slow_row_line(self, cells: list[str]) -> str:
        widths = self.widths
        aligns = self.aligns
        last = len(widths) - 1
        parts = []
        for i in range(last + 1):
            cell = one_line(cells[i])
            w = widths[i]
            size = text_width(cell)
            if i == last:
                # The last column is not padded, so it may use the rest of the line.
                if size > w:
                    w = min(size, self.last_limit)
                    if size > w:
                        cell = _cut(cell, w, aligns[i])
                parts.append(pad_left(cell, w) if aligns[i] == RIGHT else cell)
            else:
                if size > w:
                    cell = _cut(cell, w, aligns[i])
                parts.append(pad_left(cell, w) if aligns[i] == RIGHT else pad_right(cell, w))
        return " ".join(parts).rstrip()


def _cut(text: str, width: int, align: str) -> str:
    """A cell cut to its column: a right-aligned one loses its start, others their end."""
    return cut_head(text, width) if align == RIGHT else cut(text, width)
