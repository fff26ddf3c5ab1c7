"""Every legal state transition is accepted and every other one refused; watchers hear each change."""

from __future__ import annotations

import itertools

import pytest

from jobs.states import (FINISHED, LEGAL, IllegalTransitionError, JobState, StateMachine)


def machine_in(state: JobState) -> StateMachine:
    """A machine brought to ``state`` by legal moves only."""
    sm = StateMachine()
    path = {
        JobState.NOT_STARTED: [],
        JobState.RUNNING: [JobState.RUNNING],
        JobState.COMPLETED: [JobState.RUNNING, JobState.COMPLETED],
        JobState.FAILED: [JobState.RUNNING, JobState.FAILED],
        JobState.STOPPING: [JobState.RUNNING, JobState.STOPPING],
        JobState.STOPPED: [JobState.RUNNING, JobState.STOPPED],
        JobState.BLOCKED: [JobState.RUNNING, JobState.BLOCKED],
        JobState.DISCONNECTED: [JobState.RUNNING, JobState.DISCONNECTED],
    }[state]
    for step in path:
        sm.transition(step)
    assert sm.state is state
    return sm


ALL_PAIRS = [(a, b) for a, b in itertools.product(JobState, JobState) if a is not b]


@pytest.mark.parametrize("old,new", [p for p in ALL_PAIRS if p[1] in LEGAL[p[0]]],
                         ids=lambda s: s.value)
def test_legal_transition_is_made_and_heard(old: JobState, new: JobState) -> None:
    sm = machine_in(old)
    heard: list[JobState] = []
    sm.add_watcher(lambda: heard.append(sm.state))
    assert sm.transition(new, reason="why") is True
    assert sm.state is new
    assert heard == [new]


@pytest.mark.parametrize("old,new", [p for p in ALL_PAIRS if p[1] not in LEGAL[p[0]]],
                         ids=lambda s: s.value)
def test_illegal_transition_is_refused(old: JobState, new: JobState) -> None:
    sm = machine_in(old)
    heard: list[JobState] = []
    sm.add_watcher(lambda: heard.append(sm.state))
    with pytest.raises(IllegalTransitionError, match=f"from {old.value} to {new.value}"):
        sm.transition(new)
    assert sm.state is old
    assert heard == []


def test_finished_states_are_final() -> None:
    for state in FINISHED:
        assert LEGAL[state] == frozenset()
        assert state.finished


def test_conditional_transition_loses_races_quietly() -> None:
    sm = machine_in(JobState.STOPPED)
    assert sm.transition(JobState.COMPLETED, only_from=frozenset({JobState.RUNNING})) is False
    assert sm.state is JobState.STOPPED


def test_same_state_is_a_no_op() -> None:
    sm = machine_in(JobState.RUNNING)
    assert sm.transition(JobState.RUNNING) is False


def test_times_and_reason_are_kept() -> None:
    sm = StateMachine()
    assert sm.begin_time is None and sm.end_time is None
    sm.transition(JobState.RUNNING)
    assert sm.begin_time is not None and sm.end_time is None
    sm.transition(JobState.FAILED, reason="boom")
    assert sm.end_time is not None and sm.end_time >= sm.begin_time
    assert sm.info.Reason == "boom"
    assert str(sm.info) == "Failed"


def test_parse_names_any_case_and_lists_names_on_error() -> None:
    assert JobState.parse("running") is JobState.RUNNING
    with pytest.raises(ValueError, match="NotStarted, Running"):
        JobState.parse("sleeping")
