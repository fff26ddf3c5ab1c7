"""QA (second round): the job cmdlets as a PowerShell 7 user sees them.

Each test compares what psrepl shows with PowerShell 7's documented behaviour
(the cmdlet pages of Get-Job, Receive-Job, Wait-Job, Stop-Job, Remove-Job and
Start-Job, about_Jobs, and the messages in PowerShell's RemotingErrorIdStrings).
They run in-process through the real interpreter (``ps``), as ``psrepl -c`` would.
"""

from __future__ import annotations

from pathlib import Path

import pytest


def errors(r) -> list[str]:
    """The error lines a run printed."""
    return [line for line in r.stderr.splitlines() if line.strip()]


# --------------------------------------------------------------------------- HasMoreData

def test_a_running_background_job_has_more_data(ps) -> None:
    # PSRemotingJob: HasMoreData is True while its results are still open (about_Jobs,
    # Get-Job's examples: "Job2 BackgroundJob Running True").
    r = ps("$j = Start-Job { Start-Sleep 5 }; $j.HasMoreData; $j.ChildJobs[0].HasMoreData; "
           "(Get-Job -HasMoreData $true).Id; Stop-Job $j; $j.State; $j.HasMoreData")
    assert r.lines == ["True", "True", "1", "Stopped", "False"], r.stderr


def test_a_finished_background_job_without_output_has_no_more_data(ps) -> None:
    r = ps("$j = Start-Job { $null = 1 }; $null = Wait-Job $j; $j.HasMoreData; $j.ChildJobs[0].HasMoreData")
    assert r.lines == ["False", "False"], r.stderr


def test_a_running_thread_job_without_output_has_no_more_data(ps) -> None:
    # ThreadJob: HasMoreData counts what its streams hold (PSThreadJob's HasMoreData).
    r = ps("$j = Start-ThreadJob { Start-Sleep 5 }; $j.HasMoreData; Stop-Job $j")
    assert r.lines == ["False"], r.stderr


def test_a_running_remote_job_has_more_data(ps) -> None:
    r = ps("$j = Invoke-Command -ComputerName localhost { Start-Sleep 5 } -AsJob; Start-Sleep -Milliseconds 100; "
           "$j.HasMoreData; $j.ChildJobs[0].HasMoreData; Stop-Job $j")
    assert r.lines == ["True", "True"], r.stderr


# --------------------------------------------------------------------------- -State

@pytest.mark.parametrize("state", ["Suspended", "Suspending", "AtBreakpoint"])
def test_every_jobstate_name_is_accepted_by_state(ps, state: str) -> None:
    r = ps(f"$null = Start-ThreadJob {{ 1 }}; Get-Job -State {state}; Wait-Job -State {state}; "
           f"Stop-Job -State {state}; Remove-Job -State {state}; 'done'")
    assert r.lines == ["done"]
    assert r.stderr == ""


def test_a_bad_state_names_the_enum_and_every_value(ps) -> None:
    r = ps("Get-Job -State Bogus")
    assert errors(r)[0] == (
        "Get-Job: Cannot bind parameter 'State'. Cannot convert value \"Bogus\" to type "
        "\"System.Management.Automation.JobState\". Error: \"Unable to match the identifier name Bogus to a "
        "valid enumerator name. Specify one of the following enumerator names and try again:")
    assert errors(r)[1] == ("NotStarted, Running, Completed, Failed, Stopped, Blocked, Suspended, "
                            "Disconnected, Suspending, Stopping, AtBreakpoint\"")


def test_child_job_state_filters_child_jobs(ps) -> None:
    # Get-Job -ChildJobState: parents, and the child jobs in that state (IncludeChildJob implied).
    r = ps("$j = Start-Job { 1 }; $null = Wait-Job $j; "
           "(Get-Job -ChildJobState Completed).Id -join ','; (Get-Job -ChildJobState Failed).Id -join ','")
    assert r.lines == ["1,2", "1"], r.stderr


