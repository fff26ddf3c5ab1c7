"""Table layout: column widths fitted to the width, header, dashes and rows.

Columns are sized to their content (header included). When the table is wider
than the space, the widest columns give way first (every column keeps at least
its header, or 4 characters), and if even that does not fit the rightmost
columns are dropped, as PowerShell does. A cell longer than its column is cut
with ``...``; with ``wrap`` it continues on the next lines instead. Numbers are
right-aligned (header too); everything else is left-aligned. Lines carry no
trailing spaces.
"""

from __future__ import annotations

LEFT = "left"
RIGHT = "right"
ELLIPSIS = "..."


def one_line(text: str) -> str:
    """A cell's text on one line: a multi-line value shows its first line, then ``...``."""
    if "\n" not in text and "\r" not in text:
        return text
    first = text.replace("\r\n", "\n").replace("\r", "\n").split("\n", 1)[0]
    return first + ELLIPSIS


def cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, ending in ``...`` when something was cut."""
    if len(text) <= width:
        return text
    if width <= len(ELLIPSIS):
        return text[:max(width, 0)]
    return text[:width - len(ELLIPSIS)] + ELLIPSIS


def chunks(text: str, width: int) -> list[str]:
    """``text`` split into lines of at most ``width`` (newlines kept as breaks)."""
    out: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if width <= 0 or len(line) <= width:
            out.append(line)
            continue
        out.extend(line[i:i + width] for i in range(0, len(line), width))
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

    __slots__ = ("headers", "aligns", "widths", "last_limit", "wrap")

    def __init__(self, headers: list[str], aligns: list[str], widths: list[int],
                 last_limit: int, wrap: bool = False) -> None:
        self.headers = headers[:len(widths)]
        self.aligns = aligns[:len(widths)]
        self.widths = widths
        self.last_limit = max(last_limit, widths[-1] if widths else 0)
        self.wrap = wrap

    @classmethod
    def fit(cls, headers: list[str], rows: list[list[str]], aligns: list[str], width: int, *,
            wrap: bool = False, hide_headers: bool = False,
            fixed: list[int | None] | None = None) -> TableLayout:
        """Size the columns to ``headers`` and ``rows`` (cell texts) within ``width``.

        ``fixed`` gives explicit widths (a calculated property's ``Width``) that are kept.
        """
        n = len(headers)
        natural = [0 if hide_headers else len(h) for h in headers]
        for row in rows:
            for i in range(n):
                cell = row[i]
                if wrap:
                    size = max((len(x) for x in cell.split("\n")), default=0)
                else:
                    size = len(one_line(cell))
                if size > natural[i]:
                    natural[i] = size
        minimum = [min(w, max(len(h), 4)) for w, h in zip(natural, headers)]
        if fixed:
            for i, f in enumerate(fixed[:n]):
                if f:
                    natural[i] = minimum[i] = f
        natural = [max(w, 1) for w in natural]
        minimum = [max(m, 1) for m in minimum]
        widths = fit_widths(natural, minimum, max(width, 1))
        used = sum(widths[:-1]) + len(widths) - 1
        last_limit = max(width, 1) - used
        if fixed and len(fixed) >= len(widths) and fixed[len(widths) - 1]:
            last_limit = widths[-1]  # an explicit Width holds for the last column too
        return cls(list(headers), list(aligns), widths, last_limit, wrap)

    def _line(self, cells: list[str], widths: list[int]) -> str:
        parts = []
        last = len(widths) - 1
        for i, (cell, w) in enumerate(zip(cells, widths)):
            if self.aligns[i] == RIGHT:
                parts.append(cell.rjust(w))
            elif i == last:
                parts.append(cell)
            else:
                parts.append(cell.ljust(w))
        return " ".join(parts).rstrip()

    def header_lines(self) -> list[str]:
        """The header row and the row of dashes under it."""
        names = [cut(h, w) for h, w in zip(self.headers, self.widths)]
        dashes = ["-" * len(h) for h in names]
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
        widths = list(widths)
        # The last column is not padded, so it may use the rest of the line.
        longest = max(len(x) for x in cells[-1].split("\n"))
        widths[-1] = max(widths[-1], min(longest, self.last_limit))
        columns = [chunks(c, w) for c, w in zip(cells, widths)]
        height = max(len(col) for col in columns)
        return [self._line([col[k] if k < len(col) else "" for col in columns], widths)
                for k in range(height)]

    def row_line(self, cells: list[str]) -> str:
        """One row on one line (no wrapping); ``cells`` has a text for every column
        (more are ignored: columns dropped to fit the width).

        The hot path of every table: written out longhand rather than through ``_line``.
        """
        widths = self.widths
        aligns = self.aligns
        last = len(widths) - 1
        parts = []
        for i in range(last + 1):
            cell = cells[i]
            if "\n" in cell or "\r" in cell:
                cell = one_line(cell)
            w = widths[i]
            if i == last:
                # The last column is not padded, so it may use the rest of the line.
                if len(cell) > w:
                    w = min(len(cell), self.last_limit)
                    if len(cell) > w:
                        cell = cut(cell, w)
                parts.append(cell.rjust(w) if aligns[i] == RIGHT else cell)
            else:
                if len(cell) > w:
                    cell = cut(cell, w)
                parts.append(cell.rjust(w) if aligns[i] == RIGHT else cell.ljust(w))
        return " ".join(parts).rstrip()
