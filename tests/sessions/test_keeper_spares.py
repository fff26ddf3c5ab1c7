"""Spare keeper children (sessions/keeper.py): a child whose connection left its process as it
found it serves the next connection, with a fresh runspace, instead of a new fork.

Against the real private sshd for what a user sees (a new session never sees what an
earlier one left; a child that was changed is never reused), and against the keeper
loop itself for how spares are kept, limited, let go and ended.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from sessions import keeper as K
from sessions.hosts import resolve
from sessions.transport_ssh import connect
from pshelpers import ROOT
from test_keeper import _keeper, _place, _ppid, _run, fresh  # noqa: F401 - fixtures
from test_keeper import _wait_for as _wait
from test_ssh_sessions import home  # noqa: F401 - the fixture


def _session(script: str) -> tuple[int, list[Any]]:
    """Open a connection to server01, run ``script``, close; (the far side's pid, the output)."""
    conn = connect(resolve("server01"))
    try:
        return conn.remote_info.pid, _run(conn, script)
    finally:
        conn.close()


def _until_reused(seen: set[int], script: str, attempts: int = 40) -> list[Any]:
    """Open connections until one is served by a child seen before; its output.

    A child becomes a spare a moment after its connection ends, so a connection
    made at once may still get a new child (which is then remembered too).
    """
    for _ in range(attempts):
        pid, out = _session(f"$PID; {script}")
        if pid in seen:
            assert out[0] == pid                      # $PID is the serving process
            return out[1:]
        seen.add(pid)
        time.sleep(0.1)
    raise AssertionError(f"no connection was served by a spare child: {sorted(seen)}")


@pytest.mark.usefixtures("sshd")
def test_a_spare_child_serves_the_next_connection_with_a_fresh_runspace(sshd: Any, fresh: Path) -> None:
    _session("1")                                     # over exec: starts the keeper
    keeper = _keeper(sshd)
    first, out = _session("$x = 'left over'; Set-Location /; function Get-Left { 'left' }; $x")
    assert out == ["left over"]
    assert _ppid(first) == keeper
    out = _until_reused({first}, "$null -eq $x; (Get-Location).Path; "
                                 "[bool](Get-Command Get-Left -ErrorAction SilentlyContinue)")
    assert out == [True, str(sshd.remote_home), False]


@pytest.mark.usefixtures("sshd")
@pytest.mark.parametrize("change", [
    "$env:PSREPL_LEFT = 'left'",                                   # the environment
    "Start-ThreadJob { Start-Sleep 30 } | Out-Null",               # a thread still running
    "Start-Job { Start-Sleep 30 } | Out-Null",                     # a child process still running
])
def test_a_child_its_connection_changed_is_never_reused(sshd: Any, fresh: Path, change: str) -> None:
    _session("1")
    _keeper(sshd)
    changed, _ = _session(f"{change}; 1")
    seen = {changed}
    fresh_pids = set()
    out = _until_reused(fresh_pids, '"<$env:PSREPL_LEFT>"')  # clean children are reused ...
    assert out == ["<>"]
    assert changed not in fresh_pids                      # ... never the changed one
    for _ in range(5):
        pid, out = _session('$PID; "<$env:PSREPL_LEFT>"')
        assert pid not in seen and out == [pid, "<>"]
        time.sleep(0.05)


# --------------------------------------------------------------------------- the keeper loop itself

_KEEPER_LOOP = """
import os, sys
from sessions import keeper as K
directory, renew, idle, spares, spare_timeout = sys.argv[1:6]
K.SPARE_LIMIT, K.SPARE_TIMEOUT = int(spares), float(spare_timeout)
place = K.Place(directory, "test")
held = K.listen(place)

def answer(fd):
    os.write(fd, str(os.getpid()).encode())
    while os.read(fd, 16):             # served until the client closes
        pass
    os.close(fd)
    return 0
sys.exit(K.serve(place, held, answer, idle_timeout=float(idle), renew=lambda: renew == "yes"))
"""


def _serve_in_child(place: K.Place, renew: bool, idle: float = 600.0,
                    spares: int = K.SPARE_LIMIT, spare_timeout: float = K.SPARE_TIMEOUT) -> subprocess.Popen:
    """A keeper loop on ``place`` in a fresh process (not forked from this threaded one);
    each connection is answered with the serving child's pid and served until the
    client closes it."""
    proc = subprocess.Popen([sys.executable, "-c", _KEEPER_LOOP, place.directory, "yes" if renew else "no",
                             str(idle), str(spares), str(spare_timeout)], cwd=str(ROOT))
    _wait(lambda: place.running() and os.path.exists(place.socket))
    return proc


def _stop(proc: subprocess.Popen) -> int:
    proc.send_signal(signal.SIGTERM)
    return proc.wait(10)


def _ask(path: str) -> int:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(5)
        s.connect(path)
        return int(s.recv(16))


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if _ppid(int(entry.name)) == pid:
                    found.add(int(entry.name))
            except (OSError, ValueError, IndexError):
                pass
    return found


def test_a_spare_is_reused_and_a_child_that_cannot_renew_is_not(tmp_path: Path) -> None:
    place = _place(tmp_path)
    keeper = _serve_in_child(place, renew=True)
    try:
        first = _ask(place.socket)
        _wait(lambda: _ask(place.socket) == first)           # the same child, again
        assert _children(keeper.pid) == {first}
    finally:
        assert _stop(keeper) == 0
    _wait(lambda: _gone(first))                              # the spare ended with it

    place = _place(tmp_path / "no")
    keeper = _serve_in_child(place, renew=False)
    try:
        pids = {_ask(place.socket) for _ in range(5)}
        assert len(pids) == 5                                # a new child every time
        _wait(lambda: not _children(keeper.pid))             # and each ended
    finally:
        assert _stop(keeper) == 0


def test_spares_are_limited_and_let_go_when_unused(tmp_path: Path) -> None:
    place = _place(tmp_path)
    keeper = _serve_in_child(place, renew=True, spares=2, spare_timeout=3.0)
    try:
        socks = []
        for _ in range(4):                                   # four connections at once: four children
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(5)
            s.connect(place.socket)
            socks.append(s)
        pids = {int(s.recv(16)) for s in socks}
        for s in socks:
            s.close()
        assert len(pids) == 4, pids
        kept = _wait(lambda: (lambda now: now if len(now) == 2 else None)(_children(keeper.pid)))
        assert kept <= pids, (kept, pids)                    # two of them are kept as spares
        _wait(lambda: not _children(keeper.pid), timeout=15)  # and let go when unused
        again = _ask(place.socket)
        assert again not in pids, (again, pids)              # the keeper still serves, with a new child
    finally:
        assert _stop(keeper) == 0


def test_a_keeper_with_spares_still_ends_when_idle(tmp_path: Path) -> None:
    place = _place(tmp_path)
    keeper = _serve_in_child(place, renew=True, idle=1.0)
    first = _ask(place.socket)
    _wait(lambda: _ask(place.socket) == first)
    assert keeper.wait(10) == 0                              # the spare does not keep it alive
    assert not place.running()
    _wait(lambda: _gone(first))


def _gone(pid: int) -> bool:
    """True when ``pid`` has ended (gone, or a zombie nobody collected yet)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
