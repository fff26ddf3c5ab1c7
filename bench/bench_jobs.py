"""The jobs issue's benchmarks (issue 3), each beside a reference measured in the same run.

1. Start-Job -> its first output object back in the console, against spawning
   ``python -c pass`` (the same Python): the first job of a fresh console at most 5x,
   every later one at most 1x.
2. 1,000 ThreadJobs started and received: at least 2,000 jobs/s (at most 500 ms for
   the 1,000), shown beside 1,000 bare Python threads started and joined five at a
   time (the floor of the mechanism). PowerShell documents 36,861 ms.
3. A BackgroundJob that emits 200,000 small objects, started and received in full:
   at most 1.3x the same script in the console's own runspace. (The codec's own
   rate beside json, the second half of (3), is bench_codec.py.)
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from benchlib import ROOT, Row, best_of


def _runspace():  # type: ignore[no-untyped-def]
    from shell.language.host import BufferHost
    from shell.language.runspace import Runspace
    rs = Runspace(BufferHost())
    endpoint = [sys.executable, "-m", "shell", "--endpoint"]
    if getattr(rs, "endpoint_command", None) is None:
        rs.endpoint_command = endpoint
    return rs


def _python_threads(count: int, width: int) -> None:
    """``count`` trivial Python threads, ``width`` at a time (a thread job's floor)."""
    sem = threading.Semaphore(width)
    threads = []
    for _ in range(count):
        sem.acquire()

        def body() -> None:
            sem.release()
        t = threading.Thread(target=body)
        t.start()
        threads.append(t)
    for t in threads:
        t.join()


def thread_job_rows() -> list[Row]:
    """(2) 1,000 thread jobs started and received."""
    script = ("$jobs = foreach ($i in 1..1000) { Start-ThreadJob { $using:i } }\n"
              "$r = $jobs | Receive-Job -Wait -AutoRemoveJob\n"
              "if ($r.Count -ne 1000) { throw \"received $($r.Count)\" }")
    runs: list[float] = []
    for _ in range(3):
        rs = _runspace()
        rs.engine.execute("Start-ThreadJob { 1 } | Receive-Job -Wait -AutoRemoveJob | Out-Null")
        started = time.perf_counter()
        ok = rs.engine.execute(script)
        runs.append((time.perf_counter() - started) * 1000)
        rs.close()
        if not ok:
            raise SystemExit(f"thread job benchmark failed: {rs.host.records}")
    figure = min(runs)
    floor = best_of(lambda: _python_threads(1000, 5), 3)
    return [
        Row("1,000 Start-ThreadJob started and received", figure, 500.0,
            "500 ms = 2,000 jobs/s (PowerShell: 36,861 ms)", goal=1.0),
        Row(f"  = {1000 / (figure / 1000):,.0f} jobs/s; beside bare threads", figure, floor,
            "1,000 Python threads, 5 at a time"),
    ]


def _first_output_ms(rs, script: str) -> float:  # type: ignore[no-untyped-def]
    """Milliseconds from Start-Job to its first output object in the console."""
    from jobs.waiting import wait_until
    started = time.perf_counter()
    rs.engine.execute(f"$j = Start-Job {{ {script} }}")
    job = rs.get_variable("j")
    # (HasMoreData is True from the start, as in PowerShell: count what was written.)
    if not wait_until([job], lambda: job.records_written > 0 or job.finished, timeout=30) \
            or not job.records_written:
        raise SystemExit(f"Start-Job produced nothing: {job.State} {job.JobStateInfo.Reason}")
    figure = (time.perf_counter() - started) * 1000
    rs.engine.execute("Receive-Job $j -Wait -AutoRemoveJob | Out-Null")
    return figure


def start_job_rows() -> list[Row]:
    """(1) Start-Job to its first output, first job of a fresh console and later ones."""
    python = [sys.executable, "-c", "pass"]
    reference = best_of(lambda: subprocess.run(python, check=True), 10)
    # The first job of a console pays for importing the job machinery: each in a fresh process.
    probe = ("import sys; sys.path.insert(0, sys.argv[1]); import bench_jobs as b; "
             "rs = b._runspace(); print(b._first_output_ms(rs, '1')); rs.close()")
    firsts = [float(subprocess.run([sys.executable, "-c", probe, str(ROOT / "bench")], check=True,
                                   capture_output=True, text=True, cwd=ROOT).stdout.split()[-1])
              for _ in range(3)]
    rs = _runspace()
    _first_output_ms(rs, "1")
    laters = [_first_output_ms(rs, "1") for _ in range(10)]
    rs.close()
    later = sorted(laters)[len(laters) // 2]
    return [
        Row("Start-Job -> first output: first job of a console", min(firsts), reference,
            "python -c pass", goal=5),
        Row("Start-Job -> first output: a later job (median)", later, reference,
            "python -c pass", goal=1),
    ]


BIG = "foreach ($i in 1..200000) { [pscustomobject]@{Id=$i; Name=\"p$i\"} }"


def big_job_rows() -> list[Row]:
    """(3) 200,000 objects through a BackgroundJob against the same script in this runspace."""
    rs = _runspace()

    def local() -> None:
        rs.engine.execute(f"$r = & {{ {BIG} }}; if ($r.Count -ne 200000) {{ throw 'short' }}")

    def job() -> None:
        rs.engine.execute(f"$r = Start-Job {{ {BIG} }} | Receive-Job -Wait -AutoRemoveJob; "
                          "if ($r.Count -ne 200000) { throw \"received $($r.Count)\" }")
    job()
    row = Row("BackgroundJob emitting 200,000 objects, received", best_of(job, 3), best_of(local, 3),
              "the same script in the console's runspace", goal=1.3)
    rs.close()
    return [row]


def _start_job_available() -> bool:
    from shell.language.commands import CommandTable
    return CommandTable.default().cmdlet("Start-Job") is not None


def main() -> list[Row]:
    """All rows of this module (Start-Job's only once Start-Job exists)."""
    sys.path.insert(0, str(ROOT))
    rows = thread_job_rows()
    if _start_job_available():
        rows = start_job_rows() + rows + big_job_rows()
    else:
        print("# Start-Job is not available yet: benchmarks (1) and (3) skipped", file=sys.stderr)
    return rows
