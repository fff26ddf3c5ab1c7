"""Tab completion: commands, parameters, variables and paths, as PowerShell offers them.

``complete(runspace, text, cursor)`` is the whole logic; it lives in the language
layer so that both the console (``shell/console/completion.py`` wraps it in a
prompt_toolkit Completer) and the far side of a session (which answers the wire's
completion requests with ``(completion text, start offset)`` pairs) use it.

What is completed depends on where the cursor is in the command being typed,
found by a small quote-aware scan of the text before the cursor (the real
parser cannot help: the text is usually incomplete):

* at command position: cmdlets, aliases, functions and executables on PATH;
* ``-Pre`` after a command: that command's parameters;
* the value after a parameter that declares choices: those choices;
* ``$pre``: variables (``$env:pre``: environment variables);
* anything else: file and directory paths relative to the runspace's location.
"""

from __future__ import annotations

import fnmatch
import os
import time
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from shell.language.runspace import Runspace

#: One candidate: (text to insert, start offset in the input, what the menu shows, meta text).
Candidate = tuple[str, int, str, str]

# Characters that end a command (the next word is a command name again).
_COMMAND_ENDERS = "|;\n"
# Characters that open/close a nested command context: `$(...)`, `{ ... }`, `( ... )`.
_OPENERS = "({"
_CLOSERS = ")}"
# A path with one of these must be quoted to stay one argument.
_NEEDS_QUOTES = set(" \t'\"`$();{}&|@#,<>")
_SCOPES = ("global:", "script:", "local:", "private:", "using:")
# Automatic variables the runspace computes on demand (not stored in a scope).
_AUTOMATIC = ("PWD", "?", "Error", "Host", "null", "true", "false", "_", "PSItem", "args", "input")


class _Scan:
    """What the scan of the text before the cursor found."""

    __slots__ = ("tokens", "word", "word_start", "quote")

    def __init__(self, tokens: list[str], word: str, word_start: int, quote: str) -> None:
        self.tokens = tokens          # the current command's words before the word being typed
        self.word = word              # the word being typed (with its opening quote, if any)
        self.word_start = word_start  # where it starts in the input
        self.quote = quote            # the open quote character, or ''


def _scan(text: str) -> _Scan:
    """Split ``text`` (the input up to the cursor) into the current command's words.

    Nested ``(...)``/``{...}`` start a new command context that is left again at
    the matching closer; the nested part then counts as one word of the outer
    command (``Get-Foo (Get-Bar) -Pa`` still completes Get-Foo's parameters).
    """
    stack: list[list[str]] = [[]]
    openers: list[str] = [""]
    word = ""
    word_start = 0
    quote = ""
    in_word = False
    i = 0
    n = len(text)

    def end_word() -> None:
        nonlocal word, in_word
        if in_word:
            stack[-1].append(word)
        word, in_word = "", False

    while i < n:
        ch = text[i]
        if quote:
            word += ch
            if ch == quote:
                if i + 1 < n and text[i + 1] == quote:  # '' or "" inside the string
                    word += ch
                    i += 1
                else:
                    quote = ""
            elif ch == "`" and quote == '"' and i + 1 < n:
                word += text[i + 1]
                i += 1
            i += 1
            continue
        if ch == "`" and i + 1 < n:
            if text[i + 1] == "\n":  # line continuation: the command goes on
                end_word()
                i += 2
                continue
            if not in_word:
                word_start, in_word = i, True
            word += ch + text[i + 1]
            i += 2
            continue
        if ch in " \t\r":
            end_word()
        elif ch in _COMMAND_ENDERS:
            end_word()
            stack[-1] = []
        elif ch in _OPENERS:
            # `$(` and `@(` belong to the word they open; either way a new context starts.
            hashtable = ch == "{" and in_word and word == "@"
            if in_word:
                word = ""
                in_word = False
            stack.append([])
            openers.append("@{" if hashtable else ch)
        elif ch in _CLOSERS:
            end_word()
            if len(stack) > 1:
                stack.pop()
                openers.pop()
            stack[-1].append("(...)")
        elif ch == "=" and (not in_word or word[:1] == "$" or word in ("+", "-", "*", "/", "%")
                            or openers[-1] == "@{"):
            # `$x = Get-...`, `$x+=...`, `@{ Key = ...`: the right-hand side starts a command.
            word, in_word = "", False
            stack[-1] = []
        elif ch == "&" and i + 1 < n and text[i + 1] == "&":
            end_word()
            stack[-1] = []
            i += 2
            continue
        else:
            if not in_word:
                word_start, in_word = i, True
            word += ch
            if ch in "'\"":
                quote = ch
        i += 1
    if not in_word:
        word, word_start = "", n
    return _Scan(stack[-1], word, word_start, quote)


