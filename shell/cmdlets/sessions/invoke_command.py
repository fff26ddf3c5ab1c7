"""Invoke-Command (icm): run a script block in sessions, on computers, or as a RemoteJob.

* ``-Session $s`` (one or many): in those sessions' runspaces, which keep their
  state between commands (``$x = 1`` is still there next time).
* ``-ComputerName a,b,c`` / ``-HostName``: in temporary sessions, opened for the
  command (at most -ThrottleLimit at a time, 32 by default) and closed at its end.
* Neither: in the local runspace, in a new scope (as PowerShell does).

The script block's text is sent (``-FilePath``: the local script file's text),
with -ArgumentList and the caller's ``$using:`` values. Results come back as
``Deserialized.`` objects stamped with PSComputerName (shell/cmdlets/sessions/
remote_output.py) and are written in arrival order -- with many computers, as
they come. Errors name their computer; a remote terminating error, an unreachable
computer or a broken session gives a non-terminating error for that computer
only, and the others carry on.

``-AsJob`` returns a RemoteJob at once (jobs/remote_job.py): created locally,
Location the computer names, one child job per computer, managed with the Job
cmdlets. Without -AsJob no job is made (``_SessionCalls``: a job's bookkeeping
and a thread per computer would cost as much as a short command's round trip):
the cmdlet sends the commands on the sessions itself, a few worker threads open
the computers' temporary sessions and send each command as soon as its session
is open, each temporary session is closed as soon as its command has ended, and
what comes back is written on the pipeline thread as it arrives -- the same
results, errors and stops as the job's. Ctrl+C stops the remote commands.

Redirection follows the computer: ``Invoke-Command -Session $s { Get-Foo > f }``
writes ``f`` on the far side (the far side's interpreter runs the redirection),
while ``Invoke-Command -Session $s { Get-Foo } > f`` writes it here.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import TYPE_CHECKING, Any, Callable

from shell.cmdlets.jobs.selection import listify
from shell.cmdlets.jobs.start_options import CollectsInput, script_of, wire_arguments
from shell.cmdlets.sessions.connect import (DEFAULT_THROTTLE, PipelineCalls, Target, open_error, open_session,
                                           targets_of, throttle_of)
from shell.cmdlets.sessions.remote_output import error_of, job_reason, open_reason, stamper
from shell.cmdlets.sessions.session_args import SSH_PARAMS, sessions_of
from shell.language.cmdlet import Param
from shell.language.errors import ErrorCategory
from shell.language.scriptblock import ScriptBlock
from shell.language.streams import Stream

if TYPE_CHECKING:
    from jobs.remote_job import RemoteWork
    from sessions.connection import Invocation
    from sessions.session import ClientSession

#: How often the waiting loop looks at Ctrl+C and at questions from connecting threads.
_POLL = 0.05
#: After Ctrl+C, how long the remote commands get to stop before the prompt returns.
_STOP_GRACE = 3.0


class InvokeCommand(CollectsInput):
    """Invoke-Command [[-ComputerName] <string[]>] [-ScriptBlock] <scriptblock> [-Session <PSSession[]>] ..."""

    name = "Invoke-Command"
    aliases = ("icm",)
    synopsis = "Runs commands on local and remote computers."
    description = (
        "Runs the script block in PSSessions (-Session), on computers reached over SSH "
        "(-ComputerName, -HostName; temporary sessions closed at the end), or locally. Results "
        "come back as Deserialized objects carrying PSComputerName, in the order they arrive; "
        "errors name their computer, and one unreachable computer does not stop the others. "
        "-AsJob returns a RemoteJob with one child job per computer. $using:name passes the "
        "value of a local variable; -ArgumentList fills param() and $args. localhost (or .) "
        "without SSH parameters is a local psrepl process.")
    examples = (
        "Invoke-Command -ComputerName Server01,Server02 { hostname }",
        "$s = New-PSSession Server01; Invoke-Command -Session $s { $x = 1 }; Invoke-Command $s { $x }",
        "Invoke-Command -Session $s { Start-Job { Get-Process } }",
        "Invoke-Command -ComputerName Server01 { Get-ChildItem ~ } -AsJob -JobName Listing",
        "$n = 5; Invoke-Command -HostName admin@web01:2222 { 1..$using:n }",
        "Invoke-Command -Session $s -FilePath ./collect.ps1 -ArgumentList /var/log",
    )
    params = (
        Param("ScriptBlock", "object", position=0, aliases=("Command",),
              help="The commands to run."),
        Param("ComputerName", "object", position=1, aliases=("Cn",),
              help="Computers to run the commands on (names from ~/.ssh/config, hosts, localhost)."),
        Param("Session", "object", help="PSSessions to run the commands in (New-PSSession)."),
        *SSH_PARAMS,
        Param("FilePath", "string", completer="path", help="A local script file whose text is run remotely."),
        Param("ArgumentList", "object[]", aliases=("Args",), help="Values for param() and $args."),
        Param("InputObject", "object", pipeline=True, help="Input the script reads as $input."),
        Param("ThrottleLimit", "int", default=DEFAULT_THROTTLE,
              help="How many computers are worked on at once (default 32)."),
        Param("HideComputerName", "switch", aliases=("HCN",),
              help="Leave the PSComputerName column out of the display."),
        Param("AsJob", "switch", help="Return a RemoteJob at once instead of waiting for results."),
        Param("JobName", "string", help="The name of the job (with -AsJob)."),
    )

    # ----------------------------------------------------------- parameters
    def _sort_positionals(self) -> None:
        """``icm Server01 {..}`` and ``icm $s {..}`` bind by type, as PowerShell's parameter sets do."""
        block, computer = self.script_block, self.computer_name
        if "ScriptBlock" in self.bound and not isinstance(block, ScriptBlock) and block is not None:
            if isinstance(computer, ScriptBlock) and "ComputerName" in self.bound:
                self.script_block, self.computer_name = computer, block
                block, computer = computer, block
        if computer is not None and _is_sessions(computer) and self.session is None:
            self.session, self.computer_name = computer, None

    def _script(self) -> tuple[str, str, ScriptBlock | None]:
        """(script text to send, the Command shown for a job, the local block if any)."""
        block, path = script_of(self, self.script_block, self.file_path)
        if path is not None:
            return block.text, path, block
        if not isinstance(block, ScriptBlock):
            self.throw(f"Cannot bind parameter 'ScriptBlock'. Cannot convert the \"{block}\" value of type "
                       f"\"System.String\" to type \"System.Management.Automation.ScriptBlock\".",
                       category=ErrorCategory.INVALID_ARGUMENT, error_id="CannotConvertArgument")
        return block.text, block.text.strip(), block

    # ----------------------------------------------------------- running
    def end(self) -> None:
        self._sort_positionals()
        script, command, block = self._script()
        sessions = sessions_of(self, self.session) if self.session is not None else []
        targets = targets_of(self)
        input_ = self._piped or (None if "InputObject" not in self.bound else listify(self.input_object))
        if not sessions and not targets:
            if self.session is not None:
                return  # every session given was refused (errors written)
            if self.as_job:
                self.throw("Invoke-Command -AsJob needs -ComputerName, -HostName or -Session.",
                           category=ErrorCategory.INVALID_ARGUMENT, error_id="AsJobNeedsRemote")
            self._run_locally(block, input_)
            return
        throttle = throttle_of(self.throttle_limit)
        if not self.as_job:
            args, using, options = self._wire(block, input_)
            _SessionCalls(self, script, args, using, options, sessions, throttle, targets).run()
            return
        work, ids = self._work(script, block, input_)
        pairs: list[tuple[str, ClientSession | None, Any]] = [(s.ComputerName, s, None) for s in sessions]
        for session in sessions:
            ids[session.ComputerName] = session.InstanceId
        for target in targets:
            pairs.append((target.display, None, self._opener(target, ids)))
        self._start_job(command, work, pairs, throttle)

    def _wire(self, block: ScriptBlock | None, input_: list[Any] | None) -> tuple[list, dict, dict]:
        """-ArgumentList, the ``$using:`` values the block reads, and the input, as wire values."""
        text = block.text if block is not None else ""
        # A block that does not say "using" reads no $using: variable: skip walking its tree.
        if block is not None and "using" in text.lower():
            using = self.runspace.engine.collect_using(block)
        else:
            using = {}
        return wire_arguments(self._arguments(), using, input_)

    def _work(self, script: str, block: ScriptBlock | None, input_: list[Any] | None) -> tuple[RemoteWork, dict]:
        from jobs.remote_job import RemoteWork  # noqa: PLC0415

        args, using, options = self._wire(block, input_)
        ids: dict[str, str] = {}
        work = RemoteWork(script, args=args, using=using, options=options,
                          transform=stamper(ids, bool(self.hide_computer_name)),
                          reason=job_reason, open_error=open_reason)
        return work, ids

    def _opener(self, target: Target, ids: dict[str, str]) -> Any:
        """-AsJob: how a child opens its temporary session (nothing is asked: the cmdlet has returned)."""
        runspace = self.runspace

        def open_() -> ClientSession:
            session = open_session(runspace, target)
            ids[target.display] = session.InstanceId
            return session
        return open_

    def _arguments(self) -> list[Any]:
        return list(self.argument_list) if self.argument_list is not None else []

    def _run_locally(self, block: ScriptBlock | None, input_: list[Any] | None) -> None:
        self.run_block(block, *self._arguments(), input=input_, new_scope=True, output=self.write)

    def _start_job(self, command: str, work: RemoteWork, pairs: list, throttle: int) -> None:
        from shell.cmdlets.jobs.selection import job_table  # noqa: PLC0415
        from shell.cmdlets.sessions.live import ShellRemoteJob  # noqa: PLC0415

        table = job_table(self.runspace)
        job = ShellRemoteJob(table.next_id, command, work, pairs, name=self.job_name, throttle_limit=throttle)
        table.add(job)
        job.start()
        self.write(job)


