"""Select-String (alias ``sls``): finds text in strings and files, as grep does.

Each match is a MatchInfo (LineNumber, Line, Path, Filename, Pattern, Matches,
Context) whose string form is ``path:line:text`` for files (the path relative to
the current location when it is below it) and the line alone for piped strings.
With -Context, the lines around a match are kept and shown with ``> `` marking
the match. Patterns are .NET regular expressions, case-insensitive by default.
"""

from __future__ import annotations

import os
import re
from collections import deque
from typing import Any, ClassVar

from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError
from shell.language.psobject import PSLive

_INPUT_STREAM = "InputStream"


class MatchInfoContext(PSLive):
    """The lines before and after a match (Select-String -Context)."""

    ps_type_names = ("Microsoft.PowerShell.Commands.MatchInfoContext", "System.Object")
    ps_properties = ("PreContext", "PostContext", "DisplayPreContext", "DisplayPostContext")

    # Class-level defaults: PSLive finds PowerShell properties on the class.
    PreContext: list[str] = []
    PostContext: list[str] = []
    DisplayPreContext: list[str] = []
    DisplayPostContext: list[str] = []

    def __init__(self) -> None:
        self.PreContext: list[str] = []
        self.PostContext: list[str] = []
        self.DisplayPreContext: list[str] = []
        self.DisplayPostContext: list[str] = []


class MatchInfo(PSLive):
    """One matching line."""

    ps_type_names = ("Microsoft.PowerShell.Commands.MatchInfo", "System.Object")
    ps_properties = ("IgnoreCase", "LineNumber", "Line", "Filename", "Path", "Pattern", "Context", "Matches")
    #: Shown as its string form (``path:line:text``), as PowerShell's format view does.
    ps_view: ClassVar[str | None] = "string"

    # Class-level defaults: PSLive finds PowerShell properties on the class.
    Line: str = ""
    Pattern: str = ""
    IgnoreCase: bool = True
    Matches: list[Any] = []
    LineNumber: int = 0
    Context: MatchInfoContext | None = None

    def __init__(self, line: str, pattern: str, ignore_case: bool, matches: list[Any],
                 path: str | None = None, line_number: int = 0, base: str | None = None) -> None:
        self.Line = line
        self.Pattern = pattern
        self.IgnoreCase = ignore_case
        self.Matches = matches
        self.LineNumber = line_number
        self._path = path
        self._base = base
        self.Context: MatchInfoContext | None = None

    @property
    def Path(self) -> str:  # noqa: N802 - PowerShell's property name
        """The file's full path, or ``InputStream`` for piped strings."""
        return self._path if self._path is not None else _INPUT_STREAM

    @property
    def Filename(self) -> str:  # noqa: N802
        """The file's name, or ``InputStream``."""
        return os.path.basename(self._path) if self._path is not None else _INPUT_STREAM

    def RelativePath(self, directory: str) -> str:  # noqa: N802 - PowerShell's method name
        """The path relative to ``directory`` when it is below it."""
        if self._path is None:
            return _INPUT_STREAM
        path = self._path
        if directory and path.lower().startswith(directory.lower()):
            rest = path[len(directory):]
            if directory.endswith("/"):
                return rest
            if rest.startswith("/"):
                return rest[1:]
        return path

    def ToString(self, directory: str | None = None) -> str:  # noqa: N802
        """``path:line:text`` (``text`` alone for piped strings), with context lines when kept."""
        shown = self.RelativePath(directory) if directory is not None else self._path
        context = self.Context
        if context is None:
            return self._format(self.Line, self.LineNumber, shown, "")
        lines = []
        number = self.LineNumber - len(context.DisplayPreContext)
        for text in context.DisplayPreContext:
            lines.append(self._format(text, number, shown, "  "))
            number += 1
        lines.append(self._format(self.Line, number, shown, "> "))
        number += 1
        for text in context.DisplayPostContext:
            lines.append(self._format(text, number, shown, "  "))
            number += 1
        return "\n".join(lines)

    def _format(self, text: str, number: int, shown: str | None, prefix: str) -> str:
        if self._path is None:
            return prefix + text
        return f"{prefix}{shown}:{number}:{text}"

    def __str__(self) -> str:
        return self.ToString(self._base)

    def __repr__(self) -> str:
        return f"MatchInfo({self.Path!r}, {self.LineNumber}, {self.Line!r})"


def _make_match(m: re.Match[str]) -> Any:
    """A System.Text.RegularExpressions.Match for ``m`` (Value, Index, Length, Groups)."""
    from shell.language.operations import RegexMatch  # noqa: PLC0415
    return RegexMatch(m)


def _compile(pattern: str, case_sensitive: bool) -> re.Pattern[str]:
    """A .NET pattern compiled for Python by the language's translator (PSRuntimeError if bad)."""
    from shell.language.operations import compile_regex  # noqa: PLC0415
    return compile_regex(pattern, case_sensitive)


