"""Syntax highlighting of the input line: pygments' PowerShell lexer behind prompt_toolkit.

With colours off (NO_COLOR, not a terminal, TERM=dumb) no lexer is used, so the
input is drawn as typed; the colour depth is dropped to one bit as well so that
prompt_toolkit emits no colour codes of its own.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from prompt_toolkit.lexers import Lexer
    from prompt_toolkit.output import ColorDepth


def color_enabled(stream: object = None) -> bool:
    """Whether escape codes may be written: not NO_COLOR (any value), a terminal, not TERM=dumb.

    See https://no-color.org: the variable disables colour when present and non-empty.
    """
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    stream = stream if stream is not None else sys.stdout
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):  # closed or not a real stream
        return False


def make_lexer(color: bool) -> Lexer | None:
    """The input lexer: PowerShell highlighting when ``color``, else None (plain text)."""
    if not color:
        return None
    # Importing pygments.lexers.shell directly avoids the lexer registry's plugin scan.
    from prompt_toolkit.lexers import PygmentsLexer  # noqa: PLC0415
    from pygments.lexers.shell import PowerShellLexer  # noqa: PLC0415

    return PygmentsLexer(PowerShellLexer)


def color_depth(color: bool) -> ColorDepth | None:
    """The colour depth to draw the prompt with: one bit without colour, else the terminal's."""
    if color:
        return None
    from prompt_toolkit.output import ColorDepth  # noqa: PLC0415

    return ColorDepth.DEPTH_1_BIT
