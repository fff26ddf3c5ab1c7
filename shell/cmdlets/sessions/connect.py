"""Opening sessions for the cmdlets: which computers were named, and how to reach each.

API (New-PSSession, Invoke-Command and Enter-PSSession share it)::

    targets = targets_of(cmdlet)          # from -ComputerName/-HostName/-UserName/-Port/-KeyFilePath
    target = Target("server01", ssh=False, user=None, port=None, key_files=())
    target.local                          # localhost / "." with no SSH asked for
    calls = PipelineCalls()               # made on the pipeline thread (see below)
    session = open_session(runspace, target, session_id=0, name=None, calls=calls)
        # -> a sessions.session.ClientSession (live.ShellSession), or raises ConnectionFailed whose message
        #    says what failed and where
    record = open_error(target.name, exc) # the ErrorRecord a cmdlet writes for that
    session = open_or_throw(cmdlet, target)   # the same, as a terminating error

How a target is reached: ``localhost`` or ``.`` given as -ComputerName, with no
-UserName/-Port/-KeyFilePath, is a local endpoint process over pipes (Transport
``Process``), so sessions work on a machine without sshd. Every other name -- and
any -HostName, ``localhost`` included -- goes over SSH (Transport ``SSH``),
resolved through ``~/.ssh/config`` (sessions.hosts). -HostName takes
``[user@]host[:port]``.

Questions (an unknown host key, a password) are asked only when the runspace's
host is interactive, and always on the pipeline thread: connections are made on
worker threads, which hand each question to ``PipelineCalls``; the cmdlet's
waiting loop runs them (``calls.pump``); once the command is stopped it closes
them (``calls.close``): nothing more is asked, and a connecting thread waiting for
an answer gets a refusal instead of waiting forever. In scripts, and for -AsJob (whose
connections are made after the cmdlet has returned), nothing is asked: an unknown
host key is refused and a password cannot be typed.
"""

from __future__ import annotations

import queue
import threading
from typing import TYPE_CHECKING, Any, Callable

from shell.language.errors import ErrorCategory, ErrorRecord

if TYPE_CHECKING:
    from sessions.hosts import HostSpec
    from sessions.session import ClientSession
    from sessions.transport_ssh import Prompts
    from shell.language.cmdlet import Cmdlet
    from shell.language.runspace import Runspace

#: The label of a local session's endpoint process in messages.
LOCAL_LABEL = "The session's process"
#: PowerShell's default -ThrottleLimit for New-PSSession and Invoke-Command.
DEFAULT_THROTTLE = 32


def throttle_of(value: int | None) -> int:
    """A -ThrottleLimit value as used: 0, a negative number or none given means the default."""
    return value if value and value > 0 else DEFAULT_THROTTLE


class Target:
    """One computer to connect to, as a cmdlet's parameters named it."""

    __slots__ = ("name", "ssh", "user", "port", "key_files")

    def __init__(self, name: str, *, ssh: bool = False, user: str | None = None, port: int | None = None,
                 key_files: tuple[str, ...] | list[str] = ()) -> None:
        self.name = name
        self.ssh = ssh
        self.user = user
        self.port = port
        self.key_files = tuple(key_files)

    @property
    def local(self) -> bool:
        """A local endpoint process rather than SSH: localhost/. with no SSH parameter."""
        from sessions.hosts import is_local_name  # noqa: PLC0415

        return (is_local_name(self.name) and not self.ssh and self.user is None and self.port is None
                and not self.key_files)

    @property
    def display(self) -> str:
        """The ComputerName shown for the session (``.`` shows as localhost)."""
        return "localhost" if self.name.strip() == "." else self.name

    def __repr__(self) -> str:
        return f"Target({self.name!r}, ssh={self.ssh})"


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None and str(v) != ""]
    return [str(value)] if str(value) != "" else []


