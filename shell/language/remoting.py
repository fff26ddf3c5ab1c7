"""The endpoint's glue: a host and an executor that serve the wire protocol with a runspace.

``python -m shell --endpoint`` calls ``serve_endpoint(stdin_fd, stdout_fd)``: it
builds a Runspace whose host is an ``EndpointHost``, wraps it in a
``RunspaceExecutor`` and hands that to ``sessions.server`` (which never imports
the shell). ``serve_forkserver(ctrl_fd)`` is the pre-imported job host that forks
one endpoint per job (see sessions/forkserver.py); ``python -m
shell.language.remoting --forkserver`` runs it until the lead's ``__main__``
offers a flag for it.

How an invocation runs (the same rules as a ThreadJob's script, so both job kinds
behave alike): the script text is parsed into a script block and run in the
runspace's current (global) scope, so a session keeps ``$x = 1`` for the next
command; ``args`` bind to ``param()``/``$args``; ``$using:`` values are visible
to ``$using:name``; output objects and every other stream's records are sent as
they are written, in order. A ``throw`` fails the invocation with the error as
the reason; another terminating error is sent on the Error stream and the
invocation completes; ``exit`` completes it; a stop request stops it.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

from shell.language.host import Host
from shell.language.streams import InformationRecord, Stream


#: How many parsed scripts a process keeps (the oldest is dropped first).
PARSED_SCRIPTS = 128

#: Parsed scripts by text, for every executor of the process: a session running the same
#: command again and again (a loop of Invoke-Command) skips parsing and, as the AST is
#: the same object, compiling too (an interpreter caches compiled blocks by AST); a
#: keeper's child serving connection after connection parses a command once. An AST is
#: never changed once made, so runspaces may share it.
_PARSED: dict[str, Any] = {}
_PARSED_LOCK = threading.Lock()


class EndpointHost(Host):
    """The host of an endpoint's runspace: whatever is written goes to the current invocation.

    Host text (Out-Host, ``$Host.UI``) becomes Information records tagged PSHOST, as
    PowerShell's remote hosts send them, so the client shows them in order. The
    endpoint cannot prompt: there is nobody at its end.
    """

    name = "ServerRemoteHost"
    interactive = False
    color = False
    passthrough_native = False

    def __init__(self, width: int = 120) -> None:
        self._width = width
        self.emit: Any = None   # set to the current invocation's record function

    @property
    def width(self) -> int:
        return self._width

    def write(self, text: str) -> None:
        """Send host text as PSHOST Information records, one per line."""
        if not text or self.emit is None:
            return
        body = text[:-1] if text.endswith("\n") else text
        for line in body.split("\n"):
            self.emit(Stream.INFORMATION, InformationRecord(line, tags=("PSHOST",)))

    def write_record(self, stream: Stream, record: Any) -> None:
        """Send a record of a non-output stream."""
        if self.emit is not None:
            self.emit(stream, record)


class RunspaceExecutor:
    """Runs invocations in one runspace for a ``sessions.runspace_host.RunspaceHost``."""

    def __init__(self, runspace: Any) -> None:
        # What running a script needs, imported once here (an executor lives only on the
        # far side) rather than by every invocation.
        from shell.language import errors, wire_adapter  # noqa: PLC0415
        from shell.language.parser import parse  # noqa: PLC0415
        from shell.language.scriptblock import ScriptBlock  # noqa: PLC0415
        from shell.language.wire_output import OutputBuffer  # noqa: PLC0415

        self._errors = errors
        self._wire_adapter = wire_adapter
        self._parse_text = parse
        self._block_class = ScriptBlock
        self._output_class = OutputBuffer
        self.runspace = runspace
        self._lock = threading.Lock()

    def info(self) -> dict[str, Any]:
        """Who this endpoint is, for the hello."""
        from sessions.messages import local_identity  # noqa: PLC0415

        user = local_identity()[1]
        return {"computer_name": self.runspace.computer_name, "user": user,
                "location": self.runspace.location, "pid": os.getpid()}

    def location(self) -> str:
        """The runspace's current location."""
        return self.runspace.location

    def set_location(self, path: str) -> str:
        """Change the runspace's location (a directory); raises ValueError when it does not exist."""
        target = self.runspace.resolve_path(path)
        if not os.path.isdir(target):
            raise ValueError(f"Cannot find path '{path}' because it does not exist.")
        self.runspace.location = target
        return target

    def stop(self) -> None:
        """Stop the running invocation."""
        self.runspace.request_stop()

    def complete(self, text: str, cursor: int) -> dict[str, Any]:
        """Completions from this runspace: ``{"matches": [[text, start, display, meta], ...]}``."""
        from shell.language.completion import candidates  # noqa: PLC0415

        try:
            found = candidates(self.runspace, text, cursor)
        except Exception:  # noqa: BLE001 - a completion never fails loudly
            found = []
        return {"matches": [[str(c[0]), int(c[1]), str(c[2]), str(c[3])] for c in found]}

    def close(self) -> None:
        """Run the runspace's clean-ups (stop its jobs, close its sessions)."""
        self.runspace.close()

    def _parse(self, script: str, parse: Any) -> Any:
        ast = _PARSED.get(script)
        if ast is None:
            ast = parse(script)     # a ParseError is not kept: it is raised again next time
            with _PARSED_LOCK:
                if len(_PARSED) >= PARSED_SCRIPTS:
                    del _PARSED[next(iter(_PARSED))]
                _PARSED[script] = ast
        return ast

    def invoke(self, request: Any, sink: Any) -> tuple[str, Any]:
        """Run one request; see the module docstring for the rules."""
        E = self._errors  # noqa: N806
        rs = self.runspace
        to_record = self._wire_adapter.to_record
        from_record = self._wire_adapter.from_record
        output = self._output_class(sink)

        def record(stream: Any, value: Any) -> None:
            output.flush()
            with output.lock:
                sink.emit(int(stream), to_record(value))

        with self._lock:
            rs.reset_stop()
            if request.stop_event.is_set():
                return "Stopped", None
            host = rs.host
            host.emit = record
            # Output kept while the script pauses is sent on the endpoint writer's ticks.
            watch = getattr(sink, "watch", None)
            if watch is not None:
                watch(output.flush)
            try:
                cwd = request.options.get("cwd")
                if isinstance(cwd, str) and cwd:
                    target = rs.resolve_path(cwd)
                    if os.path.isdir(target):
                        rs.location = target
                using = request.using
                rs.using_values = {str(k).lower(): from_record(v) for k, v in using.items()} if using else {}
                args = [from_record(a) for a in request.args] if request.args else []
                if request.options.get("mode") == "console":
                    try:
                        rs.engine.execute(request.script, output=output.out)
                    except (E.ExitSignal, E.ControlSignal):
                        pass
                    return ("Stopped", None) if request.stop_event.is_set() else ("Completed", None)
                piped = request.options.get("input")
                input_ = [from_record(v) for v in piped] if type(piped) is list else []
                try:
                    block = self._block_class(self._parse(request.script, self._parse_text), request.script, rs)
                    # Bound again by the binder when the script has a param() block.
                    rs.scope.set_local("args", args)
                    # $input: what was piped to Start-Job / Invoke-Command (empty otherwise).
                    rs.scope.set_local("input", input_)
                    rs.engine.invoke_block(block, args, input=input_, new_scope=False,
                                           output=output.out, emit=record)
                except E.ParseError as err:
                    return "Failed", to_record(E.ErrorRecord(
                        err.message, category=E.ErrorCategory.PARSER_ERROR, error_id=err.error_id,
                        extent=err.extent, exception_type="System.Management.Automation.ParseException"))
                except E.PSRuntimeError as err:
                    if err.script_terminating:
                        return "Failed", to_record(err.record)
                    record(Stream.ERROR, err.record)
                except E.PipelineStoppedError:
                    return "Stopped", None
                except (E.ExitSignal, E.ControlSignal):
                    pass
                except RecursionError:
                    return "Failed", to_record(E.ErrorRecord(
                        "The script failed due to call depth overflow.",
                        category=E.ErrorCategory.INVALID_OPERATION, error_id="CallDepthOverflow"))
                if request.stop_event.is_set():
                    return "Stopped", None
                return "Completed", None
            except Exception as err:  # noqa: BLE001 - never a traceback: the job fails with the reason
                return "Failed", f"Internal error in psrepl: {type(err).__name__}: {err}"
            finally:
                if watch is not None:
                    watch(None)
                sink.closing()  # what is still kept leaves with the end, written by its runner
                output.flush()
                host.emit = None
                rs.using_values = None


