"""QA: the exact error text of common mistakes through `psrepl -c`, as PowerShell 7 prints it
(one-line commands show the concise view: ``Reason: message``).

Conversion errors use the .NET 6 wording of PowerShell 7.2/7.3 ("Input string was not in a
correct format."), as psrepl does throughout; .NET 8 (PowerShell 7.4) says "The input string
'x' was not in a correct format."
"""

from __future__ import annotations

import pytest

from pshelpers import run_psrepl

CASES = {
    "Foo-Bar": "Foo-Bar: The term 'Foo-Bar' is not recognized as a name of a cmdlet, function, script "
               "file, or executable program.\nCheck the spelling of the name, or if a path was included, "
               "verify that the path is correct and try again.\n",
    "Get-ChildItem -Bogus": "Get-ChildItem: A parameter cannot be found that matches parameter name "
                            "'Bogus'.\n",
    "Get-Item /nope_qa": "Get-Item: Cannot find path '/nope_qa' because it does not exist.\n",
    "throw 'boom'": "Exception: boom\n",
    "Write-Error 'we'": "Write-Error: we\n",
    "'a'.Substring(5)": 'MethodInvocationException: Exception calling "Substring" with "1" argument(s): '
                        '"startIndex cannot be larger than length of string. (Parameter \'startIndex\')"\n',
    "Get-Content": "Get-Content: Cannot process command because of one or more missing mandatory "
                   "parameters: Path.\n",
    "Get-Process -Id notanumber": "Get-Process: Cannot bind parameter 'Id'. Cannot convert value "
                                  "\"notanumber\" to type \"System.Int32\". Error: \"Input string was not "
                                  "in a correct format.\"\n",
}


@pytest.mark.parametrize("text", list(CASES))
def test_error_text(text: str) -> None:
    proc = run_psrepl(["-c", text], cwd="/")
    assert proc.stderr == CASES[text]
    assert proc.stdout == ""
