"""Get-Process, Stop-Process and Start-Process.

Start-Process is one of the only two things that outlive psrepl (the other is a
disconnected session): the child runs in its own session with its standard
streams on /dev/null (or the files given), so closing the console leaves it be.
It is started with an argument list, never through a shell.
"""

from __future__ import annotations

import os
from typing import Any

from shell.cmdlets.items.paths import not_found, select_names
from shell.cmdlets.items.procinfo import Process, all_pids
from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord

#: Children of Start-Process not yet reaped (polled at each start so that none stays a zombie).
_DETACHED: list[Any] = []


def _no_such_id(pid: int) -> ErrorRecord:
    return ErrorRecord(f"Cannot find a process with the process identifier {pid}.",
                       category=ErrorCategory.OBJECT_NOT_FOUND, error_id="NoProcessFoundForGivenId",
                       target=pid, exception_type="Microsoft.PowerShell.Commands.ProcessCommandException")


def _no_such_name(name: str) -> ErrorRecord:
    return ErrorRecord(f'Cannot find a process with the name "{name}". '
                       "Verify the process name and call the cmdlet again.",
                       category=ErrorCategory.OBJECT_NOT_FOUND, error_id="NoProcessFoundForGivenName",
                       target=name, exception_type="Microsoft.PowerShell.Commands.ProcessCommandException")


def _snapshot() -> list[Process]:
    """Every live process, sorted as PowerShell lists them (by name, then id)."""
    out = []
    for pid in all_pids():
        proc = Process(pid)
        if not proc.HasExited:
            out.append(proc)
    out.sort(key=lambda p: (p.ProcessName.lower(), p.Id))
    return out


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def find_processes(cmdlet: Cmdlet, names: Any, ids: Any) -> list[Process]:
    """The processes named by ``names`` (wildcards) and ``ids``, writing PowerShell's errors."""
    found: list[Process] = []
    for pid in _as_list(ids):
        proc = Process(int(pid))
        if proc.HasExited:
            cmdlet.write_error(_no_such_id(int(pid)))
        else:
            found.append(proc)
    names = [str(n) for n in _as_list(names)]
    if names:
        matched = select_names(_snapshot(), names, lambda p: p.ProcessName,
                               lambda name: cmdlet.write_error(_no_such_name(name)))
        found.extend(p for p in matched if p not in found)
    return found


class GetProcess(Cmdlet):
    """Get-Process [[-Name] <string[]>] [-Id <int[]>]."""

    name = "Get-Process"
    aliases = ("gps",)
    synopsis = "Gets the processes that are running on the local computer."
    description = ("Lists processes (read from /proc) as Process objects: Id, ProcessName, CPU "
                   "(seconds), WS (resident bytes), StartTime, Path, CommandLine and more. "
                   "-Name takes wildcards.")
    examples = ("Get-Process", "Get-Process python*", "Get-Process -Id $PID",
                "Get-Process | Sort-Object WS -Descending | Select-Object -First 5")
    params = (
        Param("Name", "string[]", position=0, by_property_name=True, aliases=("ProcessName",),
              attr="names", help="Process names; wildcards allowed."),
        Param("Id", "int[]", by_property_name=True, aliases=("PID",), help="Process ids."),
        Param("InputObject", "object[]", pipeline=True, help="Process objects to refresh and write."),
    )

    def process(self) -> None:
        """Write the processes asked for (all when none named)."""
        if self.input_object:
            for item in _as_list(self.input_object):
                pid = getattr(item, "Id", None)
                if pid is None and hasattr(item, "get"):
                    pid = item.get("Id")
                if pid is not None:
                    self._write_found(find_processes(self, None, [pid]))
            return
        if self.names is None and self.id is None:
            self._write_found(_snapshot())
            return
        self._write_found(find_processes(self, self.names, self.id))

    def _write_found(self, found: list[Process]) -> None:
        for proc in found:
            self.write(proc)


