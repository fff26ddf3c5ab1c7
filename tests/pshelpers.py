"""Test helpers: run psrepl code in-process (``run``), or the real ``psrepl`` command (``run_psrepl``).

Import as ``from pshelpers import run`` (pytest puts tests/ on sys.path)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parent.parent


def psrepl_command() -> list[str]:
    """The real installed ``psrepl`` command (falls back to ``python -m shell``)."""
    script = Path(sys.executable).parent / "psrepl"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "shell"]


class Result:
    """What a run printed, and what it left behind."""

    def __init__(self, stdout: str, stderr: str, code: int, runspace: Any = None) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.code = code
        self.runspace = runspace

    @property
    def lines(self) -> list[str]:
        """stdout split into lines."""
        return self.stdout.splitlines()

    def __repr__(self) -> str:
        return f"Result(code={self.code}, stdout={self.stdout!r}, stderr={self.stderr!r})"


def run(text: str, *, width: int = 120, location: str | None = None, runspace: Any = None) -> Result:
    """Run ``text`` in-process as ``psrepl -c`` would, capturing stdout and stderr text."""
    from shell.console.plain import PlainHost
    from shell.language.errors import ExitSignal
    from shell.language.runspace import Runspace

    out, err = io.StringIO(), io.StringIO()
    host = PlainHost(out, err)
    type(host).width = property(lambda self: width)  # type: ignore[assignment]
    rs = runspace
    if rs is None:
        rs = Runspace(host, location=location)
    else:
        rs.host = host
    try:
        ok = rs.engine.execute(text)
        code = 0 if ok else 1
    except ExitSignal as sig:
        code = sig.code
    return Result(out.getvalue(), err.getvalue(), code, rs)


def run_psrepl(args: list[str], *, input: str | None = None, env: dict[str, str] | None = None,
               timeout: float = 60, cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real ``psrepl`` command."""
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    if env:
        full_env.update(env)
    return subprocess.run(psrepl_command() + args, input=input, capture_output=True, text=True,
                          timeout=timeout, env=full_env, cwd=cwd,
                          stdin=None if input is not None else subprocess.DEVNULL)


#: The console's prompt at the home directory, after prompt_toolkit's escape codes.
CONSOLE_PROMPT = r"\x1b\[\?2004h(?:\x1b\[[0-9;?]*[A-Za-z])*PS ~>"


def spawn_console(home: Path, *, columns: int = 100, rows: int = 30, timeout: float = 15) -> Any:
    """The real ``psrepl`` console in a pty of ``rows`` x ``columns``, HOME and history in
    ``home``, showing its first prompt (a pexpect.spawn)."""
    import re  # noqa: PLC0415

    import pexpect  # noqa: PLC0415

    argv = psrepl_command()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "PYTHONPATH")}
    env.update(HOME=str(home), XDG_STATE_HOME=str(home / "state"), TERM="xterm-256color",
               PROMPT_TOOLKIT_NO_CPR="1", COLUMNS=str(columns), LINES=str(rows))
    child = pexpect.spawn(argv[0], argv[1:], cwd=str(home), env=env, encoding="utf-8",
                          dimensions=(rows, columns), timeout=timeout)
    child.expect(re.compile(CONSOLE_PROMPT))
    return child


def ssh_runspace(sshd: Any, tmp_path: Path, monkeypatch: Any, config: str = "") -> Iterator[Any]:
    """For a fixture: ``run(text)`` in one runspace whose HOME is a copy of the test sshd's
    client home (``config`` appended to its ~/.ssh/config; no agent), closed at the end."""
    import shutil  # noqa: PLC0415

    home = tmp_path / "home"
    shutil.copytree(sshd.client_home / ".ssh", home / ".ssh")
    if config:
        with open(home / ".ssh" / "config", "a") as cfg:
            cfg.write(config)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    state: dict[str, Any] = {}

    def _run(text: str) -> Result:
        result = run(text, runspace=state.get("rs"), location=str(tmp_path))
        state["rs"] = result.runspace
        assert "Traceback" not in result.stdout + result.stderr
        return result
    yield _run
    if "rs" in state:
        state["rs"].close()


def localhost_session_runspace() -> Iterator[Any]:
    """For a module fixture: ``ps(text)`` runs psrepl code in one runspace where ``$s`` is
    an open ``localhost`` session (a local endpoint process: no sshd needed)."""
    state: dict[str, Any] = {}

    def _run(text: str) -> Result:
        result = run(text, runspace=state.get("rs"))
        state["rs"] = result.runspace
        assert "Traceback" not in result.stdout + result.stderr
        return result
    assert _run("$s = New-PSSession localhost").stderr == ""
    yield _run
    state["rs"].close()


def printed_lines(result: Result) -> list[str]:
    """The non-empty lines printed, after checking nothing went to stderr."""
    assert result.stderr == "", result.stderr
    return [line for line in result.stdout.splitlines() if line.strip()]
