"""A tiny endpoint for the job-library tests: the real protocol server, a toy executor.

A script is lines of ``op arg``: ``out X`` / ``err X`` / ``warn X`` write a record,
``args`` writes each argument, ``using NAME`` writes a $using: value, ``many N``
writes 0..N-1, ``pid`` writes the process id, ``sleep S`` waits (a stop ends it),
``native S`` runs /bin/sleep S and waits for it, ``fail WHY`` ends Failed, ``die``
kills the process. Run as ``python mini_endpoint.py`` (it serves on stdin/stdout).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from sessions.server import serve_fds  # noqa: E402


class ToyExecutor:
    """Runs toy scripts; just enough to drive a BackgroundJob through every path."""

    def __init__(self) -> None:
        self._stop = threading.Event()

    def info(self) -> dict[str, Any]:
        return {"computer_name": "mini", "user": "test", "location": os.getcwd(), "pid": os.getpid()}

    def invoke(self, request: Any, sink: Any) -> tuple[str, Any]:
        self._stop.clear()
        stop = request.stop_event
        for line in request.script.splitlines():
            op, _, arg = line.strip().partition(" ")
            if stop.is_set() or self._stop.is_set():
                return "Stopped", None
            if op in ("out", "err", "warn"):
                sink.emit({"out": 1, "err": 2, "warn": 3}[op], arg)
            elif op == "args":
                for value in request.args:
                    sink.emit(1, value)
            elif op == "using":
                sink.emit(1, request.using.get(arg))
            elif op == "many":
                for i in range(int(arg)):
                    sink.emit(1, i)
            elif op == "pid":
                sink.emit(1, os.getpid())
            elif op == "sleep":
                if self._stop.wait(float(arg)):
                    return "Stopped", None
            elif op == "native":
                proc = subprocess.Popen(["/bin/sleep", arg])
                sink.emit(1, proc.pid)
                while proc.poll() is None:
                    if self._stop.wait(0.05):
                        proc.kill()
                        proc.wait()
                        return "Stopped", None
            elif op == "ignorestop":
                threading.Event().wait(float(arg))
            elif op == "fail":
                return "Failed", arg
            elif op == "die":
                os.kill(os.getpid(), 9)
        return "Completed", None

    def stop(self) -> None:
        self._stop.set()

    def complete(self, text: str, cursor: int) -> dict[str, Any]:
        return {"replacement_index": cursor, "replacement_length": 0, "matches": []}

    def location(self) -> str:
        return os.getcwd()

    def set_location(self, path: str) -> str:
        return path

    def close(self) -> None:
        self._stop.set()


if __name__ == "__main__":
    sys.exit(serve_fds(0, 1, ToyExecutor))
