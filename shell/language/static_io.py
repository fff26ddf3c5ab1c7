"""Static members of ``[System.IO.Path]``, ``[System.IO.File]`` and ``[System.IO.Directory]``.

``[IO.Path]::Combine($a, $b)``, ``[IO.File]::ReadAllText($p)``,
``[IO.Directory]::GetFiles($dir, '*.txt')``.  Paths are the process's (as .NET's are:
relative to the process's working directory, not to the runspace's location).
Declared in the ``members_static`` registry by ``register()``.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from shell.language.conversions import to_string, truthy
from shell.language.member_calls import MethodError, items_of
from shell.language.members_static import define
from shell.language.static_text import bytes_of

__all__ = ["register"]


# -- [System.IO.Path] ------------------------------------------------------------------------------

def _path_combine(*parts: Any) -> str:
    items = [to_string(p) for p in (parts[0] if len(parts) == 1 and isinstance(parts[0], (list, tuple))
                                     else parts)]
    return os.path.join(*items) if items else ""


def _path_join(*parts: Any) -> str:
    items = [to_string(p) for p in parts if p is not None and to_string(p) != ""]
    out = ""
    for item in items:
        out = item if not out else (out + item if out.endswith("/") or item.startswith("/") else out + "/" + item)
    return out


def _extension(path: Any) -> str:
    name = os.path.basename(to_string(path))
    dot = name.rfind(".")
    return name[dot:] if dot > 0 or (dot == 0 and len(name) > 1) else ""


def _directory_name(path: Any) -> str | None:
    p = to_string(path)
    if p in ("", "/"):
        return None
    head = os.path.dirname(p)
    return head


def _without_extension(path: Any) -> str:
    name = os.path.basename(to_string(path))
    ext = _extension(name)
    return name[:-len(ext)] if ext else name


def _change_extension(path: Any, ext: Any) -> str:
    p = to_string(path)
    current = _extension(p)
    base = p[:-len(current)] if current else p
    if ext is None:
        return base
    e = to_string(ext)
    return base + (e if e.startswith(".") or not e else "." + e)


def _temp_path() -> str:
    import tempfile
    return tempfile.gettempdir().rstrip("/") + "/"


def _temp_file() -> str:
    import tempfile
    fd, name = tempfile.mkstemp(suffix=".tmp")
    os.close(fd)
    return name


def _random_name() -> str:
    import secrets
    import string
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(8)) + "." + "".join(
        secrets.choice(alphabet) for _ in range(3))


# -- [System.IO.File] and [System.IO.Directory] ------------------------------------------------

def _read_text(path: Any, *enc: Any) -> str:
    with open(_file_path(path), encoding="utf-8-sig", newline="") as handle:
        return handle.read()


def _read_lines(path: Any, *enc: Any) -> list[str]:
    text = _read_text(path)
    lines = text.splitlines()
    return lines


def _write_text(path: Any, text: Any, *enc: Any, mode: str = "w") -> None:
    with open(_file_path(path), mode, encoding="utf-8", newline="") as handle:
        handle.write(to_string(text))


def _write_lines(path: Any, lines: Any, *enc: Any, mode: str = "w") -> None:
    with open(_file_path(path), mode, encoding="utf-8", newline="") as handle:
        for line in items_of(lines):
            handle.write(to_string(line) + "\n")


def _file_path(path: Any) -> str:
    p = to_string(path)
    if p == "":
        raise MethodError("The value cannot be an empty string. (Parameter 'path')")
    return os.path.abspath(os.path.expanduser(p)) if p.startswith("~") else p


def _copy_file(src: Any, dst: Any, overwrite: Any = False) -> None:
    import shutil
    target = _file_path(dst)
    if os.path.exists(target) and not truthy(overwrite):
        raise MethodError(f"The file '{os.path.abspath(target)}' already exists.")
    shutil.copyfile(_file_path(src), target)


def _list_dir(path: Any, pattern: Any = "*", option: Any = None, *, dirs: bool) -> list[str]:
    import fnmatch
    root = _file_path(path)
    recursive = option is not None and "all" in to_string(option).lower()
    pat = to_string(pattern) or "*"
    out: list[str] = []
    if recursive:
        for base, dirnames, filenames in os.walk(root):
            for name in (dirnames if dirs else filenames):
                if fnmatch.fnmatch(name.lower(), pat.lower()):
                    out.append(os.path.join(base, name))
    else:
        for name in sorted(os.listdir(root)):
            full = os.path.join(root, name)
            if os.path.isdir(full) == dirs and fnmatch.fnmatch(name.lower(), pat.lower()):
                out.append(full)
    return sorted(out)


def _make_dirs(path: Any) -> str:
    p = _file_path(path)
    os.makedirs(p, exist_ok=True)
    return os.path.abspath(p)


def _remove_dir(path: Any, recursive: Any = False) -> None:
    import shutil
    p = _file_path(path)
    if truthy(recursive):
        shutil.rmtree(p)
    else:
        os.rmdir(p)


def _last_write(path: Any) -> datetime:
    return datetime.fromtimestamp(os.path.getmtime(_file_path(path)))


def register() -> None:
    """Declare [System.IO.Path], [System.IO.File] and [System.IO.Directory]."""
    define("io.path", "System.IO.Path", {
        "DirectorySeparatorChar": lambda: "/", "AltDirectorySeparatorChar": lambda: "/",
        "PathSeparator": lambda: ":", "VolumeSeparatorChar": lambda: "/",
    }, {
        "Combine": _path_combine, "Join": _path_join, "GetFileName": lambda p: os.path.basename(to_string(p))
        if p is not None else None,
        "GetExtension": lambda p: _extension(p) if p is not None else None,
        "GetDirectoryName": _directory_name, "GetFileNameWithoutExtension": _without_extension,
        "GetTempPath": _temp_path, "GetTempFileName": _temp_file, "GetRandomFileName": _random_name,
        "GetFullPath": lambda p, *b: os.path.normpath(os.path.join(to_string(b[0]) if b else os.getcwd(),
                                                                   to_string(p))),
        "IsPathRooted": lambda p: to_string(p).startswith("/"),
        "IsPathFullyQualified": lambda p: to_string(p).startswith("/"),
        "HasExtension": lambda p: bool(_extension(p)), "ChangeExtension": _change_extension,
        "GetPathRoot": lambda p: "/" if to_string(p).startswith("/") else "",
        "GetInvalidFileNameChars": lambda: ["\0", "/"], "GetInvalidPathChars": lambda: ["\0"],
        "GetRelativePath": lambda a, b: os.path.relpath(to_string(b), to_string(a)),
    })
    define("io.file", "System.IO.File", {}, {
        "Exists": lambda p: p is not None and os.path.isfile(_file_path(p)) if to_string(p) else False,
        "ReadAllText": _read_text, "ReadAllLines": _read_lines,
        "WriteAllText": _write_text, "WriteAllLines": _write_lines,
        "AppendAllText": lambda p, t, *e: _write_text(p, t, mode="a"),
        "AppendAllLines": lambda p, lines, *e: _write_lines(p, lines, mode="a"),
        "ReadAllBytes": lambda p: list(open(_file_path(p), "rb").read()),
        "WriteAllBytes": lambda p, data: open(_file_path(p), "wb").write(bytes_of(data)) and None,
        "Delete": lambda p: os.remove(_file_path(p)) if os.path.exists(_file_path(p)) else None,
        "Copy": _copy_file, "Move": lambda a, b, *o: os.replace(_file_path(a), _file_path(b)),
        "GetLastWriteTime": _last_write,
    })
    define("io.directory", "System.IO.Directory", {}, {
        "Exists": lambda p: bool(to_string(p)) and os.path.isdir(_file_path(p)),
        "GetFiles": lambda p, pat="*", opt=None: _list_dir(p, pat, opt, dirs=False),
        "GetDirectories": lambda p, pat="*", opt=None: _list_dir(p, pat, opt, dirs=True),
        "EnumerateFiles": lambda p, pat="*", opt=None: _list_dir(p, pat, opt, dirs=False),
        "EnumerateDirectories": lambda p, pat="*", opt=None: _list_dir(p, pat, opt, dirs=True),
        "CreateDirectory": _make_dirs, "GetCurrentDirectory": os.getcwd, "Delete": _remove_dir,
        "GetLastWriteTime": _last_write,
    })
