"""The real endpoint, ``python -m shell --endpoint``, driven through a Connection."""

from __future__ import annotations

import os
import sys
import time
from typing import Any, Iterator

import pytest

from sessions.connection import Connection
from shell.language import wire_adapter as wa
from shell.language.errors import ErrorRecord
from shell.language.psobject import PSObject
from shell.language.streams import InformationRecord, WarningRecord

ARGV = [sys.executable, "-m", "shell", "--endpoint"]


@pytest.fixture(scope="module")
def conn() -> Iterator[Connection]:
    connection = Connection.start_process(ARGV, decoder=wa.decoder("localhost"))
    yield connection
    connection.close()


def run(conn: Connection, script: str, **kwargs: Any) -> tuple[str, Any, list]:
    got: list = []
    inv = conn.invoke(script, on_record=lambda s, q, o: got.append((s, o)), **kwargs)
    assert inv.wait(30), script
    return inv.state, inv.reason, got


def test_the_about_jobs_example(conn: Connection) -> None:
    assert run(conn, '1..3 | % { "Output $_" }') == (
        "Completed", None, [(1, "Output 1"), (1, "Output 2"), (1, "Output 3")])


def test_objects_arrive_deserialized(conn: Connection) -> None:
    _, _, got = run(conn, "[pscustomobject]@{Id=1; Name='a'}")
    obj = got[0][1]
    assert type(obj) is PSObject and obj.is_deserialized and obj.get("Name") == "a"


def test_a_session_keeps_its_variables(conn: Connection) -> None:
    run(conn, "$kept = 41")
    assert run(conn, "$kept + 1")[2] == [(1, 42)]


def test_arguments_and_using_values(conn: Connection) -> None:
    _, _, got = run(conn, "param($a, $b) $a + $b; $using:name", args=[2, 3], using={"Name": "x"})
    assert got == [(1, 5), (1, "x")]
    _, _, got = run(conn, "$args[1]", args=["first", "second"])
    assert got == [(1, "second")]


def test_every_stream_arrives_in_order(conn: Connection) -> None:
    _, _, got = run(conn, "Write-Warning 'w'; 'out'; Write-Error 'bad'; Write-Host 'hi'")
    assert [s for s, _ in got] == [3, 1, 2, 6]
    assert type(got[0][1]) is WarningRecord
    err = got[2][1]
    assert type(err) is ErrorRecord and err.message == "bad" and err.computer_name == "localhost"
    assert type(got[3][1]) is InformationRecord and got[3][1].is_host


def test_throw_fails_the_invocation_with_the_error(conn: Connection) -> None:
    state, reason, _ = run(conn, "'before'; throw 'it broke'; 'after'")
    assert state == "Failed" and type(reason) is ErrorRecord and reason.message == "it broke"


def test_a_parse_error_fails_with_the_parser_message(conn: Connection) -> None:
    state, reason, _ = run(conn, "if (")
    assert state == "Failed" and type(reason) is ErrorRecord and reason.category == "ParserError"


def test_stop_ends_a_long_sleep_and_the_session_goes_on(conn: Connection) -> None:
    inv = conn.invoke("Start-Sleep 100")
    time.sleep(0.3)
    started = time.time()
    inv.stop()
    assert inv.wait(5) and inv.state == "Stopped"
    assert time.time() - started < 3
    assert run(conn, "'still here'")[2] == [(1, "still here")]


def test_working_directory_and_location_report(conn: Connection, tmp_path: Any) -> None:
    (tmp_path / "marker.txt").write_text("x")
    _, _, got = run(conn, "(Get-ChildItem).Name", cwd=str(tmp_path))
    assert got == [(1, "marker.txt")]
    assert conn.location == str(tmp_path)


def test_remote_completion(conn: Connection) -> None:
    result = conn.complete("Get-ChildI", 10)
    assert ["Get-ChildItem", 0, "Get-ChildItem", "Cmdlet"] in result["matches"]


def test_many_objects_arrive_complete_and_in_order(conn: Connection) -> None:
    got: list = []
    inv = conn.invoke('foreach ($i in 1..20000) { [pscustomobject]@{Id=$i; Name="p$i"} }',
                      on_records=lambda s, first, objs: got.extend(objs))
    assert inv.wait(60) and inv.state == "Completed"
    assert len(got) == 20000
    assert [o.get("Id") for o in got[:3]] == [1, 2, 3] and got[-1].get("Name") == "p20000"


def test_nothing_but_the_protocol_reaches_the_pipe(conn: Connection) -> None:
    # A native program inherits fd 1 when its output is not captured; it must not corrupt the stream.
    run(conn, "/bin/echo stray; [Console]::WriteLine('x')")
    assert run(conn, "'ok'")[2] == [(1, "ok")]


def test_the_endpoint_exits_when_its_client_closes() -> None:
    connection = Connection.start_process(ARGV)
    pid = connection.remote_info.pid
    connection.close()
    assert connection.transport.returncode == 0
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_an_object_changed_after_it_was_written_arrives_as_it_was(conn: Connection) -> None:
    _, _, got = run(conn, "$o = [pscustomobject]@{i=0}; foreach ($i in 1..3) { $o.i = $i; $o }")
    assert [o.get("i") for _, o in got] == [1, 2, 3]


