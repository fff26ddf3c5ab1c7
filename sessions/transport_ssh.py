"""The SSH transport: one paramiko connection and one persistent exec channel per session.

``connect(spec, prompts=None, decoder=None)`` returns a ready
``sessions.connection.Connection`` to the endpoint on the host ``spec``
(sessions.hosts.HostSpec) describes, or raises ``SSHConnectFailed`` (a
``ConnectionFailed``) whose message says what failed and where:

* the name does not resolve; the connection is refused; it times out;
* the host key is unknown (and nobody may accept it) or has changed;
* authentication fails (which keys were offered, which methods the server allows);
* the endpoint command is not found on the far side (exit status 127 or
  "command not found"): ``psrepl was not found on Server01; install it there or
  set its endpoint command``; the protocol versions differ.

How, and why (DESIGN.md, "Figures"): the TCP socket is made here, with
TCP_NODELAY set, and handed to paramiko -- without it every request waits ~40 ms
for a delayed acknowledgement; and what is read is acknowledged at once
(``QuickAckSocket``), because sshd leaves Nagle on for exec channels. aes128-gcm is preferred when the server offers it
(twice the throughput of paramiko's default). The endpoint command (``psrepl
--endpoint`` unless the host's config says otherwise) runs on ONE exec channel
opened once; every command of the session is multiplexed over it by the protocol
-- never an exec per command. Once a host's endpoint has named its session
keeper (sessions.keeper, sessions.ssh_keeper), the channel goes to the keeper's
socket instead and no process starts on the far side. ProxyJump hops are
chained through ``direct-tcpip`` channels. Authentication (``sessions.ssh_auth``) tries ssh-agent keys, the
identity files (-KeyFilePath, then ``IdentityFile``, else the default
``~/.ssh/id_*``), then -- only when a person can answer (``prompts.ask_password``)
-- a password, which is passed to paramiko and dropped: never echoed, logged or kept.

paramiko is imported here (``load_paramiko``), and by the modules that serve this one
(``ssh_auth``, ``ssh_paramiko``, ``ssh_keeper``, and ``hosts`` for ~/.ssh/config), only
when a connection is made, so that starting psrepl never pays for it.
"""

from __future__ import annotations

import os
import socket
import threading
from typing import TYPE_CHECKING, Any, Callable

from sessions.connection import Connection, ConnectionFailed
from sessions.framing import ReadTimeout

if TYPE_CHECKING:
    from sessions.codec import Decoder
    from sessions.hosts import HostSpec

#: The channel's receive window and packet size: large, so 200,000 objects stream without stalls.
WINDOW_SIZE = 16 * 1024 * 1024
MAX_PACKET = 32768
#: How long the endpoint gets to say hello once the channel is open.
HELLO_TIMEOUT = 30.0
#: The same for an endpoint the host's keeper forks (ms normally; on failure the exec channel is tried).
KEEPER_HELLO_TIMEOUT = 10.0
_STDERR_TAIL = 4000
_PREFERRED_CIPHERS = ("aes128-gcm@openssh.com", "aes256-gcm@openssh.com")


def load_paramiko() -> Any:
    """The paramiko module (imported here, on first use: it costs 100-150 ms)."""
    import logging  # noqa: PLC0415

    import paramiko  # noqa: PLC0415

    # paramiko logs its failures too; they reach the user as our messages, never as log lines.
    logger = logging.getLogger("paramiko")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    return paramiko


class SSHConnectFailed(ConnectionFailed):
    """An SSH session could not be set up; the message says what failed and where."""


class Prompts:
    """The questions only a person at an interactive console can answer.

    ``ask_host_key(spec, key_type, fingerprint) -> bool``: trust an unknown host key?
    ``ask_password(prompt) -> str | None``: read a password or passphrase without echo
    (None: the person declined). Leave both None in scripts: nothing is asked then.
    """

    def __init__(self, ask_host_key: Callable[[HostSpec, str, str], bool] | None = None,
                 ask_password: Callable[[str], str | None] | None = None) -> None:
        self.ask_host_key = ask_host_key
        self.ask_password = ask_password


# --------------------------------------------------------------------------- the byte channel

