"""Shared fixtures for every test directory."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from pshelpers import Result, run


@pytest.fixture
def ps() -> Iterator[Any]:
    """``ps(text)`` runs psrepl code in one fresh runspace kept across calls of the test."""
    state: dict[str, Any] = {}

    def _run(text: str, **kwargs: Any) -> Result:
        result = run(text, runspace=state.get("rs"), **kwargs)
        state["rs"] = result.runspace
        return result
    yield _run
    if "rs" in state:
        state["rs"].close()
