"""SSH sessions against the real private sshd: connecting, failures that say where, Broken sessions.

Each test that needs its own client set-up (a known_hosts without the server's
key, a config alias with another endpoint command, a key the server does not
know) makes a private client home and points HOME at it; nothing here mocks SSH.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from sessions.connection import ConnectionFailed
from sessions.hosts import resolve
from sessions.session import IllegalSessionTransition, SessionState, SessionUnavailable
from sessions.transport_ssh import connect


def make_home(root: Path, sshd: Any, *, known_hosts: str | None = None, extra: str = "",
              key: Path | None = None) -> Path:
    """A client home whose ~/.ssh/config has ``server01`` (and ``extra``), with its own known_hosts."""
    home = root / "home"
    ssh = home / ".ssh"
    ssh.mkdir(parents=True)
    os.chmod(ssh, 0o700)
    (ssh / "config").write_text("\n".join([
        "Host server01", "    HostName 127.0.0.1", f"    Port {sshd.port}", f"    User {sshd.user}",
        f"    IdentityFile {key or sshd.user_key}", "", extra, ""]))
    (ssh / "known_hosts").write_text(sshd.known_hosts.read_text() if known_hosts is None else known_hosts)
    return home


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, sshd: Any) -> Any:
    """``home(**kwargs)``: make a private client home (see make_home) and make it $HOME."""
    made = []

    def use(tmp: Path, **kwargs: Any) -> Path:
        path = make_home(tmp, sshd, **kwargs)
        monkeypatch.setenv("HOME", str(path))
        monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
        made.append(path)
        return path
    return use


def open_(name: str = "server01", **kwargs: Any) -> Any:
    from sessions.session import ClientSession

    conn = connect(resolve(name, **{k: v for k, v in kwargs.items() if k in ("user", "port", "key_files")}))
    return ClientSession(1, conn, computer_name=name)


def collect(session: Any, script: str, timeout: float = 20) -> tuple[str, list[Any], Any]:
    got: list[Any] = []
    inv = session.invoke(script, on_records=lambda stream, seq, objs: got.extend(objs))
    assert inv.wait(timeout)
    return inv.state, got, inv.reason


def test_a_session_keeps_its_runspace_between_commands(home: Any, tmp_path: Path, sshd: Any) -> None:
    home(tmp_path)
    session = open_()
    try:
        assert session.State is SessionState.OPENED and session.Availability == "Available"
        assert session.Transport == "SSH" and session.ConfigurationName == "psrepl"
        assert collect(session, "$x = 41")[0] == "Completed"
        assert collect(session, "$x + 1")[1] == [42]
        # The far side's home is the remote home the sshd gives it, not ours.
        assert collect(session, "$HOME")[1] == [str(sshd.remote_home)]
    finally:
        session.close()
    assert session.State is SessionState.CLOSED and session.Availability == "None"
    with pytest.raises(SessionUnavailable, match="The session state is Closed"):
        session.invoke("1")


def test_one_connection_one_channel_tcp_nodelay_and_gcm(home: Any, tmp_path: Path) -> None:
    home(tmp_path)
    session = open_()
    try:
        transport = session.connection.transport
        ssh = transport.ssh
        sock = ssh.sock
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        assert ssh.local_cipher == "aes128-gcm@openssh.com"
        for _ in range(20):
            assert collect(session, "1")[1] == [1]
        # Twenty commands, still the one exec channel opened at the start.
        assert len(ssh._channels.values()) == 1
        assert transport.chan.get_id() == 0
    finally:
        session.close()


def test_busy_while_a_command_runs(home: Any, tmp_path: Path) -> None:
    home(tmp_path)
    session = open_()
    try:
        inv = session.invoke("Start-Sleep -Milliseconds 600")
        time.sleep(0.2)
        assert session.Availability == "Busy"
        assert inv.wait(10)
        assert session.Availability == "Available"
    finally:
        session.close()


def test_host_name_and_port_without_an_alias(home: Any, tmp_path: Path, sshd: Any) -> None:
    home(tmp_path)
    session = open_("127.0.0.1", port=sshd.port, key_files=[str(sshd.user_key)])
    try:
        assert collect(session, "'hello'")[1] == ["hello"]
    finally:
        session.close()


def test_unknown_host_key_is_refused_in_a_script(home: Any, tmp_path: Path, sshd: Any) -> None:
    home(tmp_path, known_hosts="")
    with pytest.raises(ConnectionFailed) as info:
        open_()
    text = str(info.value)
    assert "The authenticity of host server01 (127.0.0.1:" in text
    assert "not in known_hosts" in text and "SHA256:" in text and "accept-new" in text
    assert (Path(os.environ["HOME"]) / ".ssh" / "known_hosts").read_text() == ""


def test_unknown_host_key_accept_new_adds_it(home: Any, tmp_path: Path, sshd: Any) -> None:
    home(tmp_path, known_hosts="", extra="Host *\n    StrictHostKeyChecking accept-new")
    session = open_()
    session.close()
    known = (Path(os.environ["HOME"]) / ".ssh" / "known_hosts").read_text()
    assert known.startswith(f"[127.0.0.1]:{sshd.port} ssh-ed25519 ")


def test_unknown_host_key_asked_at_a_console(home: Any, tmp_path: Path) -> None:
    from sessions.session import ClientSession
    from sessions.transport_ssh import Prompts

    home(tmp_path, known_hosts="")
    asked: list[tuple[str, str]] = []

    def no(spec: Any, key_type: str, fingerprint: str) -> bool:
        asked.append((key_type, fingerprint))
        return False

    with pytest.raises(ConnectionFailed, match="was not accepted"):
        connect(resolve("server01"), prompts=Prompts(ask_host_key=no))
    assert asked and asked[0][0] == "ED25519" and asked[0][1].startswith("SHA256:")
    conn = connect(resolve("server01"), prompts=Prompts(ask_host_key=lambda *a: True))
    ClientSession(1, conn, computer_name="server01").close()
    # Accepted once: known from now on, nobody is asked again.
    connect(resolve("server01"), prompts=Prompts(ask_host_key=no)).close()
    assert len(asked) == 1


def test_changed_host_key_is_always_refused(home: Any, tmp_path: Path, sshd: Any) -> None:
    other = tmp_path / "other_host_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)], check=True)
    key_type, data = other.with_suffix(".pub").read_text().split()[:2]
    home(tmp_path, known_hosts=f"[127.0.0.1]:{sshd.port} {key_type} {data}\n",
         extra="Host *\n    StrictHostKeyChecking no")
    with pytest.raises(ConnectionFailed) as info:
        open_()
    text = str(info.value)
    assert "The host key of server01 (127.0.0.1:" in text and "has CHANGED" in text
    assert f"ssh-keygen -R '[127.0.0.1]:{sshd.port}'" in text


def test_a_key_the_server_does_not_know_fails_authentication(home: Any, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(wrong)], check=True)
    home(tmp_path, key=wrong)
    with pytest.raises(ConnectionFailed) as info:
        open_()
    text = str(info.value)
    assert text.startswith("Authentication to server01 (127.0.0.1:")
    assert str(wrong) in text and "publickey" in text and "A password cannot be asked for in a script" in text


def test_endpoint_command_missing_on_the_far_side(home: Any, tmp_path: Path, sshd: Any) -> None:
    home(tmp_path, extra="\n".join([
        "Host Server09", "    HostName 127.0.0.1", f"    Port {sshd.port}", f"    IdentityFile {sshd.user_key}",
        '    SetEnv PSREPL_ENDPOINT="psrepl-nowhere --endpoint"']))
    with pytest.raises(ConnectionFailed) as info:
        open_("Server09")
    assert str(info.value).startswith(
        "psrepl-nowhere was not found on Server09; install it there or set its endpoint command")


def test_endpoint_command_set_per_host(home: Any, tmp_path: Path, sshd: Any) -> None:
    import sys
    endpoint = f"{sys.executable} -m shell --endpoint"
    home(tmp_path, extra="\n".join([
        "Host custom", "    HostName 127.0.0.1", f"    Port {sshd.port}", f"    IdentityFile {sshd.user_key}",
        f'    SetEnv PSREPL_ENDPOINT="{endpoint}"']))
    assert resolve("custom").endpoint == endpoint
    session = open_("custom")
    try:
        assert collect(session, "6 * 7")[1] == [42]
    finally:
        session.close()


def test_connection_refused_and_name_resolution_say_where(home: Any, tmp_path: Path, sshd: Any) -> None:
    home(tmp_path, extra="Host unreachable\n    HostName 127.0.0.1\n    Port 1")
    with pytest.raises(ConnectionFailed, match=r"^Connecting to unreachable \(127\.0\.0\.1:1\) failed: the "
                                               r"connection was refused"):
        open_("unreachable")
    with pytest.raises(ConnectionFailed, match="Cannot resolve the host name 'no-such-host.invalid'"):
        open_("no-such-host.invalid")


def test_proxy_jump_through_another_alias(home: Any, tmp_path: Path, sshd: Any) -> None:
    home(tmp_path, extra="\n".join([
        "Host behind", "    HostName 127.0.0.1", f"    Port {sshd.port}", f"    IdentityFile {sshd.user_key}",
        "    ProxyJump server01"]))
    session = open_("behind")
    try:
        assert len(session.connection.transport.jumps) == 1
        assert collect(session, "'through'")[1] == ["through"]
    finally:
        session.close()


def test_killed_endpoint_breaks_the_session_and_fails_its_command(home: Any, tmp_path: Path) -> None:
    home(tmp_path)
    session = open_()
    seen: list[SessionState] = []
    session.add_watcher(lambda s: seen.append(s.State))
    pid = session.remote_info.pid
    assert pid > 0
    inv = session.invoke("Start-Sleep 30")
    time.sleep(0.3)
    os.kill(pid, signal.SIGKILL)
    assert inv.wait(10)
    assert inv.state == "Failed"
    assert "psrepl on server01 ended unexpectedly" in str(inv.reason)
    assert session.State is SessionState.BROKEN and seen == [SessionState.BROKEN]
    assert "psrepl on server01 ended unexpectedly" in session.StateReason
    with pytest.raises(SessionUnavailable, match="The session state is Broken"):
        session.invoke("1")
    with pytest.raises(IllegalSessionTransition):
        session.transition(SessionState.OPENED)
    session.close()
    assert session.State is SessionState.CLOSED


def test_paramiko_is_not_imported_at_start_up() -> None:
    import sys
    code = ("import sys; import shell.language.interpreter, shell.cmdlets.sessions.connect, sessions.session,"
            " sessions.hosts, sessions.transport_ssh; print('paramiko' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_protocol_version_mismatch_is_named(home: Any, tmp_path: Path, sshd: Any) -> None:
    import sys
    fake = tmp_path / "fake_endpoint.py"
    fake.write_text("\n".join([
        "import sys, msgpack",
        "hello = msgpack.packb([[1, {'protocol': 99, 'computer_name': 'x', 'user': 'u', 'location': '/',"
        " 'pid': 1}]])",
        "sys.stdout.buffer.write(len(hello).to_bytes(4, 'big') + hello)",
        "sys.stdout.flush()",
        "sys.stdin.buffer.read()",
    ]))
    home(tmp_path, extra="\n".join([
        "Host future", "    HostName 127.0.0.1", f"    Port {sshd.port}", f"    IdentityFile {sshd.user_key}",
        f'    SetEnv PSREPL_ENDPOINT="{sys.executable} {fake}"']))
    with pytest.raises(ConnectionFailed) as info:
        open_("future")
    assert str(info.value) == (f"Connecting to psrepl on future (127.0.0.1:{sshd.port}) failed: "
                               f"protocol version mismatch: client 1, server 99")


def test_a_key_with_a_passphrase_is_asked_for_only_at_a_console(home: Any, tmp_path: Path, sshd: Any) -> None:
    from sessions.session import ClientSession
    from sessions.transport_ssh import Prompts

    locked = tmp_path / "locked_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "s3cret", "-f", str(locked)], check=True)
    with open(sshd.authorized_keys, "a") as keys:
        keys.write(locked.with_suffix(".pub").read_text())
    home(tmp_path, key=locked)
    with pytest.raises(ConnectionFailed, match="needs a passphrase, which a script cannot ask for"):
        open_()
    asked: list[str] = []

    def passphrase(prompt: str) -> str:
        asked.append(prompt)
        return "s3cret"
    conn = connect(resolve("server01"), prompts=Prompts(ask_password=passphrase))
    ClientSession(1, conn, computer_name="server01").close()
    assert asked == [f"Enter passphrase for key '{locked}': "]
