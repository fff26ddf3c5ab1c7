"""The session keeper: a warm psrepl process on the target host that forks an endpoint per connection.

Starting ``psrepl --endpoint`` over an SSH exec channel costs the target a Python
start-up and the shell's imports for every connection (40-60 ms of CPU), where
``ssh host hostname`` costs it ~2 ms. The keeper pays that once: it imports and
warms the interpreter, then listens on a Unix socket; the client reaches it
through sshd's ``direct-streamlocal@openssh.com`` channel (sessions.ssh_keeper)
and each connection gets a child forked from the warm process, speaking the
ordinary protocol over that socket. No process is started per connection at all.

Where it lives: ``$XDG_STATE_HOME/psrepl`` (default ``~/.local/state/psrepl``), a
directory of mode 0700 owned by the user -- in the home directory rather than
``/run/user``, which logind removes when the user's last login ends. In it,
``keeper-<tag>.sock`` (the socket, 0600), ``keeper-<tag>.lock`` (held with flock
by the keeper while it listens: one keeper per tag; it holds the keeper's pid) and ``keeper.log`` (its
stderr and its children's). The tag names the psrepl build (version and
installation), so an upgraded psrepl never talks to an old keeper.

Who may connect: only the user who owns the keeper -- the directory is private
and every accepted connection's peer credentials (SO_PEERCRED) are checked.

Life: an SSH endpoint (``psrepl --endpoint``) starts the keeper when none is
running (detached, in a session of its own: the deliberate exception to "no
orphans", DESIGN.md "Process model") unless ``PSREPL_KEEPER=no`` is in its
environment. The keeper ends ``IDLE_TIMEOUT`` after its last connection ended,
when its socket file is removed or replaced, or on SIGTERM; it stops listening
first and ends once its children have (each child dies with it:
PR_SET_PDEATHSIG). A child also ends when its connection reaches end of stream.
This is the process that will hold disconnected sessions (the next issue).
"""

from __future__ import annotations

import errno
import os
import select
import signal
import socket
import struct
import time
from typing import Callable

from sessions.forkserver import kill_group, reap_ended, settle_child

#: ``PSREPL_KEEPER=no`` (in the far side's environment) turns the keeper off.
KEEPER_ENV = "PSREPL_KEEPER"
#: How long the keeper waits for a connection once its last one has ended.
IDLE_TIMEOUT = 600.0
#: The environment of the first connection means nothing to later ones.
_SCRUBBED_ENV = ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY", "SSH_AUTH_SOCK", "SSH_ORIGINAL_COMMAND",
                 "PSREPL_PARENT_PID")
_MAX_SOCKET_PATH = 104  # sun_path is 108 bytes on Linux, 104 on the BSDs
_LOG_LIMIT = 1 << 20
_CHECK_EVERY = 1.0


def enabled(environ: dict[str, str] | None = None) -> bool:
    """False when ``PSREPL_KEEPER`` says no (``no``, ``false``, ``0``, ``off``)."""
    value = (os.environ if environ is None else environ).get(KEEPER_ENV, "")
    return value.strip().lower() not in ("no", "false", "0", "off")


