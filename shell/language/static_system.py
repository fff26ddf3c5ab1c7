"""Static members of ``[Environment]`` and of a few system types: ``[guid]``, ``[version]``, ``[array]``.

``[Environment]::GetEnvironmentVariable('HOME')``, ``[Environment]::OSVersion``,
``[guid]::NewGuid()``, ``[version]'1.2.3'``, ``[array]::IndexOf($a, 3)``,
``[psnoteproperty]::new('Name', 1)``, ``[Net.Dns]::GetHostName()``,
``[scriptblock]::Create('1+1')``.  Declared in the ``members_static`` registry by
``register()``.
"""

from __future__ import annotations

import os
import pwd
import re
import sys
import time
from typing import Any

from shell.language.conversions import convert_to, to_string, truthy
from shell.language.member_calls import call_block, int_arg
from shell.language.members_collections import find_item, index_of_item, last_index_of_item, sort_items
from shell.language.members_static import define
from shell.language.psobject import PSObject
from shell.language.pscollections import Hashtable
from shell.language.value_types import Guid, Version

__all__ = ["register"]


# -- [Environment] --------------------------------------------------------------------------------

def _os_version() -> PSObject:
    release = os.uname().release
    numbers = [int(p) for p in release.replace("-", ".").split(".") if p.isdigit()][:4]
    while len(numbers) < 4:
        numbers.append(0)
    version = Version(*numbers)
    text = f"Unix {version}"
    return PSObject({"Platform": "Unix", "ServicePack": "", "Version": version, "VersionString": text},
                    ["System.OperatingSystem", "System.Object"], text)


def _user_name() -> str:
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return os.environ.get("USER", "")


def _set_env(name: Any, value: Any, *target: Any) -> None:
    key = to_string(name)
    if value is None or to_string(value) == "":
        os.environ.pop(key, None)
    else:
        os.environ[key] = to_string(value)


_FOLDERS = {
    "userprofile": "", "personal": "", "mydocuments": "", "desktop": "Desktop",
    "applicationdata": ".config", "localapplicationdata": ".local/share", "mymusic": "Music",
    "mypictures": "Pictures", "myvideos": "Videos", "templates": "Templates",
}


def _folder_path(folder: Any) -> str:
    key = to_string(folder).lower()
    home = os.path.expanduser("~")
    if key not in _FOLDERS:
        return ""
    sub = _FOLDERS[key]
    return os.path.join(home, sub) if sub else home


def _clear(items: list, index: Any, count: Any) -> None:
    # [array]::Clear($a, $i, $n): the elements become null (all of them without $i/$n).
    start = int_arg(index)
    n = int_arg(count if count is not None else len(items))
    items[start:start + n] = [None] * n


def _new_guid() -> Guid:
    import uuid
    return Guid(str(uuid.uuid4()))


def _note_property(name: str, value: Any) -> Any:
    # [psnoteproperty]::new(name, value): a property not attached to an object yet.
    from shell.language.members_views import PSPropertyInfo
    return PSPropertyInfo(None, name, "NoteProperty", value)


def _host_name() -> str:
    import socket   # only here: importing socket costs more than the rest of this module
    return socket.gethostname()


def register() -> None:
    """Declare [Environment], [guid], [version], [array], [psnoteproperty], [Net.Dns], [scriptblock]."""
    define("environment", "System.Environment", {
        "MachineName": lambda: os.uname().nodename, "UserName": _user_name, "NewLine": lambda: "\n",
        "ProcessorCount": lambda: os.cpu_count() or 1, "OSVersion": _os_version,
        "CurrentDirectory": os.getcwd, "Is64BitProcess": lambda: sys.maxsize > 2**32,
        "Is64BitOperatingSystem": lambda: True, "TickCount": lambda: int(time.monotonic() * 1000) & 0x7FFFFFFF,
        "TickCount64": lambda: int(time.monotonic() * 1000), "ProcessId": os.getpid,
        "CommandLine": lambda: " ".join(sys.argv), "UserInteractive": lambda: sys.stdin.isatty(),
        "SystemDirectory": lambda: "", "UserDomainName": lambda: os.uname().nodename,
        "Version": lambda: Version(8, 0, 0),
    }, {
        "GetEnvironmentVariable": lambda name, *t: os.environ.get(to_string(name)),
        "SetEnvironmentVariable": _set_env,
        "GetEnvironmentVariables": lambda *t: Hashtable(dict(os.environ)),
        "GetCommandLineArgs": lambda: list(sys.argv),
        "GetFolderPath": _folder_path,
        "ExpandEnvironmentVariables": lambda s: re.sub(
            r"%([^%]+)%", lambda m: os.environ.get(m.group(1), m.group(0)), to_string(s)),
    })
    define("guid", "System.Guid", {"Empty": lambda: Guid("00000000-0000-0000-0000-000000000000")}, {
        "NewGuid": _new_guid, "Parse": lambda s: convert_to("guid", s),
        "new": lambda s: convert_to("guid", s),
    })
    define("version", "System.Version", {}, {
        "Parse": lambda s: convert_to("version", s), "new": lambda *a: Version(*(int_arg(x) for x in a)),
    })
    define("array", "System.Array", {}, {
        "Reverse": lambda a, *r: a.reverse(), "Sort": lambda a, *r: sort_items(a),
        "IndexOf": lambda a, v, *r: index_of_item(a, v), "LastIndexOf": lambda a, v: last_index_of_item(a, v),
        "Exists": lambda a, p: any(truthy(call_block(p, x, (x,))) for x in a),
        "Find": lambda a, p: find_item(a, p), "FindAll": lambda a, p: [x for x in a if truthy(call_block(p, x, (x,)))],
        "Clear": lambda a, i=0, n=None: _clear(a, i, n),
    })
    define("management.automation.psnoteproperty", "System.Management.Automation.PSNoteProperty", {}, {
        "new": lambda name, value=None: _note_property(to_string(name), value),
    })
    define("net.dns", "System.Net.Dns", {}, {"GetHostName": _host_name})
    define("management.automation.scriptblock", "System.Management.Automation.ScriptBlock", {}, {
        "Create": lambda text: convert_to("scriptblock", to_string(text)),
    })
