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
cmdlets. The synchronous form with -ComputerName drives the very same job,
unlisted, and writes what it receives as it arrives; with only -Session it sends
the commands itself (``_SessionCalls``: no job, whose bookkeeping would cost as
much as a short command's round trip) with the same results, errors and stops.
Ctrl+C stops the remote commands.

Redirection follows the computer: ``Invoke-Command -Session $s { Get-Foo > f }``
writes ``f`` on the far side (the far side's interpreter runs the redirection),
while ``Invoke-Command -Session $s { Get-Foo } > f`` writes it here.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import TYPE_CHECKING, Any

from shell.cmdlets.jobs.selection import listify
from shell.cmdlets.jobs.start_options import CollectsInput, script_of, wire_arguments
from shell.cmdlets.sessions.connect import (DEFAULT_THROTTLE, PipelineCalls, Target, open_session, targets_of,
                                           throttle_of)
from shell.cmdlets.sessions.remote_output import error_of, job_reason, open_reason, stamper
from shell.cmdlets.sessions.session_args import SSH_PARAMS, sessions_of
from shell.language.cmdlet import Param
from shell.language.errors import ErrorCategory
from shell.language.scriptblock import ScriptBlock
from shell.language.streams import Stream

if TYPE_CHECKING:
    from jobs.remote_job import RemoteChildJob, RemoteJob, RemoteWork
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
        if sessions and not targets and not self.as_job:
            args, using, options = self._wire(block, input_)
            _SessionCalls(self, script, args, using, options, sessions,
                          throttle_of(self.throttle_limit)).run()
            return
        work, ids = self._work(script, block, input_)
        calls = PipelineCalls()
        pairs: list[tuple[str, ClientSession | None, Any]] = [(s.ComputerName, s, None) for s in sessions]
        for session in sessions:
            ids[session.ComputerName] = session.InstanceId
        for target in targets:
            pairs.append((target.display, None, self._opener(target, ids, calls if not self.as_job else None)))
        throttle = throttle_of(self.throttle_limit)
        if self.as_job:
            self._start_job(command, work, pairs, throttle)
        else:
            self._run_sync(command, work, pairs, throttle, calls)

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

    def _opener(self, target: Target, ids: dict[str, str], calls: PipelineCalls | None) -> Any:
        runspace = self.runspace

        def open_() -> ClientSession:
            session = open_session(runspace, target, calls=calls)
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

    def _run_sync(self, command: str, work: RemoteWork, pairs: list, throttle: int,
                  calls: PipelineCalls) -> None:
        from jobs.remote_job import RemoteJob  # noqa: PLC0415

        inbox: queue.SimpleQueue[tuple[Any, int | None, Any]] = queue.SimpleQueue()
        wake = threading.Event()
        calls.wake = wake

        def sink(child: RemoteChildJob, stream: int, objs: list) -> None:
            inbox.put((child, stream, objs))

        job = RemoteJob(lambda: 0, command, work, pairs, throttle_limit=throttle, sink=sink)
        pending = set()
        for child in job.ChildJobs:
            pending.add(id(child))
            child.add_watcher(_finish_marker(child, inbox))
        job.start()
        try:
            self._drain(job, inbox, pending, calls)
        except BaseException:
            # Select-Object -First downstream, a terminating error, Ctrl+C: the remote
            # commands stop too (temporary sessions close as their commands end).
            job.stop()
            raise

    def _drain(self, job: RemoteJob, inbox: queue.SimpleQueue, pending: set[int], calls: PipelineCalls) -> None:
        """Write what arrives, as it arrives, until every child has ended (Ctrl+C stops them)."""
        from jobs.states import JobState  # noqa: PLC0415

        stop = self.runspace.stop_event
        write = self._out
        emit = self._emit
        stop_deadline = None
        while pending:
            try:
                child, stream, objs = inbox.get(timeout=_POLL)
            except queue.Empty:
                calls.pump()
                if stop.is_set():
                    # Ctrl+C: stop the remote commands, and give them a moment to say so.
                    if stop_deadline is None:
                        job.stop()
                        stop_deadline = time.monotonic() + _STOP_GRACE
                    elif time.monotonic() > stop_deadline:
                        break
                continue
            if stream is None:
                pending.discard(id(child))
                if child.State is JobState.FAILED:
                    self.write_error(error_of(child.computer, child.JobStateInfo.Reason))
            elif stream == 1:
                for obj in objs:
                    write(obj)
            elif stream == 2:
                for record in objs:
                    self.write_error(error_of(child.computer, record))
            else:
                for record in objs:
                    emit(Stream(stream), record)
        if stop.is_set():
            self.check_stopping()


class _SessionCalls:
    """Invoke-Command -Session (no -AsJob): one invocation per session, sent from the pipeline thread.

    What comes back is queued by the connections' reader threads and written here, in
    arrival order, exactly as the RemoteJob path writes it (PSComputerName stamped,
    errors naming the computer, a failed command a non-terminating error). At most
    ``throttle`` commands run at once; the next session's is sent when one ends.
    Ctrl+C, or a stop from downstream (Select-Object -First), stops the remote commands.
    """

    def __init__(self, cmdlet: InvokeCommand, script: str, args: list[Any], using: dict[str, Any],
                 options: dict[str, Any], sessions: list[ClientSession], throttle: int) -> None:
        self.cmdlet = cmdlet
        self.script = script
        self.args = args
        self.using = using
        self.options = options
        self.waiting = list(reversed(sessions))     # popped from the end, in the order given
        self.throttle = throttle
        self.hide = bool(cmdlet.hide_computer_name)
        self.inbox: queue.SimpleQueue[tuple[int, str, int | None, Any]] = queue.SimpleQueue()
        self.running: dict[int, Any] = {}           # key -> its Invocation (None until sent)
        self.stamps: dict[int, Any] = {}            # key -> the stamper of its session
        self._next_key = 0
        # One session: this thread reads its connection itself while it waits, so what
        # comes back reaches it with no thread switch (Connection.pump).
        self.pump = sessions[0].connection.pump if len(sessions) == 1 else None

    def run(self) -> None:
        """Send, write what arrives until every command has ended, then honour a Ctrl+C."""

        cmdlet = self.cmdlet
        stop = cmdlet.runspace.stop_event
        inbox = self.inbox
        write = cmdlet._out
        running = self.running
        stop_deadline = None
        try:
            self._send_more()
            while running:
                try:
                    key, computer, stream, payload = self._next()
                except queue.Empty:
                    if stop.is_set():
                        # Ctrl+C: stop the remote commands, and give them a moment to say so.
                        if stop_deadline is None:
                            self.waiting.clear()
                            self._stop_running()
                            stop_deadline = time.monotonic() + _STOP_GRACE
                        elif time.monotonic() > stop_deadline:
                            break
                    continue
                if stream is None:
                    running.pop(key, None)
                    state, reason = payload
                    if state == "Failed":
                        cmdlet.write_error(error_of(computer, reason))
                    if self.waiting and not stop.is_set():
                        self._send_more()
                elif stream == 1:
                    for obj in self.stamps[key](computer, 1, payload):
                        write(obj)
                elif stream == 2:
                    for record in payload:
                        cmdlet.write_error(error_of(computer, record))
                else:
                    for record in payload:
                        cmdlet._emit(Stream(stream), record)
        except BaseException:
            # A stop from downstream, a terminating error: the remote commands stop too.
            self.waiting.clear()
            self._stop_running()
            raise
        if stop.is_set():
            cmdlet.check_stopping()

    def _next(self) -> tuple[int, str, int | None, Any]:
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
        """Send commands to waiting sessions while fewer than ``throttle`` run."""
        while self.waiting and len(self.running) < self.throttle:
            self._send(self.waiting.pop())

    def _send(self, session: ClientSession) -> None:
        from jobs.job import JobError  # noqa: PLC0415
        from sessions.session import SessionUnavailable  # noqa: PLC0415

        computer = session.ComputerName
        key = self._next_key
        self._next_key += 1
        put = self.inbox.put

        def on_records(stream: int, first_seq: int, objs: list) -> None:
            put((key, computer, stream, objs))           # on the connection's reader thread

        def on_state(state: str, reason: Any) -> None:
            if state != "Running":
                put((key, computer, None, (state, reason)))

        self.stamps[key] = stamper({computer: session.InstanceId}, self.hide)
        self.running[key] = None
        try:
            inv = session.invoke(self.script, self.args, self.using, on_records=on_records,
                                 on_state=on_state, options=self.options)
        except SessionUnavailable as exc:
            self.running.pop(key, None)
            self.cmdlet.write_error(error_of(computer, str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - psrepl's own failure, named and never lost
            self.running.pop(key, None)
            self.cmdlet.write_error(error_of(computer, JobError(
                f"The remote job on {computer} failed: {type(exc).__name__}: {exc}")))
            return
        if key in self.running:
            self.running[key] = inv

    def _stop_running(self) -> None:
        for inv in list(self.running.values()):
            if inv is not None:
                inv.stop()


def _finish_marker(child: RemoteChildJob, inbox: queue.SimpleQueue) -> Any:
    """A watcher that queues ``(child, None, None)`` once, when the child has ended."""
    sent = [False]
    lock = threading.Lock()

    def watch() -> None:
        if child.finished:
            with lock:
                if sent[0]:
                    return
                sent[0] = True
            inbox.put((child, None, None))
    return watch


def _is_sessions(value: Any) -> bool:
    from sessions.session import ClientSession  # noqa: PLC0415

    items = value if isinstance(value, (list, tuple)) else [value]
    return bool(items) and all(isinstance(v, ClientSession) for v in items)
