"""The console's tab completion: the language layer's completion in a prompt_toolkit Completer.

While ``runspace.remote`` holds an entered session, the session answers instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from shell.language.completion import Candidate, candidates, complete

if TYPE_CHECKING:
    from prompt_toolkit.completion import Completer

    from shell.language.runspace import Runspace

__all__ = ["Candidate", "candidates", "complete", "console_candidates", "make_completer"]


def _remote_candidates(remote: Any, text: str, cursor: int) -> list[Candidate]:
    """Ask an entered session for completions (its ``complete(text, cursor)``)."""
    try:
        pairs = remote.complete(text, cursor)
    except Exception:  # noqa: BLE001 - a broken session must not break the prompt
        return []
    out: list[Candidate] = []
    for item in pairs or ():
        try:
            insert, begin = str(item[0]), int(item[1])
        except (TypeError, ValueError, IndexError):
            continue
        if 0 <= begin <= cursor:
            shown = insert.rstrip("/").rsplit("/", 1)[-1] + ("/" if insert.endswith("/") else "")
            out.append((insert, begin, shown or insert, ""))
    return out


def console_candidates(runspace: Runspace, text: str, cursor: int) -> list[Candidate]:
    """What the console offers: the entered session's completions while in one, else ours.

    This is the seam for remote completion: an entered session that has
    ``complete(text, cursor) -> [(text, start), ...]`` answers; one without it
    (a transport that cannot complete yet) falls back to local completion.
    """
    remote = getattr(runspace, "remote", None)
    if remote is not None and callable(getattr(remote, "complete", None)):
        return _remote_candidates(remote, text, cursor)
    try:
        return candidates(runspace, text, cursor)
    except Exception:  # noqa: BLE001
        return []


_completer_class: Any = None


def make_completer(runspace: Runspace) -> Completer:
    """A prompt_toolkit Completer for the console over ``runspace``."""
    global _completer_class  # noqa: PLW0603 - the class is built once, on first use
    if _completer_class is None:
        from prompt_toolkit.completion import Completer, Completion  # noqa: PLC0415

        class PSCompleter(Completer):
            """Completes PowerShell input against a runspace (see the module docstring)."""

            def __init__(self, runspace: Runspace) -> None:
                self.runspace = runspace

            def get_completions(self, document: Any, complete_event: Any) -> Iterable[Any]:
                cursor = document.cursor_position
                for insert, begin, shown, meta in console_candidates(self.runspace, document.text, cursor):
                    yield Completion(insert, start_position=begin - cursor, display=shown,
                                     display_meta=meta)

        _completer_class = PSCompleter
    return _completer_class(runspace)
