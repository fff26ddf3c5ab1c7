"""Command history kept across runs, in the XDG state directory.

The file is ``$XDG_STATE_HOME/psrepl/history`` (``~/.local/state/psrepl/history``
when the variable is unset or not absolute, as the XDG spec says). The directory
is made private (0700) and the file 0600: history often holds host names and
paths. Secrets never reach it because Read-Host -AsSecureString and password
prompts are read by ``ConsoleHost.read_secret``, a prompt with no history at all.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from prompt_toolkit.history import History


def history_path() -> str:
    """Where the console's history file lives (not created here)."""
    state = os.environ.get("XDG_STATE_HOME", "")
    if not os.path.isabs(state):
        state = os.path.join(os.path.expanduser("~"), ".local", "state")
    return os.path.join(state, "psrepl", "history")


def _prepare(path: str) -> None:
    """Create the private directory and the file with owner-only modes."""
    directory = os.path.dirname(path)
    os.makedirs(directory, mode=0o700, exist_ok=True)
    # makedirs leaves an existing directory's mode alone; the file is what must stay private.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def open_history() -> History:
    """A prompt_toolkit history backed by the XDG file, or an in-memory one if it cannot be written.

    A read-only home or a full disk must not stop the console from starting.
    """
    from prompt_toolkit.history import FileHistory, InMemoryHistory  # noqa: PLC0415

    class _FileHistory(FileHistory):
        """FileHistory that keeps working in memory when the file stops being writable."""

        def store_string(self, string: str) -> None:
            try:
                super().store_string(string)
            except OSError:  # a full disk must not break the prompt
                pass

    path = history_path()
    try:
        _prepare(path)
    except OSError:
        return InMemoryHistory()
    return _FileHistory(path)
