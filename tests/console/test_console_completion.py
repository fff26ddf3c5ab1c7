"""Tab completion: what a user gets after pressing Tab at various places in a line."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from shell.console.completion import complete, console_candidates, make_completer
from shell.console.repl import Repl
from shell.language.runspace import Runspace
from shell.language.scriptblock import FunctionInfo, ScriptBlock


def texts(runspace: Runspace, line: str, cursor: int | None = None) -> list[str]:
    """The inserted texts offered for ``line`` with the cursor at its end (or ``cursor``)."""
    return [t for t, _ in complete(runspace, line, len(line) if cursor is None else cursor)]


def menu(runspace: Runspace, line: str) -> list[tuple[str, int, str]]:
    """What prompt_toolkit's Completer yields: (text, start_position, display)."""
    completer = make_completer(runspace)
    doc = Document(line, len(line))
    return [(c.text, c.start_position, c.display_text)
            for c in completer.get_completions(doc, CompleteEvent(completion_requested=True))]


# ----------------------------------------------------------------- commands
def test_cmdlet_names_complete_in_proper_case(runspace: Runspace) -> None:
    assert "Get-ChildItem" in texts(runspace, "get-chi")
    assert texts(runspace, "Get-C") [:2] == ["Get-ChildItem", "Get-Command"]


def test_command_completion_replaces_the_typed_word(runspace: Runspace) -> None:
    assert ("Write-Output", -6, "Write-Output") in menu(runspace, "Write-")
    # After a pipe the next word is a command again.
    assert ("Write-Output", -3, "Write-Output") in menu(runspace, "1 | Wri")


def test_aliases_and_user_aliases_complete(runspace: Runspace) -> None:
    runspace.aliases["gciall"] = "Get-ChildItem"
    offered = texts(runspace, "gc")
    assert "gci" in offered and "gcm" in offered and "gciall" in offered


def test_functions_complete(runspace: Runspace) -> None:
    runspace.global_scope.functions["deploy-site"] = FunctionInfo("Deploy-Site", _block())
    assert "Deploy-Site" in texts(runspace, "Deploy-")


