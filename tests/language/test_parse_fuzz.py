"""Generated input: the parser either returns an AST or raises ParseError, never anything else.

No input, however malformed, may make psrepl print a Python traceback, and the
console calls the parser on every line it reads; so random text built from
PowerShell's own pieces (and mutations of valid scripts) must parse or fail cleanly,
quickly.
"""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shell.language import ast as A
from shell.language.errors import ParseError
from shell.language.parser import parse

PIECES = [
    "$x", "$_", "$env:P", "${a b}", "@p", "$", "@", "(", ")", "{", "}", "[", "]", "@(", "$(",
    "@{", "'", '"', "`", "`n", "@'\n", "\n'@", '@"\n', '\n"@', "\n", "\r\n", " ", "\t", ";",
    ",", "|", "&", "&&", ".", "..", "::", ":", ":lbl ", "=", "+=", "-", "--", "++", "+", "*",
    "/", "%", "!", ">", ">>", "2>&1", "*>", "<", "#", "<#", "#>", "-eq", "-not", "-f",
    "-replace", "-Name", "-Path:", "if", "elseif", "else", "foreach", "in", "for", "while",
    "do", "until", "switch", "default", "try", "catch", "finally", "function", "filter",
    "param", "begin", "process", "end", "break", "continue", "return", "exit", "throw",
    "Get-Process", "echo", "a", "x.txt", "~/", "0", "1", "0x1F", "1.5", "1kb", "1e3", "[int]",
    "[string[]]", "[math]::", "[CmdletBinding()]", "[Parameter(Mandatory)]", "\u2013",
    "\u201c", "\u2018", "\u00e9", "\u4e2d", "\U0001f600", "\x00", "\ufeff", "\u00a0",
    # PowerShell 7's operators
    "?", " ? ", " : ", "??", " ?? ", "??=", "?.", "?[", "||", " && ", "${a}", "$a?",
]

VALID = [
    "Get-Process -Name foo | Select-Object -First 1",
    "$x = 1 + 2 * 3; \"total: $($x * 2)\"",
    "if ($a -eq 1) { 'one' } elseif ($a -gt 2) { 'big' } else { 'other' }",
    "foreach ($i in 1..3) { Write-Host \"item $i\" }",
    "function f([int]$a = 1, $b) { begin { } process { $_ } end { $a + $b } }",
    "$h = @{ a = 1; b = Get-Date; c = @(1, 2) }; $h.a; $h['b']",
    "try { throw 'x' } catch [System.Exception] { $_.Exception.Message } finally { 'done' }",
    "switch -regex ($s) { '^a' { 1; break } { $_ -gt 2 } { 2 } default { 3 } }",
    "Receive-Job $job > ~/logs/PsLog.txt 2>&1; Get-X *>> all.txt",
    "[math]::Round(1.5); [datetime]'2024-01-01'; [int[]]$a = 1, 2",
    "@'\nhere $x\n'@ + @\"\nhere $y\n\"@",
    ":outer while ($true) { do { continue outer } until ($false) }",
    "$sb = { param($a) $a * 2 }; & $sb 3; . { 'dot' }",
    "1..10 | ForEach-Object { $_ * 2 } | Where-Object { $_ -gt 5 } | Measure-Object -Sum",
    "for ($i = 0; $i -lt 10; $i++) { if ($i % 2) { continue } ; $i }",
    "$r = $a -gt 1 ? 'big' : ($b ?? 'none'); $c ??= @{}; ${c}?.Keys; ${d}?[0]?.Trim()",
    "Test-Path x && Remove-Item x || Write-Warning 'gone' ; git pull && make &",
]


def check(text: str) -> None:
    start = time.perf_counter()
    try:
        tree = parse(text)
    except ParseError as err:
        assert err.extent is not None
        assert 0 <= err.extent.start <= len(text)
        assert err.extent.line >= 1 and err.extent.column >= 1
        assert isinstance(err.message, str) and err.message
        err.render()
    else:
        assert type(tree) is A.ScriptBlockAst
    assert time.perf_counter() - start < 1.0, f"slow parse of {text!r}"


pieces = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)
mixed = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=20).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces)
def test_token_soup_parses_or_fails_cleanly(text: str) -> None:
    check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed)
def test_token_soup_with_arbitrary_unicode(text: str) -> None:
    check(text)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(VALID))
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "truncate", "duplicate"]))
        if action == "insert":
            text = text[:pos] + draw(st.sampled_from(PIECES)) + text[pos:]
        elif action == "delete":
            end = draw(st.integers(pos, min(len(text), pos + 5)))
            text = text[:pos] + text[end:]
        elif action == "truncate":
            text = text[:pos]
        else:
            end = draw(st.integers(pos, min(len(text), pos + 10)))
            text = text[:end] + text[pos:]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_scripts_parse_or_fail_cleanly(text: str) -> None:
    check(text)


def test_valid_scripts_parse() -> None:
    for text in VALID:
        assert type(parse(text)) is A.ScriptBlockAst


def test_every_prefix_of_valid_scripts() -> None:
    """What a console sees while a script is typed: each prefix parses or fails cleanly."""
    for text in VALID:
        for end in range(len(text) + 1):
            check(text[:end])


def test_pathological_inputs_are_bounded() -> None:
    for text in ["(" * 3000, "{" * 3000, "@(" * 2000, "$(" * 2000, "[" * 3000, "-" * 5000,
                 "'" * 5001, '"' * 5001, "`" * 5001, "1+" * 3000 + "1", ",1" * 3000,
                 "a | " * 2000 + "b", "\n" * 10000, "$x." * 2000, "!" * 3000 + "1",
                 "@{a=" * 1000, "\"$(" * 1000, "$a ? " * 2000 + "1", "a && " * 2000 + "b",
                 "$a ?? " * 3000 + "1", "${a}?." * 2000 + "b"]:
        check(text)
