"""The private sshd fixture works: key auth, known_hosts, and the far side's HOME and PATH."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_far_side_sees_its_own_home_and_our_psrepl(sshd) -> None:
    result = subprocess.run(sshd.ssh_argv() + ["echo $HOME; command -v psrepl"], capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    home, psrepl = result.stdout.split()
    assert home == str(sshd.remote_home)
    assert psrepl == str(Path(sys.executable).parent / "psrepl")
