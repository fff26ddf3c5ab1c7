"""The console inside ``Enter-PSSession``: every line runs on the far side.

Enter-PSSession sets ``runspace.remote`` to a ``RemoteConsole``; from then on the
interpreter's ``execute()`` hands each input to ``RemoteConsole.execute``, the
prompt reads ``computer_name`` and ``location`` (``Server01\\~> ``) and tab
completion asks ``complete``. What it does with a line:

* The line is parsed here (the same parser as the far side's), so that ``exit``
  and ``Exit-PSSession`` (``exsn``, ``Exit-Session``) are handled locally: they
  leave the session. Everything else is sent, one top-level statement per
  invocation, as the local console runs them: each statement gets its own
  formatting and an error in one does not skip the next.
* Output comes back as ``Deserialized.`` objects and is formatted *here*, by the
  local Out-Default through the local host, sized to the local terminal. The other
  streams are shown by the local host too; errors name the computer
  (``[Server01] ...``). Redirections in the line (``> ~/logs/PsLog.txt``) are
  part of the text sent, so they write on the far side, as PowerShell's do. A
  statement that ends in Format-Table/List/Wide sends format objects
  (shell.language.wire_formats), laid out here at this console's width.
* Ctrl+C: the console's SIGINT handler calls ``runspace.request_stop()``; while a
  line runs here we watch ``runspace.stop_event`` and send a stop for that
  invocation only. The session stays open (PowerShell's SSH remoting breaks the
  session here, PowerShell issue 2321; we do not).
* A dropped connection leaves the remote console with a message that says so;
  the session is Broken, the local console carries on.

The session is a ``sessions.session.ClientSession``: ``invoke``, ``complete``,
``State``/``StateReason``, ``connection`` and ``close()`` are what is used here.
"""

from __future__ import annotations

import queue
from typing import TYPE_CHECKING, Any, Callable

from shell.language.errors import ErrorCategory, ErrorRecord, ParseError
from shell.language.streams import Stream
from shell.language.text_output import OutDefaultSink

if TYPE_CHECKING:
    from shell.language.runspace import Runspace

#: Command names that, typed inside the session, leave it (handled here, not sent).
EXIT_COMMANDS = frozenset({"exit-pssession", "exsn", "exit-session"})
#: How often the wait for a remote line looks at the stop request (seconds).
_POLL = 0.05
#: After a stop request, how long to wait for the far side to confirm before giving up.
_STOP_GRACE = 5.0
#: How long a tab completion may take before the prompt carries on without it.
_COMPLETE_TIMEOUT = 3.0

_DONE = object()


