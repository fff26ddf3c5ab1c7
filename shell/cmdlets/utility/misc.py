"""Measure-Command, Read-Host, Clear-Host and Invoke-Expression (and the SecureString Read-Host makes)."""

from __future__ import annotations

from typing import Any

from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory
from shell.language.host import HostError
from shell.language.psobject import PSLive


class MeasureCommand(Cmdlet):
    """Measure-Command [-Expression] <scriptblock> [-InputObject <psobject>]."""

    name = "Measure-Command"
    aliases = ()
    synopsis = "Measures the time it takes to run script blocks and cmdlets."
    description = ("Runs the script block (once, or once per piped object with $_ set to it), "
                   "throws its output away, and returns how long it took as a TimeSpan.")
    examples = ("Measure-Command { Get-ChildItem -Recurse }",
                "(Measure-Command { Start-Sleep -Milliseconds 200 }).TotalMilliseconds")
    params = (
        Param("Expression", "scriptblock", position=0, mandatory=True,
              help="The script block to time."),
        Param("InputObject", "object", pipeline=True, help="Objects to run the block for, as $_."),
    )

    def begin(self) -> None:
        """No time spent yet (an empty pipeline runs nothing and reports zero, as PowerShell does)."""
        self._elapsed = 0.0

    def process(self) -> None:
        """Time one run of the block."""
        import time  # noqa: PLC0415
        from shell.language.scriptblock import NO_ITEM  # noqa: PLC0415

        item = self.input_object if self.expecting_input else NO_ITEM
        start = time.perf_counter()
        try:
            self.run_block(self.expression, dollar_under=item, output=_discard)
        finally:
            self._elapsed += time.perf_counter() - start

    def end(self) -> None:
        """Write the total time."""
        from shell.language.timespan import TimeSpan  # noqa: PLC0415
        self.write(TimeSpan(round(self._elapsed * 10_000_000)))


def _discard(_item: Any) -> None:
    """Measure-Command throws the block's output away."""


class SecureString(PSLive):
    """What ``Read-Host -AsSecureString`` returns: text that never shows itself."""

    ps_type_names = ("System.Security.SecureString", "System.Object")
    ps_properties = ("Length",)

    def __init__(self, text: str) -> None:
        self._text = text

    @property
    def Length(self) -> int:
        """The number of characters."""
        return len(self._text)

    def reveal(self) -> str:
        """The text (for code that must use it: credentials, ConvertFrom-SecureString -AsPlainText)."""
        return self._text

    def __str__(self) -> str:
        return "System.Security.SecureString"

    def __repr__(self) -> str:
        return "SecureString(<hidden>)"


class ReadHost(Cmdlet):
    """Read-Host [[-Prompt] <Object>] [-AsSecureString] [-MaskInput]."""

    name = "Read-Host"
    aliases = ()
    synopsis = "Reads a line of input from the console."
    description = ("Shows the prompt followed by ': ' and returns the line typed. -MaskInput "
                   "hides the typing; -AsSecureString also returns a SecureString. Where there "
                   "is no one to type (a job, a script with no input left) it fails with an error.")
    examples = ("$name = Read-Host 'Your name'", "$pw = Read-Host 'Password' -AsSecureString")
    params = (
        Param("Prompt", "object", position=0, remaining=True, help="The text to show."),
        Param("AsSecureString", "switch", help="Hide the typing and return a SecureString."),
        Param("MaskInput", "switch", help="Hide the typing (returns a string)."),
    )

    def process(self) -> None:
        """Read the line."""
        from shell.language.conversions import to_string  # noqa: PLC0415

        prompt = self.prompt
        if isinstance(prompt, (list, tuple)):
            text = " ".join(to_string(p) for p in prompt)
        else:
            text = to_string(prompt)
        shown = f"{text}: " if text else ""
        try:
            if self.as_secure_string or self.mask_input:
                line = self.host.read_secret(shown)
            else:
                line = self.host.read_line(shown)
        except HostError as exc:
            self.throw(f"Read-Host cannot read input: {exc}", category=ErrorCategory.RESOURCE_UNAVAILABLE,
                       error_id="ReadHostNoInput",
                       target=text)
        except EOFError:
            self.throw("Read-Host cannot read input: the input has ended.",
                       category=ErrorCategory.RESOURCE_UNAVAILABLE, error_id="ReadHostNoInput")
        line = line.rstrip("\r\n") if isinstance(line, str) else ""
        self.write(SecureString(line) if self.as_secure_string else line)


class ClearHost(Cmdlet):
    """Clear-Host."""

    name = "Clear-Host"
    aliases = ("cls",)
    synopsis = "Clears the display in the host program."
    description = "Clears the console screen (nothing happens where there is no screen)."
    examples = ("Clear-Host",)
    params = ()

    def process(self) -> None:
        """Clear the screen."""
        self.host.clear()


class InvokeExpression(Cmdlet):
    """Invoke-Expression [-Command] <string>."""

    name = "Invoke-Expression"
    aliases = ("iex",)
    synopsis = "Runs commands or expressions on the local computer."
    description = ("Runs a string as psrepl code in the current scope (variables it sets stay "
                   "set) and writes its output. Never pass it text you did not write yourself.")
    examples = ("Invoke-Expression 'Get-ChildItem | Select-Object -First 2'",
                "$cmd = 'Get-Date'; iex $cmd")
    params = (
        Param("Command", "string", position=0, mandatory=True, pipeline=True,
              help="The code to run."),
    )

    def process(self) -> None:
        """Run the text."""
        from shell.language.conversions import to_string  # noqa: PLC0415

        text = to_string(self.command)
        if not text.strip():
            return
        self.runspace.engine.invoke_text(text, output=self._out, emit=self._emit)
