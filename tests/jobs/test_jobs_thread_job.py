"""ThreadJob through the library: life cycle, data, failure, stop, throttle, nesting."""

from __future__ import annotations

import threading
import time

from jobkit import Make, blocker

from jobs.buffers import ERROR, OUTPUT, WARNING
from jobs.job import JobError
from jobs.states import JobState
from jobs.waiting import wait_jobs, wait_until


def finish(*jobs, timeout: float = 5) -> None:
    done = wait_jobs(list(jobs), timeout=timeout)
    assert len(done) == len(jobs), [j.State for j in jobs]


def test_completed_job_keeps_its_output_until_received(make: Make) -> None:
    def body(job):
        for i in range(3):
            job.write(OUTPUT, f"Output {i}")
    job = make(body)
    finish(job)
    assert job.State is JobState.COMPLETED
    assert job.PSJobTypeName == "ThreadJob" and job.Location == "PowerShell"
    assert job.Name == f"Job{job.Id}"
    assert job.PSBeginTime is not None and job.PSEndTime >= job.PSBeginTime
    assert job.HasMoreData
    assert [r for _, _, r in job.receive(keep=True)] == ["Output 0", "Output 1", "Output 2"]
    assert job.HasMoreData
    assert [r for _, _, r in job.receive()] == ["Output 0", "Output 1", "Output 2"]
    assert not job.HasMoreData
    assert job.receive() == []


def test_objects_pass_by_reference(make: Make) -> None:
    thing = {"a": [1]}
    job = make(lambda j: j.write(OUTPUT, thing))
    finish(job)
    assert job.receive()[0][2] is thing


def test_a_crash_fails_only_that_job_and_keeps_the_reason(make: Make) -> None:
    def bad(job):
        job.write(OUTPUT, "before")
        raise JobError("it broke")
    failed = make(bad)
    fine = make(lambda j: j.write(OUTPUT, "ok"))
    finish(failed, fine)
    assert failed.State is JobState.FAILED
    assert str(failed.JobStateInfo.Reason) == "it broke"
    assert failed.JobStateInfo.Reason.Message == "it broke"
    assert [(s, str(r)) for _, s, r in failed.receive()] == [(OUTPUT, "before"), (ERROR, "it broke")]
    assert fine.State is JobState.COMPLETED


def test_an_unexpected_python_exception_is_recorded_not_lost(make: Make) -> None:
    job = make(lambda j: 1 / 0)
    finish(job)
    assert job.State is JobState.FAILED
    assert isinstance(job.JobStateInfo.Reason, ZeroDivisionError)


def test_stop_a_running_job(make: Make) -> None:
    gate, body = blocker()
    job = make(body)
    assert wait_until([job], lambda: job.State is JobState.RUNNING, timeout=5)
    job.stop()
    finish(job)
    assert job.State is JobState.STOPPED


def test_stop_before_the_stopper_is_set_still_stops(make: Make) -> None:
    entered = threading.Event()
    gate = threading.Event()

    def body(job):
        entered.set()
        time.sleep(0.1)           # Stop-Job arrives before the body registers its stopper
        job.set_stopper(gate.set)
        gate.wait(10)
    job = make(body)
    entered.wait(5)
    job.stop()
    assert job.State is JobState.STOPPING
    finish(job)
    assert job.State is JobState.STOPPED


def test_stop_is_a_no_op_on_a_finished_job(make: Make) -> None:
    job = make(lambda j: None)
    finish(job)
    job.stop()
    assert job.State is JobState.COMPLETED


def test_throttle_keeps_the_sixth_job_not_started() -> None:
    make = Make(limit=5)
    gates = []
    jobs = []
    for _ in range(6):
        gate, body = blocker()
        gates.append(gate)
        jobs.append(make(body))
    try:
        assert wait_until(jobs, lambda: sum(j.State is JobState.RUNNING for j in jobs) == 5, timeout=5)
        time.sleep(0.05)
        assert jobs[5].State is JobState.NOT_STARTED
        assert make.pool.queued == 1
        gates[0].set()
        finish(jobs[0])
        assert wait_until([jobs[5]], lambda: jobs[5].State is JobState.RUNNING, timeout=5)
    finally:
        make.table.stop_all(grace=1)
    assert all(j.finished for j in jobs)


def test_stopping_a_queued_job_makes_it_stopped_at_once() -> None:
    make = Make(limit=1)
    gate, body = blocker()
    first = make(body)
    second = make(lambda j: j.write(OUTPUT, "never"))
    assert second.State is JobState.NOT_STARTED
    second.stop()
    assert second.State is JobState.STOPPED
    gate.set()
    finish(first)
    time.sleep(0.05)
    assert second.State is JobState.STOPPED and not second.HasMoreData


def test_raising_the_limit_starts_queued_jobs() -> None:
    make = Make(limit=1)
    gates = []
    jobs = []
    for _ in range(3):
        gate, body = blocker()
        gates.append(gate)
        jobs.append(make(body))
    try:
        assert [j.State for j in jobs][1:] == [JobState.NOT_STARTED] * 2
        make.pool.limit = 3
        assert wait_until(jobs, lambda: all(j.State is JobState.RUNNING for j in jobs), timeout=5)
    finally:
        make.table.stop_all(grace=1)


def test_nested_thread_jobs_do_not_deadlock_on_the_throttle() -> None:
    # PowerShell/ThreadJob issue 59: with the pool full of parents that each start a
    # child and wait for it, no child could ever start.
    make = Make(limit=2)

    def parent(job):
        child = make(lambda j: j.write(OUTPUT, f"child of {job.Id}"))
        finish(child)
        job.write(OUTPUT, child.receive()[0][2])
    parents = [make(parent) for _ in range(4)]
    finish(*parents, timeout=10)
    assert all(p.State is JobState.COMPLETED for p in parents)
    assert [p.receive()[0][2] for p in parents] == [f"child of {p.Id}" for p in parents]
    assert make.pool.active == 0


def test_wait_any_and_timeout(make: Make) -> None:
    gate, body = blocker()
    slow = make(body)
    quick = make(lambda j: j.write(WARNING, "w"))
    assert wait_jobs([slow, quick], any_one=True, timeout=5) == [quick]
    start = time.monotonic()
    assert wait_jobs([slow], timeout=0.2) == []
    assert 0.15 < time.monotonic() - start < 1.5
    assert slow.State is JobState.RUNNING      # a timeout leaves the job running
    gate.set()
    finish(slow)


def test_a_wait_is_interrupted_by_the_stop_event(make: Make) -> None:
    gate, body = blocker()
    job = make(body)
    stop = threading.Event()
    threading.Timer(0.1, stop.set).start()
    start = time.monotonic()
    assert wait_jobs([job], stop_event=stop) == []
    assert time.monotonic() - start < 1
    assert job.State is JobState.RUNNING
    gate.set()
    finish(job)
