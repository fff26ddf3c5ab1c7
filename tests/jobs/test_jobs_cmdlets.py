"""The job cmdlets with thread jobs, through the real interpreter (in-process)."""

from __future__ import annotations

import os
import threading
import time

from jobkit import LogHost, native_children, ps_in

from jobs.states import JobState


def test_the_about_jobs_example_prints_three_lines(ps) -> None:
    r = ps('$j = Start-ThreadJob { 1..3 | % { "Output $_" } }; Wait-Job $j | Out-Null; Receive-Job $j')
    assert r.lines == ["Output 1", "Output 2", "Output 3"]
    assert r.stderr == ""


def test_job_object_shows_as_a_table_row(ps) -> None:
    r = ps("$j = Start-ThreadJob { 'x' }; Wait-Job $j | Out-Null; Get-Job")
    header = r.lines[1].split() if r.lines[0] == "" else r.lines[0].split()
    assert header == ["Id", "Name", "PSJobTypeName", "State", "HasMoreData", "Location", "Command"]
    row = [line for line in r.lines if line.strip().startswith("1 ")][0].split()
    assert row[:6] == ["1", "Job1", "ThreadJob", "Completed", "True", "PowerShell"]
    assert row[6] == "'x'"


def test_has_more_data_and_keep(ps) -> None:
    r = ps("$j = Start-ThreadJob { 1; 2 }; Wait-Job $j | Out-Null\n"
           "Receive-Job $j -Keep; $j.HasMoreData; Receive-Job $j; $j.HasMoreData; Receive-Job $j")
    assert r.lines == ["1", "2", "True", "1", "2", "False"]


def test_records_come_back_in_the_order_written_across_streams() -> None:
    host, run = ps_in()
    run("$j = Start-ThreadJob { 'a'; Write-Error 'e1'; 'b'; Write-Warning 'w1'; 'c'; Write-Host 'h1'; 'd' }\n"
        "Wait-Job $j | Out-Null")
    host.log.clear()
    run("Receive-Job $j")
    assert host.events() == [("out", "a"), ("Error", "e1"), ("out", "b"), ("Warning", "w1"),
                             ("out", "c"), ("Information", "h1"), ("out", "d")]


def test_output_within_a_stream_keeps_its_order(ps) -> None:
    r = ps("$j = Start-ThreadJob { foreach ($i in 1..500) { $i } }; "
           "$r = Receive-Job $j -Wait; ($r -join ',') -eq ((1..500) -join ',')")
    assert r.lines == ["True"]


def test_receive_wait_streams_results_as_they_come() -> None:
    host, run = ps_in()
    run("$j = Start-ThreadJob { 'first'; Start-Sleep -Milliseconds 600; 'second' }")
    run("Receive-Job $j -Wait")
    stamps = {text.strip(): t for t, kind, text in host.log if kind == "out" and text.strip()}
    assert stamps["second"] - stamps["first"] > 0.4


def test_wait_any_returns_the_first_job_to_end(ps) -> None:
    r = ps("$slow = Start-ThreadJob { Start-Sleep 5 }; $quick = Start-ThreadJob { 1 }\n"
           "$done = Wait-Job $slow, $quick -Any; $done.Id -eq $quick.Id; $slow.State\n"
           "Stop-Job $slow")
    assert r.lines == ["True", "Running"]


def test_wait_timeout_returns_nothing_and_leaves_the_job_running(ps) -> None:
    start = time.monotonic()
    r = ps("$j = Start-ThreadJob { Start-Sleep 5 }; $r = Wait-Job $j -Timeout 1\n"
           "$null -eq $r; $j.State; Stop-Job $j; $j.State")
    assert r.lines == ["True", "Running", "Stopped"]
    assert r.stderr == ""
    assert 0.9 < time.monotonic() - start < 4


def test_stop_job_ends_a_native_program_the_job_is_running(ps) -> None:
    r = ps("$j = Start-ThreadJob { sleep 100 }; Start-Sleep -Milliseconds 500")
    assert native_children("sleep") != []
    start = time.monotonic()
    r = ps("Stop-Job $j; $j.State")
    assert r.lines == ["Stopped"]
    assert time.monotonic() - start < 2.5
    deadline = time.monotonic() + 2
    while native_children("sleep") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert native_children("sleep") == []


def test_the_sixth_thread_job_waits_not_started(ps) -> None:
    r = ps("$jobs = 1..6 | % { Start-ThreadJob { Start-Sleep 3 } }; Start-Sleep -Milliseconds 300\n"
           "$jobs | % { $_.State }\n"
           "$jobs | Stop-Job")
    assert r.lines == ["Running"] * 5 + ["NotStarted"]


