"""The bottom toolbar: job counts while any job exists.

The job table belongs to the jobs package and may be absent (no job started yet)
or still being written; everything here is defensive, because a toolbar that
raises would take the prompt down with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shell.language.runspace import Runspace


def job_counts(runspace: Runspace) -> tuple[int, int] | None:
    """``(running, finished with data)`` from the runspace's job table, or None when there are no jobs."""
    table: Any = getattr(runspace, "job_table", None)
    if table is None:
        return None
    try:
        if hasattr(table, "__len__") and len(table) == 0:
            return None
        running, with_data = table.counts()
        running, with_data = int(running), int(with_data)
    except Exception:  # noqa: BLE001 - see the module docstring
        return None
    if hasattr(table, "__len__"):
        return running, with_data
    # Without a length we cannot tell "no jobs" from "all finished and received": hide at 0/0.
    return (running, with_data) if running or with_data else None


def toolbar_text(runspace: Runspace) -> str:
    """``Jobs: 2 running, 1 with data``, or '' when there are no jobs."""
    counts = job_counts(runspace)
    if counts is None:
        return ""
    return f"Jobs: {counts[0]} running, {counts[1]} with data"