def _not_null_or_empty(cmdlet: Cmdlet, param: str, value: Any) -> None:
    """PowerShell's [ValidateNotNullOrEmpty()] on -ComputerName and -HostName (an array
    parameter also refuses an empty or null element)."""
    declared = next((p for p in cmdlet.params if p.name == param), None)
    is_array = declared is not None and declared.type.endswith("[]")
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    if not items or all(item is None for item in items) or (not is_array and str(items[0]) == ""):
        reason = ("The argument is null or empty. Provide an argument that is not null or empty, and "
                  "then try the command again.")
    elif any(item is None or str(item) == "" for item in items):
        reason = ("The argument is null, empty, or an element of the argument collection contains a null "
                  "value. Supply a collection that does not contain any null values and then try the "
                  "command again.")
    else:
        return
    cmdlet.throw(f"Cannot validate argument on parameter '{param}'. {reason}",
                 category=ErrorCategory.INVALID_DATA, error_id="ParameterArgumentValidationError")


def targets_of(cmdlet: Cmdlet) -> list[Target]:
    """The computers a cmdlet's -ComputerName / -HostName (with -UserName, -Port, -KeyFilePath) name."""
    from sessions.hosts import HostError, split_target  # noqa: PLC0415

    for param in ("ComputerName", "HostName"):
        value = getattr(cmdlet, "computer_name" if param == "ComputerName" else "host_name", None)
        # None: the cmdlet took the value for something else (a PSSession given by position).
        if param in cmdlet.bound and value is not None:
            _not_null_or_empty(cmdlet, param, value)
    user = getattr(cmdlet, "user_name", None)
    port = getattr(cmdlet, "port", None)
    keys = tuple(_strings(getattr(cmdlet, "key_file_path", None)))
    if keys:
        keys = tuple(cmdlet.runspace.resolve_path(k) for k in keys)
    found: list[Target] = []
    for name in _strings(getattr(cmdlet, "computer_name", None)):
        found.append(Target(name.strip(), user=user, port=port, key_files=keys))
    for text in _strings(getattr(cmdlet, "host_name", None)):
        try:
            host_user, host, host_port = split_target(text.strip())
        except HostError as exc:
            cmdlet.throw(str(exc), category=ErrorCategory.INVALID_ARGUMENT, target=text,
                         error_id="InvalidHostName")
        found.append(Target(host, ssh=True, user=host_user or user, port=host_port or port, key_files=keys))
    return found


# --------------------------------------------------------------------------- questions

class CallsClosed(Exception):
    """The pipeline thread runs no more calls: the command was stopped."""