class _Call:
    """The command on one computer: how its objects are stamped, its invocation, its temporary session."""

    __slots__ = ("computer", "temporary", "stamp", "inv", "session")

    def __init__(self, computer: str, temporary: bool) -> None:
        self.computer = computer
        self.temporary = temporary
        self.stamp: Any = None                     # set before the command is sent
        self.inv: Invocation | None = None         # set once it is sent
        self.session: ClientSession | None = None  # a temporary session, once open


class _SessionCalls:
    """Invoke-Command without -AsJob: one invocation per session or computer, no job.

    Open sessions (-Session) get their command from the pipeline thread. Computers
    (-ComputerName, -HostName) get a temporary session each, opened by a few worker
    threads (``_Workers``: no more than min(throttle, computers)), which send the
    command as soon as the session is open, read what comes back themselves (the
    temporary connection has no reader thread) and close the session when the
    command has ended; the slot goes to the next computer as soon as the end arrives.

    What comes back is queued by the workers and the connections' reader threads
    and written here, in arrival order, as a RemoteJob's would be (PSComputerName
    stamped, errors naming the computer, a failed command or an unreachable computer
    a non-terminating error). At most ``throttle`` computers are worked on at once,
    in the order given. Questions from connecting threads (host keys, passwords)
    come in the same queue and are asked here. Ctrl+C stops the remote commands and,
    after a grace period, abandons connections still being made (they are closed as
    they open); a stop from downstream (Select-Object -First) or a terminating error
    stops the sessions' commands and closes the temporary sessions at once. A normal
    end returns only once every temporary session is closed.
    """

    def __init__(self, cmdlet: InvokeCommand, script: str, args: list[Any], using: dict[str, Any],
                 options: dict[str, Any], sessions: list[ClientSession], throttle: int,
                 targets: list[Target] | None = None) -> None:
        self.cmdlet = cmdlet
        self.script = script
        self.args = args
        self.using = using
        self.options = options
        # Popped from the end: the sessions, then the computers, in the order given.
        self.waiting: list[Any] = [*reversed(targets or ()), *reversed(sessions)]
        self.throttle = throttle
        self.hide = bool(cmdlet.hide_computer_name)
        # A Queue, not a SimpleQueue: at the console this (main) thread waits on it while
        # Ctrl+C's handler may interrupt the wait, and in CPython 3.11 an interrupted
        # SimpleQueue.get(timeout=...) whose handler returns after the timeout waits for
        # ever (see shell/cmdlets/sessions/remote_console.py, RemoteConsole._run).
        self.inbox: queue.Queue[tuple[Any, int | None, Any]] = queue.Queue()
        self.running: set[_Call] = set()
        self.stopping = False                       # read by the workers
        self.closing = False                        # the workers close their sessions now
        self.calls: PipelineCalls | None = None
        self.workers: _Workers | None = None
        if targets:
            self.calls = PipelineCalls()
            self.calls.wake = _Wake(self.inbox)
            self.workers = _Workers(min(throttle, len(targets)))
        # One session: this thread reads its connection itself while it waits, so what
        # comes back reaches it with no thread switch (Connection.pump).
        self.pump = sessions[0].connection.pump if len(sessions) == 1 and not targets else None

    def run(self) -> None:
        """Send, write what arrives until every command has ended, then honour a Ctrl+C."""

        cmdlet = self.cmdlet
        stop = cmdlet.runspace.stop_event
        write = cmdlet._out
        running = self.running
        stop_deadline = None
        try:
            self._send_more()
            while running:
                try:
                    call, stream, payload = self._next()
                except queue.Empty:
                    if stop.is_set():
                        # Ctrl+C: stop the remote commands, and give them a moment to say so.
                        if stop_deadline is None:
                            self._stop_running(close=False)
                            stop_deadline = time.monotonic() + _STOP_GRACE
                        elif time.monotonic() > stop_deadline:
                            break
                    continue
                if stream is None:
                    running.discard(call)
                    state, reason = payload
                    if state == "Failed":
                        cmdlet.write_error(error_of(call.computer, reason))
                    if self.waiting and not stop.is_set():
                        self._send_more()
                elif stream == 1:
                    for obj in call.stamp(call.computer, 1, payload):
                        write(obj)
                elif stream == 2:
                    for record in payload:
                        cmdlet.write_error(error_of(call.computer, record))
                elif stream == 0:
                    # A question from a connecting thread; after Ctrl+C none is asked (see _stop_running).
                    self.calls.pump(stop)   # type: ignore[union-attr]
                else:
                    for record in payload:
                        cmdlet._emit(Stream(stream), record)
        except BaseException:
            # A stop from downstream, a terminating error: the remote commands stop too.
            self._stop_running(close=True)
            self._finish(wait=False)
            raise
        if running:
            # Ctrl+C's grace is over: what still runs is closed, what still connects is abandoned.
            self._stop_running(close=True)
        self._finish(wait=not running)
        if stop.is_set():
            cmdlet.check_stopping()

    def _next(self) -> tuple[Any, int | None, Any]:
        """The next item that arrived, reading for it here when possible; queue.Empty
        after about _POLL seconds without one."""
        inbox = self.inbox
        try:
            return inbox.get_nowait()
        except queue.Empty:
            pass
        if self.pump is not None and self.pump(_POLL):
            return inbox.get_nowait()
        return inbox.get(timeout=_POLL)

    def _send_more(self) -> None:
        """Send commands to waiting sessions (or have computers connected) while fewer than ``throttle`` run."""
        waiting, running = self.waiting, self.running
        while waiting and len(running) < self.throttle:
            item = waiting.pop()
            if item.__class__ is Target:
                call = _Call(item.display, True)
                running.add(call)
                self.workers.submit(self._open, (call, item))   # type: ignore[union-attr]
            else:
                self._send(item)

    def _send(self, session: ClientSession) -> None:
        """Send the command on an open session (on the pipeline thread)."""
        call = _Call(session.ComputerName, False)
        self.running.add(call)
        try:
            call.inv = self._invoke(call, session)
        except _NotSent as exc:
            self.running.discard(call)
            self.cmdlet.write_error(error_of(call.computer, exc.reason))

    def _invoke(self, call: _Call, session: ClientSession) -> Invocation:
        """Send the command for ``call`` on ``session``; _NotSent says why it could not be."""
        from jobs.job import JobError  # noqa: PLC0415
        from sessions.session import SessionUnavailable  # noqa: PLC0415

        put = self.inbox.put
        computer = call.computer

        def on_records(stream: int, first_seq: int, objs: list) -> None:
            put((call, stream, objs))           # on the connection's reader thread

        def on_state(state: str, reason: Any) -> None:
            if state != "Running":
                put((call, None, (state, reason)))

        call.stamp = stamper({computer: session.InstanceId}, self.hide)
        try:
            return session.invoke(self.script, self.args, self.using, on_records=on_records,
                                  on_state=on_state, options=self.options, then_close=call.temporary)
        except SessionUnavailable as exc:
            raise _NotSent(str(exc)) from None
        except Exception as exc:  # noqa: BLE001 - psrepl's own failure, named and never lost
            raise _NotSent(JobError(f"The remote job on {computer} failed: {type(exc).__name__}: {exc}")) from None

    # ----------------------------------------------------------- on the workers
    def _open(self, item: tuple[_Call, Target]) -> None:
        """Open a computer's temporary session and send its command (never raises)."""
        from jobs.job import JobError  # noqa: PLC0415
        from sessions.connection import ConnectionFailed  # noqa: PLC0415

        call, target = item
        put = self.inbox.put
        if self.stopping:
            put((call, None, ("Stopped", None)))
            return
        try:
            session = open_session(self.cmdlet.runspace, target, calls=self.calls, reader=False)
        except ConnectionFailed as exc:
            # After a stop, a connection that failed (a question refused) was stopped.
            put((call, None, ("Stopped", None) if self.stopping else ("Failed", open_error(call.computer, exc))))
            return
        except BaseException as exc:  # noqa: BLE001 - never a traceback: the error names the computer
            put((call, None, ("Failed", JobError(
                f"The remote job on {call.computer} failed: {type(exc).__name__}: {exc}"))))
            return
        call.session = session
        # A stop that came while connecting: the command is not sent (the stopper saw no
        # session, or sees it and closes it too; closing twice is harmless).
        if self.stopping:
            put((call, None, ("Stopped", None)))
            self._close(session)
            return
        try:
            inv = call.inv = self._invoke(call, session)
        except _NotSent as exc:
            put((call, None, ("Failed", exc.reason)))
            self._close(session)
            return
        if self.stopping:
            inv.stop()
        # This worker reads the session's connection (it has no reader thread) until the
        # command has ended, then closes it: a round trip that holds up no other computer.
        pump = session.connection.pump
        while not inv.done and not self.closing:
            if not pump(_POLL):
                inv.wait(_POLL)
        self._close(session)

    @staticmethod
    def _close(session: ClientSession) -> None:
        try:
            session.close()
        except Exception:  # noqa: BLE001 - closing never fails loudly (ClientSession.close swallows its own)
            pass

    # ----------------------------------------------------------- stopping
    def _stop_running(self, *, close: bool) -> None:
        """Send nothing more; stop the running commands (``close``: close temporary sessions instead)."""
        self.stopping = True        # before looking at the calls: see _open
        if close:
            self.closing = True     # each worker closes the temporary session it reads
        self.waiting.clear()
        if self.calls is not None:
            self.calls.close()      # nothing more is asked; connecting threads waiting for an answer fail
        for call in list(self.running):
            if not (close and call.temporary) and call.inv is not None:
                call.inv.stop()

    def _finish(self, *, wait: bool) -> None:
        """Let the workers end once they have done what they were given (closes included)."""
        if self.workers is not None:
            self.workers.finish(wait)


