"""Data-driven language tests: each scripts/NAME.ps1 runs in a fresh runspace and its
stdout must equal scripts/NAME.out (and its stderr scripts/NAME.err when that exists)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pshelpers import run

SCRIPTS = Path(__file__).parent / "scripts"
CASES = sorted(SCRIPTS.glob("*.ps1"))


@pytest.mark.parametrize("script", CASES, ids=[c.stem for c in CASES])
def test_script(script: Path, tmp_path: Path) -> None:
    expected = script.with_suffix(".out").read_text(encoding="utf-8")
    result = run(script.read_text(encoding="utf-8"), width=80, location=str(tmp_path))
    assert result.stdout == expected, result.stderr
    err_file = script.with_suffix(".err")
    if err_file.exists():
        assert result.stderr == err_file.read_text(encoding="utf-8")
