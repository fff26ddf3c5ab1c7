"""More QA findings in the interpreter (the lead's modules), pinned as strict xfails.

(test_qa_lead.py holds the first batch; this file keeps later findings apart while that
one is being updated.) Remove a marker once its test passes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pshelpers import run_psrepl


@pytest.mark.xfail(reason="return at the top level of a script file does not end the script", strict=True)
def test_return_at_script_level_ends_the_script(tmp_path: Path) -> None:
    # PowerShell (`pwsh ret.ps1`): a
    script = tmp_path / "ret.ps1"
    script.write_text('"a"\nreturn\n"b"\n')
    proc = run_psrepl([str(script)])
    assert (proc.stdout, proc.returncode) == ("a\n", 0)
