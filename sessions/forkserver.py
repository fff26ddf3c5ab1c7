"""A fork server: one pre-imported endpoint process that forks a fresh endpoint per job.

Starting ``python -m shell --endpoint`` costs Python's start-up plus the shell's
imports for every job. The fork server pays that once: it imports and warms the
interpreter, then waits for requests; each request gets a child forked from that
warm process, with a runspace of its own, speaking the ordinary protocol over a
socket the client made. Later jobs start in a few milliseconds.

Client side (the jobs engineer's API)::

    server = ForkServer.start(argv, env=None)   # returns at once; the server warms up
    server.ready                                 # True once it can fork (non-blocking)
    server.wait_ready(timeout) -> bool
    conn = server.spawn(decoder=None, timeout=10.0, label="The background process")
        # -> a ready sessions.connection.Connection (raises ConnectionFailed when the
        #    fork server is gone or not ready in time: fall back to Connection.start_process)
    server.alive                                 # False once the fork server has ended
    server.close()                               # ends the server and every child it forked

``argv`` runs ``serve(ctrl_fd=0, child_main)`` in the new process (the shell's
``python -m shell.language.remoting --forkserver``).

The control channel is an AF_UNIX SOCK_SEQPACKET socket pair (message boundaries
kept, file descriptors passed with SCM_RIGHTS): the client creates a stream
socket pair and an anonymous file for the child's stderr, sends the far ends with
a ``spawn`` request, and keeps the near end as the connection's channel. Messages
(msgpack): ``["ready", pid]``, ``["spawn", token]`` + fds ->
``["spawned", token, pid]``; ``["kill", pid, signal]``; ``["exited", pid, code]``
(code negative: killed by that signal).

No orphans: the fork server dies with the console (PR_SET_PDEATHSIG, set first
thing, as every endpoint does; see transport_process); each child it forks sets
PR_SET_PDEATHSIG too, relative to the fork server (single-threaded, so the
"parent thread" is the whole process), and checks right after that its parent
has not already gone. A child also ends when its client socket reaches end of
stream (the server loop returns). When the control socket closes (the console
closed it or died), the fork server kills every child's process group and exits.
Each child runs in a process group of its own, so killing a job kills the native
programs it started.
"""

from __future__ import annotations

import atexit
import os
import select
import signal
import socket
import threading
from typing import Any, Callable

import msgpack

from sessions.connection import Connection, ConnectionFailed
from sessions.framing import SocketChannel
from sessions.transport_process import (PARENT_ENV, SPAWNER, anonymous_file, describe_status,
                                        read_tail, set_pdeathsig)

_MAX_MSG = 4096


def _send(sock: socket.socket, msg: list[Any], fds: list[int] | None = None) -> None:
    data = msgpack.packb(msg)
    if fds:
        socket.send_fds(sock, [data], fds)
    else:
        sock.send(data)


# --------------------------------------------------------------------------- server side

