"""How a cmdlet is declared: one small class per cmdlet.

A cmdlet names itself, its aliases, a one-line synopsis and its parameters; it
does its work in ``begin``/``process``/``end``. Binding (shell.language.binder),
Get-Help, Get-Command and tab completion all read the same declaration::

    class WriteOutput(Cmdlet):
        name = "Write-Output"
        aliases = ("echo", "write")
        synopsis = "Sends objects down the pipeline."
        params = (
            Param("InputObject", "object[]", position=0, pipeline=True, remaining=True),
            Param("NoEnumerate", "switch"),
        )

        def process(self) -> None:
            for item in self.input_object or ():
                self.write(item, enumerate=not self.no_enumerate)

Bound values are set as attributes named by ``Param.attr`` (the snake_case of the
parameter name: ``InputObject`` -> ``input_object``) before ``begin`` runs, and the
pipeline parameter again before each ``process``. Parameters not given hold their
default (``None``, or ``False`` for switches). ``self.bound`` holds the names of
the parameters that were given (PowerShell's ``$PSBoundParameters``).

Parameter types are strings the binder converts to: ``object``, ``string``,
``int``, ``long``, ``double``, ``bool``, ``switch``, ``scriptblock``, ``datetime``,
``timespan``, ``hashtable``, and any of these with ``[]`` for an array (a single
value becomes a one-element list).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn

from shell.language.scriptblock import NO_ITEM
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.streams import (DebugRecord, InformationRecord, Stream, VerboseRecord,
                                    WarningRecord)

if TYPE_CHECKING:
    from shell.language.ast import Extent
    from shell.language.runspace import Runspace

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake_case(name: str) -> str:
    """``InputObject`` -> ``input_object``; ``AsJob`` -> ``as_job``; ``PSSession`` -> ``ps_session``."""
    return _CAMEL.sub("_", name).lower()


class Param:
    """The declaration of one parameter.

    ``position``: index for positional binding (None: named only).
    ``pipeline``: takes pipeline input by value (ValueFromPipeline).
    ``by_property_name``: takes the same-named property of a pipeline object.
    ``remaining``: collects the positional arguments left over (ValueFromRemainingArguments).
    ``allow_null`` / ``allow_empty``: a mandatory parameter accepts ``$null`` / ``''``
    (PowerShell's [AllowNull()] / [AllowEmptyString()]); otherwise binding refuses them.
    ``completer``: a hint for tab completion: 'path', 'command', 'variable', or None.
    """

    __slots__ = ("name", "type", "position", "mandatory", "pipeline", "by_property_name",
                 "aliases", "default", "remaining", "help", "attr", "completer", "choices",
                 "allow_null", "allow_empty")

    def __init__(self, name: str, type: str = "object", *, position: int | None = None,
                 mandatory: bool = False, pipeline: bool = False, by_property_name: bool = False,
                 aliases: tuple[str, ...] = (), default: Any = None, remaining: bool = False,
                 help: str = "", attr: str | None = None, completer: str | None = None,
                 choices: tuple[str, ...] = (), allow_null: bool = False,
                 allow_empty: bool = False) -> None:
        self.name = name
        self.type = type
        self.position = position
        self.mandatory = mandatory
        self.pipeline = pipeline
        self.by_property_name = by_property_name
        self.aliases = aliases
        self.default = False if type == "switch" and default is None else default
        self.remaining = remaining
        self.help = help
        self.attr = attr or snake_case(name)
        self.completer = completer
        self.choices = choices
        self.allow_null = allow_null
        self.allow_empty = allow_empty

    @property
    def is_switch(self) -> bool:
        """True for a switch parameter (``-AsJob``), which takes no value."""
        return self.type == "switch"

    def __repr__(self) -> str:
        return f"Param({self.name!r}, {self.type!r})"


#: Parameters every cmdlet accepts (PowerShell's common parameters, the ones we honour).
COMMON_PARAMS: tuple[Param, ...] = (
    Param("Verbose", "switch", aliases=("vb",)),
    Param("Debug", "switch", aliases=("db",)),
    Param("ErrorAction", "string", aliases=("ea",),
          choices=("Continue", "SilentlyContinue", "Stop", "Ignore", "Inquire")),
    Param("WarningAction", "string", aliases=("wa",),
          choices=("Continue", "SilentlyContinue", "Stop", "Ignore", "Inquire")),
    Param("InformationAction", "string", aliases=("infa",),
          choices=("Continue", "SilentlyContinue", "Stop", "Ignore", "Inquire")),
    Param("ErrorVariable", "string", aliases=("ev",)),
    Param("WarningVariable", "string", aliases=("wv",)),
    Param("InformationVariable", "string", aliases=("iv",)),
    Param("OutVariable", "string", aliases=("ov",)),
    Param("PipelineVariable", "string", aliases=("pv",)),
)


class Cmdlet:
    """Base of every cmdlet. Subclasses declare; the pipeline processor drives.

    Set by the pipeline processor before ``begin``:
    ``runspace`` (variables, location, job and session tables, host),
    ``extent`` (where the command was typed, for errors),
    ``bound`` (names of the parameters given),
    ``expecting_input`` (True when something is piped in).
    """

    name: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()
    synopsis: ClassVar[str] = ""
    params: ClassVar[tuple[Param, ...]] = ()
    #: Longer help shown by Get-Help -Full / -Detailed (optional).
    description: ClassVar[str] = ""
    #: Example lines shown by Get-Help -Examples (optional).
    examples: ClassVar[tuple[str, ...]] = ()

    runspace: Runspace
    extent: Extent | None
    bound: set[str]
    expecting_input: bool

    def __init__(self) -> None:
        for p in self.params:
            setattr(self, p.attr, p.default)
        for p in COMMON_PARAMS:
            setattr(self, p.attr, p.default)
        self.bound = set()
        self.expecting_input = False
        self.extent = None
        # Set by the pipeline processor: where output and other records go.
        self._out: Any = None
        self._emit: Any = None

    # ----------------------------------------------------------- lifecycle
    def begin(self) -> None:
        """Runs once before any input."""

    def process(self) -> None:
        """Runs once per pipeline input (once in all when nothing is piped in)."""

    def end(self) -> None:
        """Runs once after all input."""

    def stop(self) -> None:
        """Called from another thread when the pipeline is being stopped (Ctrl+C, Stop-Job)."""

    # ----------------------------------------------------------- writing
    def write(self, obj: Any, enumerate: bool = False) -> None:
        """Send ``obj`` down the pipeline; with ``enumerate``, a list is sent item by item."""
        if enumerate and isinstance(obj, (list, tuple)):
            out = self._out
            for item in obj:
                out(item)
        else:
            self._out(obj)

    def write_error(self, error: ErrorRecord | str, *, category: str = ErrorCategory.NOT_SPECIFIED,
                    target: Any = None, error_id: str = "") -> None:
        """Write a non-terminating error; the pipeline carries on."""
        if isinstance(error, str):
            error = ErrorRecord(error, category=category, target=target, error_id=error_id,
                                command=self.name, extent=self.extent)
        elif error.command is None:
            error.command = self.name
            if error.extent is None:
                error.extent = self.extent
        self._emit(Stream.ERROR, error)

    def throw(self, error: ErrorRecord | str, *, category: str = ErrorCategory.NOT_SPECIFIED,
              target: Any = None, error_id: str = "") -> NoReturn:
        """Raise a terminating error naming this command."""
        if isinstance(error, str):
            error = ErrorRecord(error, category=category, target=target, error_id=error_id,
                                command=self.name, extent=self.extent)
        elif error.command is None:
            error.command = self.name
        raise PSRuntimeError(error)

    def write_warning(self, message: str) -> None:
        """Write to the Warning stream (``WARNING: message``)."""
        self._emit(Stream.WARNING, WarningRecord(message))

    def write_verbose(self, message: str) -> None:
        """Write to the Verbose stream (shown when -Verbose or $VerbosePreference says so)."""
        self._emit(Stream.VERBOSE, VerboseRecord(message))

    def write_debug(self, message: str) -> None:
        """Write to the Debug stream."""
        self._emit(Stream.DEBUG, DebugRecord(message))

    def write_information(self, record: InformationRecord) -> None:
        """Write to the Information stream (Write-Host writes here with the PSHOST tag)."""
        self._emit(Stream.INFORMATION, record)

    # ----------------------------------------------------------- helpers
    @property
    def host(self) -> Any:
        """The runspace's host (console, job, endpoint)."""
        return self.runspace.host

    def check_stopping(self) -> None:
        """Raise PipelineStoppedError when the pipeline is being stopped; call in long loops."""
        self.runspace.check_stopping()

    def run_block(self, block: Any, *args: Any, dollar_under: Any = NO_ITEM, input: Any = None,
                  new_scope: bool = False, output: Any = None) -> list[Any] | None:
        """Run a ScriptBlock for this command: ``$_`` = ``dollar_under``, ``$args`` = ``args``.

        Output goes to ``output`` when given (returns None), else is returned as a list.
        Its errors, warnings and other records go to this command's streams (and so
        follow this command's redirections). ``new_scope=False`` (the default) runs in
        the caller's scope, as ForEach-Object and Where-Object do.
        """
        return self.runspace.engine.invoke_block(block, args, dollar_under=dollar_under,
                                                 input=input, new_scope=new_scope,
                                                 output=output, emit=self._emit)

    @classmethod
    def all_params(cls) -> tuple[Param, ...]:
        """Declared parameters followed by the common ones."""
        return cls.params + COMMON_PARAMS