def state_dir(environ: dict[str, str] | None = None) -> str | None:
    """The keeper's private directory (made 0700 if missing); None when it cannot be private."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_STATE_HOME") or os.path.join(env.get("HOME") or os.path.expanduser("~"),
                                                     ".local", "state")
    path = os.path.join(base, "psrepl")
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        st = os.stat(path)
        if st.st_uid != os.getuid():
            return None
        if st.st_mode & 0o077:
            os.chmod(path, 0o700)
    except OSError:
        return None
    return path


class Place:
    """The keeper's files for one tag: ``socket``, ``lock`` and ``log`` paths."""

    def __init__(self, directory: str, tag: str) -> None:
        self.directory = directory
        self.socket = os.path.join(directory, f"keeper-{tag}.sock")
        self.lock = os.path.join(directory, f"keeper-{tag}.lock")
        self.log = os.path.join(directory, "keeper.log")

    @classmethod
    def find(cls, tag: str, environ: dict[str, str] | None = None) -> Place | None:
        """The place for ``tag`` under the state directory; None when there is none usable."""
        directory = state_dir(environ)
        if directory is None:
            return None
        place = cls(directory, tag)
        return place if len(os.fsencode(place.socket)) <= _MAX_SOCKET_PATH else None

    def running(self) -> bool:
        """True while a keeper holds the lock (that is, listens on the socket)."""
        import fcntl  # noqa: PLC0415

        try:
            fd = os.open(self.lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        finally:
            os.close(fd)  # closing releases a lock taken here
        return False


def start_detached(argv: list[str], environ: dict[str, str], log: str) -> None:
    """Start ``argv`` as a daemon: its own session, not our child, stdin/stdout on /dev/null.

    Call it before the process starts threads (it forks). Failures are quiet: the
    client simply keeps using exec channels.
    """
    env = {k: v for k, v in environ.items() if k not in _SCRUBBED_ENV}
    try:
        pid = os.fork()
    except OSError:
        return
    if pid == 0:  # the intermediate child: never returns
        try:
            os.setsid()
            if os.fork() == 0:
                null = os.open(os.devnull, os.O_RDWR)
                os.dup2(null, 0)
                os.dup2(null, 1)
                err = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
                os.dup2(err, 2)
                os.chdir("/")
                os.execve(argv[0], argv, env)
        finally:
            os._exit(0)
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


# --------------------------------------------------------------------------- the keeper process

class Listening:
    """A keeper's hold on its place: the listening socket, the lock, and which file the socket is."""

    def __init__(self, listener: socket.socket, lock_fd: int, identity: tuple[int, int] | None) -> None:
        self.listener = listener
        self.lock_fd = lock_fd
        self.identity = identity


def listen(place: Place) -> Listening | None:
    """Take the lock and listen on the socket; None when a keeper already runs."""
    import fcntl  # noqa: PLC0415

    lock_fd = os.open(place.lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(lock_fd)
        return None
    os.ftruncate(lock_fd, 0)
    os.pwrite(lock_fd, f"{os.getpid()}\n".encode(), 0)  # who holds it: for people, and for tests to end it
    try:
        os.unlink(place.socket)  # a socket left by a keeper that died
    except FileNotFoundError:
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)
    try:
        listener.bind(place.socket)
    finally:
        os.umask(old)
    listener.listen(128)
    return Listening(listener, lock_fd, _identity(place.socket))


def serve(place: Place, held: Listening, child_main: Callable[[int], int],
          idle_timeout: float = IDLE_TIMEOUT) -> int:
    """Accept connections and fork ``child_main(fd)`` for each, until idle (see the module docstring).

    Call it from a single-threaded process, after warming up.
    """
    import gc  # noqa: PLC0415

    wake_r, wake_w = os.pipe()
    for fd in (wake_r, wake_w):
        os.set_blocking(fd, False)
    signal.signal(signal.SIGCHLD, lambda signum, frame: None)
    stopping = []
    signal.signal(signal.SIGTERM, lambda signum, frame: stopping.append(True))
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.set_wakeup_fd(wake_w)
    listener: socket.socket | None = held.listener
    identity = held.identity
    children: set[int] = set()
    last_active = time.monotonic()
    gc.collect()
    gc.freeze()  # children share the warm heap copy-on-write
    try:
        while listener is not None or children:
            watch = [wake_r] if listener is None else [wake_r, listener]
            ready, _, _ = select.select(watch, [], [], _CHECK_EVERY)
            if wake_r in ready:
                _drain(wake_r)
                if reap_ended(children):
                    last_active = time.monotonic()
            if listener is not None and listener in ready:
                _accept(listener, children, child_main, (wake_r, wake_w), place.log)
                last_active = time.monotonic()
            if listener is not None and (stopping or _identity(place.socket) != identity
                                         or (not children and time.monotonic() - last_active > idle_timeout)):
                # Stop listening (and let another keeper take the place), then wait for the children.
                if _identity(place.socket) == identity:
                    try:
                        os.unlink(place.socket)
                    except OSError:
                        pass
                listener.close()
                listener = None
                os.close(held.lock_fd)
            if stopping and children:
                for pid in children:
                    kill_group(pid, signal.SIGTERM)
                stopping.clear()
    finally:
        for pid in children:
            kill_group(pid, signal.SIGKILL)
    return 0


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 4096):
            pass
    except BlockingIOError:
        pass


def peer_uid(conn: socket.socket) -> int | None:
    """The user id of the process at the other end of a Unix socket (Linux SO_PEERCRED)."""
    if not hasattr(socket, "SO_PEERCRED"):
        return None
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", creds)[1]


def _accept(listener: socket.socket, children: set[int], child_main: Callable[[int], int],
            wake: tuple[int, int], log: str) -> None:
    try:
        conn, _ = listener.accept()
    except OSError as exc:
        if exc.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EINTR):
            raise
        return
    try:
        if peer_uid(conn) != os.getuid():
            return  # only the keeper's own user may connect (closed in the finally)
        _trim_log(log)
        pid = os.fork()
        if pid == 0:  # the child: never returns into the loop
            code = 1
            try:
                code = _child(listener, conn, wake, child_main)
            finally:
                os._exit(code)
        children.add(pid)
    finally:
        conn.close()


def _child(listener: socket.socket, conn: socket.socket, wake: tuple[int, int],
           child_main: Callable[[int], int]) -> int:
    if not settle_child([listener], wake):
        return 1
    return int(child_main(conn.detach()) or 0)


def _trim_log(log: str) -> None:
    """Keep the log small: start it afresh past 1 MiB (it holds only crash reports)."""
    try:
        if os.stat(2).st_size > _LOG_LIMIT:
            os.truncate(log, 0)
    except OSError:
        pass