def test_executables_on_path_complete(runspace: Runspace, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    tool = bindir / "zzfrobnicate"
    tool.write_text("#!/bin/sh\n")
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    (bindir / "zznotexec").write_text("")
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    offered = texts(runspace, "zz")
    assert "zzfrobnicate" in offered
    assert "zznotexec" not in offered


def test_command_position_inside_a_block_and_after_assignment(runspace: Runspace) -> None:
    assert "Get-ChildItem" in texts(runspace, "if ($x) { Get-Chi")
    assert "Get-ChildItem" in texts(runspace, "$files = Get-Chi")
    assert "Get-ChildItem" in texts(runspace, "$(Get-Chi")
    assert "Get-ChildItem" in texts(runspace, "a; Get-Chi")


def test_wildcards_match_anywhere(runspace: Runspace) -> None:
    assert texts(runspace, "*-ChildI*") == ["Get-ChildItem"]


# ----------------------------------------------------------------- parameters
def test_parameters_of_the_command_being_typed(runspace: Runspace) -> None:
    assert texts(runspace, "Get-ChildItem -R") == ["-Recurse"]
    offered = texts(runspace, "Get-ChildItem -")
    assert offered[:3] == ["-Path", "-Filter", "-Recurse"]
    assert "-ErrorAction" in offered  # the common parameters come after


def test_parameters_through_an_alias_and_in_any_case(runspace: Runspace) -> None:
    assert texts(runspace, "gci -rec") == ["-Recurse"]
    runspace.aliases["ll"] = "gci"  # an alias of an alias
    assert texts(runspace, "ll -fil") == ["-Filter"]


def test_parameters_after_other_arguments_and_in_a_pipeline(runspace: Runspace) -> None:
    assert texts(runspace, "Get-Command foo | Get-ChildItem ~/x -Fi") == ["-Filter"]
    assert texts(runspace, 'Write-Output "a b" (1) -No') == ["-NoEnumerate"]


def test_parameters_of_a_function_param_block(runspace: Runspace) -> None:
    from shell.language import ast

    params = ast.ParamBlockAst((ast.ParameterAst("ComputerName", None, None, ()),
                                ast.ParameterAst("Force", "switch", None, ())), ())
    block = ast.ScriptBlockAst(params, None, None, None)
    runspace.global_scope.functions["connect-box"] = FunctionInfo("Connect-Box", ScriptBlock(block, ""))
    assert texts(runspace, "Connect-Box -") == ["-ComputerName", "-Force"]
    assert texts(runspace, "connect-box -f") == ["-Force"]


def test_parameter_values_from_choices_and_command_hint(runspace: Runspace) -> None:
    assert texts(runspace, "Get-ChildItem -ErrorAction Si") == ["SilentlyContinue"]
    assert "Write-Output" in texts(runspace, "Get-Command Write-O".replace("Get-Command ", "Get-Command -Name "))


def test_unknown_command_has_no_parameters(runspace: Runspace) -> None:
    assert texts(runspace, "Nope-Nothing -") == []


# ----------------------------------------------------------------- variables
def test_variables(runspace: Runspace) -> None:
    runspace.set_variable("ServerName", "web1")
    runspace.set_variable("servers", [1])
    offered = texts(runspace, "Write-Output $ser")
    assert offered == ["$ServerName", "$servers"]
    assert "$HOME" in texts(runspace, "$HO")
    assert "$PWD" in texts(runspace, "$pw")


def test_variables_with_scope_and_environment(runspace: Runspace, monkeypatch: pytest.MonkeyPatch) -> None:
    runspace.set_variable("Counter", 1)
    assert texts(runspace, "$global:Cou") == ["$global:Counter"]
    monkeypatch.setenv("PSREPL_TEST_VAR", "1")
    assert texts(runspace, "$env:PSREPL_TEST") == ["$env:PSREPL_TEST_VAR"]


def test_variable_with_odd_name_is_braced(runspace: Runspace) -> None:
    runspace.set_variable("my var", 1)
    assert texts(runspace, "$my") == ["${my var}"]


# ----------------------------------------------------------------- paths
@pytest.fixture
def tree(home: Path) -> Path:
    """home/{docs/, notes.txt, New Folder/, .hidden, data.csv, docs/inner.md}."""
    (home / "docs").mkdir()
    (home / "docs" / "inner.md").write_text("x")
    (home / "New Folder").mkdir()
    (home / "notes.txt").write_text("x")
    (home / "data.csv").write_text("x")
    (home / ".hidden").write_text("x")
    return home


def test_paths_relative_to_the_runspace_location(runspace: Runspace, tree: Path) -> None:
    assert texts(runspace, "Get-Content no") == ["notes.txt"]
    # Directories get a trailing slash; names with spaces are quoted.
    assert texts(runspace, "Get-ChildItem ") == ["data.csv", "docs/", "'New Folder/'", "notes.txt"]


def test_paths_not_from_the_process_working_directory(runspace: Runspace, tree: Path) -> None:
    runspace.location = str(tree / "docs")
    assert texts(runspace, "cat in") == ["inner.md"]
    assert texts(runspace, "cat ../no") == ["../notes.txt"]


def test_paths_with_tilde_and_absolute(runspace: Runspace, tree: Path) -> None:
    runspace.location = "/"
    assert texts(runspace, "Get-Content ~/do") == ["~/docs/"]
    assert texts(runspace, f"Get-Content {tree}/da") == [f"{tree}/data.csv"]
    assert "/tmp/" in texts(runspace, "Get-Content /tm")


def test_hidden_files_only_when_asked(runspace: Runspace, tree: Path) -> None:
    assert ".hidden" not in texts(runspace, "cat ")
    assert texts(runspace, "cat .hi") == [".hidden"]


def test_paths_inside_an_open_quote(runspace: Runspace, tree: Path) -> None:
    assert texts(runspace, "Get-ChildItem 'New") == ["'New Folder/'"]
    assert texts(runspace, 'Get-ChildItem "New') == ['"New Folder/"']


def test_set_location_completes_directories_only(runspace: Runspace, tree: Path) -> None:
    assert texts(runspace, "cd ") == ["docs/", "'New Folder/'"]


def test_paths_at_command_position(runspace: Runspace, tree: Path) -> None:
    assert texts(runspace, "./no") == ["./notes.txt"]


def test_completion_start_offsets_point_at_the_word(runspace: Runspace, tree: Path) -> None:
    line = "Get-ChildItem docs/in"
    assert complete(runspace, line, len(line)) == [("docs/inner.md", len("Get-ChildItem "))]
    # The cursor in the middle of the line: only the text before it counts.
    assert complete(runspace, "Get-Chi | Sort", 7) == [("Get-ChildItem", 0)]


# ----------------------------------------------------------------- remote
class _EnteredSession:
    """Stands in for an entered session: the far side answers completion requests."""

    computer_name = "Server01"
    location = "/srv"

    def __init__(self) -> None:
        self.asked: list[tuple[str, int]] = []

    def complete(self, text: str, cursor: int) -> list[tuple[str, int]]:
        self.asked.append((text, cursor))
        return [("Get-RemoteThing", 0), ("/srv/data/", 4)]


def test_remote_session_answers_completion(runspace: Runspace) -> None:
    session = _EnteredSession()
    runspace.remote = session
    assert [c[:2] for c in console_candidates(runspace, "Get-R", 5)] == [("Get-RemoteThing", 0), ("/srv/data/", 4)]
    assert session.asked == [("Get-R", 5)]
    assert ("Get-RemoteThing", -5, "Get-RemoteThing") in menu(runspace, "Get-R")


# ----------------------------------------------------------------- through the real prompt
def test_tab_in_the_real_prompt_session(runspace: Runspace) -> None:
    """Keys typed into the console's PromptSession: Tab completes the command and a parameter."""
    repl = Repl(runspace)
    with create_pipe_input() as pipe:
        session = repl.make_session(input=pipe, output=DummyOutput(), history=InMemoryHistory())

        def feed() -> None:
            # Completion runs asynchronously: give each Tab time to land before the next key.
            for keys in ("Get-ChildI", "\t", " -Rec", "\t", "\r"):
                time.sleep(0.15)
                pipe.send_text(keys)

        threading.Thread(target=feed, daemon=True).start()
        assert session.prompt("PS> ") == "Get-ChildItem -Recurse"


def _block() -> ScriptBlock:
    from shell.language import ast

    return ScriptBlock(ast.ScriptBlockAst(None, None, None, None), "")
