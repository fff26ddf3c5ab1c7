"""Which machine a name means, how to reach it, and whether its host key is the one we know.

``resolve(name, user=None, port=None, key_files=())`` reads ``~/.ssh/config``
(paramiko's SSHConfig: ``Host`` aliases and patterns, first value wins, ``Match``
is not evaluated) and returns a ``HostSpec``. What it uses, as OpenSSH does:

==========================  =====================================================
``HostName``                the address to connect to (default: the name itself)
``User``                    the remote user (``-UserName`` wins; default: ours)
``Port``                    (``-Port`` wins; default 22)
``IdentityFile``            keys to offer, after ``-KeyFilePath``; ``IdentitiesOnly``
``ProxyJump``               ``[user@]host[:port]`` hops, comma separated, each
                            itself resolved through the config
``ConnectTimeout``          seconds for the TCP connection (default 20)
``StrictHostKeyChecking``   ``ask`` (default), ``yes``, ``accept-new``, ``no``/``off``
``UserKnownHostsFile``      (default ``~/.ssh/known_hosts``; the system file
``GlobalKnownHostsFile``    ``/etc/ssh/ssh_known_hosts`` is read too)
``HostKeyAlias``            the name host keys are filed under
``SetEnv PSREPL_ENDPOINT=`` psrepl's own setting: the command that starts the
                            endpoint on that host (default ``psrepl --endpoint``).
                            ``SetEnv`` is a real ssh_config keyword, so OpenSSH
                            reads the same file without complaint, e.g.
                            ``SetEnv PSREPL_ENDPOINT="/opt/psrepl/bin/psrepl --endpoint"``
``SetEnv PSREPL_KEEPER=no`` psrepl's own setting: do not use (or start) the host's
                            session keeper (sessions.keeper); every connection
                            then starts its endpoint over an exec channel
==========================  =====================================================

Host keys (``check_host_key``): the key the server offers is looked up in the
known_hosts files under ``[host]:port`` (or ``host`` on port 22; hashed entries
work). A known key lets the connection go on. A *different* key of the same type
is always refused, with a message that says the key changed and how to remove the
old one. An unknown key is shown with its fingerprint and asked about when a
console is there to ask (``ask`` callback) and the policy is ``ask``; it is
accepted (and added to the user's known_hosts) under ``accept-new`` or ``no``, and
refused otherwise -- a script never trusts a new key by itself. paramiko's
AutoAddPolicy is never used.

paramiko is imported through ``sessions.transport_ssh.load_paramiko`` (the one
place it is imported), only when a name is resolved for a connection. The config
and known_hosts files are parsed once and reused while they are unchanged (same
mtime, size and inode), so fifty connections at once parse them once.
"""

from __future__ import annotations

import os
import threading
from typing import Any, Callable

DEFAULT_ENDPOINT = "psrepl --endpoint"
ENDPOINT_VARIABLE = "PSREPL_ENDPOINT"
KEEPER_VARIABLE = "PSREPL_KEEPER"
DEFAULT_CONNECT_TIMEOUT = 20.0
GLOBAL_KNOWN_HOSTS = ("/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2")
LOCAL_NAMES = frozenset({"localhost", "."})


class HostError(Exception):
    """A name could not be used to connect (bad config value, bad ProxyJump); the message says why."""


class HostKeyError(Exception):
    """The server's host key was refused; the message says why and what to do."""


class HostSpec:
    """Everything needed to reach one host (see the module docstring)."""

    def __init__(self, name: str, hostname: str, port: int, user: str, *, identity_files: list[str],
                 identities_only: bool = False, proxy_jump: list[str] | None = None,
                 connect_timeout: float = DEFAULT_CONNECT_TIMEOUT, strict: str = "ask",
                 known_hosts: list[str] | None = None, global_known_hosts: list[str] | None = None,
                 host_key_alias: str | None = None, endpoint: str = DEFAULT_ENDPOINT,
                 keeper: bool = True) -> None:
        self.name = name
        self.hostname = hostname
        self.port = port
        self.user = user
        self.identity_files = identity_files
        self.identities_only = identities_only
        self.proxy_jump = proxy_jump or []
        self.connect_timeout = connect_timeout
        self.strict = strict
        self.known_hosts = known_hosts if known_hosts is not None else [_home_path(".ssh/known_hosts")]
        self.global_known_hosts = list(GLOBAL_KNOWN_HOSTS) if global_known_hosts is None else global_known_hosts
        self.host_key_alias = host_key_alias
        self.endpoint = endpoint
        self.keeper = keeper

    @property
    def key_name(self) -> str:
        """The name this host's keys are filed under in known_hosts: ``host``, ``[host]:port`` or HostKeyAlias."""
        # Lower case, as OpenSSH files and looks up names (``ssh Server01`` finds ``server01``).
        if self.host_key_alias:
            return self.host_key_alias.lower()  # as OpenSSH: the alias stands for the host and its port
        host = self.hostname.lower()
        return host if self.port == 22 else f"[{host}]:{self.port}"

    @property
    def where(self) -> str:
        """``name`` with the address it stands for, for messages: ``server01 (127.0.0.1:2222)``."""
        address = f"{self.hostname}:{self.port}"
        return self.name if self.name == address else f"{self.name} ({address})"

    def __repr__(self) -> str:
        return f"HostSpec({self.name!r} -> {self.user}@{self.hostname}:{self.port})"


