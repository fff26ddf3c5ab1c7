"""Authentication on a new SSH connection: what is offered, in which order, and what a failure says.

``authenticate(transport, spec, prompts)`` tries, as OpenSSH does: the ssh-agent's
keys (unless ``IdentitiesOnly``), the identity files (-KeyFilePath, then
``IdentityFile``, else the default ``~/.ssh/id_*``; a key with a passphrase is
asked about only when a person can answer), then -- again only at a console
(``prompts.ask_password``) -- a password, up to three times. A passphrase or
password is handed to paramiko and dropped: never echoed, logged or kept. When
nothing works, ``SSHConnectFailed`` says which keys were offered, why others
could not be used and which methods the server allows.

Split out of ``sessions.transport_ssh`` (which imports it when it authenticates);
paramiko comes from ``transport_ssh.load_paramiko``, still the one place it is imported.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from sessions.transport_ssh import Prompts, SSHConnectFailed, describe, load_paramiko

if TYPE_CHECKING:
    from sessions.hosts import HostSpec

_DEFAULT_KEYS = ("id_ed25519", "id_ecdsa", "id_rsa")


def _identity_files(spec: HostSpec) -> list[str]:
    files = list(spec.identity_files)
    if not files:
        home = os.path.expanduser("~/.ssh")
        files = [os.path.join(home, name) for name in _DEFAULT_KEYS]
    return files


#: Keys read from files that need no passphrase, by (path, mtime, size, inode): a fan-out to
#: fifty hosts reads and parses the file once. (A key with a passphrase is never kept.)
_PLAIN_KEYS: dict[tuple[str, int, int, int], Any] = {}


def _load_key(paramiko: Any, path: str, prompts: Prompts, notes: list[str]) -> Any:
    """The private key in ``path`` (asking for its passphrase when someone can answer), or None."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    stamp = (path, st.st_mtime_ns, st.st_size, st.st_ino)
    if stamp in _PLAIN_KEYS:
        return _PLAIN_KEYS[stamp]
    try:
        key = paramiko.PKey.from_path(path)
        _PLAIN_KEYS[stamp] = key
        return key
    except (paramiko.PasswordRequiredException, TypeError) as exc:
        # paramiko 5 says TypeError("Key is password-protected, ...") for OpenSSH-format keys.
        if not isinstance(exc, paramiko.PasswordRequiredException) and "password" not in str(exc).lower():
            notes.append(f"{path} could not be read ({describe(exc)})")
            return None
    except Exception as exc:  # noqa: BLE001
        notes.append(f"{path} could not be read ({describe(exc)})")
        return None
    if prompts.ask_password is None:
        notes.append(f"{path} needs a passphrase, which a script cannot ask for")
        return None
    secret = prompts.ask_password(f"Enter passphrase for key '{path}': ")
    if not secret:
        return None
    try:
        return paramiko.PKey.from_path(path, secret.encode())
    except Exception:  # noqa: BLE001
        notes.append(f"{path}: wrong passphrase")
        return None
    finally:
        secret = None  # never kept


def authenticate(transport: Any, spec: HostSpec, prompts: Prompts) -> None:
    """Agent keys, identity files, then a typed password; SSHConnectFailed saying what was tried."""
    paramiko = load_paramiko()
    agent = None
    keys: list[tuple[Any, str]] = []
    if os.environ.get("SSH_AUTH_SOCK") and not spec.identities_only:
        try:
            agent = paramiko.Agent()
            keys += [(k, f"agent key {k.fingerprint}") for k in agent.get_keys()]
        except Exception:  # noqa: BLE001 - no agent is not an error
            pass
    try:
        _Auth(paramiko, transport, spec, prompts).run(keys)
    finally:
        if agent is not None:
            agent.close()


class _Auth:
    """One authentication: what was offered, what the server allows, and the message if all fails."""

    def __init__(self, paramiko: Any, transport: Any, spec: HostSpec, prompts: Prompts) -> None:
        self.paramiko = paramiko
        self.transport = transport
        self.spec = spec
        self.prompts = prompts
        self.offered: list[str] = []
        self.notes: list[str] = []
        self.allowed: list[str] | None = None

    def run(self, keys: list[tuple[Any, str]]) -> None:
        """Offer every key, then (at a console) a password; SSHConnectFailed when nothing worked."""
        for path in _identity_files(self.spec):
            key = _load_key(self.paramiko, path, self.prompts, self.notes)
            if key is not None:
                keys.append((key, path))
        for key, label in keys:
            if self.allowed is not None and "publickey" not in self.allowed or not self.transport.is_active():
                break
            if self._key(key, label):
                return
        if self.allowed is None and self._none():
            return
        if self.prompts.ask_password is not None and self._password():
            return
        raise SSHConnectFailed(self.message())

    def _key(self, key: Any, label: str) -> bool:
        self.offered.append(label)
        try:
            self.transport.auth_publickey(self.spec.user, key)
        except self.paramiko.BadAuthenticationType as exc:
            self.allowed = list(exc.allowed_types)
            return False
        except self.paramiko.AuthenticationException:
            return False
        return self.transport.is_authenticated()

    def _none(self) -> bool:
        """Ask which methods the server allows (for the message, and whether a password may help)."""
        if not self.transport.is_active():
            return False
        try:
            self.transport.auth_none(self.spec.user)
            return self.transport.is_authenticated()
        except self.paramiko.BadAuthenticationType as exc:
            self.allowed = list(exc.allowed_types)
        except Exception:  # noqa: BLE001
            pass
        return False

    def _password(self) -> bool:
        allowed = self.allowed or []
        if "password" not in allowed and "keyboard-interactive" not in allowed:
            return False
        ask = self.prompts.ask_password
        for _ in range(3):
            if not self.transport.is_active() or ask is None:
                return False
            secret = ask(f"{self.spec.user}@{self.spec.hostname}'s password: ")
            if secret is None:
                return False
            try:
                self.transport.auth_password(self.spec.user, secret)
                if self.transport.is_authenticated():
                    return True
            except self.paramiko.AuthenticationException:
                self.notes.append("the password was refused")
            except Exception:  # noqa: BLE001
                return False
            finally:
                secret = None  # never kept
        return False

    def message(self) -> str:
        """What was tried and why it failed."""
        offered = self.offered
        if offered:
            what = f"the server refused the key{'s' if len(offered) > 1 else ''} offered ({', '.join(offered)})"
        else:
            what = "no key to offer was found (ssh-agent, -KeyFilePath, IdentityFile, ~/.ssh/id_*)"
        text = f"Authentication to {self.spec.where} as '{self.spec.user}' failed: {what}"
        if self.notes:
            text += "; " + "; ".join(dict.fromkeys(self.notes))
        if self.allowed:
            text += f". The server allows: {', '.join(self.allowed)}"
        if self.prompts.ask_password is None:
            text += ". A password cannot be asked for in a script"
        return text + "."
