"""The client's way to a host's session keeper (sessions.keeper): a Unix-socket channel and a book of sockets.

An endpoint started over an exec channel says in its hello where its host's
keeper listens (``keeper``: the socket's absolute path, in the user's private
state directory there). The client writes it down -- in memory and in
``$XDG_CACHE_HOME/psrepl/keepers`` (default ``~/.cache/psrepl/keepers``, 0600),
keyed by user, host, port and endpoint command -- and the next connection to
that host asks sshd for a ``direct-streamlocal@openssh.com`` channel to the
socket instead of an exec channel: no process starts on the far side, the warm
keeper forks the endpoint. When that channel is refused (no keeper, sshd
configured with ``AllowStreamLocalForwarding no``) or ends before the hello, the
entry is dropped and the same SSH connection falls back to the exec channel.

Trust: the path only ever comes from an endpoint that sshd started as the
authenticated user (an exec channel), and it lies in that user's home, so
another user of the target cannot put a socket there; the keeper itself checks
its peer's user id.

paramiko opens only ``session``, ``direct-tcpip``, ``forwarded-tcpip`` and
``x11`` channels by name; ``open_unix_channel`` builds the streamlocal request
(RFC 4254 channel open with OpenSSH's fields: socket path, reserved string,
reserved uint32) on the same Transport machinery as paramiko's own
``open_channel``. The tests exercise it against a real OpenSSH sshd.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from sessions.hosts import HostSpec

STREAMLOCAL = "direct-streamlocal@openssh.com"
_BOOK_LIMIT = 2000


class ChannelRefused(Exception):
    """sshd refused (or never answered) the request for a channel to the keeper's socket."""


def open_unix_channel(transport: Any, path: str, *, window_size: int, max_packet_size: int,
                      timeout: float) -> Any:
    """A paramiko Channel connected by sshd to the Unix socket ``path`` on the far side."""
    from paramiko.channel import Channel  # noqa: PLC0415
    from paramiko.common import cMSG_CHANNEL_OPEN  # noqa: PLC0415
    from paramiko.message import Message  # noqa: PLC0415

    if not transport.is_active():
        raise ChannelRefused("the SSH connection is closed")
    event = threading.Event()
    with transport.lock:
        window_size = transport._sanitize_window_size(window_size)
        max_packet_size = transport._sanitize_packet_size(max_packet_size)
        chanid = transport._next_channel()
        m = Message()
        m.add_byte(cMSG_CHANNEL_OPEN)
        m.add_string(STREAMLOCAL)
        m.add_int(chanid)
        m.add_int(window_size)
        m.add_int(max_packet_size)
        m.add_string(path)
        m.add_string("")   # reserved
        m.add_int(0)       # reserved
        chan = Channel(chanid)
        transport._channels.put(chanid, chan)
        transport.channel_events[chanid] = event
        transport.channels_seen[chanid] = True
        chan._set_transport(transport)
        chan._set_window(window_size, max_packet_size)
    transport._send_user_message(m)
    deadline = time.monotonic() + timeout
    while not event.wait(0.1):
        if not transport.is_active():
            raise ChannelRefused("the SSH connection closed")
        if time.monotonic() > deadline:
            raise ChannelRefused("no answer in time")
    opened = transport._channels.get(chanid)
    if opened is None:
        raise ChannelRefused("sshd refused the channel")
    return opened


def book_key(spec: HostSpec) -> str:
    """Whose keeper: the user, host, port and endpoint command of a connection."""
    return f"{spec.user or ''}@{spec.hostname}:{spec.port} {spec.endpoint}"


class KeeperBook:
    """Where each host's keeper listens, remembered across consoles (see the module docstring)."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._entries: dict[str, str] | None = None

    @classmethod
    def default(cls) -> KeeperBook:
        """A book on the user's file ``$XDG_CACHE_HOME/psrepl/keepers`` (see ``book()`` for the shared one)."""
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        return cls(os.path.join(base, "psrepl", "keepers"))

    def lookup(self, key: str) -> str | None:
        """The keeper socket remembered for ``key``, if any."""
        with self._lock:
            return self._load().get(key)

    def remember(self, key: str, socket_path: str) -> None:
        """Write down where ``key``'s keeper listens (a no-op when it is known already)."""
        if not isinstance(socket_path, str) or not socket_path.startswith("/") or "\n" in socket_path \
                or "\t" in socket_path or "\n" in key or "\t" in key:
            return
        with self._lock:
            entries = self._load()
            if entries.get(key) == socket_path:
                return
            entries[key] = socket_path
            while len(entries) > _BOOK_LIMIT:
                del entries[next(iter(entries))]
            self._save(entries)

    def forget(self, key: str) -> None:
        """Drop ``key``'s entry (its keeper could not be reached)."""
        with self._lock:
            entries = self._load()
            if entries.pop(key, None) is not None:
                self._save(entries)

    def _load(self) -> dict[str, str]:
        if self._entries is None:
            self._entries = {}
            if self.path:
                try:
                    with open(self.path, encoding="utf-8") as f:
                        for line in f:
                            key, sep, value = line.rstrip("\n").partition("\t")
                            if sep and value.startswith("/"):
                                self._entries[key] = value
                except (OSError, UnicodeDecodeError):
                    pass
        return self._entries

    def _save(self, entries: dict[str, str]) -> None:
        if not self.path:
            return
        try:
            os.makedirs(os.path.dirname(self.path), mode=0o700, exist_ok=True)
            tmp = f"{self.path}.{os.getpid()}.{threading.get_ident()}"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.writelines(f"{k}\t{v}\n" for k, v in entries.items())
            os.replace(tmp, self.path)
        except OSError:
            pass  # a book that cannot be written only costs speed


_BOOKS: dict[str, KeeperBook] = {}
_BOOKS_GUARD = threading.Lock()


def book() -> KeeperBook:
    """The keeper book of the current user's cache directory (one object per file)."""
    path = KeeperBook.default().path or ""
    with _BOOKS_GUARD:
        found = _BOOKS.get(path)
        if found is None:
            found = _BOOKS[path] = KeeperBook(path)
        return found
