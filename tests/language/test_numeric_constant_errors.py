"""A numeric literal too large for its type suffix is a parse error, not a crash (found by test_parse_fuzz)."""

from __future__ import annotations

from pshelpers import run


def test_an_int64_literal_too_large_is_a_parse_error() -> None:
    result = run("1e30L")
    assert "The numeric constant 1e30L is not valid." in result.stderr
    assert "Traceback" not in result.stderr


def test_the_same_word_as_a_command_argument_is_a_string() -> None:
    assert run("Write-Output 1e30L").stdout == "1e30L\n"


def test_valid_long_literals_still_work() -> None:
    assert run("5L; 0x10L; (5L).GetType().Name").stdout == "5\n16\nInt64\n"
