"""The local process transport: a real child endpoint over pipes, its death and its clean-up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from typing import Any

import pytest

from sessions.connection import Connection, ConnectionFailed
from sessions_helpers import alive, wait_gone


def test_a_child_endpoint_serves_and_is_reaped_on_close(stub_argv: list[str]) -> None:
    conn = Connection.start_process(stub_argv)
    pid = conn.remote_info.pid
    assert conn.transport.pid == pid
    got: list = []
    inv = conn.invoke("emit 3; pid", on_record=lambda s, q, o: got.append(o))
    assert inv.wait(10) and inv.state == "Completed"
    assert got[-1] == pid and len(got) == 4
    conn.close()
    assert conn.transport.returncode == 0
    assert not alive(pid)


def test_sigkill_fails_running_invocations_with_the_reason(stub_argv: list[str]) -> None:
    conn = Connection.start_process(stub_argv)
    lost: list = []
    conn.on_lost = lost.append
    a = conn.invoke("sleep 30")
    b = conn.invoke("emit 1")
    time.sleep(0.2)
    os.kill(conn.remote_info.pid, signal.SIGKILL)
    reason = "The background process exited unexpectedly (killed by signal 9)."
    assert a.wait(5) and a.state == "Failed" and a.reason == reason
    assert b.wait(5) and b.state == "Failed" and b.reason == reason
    deadline = time.time() + 5
    while not lost and time.time() < deadline:
        time.sleep(0.01)
    assert lost == [reason]
    conn.close()


def test_an_exit_code_and_the_last_error_output_are_reported(stub_argv: list[str]) -> None:
    conn = Connection.start_process(stub_argv, label="The job's process")
    inv = conn.invoke("stderr something went wrong; exit 3")
    assert inv.wait(5)
    assert inv.reason == ("The job's process exited unexpectedly (exit code 3). "
                          "Its last error output: something went wrong")
    conn.close()


def test_a_child_that_dies_before_its_hello_is_a_clear_failure(tmp_path: Any) -> None:
    script = tmp_path / "bad.py"
    script.write_text("import sys\nsys.stderr.write('ImportError: no module named shell\\n')\nsys.exit(4)\n")
    with pytest.raises(ConnectionFailed, match=r"exited unexpectedly \(exit code 4\).*no module named shell"):
        Connection.start_process([sys.executable, str(script)])


def test_a_program_that_cannot_start_is_a_clear_failure() -> None:
    with pytest.raises(ConnectionFailed, match="Cannot start /no/such/python"):
        Connection.start_process(["/no/such/python"])


def test_the_child_is_in_its_own_process_group(stub_argv: list[str]) -> None:
    conn = Connection.start_process(stub_argv)
    pid = conn.remote_info.pid
    assert os.getpgid(pid) == pid != os.getpgid(0)
    conn.close()


def test_the_child_dies_with_its_parent(stub_argv: list[str], tmp_path: Any) -> None:
    # A middle process starts the endpoint, reports its pid, then is killed with SIGKILL:
    # no clean-up code runs in it, yet the endpoint must go (PR_SET_PDEATHSIG).
    middle = tmp_path / "middle.py"
    middle.write_text(textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {os.getcwd()!r})
        from sessions.connection import Connection
        conn = Connection.start_process({stub_argv!r})
        print(conn.remote_info.pid, flush=True)
        time.sleep(60)
    """))
    proc = subprocess.Popen([sys.executable, str(middle)], stdout=subprocess.PIPE, text=True)
    try:
        pid = int(proc.stdout.readline())
        assert alive(pid)
        proc.kill()
        proc.wait()
        assert wait_gone(pid), "the endpoint outlived its parent"
    finally:
        proc.kill()
        proc.wait()


def test_the_parent_check_closes_the_race_with_an_early_parent_death(stub_argv: list[str]) -> None:
    # A child told that its parent is some other (dead) process exits at once.
    env = dict(os.environ, PSREPL_PARENT_PID="1")
    proc = subprocess.Popen(stub_argv, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.wait(10) == 1


def test_native_programs_left_in_the_group_are_killed_on_close(stub_argv: list[str]) -> None:
    conn = Connection.start_process(stub_argv)
    got: list = []
    assert conn.invoke("spawnsleep", on_record=lambda s, q, o: got.append(o)).wait(10)
    assert alive(got[0])
    conn.close()
    assert wait_gone(got[0])


def test_native_programs_go_when_the_endpoint_is_killed(stub_argv: list[str]) -> None:
    conn = Connection.start_process(stub_argv)
    got: list = []
    assert conn.invoke("spawnsleep", on_record=lambda s, q, o: got.append(o)).wait(10)
    inv = conn.invoke("sleep 30")
    os.kill(conn.remote_info.pid, signal.SIGKILL)
    assert inv.wait(5) and inv.state == "Failed"
    assert wait_gone(got[0])
    conn.close()