class StopProcess(Cmdlet):
    """Stop-Process [-Id] <int[]> | -Name <string[]> | -InputObject <Process[]> [-Force] [-PassThru]."""

    name = "Stop-Process"
    aliases = ("spps",)
    synopsis = "Stops one or more running processes."
    description = ("Ends processes by id, by name (wildcards allowed) or as piped Process "
                   "objects. Sends SIGTERM, so a program can clean up; -Force sends SIGKILL.")
    examples = ("Stop-Process -Id 4242", "Stop-Process -Name sleep", "Get-Process sleep | Stop-Process -Force")
    params = (
        Param("Id", "int[]", position=0, by_property_name=True, aliases=("PID",), help="Process ids."),
        Param("Name", "string[]", by_property_name=True, aliases=("ProcessName",), attr="names",
              help="Process names; wildcards allowed."),
        Param("InputObject", "object[]", pipeline=True, help="Process objects to stop."),
        Param("Force", "switch", help="Kill at once (SIGKILL) instead of asking (SIGTERM)."),
        Param("PassThru", "switch", help="Write the stopped processes."),
    )

    def process(self) -> None:
        """Signal each process."""
        import signal  # noqa: PLC0415

        targets: list[Process] = []
        for item in _as_list(self.input_object):
            if isinstance(item, Process):
                targets.append(item)
                continue
            pid = item.get("Id") if hasattr(item, "get") else getattr(item, "Id", item)
            try:
                targets.extend(find_processes(self, None, [int(pid)]))
            except (TypeError, ValueError):
                self.write_error(ErrorRecord(f"Cannot stop '{item}': it is not a process.",
                                             category=ErrorCategory.INVALID_ARGUMENT,
                                             error_id="InvalidProcess", target=item))
        targets.extend(find_processes(self, self.names, self.id))
        sig = signal.SIGKILL if self.force else signal.SIGTERM
        for proc in targets:
            try:
                os.kill(proc.Id, sig)
            except ProcessLookupError:
                pass  # it ended meanwhile: what was asked is done
            except OSError as exc:
                self.write_error(ErrorRecord(
                    f'Cannot stop process "{proc.ProcessName} ({proc.Id})" because of the following '
                    f"error: {exc.strerror or exc}", category="CloseError",
                    error_id="CouldNotStopProcess", target=proc,
                    exception_type="Microsoft.PowerShell.Commands.ProcessCommandException"))
                continue
            if self.pass_thru:
                self.write(proc)


