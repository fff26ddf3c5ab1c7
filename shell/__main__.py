"""psrepl's composition root: the console, ``-c``, a script file, standard input, or ``--endpoint``.

Kept light on purpose: start-up time is a feature (``psrepl -c exit`` should cost
little more than Python's own start-up), so nothing heavy is imported here and
arguments are read by hand rather than with argparse.
"""

from __future__ import annotations

import os
import signal
import sys

USAGE = """\
usage: psrepl [-c COMMAND | -Command COMMAND] [FILE.ps1 [ARGS...]] [--endpoint] [--version] [--help]

psrepl: an interactive shell with PowerShell's language, jobs and sessions.

  (no arguments)        start the interactive console (or read statements from
                        standard input when it is not a terminal)
  -c, -Command TEXT     run TEXT and exit
  FILE.ps1 [ARGS...]    run a script file; ARGS become $args
  --endpoint            serve the psrepl wire protocol on stdin/stdout (used by
                        Start-Job and by sessions; not for people)
  --keeper              run the session keeper of an SSH target (started by
                        --endpoint; not for people)
  --version             print the version and exit
  --help                print this help and exit

Exit status: the value of `exit N`; 1 if the last statement failed with a
terminating error or the input did not parse; otherwise 0.
"""


def _install_exit_signals() -> None:
    """SIGTERM and SIGHUP end the console cleanly, so jobs and their processes are stopped."""
    def on_signal(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            signal.signal(sig, on_signal)
        except (ValueError, OSError):
            pass


def _plain_runspace(stdin=None):  # type: ignore[no-untyped-def]
    from shell.console.plain import PlainHost
    from shell.language.runspace import Runspace
    return Runspace(PlainHost(stdin=stdin))


def _run_text(text: str, filename: str | None = None, args: list[str] | None = None) -> int:
    from shell.language.errors import ExitSignal
    runspace = _plain_runspace()
    try:
        if filename is not None:
            runspace.set_variable("PSCommandPath", os.path.abspath(filename))
            runspace.set_variable("PSScriptRoot", os.path.dirname(os.path.abspath(filename)))
        ok = runspace.engine.execute(text, filename=filename, args=args)
        return 0 if ok else 1
    except ExitSignal as sig:
        return sig.code
    finally:
        runspace.close()
        runspace.host.flush()


def _run_stdin() -> int:
    """Statements from a non-terminal stdin, each run as soon as it is complete, as if typed."""
    from shell.language.errors import ExitSignal, ParseError
    from shell.language.parser import parse
    runspace = _plain_runspace(stdin=sys.stdin)
    engine = runspace.engine
    ok = True
    buffer = ""
    try:
        while True:
            line = sys.stdin.readline()  # readline, not iteration: Read-Host reads the same stream
            if not line:
                break
            buffer += line
            try:
                parse(buffer)
            except ParseError as err:
                if err.incomplete:
                    continue
            if buffer.strip():
                entry = runspace.add_history(buffer.rstrip("\n"))
                try:
                    ok = engine.execute(buffer)
                finally:
                    entry.finish()
            buffer = ""
        if buffer.strip():
            ok = engine.execute(buffer)
        return 0 if ok else 1
    except ExitSignal as sig:
        return sig.code
    finally:
        runspace.close()
        runspace.host.flush()


def _run_console() -> int:
    from shell.console.console_host import ConsoleHost
    from shell.console.repl import run_repl
    from shell.language.runspace import Runspace
    runspace = Runspace(ConsoleHost())
    try:
        return run_repl(runspace)
    finally:
        runspace.close()


def main(argv: list[str] | None = None) -> int:
    """Run psrepl with ``argv`` (default: sys.argv[1:]); returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("--version", "-version", "-v"):
        from shell import __version__
        print(f"psrepl {__version__}")
        return 0
    if args and args[0] in ("--help", "-help", "-h", "-?", "/?"):
        print(USAGE, end="")
        return 0
    if args and args[0] == "--endpoint":
        from shell.language.keeper_main import serve_ssh_endpoint, started_by_sshd
        if started_by_sshd():
            return serve_ssh_endpoint(sys.stdin.fileno(), sys.stdout.fileno())
        from shell.language.remoting import serve_endpoint
        return serve_endpoint(sys.stdin.fileno(), sys.stdout.fileno())
    if args and args[0] == "--keeper":
        # The session keeper on an SSH target: forks one endpoint per connection (sessions/keeper.py).
        from shell.language.keeper_main import serve_keeper
        return serve_keeper()
    if args and args[0] == "--forkserver":
        # The pre-imported job host that forks one endpoint per Start-Job (sessions/forkserver.py).
        from shell.language.remoting import serve_forkserver
        return serve_forkserver(0)
    _install_exit_signals()
    while args and args[0].lower() in ("-noprofile", "-nologo", "-noninteractive"):
        args.pop(0)
    if args and args[0].lower() in ("-c", "-command", "--command"):
        if len(args) < 2:
            print("psrepl: -c needs a command to run", file=sys.stderr)
            return 2
        return _run_text(" ".join(args[1:]))
    if args:
        path = args[0]
        if args[0].lower() in ("-file", "-f") and len(args) > 1:
            args.pop(0)
            path = args[0]
        if not os.path.isfile(path):
            print(f"psrepl: The argument '{path}' is not recognized as the name of a script file.",
                  file=sys.stderr)
            return 64
        from shell.language.scriptfile import read_script
        from shell.language.errors import PSRuntimeError
        try:
            text = read_script(path)
        except PSRuntimeError as err:
            print(f"psrepl: {err.message}", file=sys.stderr)
            return 1
        return _run_text(text, filename=os.path.abspath(path), args=args[1:])
    if not sys.stdin.isatty():
        return _run_stdin()
    return _run_console()


def entry() -> None:
    """Console-script entry point: no Python traceback ever reaches the user."""
    try:
        code = main()
    except KeyboardInterrupt:
        code = 130
    except SystemExit:
        raise
    except BaseException as err:  # noqa: BLE001 - the last line of defence
        print(f"psrepl: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        code = 70
    sys.exit(code)


if __name__ == "__main__":
    entry()