# --------------------------------------------------------------------------- positional names

@pytest.mark.parametrize("command", ["Get-Job", "Receive-Job", "Wait-Job", "Stop-Job"])
def test_a_name_given_by_position_selects_by_name(ps, command: str) -> None:
    # Position 0 of the NameParameterSet is -Name: `Receive-Job MyJob` works.
    extra = " -PassThru" if command == "Stop-Job" else ""
    r = ps(f"$j = Start-ThreadJob {{ 'out' }} -Name MyJob; $null = Wait-Job $j; {command} MyJob{extra} | "
           "ForEach-Object { if ($_ -is [string]) { $_ } else { $_.Name } }")
    assert r.lines == (["out"] if command == "Receive-Job" else ["MyJob"]), r.stderr


def test_remove_job_by_positional_name(ps) -> None:
    r = ps("$j = Start-ThreadJob { 1 } -Name Gone; $null = Wait-Job $j; Remove-Job Gone; @(Get-Job).Count")
    assert r.lines == ["0"], r.stderr


def test_an_unknown_positional_name_is_reported_as_a_name(ps) -> None:
    r = ps("Receive-Job NoSuchJob")
    assert errors(r) == ["Receive-Job: The command cannot find the job because the job name NoSuchJob was "
                         "not found. Verify the value of the Name parameter, and then try the command again."]


# --------------------------------------------------------------------------- pipeline input by property

def test_get_job_takes_command_from_a_piped_object(ps) -> None:
    # Get-Job's Example 4.
    r = ps("$null = Start-ThreadJob { Get-Process } -Name gp; $null = Start-ThreadJob { 1 }; "
           "([pscustomobject]@{Command='*Get-Process*'} | Get-Job).Name")
    assert r.lines == ["gp"], r.stderr


@pytest.mark.parametrize("prop,value", [("Id", "1"), ("Name", "'Job1'"), ("InstanceId", "$j.InstanceId")])
def test_job_cmdlets_take_id_name_and_instance_id_by_property_name(ps, prop: str, value: str) -> None:
    r = ps(f"$j = Start-ThreadJob {{ 'got it' }}; $null = Wait-Job $j; "
           f"([pscustomobject]@{{{prop}={value}}} | Get-Job).Name; "
           f"[pscustomobject]@{{{prop}={value}}} | Receive-Job")
    assert r.lines == ["Job1", "got it"], r.stderr


# --------------------------------------------------------------------------- -Before / -After / -Filter

def test_get_job_before_and_after_filter_on_the_end_time(ps) -> None:
    r = ps("$j = Start-ThreadJob { 1 }; $null = Wait-Job $j; $r = Start-ThreadJob { Start-Sleep 5 }; "
           "(Get-Job -After (Get-Date).AddMinutes(-1)).Id -join ','; "
           "(Get-Job -Before (Get-Date).AddMinutes(1)).Id -join ','; "
           "@(Get-Job -Before (Get-Date).AddMinutes(-1)).Count; Stop-Job $r")
    assert r.lines == ["1", "1", "0"], r.stderr


def test_get_job_filter_matches_properties(ps) -> None:
    r = ps("$null = Start-ThreadJob { 1 } -Name a; $null = Start-ThreadJob { 2 } -Name b; "
           "(Get-Job -Filter @{Name='b'}).Id; (Get-Job -Filter @{PSJobTypeName='ThreadJob'; Name='a'}).Id")
    assert r.lines == ["2", "1"], r.stderr


# --------------------------------------------------------------------------- Format-List

def test_format_list_of_a_job_shows_powershells_properties_in_its_order(ps) -> None:
    r = ps("$j = Start-Job { 1 }; $null = Wait-Job $j; $j | Format-List")
    names = [line.split(":")[0].strip() for line in r.lines if " : " in line or line.endswith(" :")]
    assert names == ["State", "HasMoreData", "StatusMessage", "Location", "Command", "JobStateInfo",
                     "Finished", "InstanceId", "Id", "Name", "ChildJobs", "PSBeginTime", "PSEndTime",
                     "PSJobTypeName", "Output", "Error", "Progress", "Verbose", "Debug", "Warning",
                     "Information"]
    assert "Finished      : System.Threading.ManualResetEvent" in r.lines