def endpoint_argv() -> list[str]:
    """The command line of a local endpoint (this Python, this psrepl); see ``_boot_argv``."""
    return _boot_argv("--endpoint")


def forkserver_argv() -> list[str]:
    """The command line of a local fork server (the job host of ``sessions.forkserver``)."""
    return _boot_argv("--forkserver")


def is_standard_endpoint(argv: list[str]) -> bool:
    """Whether ``argv`` starts this psrepl's own endpoint (``endpoint_argv`` or ``python -m shell --endpoint``)."""
    if not argv or argv[0] != sys.executable or argv[-1] != "--endpoint":
        return False
    return argv[1:] == ["-m", "shell", "--endpoint"] or (len(argv) == 6 and argv[1:3] == ["-S", "-P"]
                                                          and argv[4].endswith(_BOOT))


_BOOT = "from shell.language.remoting import entry; entry()"


def _boot_argv(flag: str) -> list[str]:
    """This Python running psrepl's endpoint (or fork server) as fast as it can start.

    A first Start-Job waits for this process, so its start-up is trimmed: ``-S``
    skips the site module (about 3 ms; the import path is handed over instead:
    this process's own, so the child finds exactly the modules we found), ``-c``
    instead of ``-m`` skips runpy, and ``-P`` keeps the working directory off the
    path (a job's directory must never shadow psrepl's modules).
    """
    key = (flag, sys.executable, tuple(sys.path))
    argv = _BOOT_ARGVS.get(key)
    if argv is None:
        stdlib = os.path.dirname(os.__file__)
        # -S keeps the standard library's own entries; the others (site-packages, the
        # editable install's directory...) follow them, in this process's order.
        extra = list(dict.fromkeys(
            p for p in sys.path if p and os.path.isabs(p) and p != stdlib and os.path.dirname(p) != stdlib
            and not (p.endswith(".zip") and p.startswith(sys.base_prefix))))
        argv = [sys.executable, "-S", "-P", "-c", f"import sys; sys.path += {extra!r}; {_BOOT}", flag]
        _BOOT_ARGVS.clear()     # one import path at a time
        _BOOT_ARGVS[key] = argv
    return list(argv)


