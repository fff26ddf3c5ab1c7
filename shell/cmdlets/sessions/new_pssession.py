"""New-PSSession (nsn): open persistent sessions to computers and list them in the session table.

Each session keeps one connection and one runspace on the far side for as long
as it lives: variables, functions and the location persist between the commands
Invoke-Command sends to it. ``-ComputerName a,b`` opens several at once (at most
-ThrottleLimit at a time); a computer that cannot be reached gives an error
naming it and the others are opened. Sessions are written in the order the
computers were given, with Ids counted in that order.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from shell.cmdlets.sessions.connect import (DEFAULT_THROTTLE, PipelineCalls, Target, open_error, open_session,
                                           targets_of, throttle_of)
from shell.cmdlets.sessions.session_args import SSH_PARAMS
from shell.cmdlets.sessions.table import session_table
from shell.language.cmdlet import Cmdlet, Param

if TYPE_CHECKING:
    from sessions.session import ClientSession

_POLL = 0.05


class NewPSSession(Cmdlet):
    """New-PSSession [[-ComputerName] <string[]>] [-HostName <string[]>] [-UserName] [-Port] [-KeyFilePath] [-Name]."""

    name = "New-PSSession"
    aliases = ("nsn",)
    synopsis = "Creates a persistent connection to a local or remote computer."
    description = ("Opens a session (a psrepl runspace on the far side, reached over SSH) and returns "
                   "it. Commands sent with Invoke-Command -Session run one after another in that "
                   "runspace, which keeps its variables and location between them. Computer names "
                   "resolve through ~/.ssh/config; localhost (or .) without SSH parameters is a local "
                   "psrepl process. Sessions are closed by Remove-PSSession, or when psrepl exits.")
    examples = (
        "$s = New-PSSession -ComputerName Server01",
        "$s1, $s2 = New-PSSession Server01, Server02",
        "New-PSSession -HostName admin@web01 -Port 2222 -KeyFilePath ~/.ssh/web01",
        "New-PSSession localhost -Name Scratch",
    )
    params = (
        Param("ComputerName", "string[]", position=0, aliases=("Cn",),
              help="Computers to connect to (names from ~/.ssh/config, hosts, or localhost)."),
        *SSH_PARAMS,
        Param("Name", "string[]", attr="session_names", help="Friendly names for the sessions."),
        Param("ThrottleLimit", "int", default=DEFAULT_THROTTLE,
              help="How many connections are opened at once (default 32)."),
    )

    def end(self) -> None:
        targets = targets_of(self)
        if not targets:
            targets = [Target("localhost")]
        table = session_table(self.runspace)
        names = [str(n) for n in self.session_names] if self.session_names else []
        opened = self._open_all(targets)
        for index, (target, result) in enumerate(zip(targets, opened)):
            if isinstance(result, BaseException):
                self.write_error(open_error(target.display, result, self.name))
                continue
            session: ClientSession = result
            session.Id = table.next_id()
            prefix = "Runspace" if session.Transport == "Process" else "SSH"
            session.Name = names[index] if index < len(names) else f"{prefix}{session.Id}"
            table.add(session)
            self.write(session)

    def _open_all(self, targets: list[Target]) -> list[Any]:
        """Open every target (in parallel, throttled); each result is a session or the exception."""
        from sessions.connection import ConnectionFailed  # noqa: PLC0415

        # Connections are made on worker threads (even one), so that Ctrl+C returns to the
        # prompt at once; questions for the user come back to this thread through ``calls``.
        calls = PipelineCalls()
        results: list[Any] = [None] * len(targets)
        limit = throttle_of(self.throttle_limit)
        slots = threading.Semaphore(limit)
        done = threading.Event()
        calls.wake = done
        remaining = [len(targets)]
        lock = threading.Lock()

        def work(i: int, target: Target) -> None:
            try:
                with slots:
                    results[i] = open_session(self.runspace, target, calls=calls)
            except ConnectionFailed as exc:
                results[i] = exc
            except BaseException as exc:  # noqa: BLE001 - never a traceback: the error names the computer
                results[i] = ConnectionFailed(f"Connecting to {target.display} failed: {type(exc).__name__}: {exc}")
            with lock:
                remaining[0] -= 1
            done.set()

        for i, target in enumerate(targets):
            threading.Thread(target=work, args=(i, target), daemon=True, name="psrepl-nsn").start()
        stop = self.runspace.stop_event
        while True:
            with lock:
                if not remaining[0]:
                    break
            done.wait(_POLL)
            done.clear()
            calls.pump(stop)
            if stop.is_set():
                # Nothing more is asked (a connecting thread waiting for an answer gets a
                # refusal); the sessions still opening are closed as they arrive; the
                # prompt returns now.
                calls.close()
                threading.Thread(target=_close_late, args=(results, remaining, lock), daemon=True).start()
                self.check_stopping()
        return results


def _close_late(results: list[Any], remaining: list[int], lock: threading.Lock) -> None:
    """After Ctrl+C: close whatever the interrupted New-PSSession still opens (no orphans)."""
    import time  # noqa: PLC0415

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with lock:
            if not remaining[0]:
                break
        time.sleep(0.1)
    for result in results:
        close = getattr(result, "close", None)
        if close is not None:
            close()