def test_throttle_limit_applies_to_later_jobs(ps) -> None:
    r = ps("$a = Start-ThreadJob { Start-Sleep 3 } -ThrottleLimit 1; $b = Start-ThreadJob { 1 }\n"
           "Start-Sleep -Milliseconds 200; $b.State; Get-Job | Stop-Job")
    assert r.lines == ["NotStarted"]


def test_nested_thread_jobs_do_not_deadlock(ps) -> None:
    r = ps("$j = Start-ThreadJob -ThrottleLimit 1 {\n"
           "  $inner = 1..3 | % { Start-ThreadJob { $using:_ * 10 } }\n"
           "  $inner | Wait-Job | Receive-Job\n"
           "}\n"
           "$r = Wait-Job $j -Timeout 10; $j.State; Receive-Job $j")
    assert r.lines == ["Completed", "10", "20", "30"]


def test_a_variable_set_in_a_job_is_not_in_the_console(ps) -> None:
    r = ps("$j = Start-ThreadJob { $secret = 42; $secret }; Receive-Job $j -Wait; \"[$secret]\"")
    assert r.lines == ["42", "[]"]


def test_a_throw_fails_only_that_job_and_the_reason_is_shown(ps) -> None:
    r = ps("$a = Start-ThreadJob { 'before'; throw 'boom' }; $b = Start-ThreadJob { 'fine' }\n"
           "Wait-Job $a, $b | Out-Null; $a.State; $b.State; $a.JobStateInfo.Reason.Message\n"
           "Receive-Job $a")
    assert r.lines[:3] == ["Failed", "Completed", "boom"]
    assert r.lines[3] == "before"
    assert "boom" in r.stderr


def test_arguments_using_and_input(ps) -> None:
    r = ps("$x = 5; Start-ThreadJob { param($a, $b) $a + $b + $using:x } -ArgumentList 1, 2 | "
           "Receive-Job -Wait")
    assert r.lines == ["8"]
    r = ps("Start-ThreadJob { \"$($args.Count) $($args[1])\" } -ArgumentList a, b | Receive-Job -Wait")
    assert r.lines == ["2 b"]
    r = ps("1..3 | Start-ThreadJob { $input | % { $_ * 10 } } | Receive-Job -Wait")
    assert r.lines == ["10", "20", "30"]


def test_objects_pass_by_reference(ps) -> None:
    r = ps("$h = @{n = 1}; $j = Start-ThreadJob { $o = $using:h; $o.n = 2; $o }; "
           "$back = Receive-Job $j -Wait; $h.n; [object]::ReferenceEquals($back, $h)")
    assert r.lines[0] == "2"


def test_working_directory_and_default_location(ps, tmp_path) -> None:
    r = ps(f"Start-ThreadJob {{ \"$PWD\" }} -WorkingDirectory '{tmp_path}' | Receive-Job -Wait")
    assert r.lines == [str(tmp_path)]
    r = ps("Set-Location /; Start-ThreadJob { \"$PWD\" } | Receive-Job -Wait")
    assert r.lines == ["/"]


def test_remove_job_refuses_a_running_job_without_force(ps) -> None:
    r = ps("$j = Start-ThreadJob { Start-Sleep 5 }; Remove-Job $j; @(Get-Job).Count")
    assert ("The command cannot remove the job with the job ID 1 because the job is not finished. "
            "To remove the job, first stop the job, or use the Force parameter.") in r.stderr.replace("\n", " ")
    assert r.lines == ["1"]
    r = ps("Remove-Job $j -Force; @(Get-Job).Count; $j.State")
    assert r.lines == ["0", "Stopped"]


def test_get_job_filters(ps) -> None:
    r = ps("$a = Start-ThreadJob { 1 } -Name alpha; $b = Start-ThreadJob { Start-Sleep 5 } -Name beta\n"
           "Wait-Job $a | Out-Null\n"
           "(Get-Job -Name al*).Name; (Get-Job -State Running).Name; (Get-Job 2).Name\n"
           "(Get-Job -HasMoreData $true).Name; (Get-Job -Command '*Sleep*').Name\n"
           "(Get-Job -InstanceId $a.InstanceId).Name; (Get-Job -Newest 1).Name\n"
           "(Get-Job -SessionId 1).Name; ($a | Get-Job).Name\n"
           "Stop-Job -Name beta")
    assert r.lines == ["alpha", "beta", "beta", "alpha", "beta", "alpha", "beta", "alpha", "alpha"]


