"""Native programs: anything not a cmdlet, function or alias, found on PATH.

Started with an argument list (never a shell string), in the runspace's location.
Their stdout lines flow into the pipeline as strings; stderr lines go to the Error
stream; ``$LASTEXITCODE`` is set. At the end of a top-level console pipeline with
nothing redirected, the program writes straight to the terminal instead (so
colours and full-screen programs work). A stop request (Ctrl+C, Stop-Job) ends the
program: SIGINT, then SIGTERM, then SIGKILL.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
from typing import TYPE_CHECKING, Any, Callable

from shell.language import conversions as C
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.pipeline import Stage
from shell.language.streams import Stream

if TYPE_CHECKING:
    from shell.language.interpreter import Interpreter
    from shell.language.runspace import Runspace


def find_native(rs: Runspace, name: str) -> str | None:
    """The executable's path for ``name`` (a PATH lookup, or a path relative to the location)."""
    if not name:
        return None
    if "/" in name or name.startswith("~"):
        path = rs.resolve_path(name)
        return path if os.path.isfile(path) and os.access(path, os.X_OK) else None
    return shutil.which(name)


def native_arguments(args: list[tuple[str, Any, Any, Any]]) -> list[str]:
    """Arguments as strings: arrays spread, ``-name:value`` kept as one word."""
    words: list[str] = []
    for kind, a, b, _extent in args:
        if kind == "pos":
            if a is None:
                continue  # PowerShell 7.3+ drops a $null argument
            if isinstance(a, (list, tuple)):
                words.extend(C.to_string(x) for x in a if x is not None)
            else:
                words.append(C.to_string(a))
        else:
            from shell.language.binder import NO_VALUE  # noqa: PLC0415
            if b is NO_VALUE:
                words.append("-" + a)
            else:
                words.append(f"-{a}:{C.to_string(b)}")
    return words


class NativeStage(Stage):
    """A native program in a pipeline."""

    def __init__(self, interp: Interpreter, path: str, name: str, args: list[Any],
                 out: Callable[[Any], None], emit: Callable[[Stream, Any], None],
                 expecting_input: bool, extent: Any, has_redirections: bool) -> None:
        self.interp = interp
        self.rs = interp.rs
        self.path = path
        self.name = name
        self.argv = [path] + native_arguments(args)
        self.out = out
        self.emit = emit
        self.extent = extent
        self.input_items: list[Any] | None = [] if expecting_input else None
        self.has_redirections = has_redirections

    def push(self, item: Any) -> None:
        assert self.input_items is not None
        self.input_items.append(item)

    def start(self) -> None:
        self._run()

    def end(self) -> None:
        if self.input_items is not None:
            self._run()

    def _direct(self) -> bool:
        """Whether the program may write straight to our stdout/stderr."""
        host = self.rs.host
        return bool(getattr(host, "passthrough_native", False)) and not self.has_redirections \
            and self.interp.at_console_end(self.out)

    def _run(self) -> None:
        import subprocess  # noqa: PLC0415 - only when a native program runs

        rs = self.rs
        direct = self._direct()
        stdin: Any = subprocess.DEVNULL
        if self.input_items is not None:
            stdin = subprocess.PIPE
        elif getattr(rs.host, "interactive", False) and direct:
            stdin = None
        if direct:
            flush = getattr(rs.host, "flush", None)
            if flush is not None:
                flush()
            state = getattr(rs, "format_state", None)
            if state is not None:
                state.tail = ""  # the program writes to the terminal itself: spacing starts afresh
        try:
            proc = subprocess.Popen(
                self.argv, cwd=rs.location, stdin=stdin,
                stdout=None if direct else subprocess.PIPE,
                stderr=None if direct else subprocess.PIPE,
                close_fds=True)
        except OSError as err:
            raise PSRuntimeError(ErrorRecord(
                f"An error occurred trying to start process '{self.path}' with working directory "
                f"'{rs.location}'. {err.strerror or err}", category=ErrorCategory.RESOURCE_UNAVAILABLE,
                command=self.name, extent=self.extent,
                exception_type="System.ComponentModel.Win32Exception")) from None
        threads: list[threading.Thread] = []
        if self.input_items is not None:
            data = "".join(C.to_string(i) + "\n" for i in self.input_items).encode()
            threads.append(_start(_feed, proc.stdin, data))
        errors: list[str] = []
        try:
            if proc.stdout is not None:
                self._pump(proc, errors.append)
            self._wait(proc)
        finally:
            if proc.poll() is None:
                _terminate(proc)
            for t in threads:
                t.join(timeout=1)
        for line in errors:
            self.emit(Stream.ERROR, ErrorRecord(line, category=ErrorCategory.FROM_STDERR,
                                                error_id="NativeCommandError", command=self.name,
                                                exception_type="System.Management.Automation.RemoteException"))
        code = proc.returncode
        rs.global_scope.set_local("LASTEXITCODE", code)
        if code != 0:
            rs.last_success = False
            self.interp.native_failed = True
        rs.check_stopping()

    def _pump(self, proc: Any, error_line: Callable[[str], None]) -> None:
        """Read stdout and stderr as they come, in this thread (no thread per pipe).

        Each stdout line goes downstream at once; stderr lines are collected. A stop
        request (checked every 50 ms) ends the program and the reading.
        """
        import select  # noqa: PLC0415

        stop = self.rs.stop_event
        sinks = {proc.stdout.fileno(): (self.out, bytearray()), proc.stderr.fileno(): (error_line, bytearray())}
        poller = select.poll()
        for fd in sinks:
            poller.register(fd, select.POLLIN)
        try:
            while sinks:
                if stop.is_set():
                    _terminate(proc)
                    return
                for fd, _ in poller.poll(50):
                    sink, pending = sinks[fd]
                    try:
                        data = os.read(fd, 65536)
                    except OSError:
                        data = b""
                    if data:
                        pending += data
                        _emit_lines(pending, sink)
                        continue
                    if pending:
                        sink(pending.decode("utf-8", "replace").rstrip("\r"))
                    poller.unregister(fd)
                    del sinks[fd]
        finally:
            proc.stdout.close()
            proc.stderr.close()

    def _wait(self, proc: Any) -> None:
        import subprocess  # noqa: PLC0415

        stop = self.rs.stop_event
        while True:
            try:
                proc.wait(timeout=0.05)
                return
            except subprocess.TimeoutExpired:
                if stop.is_set():
                    _terminate(proc)
                    return


def _start(target: Callable[..., None], *args: Any) -> threading.Thread:
    thread = threading.Thread(target=target, args=args, daemon=True)
    thread.start()
    return thread


def _feed(pipe: Any, data: bytes) -> None:
    try:
        pipe.write(data)
    except OSError:
        pass
    finally:
        try:
            pipe.close()
        except OSError:
            pass


def _emit_lines(pending: bytearray, sink: Callable[[str], None]) -> None:
    """Send each complete line of ``pending`` to ``sink`` (decoded, without its line end); keep the rest."""
    end = pending.rfind(b"\n")
    if end < 0:
        return
    complete = bytes(pending[:end])
    del pending[:end + 1]
    for raw in complete.split(b"\n"):
        sink(raw.decode("utf-8", "replace").rstrip("\r"))


def _terminate(proc: Any) -> None:
    """SIGINT, then SIGTERM, then SIGKILL, a short wait between each."""
    import subprocess  # noqa: PLC0415

    for sig, wait in ((signal.SIGINT, 0.3), (signal.SIGTERM, 0.5), (signal.SIGKILL, 2.0)):
        if proc.poll() is not None:
            return
        try:
            proc.send_signal(sig)
        except OSError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue
