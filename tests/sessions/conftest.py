"""Fixtures for the protocol tests: a stub endpoint in-process (socket pair) or as a process."""

from __future__ import annotations

import os
import socket
import sys
import threading
from typing import Any, Callable, Iterator

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from stub_executor import StubExecutor  # noqa: E402

from sessions import server  # noqa: E402
from sessions.connection import ChannelTransport, Connection  # noqa: E402
from sessions.framing import SocketChannel  # noqa: E402
from sessions.runspace_host import RunspaceHost  # noqa: E402

STUB = os.path.join(HERE, "stub_executor.py")


@pytest.fixture
def stub_argv() -> list[str]:
    """The command line of the stub endpoint process."""
    return [sys.executable, STUB]


class InProc:
    """A server thread serving a RunspaceHost over one end of a socket pair."""

    def __init__(self, executor: Any) -> None:
        self.executor = executor
        self.host = RunspaceHost(executor)
        a, b = socket.socketpair()
        self.server_channel = SocketChannel(a)
        self.client_channel = SocketChannel(b)
        self.outcome: list[str] = []
        self.thread = threading.Thread(target=lambda: self.outcome.append(
            server.serve(self.server_channel, self.host)), daemon=True)
        self.thread.start()

    def connect(self, **kwargs: Any) -> Connection:
        return Connection(ChannelTransport(self.client_channel), **kwargs).handshake(5)

    def close(self) -> None:
        self.client_channel.close()
        self.thread.join(5)
        self.host.close()


@pytest.fixture
def inproc() -> Iterator[Callable[..., InProc]]:
    """``inproc(executor=None)`` starts a server thread; everything is closed after the test."""
    made: list[InProc] = []

    def make(executor: Any = None) -> InProc:
        item = InProc(executor or StubExecutor())
        made.append(item)
        return item
    yield make
    for item in made:
        item.close()
