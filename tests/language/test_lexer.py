"""Lexer tests: tokens in expression mode and in command mode, values, extents, errors."""

from __future__ import annotations

import pytest

from shell.language import ast as A
from shell.language.errors import ParseError
from shell.language.lexer import tokenize
from shell.language.lexer_text import numeric_bareword


def kinds(text: str, command_mode: bool = False) -> list[tuple[str, object]]:
    """(kind, value) of every token but the final eof."""
    return [(t.kind, t.value) for t in tokenize(text, command_mode)[:-1]]


EXPRESSION_MODE = [
    ("1 + 2", [("number", 1), ("op", "+"), ("number", 2)]),
    ("$a-1", [("variable", "a"), ("op", "-"), ("number", 1)]),
    ("$a -eq 1", [("variable", "a"), ("op", "-eq"), ("number", 1)]),
    ("$a -EQ 1", [("variable", "a"), ("op", "-eq"), ("number", 1)]),
    ("-not -bnot ! -split -join", [("op", "-not"), ("op", "-bnot"), ("op", "!"),
                                   ("op", "-split"), ("op", "-join")]),
    ("-ceq -ieq -creplace -inotlike -f", [("op", "-ceq"), ("op", "-ieq"), ("op", "-creplace"),
                                          ("op", "-inotlike"), ("op", "-f")]),
    ("-foo", [("unknown", "-foo")]),
    ("1..3", [("number", 1), ("op", ".."), ("number", 3)]),
    ("++ -- += -= *= /= %= =", [("op", "++"), ("op", "--"), ("assign", "+="), ("assign", "-="),
                                ("assign", "*="), ("assign", "/="), ("assign", "%="),
                                ("assign", "=")]),
    ("* / % +", [("op", "*"), ("op", "/"), ("op", "%"), ("op", "+")]),
    ("( ) { } [ ] ; , | & :: .", [("(", "("), (")", ")"), ("{", "{"), ("}", "}"), ("[", "["),
                                  ("]", "]"), (";", ";"), (",", ","), ("|", "|"), ("&", "&"),
                                  ("::", "::"), (".", ".")]),
    ("$( @( @{", [("$(", "$("), ("@(", "@("), ("@{", "@{")]),
    ("|| &&", [("||", "||"), ("&&", "&&")]),
    ("a\nb\r\nc", [("ident", "a"), ("newline", None), ("ident", "b"), ("newline", None),
                   ("ident", "c")]),
    ("a # comment\nb", [("ident", "a"), ("newline", None), ("ident", "b")]),
    ("a <# x\ny #> b", [("ident", "a"), ("ident", "b")]),
    ("a `\n b", [("ident", "a"), ("ident", "b")]),
    ("0x1F 1kb 1.5 .5 1e3 10L 2d 3mb 1GB 1tb 1pb",
     [("number", 31), ("number", 1024), ("number", 1.5), ("number", 0.5), ("number", 1000.0),
      ("number", 10), ("number", 2.0), ("number", 3 * 1024 ** 2), ("number", 1024 ** 3),
      ("number", 1024 ** 4), ("number", 1024 ** 5)]),
    ("'a''b'", [("string", "a'b")]),
    ("\"x`ty\"", [("string", "x\ty")]),
    ("$env:PATH ${a b} $_ $? $^ $$ @splat", [("variable", "PATH"), ("variable", "a b"),
                                             ("variable", "_"), ("variable", "?"),
                                             ("variable", "^"), ("variable", "$"),
                                             ("splat", "splat")]),
    ("> >> 2> 2>> 2>&1 *> *>&1 6>>", [
        ("redirect", ("file", 1, False)), ("redirect", ("file", 1, True)),
        ("redirect", ("file", 2, False)), ("redirect", ("file", 2, True)),
        ("redirect", ("merge", 2, 1)), ("redirect", ("file", "*", False)),
        ("redirect", ("merge", "*", 1)), ("redirect", ("file", 6, True))]),
    ("\u2013eq \u2014not", [("op", "-eq"), ("op", "-not")]),
    ("Name_1", [("ident", "Name_1")]),
    ("\u00e9t\u00e9", [("ident", "\u00e9t\u00e9")]),
    ("<", [("unknown", "<")]),
    ("$", [("unknown", "$")]),
    # PowerShell 7: ternary, null-coalescing (and its assignment)
    ("$c ? 1 : 2", [("variable", "c"), ("?", "?"), ("number", 1), (":", ":"), ("number", 2)]),
    ("$a ?? 1 ??= ?", [("variable", "a"), ("op", "??"), ("number", 1), ("assign", "??="),
                       ("?", "?")]),
    ("1:2 ::", [("number", 1), (":", ":"), ("number", 2), ("::", "::")]),
    # '?' is a variable-name character after the first one ($? alone is PowerShell's $?)
    ("$a? $a?b $a?? $_? $env:x? ${a}? $? @s?", [
        ("variable", "a?"), ("variable", "a?b"), ("variable", "a??"), ("variable", "_?"),
        ("variable", "x?"), ("variable", "a"), ("?", "?"), ("variable", "?"), ("splat", "s?")]),
    ("$true?2:3", [("variable", "3")]),
]