def _home_path(rel: str) -> str:
    return os.path.join(os.path.expanduser("~"), rel)


def is_local_name(name: str) -> bool:
    """Whether ``name`` means this machine without SSH (``localhost`` or ``.``)."""
    return name.strip().lower() in LOCAL_NAMES


# Parsed files, kept while the file is unchanged (50 connections at once parse it once).
_PARSED: dict[tuple[str, str], tuple[tuple[int, int, int] | None, Any]] = {}
_PARSED_LOCK = threading.Lock()
_PARSING_LOCK = threading.Lock()


def _stamp(path: str) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _cached(kind: str, path: str, parse: Callable[[str], Any]) -> Any:
    """``parse(path)``, or what it gave last time when the file has not changed since.

    One thread parses while the others wait for its result: fifty connections
    starting at once share one parse (and one parsed object, which ``_lookup``
    memoizes on).
    """
    stamp = _stamp(path)   # None: the file is missing (that too is remembered until it appears)
    with _PARSED_LOCK:
        found = _PARSED.get((kind, path))
    if found is not None and found[0] == stamp:
        return found[1]
    with _PARSING_LOCK:
        with _PARSED_LOCK:
            found = _PARSED.get((kind, path))
        if found is not None and found[0] == stamp:
            return found[1]
        value = parse(path)
        with _PARSED_LOCK:
            _PARSED[(kind, path)] = (stamp, value)
    return value


def _lookup(config: Any, name: str) -> Any:
    """``config.lookup(name)``, once per name and parsed file (a new parse starts afresh):
    ``config`` is a parsed ssh config or known_hosts file (paramiko's SSHConfig, HostKeys).

    paramiko walks every stanza of the file for each lookup (and asks the password
    database for the local user name at each one): fifty names on a config of fifty
    aliases cost 2,500 of those walks. A known_hosts lookup defines a new class each
    time (about 0.2 ms, twice per connection). The result is only read, never changed.
    """
    with _PARSED_LOCK:
        memo = config.__dict__.setdefault("_psrepl_lookups", {})   # lives and dies with the parse
        found = memo.get(name)
    if found is None:
        found = config.lookup(name)
        with _PARSED_LOCK:
            memo[name] = found
    return found


def load_config(path: str | None = None) -> Any:
    """paramiko's SSHConfig of ``path`` (default ``~/.ssh/config``); empty when there is none."""
    path = path or _home_path(".ssh/config")
    return _cached("config", path, _parse_config)


def _parse_config(path: str) -> Any:
    from sessions.transport_ssh import load_paramiko  # noqa: PLC0415

    config_class = _config_class(load_paramiko())
    try:
        return config_class.from_path(path)
    except FileNotFoundError:
        return config_class()
    except OSError as exc:
        raise HostError(f"Cannot read the SSH configuration {path}: {exc.strerror or exc}") from None
    except Exception as exc:  # noqa: BLE001 - paramiko raises several kinds for a bad file
        raise HostError(f"The SSH configuration {path} is not valid: {exc}") from None


_CONFIG_CLASS: Any = None


def _config_class(paramiko: Any) -> Any:
    """paramiko's SSHConfig, matching ``Host`` and ``Match host`` patterns in any case.

    OpenSSH compares a host name with a pattern in lower case (match.c,
    ``match_hostname``), so ``ssh Server01`` finds ``Host server01``; paramiko's
    fnmatch is case-sensitive on POSIX. about_Remote_Jobs writes ``Server01``.
    """
    global _CONFIG_CLASS
    if _CONFIG_CLASS is None:
        import fnmatch  # noqa: PLC0415

        class SSHConfig(paramiko.SSHConfig):  # type: ignore[name-defined,misc]
            """Host patterns match whatever the case, as in OpenSSH."""

            def _pattern_matches(self, patterns: Any, target: str) -> bool:
                if hasattr(patterns, "split"):
                    patterns = patterns.split(",")
                target = target.lower()
                matched = False
                for pattern in patterns:
                    pattern = pattern.lower()
                    if pattern.startswith("!") and fnmatch.fnmatchcase(target, pattern[1:]):
                        return False          # a negated pattern that matches rules the block out
                    if fnmatch.fnmatchcase(target, pattern):
                        matched = True
                return matched
        _CONFIG_CLASS = SSHConfig
    return _CONFIG_CLASS