def serve(ctrl_fd: int, child_main: Callable[[int], int]) -> int:
    """Run the fork server on ``ctrl_fd`` (a SOCK_SEQPACKET socket); returns when it closes.

    ``child_main(fd)`` runs in each forked child with the child's connected stream
    socket; its return value is the child's exit code. Call this from a
    single-threaded process, after warming up.
    """
    from sessions.transport_process import die_with_parent  # noqa: PLC0415
    import gc  # noqa: PLC0415

    die_with_parent()
    ctrl = socket.socket(fileno=ctrl_fd)
    null = os.open(os.devnull, os.O_RDWR)
    if ctrl_fd != 0:
        os.dup2(null, 0)
    os.dup2(2, 1)  # nothing may write to the console's terminal or a closed pipe
    os.close(null)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    os.set_blocking(wake_r, False)
    signal.signal(signal.SIGCHLD, lambda signum, frame: None)
    signal.set_wakeup_fd(wake_w)
    children: set[int] = set()
    gc.collect()
    gc.freeze()  # children share the warm heap copy-on-write; the collector leaves it alone
    _send(ctrl, ["ready", os.getpid()])
    try:
        while True:
            ready, _, _ = select.select([ctrl, wake_r], [], [])
            if wake_r in ready:
                try:
                    os.read(wake_r, 4096)
                except BlockingIOError:
                    pass
                _reap(ctrl, children)
            if ctrl in ready:
                try:
                    data, fds, _flags, _addr = socket.recv_fds(ctrl, _MAX_MSG, 4)
                except OSError:
                    data, fds = b"", []
                if not data:
                    for fd in fds:
                        os.close(fd)
                    return 0
                _handle(ctrl, data, fds, children, child_main, (wake_r, wake_w))
    finally:
        for pid in children:
            kill_group(pid, signal.SIGKILL)
        for pid in list(children):
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def _handle(ctrl: socket.socket, data: bytes, fds: list[int], children: set[int],
            child_main: Callable[[int], int], wake: tuple[int, int]) -> None:
    try:
        msg = msgpack.unpackb(data)
    except Exception:  # noqa: BLE001 - a malformed request is ignored, never fatal
        msg = None
    if type(msg) is not list or not msg:
        for fd in fds:
            os.close(fd)
        return
    if msg[0] == "spawn" and len(msg) == 2 and len(fds) == 2:
        sock_fd, err_fd = fds
        pid = os.fork()
        if pid == 0:  # the child: never returns into this loop
            code = 1
            try:
                code = _child(ctrl, sock_fd, err_fd, wake, child_main)
            finally:
                os._exit(code)
        os.close(sock_fd)
        os.close(err_fd)
        children.add(pid)
        _send(ctrl, ["spawned", msg[1], pid])
    elif msg[0] == "kill" and len(msg) == 3 and msg[1] in children:
        kill_group(msg[1], int(msg[2]))
        for fd in fds:
            os.close(fd)
    else:
        for fd in fds:
            os.close(fd)


def _child(ctrl: socket.socket, sock_fd: int, err_fd: int, wake: tuple[int, int],
           child_main: Callable[[int], int]) -> int:
    if not settle_child([ctrl], wake):
        return 1
    os.dup2(err_fd, 2)
    os.close(err_fd)
    return int(child_main(sock_fd) or 0)


def settle_child(sockets: list[socket.socket], fds: tuple[int, ...]) -> bool:
    """First thing in a child forked from a serving loop (this fork server, a keeper).

    Dies with its parent (PR_SET_PDEATHSIG, then a check that the parent has not
    already gone: False then), takes back the signals the loop handles, leads a
    process group of its own (so ending it ends the native programs it started) and
    closes the loop's ``sockets`` and ``fds``.
    """
    parent = os.getppid()
    set_pdeathsig(signal.SIGKILL)
    if os.getppid() != parent:
        return False
    signal.set_wakeup_fd(-1)
    for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    os.setpgid(0, 0)
    for sock in sockets:
        sock.close()
    for fd in fds:
        os.close(fd)
    return True


def _reap(ctrl: socket.socket, children: set[int]) -> None:
    for pid, code in reap_ended(children):
        try:
            _send(ctrl, ["exited", pid, code])
        except OSError:
            pass


def reap_ended(children: set[int]) -> list[tuple[int, int]]:
    """Collect the ended ``children`` (removed from the set): (pid, exit code) of each.

    An exited child is found without reaping it first, so that its pid (its group's
    id) cannot be reused before what it left in its group is killed. Other ended
    descendants are reaped too, and not reported.
    """
    ended = []
    while children:
        try:
            info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            break
        if info is None or info.si_pid == 0:
            break
        pid = info.si_pid
        if pid in children:
            kill_group(pid, signal.SIGKILL)  # native programs the child left behind
        _, status = os.waitpid(pid, 0)
        if pid in children:
            children.discard(pid)
            ended.append((pid, os.waitstatus_to_exitcode(status)))
    return ended


