"""The interactive console: read a line, run it, show what it did, again.

``run_repl(runspace)`` is what ``psrepl`` at a terminal runs. The prompt is a
prompt_toolkit PromptSession: PowerShell highlighting, tab completion, history
in the XDG state directory with Ctrl+R search, and a bottom toolbar with the job
counts while jobs exist. Enter asks the real parser whether the input is
complete: an incomplete input (an open ``{``, a string, a trailing ``|``) gets a
new line with the ``>> `` continuation prompt; a complete one is accepted.

Commands run in the main thread. While one runs, SIGINT (Ctrl+C) asks the
runspace to stop the pipeline instead of raising KeyboardInterrupt in the middle
of the interpreter; the interpreter returns once the pipeline has stopped.
"""

from __future__ import annotations

import signal
import sys
from typing import TYPE_CHECKING, Any

from shell.language.errors import (ControlSignal, ExitSignal, ParseError, PipelineStoppedError,
                                   PSRuntimeError)

if TYPE_CHECKING:
    from shell.language.runspace import Runspace

#: Ctrl+C presses during one command after which the REPL gives up waiting for a clean stop.
_FORCE_AFTER = 3

#: The latest text checked and the verdict: Enter checks the input, then run_line checks the
#: same text again before running it; the second check is answered from here.
_last_check: tuple[str, ParseError | None] | None = None


def check_input(text: str) -> ParseError | None:
    """None when ``text`` parses; else the ParseError (``.incomplete`` tells whether more could fix it)."""
    global _last_check  # noqa: PLW0603 - a one-entry cache of a pure function
    if _last_check is not None and _last_check[0] == text:
        return _last_check[1]
    from shell.language.parser import parse  # noqa: PLC0415

    error: ParseError | None = None
    try:
        parse(text)
    except ParseError as exc:
        error = exc
    except RecursionError:
        error = ParseError("The input is nested too deeply.")
    except Exception as exc:  # noqa: BLE001 - the parser must not take the console down
        error = ParseError(f"The input could not be parsed: {exc}")
    _last_check = (text, error)
    return error


def needs_more(text: str) -> bool:
    """Whether Enter on ``text`` should open a continuation line instead of running it."""
    if not text.strip():
        return False
    error = check_input(text)
    return error is not None and error.incomplete


def _exit_code(signal_: ExitSignal) -> int:
    """The process exit code for ``exit N`` (anything not a number counts as 0, as in PowerShell)."""
    try:
        return int(signal_.code) & 0xFF if signal_.code is not None else 0
    except (TypeError, ValueError):
        return 0


class _StopOnInterrupt:
    """SIGINT (Ctrl+C) stops the pipeline rather than raising KeyboardInterrupt.

    Installed for the whole life of the REPL: while the prompt is on screen
    prompt_toolkit reads Ctrl+C as a key (and swaps in its own handler), so this
    one sees the presses that come while a command runs, or in the moment between
    two prompts, where a KeyboardInterrupt would otherwise escape as a traceback.
    A command that does not stop after several presses (a cmdlet that never
    checks) gets a KeyboardInterrupt on the third, so the user is never stuck.
    """

    def __init__(self, runspace: Runspace) -> None:
        self.runspace = runspace
        self.presses = 0
        self.running = False
        self.depth = 0
        self.previous: Any = None

    def _handler(self, signum: int, frame: Any) -> None:
        self.runspace.request_stop()
        if not self.running:
            return
        self.presses += 1
        if self.presses >= _FORCE_AFTER:
            raise KeyboardInterrupt

    def command(self) -> _Running:
        """A context for one command: a cleared stop request and a fresh press count."""
        return _Running(self)

    def __enter__(self) -> _StopOnInterrupt:
        # Re-entrant: the loop installs it once; run_line alone (tests) installs it too.
        if self.depth == 0:
            self.previous = signal.signal(signal.SIGINT, self._handler)
        self.depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        self.depth -= 1
        if self.depth == 0:
            signal.signal(signal.SIGINT, self.previous)


class _Running:
    """See ``_StopOnInterrupt.command``."""

    def __init__(self, owner: _StopOnInterrupt) -> None:
        self.owner = owner

    def __enter__(self) -> None:
        self.owner.presses = 0
        self.owner.runspace.reset_stop()
        self.owner.running = True

    def __exit__(self, *exc: object) -> None:
        self.owner.running = False