def split_target(text: str) -> tuple[str | None, str, int | None]:
    """``[user@]host[:port]`` -> (user, host, port); IPv6 in brackets: ``[::1]:22``."""
    user = None
    if "@" in text:
        user, text = text.rsplit("@", 1)
    port: int | None = None
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest.startswith(":") and rest[1:].isdigit():
            port = int(rest[1:])
    elif text.count(":") == 1:
        host, _, tail = text.partition(":")
        if not tail.isdigit():
            raise HostError(f"'{text}' is not a valid host name: the port '{tail}' is not a number.")
        port = int(tail)
    else:
        host = text
    return user or None, host, port


def resolve(name: str, *, user: str | None = None, port: int | None = None,
            key_files: list[str] | tuple[str, ...] = (), config: Any = None) -> HostSpec:
    """The HostSpec for ``name`` (a ~/.ssh/config alias, a host name or an address).

    Explicit ``user``/``port``/``key_files`` (the cmdlets' -UserName, -Port,
    -KeyFilePath) win over the config. ``config``: an SSHConfig (default: read
    ~/.ssh/config).
    """
    if config is None:
        config = load_config()
    found = _lookup(config, name)
    hostname = str(found.get("hostname") or name)
    try:
        cfg_port = int(found["port"]) if "port" in found else 22
    except ValueError:
        raise HostError(f"Bad Port '{found['port']}' for {name} in ~/.ssh/config.") from None
    chosen_port = int(port) if port else cfg_port
    if not 0 < chosen_port < 65536:
        raise HostError(f"The port {chosen_port} for {name} is out of range (1-65535).")
    files = [os.path.expanduser(str(f)) for f in key_files]
    files += [str(f) for f in found.get("identityfile", []) if str(f) not in files]
    timeout = DEFAULT_CONNECT_TIMEOUT
    if "connecttimeout" in found:
        try:
            timeout = float(found["connecttimeout"])
        except ValueError:
            raise HostError(f"Bad ConnectTimeout '{found['connecttimeout']}' for {name} "
                            f"in ~/.ssh/config.") from None
    strict = str(found.get("stricthostkeychecking", "ask")).lower()
    if strict in ("off", "false"):
        strict = "no"
    elif strict in ("true",):
        strict = "yes"
    if strict not in ("ask", "yes", "accept-new", "no"):
        raise HostError(f"Bad StrictHostKeyChecking '{strict}' for {name} in ~/.ssh/config "
                        f"(ask, yes, accept-new or no).")
    jumps: list[str] = []
    proxy = found.get("proxyjump")
    if proxy and str(proxy).lower() != "none":
        jumps = [hop.strip() for hop in str(proxy).split(",") if hop.strip()]
    known = found.get("userknownhostsfile")
    known_files = [os.path.expanduser(p) for p in str(known).split()] if known else None
    global_known = found.get("globalknownhostsfile")
    global_files = [os.path.expanduser(p) for p in str(global_known).split()] if global_known else None
    return HostSpec(
        name, hostname, chosen_port, user or str(found.get("user") or _local_user()),
        identity_files=files, identities_only=str(found.get("identitiesonly", "no")).lower() == "yes",
        proxy_jump=jumps, connect_timeout=timeout, strict=strict, known_hosts=known_files,
        global_known_hosts=global_files, host_key_alias=found.get("hostkeyalias"),
        endpoint=_set_env(found, ENDPOINT_VARIABLE) or DEFAULT_ENDPOINT,
        keeper=(_set_env(found, KEEPER_VARIABLE) or "yes").lower() not in ("no", "false", "0", "off"))


def resolve_jump(hop: str, config: Any = None) -> HostSpec:
    """A ProxyJump hop (``[user@]host[:port]``), itself resolved through the config."""
    user, host, port = split_target(hop)
    return resolve(host, user=user, port=port, config=config)


