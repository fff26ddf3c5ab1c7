"""BackgroundJob through the library, against a real endpoint process (a toy executor)."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from jobs.buffers import ERROR, OUTPUT, WARNING
from jobs.process_job import BackgroundJob, ProcessWork
from jobs.states import JobState
from jobs.table import JobTable
from jobs.waiting import wait_jobs, wait_until
from sessions.connection import Connection

ENDPOINT = [sys.executable, str(Path(__file__).with_name("mini_endpoint.py"))]


def alive(pid: int) -> bool:
    """Whether ``pid`` is a live (not zombie) process."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            stat = handle.read()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def start(table: JobTable, script: str, **kwargs) -> BackgroundJob:
    work = ProcessWork(lambda: Connection.start_process(ENDPOINT), script, **kwargs)
    job = BackgroundJob(table.next_id(), table.next_id(), script, work)
    table.add(job)
    job.start()
    return job


def finish(*jobs: BackgroundJob, timeout: float = 10) -> None:
    assert len(wait_jobs(list(jobs), timeout=timeout)) == len(jobs), [j.State for j in jobs]


def records(job: BackgroundJob, keep: bool = False) -> list[tuple[int, object]]:
    return [(s, r) for _, s, r in job.receive(keep=keep)]


def test_a_background_job_is_a_parent_with_one_child() -> None:
    table = JobTable()
    job = start(table, "out a\nerr e\nout b\nwarn w\nout c")
    assert (job.Id, job.Name, job.PSJobTypeName, job.Location) == (1, "Job1", "BackgroundJob", "localhost")
    assert [(c.Id, c.Name, c.Location) for c in job.ChildJobs] == [(2, "Job2", "localhost")]
    assert job.State is JobState.RUNNING
    finish(job)
    assert job.State is JobState.COMPLETED and job.ChildJobs[0].State is JobState.COMPLETED
    assert job.HasMoreData
    assert records(job, keep=True) == [(OUTPUT, "a"), (ERROR, "e"), (OUTPUT, "b"), (WARNING, "w"),
                                       (OUTPUT, "c")]
    assert records(job) == records(job, keep=True) or not job.HasMoreData
    assert not job.HasMoreData
    assert table.next_id() == 3
    assert not alive(job.pid)


def test_arguments_using_and_init_script_run_in_the_same_process() -> None:
    table = JobTable()
    job = start(table, "args\nusing x\npid", args=[1, "two"], using={"x": 42}, init_script="pid")
    finish(job)
    out = [r for s, r in records(job)]
    assert out[1:4] == [1, "two", 42]
    assert out[0] == out[4]              # the init script ran in the same endpoint


def test_many_records_arrive_in_order() -> None:
    table = JobTable()
    job = start(table, "many 20000")
    finish(job)
    assert [r for _, r in records(job)] == list(range(20000))


def test_a_failure_is_kept_as_the_reason_and_shown_on_the_error_stream() -> None:
    table = JobTable()
    job = start(table, "out before\nfail it broke")
    finish(job)
    assert job.State is JobState.FAILED
    assert str(job.JobStateInfo.Reason) == "it broke"
    assert job.ChildJobs[0].State is JobState.FAILED
    assert [(s, str(r)) for s, r in records(job)] == [(OUTPUT, "before"), (ERROR, "it broke")]


def test_a_killed_process_fails_only_that_job() -> None:
    table = JobTable()
    doomed = start(table, "sleep 30")
    other = start(table, "sleep 0.5\nout fine")
    assert wait_until([doomed], lambda: doomed.pid is not None, timeout=10)
    os.kill(doomed.pid, signal.SIGKILL)
    finish(doomed, other)
    assert doomed.State is JobState.FAILED
    assert "killed by signal 9" in str(doomed.JobStateInfo.Reason)
    assert other.State is JobState.COMPLETED
    assert [r for _, r in records(other)] == ["fine"]


def test_a_process_that_cannot_start_fails_the_job() -> None:
    table = JobTable()
    work = ProcessWork(lambda: Connection.start_process(["/nonexistent/endpoint"]), "out x")
    job = BackgroundJob(table.next_id(), table.next_id(), "out x", work)
    job.start()
    finish(job)
    assert job.State is JobState.FAILED
    assert "/nonexistent/endpoint" in str(job.JobStateInfo.Reason)


def test_stop_ends_a_native_program_in_the_job() -> None:
    table = JobTable()
    job = start(table, "native 100")
    assert wait_until([job], lambda: job.HasMoreData, timeout=10)
    sleeper = job.receive(keep=True)[0][2]
    assert alive(sleeper)
    job.stop()
    finish(job, timeout=3)
    assert job.State is JobState.STOPPED and job.ChildJobs[0].State is JobState.STOPPED
    deadline = time.monotonic() + 2
    while (alive(sleeper) or alive(job.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(sleeper) and not alive(job.pid)


def test_a_job_that_ignores_the_stop_is_killed() -> None:
    table = JobTable()
    job = start(table, "pid\nignorestop 30")
    assert wait_until([job], lambda: job.HasMoreData, timeout=10)
    pid = job.receive()[0][2]
    started = time.monotonic()
    job.stop()
    finish(job, timeout=5)
    assert job.State is JobState.STOPPED
    assert time.monotonic() - started < 3
    deadline = time.monotonic() + 2
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid)


def test_stop_all_leaves_no_process_behind() -> None:
    table = JobTable()
    jobs = [start(table, "native 100") for _ in range(3)]
    assert wait_until(jobs, lambda: all(j.HasMoreData for j in jobs), timeout=10)
    pids = [j.pid for j in jobs] + [j.receive()[0][2] for j in jobs]
    started = time.monotonic()
    table.stop_all()
    assert all(j.State is JobState.STOPPED for j in jobs)
    deadline = started + 2
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [p for p in pids if alive(p)] == []
