"""The job table: Ids, lookup, the toolbar's counts, stop_all."""

from __future__ import annotations

import threading
import time

from jobkit import Make, blocker

from jobs.buffers import OUTPUT
from jobs.job import Job
from jobs.states import JobState
from jobs.table import JobTable
from jobs.waiting import wait_jobs, wait_until


def test_ids_are_consecutive_for_a_parent_and_its_children() -> None:
    table = JobTable()
    parent = Job(table.next_id(), "x")
    kids = [Job(table.next_id(), "x", parent=parent) for _ in range(3)]
    table.add(parent)
    assert [parent.Id] + [k.Id for k in kids] == [1, 2, 3, 4]
    assert [k.Name for k in parent.ChildJobs] == ["Job2", "Job3", "Job4"]
    assert table.jobs() == [parent]
    assert table.jobs(include_children=True) == [parent, *kids]
    assert table.get(3) is kids[1]
    assert kids[0] in table
    assert table.remove(parent) and len(table) == 0 and not table.remove(parent)


def test_counts_running_and_finished_with_data(make: Make) -> None:
    gate, body = blocker()
    running = make(body)
    done = make(lambda j: j.write(OUTPUT, 1))
    empty = make(lambda j: None)
    wait_jobs([done, empty], timeout=5)
    assert make.table.counts() == (1, 1)
    done.receive()
    assert make.table.counts() == (1, 0)
    gate.set()
    wait_jobs([running], timeout=5)
    assert make.table.counts() == (0, 0)
    assert empty.State is JobState.COMPLETED


def test_stop_all_stops_every_job_and_runs_the_closers() -> None:
    make = Make(limit=2)
    closed = []
    make.table.on_close(lambda: closed.append(True))
    bodies = [blocker() for _ in range(3)]
    jobs = [make(b) for _, b in bodies]
    assert wait_until(jobs, lambda: sum(j.State is JobState.RUNNING for j in jobs) == 2, timeout=5)
    start = time.monotonic()
    make.table.stop_all()
    assert time.monotonic() - start < 1.5
    assert [j.State for j in jobs] == [JobState.STOPPED] * 3
    assert closed == [True]


def test_stop_all_forces_a_job_that_ignores_the_stop() -> None:
    make = Make()
    release = []
    ended = threading.Event()

    def stubborn(job):
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and not release:
            time.sleep(0.01)
        ended.set()
    job = make(stubborn)
    wait_until([job], lambda: job.State is JobState.RUNNING, timeout=5)
    make.table.stop_all(grace=0.2)
    assert job.State is JobState.STOPPED
    release.append(1)
    assert ended.wait(5)
    time.sleep(0.05)
    assert job.State is JobState.STOPPED    # the late end of the body changes nothing