class RemoteConsole:
    """The object set as ``runspace.remote`` while the console is inside a session."""

    def __init__(self, runspace: Runspace, session: Any, computer_name: str, *,
                 close_on_exit: bool, remote_home: str = "") -> None:
        self.runspace = runspace
        self.session = session
        self.connection = session.connection
        self.computer_name = computer_name
        self.close_on_exit = close_on_exit
        self.remote_home = remote_home.rstrip("/") if remote_home != "/" else ""
        self.active = False
        self._on_exit: Callable[[], None] | None = None

    # ----------------------------------------------------------- entering and leaving
    def enter(self) -> None:
        """Switch the console into the session (the prompt changes with the next read)."""
        rs = self.runspace
        rs.remote = self
        self.active = True
        # If the console ends while inside (stdin ran out, Ctrl+D), a temporary
        # session must not outlive it.
        self._on_exit = self.leave
        rs.on_exit.append(self._on_exit)

    def leave(self) -> None:
        """Return to the local prompt; a session opened for Enter-PSSession is closed now."""
        if not self.active:
            return
        self.active = False
        rs = self.runspace
        if rs.remote is self:
            rs.remote = None
        if self._on_exit is not None:
            try:
                rs.on_exit.remove(self._on_exit)
            except ValueError:
                pass  # the runspace is running its clean-ups: this one was taken already
            self._on_exit = None
        if self.close_on_exit:
            close_session(self.session)

    # ----------------------------------------------------------- what the console reads
    @property
    def location(self) -> str:
        """The far side's location after the latest command, its home shown as ``~``."""
        location = str(self.connection.location or "")
        home = self.remote_home
        if home and (location == home or location.startswith(home + "/")):
            return "~" + location[len(home):]
        return location

    def complete(self, text: str, cursor: int) -> list[tuple[str, int]]:
        """Tab completion computed by the far side: ``[(completion text, start offset), ...]``."""
        if not self.active:
            return []
        try:
            reply = self.session.complete(text, cursor, timeout=_COMPLETE_TIMEOUT)
        except Exception:  # noqa: BLE001 - a slow or broken session must not break the prompt
            return []
        out: list[tuple[str, int]] = []
        for item in (reply or {}).get("matches") or ():
            try:
                out.append((str(item[0]), int(item[1])))
            except (TypeError, ValueError, IndexError):
                continue
        return out

    # ----------------------------------------------------------- running a line
    def execute(self, text: str) -> bool:
        """Run console input on the far side; True when its last statement succeeded."""
        from shell.language.parser import parse  # noqa: PLC0415

        if not self._alive():
            return False
        try:
            ast = parse(text)
        except ParseError as err:
            self._show_parse_error(err)
            return False
        if ast.param_block is not None or ast.begin_block is not None or ast.process_block is not None:
            return self._run(text)
        ok = True
        for node in ast.end_block.statements if ast.end_block is not None else ():
            if _leaves_session(node):
                self.leave()
                return ok
            ok = self._run(text[node.extent.start:node.extent.end])
            if not self.active or self.runspace.stop_event.is_set():
                return False  # the connection dropped, or Ctrl+C: the rest of the line is skipped
        return ok

    def _alive(self) -> bool:
        """False (after leaving the session, with a message) when the session cannot run commands."""
        if str(self.session.State) == "Opened" and self.connection.lost_reason is None:
            return True
        self._dropped(self._why())
        return False

    def _why(self) -> str:
        """Why the session is gone, in words."""
        reason = self.session.StateReason or self.connection.lost_reason
        return str(reason) if reason else f"The session state is {self.session.State}."

    def _run(self, script: str) -> bool:
        """One invocation on the far side, its records shown here as they arrive."""
        from sessions.connection import ConnectionLost  # noqa: PLC0415
        from sessions.session import SessionUnavailable  # noqa: PLC0415

        rs = self.runspace
        # A Queue, not a SimpleQueue: this thread waits on it while Ctrl+C's handler may
        # interrupt the wait, and in CPython 3.11 a SimpleQueue.get(timeout=...) whose
        # wait is interrupted by a signal whose handler returns after the timeout waits
        # forever (its remaining time turns negative, which means no timeout); the
        # stop would then never be sent. Queue.get waits on a lock, which handles it.
        inbox: queue.Queue[Any] = queue.Queue()

        def on_records(stream: int, first_seq: int, objs: list[Any]) -> None:
            inbox.put((stream, objs))

        def on_state(state: str, reason: Any) -> None:
            if state in ("Completed", "Failed", "Stopped"):
                inbox.put(_DONE)

        try:
            inv = self.session.invoke(script, on_records=on_records, on_state=on_state)
        except (ConnectionLost, SessionUnavailable):
            self._dropped(self._why())
            return False
        sink = OutDefaultSink(rs)
        stop_sent = False
        try:
            while True:
                if not stop_sent and rs.stop_event.is_set():
                    inv.stop()  # this invocation only: the session stays open
                    stop_sent = True
                try:
                    item = inbox.get(timeout=_STOP_GRACE if stop_sent else _POLL)
                except queue.Empty:
                    if stop_sent:
                        break  # the far side did not confirm; do not hang the console on it
                    continue
                if item is _DONE:
                    break
                if stop_sent:
                    continue  # stopped: what was still in flight is not shown
                self._show(sink, *item)
        except KeyboardInterrupt:
            # The console's third Ctrl+C: stop again and return to the prompt at once.
            inv.stop()
            stop_sent = True
        finally:
            try:
                sink.finish()
            except Exception:  # noqa: BLE001 - formatting the tail must not hide the outcome
                pass
        if not inv.done:
            self._show_error(f"The command did not stop in time; it may still be running on "
                             f"{self.computer_name}.", "RemoteStopTimeout")
            return False
        if inv.state == "Failed":
            if self.connection.lost_reason is not None:
                self._dropped(self._why())
                return False
            self._show_reason(inv.reason)
            return False
        return inv.state == "Completed"

    # ----------------------------------------------------------- showing what came back
    def _show(self, sink: OutDefaultSink, stream: int, objs: list[Any]) -> None:
        if stream == Stream.OUTPUT:
            for obj in objs:
                sink.push(obj)
            return
        sink.flush()  # held table rows first, so records appear in the order they were written
        host = self.runspace.host
        kind = Stream(stream)
        for record in objs:
            if isinstance(record, ErrorRecord) and not record.computer_name:
                record.computer_name = self.computer_name
            host.write_record(kind, record)

    def _show_reason(self, reason: Any) -> None:
        """Why an invocation failed (a thrown error, or a message)."""
        if isinstance(reason, ErrorRecord):
            if not reason.computer_name:
                reason.computer_name = self.computer_name
            self.runspace.host.write_record(Stream.ERROR, reason)
        elif reason is not None:
            self._show_error(str(getattr(reason, "string_form", None) or reason), "RemoteCommandFailed")

    def _show_error(self, message: str, error_id: str) -> None:
        self.runspace.host.write_record(Stream.ERROR, ErrorRecord(
            message, category=ErrorCategory.OPERATION_STOPPED if "stop" in error_id.lower()
            else ErrorCategory.NOT_SPECIFIED, error_id=error_id, computer_name=self.computer_name))

    def _show_parse_error(self, err: ParseError) -> None:
        record = ErrorRecord(err.message, category=ErrorCategory.PARSER_ERROR, error_id=err.error_id,
                             extent=err.extent, exception_type="System.Management.Automation.ParseException")
        record.script_stack = err.render()
        self.runspace.host.write_record(Stream.ERROR, record)

    def _dropped(self, reason: str) -> None:
        """The connection is gone: leave the session (Broken) and say so; the console goes on."""
        if not self.active:
            return
        state = self.session.State  # before leaving: a temporary session is closed then
        self.leave()
        reason = reason.rstrip(".")
        self.runspace.host.write_record(Stream.ERROR, ErrorRecord(
            f"The connection to {self.computer_name} was lost: {reason}. "
            f"The session is {state}; leaving the remote session.",
            category=ErrorCategory.RESOURCE_UNAVAILABLE, error_id="PSSessionStateBroken",
            command="Enter-PSSession", computer_name=self.computer_name,
            exception_type="System.Management.Automation.Remoting.PSRemotingTransportException"))

    def __repr__(self) -> str:
        return f"RemoteConsole({self.computer_name!r}, {self.location!r})"


