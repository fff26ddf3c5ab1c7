"""The prompt text, the bottom toolbar and the history file."""

from __future__ import annotations

import io
import os
import stat
import threading
import time
from pathlib import Path

import pytest
from prompt_toolkit.history import FileHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from shell.console.console_host import ConsoleHost
from shell.console.history import history_path, open_history
from shell.console.prompt import CONTINUATION, prompt_text
from shell.console.repl import Repl
from shell.console.toolbar import toolbar_text
from shell.language.runspace import Runspace


# ----------------------------------------------------------------- prompt
def test_prompt_shows_home_as_tilde(runspace: Runspace, home: Path) -> None:
    assert prompt_text(runspace) == "PS ~> "
    (home / "src").mkdir()
    runspace.location = str(home / "src")
    assert prompt_text(runspace) == "PS ~/src> "


def test_prompt_outside_home_shows_the_full_path(runspace: Runspace) -> None:
    runspace.location = "/usr/lib"
    assert prompt_text(runspace) == "PS /usr/lib> "


def test_prompt_does_not_mistake_a_sibling_for_home(runspace: Runspace, home: Path) -> None:
    runspace.location = str(home) + "-other"
    assert prompt_text(runspace) == f"PS {home}-other> "


class _Entered:
    """Stands in for a session entered with Enter-PSSession."""

    def __init__(self, location: str, home: str | None = None) -> None:
        self.computer_name = "Server01"
        self.location = location
        if home is not None:
            self.home = home


def test_prompt_inside_a_session(runspace: Runspace) -> None:
    runspace.remote = _Entered("/home/admin", home="/home/admin")
    assert prompt_text(runspace) == "Server01\\~> "
    runspace.remote = _Entered("/home/admin/logs", home="/home/admin")
    assert prompt_text(runspace) == "Server01\\~/logs> "
    runspace.remote = _Entered("/var/log")
    assert prompt_text(runspace) == "Server01\\/var/log> "


def test_prompt_inside_a_session_that_formats_its_own_paths(runspace: Runspace) -> None:
    class Session(_Entered):
        def display_path(self, path: str) -> str:
            return path.replace("/root", "~")

    runspace.remote = Session("/root/x")
    assert prompt_text(runspace) == "Server01\\~/x> "


def test_continuation_prompt() -> None:
    assert CONTINUATION == ">> "


# ----------------------------------------------------------------- toolbar
class _Jobs:
    """Stands in for the jobs package's JobTable: a length and counts()."""

    def __init__(self, n: int, running: int, with_data: int) -> None:
        self.n, self.running, self.with_data = n, running, with_data

    def __len__(self) -> int:
        return self.n

    def counts(self) -> tuple[int, int]:
        return self.running, self.with_data


def test_toolbar_only_while_jobs_exist(runspace: Runspace) -> None:
    assert toolbar_text(runspace) == ""
    runspace.job_table = _Jobs(0, 0, 0)
    assert toolbar_text(runspace) == ""
    runspace.job_table = _Jobs(3, 2, 1)
    assert toolbar_text(runspace) == "Jobs: 2 running, 1 with data"


def test_toolbar_survives_a_broken_job_table(runspace: Runspace) -> None:
    class Broken:
        def counts(self) -> tuple[int, int]:
            raise RuntimeError("not yet")

    runspace.job_table = Broken()
    assert toolbar_text(runspace) == ""


def _answer_then_enter(pipe: object, screen: io.StringIO, drawn: str, settle: float = 0.0) -> None:
    """Answer the cursor-position request once asked, press Enter ``settle`` s after ``drawn`` is on the screen."""
    def until(text: str) -> None:
        deadline = time.monotonic() + 10
        while text not in screen.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)

    def feed() -> None:
        until("\x1b[6n")
        pipe.send_text("\x1b[1;1R")  # type: ignore[attr-defined]
        until(drawn)
        time.sleep(settle)
        pipe.send_text("\r")  # type: ignore[attr-defined]

    threading.Thread(target=feed, daemon=True).start()