class Repl:
    """The console loop over one runspace (its host should be a ConsoleHost)."""

    def __init__(self, runspace: Runspace) -> None:
        self.runspace = runspace
        self.host: Any = runspace.host
        self.color = bool(getattr(self.host, "color", False))
        self.session: Any = None
        self.interrupts = _StopOnInterrupt(runspace)

    # ----------------------------------------------------------- the prompt
    def make_session(self, **overrides: Any) -> Any:
        """The PromptSession (``overrides`` lets tests pass their own input/output/history)."""
        from prompt_toolkit.enums import DEFAULT_BUFFER  # noqa: PLC0415
        from prompt_toolkit.filters import has_focus  # noqa: PLC0415
        from prompt_toolkit.key_binding import KeyBindings  # noqa: PLC0415
        from prompt_toolkit.shortcuts import PromptSession  # noqa: PLC0415

        from shell.console.completion import make_completer  # noqa: PLC0415
        from shell.console.highlight import color_depth, make_lexer  # noqa: PLC0415
        from shell.console.prompt import CONTINUATION  # noqa: PLC0415

        bindings = KeyBindings()

        # Only in the input line itself: in Ctrl+R search, Enter must keep accepting the search.
        @bindings.add("enter", filter=has_focus(DEFAULT_BUFFER))
        def _enter(event: Any) -> None:
            # Enter in the middle of a multi-line input still runs it when it is complete,
            # as PSReadLine does; only an incomplete input gets a new line.
            buffer = event.current_buffer
            if needs_more(buffer.text):
                buffer.insert_text("\n")
            else:
                buffer.validate_and_handle()

        options: dict[str, Any] = {
            "multiline": True,
            "key_bindings": bindings,
            "prompt_continuation": lambda width, line, wrap: CONTINUATION,
            "lexer": make_lexer(self.color),
            "completer": make_completer(self.runspace),
            "complete_while_typing": False,
            "color_depth": color_depth(self.color),
            "enable_history_search": False,
            "mouse_support": False,
        }
        if "history" not in overrides:
            from shell.console.history import open_history  # noqa: PLC0415

            options["history"] = open_history()
        options.update(overrides)
        return PromptSession(**options)

    def read(self) -> str:
        """Show the prompt and return the accepted input (KeyboardInterrupt/EOFError pass through)."""
        from shell.console.prompt import prompt_text  # noqa: PLC0415
        from shell.console.toolbar import job_counts, toolbar_text  # noqa: PLC0415

        if self.session is None:
            self.session = self.make_session()
        jobs = job_counts(self.runspace) is not None
        self.host.active_app = self.session.app
        # Set on the session, not passed to prompt(): prompt() ignores a None toolbar,
        # which would leave the last one on screen after the jobs are gone.
        # The toolbar exists only while jobs do; 0.5 s refreshes keep its counts live.
        self.session.bottom_toolbar = (lambda: toolbar_text(self.runspace)) if jobs else None
        self.session.refresh_interval = 0.5 if jobs else 0
        try:
            return self.session.prompt(prompt_text(self.runspace))
        finally:
            self.host.active_app = None

    # ----------------------------------------------------------- running
    def show_parse_error(self, error: ParseError) -> None:
        """Show a parse error the way the console shows them (red on stderr when colour is on)."""
        shower = getattr(self.host, "show_parse_error", None)
        if callable(shower):
            shower(error.render())
        else:
            sys.stderr.write(error.render() + "\n")
            sys.stderr.flush()

    def run_line(self, text: str) -> int | None:
        """Run one accepted input; returns an exit code when the console should end, else None."""
        if not text.strip():
            return None
        error = check_input(text)
        if error is not None:
            # Incomplete input accepted anyway (Esc+Enter) is as wrong as any other parse error.
            self.show_parse_error(error)
            self.runspace.add_history(text).finish()
            return None
        entry = self.runspace.add_history(text)
        with self.interrupts, self.interrupts.command():
            try:
                self._execute(text)
            except ExitSignal as signal_:
                return _exit_code(signal_)
            except ControlSignal:
                pass  # a `break`/`return` outside any loop or function ends the input, as in PowerShell
            except ParseError as error:
                self.show_parse_error(error)
            except PSRuntimeError as error:
                # The interpreter shows terminating errors itself; this is a safety net.
                self._show_error(error.record)
            except (PipelineStoppedError, KeyboardInterrupt):
                pass
            except RecursionError:
                self._show_error("The script failed due to call depth overflow.")
            except Exception as error:  # noqa: BLE001 - no traceback ever reaches the user
                self._show_error(f"psrepl internal error: {type(error).__name__}: {error}")
            finally:
                entry.finish()
        return None

    def _execute(self, text: str) -> None:
        """Run ``text`` (inside Enter-PSSession the interpreter sends it to the entered session)."""
        self.runspace.engine.execute(text)

    def _show_error(self, error: Any) -> None:
        """Show an error through the host's record rendering."""
        from shell.language.errors import ErrorRecord  # noqa: PLC0415
        from shell.language.streams import Stream  # noqa: PLC0415

        record = error if not isinstance(error, str) else ErrorRecord(error)
        try:
            self.host.write_record(Stream.ERROR, record)
        except Exception:  # noqa: BLE001
            sys.stderr.write(f"{getattr(record, 'message', record)}\n")

    def run(self) -> int:
        """The loop: until ``exit`` or Ctrl+D; returns the exit code."""
        code = 0
        try:
            with self.interrupts:
                while True:
                    try:
                        text = self.read()
                    except KeyboardInterrupt:
                        continue  # Ctrl+C at the prompt: a fresh, empty line
                    except (EOFError, OSError):
                        break  # Ctrl+D on an empty line, or the terminal went away
                    result = self.run_line(text)
                    if result is not None:
                        code = result
                        break
        finally:
            self.runspace.close()
        return code


def run_repl(runspace: Runspace) -> int:
    """Run the interactive console over ``runspace`` until the user leaves; returns the exit code."""
    return Repl(runspace).run()
