"""The regex objects a script sees: ``[regex]``, Match, Group and the Groups collection.

``[regex]'a(b)'``, ``[regex]::Match(...)``, the ``$_`` of ``-replace {...}`` and the
MatchInfo of Select-String are these.  Imported on first use (start-up time).
"""

from __future__ import annotations

import re
from typing import Any

from shell.language.conversions import to_string
from shell.language.psobject import PSLive
from shell.language.regex import compile_regex, expand_replacement

__all__ = ["Regex", "RegexMatch", "RegexGroup", "GroupCollection", "failed_match"]


class RegexGroup(PSLive):
    """``System.Text.RegularExpressions.Group``: one group of a match."""

    ps_type_names = ("System.Text.RegularExpressions.Group", "System.Text.RegularExpressions.Capture",
                     "System.Object")
    ps_properties = ("Success", "Name", "Captures", "Index", "Length", "Value")

    def __init__(self, m: re.Match[str], index: int, name: str) -> None:
        text = m.group(index)
        self.Success = text is not None
        self.Name = name
        self.Value = text or ""
        self.Index = m.start(index) if text is not None else 0
        self.Length = len(self.Value)

    @property
    def Captures(self) -> list[Any]:
        """The group's captures (the last one only: Python keeps no capture history)."""
        return [self] if self.Success else []

    def ToString(self) -> str:
        """The captured text."""
        return self.Value

    def __str__(self) -> str:
        return self.Value


class GroupCollection(list):
    """``Match.Groups``: indexable by number and (through members.get_index) by name."""

    def ps_name_index(self, name: str) -> Any:
        """``$m.Groups['year']``: a group by name (members.get_index); digits index by number."""
        return NotImplemented if name.isdigit() else self.by_name(name)

    def by_name(self, name: str) -> RegexGroup | None:
        """The group called ``name``, or None."""
        for group in self:
            if group.Name == name:
                return group
        return None


class RegexMatch(RegexGroup):
    """``System.Text.RegularExpressions.Match``: what ``[regex]::Match`` gives and ``-replace {}`` sees."""

    ps_type_names = ("System.Text.RegularExpressions.Match", "System.Text.RegularExpressions.Group",
                     "System.Text.RegularExpressions.Capture", "System.Object")
    ps_properties = ("Groups", "Success", "Name", "Captures", "Index", "Length", "Value")

    def __init__(self, m: re.Match[str]) -> None:
        super().__init__(m, 0, "0")
        self.match = m

    @property
    def Groups(self) -> GroupCollection:
        """Group 0 (the match) and every group of the pattern."""
        m = self.match
        names = {index: name for name, index in m.re.groupindex.items()}
        return GroupCollection(RegexGroup(m, i, names.get(i, str(i))) for i in range(m.re.groups + 1))

    def NextMatch(self) -> RegexMatch | None:
        """The next match in the same input (None when there is none)."""
        m = self.match
        following = m.re.search(m.string, m.end() if m.end() > m.start() else m.end() + 1)
        return RegexMatch(following) if following else None


class Regex(PSLive):
    """``[regex]'pattern'``: a compiled .NET-style regex (case-sensitive unless IgnoreCase)."""

    ps_type_names = ("System.Text.RegularExpressions.Regex", "System.Object")
    ps_properties = ("Options", "RightToLeft", "MatchTimeout")

    def __init__(self, pattern: str, options: Any = None) -> None:
        self.pattern = pattern
        opts = to_string(options).lower() if options is not None else ""
        self.Options = to_string(options) if options else "None"
        self.RightToLeft = False
        self.MatchTimeout = "-00:00:00.0010000"
        self.rx = compile_regex(pattern, "ignorecase" not in opts, "multiline" in opts,
                                "singleline" in opts)

    def Match(self, text: Any, start: Any = 0) -> RegexMatch:
        """The first match (``.Success`` False when none)."""
        m = self.rx.search(to_string(text), int(start))
        return RegexMatch(m) if m else failed_match()

    def Matches(self, text: Any, start: Any = 0) -> list[RegexMatch]:
        """Every match."""
        return [RegexMatch(m) for m in self.rx.finditer(to_string(text), int(start))]

    def IsMatch(self, text: Any) -> bool:
        """Whether the regex matches anywhere in ``text``."""
        return self.rx.search(to_string(text)) is not None

    def Replace(self, text: Any, replacement: Any, count: Any = -1) -> str:
        """Replace matches (all, or the first ``count``)."""
        n = int(count)
        return self.rx.sub(expand_replacement(to_string(replacement), self.rx), to_string(text),
                           n if n > 0 else 0)

    def Split(self, text: Any, count: Any = 0) -> list[str]:
        """Split ``text`` at the matches."""
        n = int(count)
        return [p for p in self.rx.split(to_string(text), n - 1 if n > 0 else 0) if p is not None]

    def GetGroupNames(self) -> list[str]:
        """The group names, numbers first."""
        named = set(self.rx.groupindex.values())
        return ([str(i) for i in range(self.rx.groups + 1) if i not in named]
                + list(self.rx.groupindex))

    def ToString(self) -> str:
        """The pattern."""
        return self.pattern

    def __str__(self) -> str:
        return self.pattern


def failed_match() -> RegexMatch:
    """The unsuccessful Match (``.Success`` is False) that ``Match`` returns when nothing matches."""
    m = re.match("(?!)|", "")   # an empty match stands in; mark it unsuccessful
    result = RegexMatch(m)      # type: ignore[arg-type]
    result.Success = False
    return result