def test_the_finished_handle_can_be_waited_on(ps) -> None:
    r = ps("$j = Start-ThreadJob { Start-Sleep -Milliseconds 200 }; $j.Finished.WaitOne(10); "
           "$j.Finished.WaitOne(); $j.State")
    assert r.lines == ["False", "True", "Completed"], r.stderr


# --------------------------------------------------------------------------- Receive-Job

@pytest.mark.parametrize("switch,message", [
    ("-AutoRemoveJob", "The -AutoRemoveJob parameter cannot be used without the -Wait parameter"),
    ("-WriteJobInResults", "The -WriteJobInResults parameter cannot be used without the -Wait parameter"),
    ("-WriteEvents", "The WriteEvents parameter cannot be used without the Wait parameter."),
    ("-Force", "The -Force parameter cannot be used without the -Wait parameter."),
])
def test_receive_job_switches_that_need_wait(ps, switch: str, message: str) -> None:
    r = ps(f"$j = Start-ThreadJob {{ 1 }}; Receive-Job $j {switch}; 'next'")
    assert errors(r) == [f"Receive-Job: {message}"]
    assert r.lines == ["next"]


def test_receive_job_checks_auto_remove_before_the_others(ps) -> None:
    r = ps("$j = Start-ThreadJob { 1 }; Receive-Job $j -Force -WriteEvents -AutoRemoveJob")
    assert errors(r) == ["Receive-Job: The -AutoRemoveJob parameter cannot be used without the -Wait parameter"]


def test_receive_job_computer_name_selects_the_child_jobs_there(ps) -> None:
    r = ps("$j = Invoke-Command -ComputerName localhost, nosuch.invalid { 'hi' } -AsJob; $null = Wait-Job $j; "
           "Receive-Job $j -ComputerName localhost -Keep; '--'; Receive-Job $j -Cn nosuch*; '--'; "
           "@(Receive-Job $j -Cn nowhere).Count")
    assert r.lines == ["hi", "--", "--", "0"], r.stderr
    assert "nosuch.invalid" in r.stderr


def test_receive_job_computer_name_needs_a_remoting_job(ps) -> None:
    r = ps("$j = Start-ThreadJob { 1 }; $null = Wait-Job $j; Receive-Job $j -ComputerName localhost")
    assert errors(r) == ["Receive-Job: The command cannot retrieve the jobs of the specified computers. The "
                         "ComputerName parameter can be used only with jobs created by using Windows "
                         "PowerShell remoting."]


def test_receive_job_session_selects_the_child_job_of_that_session(ps) -> None:
    r = ps("$s1 = New-PSSession; $s2 = New-PSSession; "
           "$j = Invoke-Command -Session $s1, $s2 { $PID } -AsJob; $null = Wait-Job $j; "
           "$a = Receive-Job $j -Session $s1; $b = Receive-Job $j -Session $s2; "
           "$a -ne $b; @(Receive-Job $j).Count; Remove-PSSession $s1, $s2")
    assert r.lines == ["True", "0"], r.stderr


def test_receive_job_session_needs_a_remoting_job(ps) -> None:
    r = ps("$s = New-PSSession; $j = Start-ThreadJob { 1 }; $null = Wait-Job $j; Receive-Job $j -Session $s; "
           "Remove-PSSession $s")
    assert errors(r) == ["Receive-Job: The Session parameter can be used only with PSRemotingJob objects."]


def test_a_thread_job_that_throws_shows_the_throw_not_receive_job(ps) -> None:
    # Receive-Job writes a job's error records as they are (PreserveInvocationInfoOnce): a
    # `throw` in the job reads "Exception: ...", as it does at the prompt.
    r = ps("$j = Start-ThreadJob { throw 'boom' }; $null = Wait-Job $j; Receive-Job $j")
    assert errors(r) == ["Exception: boom"]