class QuickAckSocket:
    """The TCP socket as paramiko sees it: everything read is acknowledged at once.

    sshd leaves Nagle's algorithm on for exec channels, so when it writes two small
    packets in a row (after authentication: a host-keys request, a debug message,
    then the channel-open confirmation) the second waits for our acknowledgement of
    the first -- which Linux delays up to 40 ms when we have nothing to send.
    Setting TCP_QUICKACK after each read sends that acknowledgement at once
    (measured: the first channel open 45 ms -> 1 ms; connect + exec 90 -> 35 ms).
    """

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._quickack = getattr(socket, "TCP_QUICKACK", None)

    def recv(self, n: int) -> bytes:
        """Read, then acknowledge what was read without delay."""
        data = self._sock.recv(n)
        if self._quickack is not None:
            try:
                self._sock.setsockopt(socket.IPPROTO_TCP, self._quickack, 1)
            except OSError:
                self._quickack = None
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class SSHChannel:
    """A sessions.framing Channel over a paramiko exec channel's stdin/stdout."""

    def __init__(self, chan: Any) -> None:
        self.chan = chan

    def read(self, n: int, timeout: float | None = None) -> bytes:
        """Up to ``n`` bytes of the endpoint's stdout; ``b''`` at the end; ReadTimeout when
        nothing arrives within ``timeout`` seconds."""
        if timeout is None:
            try:
                return self.chan.recv(n)
            except (OSError, EOFError):
                return b""
        chan = self.chan
        chan.settimeout(timeout)
        try:
            return chan.recv(n)
        except socket.timeout:
            raise ReadTimeout from None
        except (OSError, EOFError):
            return b""
        finally:
            chan.settimeout(None)

    def write_parts(self, parts: list[bytes]) -> None:
        """Send every byte of ``parts`` (raises OSError when the channel is gone)."""
        data = parts[0] if len(parts) == 1 else b"".join(parts)
        try:
            self.chan.sendall(data)
        except EOFError as exc:
            raise OSError(str(exc) or "the channel is closed") from None

    def close(self) -> None:
        """Close the channel (the endpoint sees the end of its input)."""
        try:
            self.chan.close()
        except Exception:  # noqa: BLE001 - closing a dead channel is not an error
            pass


class SSHTransport:
    """A session's SSH connection: the paramiko transport(s), the channel, the endpoint's stderr.

    The channel is an exec channel running the endpoint command, or (``keeper``) a
    channel to the host's session keeper, which has no stderr and no exit status.
    ``owns_connection`` False: ``close`` closes only the channel (a keeper channel
    being tried, with the exec channel as the fall-back on the same connection).
    """

    def __init__(self, spec: HostSpec, transport: Any, chan: Any, jumps: list[Any], *,
                 keeper: bool = False) -> None:
        self.spec = spec
        self.ssh = transport
        self.chan = chan
        self.jumps = jumps
        self.keeper = keeper
        self.owns_connection = not keeper
        self.channel = SSHChannel(chan)
        self._stderr = bytearray()
        self._stderr_lock = threading.Lock()
        self._closed = False
        self._drain: threading.Thread | None = None
        if not keeper:
            self._drain = threading.Thread(target=self._drain_stderr, name="psrepl-ssh-stderr", daemon=True)
            self._drain.start()

    def _drain_stderr(self) -> None:
        # Keep reading: unread stderr would hold on to the channel's window.
        while True:
            try:
                data = self.chan.recv_stderr(65536)
            except Exception:  # noqa: BLE001
                return
            if not data:
                return
            with self._stderr_lock:
                self._stderr += data
                if len(self._stderr) > _STDERR_TAIL:
                    del self._stderr[:-_STDERR_TAIL]

    def stderr_tail(self) -> str:
        """The end of what the far side wrote to stderr."""
        with self._stderr_lock:
            return self._stderr.decode("utf-8", "replace").strip()

    def describe_exit(self, timeout: float) -> str | None:
        """Why the endpoint's stream ended, with where (see the module docstring)."""
        name = self.spec.name
        if self.keeper:
            if not self.ssh.is_active():
                return f"The SSH connection to {name} was lost."
            return f"psrepl on {name} ended unexpectedly (killed, or its session keeper ended)."
        status = None
        if self.chan.status_event.wait(timeout):
            status = self.chan.exit_status
        if self._drain is not None:
            self._drain.join(min(timeout, 0.5))
        err = self.stderr_tail()
        if status == 127 or "command not found" in err:
            return not_found_message(self.spec, err)
        if status is None or status == -1:
            if not self.ssh.is_active():
                return f"The SSH connection to {name} was lost."
            text = f"psrepl on {name} ended unexpectedly (killed, or the connection dropped)."
        else:
            text = f"psrepl on {name} ended unexpectedly (exit status {status})."
        if err:
            text += f" Its last error output: {err[-1000:]}"
        return text

    def close(self, timeout: float = 1.0) -> None:
        """Close the channel, and (when it owns it) the connection and any ProxyJump hops."""
        if self._closed:
            return
        self._closed = True
        self.channel.close()
        if self.owns_connection:
            _close_all(self.ssh, self.jumps)


