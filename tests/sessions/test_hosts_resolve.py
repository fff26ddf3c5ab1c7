"""Host resolution through ~/.ssh/config and the known_hosts policy (no network needed)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from sessions.hosts import (DEFAULT_ENDPOINT, HostError, HostKeyError, check_host_key, is_local_name, load_config,
                            resolve, resolve_jump, split_target)

CONFIG = """\
Host web01 Web01
    HostName 10.1.2.3
    User deploy
    Port 2222
    IdentityFile ~/.ssh/web01
    ConnectTimeout 3
    StrictHostKeyChecking accept-new
    SetEnv PSREPL_ENDPOINT="/opt/psrepl/bin/psrepl --endpoint" OTHER=1

Host db*
    User dba
    ProxyJump jump.example.com:2200,web01
    HostKeyAlias dbhosts

Host *
    User everyone
    IdentityFile ~/.ssh/id_default
"""


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".ssh").mkdir()
    (tmp_path / ".ssh" / "config").write_text(CONFIG)
    return load_config()


def test_an_alias_takes_every_setting(config: Any, tmp_path: Path) -> None:
    spec = resolve("web01", config=config)
    assert (spec.name, spec.hostname, spec.port, spec.user) == ("web01", "10.1.2.3", 2222, "deploy")
    assert spec.identity_files == [str(tmp_path / ".ssh" / "web01"), str(tmp_path / ".ssh" / "id_default")]
    assert spec.connect_timeout == 3.0 and spec.strict == "accept-new"
    assert spec.endpoint == "/opt/psrepl/bin/psrepl --endpoint"
    assert spec.key_name == "[10.1.2.3]:2222" and spec.where == "web01 (10.1.2.3:2222)"
    assert spec.known_hosts == [str(tmp_path / ".ssh" / "known_hosts")]


def test_explicit_parameters_win_over_the_config(config: Any, tmp_path: Path) -> None:
    spec = resolve("web01", user="root", port=22, key_files=["~/.ssh/mine"], config=config)
    assert (spec.user, spec.port) == ("root", 22)
    assert spec.identity_files[0] == str(tmp_path / ".ssh" / "mine")
    assert spec.key_name == "10.1.2.3"


def test_a_plain_name_and_patterns(config: Any) -> None:
    spec = resolve("example.org", config=config)
    assert (spec.hostname, spec.port, spec.user) == ("example.org", 22, "everyone")
    assert spec.endpoint == DEFAULT_ENDPOINT and spec.strict == "ask" and spec.proxy_jump == []
    db = resolve("db7", config=config)
    assert db.user == "dba" and db.proxy_jump == ["jump.example.com:2200", "web01"]
    assert db.key_name == "dbhosts"
    hop = resolve_jump("admin@jump.example.com:2200", config)
    assert (hop.user, hop.hostname, hop.port) == ("admin", "jump.example.com", 2200)


def test_names_match_host_patterns_in_any_case_as_in_openssh(config: Any, tmp_path: Path) -> None:
    # about_Remote_Jobs writes Server01; `ssh SERVER01` finds `Host server01` (OpenSSH
    # compares host names and patterns in lower case), and so does psrepl.
    (tmp_path / ".ssh" / "config").write_text("Host server01 !SKIPPED*\n    HostName 10.9.8.7\n    Port 2200\n"
                                              "Host Mixed\n    User mixed\n")
    cfg = load_config()
    for typed in ("server01", "Server01", "SERVER01"):
        spec = resolve(typed, config=cfg)
        assert (spec.name, spec.hostname, spec.port) == (typed, "10.9.8.7", 2200)
    assert resolve("mixed", config=cfg).user == "mixed"
    assert resolve("skipped1", config=cfg).hostname == "skipped1"       # not matched: no HostName
    # known_hosts names are lower case, as OpenSSH writes and reads them.
    assert resolve("Files.Example.ORG", config=cfg).key_name == "files.example.org"
    assert resolve("Files.Example.ORG", port=2222, config=cfg).key_name == "[files.example.org]:2222"


def test_split_target() -> None:
    assert split_target("admin@web01:2222") == ("admin", "web01", 2222)
    assert split_target("web01") == (None, "web01", None)
    assert split_target("[::1]:22") == (None, "::1", 22)
    with pytest.raises(HostError, match="is not a number"):
        split_target("web01:ssh")


def test_bad_values_say_which(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".ssh").mkdir()
    (tmp_path / ".ssh" / "config").write_text("Host bad\n    Port http\nHost odd\n    StrictHostKeyChecking maybe\n")
    with pytest.raises(HostError, match="Bad Port 'http' for bad"):
        resolve("bad")
    with pytest.raises(HostError, match="Bad StrictHostKeyChecking 'maybe' for odd"):
        resolve("odd")


def test_no_config_file_is_fine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    spec = resolve("somewhere")
    assert spec.hostname == "somewhere" and spec.port == 22


def test_local_names() -> None:
    assert is_local_name("localhost") and is_local_name(".") and is_local_name("LocalHost")
    assert not is_local_name("server01")


# --------------------------------------------------------------------------- host keys

def _key(tmp_path: Path, name: str) -> Any:
    import paramiko

    path = tmp_path / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True)
    return paramiko.PKey.from_path(str(path)), path.with_suffix(".pub").read_text().split()


def test_known_unknown_and_changed_keys(config: Any, tmp_path: Path) -> None:
    key, (key_type, data, _) = _key(tmp_path, "host")
    other, (_, other_data, _) = _key(tmp_path, "other")
    known = tmp_path / ".ssh" / "known_hosts"
    spec = resolve("example.org", config=config)
    spec.global_known_hosts = []

    # Unknown, in a script: refused, and known_hosts is left alone.
    with pytest.raises(HostKeyError, match="cannot be established") as info:
        check_host_key(spec, key, None)
    assert key.fingerprint in str(info.value) and not known.exists()
    # Unknown, at a console: asked; yes adds it.
    answers: list[tuple[str, str]] = []
    check_host_key(spec, key, lambda s, t, f: answers.append((t, f)) or True)
    assert answers == [("ED25519", key.fingerprint)]
    assert known.read_text() == f"example.org {key_type} {data}\n"
    check_host_key(spec, key, None)                         # known now
    # Changed: refused even when a console could be asked, and under StrictHostKeyChecking no.
    spec.strict = "no"
    with pytest.raises(HostKeyError, match="has CHANGED") as info:
        check_host_key(spec, other, lambda *a: True)
    assert f"ssh-keygen -R 'example.org'" in str(info.value)
    assert other_data not in known.read_text()


def test_yes_refuses_unknown_keys_even_at_a_console(config: Any, tmp_path: Path) -> None:
    key, _ = _key(tmp_path, "host")
    spec = resolve("example.org", config=config)
    spec.global_known_hosts = []
    spec.strict = "yes"
    with pytest.raises(HostKeyError, match="StrictHostKeyChecking is yes"):
        check_host_key(spec, key, lambda *a: True)


def test_hashed_known_hosts_entries_are_understood(config: Any, tmp_path: Path) -> None:
    key, (key_type, data, _) = _key(tmp_path, "host")
    known = tmp_path / ".ssh" / "known_hosts"
    known.write_text(f"[10.1.2.3]:2222 {key_type} {data}\n")
    subprocess.run(["ssh-keygen", "-q", "-H", "-f", str(known)], check=True, capture_output=True)
    assert "10.1.2.3" not in known.read_text()
    spec = resolve("web01", config=config)
    spec.global_known_hosts = []
    check_host_key(spec, key, None)