def test_write_error_in_a_job_keeps_its_command(ps) -> None:
    r = ps("$j = Start-ThreadJob { Write-Error 'bad' }; $null = Wait-Job $j; Receive-Job $j")
    assert errors(r) == ["Write-Error: bad"]


# --------------------------------------------------------------------------- Remove-Job

def test_remove_job_of_a_child_job_says_child_jobs_go_with_their_parent(ps) -> None:
    r = ps("$j = Start-Job { 1 }; $null = Wait-Job $j; Remove-Job $j.ChildJobs[0]")
    assert errors(r) == ["Remove-Job: The command cannot remove the job because it does not exist or because "
                         "it is a child job. Child jobs can be removed only by removing the parent job."]


def test_remove_job_by_name_of_a_running_job_names_it(ps) -> None:
    r = ps("$j = Start-ThreadJob { Start-Sleep 5 } -Name Busy; Remove-Job -Name Busy; Stop-Job $j")
    assert errors(r) == ["Remove-Job: The command cannot remove the job with the job ID 1 and the name Busy "
                         "because the job is not finished. To remove the job, first stop the job, or use the "
                         "Force parameter."]


def test_remove_job_by_instance_id_of_a_running_job_names_it(ps) -> None:
    r = ps("$j = Start-ThreadJob { Start-Sleep 5 }; Remove-Job -InstanceId $j.InstanceId; "
           "$j.InstanceId; Stop-Job $j")
    guid = r.lines[-1]
    assert errors(r) == [f"Remove-Job: The command cannot remove the job with the job ID 1 and the instance "
                         f"identifier {guid} because the job is not finished. To remove the job, first stop "
                         f"the job or use the Force parameter."]


def test_remove_job_of_a_running_job_by_object(ps) -> None:
    r = ps("$j = Start-ThreadJob { Start-Sleep 5 }; Remove-Job $j; $j.State; Remove-Job $j -Force; @(Get-Job).Count")
    assert errors(r) == ["Remove-Job: The command cannot remove the job with the job ID 1 because the job is "
                         "not finished. To remove the job, first stop the job, or use the Force parameter."]
    assert r.lines == ["Running", "0"]


# --------------------------------------------------------------------------- Start-Job -FilePath

def test_start_job_takes_a_script_file_by_position(ps, tmp_path: Path) -> None:
    script = tmp_path / "s.ps1"
    script.write_text('"hi $args"\n')
    r = ps(f"Start-Job '{script}' -ArgumentList 7 | Receive-Job -Wait; "
           f"Start-ThreadJob '{script}' -ArgumentList 8 | Receive-Job -Wait")
    assert r.lines == ["hi 7", "hi 8"], r.stderr


def test_start_job_file_path_must_be_a_ps1_script(ps, tmp_path: Path) -> None:
    other = tmp_path / "s.txt"
    other.write_text("1\n")
    r = ps(f"Start-Job -FilePath '{other}'; @(Get-Job).Count")
    assert errors(r) == ["Start-Job: The value of the FilePath parameter must be a Windows PowerShell script "
                         "file. Enter the path to a file with a .ps1 file name extension and try the command "
                         "again."]
    assert r.lines == ["0"]


def test_start_job_file_path_refuses_wildcards(ps, tmp_path: Path) -> None:
    r = ps(f"Start-Job -FilePath '{tmp_path}/*.ps1'")
    assert errors(r) == ["Start-Job: Wildcard characters are not supported for the FilePath parameter. "
                         "Specify a path without wildcard characters."]


def test_a_script_block_parameter_given_a_string_is_still_refused(ps) -> None:
    r = ps("Start-Job -ScriptBlock 'x.ps1'")
    assert errors(r) == ["Start-Job: Cannot bind parameter 'ScriptBlock'. Cannot convert the \"x.ps1\" value of "
                         "type \"System.String\" to type \"System.Management.Automation.ScriptBlock\"."]


