"""A private OpenSSH ``sshd`` on 127.0.0.1 for the tests (and the benchmarks).

Everything is made for the run in one directory: a host key, a user key, the
authorized_keys file, the server's config (``StrictModes no`` and ``UsePAM no`` let
it run from a temporary directory), a *client home* whose ``~/.ssh`` holds the
user key, a known_hosts file with the server's key and a config with host aliases
(``server01``, ``server02``, ... all pointing at this sshd), and a *remote home*
that the far side sees as ``$HOME`` (``SetEnv`` in sshd_config), with the psrepl
under test first on the far side's PATH.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path


def find_sshd() -> str | None:
    """The sshd binary, or None when OpenSSH's server is not installed."""
    for candidate in (shutil.which("sshd"), "/usr/sbin/sshd", "/usr/local/sbin/sshd"):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _keygen(path: Path, comment: str) -> str:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)],
                   check=True, stdout=subprocess.DEVNULL)
    return path.with_suffix(".pub").read_text().strip()


class SSHServer:
    """A running private sshd and the client-side files that reach it."""

    def __init__(self, root: Path, aliases: int = 3) -> None:
        self.root = root
        self.port = free_port()
        self.user = os.environ.get("USER") or _whoami()
        self.client_home = root / "client-home"
        self.remote_home = root / "remote-home"
        self.server_dir = root / "server"
        self.aliases = [f"server{i:02d}" for i in range(1, aliases + 1)]
        self.process: subprocess.Popen[bytes] | None = None
        self._aliases_count = aliases

    # ------------------------------------------------------------------ set-up
    def start(self) -> SSHServer:
        """Make the keys and configs, start sshd, and wait until it accepts connections."""
        sshd = find_sshd()
        if sshd is None:
            raise RuntimeError("sshd is not installed (apt-get install openssh-server)")
        for d in (self.client_home / ".ssh", self.remote_home, self.server_dir):
            d.mkdir(parents=True, exist_ok=True)
        os.chmod(self.client_home / ".ssh", 0o700)
        host_pub = _keygen(self.server_dir / "host_ed25519", "psrepl-test-host")
        self.user_key = self.client_home / ".ssh" / "id_ed25519"
        user_pub = _keygen(self.user_key, "psrepl-test-user")
        self.authorized_keys = self.server_dir / "authorized_keys"
        self.authorized_keys.write_text(user_pub + "\n")
        self.host_key_line = host_pub
        self.known_hosts = self.client_home / ".ssh" / "known_hosts"
        key_type, key_data = host_pub.split()[:2]
        self.known_hosts.write_text(f"[127.0.0.1]:{self.port} {key_type} {key_data}\n")
        bindir = Path(sys.executable).parent
        path = f"{bindir}:/usr/local/bin:/usr/bin:/bin"
        config = self.server_dir / "sshd_config"
        config.write_text("\n".join([
            f"Port {self.port}",
            "ListenAddress 127.0.0.1",
            f"HostKey {self.server_dir / 'host_ed25519'}",
            f"AuthorizedKeysFile {self.authorized_keys}",
            f"PidFile {self.server_dir / 'sshd.pid'}",
            "StrictModes no",
            "UsePAM no",
            "PermitRootLogin yes",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "MaxStartups 200:30:400",
            "MaxSessions 200",
            "LogLevel ERROR",
            f"SetEnv PATH={path} HOME={self.remote_home}",
            "",
        ]))
        self.write_client_config()
        os.makedirs("/run/sshd", exist_ok=True) if os.geteuid() == 0 else None
        self.process = subprocess.Popen([sshd, "-D", "-e", "-f", str(config)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"sshd exited at start: {err}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("sshd did not start listening within 10 s")

    def write_client_config(self, extra: str = "") -> None:
        """The client's ~/.ssh/config: every alias points at this sshd."""
        lines = []
        for alias in self.aliases:
            lines += [f"Host {alias}", "    HostName 127.0.0.1", f"    Port {self.port}",
                      f"    User {self.user}", f"    IdentityFile {self.user_key}", ""]
        cfg = self.client_home / ".ssh" / "config"
        cfg.write_text("\n".join(lines) + extra)
        os.chmod(cfg, 0o600)

    # ------------------------------------------------------------------ use
    def client_env(self) -> dict[str, str]:
        """Environment for a psrepl client process: HOME is the client home."""
        env = dict(os.environ)
        env["HOME"] = str(self.client_home)
        env.pop("SSH_AUTH_SOCK", None)
        return env

    def ssh_argv(self, alias: str = "server01") -> list[str]:
        """An OpenSSH client command line that reaches this server as ``alias``."""
        return ["ssh", "-F", str(self.client_home / ".ssh" / "config"), "-o",
                f"UserKnownHostsFile={self.known_hosts}", "-o", "BatchMode=yes", alias]

    def stop(self) -> None:
        """Stop sshd (the process this object started, by its PID)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        self.stop_keepers()

    def keepers(self) -> list[int]:
        """Pids of the session keepers running for the remote home (sessions/keeper.py).

        A keeper is started (detached) by an endpoint this server started; it
        writes its pid into its lock file. A pid counts only while its command
        line says it is a keeper, so a reused pid is never touched.
        """
        pids = []
        for lock in (self.remote_home / ".local" / "state" / "psrepl").glob("keeper-*.lock"):
            try:
                pid = int(lock.read_text().split()[0])
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except (OSError, ValueError, IndexError):
                continue
            if b"--keeper" in cmdline:
                pids.append(pid)
        return pids

    def stop_keepers(self, timeout: float = 5.0) -> None:
        """End the keepers of the remote home (SIGTERM, then SIGKILL) and wait until they are gone."""
        import signal  # noqa: PLC0415

        pids = self.keepers()
        for pid in pids:
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        deadline = time.monotonic() + timeout
        for pid in pids:
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.02)
            if _alive(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for a container's init to reap it does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _whoami() -> str:
    import pwd  # noqa: PLC0415
    return pwd.getpwuid(os.getuid()).pw_name
