"""The local process transport: an endpoint as a child process, over its stdin/stdout.

``ProcessTransport.spawn(argv)`` starts the endpoint (``python -m shell --endpoint``)
with a pipe on each of stdin and stdout and its stderr in an anonymous temporary
file (so a chatty child can never block on a full pipe; its tail is quoted when
the child dies unexpectedly).

No orphans (DESIGN.md, "Process model"):

* The child is started in a session and process group of its own, so a Ctrl+C at
  the console's terminal does not reach it, and ``close`` can kill the group (the
  endpoint and any native program it started) at once.
* The child dies with its parent: the endpoint calls ``die_with_parent()`` first
  thing, which sets PR_SET_PDEATHSIG (SIGKILL) with prctl and then checks that its
  parent is still the process that spawned it (``PSREPL_PARENT_PID``), closing the
  race where the parent dies before the prctl. This is done in the child rather
  than in a ``preexec_fn`` because a preexec_fn is unsafe in a threaded parent and
  forces a full fork() of the console. PDEATHSIG follows the *thread* that spawned
  the child, so every spawn runs on one long-lived spawner thread.
* ``close`` ends the child politely (end of its input), then kills its group; an
  atexit hook kills whatever is left when the console exits normally.

Spawning uses posix_spawn (vfork speed, and ``subprocess`` stays unimported on the
first job's path), or subprocess when a working directory is given. File
descriptors: Python creates every descriptor non-inheritable (PEP 446); any other
inheritable one is closed in the child (what subprocess's close_fds does), so only
the three standard ones reach it.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import threading
from typing import Any, Callable

from sessions.framing import FdChannel

PARENT_ENV = "PSREPL_PARENT_PID"
_STDERR_TAIL = 2000


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """In a spawned endpoint: die when the spawning process dies (Linux; elsewhere a no-op).

    Call it first thing. Exits at once if the parent named by ``PSREPL_PARENT_PID``
    is already gone. The variable is removed so that grandchildren do not see it.
    """
    expected = os.environ.pop(PARENT_ENV, None)
    if expected is None:
        return
    set_pdeathsig(sig)
    if str(os.getppid()) != expected:
        os._exit(1)


_PRCTL: Any = None


def _prctl(option: int, value: int) -> bool:
    """Linux's prctl(option, value); False where there is none or it fails."""
    global _PRCTL
    if not sys.platform.startswith("linux"):
        return False
    try:
        if _PRCTL is None:
            import ctypes  # noqa: PLC0415 - only in endpoints

            _PRCTL = ctypes.CDLL(None, use_errno=True).prctl
        return _PRCTL(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def set_pdeathsig(sig: int = signal.SIGKILL) -> bool:
    """Ask the kernel to send ``sig`` to this process when its parent thread ends (Linux only)."""
    return _prctl(1, int(sig))  # 1 = PR_SET_PDEATHSIG


def become_subreaper() -> bool:
    """Adopt this process's orphaned descendants, so that ``os.waitpid`` sees them (Linux only)."""
    return _prctl(36, 1)  # 36 = PR_SET_CHILD_SUBREAPER


def prepare_pdeathsig() -> None:
    """Load what ``set_pdeathsig`` needs now, so that children forked later do not (a fork server, a keeper)."""
    if sys.platform.startswith("linux"):
        try:
            set_pdeathsig(0)  # signal 0: no death signal (the default); only loads libc's prctl
        except Exception:  # noqa: BLE001 - best effort
            pass


def describe_status(label: str, returncode: int | None, stderr_tail: str = "") -> str:
    """A sentence saying how a child ended, e.g. '... exited unexpectedly (killed by signal 9).'"""
    if returncode is None:
        what = "stopped answering"
        text = f"{label} {what}."
    else:
        what = f"killed by signal {-returncode}" if returncode < 0 else f"exit code {returncode}"
        text = f"{label} exited unexpectedly ({what})."
    tail = stderr_tail.strip()
    if tail:
        text += f" Its last error output: {tail}"
    return text


# --------------------------------------------------------------------------- spawning

class _Spawner:
    """One long-lived thread that runs every spawn (PDEATHSIG follows the spawning thread)."""

    def __init__(self) -> None:
        self._jobs: Any = None      # a queue.SimpleQueue once the thread runs
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def run(self, func: Callable[[], Any]) -> Any:
        """Run ``func`` on the spawner thread and return its result (or raise its exception)."""
        with self._lock:
            if self._thread is None:
                import queue  # noqa: PLC0415 - not on an endpoint's start-up path

                self._jobs = queue.SimpleQueue()
                self._thread = threading.Thread(target=self._loop, name="psrepl-spawner", daemon=True)
                self._thread.start()
        if threading.current_thread() is self._thread:
            return func()
        slot: list[Any] = [None, None]
        done = threading.Event()
        self._jobs.put((func, slot, done))
        done.wait()
        if slot[1] is not None:
            raise slot[1]
        return slot[0]

    def _loop(self) -> None:
        while True:
            func, slot, done = self._jobs.get()
            try:
                slot[0] = func()
            except BaseException as exc:  # noqa: BLE001 - handed back to the caller
                slot[1] = exc
            done.set()


SPAWNER = _Spawner()
_LIVE: set[ProcessTransport] = set()
_LIVE_LOCK = threading.Lock()


def _kill_all_at_exit() -> None:
    with _LIVE_LOCK:
        live = list(_LIVE)
    for transport in live:
        transport.kill()


atexit.register(_kill_all_at_exit)


#: The capacity asked for the pipe that carries the endpoint's output (Linux; at most
#: /proc/sys/fs/pipe-max-size, 1 MiB by default): a frame then goes in one write, not
#: sixteen 64 KiB ones each waiting for the reader.
PIPE_SIZE = 1024 * 1024


def _widen(fd: int) -> None:
    """Ask for a larger pipe buffer (best effort: elsewhere, or when refused, nothing changes)."""
    try:
        import fcntl  # noqa: PLC0415

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
    except (ImportError, AttributeError, OSError):
        pass


def anonymous_file() -> int:
    """A read/write file descriptor of a file with no name (gone when closed)."""
    if hasattr(os, "O_TMPFILE"):
        for directory in (os.environ.get("TMPDIR"), "/tmp", "/var/tmp"):
            if directory:
                try:
                    return os.open(directory, os.O_TMPFILE | os.O_RDWR, 0o600)
                except OSError:
                    pass
    import tempfile  # noqa: PLC0415 - only where O_TMPFILE is missing

    handle = tempfile.TemporaryFile()
    fd = os.dup(handle.fileno())
    handle.close()
    return fd


def read_tail(fd: int, limit: int = _STDERR_TAIL) -> str:
    """The last ``limit`` bytes of the file open on ``fd``, as text."""
    try:
        size = os.fstat(fd).st_size
        data = os.pread(fd, limit, max(0, size - limit))
    except OSError:
        return ""
    return data.decode("utf-8", "replace")


def _inheritable_fds() -> list[int]:
    """Descriptors above 2 that a child would inherit (none that Python made: PEP 446)."""
    found = []
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return found
    for name in names:
        fd = int(name)
        if fd > 2:
            try:
                if os.get_inheritable(fd):
                    found.append(fd)
            except OSError:
                pass
    return found


class _Child:
    """A spawned child by pid, with the part of Popen's interface the transport uses."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._lock = threading.Lock()

    def poll(self) -> int | None:
        """The exit code if the child has ended (it is reaped then), else None."""
        with self._lock:
            if self.returncode is None:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
            return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the child to end and reap it (raises TimeoutError after ``timeout``)."""
        import time  # noqa: PLC0415

        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if timeout is None:
                with self._lock:
                    if self.returncode is None:
                        _, status = os.waitpid(self.pid, 0)
                        self.returncode = os.waitstatus_to_exitcode(status)
                    return self.returncode
            code = self.poll()
            if code is not None:
                return code
            if time.monotonic() >= deadline:
                raise TimeoutError(f"process {self.pid} is still running")
            time.sleep(0.005)

    def kill(self) -> None:
        """SIGKILL the child (if it has not been reaped)."""
        if self.returncode is None:
            os.kill(self.pid, signal.SIGKILL)


class ProcessTransport:
    """A child endpoint over pipes; see the module docstring."""

    def __init__(self, proc: Any, channel: FdChannel, stderr_fd: int, label: str) -> None:
        self.proc = proc
        self.pid: int = proc.pid
        self.channel = channel
        self.stderr_fd = stderr_fd
        self.label = label
        self._closed = False
        self._reap_lock = threading.Lock()
        try:
            self._pidfd: int | None = os.pidfd_open(self.pid)
        except (AttributeError, OSError):
            self._pidfd = None
        with _LIVE_LOCK:
            _LIVE.add(self)

    @classmethod
    def spawn(cls, argv: list[str], env: dict[str, str] | None = None, cwd: str | None = None,
              label: str = "The background process") -> ProcessTransport:
        """Start ``argv`` with pipes on stdin/stdout; raises OSError when it cannot start."""
        child_env = dict(os.environ if env is None else env)
        child_env[PARENT_ENV] = str(os.getpid())
        child_in, to_child = os.pipe()
        from_child, child_out = os.pipe()
        _widen(from_child)
        err_fd = anonymous_file()

        def start() -> Any:
            if cwd is None and hasattr(os, "posix_spawnp"):
                # posix_spawn (vfork speed, and no import of subprocess on the first job's path).
                actions = [(os.POSIX_SPAWN_DUP2, child_in, 0), (os.POSIX_SPAWN_DUP2, child_out, 1),
                           (os.POSIX_SPAWN_DUP2, err_fd, 2)]
                actions += [(os.POSIX_SPAWN_CLOSE, fd) for fd in _inheritable_fds()]
                return _Child(os.posix_spawnp(argv[0], argv, child_env, file_actions=actions, setsid=True))
            import subprocess  # noqa: PLC0415

            return subprocess.Popen(argv, stdin=child_in, stdout=child_out, stderr=err_fd,
                                    env=child_env, cwd=cwd, close_fds=True, start_new_session=True)

        try:
            proc = SPAWNER.run(start)
        except BaseException:
            for fd in (to_child, from_child, err_fd):
                os.close(fd)
            raise
        finally:
            os.close(child_in)
            os.close(child_out)
        return cls(proc, FdChannel(from_child, to_child), err_fd, label)

    @property
    def returncode(self) -> int | None:
        """The child's exit status once it has been reaped (negative: killed by that signal)."""
        return self.proc.returncode

    def stderr_tail(self) -> str:
        """The end of what the child wrote to its stderr."""
        return read_tail(self.stderr_fd) if self.stderr_fd >= 0 else ""

    def describe_exit(self, timeout: float) -> str | None:
        """Why the child's stream ended: waits up to ``timeout`` for it to exit, then reaps it."""
        if self._await_exit(timeout):
            self._reap()
            return describe_status(self.label, self.proc.returncode, self.stderr_tail())
        return describe_status(self.label, None, self.stderr_tail())

    def kill(self) -> None:
        """Kill the child's process group at once (it is reaped by ``close``)."""
        with self._reap_lock:
            if self.proc.returncode is None:
                try:
                    os.killpg(self.pid, signal.SIGKILL)
                except OSError:
                    pass

    def close(self, timeout: float = 1.0) -> None:
        """End the child: close its input, wait up to ``timeout``, kill its group, reap it."""
        if self._closed:
            return
        self._closed = True
        self.channel.close()
        if not self._await_exit(timeout):
            self.kill()
            self._await_exit(2.0)
        self._reap()
        with _LIVE_LOCK:
            _LIVE.discard(self)
        fd, self.stderr_fd = self.stderr_fd, -1
        if fd >= 0:
            os.close(fd)

    def _await_exit(self, timeout: float) -> bool:
        """Wait until the child has exited, without reaping it (its pid stays reserved)."""
        if self.proc.returncode is not None:
            return True
        if self._pidfd is None:
            try:
                self.proc.wait(timeout)
                return True
            except Exception:  # noqa: BLE001 - subprocess.TimeoutExpired
                return False
        import select  # noqa: PLC0415

        ready, _, _ = select.select([self._pidfd], [], [], timeout)
        return bool(ready)

    def _reap(self) -> None:
        """Kill what the child left in its process group, then collect its exit status.

        Done while the child is still a zombie, so its pid (the group's id) cannot
        have been reused by an unrelated process.
        """
        with self._reap_lock:
            if self.proc.returncode is not None:
                return
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except OSError:
                pass
            self.proc.wait()
            if self._pidfd is not None:
                os.close(self._pidfd)
                self._pidfd = None
