"""A tiny executor for protocol tests, independent of the interpreter.

A script is commands separated by ``;``:

``emit N [STREAM]``   N property bags {Id, Name} (stream 1 by default)
``args``              each argument, as a record
``using``             the $using: map, as a hashtable record
``set NAME VALUE``    keep a value in the runspace (kept between invocations)
``get NAME``          emit the kept value
``sleep SECONDS``     wait (a stop ends it: the invocation is Stopped)
``fail MESSAGE``      end Failed with an error bag as the reason
``raise``             raise an exception inside the executor
``exit CODE``         end the whole process at once
``kill``              SIGKILL the process itself
``stderr TEXT``       write TEXT to stderr
``cd PATH``           change location
``big N``             emit one string of N bytes
``pid``               emit the process id
``spawnsleep``        start ``sleep 60`` (a native program in the endpoint's group); emit its pid

Run as a script, it is an endpoint on stdin/stdout (what a test spawns).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))

from sessions.codec import Bag, Table  # noqa: E402

NAMES = ("System.Management.Automation.PSCustomObject", "System.Object")


class StubExecutor:
    """Runs the stub language; one 'runspace' (a dict of variables and a location)."""

    def __init__(self) -> None:
        self.vars: dict[str, Any] = {}
        self.loc = os.getcwd()
        self.stop_event = threading.Event()
        self.closed = False

    def info(self) -> dict[str, Any]:
        return {"computer_name": "stubhost", "user": "tester", "location": self.loc, "pid": os.getpid()}

    def stop(self) -> None:
        self.stop_event.set()

    def location(self) -> str:
        return self.loc

    def set_location(self, path: str) -> str:
        if not os.path.isdir(path):
            raise ValueError(f"Cannot find path '{path}' because it does not exist.")
        self.loc = path
        return path

    def complete(self, text: str, cursor: int) -> dict[str, Any]:
        word = text[:cursor].split(" ")[-1]
        start = cursor - len(word)
        return {"matches": [[name, start, name, "Cmdlet"] for name in ("Get-Job", "Get-Item", "Get-Date")
                            if name.lower().startswith(word.lower())]}

    def close(self) -> None:
        self.closed = True

    def invoke(self, request: Any, sink: Any) -> tuple[str, Any]:
        self.stop_event.clear()
        if request.stop_event.is_set():
            return "Stopped", None
        if request.options.get("cwd"):
            self.loc = request.options["cwd"]
        for command in request.script.split(";"):
            words = command.split()
            if not words:
                continue
            op, rest = words[0], words[1:]
            if op == "emit":
                stream = int(rest[1]) if len(rest) > 1 else 1
                for i in range(1, int(rest[0]) + 1):
                    sink.emit(stream, Bag(NAMES, {"Id": i, "Name": f"p{i}"}))
            elif op == "args":
                for value in request.args:
                    sink.emit(1, value)
            elif op == "using":
                sink.emit(1, Table(request.using.items()))
            elif op == "set":
                self.vars[rest[0]] = " ".join(rest[1:])
            elif op == "get":
                sink.emit(1, self.vars.get(rest[0]))
            elif op == "sleep":
                if self.stop_event.wait(float(rest[0])) or request.stop_event.is_set():
                    return "Stopped", None
            elif op == "fail":
                return "Failed", Bag(("System.Management.Automation.ErrorRecord",),
                                     {"Message": " ".join(rest)}, " ".join(rest))
            elif op == "raise":
                raise RuntimeError("boom")
            elif op == "exit":
                os._exit(int(rest[0]))
            elif op == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            elif op == "stderr":
                os.write(2, (" ".join(rest) + "\n").encode())
            elif op == "cd":
                self.loc = rest[0]
            elif op == "big":
                sink.emit(1, "x" * int(rest[0]))
            elif op == "pid":
                sink.emit(1, os.getpid())
            elif op == "spawnsleep":
                import subprocess
                sink.emit(1, subprocess.Popen(["sleep", "60"]).pid)
            else:
                return "Failed", f"unknown stub command {op!r}"
        return "Completed", None


if __name__ == "__main__":
    from sessions.server import serve_fds

    sys.exit(serve_fds(0, 1, StubExecutor))