def _matcher(prefix: str) -> Any:
    """A case-insensitive test for names: prefix match, or a wildcard pattern when ``prefix`` has one."""
    low = prefix.lower()
    if any(c in low for c in "*?["):
        pattern = low if low.endswith("*") else low + "*"
        return lambda name: fnmatch.fnmatchcase(name.lower(), pattern)
    return lambda name: name.lower().startswith(low)


# ----------------------------------------------------------------- commands
_path_cache: dict[str, tuple[float, list[str]]] = {}
_PATH_CACHE_SECONDS = 30.0


def _executables() -> list[str]:
    """Names of the executable files on PATH (cached for a while: listing /usr/bin is not free)."""
    path = os.environ.get("PATH", "")
    cached = _path_cache.get(path)
    now = time.monotonic()
    if cached is not None and now - cached[0] < _PATH_CACHE_SECONDS:
        return cached[1]
    names: set[str] = set()
    for directory in path.split(os.pathsep):
        if not directory:
            continue
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    try:
                        if entry.is_file() and os.access(entry.path, os.X_OK):
                            names.add(entry.name)
                    except OSError:
                        continue
        except OSError:
            continue
    result = sorted(names)
    _path_cache.clear()
    _path_cache[path] = (now, result)
    return result


def _functions(runspace: Runspace) -> dict[str, Any]:
    """Lower-case name -> FunctionInfo of every function visible from the current scope."""
    found: dict[str, Any] = {}
    scope = runspace.scope
    while scope is not None:
        for key, info in scope.functions.items():
            found.setdefault(key, info)
        scope = scope.parent
    return found


def _cmdlet_class(runspace: Runspace, name: str) -> Any:
    """The cmdlet class called ``name``, or None (a module that fails to import counts as none)."""
    try:
        return runspace.commands.cmdlet(name)
    except Exception:  # noqa: BLE001 - completion must never raise
        return None


def _command_candidates(runspace: Runspace, word: str, start: int) -> list[Candidate]:
    """Cmdlets, functions, aliases and executables whose names match ``word``."""
    match = _matcher(word)
    seen: dict[str, Candidate] = {}

    def add(name: str, meta: str) -> None:
        key = name.lower()
        if key not in seen:
            seen[key] = (name, start, name, meta)

    for key in runspace.commands.names():
        if match(key):
            cls = _cmdlet_class(runspace, key)
            add(cls.name if cls is not None and getattr(cls, "name", "") else key, "Cmdlet")
    for key, info in _functions(runspace).items():
        if match(key):
            add(str(getattr(info, "name", key)), "Function")
    aliases = dict(runspace.commands.aliases())
    aliases.update(runspace.aliases)
    for alias, target in aliases.items():
        if match(alias):
            add(alias, f"Alias -> {target}")
    for name in _executables():
        if match(name):
            add(name, "Application")
    return sorted(seen.values(), key=lambda c: c[0].lower())


# ----------------------------------------------------------------- parameters
def _resolve_command(runspace: Runspace, name: str) -> tuple[str, Any] | None:
    """``('cmdlet', class)`` or ``('function', FunctionInfo)`` for a command name, following aliases."""
    for _ in range(8):  # an alias may name another alias; stop on a loop
        key = name.lower()
        info = runspace.get_function(key)
        if info is not None:
            return "function", info
        cls = _cmdlet_class(runspace, key)
        if cls is not None:
            return "cmdlet", cls
        target = runspace.aliases.get(key) or runspace.commands.alias_target(key)
        if not target:
            return None
        name = target
    return None