def _set_env(found: dict[str, Any], variable: str) -> str | None:
    """The value of ``SetEnv <variable>=...`` for the host (paramiko splits SetEnv like a shell)."""
    import shlex  # noqa: PLC0415

    raw = found.get("setenv")
    if not raw:
        return None
    try:
        words = shlex.split(str(raw))
    except ValueError:
        words = str(raw).split()
    for word in words:
        key, sep, value = word.partition("=")
        if sep and key == variable and value.strip():
            return value.strip()
    return None


def _local_user() -> str:
    import getpass  # noqa: PLC0415

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001
        return "root"


# --------------------------------------------------------------------------- host keys

#: ask(spec, key_type, fingerprint) -> True to trust the key (an interactive console asks).
AskHostKey = Callable[[HostSpec, str, str], bool]


def _load_known(files: list[str]) -> list[tuple[str, Any]]:
    """(path, paramiko HostKeys) for each readable known_hosts file (read only for lookups)."""
    out = []
    for path in files:
        keys = _cached("known_hosts", path, _parse_known)
        if keys is not None:
            out.append((path, keys))
    return out


def _parse_known(path: str) -> Any:
    from sessions.transport_ssh import load_paramiko  # noqa: PLC0415

    keys = load_paramiko().HostKeys()
    try:
        keys.load(path)
    except Exception:  # noqa: BLE001 - a missing, unreadable or malformed file is skipped, as ssh does
        return None
    return keys


def known_key_types(spec: HostSpec) -> list[str]:
    """The key types known_hosts holds for this host (to ask the server for one of those first)."""
    types: list[str] = []
    for _, keys in _load_known(spec.known_hosts + spec.global_known_hosts):
        found = _lookup(keys, spec.key_name)
        if found:
            types += [t for t in found.keys() if t not in types]
    return types


def pretty_type(key_type: str) -> str:
    """``ssh-ed25519`` -> ``ED25519``, ``ecdsa-sha2-nistp256`` -> ``ECDSA``, ``ssh-rsa`` -> ``RSA``."""
    low = key_type.lower()
    for word in ("ed25519", "ecdsa", "rsa", "dss"):
        if word in low:
            return word.upper()
    return key_type


def check_host_key(spec: HostSpec, key: Any, ask: AskHostKey | None) -> None:
    """Accept ``key`` (a paramiko PKey the server offered) or raise HostKeyError (see the docstring).

    ``ask`` is given only when someone can answer (an interactive console).
    """
    key_type = key.get_name()
    fingerprint = key.fingerprint
    known = _load_known(spec.known_hosts + spec.global_known_hosts)
    for path, keys in known:
        entry = _lookup(keys, spec.key_name)
        if not entry:
            continue
        mine = entry.get(key_type)
        if mine is not None:
            if mine.asbytes() == key.asbytes():
                return
            raise HostKeyError(
                f"The host key of {spec.where} has CHANGED. {path} holds the {pretty_type(key_type)} "
                f"key {mine.fingerprint} for {spec.key_name}, but the server offered {fingerprint}. "
                f"Someone could be intercepting the connection, or the host's key was replaced; the "
                f"connection is refused. If the change is expected, remove the old key with "
                f"ssh-keygen -R '{spec.key_name}' and connect again.")
    what = f"{pretty_type(key_type)} key fingerprint is {fingerprint}"
    if spec.strict in ("accept-new", "no"):
        add_known_host(spec, key)
        return
    if spec.strict == "ask" and ask is not None:
        if ask(spec, pretty_type(key_type), fingerprint):
            add_known_host(spec, key)
            return
        raise HostKeyError(f"The host key of {spec.where} was not accepted ({what}); "
                           f"the connection is refused.")
    where_known = spec.known_hosts[0] if spec.known_hosts else "~/.ssh/known_hosts"
    how = ("StrictHostKeyChecking is yes for this host" if spec.strict == "yes"
           else "a script cannot confirm a new host key")
    raise HostKeyError(
        f"The authenticity of host {spec.where} cannot be established: its key is not in "
        f"known_hosts ({what}) and {how}. Connect once from an interactive console to accept it, "
        f"add it to {where_known}, or set 'StrictHostKeyChecking accept-new' for this host in "
        f"~/.ssh/config.")


def add_known_host(spec: HostSpec, key: Any) -> None:
    """Append the key to the user's known_hosts (created 0600 in a 0700 directory if needed)."""
    path = spec.known_hosts[0] if spec.known_hosts else _home_path(".ssh/known_hosts")
    line = f"{spec.key_name} {key.get_name()} {key.get_base64()}\n"
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a") as handle:
            handle.write(line)
    except OSError:
        pass  # trusted for this connection; it will be asked about again next time