def test_missing_job_errors(ps) -> None:
    r = ps("Get-Job -Id 9; Get-Job -Name nosuch; Get-Job -Name no*; 'after'")
    assert r.lines == ["after"]
    text = r.stderr.replace("\n", " ")
    assert "The command cannot find a job with the job ID 9." in text
    assert "The command cannot find the job because the job name nosuch was not found." in text


def test_pipeline_of_job_cmdlets(ps) -> None:
    r = ps("1..3 | % { Start-ThreadJob { \"job $using:_\" } } | Out-Null; Get-Job | Wait-Job | Receive-Job")
    assert sorted(r.lines) == ["job 1", "job 2", "job 3"]


def test_auto_remove_and_write_job_in_results(ps) -> None:
    r = ps("$j = Start-ThreadJob { 'x' }; $r = Receive-Job $j -Wait -AutoRemoveJob -WriteJobInResults\n"
           "$r[0].Id -eq $j.Id; $r[1]; @(Get-Job).Count")
    assert r.lines == ["True", "x", "0"]


def test_ctrl_c_interrupts_a_wait_and_leaves_the_job_running() -> None:
    host, run = ps_in()
    run("$j = Start-ThreadJob { Start-Sleep 10 }")
    rs = host.runspace
    threading.Timer(0.3, rs.request_stop).start()
    start = time.monotonic()
    run("Receive-Job $j -Wait")
    assert time.monotonic() - start < 2
    rs.reset_stop()
    threading.Timer(0.3, rs.request_stop).start()
    run("Wait-Job $j")
    rs.reset_stop()
    job = rs.job_table.get(1)
    assert job.State is JobState.RUNNING
    run("Stop-Job $j")
    assert job.State is JobState.STOPPED


def test_console_end_stops_every_job() -> None:
    host, run = ps_in()
    run("$a = Start-ThreadJob { sleep 100 }; $b = Start-ThreadJob { Start-Sleep 100 }; Start-Sleep -Milliseconds 300")
    jobs = host.runspace.job_table.jobs()
    start = time.monotonic()
    host.runspace.close()
    assert time.monotonic() - start < 2
    assert [j.State for j in jobs] == [JobState.STOPPED, JobState.STOPPED]
    assert native_children("sleep") == []
    assert os.getpid() > 0


def test_child_jobs_filters_and_location(ps) -> None:
    r = ps("$j = Start-Job { 'x' }; Wait-Job $j | Out-Null\n"
           "(Get-Job -IncludeChildJob).Name -join ','\n"
           "(Get-Job -IncludeChildJob -ChildJobState Completed).Name -join ','\n"
           "(Get-Job -IncludeChildJob -ChildJobState Failed).Name -join ','\n"
           "Receive-Job $j -Location nowhere -Keep; Receive-Job $j -Location localhost")
    assert r.lines == ["Job1,Job2", "Job1,Job2", "Job1", "x"]


def test_write_events_reports_state_changes(ps) -> None:
    r = ps("$j = Start-ThreadJob { Start-Sleep -Milliseconds 300; 'x' }\n"
           "Receive-Job $j -Wait -WriteEvents | % { \"$_\" }")
    assert r.lines[-2:] == ["Job1 changed state from Running to Completed", "x"] or \
        r.lines[-2:] == ["x", "Job1 changed state from Running to Completed"]


def test_write_events_needs_wait(ps) -> None:
    r = ps("$j = Start-ThreadJob { 1 }; Receive-Job $j -WriteEvents")
    assert "The WriteEvents parameter cannot be used without the Wait parameter." in r.stderr


def test_file_path_and_initialization_script(ps, tmp_path) -> None:
    script = tmp_path / "job.ps1"
    script.write_text("param($n) \"file $n $(Get-Init)\"\n")
    init = "-InitializationScript { function Get-Init { 'init' } }"
    r = ps(f"Start-ThreadJob -FilePath '{script}' -ArgumentList 7 {init} | Receive-Job -Wait")
    assert r.lines == ["file 7 init"]
    r = ps(f"Start-Job -FilePath '{script}' -ArgumentList 8 {init} | Receive-Job -Wait")
    assert r.lines == ["file 8 init"]


def test_start_job_needs_a_script(ps) -> None:
    r = ps("Start-ThreadJob -Name x; Start-ThreadJob {1} -FilePath nosuch.ps1; "
           "Start-ThreadJob -FilePath nosuch.ps1; 'after'")
    assert r.lines == ["after"]
    assert "missing mandatory parameters: ScriptBlock" in r.stderr
    assert "Parameter set cannot be resolved" in r.stderr
    assert "nosuch.ps1' because it does not exist" in r.stderr.replace("\n", "")