def _function_params(info: Any) -> list[str]:
    """Parameter names declared by a function's ``param()`` block."""
    try:
        block = info.scriptblock.ast.param_block
    except AttributeError:
        return []
    if block is None:
        return []
    return [str(p.name) for p in block.parameters]


def _param_names(runspace: Runspace, command: str) -> list[tuple[str, str]]:
    """``(name, type)`` of every parameter of ``command``, declared order, common ones last."""
    resolved = _resolve_command(runspace, command)
    if resolved is None:
        return []
    kind, target = resolved
    if kind == "function":
        return [(name, "Parameter") for name in _function_params(target)]
    try:
        return [(p.name, f"[{p.type}]") for p in target.all_params()]
    except Exception:  # noqa: BLE001
        return []


def _find_param(runspace: Runspace, command: str, typed: str) -> Any:
    """The cmdlet Param that ``-typed`` names (exact, alias or unique prefix), or None."""
    resolved = _resolve_command(runspace, command)
    if resolved is None or resolved[0] != "cmdlet":
        return None
    try:
        params = resolved[1].all_params()
    except Exception:  # noqa: BLE001
        return None
    low = typed.lower()
    for p in params:
        if p.name.lower() == low or low in (a.lower() for a in p.aliases):
            return p
    prefixed = [p for p in params if p.name.lower().startswith(low)]
    return prefixed[0] if len(prefixed) == 1 else None


def _parameter_candidates(runspace: Runspace, command: str, word: str, start: int) -> list[Candidate]:
    """``-Name`` candidates for the parameters of ``command`` matching ``word`` (which starts with -)."""
    match = _matcher(word[1:])
    return [(f"-{name}", start, f"-{name}", meta)
            for name, meta in _param_names(runspace, command) if match(name)]


# ----------------------------------------------------------------- variables
def _variable_candidates(runspace: Runspace, word: str, start: int) -> list[Candidate]:
    """``$name`` candidates (``$env:``, ``$global:`` and the other scope prefixes kept)."""
    sigil = word[0]  # `$` or `@` (splatting)
    body = word[1:]
    if body.startswith("{"):
        body = body[1:]
    scope = ""
    lowered = body.lower()
    if lowered.startswith("env:"):
        scope, body = body[:4], body[4:]
        names: Iterable[str] = os.environ.keys()
        meta = "Environment"
    else:
        for prefix in _SCOPES:
            if lowered.startswith(prefix):
                scope, body = body[:len(prefix)], body[len(prefix):]
                break
        names = list(runspace.visible_variables()) + list(_AUTOMATIC)
        meta = "Variable"
    match = _matcher(body)
    out: dict[str, Candidate] = {}
    for name in names:
        if not match(name) or name.lower() in out:
            continue
        plain = all(c.isalnum() or c in "_?" for c in name)
        text = f"{sigil}{scope}{name}" if plain else f"{sigil}{{{scope}{name}}}"
        out[name.lower()] = (text, start, f"{sigil}{scope}{name}", meta)
    return sorted(out.values(), key=lambda c: c[0].lower())


def _member_candidates(runspace: Runspace, word: str, start: int) -> list[Candidate]:
    """``$var.Member`` candidates, when the object-model module can list members."""
    head, _, partial = word.rpartition(".")
    name = head[1:]
    if not name or not all(c.isalnum() or c == "_" for c in name):
        return []
    value = runspace.get_variable(name)
    if value is None:
        return []
    try:
        from shell.language.members import member_names  # noqa: PLC0415

        names = list(member_names(value))
    except Exception:  # noqa: BLE001 - members.py may be missing or refuse this object
        return []
    match = _matcher(partial)
    return [(f"{head}.{m}", start, str(m), "Member")
            for m in sorted(set(map(str, names)), key=str.lower) if match(m)]


# ----------------------------------------------------------------- paths
def _quote(text: str, quote: str) -> str:
    """``text`` as one argument: unchanged when safe, else in the user's quote or single quotes."""
    if not quote and not any(c in _NEEDS_QUOTES for c in text):
        return text
    if quote == '"':
        return '"' + text.replace("`", "``").replace('"', '`"').replace("$", "`$") + '"'
    return "'" + text.replace("'", "''") + "'"


