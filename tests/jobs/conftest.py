"""Fixtures for the job tests."""

from __future__ import annotations

from typing import Iterator

import pytest

from jobkit import Make


@pytest.fixture
def make() -> Iterator[Make]:
    """A thread-job factory with its own table and pool; every job it made is stopped after the test."""
    m = Make()
    yield m
    m.table.stop_all(grace=0.5)