def split_arguments(text: str) -> list[str]:
    """Split a command line as .NET's ProcessStartInfo does (double quotes group; backslash escapes a quote).

    PowerShell's Start-Process joins -ArgumentList with spaces and lets .NET split the
    result again; we do the same so that ``-ArgumentList '-c "echo hi"'`` behaves alike.
    """
    args: list[str] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t\n":
            i += 1
        if i >= n:
            break
        current: list[str] = []
        in_quotes = False
        while i < n:
            ch = text[i]
            if ch == "\\":
                slashes = 0
                while i < n and text[i] == "\\":
                    slashes += 1
                    i += 1
                if i < n and text[i] == '"':
                    current.append("\\" * (slashes // 2))
                    if slashes % 2:
                        current.append('"')
                        i += 1
                else:
                    current.append("\\" * slashes)
                continue
            if ch == '"':
                if in_quotes and i + 1 < n and text[i + 1] == '"':
                    current.append('"')
                    i += 2
                    continue
                in_quotes = not in_quotes
                i += 1
                continue
            if ch in " \t\n" and not in_quotes:
                break
            current.append(ch)
            i += 1
        args.append("".join(current))
    return args


class StartProcess(Cmdlet):
    """Start-Process [-FilePath] <string> [[-ArgumentList] <string[]>] [-Wait] [-PassThru] ..."""

    name = "Start-Process"
    aliases = ("saps", "start")
    synopsis = "Starts one or more processes on the local computer."
    description = ("Starts a program detached from psrepl: it runs in its own session, its "
                   "output goes nowhere unless redirected to files (or, with -NoNewWindow, to "
                   "this console), and it keeps running after psrepl exits. -Wait waits for it "
                   "to end (Ctrl+C stops waiting); -PassThru writes its Process object. A file "
                   "that is not a program is opened with xdg-open. The arguments are joined with "
                   "spaces and split again as .NET does: quote an argument containing spaces "
                   "with double quotes.")
    examples = ("Start-Process sleep 600 -PassThru",
                "Start-Process python3 -ArgumentList '-m', 'http.server' -RedirectStandardOutput web.log",
                "Start-Process make -ArgumentList all -NoNewWindow -Wait")
    params = (
        Param("FilePath", "string", position=0, mandatory=True, aliases=("PSPath", "Path"),
              completer="path", help="The program (found on PATH) or file to start."),
        Param("ArgumentList", "string[]", position=1, aliases=("Args",),
              help="The program's arguments."),
        Param("WorkingDirectory", "string", completer="path",
              help="Where the program starts (default: the current location)."),
        Param("NoNewWindow", "switch", aliases=("nnw",),
              help="Share this console: the program's output appears here."),
        Param("Wait", "switch", help="Wait for the program to end."),
        Param("PassThru", "switch", help="Write the started process's Process object."),
        Param("RedirectStandardOutput", "string", aliases=("RSO",), completer="path",
              help="A file to receive the program's standard output."),
        Param("RedirectStandardError", "string", aliases=("RSE",), completer="path",
              help="A file to receive the program's standard error."),
        Param("RedirectStandardInput", "string", aliases=("RSI",), completer="path",
              help="A file to feed the program's standard input."),
        Param("Environment", "hashtable",
              help="Environment variables to set for the program ($null removes one)."),
        Param("UseNewEnvironment", "switch",
              help="Start from an empty environment (plus -Environment) instead of psrepl's."),
    )

    def process(self) -> None:
        """Start the program."""
        import subprocess  # noqa: PLC0415

        _reap()
        rs = self.runspace
        program = self._program()
        args = split_arguments(" ".join(str(a) for a in _as_list(self.argument_list)))
        cwd = rs.resolve_path(self.working_directory) if self.working_directory else rs.location
        if not os.path.isdir(cwd):
            self.throw(f'This command cannot be run because either the parameter "WorkingDirectory" '
                       f"has a value '{cwd}' that is not valid or cannot be used with this command. "
                       "Give a valid input and Run your command again.",
                       category=ErrorCategory.INVALID_OPERATION, error_id="InvalidOperationException",
                       target=cwd)
        interactive = bool(getattr(self.host, "interactive", False))
        share = self.no_new_window
        handles: list[Any] = []
        try:
            stdin = self._open(self.redirect_standard_input, "rb", handles, must_exist=True)
            if stdin is None:
                stdin = None if (share and self.wait and interactive) else subprocess.DEVNULL
            out_path = self.redirect_standard_output
            err_path = self.redirect_standard_error
            if out_path and err_path and rs.resolve_path(out_path) == rs.resolve_path(err_path):
                self.throw('This command cannot be run because "RedirectStandardOutput" and '
                           '"RedirectStandardError" are same. Give different inputs and Run your '
                           "command again.", category=ErrorCategory.INVALID_OPERATION,
                           error_id="DuplicateEntry")
            # Where unredirected output goes: this console (its own fds) when shared at an
            # interactive console; through the host when waiting elsewhere; else nowhere.
            if share and interactive:
                default_out: Any = None
            elif share and self.wait:
                default_out = subprocess.PIPE
            else:
                default_out = subprocess.DEVNULL
            stdout = self._open(out_path, "wb", handles) or default_out
            stderr = self._open(err_path, "wb", handles) or default_out
            if stdout is subprocess.PIPE and stderr is subprocess.PIPE:
                stderr = subprocess.STDOUT
            try:
                proc = subprocess.Popen([program] + args, cwd=cwd, env=self._environment(),
                                        stdin=stdin, stdout=stdout, stderr=stderr,
                                        start_new_session=not (share and self.wait and interactive))
            except OSError as exc:
                self.throw(f"This command cannot be run due to the error: An error occurred trying to "
                           f"start process '{program}' with working directory '{cwd}'. "
                           f"{exc.strerror or exc}.", category=ErrorCategory.INVALID_OPERATION,
                           error_id="InvalidOperationException", target=program)
        finally:
            for handle in handles:
                handle.close()
        _DETACHED.append(proc)
        if self.wait:
            self._wait(proc)
        if self.pass_thru:
            self.write(Process(proc.pid, proc))

    def _program(self) -> str:
        """The executable to run (xdg-open for a file that is not a program)."""
        import shutil  # noqa: PLC0415

        raw = str(self.file_path or "")
        if "/" in raw or raw.startswith("~") or raw in (".", ".."):
            path = self.runspace.resolve_path(raw)
            if not os.path.exists(path):
                self.throw(not_found(path))
        else:
            found = shutil.which(raw)
            if found is not None:
                return found
            path = self.runspace.resolve_path(raw)
            if not os.path.exists(path):
                self.throw(f"This command cannot be run due to the error: No such file or directory "
                           f"('{raw}' is not a program on PATH nor a file here).",
                           category=ErrorCategory.INVALID_OPERATION,
                           error_id="InvalidOperationException", target=raw)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
        opener = shutil.which("xdg-open")
        if opener is None:
            self.throw(f"This command cannot be run because '{path}' is not a program and "
                       "xdg-open, which would open it, is not installed.",
                       category=ErrorCategory.INVALID_OPERATION,
                       error_id="InvalidOperationException", target=path)
        self.argument_list = [path] + [str(a) for a in _as_list(self.argument_list)]
        return opener

    def _open(self, path: str | None, mode: str, handles: list[Any], must_exist: bool = False) -> Any:
        if not path:
            return None
        full = self.runspace.resolve_path(path)
        if must_exist and not os.path.isfile(full):
            self.throw(not_found(full))
        try:
            handle = open(full, mode)  # noqa: SIM115 - closed in process() once the child has it
        except OSError as exc:
            from shell.cmdlets.items.paths import os_error  # noqa: PLC0415
            self.throw(os_error(exc, full, "StartProcess"))
        handles.append(handle)
        return handle

    def _environment(self) -> dict[str, str]:
        env = {} if self.use_new_environment else dict(os.environ)
        if self.environment:
            from shell.language.conversions import to_string  # noqa: PLC0415
            for key, value in self.environment.items():
                if value is None:
                    env.pop(str(key), None)
                else:
                    env[str(key)] = to_string(value)
        return env

    def _wait(self, proc: Any) -> None:
        """Wait for the child, passing piped output to the host; Ctrl+C stops the wait (not the child)."""
        import queue  # noqa: PLC0415
        import threading  # noqa: PLC0415

        lines: queue.Queue[str | None] = queue.Queue()
        if proc.stdout is not None:
            def pump() -> None:
                for raw in iter(proc.stdout.readline, b""):
                    lines.put(raw.decode("utf-8", "replace"))
                lines.put(None)
            threading.Thread(target=pump, daemon=True, name="start-process-output").start()
        stop = self.runspace.stop_event
        draining = proc.stdout is not None
        while True:
            if draining:
                try:
                    line = lines.get(timeout=0.05)
                except queue.Empty:
                    line = ""
                if line is None:
                    draining = False
                elif line:
                    self.host.write(line if line.endswith("\n") else line + "\n")
            elif proc.poll() is not None:
                break
            else:
                stop.wait(0.05)
            if stop.is_set():
                self.check_stopping()
        if proc.stdout is not None:
            proc.stdout.close()


def _reap() -> None:
    """Collect Start-Process children that have ended (so none stays a zombie)."""
    for proc in list(_DETACHED):
        if proc.poll() is not None:
            _DETACHED.remove(proc)
