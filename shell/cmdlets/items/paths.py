"""Path resolution for the item cmdlets: wildcards, provider prefixes and PowerShell's errors.

PowerShell's ``-Path`` is a wildcard pattern (``*.txt``, ``logs/*``, ``file[12].log``;
a backtick escapes a wildcard character); ``-LiteralPath`` is taken as written.
Every path is resolved against the runspace's location (``runspace.resolve_path``),
never the process's working directory.
"""

from __future__ import annotations

import errno
import glob
import os
import re
import sys
from typing import TYPE_CHECKING, Any, Callable, Iterable, TypeVar

from shell.language.errors import ErrorCategory, ErrorRecord
from shell.language.regex import wildcard_regex

if TYPE_CHECKING:
    from shell.language.cmdlet import Cmdlet
    from shell.language.runspace import Runspace

#: How PowerShell qualifies a file-system path (FileInfo.PSPath); accepted on input.
PROVIDER_PREFIX = "Microsoft.PowerShell.Core\\FileSystem::"

_WILD = frozenset("*?[")

T = TypeVar("T")


def strip_provider(path: str) -> str:
    """``Microsoft.PowerShell.Core\\FileSystem::/tmp/x`` (or ``FileSystem::/tmp/x``) -> ``/tmp/x``."""
    if "::" in path:
        head, _, tail = path.partition("::")
        if head.lower() in ("filesystem", PROVIDER_PREFIX[:-2].lower()):
            return tail
    return path


def has_wildcard(path: str) -> bool:
    """True when ``path`` holds an unescaped ``*``, ``?`` or ``[``."""
    escaped = False
    for ch in path:
        if escaped:
            escaped = False
        elif ch == "`":
            escaped = True
        elif ch in _WILD:
            return True
    return False


def unescape(path: str) -> str:
    """Drop PowerShell's backtick escapes: ``a`[1`].txt`` -> ``a[1].txt``."""
    if "`" not in path:
        return path
    return re.sub(r"`(.)", r"\1", path)


def _to_glob(path: str) -> str:
    """A PowerShell wildcard path as a glob pattern (backtick escapes become glob escapes)."""
    out = []
    escaped = False
    for ch in path:
        if escaped:
            out.append(glob.escape(ch))
            escaped = False
        elif ch == "`":
            escaped = True
        else:
            out.append(ch)
    return "".join(out)


def name_matches(name: str, patterns: Iterable[str], case_sensitive: bool = False) -> bool:
    """Whether ``name`` matches any of the wildcard ``patterns`` (the ``-like`` operator's rules)."""
    return any(wildcard_regex(p, case_sensitive).fullmatch(name) for p in patterns)


def passes_filters(name: str, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None,
                   filter: str | None = None) -> bool:
    """Whether an item's ``name`` passes -Include (one must match), -Exclude (none may) and
    -Filter (matched case-sensitively, as the file system does)."""
    if filter and not wildcard_regex(filter, True).fullmatch(name):
        return False
    if include and not name_matches(name, include):
        return False
    return not (exclude and name_matches(name, exclude))


def select_names(items: Iterable[T], patterns: Iterable[str], name_of: Callable[[T], str],
                 missing: Callable[[str], None] | None = None, *, case_sensitive: bool = False) -> list[T]:
    """The ``items`` whose names match each of ``patterns`` in turn, without repeats.

    PowerShell's rule for -Name selectors: a plain name that matches nothing is an
    error (``missing(pattern)`` writes it); a wildcard that matches nothing is not.
    """
    items = list(items)
    out: list[T] = []
    for pattern in patterns:
        rx = wildcard_regex(pattern, case_sensitive)
        matched = [item for item in items if rx.fullmatch(name_of(item))]
        if not matched and missing is not None and not has_wildcard(pattern):
            missing(pattern)
        out.extend(item for item in matched if item not in out)
    return out


def not_found(path: str) -> ErrorRecord:
    """PowerShell's ``Cannot find path '...' because it does not exist.`` error."""
    return ErrorRecord(f"Cannot find path '{path}' because it does not exist.",
                       category=ErrorCategory.OBJECT_NOT_FOUND, error_id="PathNotFound",
                       target=path,
                       exception_type="System.Management.Automation.ItemNotFoundException")


def os_error(exc: OSError, path: str, action: str = "") -> ErrorRecord:
    """An OSError as PowerShell words the matching .NET exception."""
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        return ErrorRecord(f"Access to the path '{path}' is denied.",
                           category=ErrorCategory.PERMISSION_DENIED,
                           error_id=f"{action}UnauthorizedAccessError" if action else "UnauthorizedAccess",
                           target=path, exception_type="System.UnauthorizedAccessException")
    if code == errno.ENOENT:
        return ErrorRecord(f"Could not find a part of the path '{path}'.",
                           category=ErrorCategory.OBJECT_NOT_FOUND,
                           error_id=f"{action}DirectoryNotFound" if action else "DirectoryNotFound",
                           target=path, exception_type="System.IO.DirectoryNotFoundException")
    reason = exc.strerror or str(exc)
    return ErrorRecord(f"{reason} : '{path}'", category=ErrorCategory.WRITE_ERROR,
                       error_id=f"{action}IOError" if action else "IOError", target=path,
                       exception_type="System.IO.IOException")


def to_path_strings(values: Any) -> list[str]:
    """Parameter values (strings, FileInfo objects, None) as path strings."""
    if values is None:
        return []
    if not isinstance(values, (list, tuple)):
        values = [values]
    out = []
    for value in values:
        if value is None:
            continue
        full = getattr(value, "FullName", None)
        out.append(strip_provider(str(full if full is not None else value)))
    return out


def expand(runspace: Runspace, path: str, *, literal: bool = False,
           force: bool = False) -> tuple[list[str], bool]:
    """Resolve one ``path``: (matching absolute paths, whether it was a wildcard).

    A wildcard that matches nothing gives ``([], True)``; a plain path is returned
    resolved whether or not it exists (``([path], False)``).
    """
    path = strip_provider(path)
    if literal or not has_wildcard(path):
        return [runspace.resolve_path(path if literal else unescape(path))], False
    pattern = runspace.resolve_path(_to_glob(path))
    # glob skips dot-files unless the pattern spells the dot; -Force shows them (as PowerShell does).
    if force and sys.version_info >= (3, 11):
        found = glob.glob(pattern, include_hidden=True)
    else:
        found = glob.glob(pattern)
    return sorted(found, key=_sort_key), True


def _sort_key(path: str) -> tuple[str, str]:
    return (path.lower(), path)


def resolve_existing(cmdlet: Cmdlet, paths: Iterable[str], *, literal: bool = False,
                     force: bool = False) -> list[str]:
    """Every existing item the ``paths`` name; a missing plain path writes PowerShell's error.

    A wildcard that matches nothing is silently empty, as in PowerShell.
    """
    out: list[str] = []
    for raw in paths:
        found, wild = expand(cmdlet.runspace, raw, literal=literal, force=force)
        if wild:
            out.extend(found)
            continue
        target = found[0]
        if os.path.lexists(target):
            out.append(target)
        else:
            cmdlet.write_error(not_found(target))
    return out


def path_params(cmdlet: Cmdlet) -> tuple[list[str], bool]:
    """The paths a cmdlet was given: (-LiteralPath values, True) or (-Path values, False)."""
    literal = getattr(cmdlet, "literal_path", None)
    if literal:
        return to_path_strings(literal), True
    return to_path_strings(getattr(cmdlet, "path", None)), False
