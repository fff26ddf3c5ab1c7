"""Text measured in terminal cells: a wide (East Asian) character takes two, a
combining mark none. Tables, lists and wide views lay text out with these, so a
line never runs past the width however odd the text.

Every function has a fast path for printable ASCII (one cell per character),
which is what nearly every cell holds.
"""

from __future__ import annotations

import unicodedata

ELLIPSIS = "..."


def char_width(ch: str) -> int:
    """The cells one character takes: 2 for wide and full-width, 0 for combining marks,
    zero-width formatting characters and most control characters, else 1."""
    if ch.isascii():
        return 1
    if unicodedata.combining(ch):
        return 0
    category = unicodedata.category(ch)
    if category in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    return 1


def text_width(text: str) -> int:
    """The cells ``text`` takes on one line (ASCII control characters count one, as
    the safe guess: a table never runs past its width because of them)."""
    if text.isascii():
        return len(text)
    return sum(char_width(ch) for ch in text)


def take(text: str, width: int) -> str:
    """The longest start of ``text`` that fits in ``width`` cells."""
    if text.isascii():
        return text[:max(width, 0)]
    used = 0
    for i, ch in enumerate(text):
        used += char_width(ch)
        if used > width:
            return text[:i]
    return text


def cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, ending in ``...`` when something was cut."""
    if text_width(text) <= width:
        return text
    if width <= len(ELLIPSIS):
        return take(text, width)
    return take(text, width - len(ELLIPSIS)) + ELLIPSIS


def take_tail(text: str, width: int) -> str:
    """The longest end of ``text`` that fits in ``width`` cells."""
    if text.isascii():
        return text[len(text) - max(width, 0):] if width > 0 else ""
    used = 0
    for i in range(len(text) - 1, -1, -1):
        used += char_width(text[i])
        if used > width:
            return text[i + 1:]
    return text


def cut_head(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells from the front, starting with ``...`` when something
    was cut: how PowerShell cuts a right-aligned cell (``12345`` in 4 cells: ``...5``)."""
    if text_width(text) <= width:
        return text
    if width <= len(ELLIPSIS):
        return take_tail(text, width)
    return ELLIPSIS + take_tail(text, width - len(ELLIPSIS))


def pad_right(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` cells (left-aligned)."""
    return text + " " * (width - text_width(text))


def pad_left(text: str, width: int) -> str:
    """Spaces, then ``text``, to fill ``width`` cells (right-aligned)."""
    return " " * (width - text_width(text)) + text


def split_width(line: str, width: int) -> list[str]:
    """One line split into pieces of at most ``width`` cells. A character wider than
    ``width`` on its own (a wide character in a one-cell column) cannot be shown: it is left out."""
    if text_width(line) <= width:
        return [line]
    if line.isascii():
        return [line[i:i + width] for i in range(0, len(line), width)]
    out: list[str] = []
    piece: list[str] = []
    used = 0
    for ch in line:
        w = char_width(ch)
        if w > width:
            continue
        if used + w > width:
            out.append("".join(piece))
            piece, used = [], 0
        piece.append(ch)
        used += w
    out.append("".join(piece))
    return out
