"""QA findings in the parser, pinned as strict xfails (remove the marker once they pass)."""

from __future__ import annotations


from pshelpers import run


def test_a_comma_after_a_comma_is_the_unary_comma() -> None:
    # PowerShell's parser reads each element after ',' as a unary expression and ',' is a
    # unary operator (Parser.cs; TokenFlags.UnaryOperator in token.cs): `1,,2` is
    # `1, (,2)` and outputs 1 and 2. "Missing expression after ','." is only where the
    # comma operator is off: method and attribute arguments (see test_parser.py).
    result = run("1,,2")
    assert (result.stdout, result.stderr) == ("1\n2\n", "")
    assert "Missing expression after ','." in run("'x'.Substring(1,,2)").stderr


def test_error_at_end_of_input_points_at_the_last_token() -> None:
    # PowerShell points after the '+' on line 1 (At line:1 char:4), whatever follows.
    result = run("2 +\n")
    assert result.stderr.startswith("ParserError: line 1, column 4:\n2 +\n   ^\n")


def test_powershell_7_operators() -> None:
    # PowerShell 7: 2 / default / 5 / (nothing for $null?.x) / yes
    result = run('$null ? 1 : 2; $null ?? "default"; $a = $null; $a ??= 5; $a; ${null}?.x; '
                 '(1 -gt 0) ? "yes" : "no"')
    assert (result.stdout, result.stderr) == ("2\ndefault\n5\nyes\n", "")