def _first_output(conn: Connection, script: str, within: float) -> tuple[Any, list]:
    """Start ``script``; the invocation and what arrived (seconds since the start, object)
    once the first object has, or ``within`` seconds have passed."""
    arrived: list = []
    started = time.monotonic()
    inv = conn.invoke(script, on_record=lambda s, q, o: arrived.append((time.monotonic() - started, o)))
    deadline = time.monotonic() + within
    while not arrived and time.monotonic() < deadline:
        time.sleep(0.01)
    return inv, arrived


def test_output_streams_while_the_script_pauses(conn: Connection) -> None:
    inv, arrived = _first_output(conn, "'first'; Start-Sleep 3; 'second'", 2.5)
    assert arrived and arrived[0][1] == "first" and arrived[0][0] < 2.0
    inv.stop()
    assert inv.wait(5)


def test_output_written_after_a_long_silence_still_streams(conn: Connection) -> None:
    # The writer ticks (and sends kept output) for as long as a command runs, not only
    # for a while after the last message: 'late' comes well before the script's end.
    inv, arrived = _first_output(conn, "Start-Sleep -Milliseconds 2400; 'late'; Start-Sleep 4; 'end'", 5.5)
    assert arrived and arrived[0][1] == "late" and arrived[0][0] < 5.0, arrived
    inv.stop()
    assert inv.wait(5) and [o for _, o in arrived] == ["late"]


def test_console_mode_runs_statement_by_statement(conn: Connection) -> None:
    state, _, got = run(conn, "1/0; 'after'", options={"mode": "console"})
    assert state == "Completed"
    assert [s for s, _ in got] == [2, 1] and got[1][1] == "after"
    # A script-terminating error: at the console it is shown and the session goes on;
    # a script fails with it as the reason. (A statement-terminating one such as 1/0
    # ends only its statement in both, since aeefba9.)
    state, _, got = run(conn, "throw 'x'; 'after'", options={"mode": "console"})
    assert state == "Completed" and [s for s, _ in got] == [2]
    state, reason, got = run(conn, "throw 'x'; 'after'")
    assert state == "Failed" and got == [] and reason.message == "x"


def test_piped_input_is_dollar_input(conn: Connection) -> None:
    assert run(conn, "$input | % { $_ * 2 }", options={"input": [1, 2, 3]})[2] == [(1, 2), (1, 4), (1, 6)]
    assert run(conn, "param($p) $p; @($input).Count", args=["a"], options={"input": ["x", "y"]})[2] == \
        [(1, "a"), (1, 2)]
    # Input is for one invocation only: the next one has none.
    assert run(conn, "@($input).Count")[2] == [(1, 0)]


def test_start_job_reads_its_pipeline_input_and_input_object() -> None:
    from pshelpers import run as ps_run

    result = ps_run("1..3 | Start-Job { $input } | Receive-Job -Wait -AutoRemoveJob\n"
                    "Start-Job -InputObject 5 { $input | % { $_ * 2 } } | Receive-Job -Wait -AutoRemoveJob")
    assert result.stdout.split() == ["1", "2", "3", "10"], result.stderr


def test_an_endpoint_started_by_sshd_starts_in_home(sshd: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from sessions.hosts import resolve
    from sessions.transport_ssh import connect

    monkeypatch.setenv("HOME", str(sshd.client_home))
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    connection = connect(resolve("server01"), decoder=wa.decoder("server01"))
    try:
        assert connection.remote_info.location == str(sshd.remote_home)
        assert run(connection, "$PWD.Path; (Get-Location).Path")[2] == [(1, str(sshd.remote_home))] * 2
    finally:
        connection.close()


def test_a_jobs_directory_never_shadows_psrepls_modules(tmp_path: Any) -> None:
    from shell.language.remoting import endpoint_argv

    (tmp_path / "msgpack.py").write_text("raise SystemExit('the wrong msgpack')\n")
    (tmp_path / "shell").mkdir()
    (tmp_path / "shell" / "__init__.py").write_text("raise SystemExit('the wrong shell')\n")
    connection = Connection.start_process(endpoint_argv(), cwd=str(tmp_path), decoder=wa.decoder())
    try:
        assert run(connection, "(Get-Location).Path; 1 + 1")[2] == [(1, str(tmp_path)), (1, 2)]
    finally:
        connection.close()


def test_both_spellings_of_the_standard_endpoint_are_recognised() -> None:
    from shell.language.remoting import endpoint_argv, is_standard_endpoint

    assert is_standard_endpoint(endpoint_argv()) and is_standard_endpoint(ARGV)
    assert not is_standard_endpoint(["psrepl", "--endpoint"])
    assert not is_standard_endpoint([sys.executable, "-m", "shell", "--forkserver"])


def test_a_repeated_script_runs_again_and_a_parse_error_is_reported_each_time(conn: Connection) -> None:
    assert run(conn, "$n = 1 + $n; $n")[2] == [(1, 1)]
    assert run(conn, "$n = 1 + $n; $n")[2] == [(1, 2)]
    for _ in range(2):
        state, reason, _ = run(conn, "1 +")
        assert state == "Failed" and isinstance(reason, ErrorRecord) and "value expression following" in reason.message