def kill_group(pid: int, sig: int) -> None:
    """Send ``sig`` to the process group ``pid`` leads (quietly: it may be gone)."""
    try:
        os.killpg(pid, sig)
    except OSError:
        pass


# --------------------------------------------------------------------------- client side

class ForkServer:
    """The console's handle on a fork server process (see the module docstring)."""

    def __init__(self, proc: Any, ctrl: socket.socket, err_fd: int) -> None:
        self.proc = proc
        self.ctrl = ctrl
        self.err_fd = err_fd
        self.pid: int | None = None
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._next = 1
        self._spawned: dict[int, list[Any]] = {}     # token -> [event, pid]
        self._exits: dict[int, list[Any]] = {}       # pid -> [event, code]
        self.alive = True
        self._reader = threading.Thread(target=self._read, name="psrepl-forkserver", daemon=True)
        self._reader.start()

    @classmethod
    def start(cls, argv: list[str], env: dict[str, str] | None = None) -> ForkServer:
        """Start the fork server process (returns at once; see ``ready``/``wait_ready``)."""
        import subprocess  # noqa: PLC0415

        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        child_env = dict(os.environ if env is None else env)
        child_env[PARENT_ENV] = str(os.getpid())
        err_fd = anonymous_file()

        def start() -> Any:
            return subprocess.Popen(argv, stdin=theirs.fileno(), stdout=subprocess.DEVNULL, stderr=err_fd,
                                    env=child_env, close_fds=True, start_new_session=True)
        try:
            proc = SPAWNER.run(start)
        except BaseException:
            mine.close()
            os.close(err_fd)
            raise
        finally:
            theirs.close()
        server = cls(proc, mine, err_fd)
        _SERVERS.add(server)
        return server

    @property
    def ready(self) -> bool:
        """True once the fork server has warmed up and can fork jobs."""
        return self._ready.is_set() and self.alive

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait until ready; False when the timeout passed or the server died."""
        self._ready.wait(timeout)
        return self.ready

    def spawn(self, *, decoder: Any = None, timeout: float = 10.0,
              label: str = "The background process") -> Connection:
        """A fresh endpoint forked from the warm server, as a ready Connection."""
        if not self.wait_ready(timeout):
            raise ConnectionFailed(self._why_dead() if not self.alive else
                                   f"The job host was not ready within {timeout:g} seconds.")
        near, far = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        err_fd = anonymous_file()
        event = threading.Event()
        with self._lock:
            token = self._next
            self._next += 1
            slot: list[Any] = [event, None]
            self._spawned[token] = slot
        try:
            with self._send_lock:
                _send(self.ctrl, ["spawn", token], [far.fileno(), err_fd])
        except OSError as exc:
            near.close()
            os.close(err_fd)
            raise ConnectionFailed(f"The job host is gone ({exc}).") from None
        finally:
            far.close()
        if not event.wait(timeout) or slot[1] is None:
            near.close()
            os.close(err_fd)
            raise ConnectionFailed(self._why_dead() if not self.alive else "The job host did not fork a job in time.")
        pid = slot[1]
        with self._lock:
            self._spawned.pop(token, None)
            exit_slot = self._exits.setdefault(pid, [threading.Event(), None])
        transport = ForkedTransport(self, pid, SocketChannel(near), err_fd, label, exit_slot)
        return Connection(transport, decoder=decoder, label=label).handshake(timeout)

    def kill(self, pid: int, sig: int = signal.SIGKILL) -> None:
        """Ask the server to signal a child's process group (it knows whether the pid is still its child)."""
        try:
            with self._send_lock:
                _send(self.ctrl, ["kill", pid, int(sig)])
        except OSError:
            pass

    def close(self, timeout: float = 2.0) -> None:
        """End the fork server; it kills every child it forked."""
        _SERVERS.discard(self)
        if self.proc.returncode is not None and self.err_fd < 0:
            return
        try:
            self.ctrl.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.ctrl.close()
        try:
            self.proc.wait(timeout)
        except Exception:  # noqa: BLE001 - TimeoutExpired
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
            self.proc.wait()
        self._reader.join(1.0)
        if self.err_fd >= 0:
            os.close(self.err_fd)
            self.err_fd = -1

    def _why_dead(self) -> str:
        code = self.proc.poll()
        tail = read_tail(self.err_fd) if self.err_fd >= 0 else ""
        return describe_status("The job host", code, tail)

    def _read(self) -> None:
        try:
            while True:
                try:
                    data = self.ctrl.recv(_MAX_MSG)
                except OSError:
                    break
                if not data:
                    break
                try:
                    msg = msgpack.unpackb(data)
                except Exception:  # noqa: BLE001 - ignore what cannot be read
                    continue
                if type(msg) is not list or not msg:
                    continue
                if msg[0] == "ready" and len(msg) == 2:
                    self.pid = msg[1]
                    self._ready.set()
                elif msg[0] == "spawned" and len(msg) == 3:
                    slot = self._spawned.get(msg[1])
                    if slot is not None:
                        slot[1] = msg[2]
                        slot[0].set()
                elif msg[0] == "exited" and len(msg) == 3:
                    with self._lock:
                        slot = self._exits.setdefault(msg[1], [threading.Event(), None])
                    slot[1] = msg[2]
                    slot[0].set()
        finally:
            self.alive = False
            self._ready.set()
            with self._lock:
                for slot in self._spawned.values():
                    slot[0].set()
                for slot in self._exits.values():
                    slot[0].set()

    def forget(self, pid: int) -> None:
        """Drop what is known about a child that has been dealt with."""
        with self._lock:
            self._exits.pop(pid, None)


