"""The far side of SSH: the endpoint sshd starts, and the session keeper it starts (sessions.keeper).

``psrepl --endpoint`` started by sshd (``serve_ssh_endpoint``) makes sure the
user's keeper for this psrepl build is running -- starting it detached when it
is not, unless ``PSREPL_KEEPER=no`` -- then serves its own connection as usual,
naming the keeper's socket in its hello so that the client's next connection
goes straight to the keeper. ``psrepl --keeper`` (``serve_keeper``) is the keeper:
it takes the lock, imports and warms what an endpoint needs once, and forks one
endpoint per connection.

The keeper tag names the build: psrepl's version and where it is installed (the
interpreter and the package directory), so a keeper never serves a client of
another installation or an upgraded one.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sessions.keeper import Place

#: Set in the environment of endpoints a local psrepl starts (sessions.transport_process.PARENT_ENV).
_LOCAL_PARENT = "PSREPL_PARENT_PID"


def started_by_sshd() -> bool:
    """Whether this endpoint is the far side of an SSH connection (not a local job or session)."""
    return "SSH_CONNECTION" in os.environ and _LOCAL_PARENT not in os.environ


def keeper_tag() -> str:
    """The tag of this psrepl build (version, interpreter, package directory)."""
    import hashlib  # noqa: PLC0415

    from shell import __version__  # noqa: PLC0415

    where = f"{sys.executable}\0{os.path.dirname(os.path.abspath(__file__))}"
    return f"{__version__}-{hashlib.sha256(where.encode('utf-8', 'surrogateescape')).hexdigest()[:10]}"


def keeper_place() -> Place | None:
    """Where this build's keeper listens; None when the keeper is off or cannot be private here."""
    from sessions.keeper import Place, enabled  # noqa: PLC0415

    if not enabled():
        return None
    return Place.find(keeper_tag())


def keeper_argv() -> list[str]:
    """The command that starts the keeper with this interpreter."""
    return [sys.executable, "-m", "shell", "--keeper"]


def serve_ssh_endpoint(stdin_fd: int, stdout_fd: int) -> int:
    """Serve one SSH connection on the given descriptors (see the module docstring)."""
    from sessions.keeper import start_detached  # noqa: PLC0415
    from sessions.server import serve_fds  # noqa: PLC0415
    from shell.language.remoting import new_executor  # noqa: PLC0415

    place = keeper_place()
    if place is not None and not place.running():
        start_detached(keeper_argv(), dict(os.environ), place.log)

    def make_executor() -> Any:
        executor = new_executor(True)
        if place is not None:
            info = executor.info
            executor.info = lambda: {**info(), "keeper": place.socket}
        return executor
    return serve_fds(stdin_fd, stdout_fd, make_executor)


def serve_keeper() -> int:
    """Run the session keeper until it is idle (0 also when another keeper already runs)."""
    from sessions.keeper import listen, serve  # noqa: PLC0415
    from sessions.server import serve_fds  # noqa: PLC0415
    from shell.language.remoting import new_executor  # noqa: PLC0415

    place = keeper_place()
    if place is None:
        print("psrepl: the session keeper is turned off (PSREPL_KEEPER) or has no private "
              "directory to live in", file=sys.stderr)
        return 1
    held = listen(place)
    if held is None:
        return 0
    _warm()
    # One runspace made here, never used here: each forked child gets its own
    # copy-on-write copy, fresh as if just made (its $PID set right), for free.
    # A child kept for another connection makes itself a new one first.
    spare = [new_executor(True)]

    def child_main(fd: int) -> int:
        executor = spare.pop()
        executor.runspace.global_scope.set_local("PID", os.getpid())
        return serve_fds(fd, fd, lambda: executor, freeze=False)   # the warm heap is frozen already

    def renew() -> bool:
        # What the last connection left is freed by the collector's own rounds: a full
        # collection here cost a quarter of a short connection's CPU (measured: a
        # hostname session 1.1 -> 0.85 ms without it; memory stays flat over hundreds).
        spare.append(new_executor(True))
        return True
    return serve(place, held, child_main, renew=renew)


def _warm() -> None:
    """Import, once, what every forked endpoint needs, so that no child imports anything."""
    import subprocess  # noqa: F401, PLC0415 - native programs (``hostname``) start through it

    import sessions.runspace_host  # noqa: F401, PLC0415
    import sessions.server  # noqa: F401, PLC0415
    from sessions.messages import local_identity  # noqa: PLC0415
    from sessions.transport_process import prepare_pdeathsig  # noqa: PLC0415

    prepare_pdeathsig()
    local_identity()  # the user's name from the password database, once, before the forks
    import shell.language.native  # noqa: F401, PLC0415
    from shell.language.remoting import _preload  # noqa: PLC0415

    _preload()