def test_the_prompt_shows_the_toolbar_when_jobs_exist(runspace: Runspace) -> None:
    """Render the real prompt into a string output and look for the toolbar text."""
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    runspace.job_table = _Jobs(2, 1, 1)
    screen = io.StringIO()
    screen.isatty = lambda: True  # type: ignore[method-assign]
    output = Vt100_Output(screen, lambda: Size(24, 80))
    repl = Repl(runspace)
    with create_pipe_input() as pipe:
        repl.session = repl.make_session(input=pipe, output=output, history=FileHistory(os.devnull))
        # A terminal answers the cursor-position request; only then is the toolbar drawn.
        _answer_then_enter(pipe, screen, "Jobs: 1 running")
        assert repl.read() == ""
        assert "Jobs: 1 running, 1 with data" in screen.getvalue()
        # Once the jobs are gone, the next prompt has no toolbar.
        runspace.job_table = _Jobs(0, 0, 0)
        screen.seek(0)
        screen.truncate()
        _answer_then_enter(pipe, screen, "> ", settle=0.3)   # time a toolbar would have to show
        assert repl.read() == ""
        assert "Jobs:" not in screen.getvalue()


# ----------------------------------------------------------------- history
def test_history_path_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "st"))
    assert history_path() == str(tmp_path / "st" / "psrepl" / "history")
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "h"))
    assert history_path() == str(tmp_path / "h" / ".local" / "state" / "psrepl" / "history")
    # A relative XDG_STATE_HOME is invalid per the spec and ignored.
    monkeypatch.setenv("XDG_STATE_HOME", "relative/dir")
    assert history_path() == str(tmp_path / "h" / ".local" / "state" / "psrepl" / "history")


def test_history_file_is_private_and_keeps_accepted_lines(home: Path, runspace: Runspace) -> None:
    history = open_history()
    path = Path(history_path())
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    repl = Repl(runspace)
    with create_pipe_input() as pipe:
        repl.session = repl.make_session(input=pipe, output=DummyOutput(), history=history)
        pipe.send_text("Get-ChildItem ~\r")
        assert repl.read() == "Get-ChildItem ~"
    assert "+Get-ChildItem ~" in path.read_text()


def test_history_unwritable_falls_back_to_memory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))  # a file where a directory should be
    history = open_history()
    history.append_string("x")
    assert list(history.get_strings()) == ["x"]


def test_secrets_never_reach_the_history_file(home: Path) -> None:
    """Read-Host -AsSecureString / a password prompt: the typed text is in no history file."""
    open_history()
    with create_pipe_input() as pipe:
        host = ConsoleHost(stdout=io.StringIO(), stderr=io.StringIO(), color=False,
                           prompt_input=pipe, prompt_output=DummyOutput())
        pipe.send_text("hunter2-secret\r")
        assert host.read_secret("Password: ") == "hunter2-secret"
        pipe.send_text("just a line\r")
        assert host.read_line("Name: ") == "just a line"
    assert "hunter2" not in Path(history_path()).read_text()
    assert "just a line" not in Path(history_path()).read_text()


# ----------------------------------------------------------------- the host
def test_console_host_writes_and_renders_records(monkeypatch: pytest.MonkeyPatch) -> None:
    from shell.language.errors import ErrorRecord
    from shell.language.streams import Stream

    out, err = io.StringIO(), io.StringIO()
    host = ConsoleHost(stdout=out, stderr=err, color=False)
    host.write("hello\n")
    host.write_record(Stream.ERROR, ErrorRecord("Something broke.", command="Get-Thing"))
    assert out.getvalue() == "hello\n"
    assert "Something broke." in err.getvalue()
    assert "\x1b[" not in err.getvalue()
    assert host.interactive and host.width > 0


def test_console_host_color_follows_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert ConsoleHost(stdout=Tty()).color is True
    assert ConsoleHost(stdout=io.StringIO()).color is False  # not a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    assert ConsoleHost(stdout=Tty()).color is False
    # __main__ constructs it with no arguments.
    assert ConsoleHost().color is False and ConsoleHost().interactive
