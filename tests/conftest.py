"""Shared fixtures for every test directory."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from pshelpers import Result, run


@pytest.fixture
def ps() -> Iterator[Any]:
    """``ps(text)`` runs psrepl code in one fresh runspace kept across calls of the test."""
    state: dict[str, Any] = {}

    def _run(text: str, **kwargs: Any) -> Result:
        result = run(text, runspace=state.get("rs"), **kwargs)
        state["rs"] = result.runspace
        return result
    yield _run
    if "rs" in state:
        state["rs"].close()


@pytest.fixture(scope="session")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A private OpenSSH sshd on 127.0.0.1 (see tests/sshd.py).

    Skips when sshd is not installed, except under CI (``CI`` set), where it fails:
    .ci/run installs openssh-server, so a missing sshd there is a broken set-up.
    """
    import os

    from sshd import SSHServer, find_sshd

    if find_sshd() is None:
        if os.environ.get("CI"):
            pytest.fail("sshd is not installed; .ci/run should have installed openssh-server")
        pytest.skip("sshd is not installed (apt-get install openssh-server)")
    server = SSHServer(tmp_path_factory.mktemp("sshd"), aliases=3).start()
    try:
        yield server
    finally:
        server.stop()