class _Tracker:
    """Holds matches until their post-context is complete (PowerShell's display context)."""

    def __init__(self, pre: int, post: int) -> None:
        self.pre = pre
        self.post = post
        self.before: deque[str] = deque(maxlen=pre) if pre else deque(maxlen=0)
        self.pending: MatchInfo | None = None
        self.after: list[str] = []
        self.ready: list[MatchInfo] = []

    def line(self, text: str) -> None:
        """A line that did not match."""
        if self.pending is not None:
            self.after.append(text)
            if len(self.after) >= self.post:
                self._release()
        elif self.pre:
            self.before.append(text)

    def match(self, info: MatchInfo) -> None:
        """A matching line."""
        if self.pending is not None:
            self._release()
        if self.pre or self.post:
            info.Context = MatchInfoContext()
            info.Context.DisplayPreContext = list(self.before)
            info.Context.PreContext = list(self.before)
        self.before.clear()
        if self.post:
            self.pending = info
            self.after = []
        else:
            self.ready.append(info)

    def eof(self) -> None:
        """No more lines: release what is waiting for post-context."""
        if self.pending is not None:
            self._release()

    def _release(self) -> None:
        info = self.pending
        self.pending = None
        if info is not None:
            if info.Context is not None:
                info.Context.DisplayPostContext = list(self.after)
                info.Context.PostContext = list(self.after)
            self.ready.append(info)
        self.after = []

    def take(self) -> list[MatchInfo]:
        """The matches ready to be written."""
        out, self.ready = self.ready, []
        return out