class _NotSent(Exception):
    """A command could not be sent; ``reason`` says why (a str or a JobError)."""

    def __init__(self, reason: Any) -> None:
        super().__init__(str(reason))
        self.reason = reason


class _Workers:
    """At most ``size`` threads, started as needed, running what they are handed in order."""

    __slots__ = ("size", "tasks", "threads")

    def __init__(self, size: int) -> None:
        self.size = size
        self.tasks: queue.SimpleQueue[tuple[Callable[[Any], None], Any] | None] = queue.SimpleQueue()
        self.threads: list[threading.Thread] = []

    def submit(self, fn: Callable[[Any], None], arg: Any) -> None:
        """Queue ``fn(arg)``; a thread is started for it while fewer than ``size`` run (pipeline thread only)."""
        self.tasks.put((fn, arg))
        if len(self.threads) < self.size:
            thread = threading.Thread(target=self._work, daemon=True, name="psrepl-icm-worker")
            self.threads.append(thread)
            thread.start()

    def finish(self, wait: bool) -> None:
        """Each thread ends after the tasks queued so far; ``wait``: until they have."""
        for _ in self.threads:
            self.tasks.put(None)
        if wait:
            for thread in self.threads:
                thread.join()

    def _work(self) -> None:
        get = self.tasks.get
        while True:
            task = get()
            if task is None:
                return
            fn, arg = task
            fn(arg)


class _Wake:
    """PipelineCalls' wake-up: a question from a connecting thread is an item of the inbox."""

    __slots__ = ("put",)

    def __init__(self, inbox: queue.Queue) -> None:
        self.put = inbox.put

    def set(self) -> None:
        """Tell the pipeline thread a question waits (PipelineCalls.call)."""
        self.put((None, 0, None))


def _is_sessions(value: Any) -> bool:
    from sessions.session import ClientSession  # noqa: PLC0415

    items = value if isinstance(value, (list, tuple)) else [value]
    return bool(items) and all(isinstance(v, ClientSession) for v in items)
