"""The prompt text: ``PS <location>> `` locally, ``<computer>\\<location>> `` in a session.

The home directory shows as ``~`` in both forms, as PowerShell does on Linux.
Nothing here imports prompt_toolkit: the functions return plain strings, so the
plain host (``-c``/stdin) and tests can use them too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shell.language.runspace import Runspace

#: Shown at the start of every line after the first of an incomplete input.
CONTINUATION = ">> "


def _remote_location(remote: Any) -> str:
    """The entered session's location with its home as ``~`` (best effort: the session decides)."""
    location = str(getattr(remote, "location", "") or "")
    # The session knows the far side's home; ask it first, so the remote home (not ours) becomes ~.
    display = getattr(remote, "display_path", None)
    if callable(display):
        try:
            return str(display(location))
        except Exception:  # noqa: BLE001 - a prompt must always be printable
            return location
    home = str(getattr(remote, "home", "") or "").rstrip("/")
    if home and (location == home or location.startswith(home + "/")):
        return "~" + location[len(home):]
    return location


def prompt_text(runspace: Runspace) -> str:
    """The primary prompt for ``runspace``'s current state.

    ``PS ~/src> `` locally; ``Server01\\~> `` while ``runspace.remote`` holds an entered
    session (an object with ``computer_name`` and ``location``).
    """
    remote = getattr(runspace, "remote", None)
    if remote is not None:
        name = str(getattr(remote, "computer_name", "") or "remote")
        return f"{name}\\{_remote_location(remote)}> "
    return f"PS {runspace.display_path(runspace.location)}> "