# --------------------------------------------------------------------------- Wait-Job

def test_wait_job_any_writes_only_the_first_job_to_end(ps) -> None:
    # Wait-Job -Any: EndProcessingOutputSingleFinishedJob writes one job.
    r = ps("$a = Start-ThreadJob { 1 }; $b = Start-ThreadJob { 2 }; $null = Wait-Job $a, $b; "
           "@(Wait-Job $a, $b -Any).Count")
    assert r.lines == ["1"], r.stderr


def test_wait_job_warns_about_a_disconnected_job(ps) -> None:
    from jobs.states import JobState

    r = ps("$j = Start-ThreadJob { Start-Sleep 5 }")
    r.runspace.job_table.get(1)._set_state(JobState.DISCONNECTED)
    r = ps("(Wait-Job $j).State; @(Wait-Job $j -Force -Timeout 1).Count; Stop-Job $j")
    assert r.lines == ["Disconnected", "0"]
    assert errors(r) == ["WARNING: One or more jobs are in a suspended or disconnected state, and cannot "
                         "continue without additional user input. Specify the -Force parameter to continue "
                         "to a completed, failed, or stopped state."]


def test_a_name_given_to_a_named_job_or_id_parameter_is_a_binding_error(ps) -> None:
    r = ps("$j = Start-ThreadJob { 1 } -Name MyJob; $null = Wait-Job $j; Receive-Job -Job MyJob; "
           "Get-Job -Id MyJob; Get-Job MyJob | ForEach-Object Name")
    assert errors(r)[0] == ("Receive-Job: Cannot bind parameter 'Job'. Cannot convert the \"MyJob\" value of "
                            "type \"System.String\" to type \"System.Management.Automation.Job\".")
    assert errors(r)[1].startswith("Get-Job: Cannot bind parameter 'Id'. Cannot convert value \"MyJob\" to "
                                   "type \"System.Int32\".")
    assert r.lines == ["MyJob"]


@pytest.mark.parametrize("command,param", [("Receive-Job", "Job"), ("Wait-Job", "Id"), ("Stop-Job", "Id"),
                                           ("Remove-Job", "Id")])
def test_a_job_cmdlet_given_no_job_wants_its_mandatory_parameter(ps, command: str, param: str) -> None:
    r = ps(f"$null = Start-ThreadJob {{ 1 }}; {command}; 'next'")
    assert errors(r) == [f"{command}: Cannot process command because of one or more missing mandatory "
                         f"parameters: {param}."]
    assert r.lines == ["next"]


def test_a_job_cmdlet_given_an_empty_pipeline_does_nothing(ps) -> None:
    r = ps("@() | Wait-Job; @() | Receive-Job; Get-Job | Stop-Job; 'next'")
    assert r.lines == ["next"]
    assert r.stderr == ""


def test_a_streaming_host_shows_write_host_at_once(ps) -> None:
    # Start-ThreadJob -StreamingHost: Write-Host output appears as the job writes it; the
    # other streams still wait for Receive-Job.
    r = ps("$j = Start-ThreadJob { Write-Host 'at once'; Write-Warning 'later'; 'out' } -StreamingHost $Host; "
           "$null = Wait-Job $j; 'waited'; Receive-Job $j")
    assert r.lines == ["at once", "waited", "out"]
    assert errors(r) == ["WARNING: later"]


def test_start_job_literal_path_takes_brackets_as_typed(ps, tmp_path: Path) -> None:
    folder = tmp_path / "w[1]"
    folder.mkdir()
    (folder / "a.ps1").write_text('"lit $args"\n')
    r = ps(f"Start-Job -LiteralPath '{folder}/a.ps1' -ArgumentList 3 | Receive-Job -Wait; "
           f"Start-Job -PSPath '{folder}/a.ps1' -ArgumentList 4 | Receive-Job -Wait")
    assert r.lines == ["lit 3", "lit 4"], r.stderr