class PipelineCalls:
    """Runs callables on the thread that made it (the pipeline thread), for worker threads.

    ``call(fn, *args)`` from a worker blocks until the pipeline thread's ``pump``
    has run it; from the pipeline thread itself it runs at once. After ``close``
    (a stopped command), a worker's call raises CallsClosed instead of waiting
    for a pump that will not come.
    """

    def __init__(self) -> None:
        self.thread = threading.current_thread()
        self._queue: queue.SimpleQueue[tuple[Callable[..., Any], tuple, list[Any], threading.Event]] = \
            queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        #: Told when a call is queued: an Event, or anything with ``set()``.
        self.wake: Any = None

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` on the pipeline thread and return its result (or raise its exception)."""
        if threading.current_thread() is self.thread:
            return fn(*args)
        slot: list[Any] = [None, None]
        done = threading.Event()
        with self._lock:
            if self._closed:
                raise CallsClosed()
            self._queue.put((fn, args, slot, done))
        if self.wake is not None:
            self.wake.set()
        done.wait()
        if slot[1] is not None:
            raise slot[1]
        return slot[0]

    def pump(self, stop: threading.Event | None = None) -> None:
        """Run every queued call (on the pipeline thread); none once ``stop`` is set (Ctrl+C)."""
        while stop is None or not stop.is_set():
            try:
                fn, args, slot, done = self._queue.get_nowait()
            except queue.Empty:
                return
            try:
                slot[0] = fn(*args)
            except BaseException as exc:  # noqa: BLE001 - handed back to the worker
                slot[1] = exc
            done.set()

    def close(self) -> None:
        """Run no more calls (on the pipeline thread): queued and later ones raise CallsClosed."""
        with self._lock:
            self._closed = True
        while True:
            try:
                _fn, _args, slot, done = self._queue.get_nowait()
            except queue.Empty:
                return
            slot[1] = CallsClosed()
            done.set()


def prompts_for(runspace: Runspace, calls: PipelineCalls | None) -> Prompts | None:
    """The questions the runspace's host can answer (None when it is not interactive)."""
    from sessions.transport_ssh import Prompts  # noqa: PLC0415

    host = runspace.host
    if not getattr(host, "interactive", False) or calls is None:
        return None
    lock = threading.Lock()

    def ask_host_key(spec: HostSpec, key_type: str, fingerprint: str) -> bool:
        def ask() -> bool:
            host.write(f"The authenticity of host '{spec.where}' can't be established.\n"
                       f"{key_type} key fingerprint is {fingerprint}.\n")
            while True:
                try:
                    answer = host.read_line("Are you sure you want to continue connecting (yes/no)? ")
                except BaseException:  # noqa: BLE001 - Ctrl+C or end of input at the question: refused
                    return False
                answer = (answer or "").strip().lower()
                if answer in ("yes", "y"):
                    return True
                if answer in ("no", "n", ""):
                    return False
                host.write("Please type 'yes' or 'no'.\n")
        try:
            with lock:
                return bool(calls.call(ask))
        except CallsClosed:
            return False        # the command was stopped: nothing more is asked

    def ask_password(prompt: str) -> str | None:
        def ask() -> str | None:
            try:
                return host.read_secret(prompt)
            except BaseException:  # noqa: BLE001 - Ctrl+C / EOF at the prompt: no password
                return None
        try:
            with lock:
                return calls.call(ask)
        except CallsClosed:
            return None

    return Prompts(ask_host_key=ask_host_key, ask_password=ask_password)


# --------------------------------------------------------------------------- opening

def open_session(runspace: Runspace, target: Target, *, session_id: int = 0, name: str | None = None,
                 calls: PipelineCalls | None = None, reader: bool = True) -> ClientSession:
    """Connect to ``target`` and return an Opened ClientSession; ConnectionFailed says why not.

    ``reader=False``: its connection has no reader thread, its one user pumps it
    (sessions.connection), as a temporary session's worker does.
    """
    from sessions.connection import Connection, ConnectionFailed  # noqa: PLC0415
    from shell.cmdlets.sessions.live import ShellSession  # noqa: PLC0415
    from shell.language import wire_adapter  # noqa: PLC0415

    computer = target.display
    decoder = wire_adapter.decoder(computer)
    if target.local:
        argv = runspace.endpoint_command
        if not argv:
            from shell.language.remoting import endpoint_argv  # noqa: PLC0415
            argv = endpoint_argv()
        try:
            conn = Connection.start_process(list(argv), decoder=decoder, label=LOCAL_LABEL, reader=reader)
        except ConnectionFailed as exc:
            raise ConnectionFailed(f"Connecting to {computer} failed: {exc}") from None
        return ShellSession(session_id, conn, computer_name=computer, name=name or f"Runspace{session_id}",
                            transport="Process")
    from sessions.hosts import HostError, resolve  # noqa: PLC0415
    from sessions.transport_ssh import connect  # noqa: PLC0415

    try:
        spec = resolve(target.name, user=target.user, port=target.port, key_files=target.key_files)
    except HostError as exc:
        raise ConnectionFailed(str(exc)) from None
    conn = connect(spec, prompts=prompts_for(runspace, calls), decoder=decoder, reader=reader)
    return ShellSession(session_id, conn, computer_name=computer, name=name or f"SSH{session_id}",
                        transport="SSH")


def open_error(computer: str, exc: BaseException, command: str | None = None) -> ErrorRecord:
    """The error a cmdlet writes for a computer it could not connect to (it names the computer)."""
    return ErrorRecord(str(exc), category=ErrorCategory.OPEN_ERROR, error_id="PSSessionOpenFailed",
                       target=computer, computer_name=computer, command=command,
                       exception_type="System.Management.Automation.Remoting.PSRemotingTransportException")


def open_or_throw(cmdlet: Cmdlet, target: Target, *, session_id: int = 0,
                  name: str | None = None) -> ClientSession:
    """``open_session`` on the pipeline thread, failing the cmdlet with a terminating error."""
    from sessions.connection import ConnectionFailed  # noqa: PLC0415
    from shell.language.errors import PSRuntimeError  # noqa: PLC0415

    try:
        return open_session(cmdlet.runspace, target, session_id=session_id, name=name, calls=PipelineCalls())
    except ConnectionFailed as exc:
        raise PSRuntimeError(open_error(target.display, exc, cmdlet.name)) from None
