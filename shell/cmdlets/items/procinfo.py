"""The Process object: a running process as PowerShell shows it, read from ``/proc``.

Properties follow .NET's ``System.Diagnostics.Process`` on Linux: ``WS`` is the
resident set (VmRSS), ``VM`` the virtual size, ``PM`` the paged (swapped) size,
``CPU`` the user+system seconds, ``SI`` the session id. The values are a snapshot
taken when the object is made (``Refresh()`` takes a new one). A process started by
Start-Process keeps its handle, so ``HasExited``/``ExitCode``/``WaitForExit`` work.
"""

from __future__ import annotations

import datetime
import os
from typing import Any

from shell.language.psobject import PSLive

_CLOCK_TICKS: int | None = None
_BOOT_TIME: float | None = None


def _clock_ticks() -> int:
    global _CLOCK_TICKS
    if _CLOCK_TICKS is None:
        try:
            _CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
        except (ValueError, OSError, AttributeError):
            _CLOCK_TICKS = 100
    return _CLOCK_TICKS


def _boot_time() -> float:
    global _BOOT_TIME
    if _BOOT_TIME is None:
        _BOOT_TIME = 0.0
        try:
            with open("/proc/stat", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("btime "):
                        _BOOT_TIME = float(line.split()[1])
                        break
        except OSError:
            pass
    return _BOOT_TIME


def all_pids() -> list[int]:
    """Every process id in /proc."""
    try:
        return sorted(int(name) for name in os.listdir("/proc") if name.isdigit())
    except OSError:
        return []


def _read_stat(pid: int) -> list[str] | None:
    """/proc/PID/stat as [comm, state, ppid, pgrp, session, ...] (fields 2.. of proc(5)), or None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return None
    open_paren, close_paren = text.find("("), text.rfind(")")
    if open_paren < 0 or close_paren < 0:
        return None
    return [text[open_paren + 1:close_paren]] + text[close_paren + 2:].split()


def _read_status(pid: int) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                out[key] = value.strip()
    except OSError:
        pass
    return out


def _kb(status: dict[str, str], key: str) -> int:
    value = status.get(key, "")
    try:
        return int(value.split()[0]) * 1024
    except (IndexError, ValueError):
        return 0


class Process(PSLive):
    """A process (``System.Diagnostics.Process``)."""

    ps_type_names = ("System.Diagnostics.Process", "System.ComponentModel.Component",
                     "System.MarshalByRefObject", "System.Object")
    ps_properties = ("Id", "ProcessName", "CPU", "WS", "PM", "VM", "NPM", "SI", "Threads",
                     "StartTime", "Path", "CommandLine", "ParentId", "HasExited")
    # PowerShell 7's Get-Process table: memory in KB/MB, CPU seconds with two decimals.
    ps_table = (("NPM(K)", "NPM", lambda v: round(v / 1024)),
                ("PM(M)", "PM", lambda v: f"{v / 1048576:,.2f}"),
                ("WS(M)", "WS", lambda v: f"{v / 1048576:,.2f}"),
                ("CPU(s)", "CPU", "N2"), "Id", "SI", "ProcessName")

    # Declared on the class: PowerShell property lookup (psobject.live_attribute) reads the class.
    Id = ParentId = SI = WS = VM = PM = NPM = PrivateMemorySize64 = Threads = 0
    ProcessName = ""
    CPU = 0.0
    StartTime: datetime.datetime | None = None

    def __init__(self, pid: int, popen: Any = None) -> None:
        self.Id = int(pid)
        self._popen = popen
        self._start_ticks: str | None = None
        self.Refresh()

    # ----------------------------------------------------------- snapshot
    def Refresh(self) -> None:
        """Re-read the process's figures from /proc."""
        stat = _read_stat(self.Id)
        if stat is None or (self._start_ticks is not None and stat[20] != self._start_ticks):
            self._exited = True
            if self._start_ticks is None:
                self._fill_missing()
            return
        status = _read_status(self.Id)
        self._exited = stat[1] in ("Z", "X")
        self._start_ticks = stat[20]
        ticks = _clock_ticks()
        name = status.get("Name") or stat[0]
        self.ProcessName = self._full_name(name)
        self.ParentId = int(stat[2])
        self.SI = int(stat[4])
        self.CPU = round((int(stat[12]) + int(stat[13])) / ticks, 2)
        self.StartTime = datetime.datetime.fromtimestamp(
            _boot_time() + int(stat[20]) / ticks)
        self.WS = _kb(status, "VmRSS")
        self.VM = _kb(status, "VmSize")
        self.PM = _kb(status, "VmSwap")
        self.PrivateMemorySize64 = _kb(status, "VmData")
        self.NPM = 0
        try:
            self.Threads = int(status.get("Threads", "0"))
        except ValueError:
            self.Threads = 0

    def _fill_missing(self) -> None:
        """Figures for a process that is already gone (a Start-Process child that ended at once)."""
        args = getattr(self._popen, "args", None) or [""]
        self.ProcessName = os.path.basename(str(args[0]))
        self.ParentId = os.getpid() if self._popen is not None else 0
        self.SI = 0
        self.CPU = 0.0
        self.StartTime = None
        self.WS = self.VM = self.PM = self.PrivateMemorySize64 = self.NPM = 0
        self.Threads = 0

    def _full_name(self, comm: str) -> str:
        # The kernel cuts names at 15 characters; .NET then takes the executable's name.
        if len(comm) < 15:
            return comm
        for candidate in (self._exe_path(), self._argv0()):
            base = os.path.basename(candidate or "")
            if base.startswith(comm):
                return base
        return comm

    def _exe_path(self) -> str | None:
        try:
            return os.readlink(f"/proc/{self.Id}/exe")
        except OSError:
            return None

    def _argv0(self) -> str | None:
        args = self._cmdline()
        return args[0] if args else None

    def _cmdline(self) -> list[str]:
        try:
            with open(f"/proc/{self.Id}/cmdline", "rb") as handle:
                raw = handle.read()
        except OSError:
            return []
        return [part.decode("utf-8", "replace") for part in raw.split(b"\0") if part]

    # ----------------------------------------------------------- more properties
    @property
    def Name(self) -> str:
        """The process name (PowerShell's alias for ProcessName)."""
        return self.ProcessName

    @property
    def WorkingSet64(self) -> int:
        """Resident memory in bytes."""
        return self.WS

    @property
    def VirtualMemorySize64(self) -> int:
        """Virtual memory in bytes."""
        return self.VM

    @property
    def PagedMemorySize64(self) -> int:
        """Swapped-out memory in bytes."""
        return self.PM

    @property
    def Path(self) -> str | None:
        """The executable's path (None when it cannot be read)."""
        path = self._exe_path()
        if path and path.endswith(" (deleted)"):
            path = path[: -len(" (deleted)")]
        return path

    @property
    def CommandLine(self) -> str:
        """The command line, arguments separated by spaces."""
        return " ".join(self._cmdline())

    @property
    def Parent(self) -> Process | None:
        """The parent process (None when it is gone)."""
        if not self.ParentId:
            return None
        parent = Process(self.ParentId)
        return None if parent.HasExited else parent

    @property
    def HasExited(self) -> bool:
        """Whether the process has ended."""
        if self._popen is not None:
            return self._popen.poll() is not None
        stat = _read_stat(self.Id)
        return stat is None or stat[1] in ("Z", "X") or stat[20] != self._start_ticks

    @property
    def ExitCode(self) -> int | None:
        """The exit status of a process started here (None while it runs or when unknown)."""
        if self._popen is None:
            return None
        code = self._popen.poll()
        if code is not None and code < 0:
            return 128 - code  # killed by a signal: the shell's convention
        return code

    @property
    def TotalProcessorTime(self) -> Any:
        """CPU time as a TimeSpan."""
        from shell.language.timespan import TimeSpan  # noqa: PLC0415
        return TimeSpan(round((self.CPU or 0.0) * 10_000_000))

    # ----------------------------------------------------------- methods
    def Kill(self, entire_tree: bool = False) -> None:
        """Kill the process (SIGKILL), as .NET's Process.Kill does."""
        import signal  # noqa: PLC0415
        if not self.HasExited:
            os.kill(self.Id, signal.SIGKILL)

    def WaitForExit(self, milliseconds: int | None = None) -> bool:
        """Wait for the process to end (up to ``milliseconds``); True when it has."""
        import time  # noqa: PLC0415
        deadline = None if milliseconds is None or milliseconds < 0 else time.monotonic() + milliseconds / 1000
        while not self.HasExited:
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(0.02)
        return True

    def ToString(self) -> str:
        """``System.Diagnostics.Process (name)``, as .NET writes it."""
        return str(self)

    def __str__(self) -> str:
        return f"System.Diagnostics.Process ({self.ProcessName})"

    def __repr__(self) -> str:
        return f"Process({self.Id}, {self.ProcessName!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Process) and other.Id == self.Id and other._start_ticks == self._start_ticks

    def __hash__(self) -> int:
        return hash(self.Id)