class SelectString(Cmdlet):
    """Select-String: finds text in strings and files."""

    name = "Select-String"
    aliases = ("sls",)
    synopsis = "Finds text in strings and files."
    params = (
        Param("Pattern", "string[]", position=0, mandatory=True, help="Regular expressions to find."),
        # Not bound by property name: a piped MatchInfo (which has a Path) must be filtered,
        # not make the command search its file; piped FileInfo objects are searched (_file_path).
        Param("Path", "string[]", position=1, completer="path",
              help="Files to search (wildcards allowed)."),
        Param("LiteralPath", "string[]", aliases=("PSPath", "LP"), completer="path",
              help="Files to search; no character is a wildcard."),
        Param("InputObject", "object", pipeline=True, help="Text (or files) to search."),
        Param("SimpleMatch", "switch", help="The pattern is plain text, not a regular expression."),
        Param("CaseSensitive", "switch", help="Upper and lower case are different."),
        Param("NotMatch", "switch", help="Finds the lines that do not match."),
        Param("AllMatches", "switch", help="Finds every match in each line."),
        Param("Context", "int[]", help="Lines kept before and after each match: N, or Before,After."),
        Param("Quiet", "switch", help="Returns $true when a match is found."),
        Param("List", "switch", help="Only the first match in each file."),
        Param("Raw", "switch", help="Outputs the matching lines as strings."),
        Param("Include", "string[]", help="Only files whose names match these wildcards."),
        Param("Exclude", "string[]", help="Leaves out files whose names match these wildcards."),
        Param("Encoding", "string", help="The files' encoding (default utf8)."),
        Param("NoEmphasis", "switch", help="Accepted: matches are not highlighted by psrepl."),
    )
    examples = ("Select-String -Path *.log -Pattern 'error'", "Get-Content notes.txt | sls todo",
                "sls 'def \\w+' *.py -AllMatches", "'a1','b2' | Select-String '\\d' -Raw")

    def begin(self) -> None:
        patterns = [str(p) for p in (self.pattern or ())]
        self._patterns = patterns
        self._regexes: list[re.Pattern[str]] = []
        if not self.simple_match:
            for pattern in patterns:
                try:
                    self._regexes.append(_compile(pattern, bool(self.case_sensitive)))
                except PSRuntimeError as err:
                    reason = err.record.inner if err.record.inner is not None else err.record.message
                    self.throw(ErrorRecord(f"The string {pattern} is not a valid regular expression: {reason}",
                                           category=ErrorCategory.INVALID_ARGUMENT, error_id="InvalidRegex",
                                           command=self.name, extent=self.extent,
                                           exception_type="System.ArgumentException"))
        context = list(self.context or ())
        if len(context) > 2 or any(c < 0 for c in context):
            self.throw("Cannot validate argument on parameter 'Context'. The number of provided arguments, "
                       f"({len(context)}), exceeds the maximum number of allowed arguments (2). Provide fewer "
                       "than 2 arguments, and then try the command again." if len(context) > 2 else
                       "Cannot validate argument on parameter 'Context'. The argument is less than the minimum "
                       "allowed range of 0.", category=ErrorCategory.INVALID_DATA,
                       error_id="ParameterArgumentValidationError")
        self._pre = context[0] if context else 0
        self._post = (context[1] if len(context) > 1 else context[0]) if context else 0
        self._stream = _Tracker(self._pre, self._post)
        self._record = 0
        self._done = False
        self._base = self.runspace.location

    # ----------------------------------------------------------- matching
    def _match(self, line: str) -> tuple[bool, str, list[Any]]:
        """(matched, pattern reported, Matches) for one line, with -NotMatch applied."""
        found = False
        pattern_index = 0
        matches: list[Any] = []
        if self.simple_match:
            hay = line if self.case_sensitive else line.lower()
            for i, pattern in enumerate(self._patterns):
                if (pattern if self.case_sensitive else pattern.lower()) in hay:
                    found, pattern_index = True, i
                    break
        else:
            for i, rx in enumerate(self._regexes):
                if self.all_matches and not self.not_match:
                    found_all = list(rx.finditer(line))
                    if found_all:
                        matches = [_make_match(m) for m in found_all]
                        found, pattern_index = True, i
                        break
                else:
                    m = rx.search(line)
                    if m is not None:
                        matches = [_make_match(m)]
                        found, pattern_index = True, i
                        break
        if self.not_match:
            return (not found), self._patterns[0] if self._patterns else "", []
        return found, self._patterns[pattern_index] if found else "", matches

    def _info(self, line: str, pattern: str, matches: list[Any], path: str | None, number: int) -> MatchInfo:
        return MatchInfo(line, pattern, not self.case_sensitive, matches, path, number, self._base)

    # ----------------------------------------------------------- input
    def process(self) -> None:
        if self._done:
            return
        paths = self._given_paths()
        if paths is not None:
            self._search_files(paths)
            return
        if not self.expecting_input and "InputObject" not in self.bound:
            return
        item = self.input_object
        file_path = _file_path(item)
        if file_path is not None:
            self._search_files([file_path])
            return
        self._record += 1
        if isinstance(item, MatchInfo):
            ok, _, _ = self._match(item.Line)
            if ok:
                self._emit_all([item])
            return
        from shell.language.conversions import to_string  # noqa: PLC0415
        line = "" if item is None else (item if isinstance(item, str) else to_string(item))
        ok, pattern, matches = self._match(line)
        if ok:
            self._stream.match(self._info(line, pattern, matches, None, self._record))
        else:
            self._stream.line(line)
        ready = self._stream.take()
        if ready:
            self._emit_all(ready)
            if self.quiet:
                self._done = True

    def end(self) -> None:
        self._stream.eof()
        ready = self._stream.take()
        if ready and not self._done:
            self._emit_all(ready)

    def _emit_all(self, ready: list[MatchInfo]) -> None:
        if self.raw:
            for info in ready:
                self._out(info.Line)
        elif self.quiet and not self.list:
            self._out(True)
        elif self.list:
            self._out(ready[0])
        else:
            for info in ready:
                self._out(info)

    def _given_paths(self) -> list[str] | None:
        from shell.cmdlets.items import paths as P  # noqa: PLC0415
        if self.literal_path:
            return [self.runspace.resolve_path(p) for p in P.to_path_strings(self.literal_path)]
        if self.path:
            return P.resolve_existing(self, P.to_path_strings(self.path))
        return None

    def _search_files(self, paths: list[str]) -> None:
        any_found = False
        for path in paths:
            if os.path.isdir(path) or not self._wanted(path):
                continue
            if self._search_file(path):
                any_found = True
                if self.quiet:
                    break
        if self.quiet:
            if not any_found:
                self._out(None if self.list else False)
            elif not self.list:
                self._out(True)

    def _wanted(self, path: str) -> bool:
        from shell.cmdlets.core.properties import wildcard_match  # noqa: PLC0415
        name = os.path.basename(path)
        if self.include and not any(wildcard_match(p, name) for p in self.include):
            return False
        if self.exclude and any(wildcard_match(p, name) for p in self.exclude):
            return False
        return True

    def _search_file(self, path: str) -> bool:
        """Search one file; True when something matched."""
        tracker = _Tracker(self._pre, self._post)
        found = False
        codec = "utf-8"
        if self.encoding:
            from shell.cmdlets.formatting.files import encoding_of  # noqa: PLC0415
            try:
                codec = encoding_of(self.encoding)[0]
            except PSRuntimeError as err:
                self.throw(err.record)
        try:
            with open(path, encoding=codec, errors="replace", newline=None) as handle:
                number = 0
                for raw in handle:
                    number += 1
                    line = raw[:-1] if raw.endswith("\n") else raw
                    ok, pattern, matches = self._match(line)
                    if ok:
                        tracker.match(self._info(line, pattern, matches, path, number))
                    else:
                        tracker.line(line)
                    if tracker.ready:
                        found = True
                        if self.quiet or self.list:
                            break
                        self._emit_all(tracker.take())
                    if number & 1023 == 0:
                        self.check_stopping()
        except OSError as err:
            self.write_error(ErrorRecord(f"The file {path} cannot be read: {err.strerror or err}",
                                         category=ErrorCategory.INVALID_ARGUMENT, error_id="ProcessingFile",
                                         target=path, exception_type="System.ArgumentException"))
            return False
        tracker.eof()
        ready = tracker.take()
        if ready:
            found = True
            if self.list or not self.quiet:
                self._emit_all(ready)
        return found


def _file_path(item: Any) -> str | None:
    """The full path of a FileInfo piped in (Get-ChildItem output), else None."""
    if isinstance(item, PSLive) and item.ps_type_names and item.ps_type_names[0] == "System.IO.FileInfo":
        full = getattr(item, "FullName", None)
        return str(full) if full is not None else None
    return None

