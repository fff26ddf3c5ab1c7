"""The session keeper on the SSH target (sessions/keeper.py) and the client's way to it (sessions/ssh_keeper.py).

Against the real private sshd: the first connection starts its endpoint over an
exec channel, which starts the keeper; later connections reach the keeper
through sshd's streamlocal channel and get an endpoint forked from it. Also: the
fall-back to exec when the keeper is gone, ``SetEnv PSREPL_KEEPER=no``, the
keeper's privacy (directory, socket, peer user id) and its end.
"""

from __future__ import annotations

import os
import signal
import socket
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from sessions import keeper as K
from sessions.hosts import resolve
from sessions.ssh_keeper import KeeperBook, book, book_key
from sessions.transport_ssh import connect
from test_ssh_sessions import home  # noqa: F401 - the fixture

pytestmark = pytest.mark.usefixtures("sshd")


def _ppid(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _wait_for(predicate: Any, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("timed out waiting")


def _run(conn: Any, script: str) -> list[Any]:
    out: list[Any] = []
    inv = conn.invoke(script, on_record=lambda stream, seq, obj: out.append(obj) if stream == 1 else None)
    assert inv.wait(20)
    assert inv.state == "Completed", inv.reason
    return out


def _keeper(sshd: Any) -> int:
    pids = _wait_for(sshd.keepers)
    assert len(pids) == 1, pids
    return pids[0]


@pytest.fixture
def fresh(sshd: Any, home: Any, tmp_path: Path) -> Any:  # noqa: F811 - pytest fixture
    """A private client home, and no keeper running on the far side (each test starts from nothing)."""
    sshd.stop_keepers()
    yield home(tmp_path)
    sshd.stop_keepers()


def test_the_first_connection_starts_the_keeper_and_the_next_is_forked_by_it(sshd: Any, fresh: Path) -> None:
    first = connect(resolve("server01"))
    try:
        socket_path = first.remote_info.extra["keeper"]
        assert socket_path.startswith(str(sshd.remote_home))
        keeper = _keeper(sshd)
        assert _ppid(first.remote_info.pid) != keeper          # sshd started this one
        second = connect(resolve("server01"))
        try:
            assert _ppid(second.remote_info.pid) == keeper     # the keeper forked this one
            assert _run(second, "$x = 41; $x + 1") == [42]
            assert _run(second, "$x") == [41]                  # the session keeps its runspace
            assert _run(second, "(Get-Location).Path") == [str(sshd.remote_home)]
            assert _run(second, "hostname") == [socket.gethostname()]
        finally:
            second.close()
        assert book().lookup(book_key(resolve("server01"))) == socket_path
        # The book is on disk, private to the user.
        path = fresh / ".cache" / "psrepl" / "keepers"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert socket_path in path.read_text()
    finally:
        first.close()


def test_the_keepers_files_are_private(sshd: Any, fresh: Path) -> None:
    conn = connect(resolve("server01"))
    conn.close()
    _keeper(sshd)
    directory = sshd.remote_home / ".local" / "state" / "psrepl"
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    sock = next(directory.glob("keeper-*.sock"))
    assert stat.S_IMODE(sock.stat().st_mode) == 0o600


def test_a_keeper_that_is_gone_is_replaced_and_the_connection_still_opens(sshd: Any, fresh: Path) -> None:
    connect(resolve("server01")).close()
    old = _keeper(sshd)
    os.kill(old, signal.SIGKILL)       # dies without cleaning up: its socket file stays
    _wait_for(lambda: not sshd.keepers())
    conn = connect(resolve("server01"))   # the streamlocal channel fails; exec is used
    try:
        assert _run(conn, "1 + 1") == [2]
        assert _ppid(conn.remote_info.pid) != old
    finally:
        conn.close()
    new = _keeper(sshd)
    assert new != old
    again = connect(resolve("server01"))
    try:
        assert _ppid(again.remote_info.pid) == new
    finally:
        again.close()


def test_setenv_psrepl_keeper_no_keeps_every_connection_on_exec(sshd: Any, home: Any, tmp_path: Path) -> None:  # noqa: F811
    sshd.stop_keepers()
    home(tmp_path, extra="    SetEnv PSREPL_KEEPER=no")
    assert resolve("server01").keeper is False
    for _ in range(2):
        conn = connect(resolve("server01"))
        try:
            assert "keeper" not in conn.remote_info.extra
            assert _run(conn, "$env:PSREPL_KEEPER") == ["no"]
        finally:
            conn.close()
    time.sleep(0.3)
    assert sshd.keepers() == []


def test_a_keeper_session_killed_mid_command_says_so(sshd: Any, fresh: Path) -> None:
    connect(resolve("server01")).close()
    _keeper(sshd)
    conn = connect(resolve("server01"))
    try:
        inv = conn.invoke("Start-Sleep 30")
        time.sleep(0.3)
        os.kill(conn.remote_info.pid, signal.SIGKILL)
        assert inv.wait(10)
        assert inv.state == "Failed"
        assert "psrepl on server01 ended unexpectedly" in str(inv.reason)
    finally:
        conn.close()


# --------------------------------------------------------------------------- the keeper loop itself

def _serve_in_child(place: K.Place, idle: float, open_up: bool = False) -> int:
    """Fork a keeper loop on ``place`` (each connection answered with b'hi'); its pid."""
    held = K.listen(place)
    assert held is not None
    if open_up:
        os.chmod(place.directory, 0o755)
        os.chmod(place.socket, 0o777)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            def answer(fd: int) -> int:
                os.write(fd, b"hi")
                return 0
            code = K.serve(place, held, answer, idle_timeout=idle)
        finally:
            os._exit(code)
    held.listener.close()
    os.close(held.lock_fd)
    assert _ask(place.socket) == b"hi"   # the loop runs (its signal handlers are set)
    return pid


def _exit_code(pid: int, timeout: float) -> int | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def _place(tmp_path: Path) -> K.Place:
    directory = K.state_dir({"XDG_STATE_HOME": str(tmp_path / "state")})
    assert directory is not None
    return K.Place(directory, "test")


def _ask(path: str) -> bytes:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(5)
        s.connect(path)
        return s.recv(16)


def test_the_keeper_serves_each_connection_and_ends_when_idle(tmp_path: Path) -> None:
    place = _place(tmp_path)
    pid = _serve_in_child(place, idle=0.5)
    assert place.running()
    assert _ask(place.socket) == b"hi"
    assert _ask(place.socket) == b"hi"
    assert _exit_code(pid, 10) == 0
    assert not os.path.exists(place.socket)
    assert not place.running()


def test_the_keeper_ends_when_its_socket_is_removed(tmp_path: Path) -> None:
    place = _place(tmp_path)
    pid = _serve_in_child(place, idle=600)
    os.unlink(place.socket)
    assert _exit_code(pid, 10) == 0


def test_only_one_keeper_listens_per_place(tmp_path: Path) -> None:
    place = _place(tmp_path)
    pid = _serve_in_child(place, idle=600)
    try:
        assert K.listen(place) is None
    finally:
        os.kill(pid, signal.SIGTERM)
        assert _exit_code(pid, 10) == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to connect as another user")
def test_the_keeper_closes_connections_from_another_user() -> None:
    import shutil  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    root = Path(tempfile.mkdtemp(dir="/tmp"))   # pytest's own temp root is private to us
    os.chmod(root, 0o755)
    place = _place(root)
    os.chmod(root / "state", 0o755)
    pid = _serve_in_child(place, idle=600, open_up=True)
    try:
        child = os.fork()
        if child == 0:
            code = 3
            try:
                os.setgid(65534)
                os.setuid(65534)
                code = 0 if _ask(place.socket) == b"" else 1
            finally:
                os._exit(code)
        assert _exit_code(child, 10) == 0          # connected, and closed without an answer
        assert _ask(place.socket) == b"hi"         # its own user is served
    finally:
        os.kill(pid, signal.SIGTERM)
        _exit_code(pid, 10)
        shutil.rmtree(root, ignore_errors=True)


def test_the_state_directory_must_be_the_users_own(tmp_path: Path) -> None:
    loose = tmp_path / "loose"
    (loose / "psrepl").mkdir(parents=True)
    os.chmod(loose / "psrepl", 0o777)
    assert K.state_dir({"XDG_STATE_HOME": str(loose)}) == str(loose / "psrepl")
    assert stat.S_IMODE((loose / "psrepl").stat().st_mode) == 0o700   # tightened
    if os.geteuid() == 0:
        os.chown(loose / "psrepl", 65534, 65534)
        assert K.state_dir({"XDG_STATE_HOME": str(loose)}) is None     # someone else's: not used


def test_psrepl_keeper_no_turns_it_off() -> None:
    assert K.enabled({}) is True
    assert K.enabled({"PSREPL_KEEPER": "no"}) is False
    assert K.enabled({"PSREPL_KEEPER": "Off"}) is False
    assert K.enabled({"PSREPL_KEEPER": "yes"}) is True


# --------------------------------------------------------------------------- the client's book

def test_the_book_remembers_across_consoles_and_forgets(tmp_path: Path) -> None:
    path = str(tmp_path / "cache" / "keepers")
    KeeperBook(path).remember("u@h:22 psrepl --endpoint", "/home/u/.local/state/psrepl/keeper-x.sock")
    again = KeeperBook(path)
    assert again.lookup("u@h:22 psrepl --endpoint") == "/home/u/.local/state/psrepl/keeper-x.sock"
    again.forget("u@h:22 psrepl --endpoint")
    assert KeeperBook(path).lookup("u@h:22 psrepl --endpoint") is None


def test_the_book_takes_only_absolute_single_line_paths(tmp_path: Path) -> None:
    path = tmp_path / "keepers"
    book_ = KeeperBook(str(path))
    book_.remember("k", "relative.sock")
    book_.remember("k", "/a\n/b")
    assert book_.lookup("k") is None
    path.write_text("junk line\nk\t/ok.sock\nbad\trelative\n")
    assert KeeperBook(str(path)).lookup("k") == "/ok.sock"
    assert KeeperBook(str(path)).lookup("bad") is None