@pytest.mark.parametrize("text,expected", EXPRESSION_MODE, ids=[c[0] for c in EXPRESSION_MODE])
def test_expression_mode(text: str, expected: list) -> None:
    assert kinds(text) == expected


COMMAND_MODE = [
    ("Get-Process -Name foo", [("generic", "Get-Process"), ("param", "Name"),
                               ("generic", "foo")]),
    ("-Name:value -Path:", [("param:", "Name"), ("generic", "value"), ("param:", "Path")]),
    ("~/logs/x.txt *.txt ..\\foo", [("generic", "~/logs/x.txt"), ("generic", "*.txt"),
                                    ("generic", "..\\foo")]),
    ("1 -1 1.5 10kb 1..3 7z", [("number", 1), ("number", -1), ("number", 1.5),
                               ("number", 10240), ("generic", "1..3"), ("generic", "7z")]),
    ("- -- --verbose", [("generic", "-"), ("generic", "--"), ("generic", "--verbose")]),
    ("a,b", [("generic", "a"), (",", ","), ("generic", "b")]),
    ("a;b|c&", [("generic", "a"), (";", ";"), ("generic", "b"), ("|", "|"), ("generic", "c"),
                ("&", "&")]),
    ("a#b #c", [("generic", "a#b")]),
    ("[int] x=1", [("generic", "[int]"), ("generic", "x=1")]),
    ("% ? . &", [("generic", "%"), ("generic", "?"), ("generic", "."), ("&", "&")]),
    ("user@host @args", [("generic", "user@host"), ("splat", "args")]),
    ("a>b 2>&1", [("generic", "a"), ("redirect", ("file", 1, False)), ("generic", "b"),
                  ("redirect", ("merge", 2, 1))]),
    ("a` b", [("generic", "a b")]),
    ("'q' \"d\"", [("string", "q"), ("string", "d")]),
    ("\u2013Name", [("param", "Name")]),
    # chain operators; '?' and ':' belong to barewords in command mode
    ("a && b || c", [("generic", "a"), ("&&", "&&"), ("generic", "b"), ("||", "||"),
                     ("generic", "c")]),
    ("a?b 1?2:3 ?? $a?", [("generic", "a?b"), ("generic", "1?2:3"), ("generic", "??"),
                          ("variable", "a?")]),
]


@pytest.mark.parametrize("text,expected", COMMAND_MODE, ids=[c[0] for c in COMMAND_MODE])
def test_command_mode(text: str, expected: list) -> None:
    assert kinds(text, command_mode=True) == expected