#: ``_boot_argv``'s answers for the import path they were made from (every fresh runspace
#: of a keeper's child asks again).
_BOOT_ARGVS: dict[tuple[Any, ...], list[str]] = {}


def entry() -> None:
    """The endpoint's and fork server's entry point (``_boot_argv``): no traceback ever escapes."""
    try:
        code = main(sys.argv[1:])
    except KeyboardInterrupt:
        code = 130
    except SystemExit:
        raise
    except BaseException as err:  # noqa: BLE001 - the last line of defence
        print(f"psrepl: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        code = 70
    sys.exit(code)


def new_executor(remote: bool = False) -> RunspaceExecutor:
    """A fresh runspace with an EndpointHost, wrapped for the server loop.

    A ``remote`` runspace (the far side of an SSH session) starts in the home
    directory, as PowerShell's remote sessions do; sshd starts the endpoint in the
    passwd entry's home, which need not be ``$HOME``.
    """
    from shell.language.runspace import Runspace  # noqa: PLC0415

    location = None
    if remote:
        home = os.environ.get("HOME")
        if home and os.path.isdir(home):
            location = home
    rs = Runspace(EndpointHost(), location=location)
    rs.endpoint_command = endpoint_argv()
    # Import what the first invocation needs now, before the hello: the client (which
    # may start other work once it has the hello) then finds the endpoint ready.
    import shell.language.parser  # noqa: F401, PLC0415
    rs.engine  # noqa: B018 - creates the interpreter
    return RunspaceExecutor(rs)


def serve_endpoint(stdin_fd: int, stdout_fd: int, remote: bool | None = None) -> int:
    """Serve the wire protocol on the given descriptors until the client leaves; the exit code.

    Called by ``python -m shell --endpoint`` with fds 0 and 1 (nothing else in the
    process may write to fd 1 after this: it is moved out of the way first).
    ``remote`` (by default: started by sshd, not by a local psrepl) makes the
    runspace start in the home directory.
    """
    from sessions.server import serve_fds  # noqa: PLC0415
    from sessions.transport_process import PARENT_ENV  # noqa: PLC0415

    if remote is None:
        remote = "SSH_CONNECTION" in os.environ and PARENT_ENV not in os.environ
    return serve_fds(stdin_fd, stdout_fd, lambda: new_executor(remote))


def _preload() -> None:
    """Import what every job needs, so that each forked child starts warm."""
    import shell.language.interpreter  # noqa: F401, PLC0415
    import shell.language.parser  # noqa: F401, PLC0415
    import shell.language.wire_adapter  # noqa: F401, PLC0415
    import shell.language.wire_output  # noqa: F401, PLC0415
    from shell.language.runspace import Runspace  # noqa: PLC0415

    # One throw-away run warms the lazily imported pieces (command table, compiler).
    rs = Runspace(EndpointHost())
    try:
        rs.engine.invoke_text("$null = 1 | ForEach-Object { [pscustomobject]@{a=$_} }")
    except Exception:  # noqa: BLE001 - warming is best effort
        pass
    rs.close()


def serve_forkserver(ctrl_fd: int) -> int:
    """Run the fork server on the control socket ``ctrl_fd``; each child serves one endpoint."""
    from sessions.forkserver import serve  # noqa: PLC0415

    _preload()
    return serve(ctrl_fd, lambda fd: serve_endpoint(fd, fd, remote=False))


def main(argv: list[str]) -> int:
    """``python -m shell.language.remoting --forkserver`` (control socket on fd 0)."""
    if argv[:1] == ["--forkserver"]:
        return serve_forkserver(0)
    if argv[:1] == ["--endpoint"]:
        return serve_endpoint(0, 1)
    print("usage: python -m shell.language.remoting --forkserver | --endpoint", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