def _unquote(word: str) -> tuple[str, str]:
    """The typed path without its opening quote (and doubled quotes undone), and that quote."""
    if word[:1] in ("'", '"'):
        quote = word[0]
        body = word[1:]
        if body.endswith(quote):
            body = body[:-1]
        return body.replace(quote * 2, quote), quote
    return word.replace("`", ""), ""


def _path_candidates(runspace: Runspace, word: str, start: int, only_dirs: bool = False) -> list[Candidate]:
    """Files and directories matching the typed path, relative to the runspace's location."""
    typed, quote = _unquote(word)
    directory_part, sep, base = typed.rpartition("/")
    if sep:
        directory_part += "/"
        listing = runspace.resolve_path(directory_part) if directory_part != "/" else "/"
    elif typed in ("~", ".", ".."):
        # `~<Tab>`: complete to the directory itself with its slash.
        return [(_quote(typed + "/", quote), start, typed + "/", "Directory")]
    else:
        listing = runspace.location
    match = _matcher(base)
    show_hidden = base.startswith(".")
    out: list[Candidate] = []
    try:
        with os.scandir(listing) as entries:
            for entry in entries:
                name = entry.name
                if (name.startswith(".") and not show_hidden) or not match(name):
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if only_dirs and not is_dir:
                    continue
                shown = name + ("/" if is_dir else "")
                out.append((_quote(directory_part + shown, quote), start, shown,
                            "Directory" if is_dir else "File"))
    except OSError:
        return []
    return sorted(out, key=lambda c: c[2].lower())


# ----------------------------------------------------------------- the entry points
def _is_param_token(token: str) -> bool:
    """Whether a word is a ``-Parameter`` (not a negative number or a lone dash)."""
    return len(token) > 1 and token[0] == "-" and (token[1].isalpha() or token[1] == "_")


def candidates(runspace: Runspace, text: str, cursor: int) -> list[Candidate]:
    """Every completion for ``text`` with the cursor at ``cursor``, as (text, start, display, meta)."""
    scan = _scan(text[:cursor])
    word, start, tokens = scan.word, scan.word_start, scan.tokens
    command_position = not tokens or (len(tokens) == 1 and tokens[0] in ("&", "."))
    if word[:1] in ("$", "@") and not scan.quote and len(word) > 0:
        if "." in word and word[0] == "$":
            return _member_candidates(runspace, word, start)
        if word[:1] == "@" and (len(word) == 1 or word[1] in "({"):
            return []
        return _variable_candidates(runspace, word, start)
    if command_position:
        if "/" in word or word[:1] in (".", "~", "'", '"'):
            return _path_candidates(runspace, word, start)
        return _command_candidates(runspace, word, start) if word else []
    command = tokens[0] if tokens[0] not in ("&", ".") else (tokens[1] if len(tokens) > 1 else "")
    if word.startswith("-") and not scan.quote and (len(word) == 1 or word[1].isalpha() or word[1] == "_"):
        return _parameter_candidates(runspace, command, word, start)
    last = tokens[-1] if tokens else ""
    if _is_param_token(last) and not last.endswith(":"):
        param = _find_param(runspace, command, last[1:])
        if param is not None:
            if param.choices:
                match = _matcher(_unquote(word)[0])
                return [(_quote(c, scan.quote), start, c, "Value") for c in param.choices if match(c)]
            if param.completer == "command":
                return _command_candidates(runspace, word, start)
            if param.completer == "variable":
                return [(c[0][1:], start, c[2][1:], c[3])
                        for c in _variable_candidates(runspace, "$" + word, start)]
    return _path_candidates(runspace, word, start, only_dirs=command.lower() in ("cd", "set-location", "sl", "chdir", "pushd", "push-location"))


def complete(runspace: Runspace, text: str, cursor: int) -> list[tuple[str, int]]:
    """``(completion text, start offset)`` pairs for ``text`` with the cursor at ``cursor``.

    This is what a session's far side answers a completion request with; the
    console's Completer uses ``candidates`` for the menu's extra columns.
    """
    try:
        return [(c[0], c[1]) for c in candidates(runspace, text, cursor)]
    except Exception:  # noqa: BLE001 - a completion must never break the prompt
        return []