def not_found_message(spec: HostSpec, err: str = "") -> str:
    """The message for an endpoint command the far side could not run."""
    program = spec.endpoint.split()[0] if spec.endpoint.split() else "psrepl"
    text = (f"{os.path.basename(program)} was not found on {spec.name}; install it there or set its "
            f"endpoint command (SetEnv PSREPL_ENDPOINT=\"/path/to/psrepl --endpoint\" for this host "
            f"in ~/.ssh/config).")
    if err:
        text += f" The far side said: {err.splitlines()[-1][:300]}"
    return text


# --------------------------------------------------------------------------- connecting

def connect(spec: HostSpec, *, prompts: Prompts | None = None, decoder: Decoder | None = None,
            config: Any = None, hello_timeout: float = HELLO_TIMEOUT, reader: bool = True) -> Connection:
    """Open the session's SSH connection and channel and exchange hellos (see the docstring).

    ``reader=False``: the Connection has no reader thread; its owner pumps it.

    When the host's session keeper is known (sessions.ssh_keeper), the channel goes
    to its socket and no process starts on the far side; otherwise, or when that
    fails, the endpoint command runs on an exec channel, and the keeper its hello
    names is written down for the next connection.
    """
    prompts = prompts or Prompts()
    jumps: list[Any] = []
    transport = None
    try:
        sock = _reach(spec, prompts, jumps, config)
        transport = _secure(sock, spec, prompts)
    except SSHConnectFailed:
        _close_all(transport, jumps)
        raise
    except Exception as exc:  # noqa: BLE001 - paramiko raises many kinds; say where it happened
        _close_all(transport, jumps)
        raise SSHConnectFailed(f"Connecting to {spec.where} failed: {describe(exc)}") from None
    if spec.keeper:
        conn = _through_keeper(spec, transport, jumps, decoder, reader)
        if conn is not None:
            return conn
    try:
        chan = transport.open_session(window_size=WINDOW_SIZE, max_packet_size=MAX_PACKET,
                                      timeout=spec.connect_timeout)
        chan.exec_command(spec.endpoint if spec.keeper else f"env PSREPL_KEEPER=no {spec.endpoint}")
    except Exception as exc:  # noqa: BLE001
        _close_all(transport, jumps)
        raise SSHConnectFailed(f"Connecting to {spec.where} failed: {describe(exc)}") from None
    ssh = SSHTransport(spec, transport, chan, jumps)
    try:
        conn = Connection(ssh, decoder=decoder, label=f"psrepl on {spec.name}",
                          reader=reader).handshake(hello_timeout)
    except ConnectionFailed as exc:
        ssh.close()
        text = str(exc)
        if "not found on" not in text:
            text = f"Connecting to psrepl on {spec.where} failed: {text}"
        raise SSHConnectFailed(text) from None
    keeper = conn.remote_info.extra.get("keeper") if conn.remote_info is not None else None
    if spec.keeper and isinstance(keeper, str):
        from sessions.ssh_keeper import book, book_key  # noqa: PLC0415

        book().remember(book_key(spec), keeper)
    return conn


def _through_keeper(spec: HostSpec, transport: Any, jumps: list[Any], decoder: Decoder | None,
                    reader: bool = True) -> Connection | None:
    """A ready Connection to an endpoint forked by the host's keeper; None when there is none to reach."""
    from sessions.ssh_keeper import ChannelRefused, book, book_key, open_unix_channel  # noqa: PLC0415

    key = book_key(spec)
    path = book().lookup(key)
    if path is None:
        return None
    try:
        chan = open_unix_channel(transport, path, window_size=WINDOW_SIZE, max_packet_size=MAX_PACKET,
                                 timeout=spec.connect_timeout)
    except ChannelRefused:
        book().forget(key)
        return None
    ssh = SSHTransport(spec, transport, chan, jumps, keeper=True)
    try:
        conn = Connection(ssh, decoder=decoder, label=f"psrepl on {spec.name}",
                          reader=reader).handshake(KEEPER_HELLO_TIMEOUT)
    except ConnectionFailed:
        book().forget(key)
        if not transport.is_active():
            _close_all(transport, jumps)
            raise SSHConnectFailed(f"The SSH connection to {spec.where} was lost.") from None
        return None
    ssh.owns_connection = True
    return conn


def describe(exc: BaseException) -> str:
    """An exception's text for the middle of a sentence (``Connection refused`` -> ``connection refused``)."""
    text = str(exc).strip() or type(exc).__name__
    return text[0].lower() + text[1:] if text[:1].isupper() and not text[:2].isupper() else text


def _close_all(transport: Any, jumps: list[Any]) -> None:
    """Close a connection and then its ProxyJump hops, innermost first (quietly)."""
    for t in [transport, *reversed(jumps)]:
        if t is not None:
            try:
                t.close()
            except Exception:  # noqa: BLE001
                pass