def _leaves_session(node: Any) -> bool:
    """Whether a top-level statement is ``exit`` or ``Exit-PSSession`` (and its aliases)."""
    from shell.language import ast as A  # noqa: PLC0415

    if type(node) is A.ExitStatementAst:
        return True
    if type(node) is not A.PipelineAst or len(node.elements) != 1:
        return False
    command = node.elements[0]
    if type(command) is not A.CommandAst or command.invocation_operator is not None:
        return False
    head = command.elements[0]
    return type(head) is A.StringConstantExpressionAst and str(head.value).lower() in EXIT_COMMANDS


def close_session(session: Any) -> None:
    """Close a session opened only for Enter-PSSession (quietly: we are leaving anyway)."""
    try:
        session.close()
    except Exception:  # noqa: BLE001
        pass


def remote_home(session: Any, timeout: float) -> str:
    """The far side's home directory (``$HOME`` there), shown as ``~`` in the prompt."""
    found: list[Any] = []
    inv = session.invoke("$HOME", on_record=lambda stream, seq, obj: found.append(obj) if stream == 1 else None)
    if not inv.wait(timeout):
        inv.stop()
        raise TimeoutError(f"no answer within {timeout:g} seconds")
    if inv.state != "Completed":
        reason = inv.reason
        raise RuntimeError(str(getattr(reason, "message", None) or reason or inv.state))
    return str(found[0]) if found and isinstance(found[0], str) else ""
