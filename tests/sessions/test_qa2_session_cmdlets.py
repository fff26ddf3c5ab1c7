"""QA (second round): Get-PSSession and Remove-PSSession as a PowerShell 7 user sees them.

Messages are PowerShell's (RemotingErrorIdStrings, written by PSRunspaceCmdlet for
Get-PSSession and Remove-PSSession). Local sessions (a psrepl endpoint process), so no
sshd is needed; runs in-process through the real interpreter.
"""

from __future__ import annotations


def errors(r) -> list[str]:
    """The error lines a run printed."""
    return [line for line in r.stderr.splitlines() if line.strip()]


def test_get_pssession_refuses_a_state_that_is_not_a_session_filter_state(ps) -> None:
    r = ps("Get-PSSession -State Bogus; 'next'")
    assert r.lines == ["next"]
    assert errors(r) == [
        "Get-PSSession: Cannot bind parameter 'State'. Cannot convert value \"Bogus\" to type "
        "\"Microsoft.PowerShell.Commands.SessionFilterState\". Error: \"Unable to match the identifier name "
        "Bogus to a valid enumerator name. Specify one of the following enumerator names and try again:",
        "All, Opened, Disconnected, Closed, Broken\""]


def test_get_pssession_state_names_any_case(ps) -> None:
    r = ps("$s = New-PSSession; (Get-PSSession -State opened).Id; @(Get-PSSession -State closed).Count; "
           "(Get-PSSession -State ALL).Id; Remove-PSSession $s")
    assert r.lines == ["1", "0", "1"], r.stderr


def test_get_pssession_by_a_missing_id_or_name(ps) -> None:
    r = ps("Get-PSSession -Id 9; Get-PSSession -Name nope; Get-PSSession -Name no*; 'next'")
    assert r.lines == ["next"]
    assert errors(r) == ["Get-PSSession: The remote session with the session ID 9 is not available.",
                         "Get-PSSession: The remote session with the name nope is not available."]


def test_get_pssession_by_a_missing_instance_id(ps) -> None:
    r = ps("Get-PSSession -InstanceId 0b7c1e1e-1111-2222-3333-444455556666")
    assert errors(r) == ["Get-PSSession: Remote session is not available for "
                         "0b7c1e1e-1111-2222-3333-444455556666."]


def test_remove_pssession_of_what_is_not_there(ps) -> None:
    r = ps("$s = New-PSSession; Remove-PSSession -Id 1; Remove-PSSession -Id 1; Remove-PSSession -Name gone; "
           "Remove-PSSession -ComputerName nohost; @(Get-PSSession).Count")
    assert r.lines == ["0"]
    assert errors(r) == ["Remove-PSSession: The remote session with the session ID 1 is not available.",
                         "Remove-PSSession: The remote session with the name gone is not available.",
                         "Remove-PSSession: Remote session is not available for ComputerName nohost."]


def test_a_removed_session_is_closed_and_says_so_when_used(ps) -> None:
    r = ps("$s = New-PSSession; Remove-PSSession $s; $s.State; $s.Availability; "
           "Invoke-Command -Session $s { 1 }; 'next'")
    assert r.lines == ["Closed", "None", "next"]
    assert len(errors(r)) == 1
    assert "is not equal to Open, you cannot run a command in the session. The session state is Closed." \
        in errors(r)[0]


def test_remove_pssession_without_a_session_wants_its_mandatory_id(ps) -> None:
    r = ps("Remove-PSSession; 'next'")
    assert errors(r) == ["Remove-PSSession: Cannot process command because of one or more missing mandatory "
                         "parameters: Id."]
    assert r.lines == ["next"]


def test_enter_pssession_without_a_computer_wants_its_mandatory_computer_name(ps) -> None:
    r = ps("Enter-PSSession; 'next'")
    assert errors(r) == ["Enter-PSSession: Cannot process command because of one or more missing mandatory "
                         "parameters: ComputerName."]


def test_an_empty_computer_name_is_refused_not_taken_for_localhost(ps) -> None:
    r = ps("New-PSSession -ComputerName ''; Enter-PSSession -ComputerName ''; "
           "Invoke-Command -ComputerName 'a', '' { 1 }; @(Get-PSSession).Count")
    assert r.lines == ["0"]
    element = ("The argument is null, empty, or an element of the argument collection contains a null value. "
               "Supply a collection that does not contain any null values and then try the command again.")
    assert errors(r) == [
        f"New-PSSession: Cannot validate argument on parameter 'ComputerName'. {element}",
        "Enter-PSSession: Cannot validate argument on parameter 'ComputerName'. The argument is null or empty. "
        "Provide an argument that is not null or empty, and then try the command again.",
        f"Invoke-Command: Cannot validate argument on parameter 'ComputerName'. {element}"]