_SERVERS: set[ForkServer] = set()


def _close_all_at_exit() -> None:
    for server in list(_SERVERS):
        server.close(timeout=0.5)


atexit.register(_close_all_at_exit)


class ForkedTransport:
    """A transport to one child of a fork server: a socket, and the server for its exit status."""

    def __init__(self, server: ForkServer, pid: int, channel: SocketChannel, err_fd: int, label: str,
                 exit_slot: list[Any]) -> None:
        self.server = server
        self.pid = pid
        self.channel = channel
        self.stderr_fd = err_fd
        self.label = label
        self._exit = exit_slot
        self._closed = False

    @property
    def returncode(self) -> int | None:
        """The child's exit code once the server reported it (negative: killed by that signal)."""
        return self._exit[1]

    def describe_exit(self, timeout: float) -> str | None:
        """Why the child's stream ended (waits up to ``timeout`` for the server's report)."""
        self._exit[0].wait(timeout)
        tail = read_tail(self.stderr_fd) if self.stderr_fd >= 0 else ""
        if self._exit[1] is None and not self.server.alive:
            return f"{self.label} exited unexpectedly (its job host ended)." + (
                f" Its last error output: {tail.strip()}" if tail.strip() else "")
        return describe_status(self.label, self._exit[1], tail)

    def kill(self) -> None:
        """Kill the child's process group now."""
        if self._exit[1] is None:
            self.server.kill(self.pid, signal.SIGKILL)

    def close(self, timeout: float = 1.0) -> None:
        """Close the socket (the child ends), wait for it, kill it if it lingers."""
        if self._closed:
            return
        self._closed = True
        self.channel.close()
        if not self._exit[0].wait(timeout) and self.server.alive:
            self.server.kill(self.pid, signal.SIGKILL)
            self._exit[0].wait(2.0)
        self.server.forget(self.pid)
        fd, self.stderr_fd = self.stderr_fd, -1
        if fd >= 0:
            os.close(fd)