def test_expandable_bareword() -> None:
    (tok,) = tokenize("logs/$name.txt", command_mode=True)[:-1]
    assert tok.kind == "generic"
    node = tok.node
    assert type(node) is A.ExpandableStringExpressionAst and node.kind == "bare"
    assert node.parts[0] == "logs/" and node.parts[2] == ".txt"
    assert node.parts[1].name == "name"


def test_bareword_with_quotes_joins() -> None:
    (tok,) = tokenize('foo"bar baz"\'q\'', command_mode=True)[:-1]
    assert tok.node.value == "foobar bazq"


def test_double_string_parts() -> None:
    (tok,) = tokenize('"a $x b $($y + 1) c ${z}"')[:-1]
    node = tok.node
    assert type(node) is A.ExpandableStringExpressionAst and node.kind == "double"
    assert node.parts[0] == "a " and node.parts[2] == " b " and node.parts[4] == " c "
    assert type(node.parts[1]) is A.VariableExpressionAst
    assert type(node.parts[3]) is A.SubExpressionAst
    assert node.parts[5].name == "z"


def test_string_with_nothing_to_expand_is_a_constant() -> None:
    (tok,) = tokenize('"plain `$x"')[:-1]
    assert type(tok.node) is A.StringConstantExpressionAst
    assert tok.node.value == "plain $x" and tok.node.kind == "double"


def test_here_strings() -> None:
    (tok,) = tokenize("@'\n  a '' b\n'@")[:-1]
    assert tok.node.value == "  a '' b" and tok.node.kind == "here_single"
    (tok,) = tokenize('@"\n"q" $x `t\n"@')[:-1]
    assert tok.node.kind == "here_double"
    assert tok.node.parts == ('"q" ', tok.node.parts[1], " \t")


def test_token_text_and_extent() -> None:
    toks = tokenize("$a = 1\n  Get-Date")
    assert [t.text for t in toks[:-1]] == ["$a", "=", "1", "\n", "Get", "-Date"]
    ext = toks[4].extent
    assert (ext.line, ext.column, ext.text) == (2, 3, "Get")


def test_tokens_are_immutable() -> None:
    tok = tokenize("1")[0]
    with pytest.raises(AttributeError):
        tok.kind = "x"  # type: ignore[misc]


def test_numeric_bareword() -> None:
    assert numeric_bareword("42") == 42
    assert numeric_bareword("-0x10") == -16
    assert numeric_bareword("+2kb") == 2048
    assert numeric_bareword("1.5.2") is None
    assert numeric_bareword("-") is None
    assert numeric_bareword("abc") is None


@pytest.mark.parametrize("text,message", [
    ("'abc", "The string is missing the terminator: '."),
    ('"abc', 'The string is missing the terminator: ".'),
    ("a `", "Missing the line after the line continuation character '`'."),
    ("<# x", "Missing the terminator '#>' of the block comment."),
    ("@'\nx", "The string is missing the terminator: '@."),
    ("${x", "Missing closing '}' in the variable reference"),
])
def test_incomplete_tokens(text: str, message: str) -> None:
    with pytest.raises(ParseError) as info:
        tokenize(text)
    assert info.value.message.startswith(message)
    assert info.value.incomplete


def test_lexer_errors_are_not_incomplete() -> None:
    with pytest.raises(ParseError) as info:
        tokenize("$x: 1")
    assert not info.value.incomplete
    with pytest.raises(ParseError) as info:
        tokenize('@"abc\n"@')
    assert not info.value.incomplete


def test_question_mark_variable_in_strings_and_scopes() -> None:
    (tok,) = tokenize('"is it $name? yes"')[:-1]
    parts = tok.node.parts
    assert parts[0] == "is it " and parts[1].name == "name?" and parts[2] == " yes"
    (var,) = tokenize("$true?2:3")[:-1]
    assert (var.node.scope, var.node.name) == ("true?2", "3")