def _tcp(spec: HostSpec) -> Any:
    """A connected TCP socket to the host (TCP_NODELAY, QuickAckSocket); errors say what failed and where."""
    try:
        infos = socket.getaddrinfo(spec.hostname, spec.port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        what = "" if spec.hostname == spec.name else f" (the address of {spec.name})"
        raise SSHConnectFailed(f"Cannot resolve the host name '{spec.hostname}'{what}: "
                               f"{exc.strerror or exc}.") from None
    last: str = "no address to connect to"
    for family, kind, proto, _, address in infos:
        sock = socket.socket(family, kind, proto)
        sock.settimeout(spec.connect_timeout)
        try:
            sock.connect(address)
        except ConnectionRefusedError:
            sock.close()
            last = f"the connection was refused (nothing is listening on port {spec.port})"
            continue
        except (socket.timeout, TimeoutError):
            sock.close()
            last = f"it timed out after {spec.connect_timeout:g} seconds"
            continue
        except OSError as exc:
            sock.close()
            last = exc.strerror or str(exc)
            continue
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.settimeout(None)
        return QuickAckSocket(sock)
    raise SSHConnectFailed(f"Connecting to {spec.where} failed: {last}.")


def _reach(spec: HostSpec, prompts: Prompts, jumps: list[Any], config: Any) -> Any:
    """A byte stream to the host's sshd: a socket, or a channel through the ProxyJump hops."""
    if not spec.proxy_jump:
        return _tcp(spec)
    from sessions.hosts import HostError, resolve_jump  # noqa: PLC0415

    previous = None
    for hop in spec.proxy_jump:
        try:
            hop_spec = resolve_jump(hop, config)
        except HostError as exc:
            raise SSHConnectFailed(f"Bad ProxyJump '{hop}' for {spec.name}: {exc}") from None
        if previous is None:
            stream = _tcp(hop_spec)
        else:
            stream = _forward(previous, hop_spec)
        try:
            previous = _secure(stream, hop_spec, prompts)
        except SSHConnectFailed as exc:
            raise SSHConnectFailed(f"{exc} (the ProxyJump host of {spec.name})") from None
        jumps.append(previous)
    return _forward(previous, spec)


def _forward(through: Any, target: HostSpec) -> Any:
    """A ``direct-tcpip`` channel to ``target``'s sshd through the hop ``through``."""
    try:
        return through.open_channel("direct-tcpip", (target.hostname, target.port), ("127.0.0.1", 0),
                                    timeout=target.connect_timeout)
    except Exception as exc:  # noqa: BLE001
        raise SSHConnectFailed(f"Connecting to {target.where} through its ProxyJump host failed: "
                               f"{describe(exc)}") from None


def _secure(sock: Any, spec: HostSpec, prompts: Prompts) -> Any:
    """Key exchange, host key check and authentication on ``sock``; the paramiko Transport."""
    from sessions.hosts import HostKeyError, check_host_key, known_key_types  # noqa: PLC0415
    from sessions.ssh_paramiko import new_transport  # noqa: PLC0415

    load_paramiko()
    transport = new_transport(sock)
    try:
        opts = transport.get_security_options()
        offered = tuple(opts.ciphers)
        opts.ciphers = tuple(c for c in _PREFERRED_CIPHERS if c in offered) + tuple(
            c for c in offered if c not in _PREFERRED_CIPHERS)
        known = known_key_types(spec)
        if known:
            # Ask for a key of a type known_hosts holds first, as OpenSSH does.
            types = tuple(opts.key_types)
            opts.key_types = tuple(t for t in known if t in types) + tuple(t for t in types if t not in known)
        try:
            transport.start_client(timeout=spec.connect_timeout)
        except Exception as exc:  # noqa: BLE001
            raise SSHConnectFailed(f"Connecting to {spec.where} failed: the SSH handshake did not "
                                   f"complete ({describe(exc)}).") from None
        try:
            server_key = transport.get_remote_server_key()
        except Exception:  # noqa: BLE001 - start_client gave up waiting without a word
            raise SSHConnectFailed(f"Connecting to {spec.where} failed: the SSH handshake did not "
                                   f"complete within {spec.connect_timeout:g} seconds.") from None
        try:
            check_host_key(spec, server_key, prompts.ask_host_key)
        except HostKeyError as exc:
            raise SSHConnectFailed(str(exc)) from None
        from sessions.ssh_auth import authenticate  # noqa: PLC0415 - its own module, same moment

        authenticate(transport, spec, prompts)
        return transport
    except BaseException:
        transport.close()
        raise
