"""FileInfo, DirectoryInfo and PathInfo: live objects with PowerShell's surface.

They look like .NET's ``System.IO.FileInfo``/``DirectoryInfo`` as PowerShell 7 on
Linux shows them: ``Mode`` (``d----``, ``-----``, ``l----``; ``r`` when the owner
cannot write, ``h`` for dot-files), ``UnixMode`` (``-rw-r--r--``), ``Length``,
``LastWriteTime`` (a local naive datetime), and the provider properties
(``PSPath``, ``PSParentPath``, ``PSIsContainer``) that let a file piped to
Get-Content or Remove-Item bind by property name. ``str()`` is the full path.
The default table is the classic ``Mode LastWriteTime Length Name``.
"""

from __future__ import annotations

import datetime
import os
import stat as statmod
from typing import Any

from shell.cmdlets.items.paths import PROVIDER_PREFIX
from shell.language.psobject import PSLive

_ATTRIBUTE_NAMES = (("ReadOnly", 0x1), ("Hidden", 0x2), ("Directory", 0x10), ("ReparsePoint", 0x400))


class FileSystemInfo(PSLive):
    """What files and directories share. The stat is taken once, on first use (``Refresh`` re-reads)."""

    ps_table = ("Mode", "LastWriteTime", "Length", "Name")
    ps_group_by = ("Directory", "PSParentPath")  # tables under PowerShell's "    Directory: /path"

    def __init__(self, path: str) -> None:
        self._path = path
        self._lst: os.stat_result | None = None
        self._st: os.stat_result | None = None
        self._missing = False

    # ----------------------------------------------------------- stat, cached
    def _lstat(self) -> os.stat_result | None:
        if self._lst is None and not self._missing:
            try:
                self._lst = os.lstat(self._path)
            except OSError:
                self._missing = True
        return self._lst

    def _stat(self) -> os.stat_result | None:
        """The target's stat (a link's own stat when the link is broken)."""
        if self._st is None:
            lst = self._lstat()
            if lst is None:
                return None
            if statmod.S_ISLNK(lst.st_mode):
                try:
                    self._st = os.stat(self._path)
                except OSError:
                    self._st = lst
            else:
                self._st = lst
        return self._st

    def Refresh(self) -> None:
        """Re-read the item's state from the file system."""
        self._lst = self._st = None
        self._missing = False

    # ----------------------------------------------------------- names
    @property
    def FullName(self) -> str:
        """The absolute path."""
        return self._path

    @property
    def Name(self) -> str:
        """The last component of the path (``/`` for the root)."""
        return os.path.basename(self._path) or self._path

    @property
    def Extension(self) -> str:
        """From the last dot (``.txt``; ``.bashrc`` for a dot-file), empty when none."""
        name = self.Name
        dot = name.rfind(".")
        return "" if dot < 0 or dot == len(name) - 1 else name[dot:]

    @property
    def PSPath(self) -> str:
        """The provider-qualified path (what Get-Content -LiteralPath binds by property name)."""
        return PROVIDER_PREFIX + self._path

    @property
    def PSParentPath(self) -> str:
        """The provider-qualified parent path (Get-ChildItem's output groups by it)."""
        return PROVIDER_PREFIX + os.path.dirname(self._path)

    @property
    def PSChildName(self) -> str:
        """The item's name."""
        return self.Name

    # ----------------------------------------------------------- kind and state
    @property
    def Exists(self) -> bool:
        """Whether the item exists (as of the last Refresh)."""
        return self._lstat() is not None

    @property
    def LinkType(self) -> str | None:
        """``SymbolicLink`` for a symbolic link, else None."""
        lst = self._lstat()
        return "SymbolicLink" if lst is not None and statmod.S_ISLNK(lst.st_mode) else None

    @property
    def Target(self) -> str | None:
        """Where a symbolic link points, else None."""
        if self.LinkType is None:
            return None
        try:
            return os.readlink(self._path)
        except OSError:
            return None

    def _attributes(self) -> int:
        st = self._stat()
        bits = 0
        if isinstance(self, DirectoryInfo):
            bits |= 0x10
        if self.Name.startswith(".") and self.Name not in (".", ".."):
            bits |= 0x2
        if st is not None and not _writable_by_owner(st):
            bits |= 0x1
        if self.LinkType:
            bits |= 0x400
        return bits

    @property
    def Attributes(self) -> str:
        """.NET's FileAttributes as text: ``Normal``, ``Directory``, ``ReadOnly, Hidden`` ..."""
        bits = self._attributes()
        names = [name for name, bit in _ATTRIBUTE_NAMES if bits & bit]
        return ", ".join(names) if names else "Normal"

    @property
    def Mode(self) -> str:
        """PowerShell's mode string ``darhs`` (``l`` first for a link)."""
        bits = self._attributes()
        first = "l" if bits & 0x400 else ("d" if bits & 0x10 else "-")
        return (first + "-" + ("r" if bits & 0x1 else "-") + ("h" if bits & 0x2 else "-") + "-")

    @property
    def UnixMode(self) -> str:
        """The Unix permissions as ``ls -l`` shows them (``-rw-r--r--``)."""
        lst = self._lstat()
        return statmod.filemode(lst.st_mode) if lst is not None else ""

    @property
    def User(self) -> str:
        """The owner's user name (the uid when it has no name)."""
        lst = self._lstat()
        if lst is None:
            return ""
        import pwd  # noqa: PLC0415 - only when someone asks
        try:
            return pwd.getpwuid(lst.st_uid).pw_name
        except KeyError:
            return str(lst.st_uid)

    @property
    def Group(self) -> str:
        """The owning group's name (the gid when it has no name)."""
        lst = self._lstat()
        if lst is None:
            return ""
        import grp  # noqa: PLC0415
        try:
            return grp.getgrgid(lst.st_gid).gr_name
        except KeyError:
            return str(lst.st_gid)

    # ----------------------------------------------------------- times
    def _time(self, field: str) -> datetime.datetime | None:
        st = self._stat()
        if st is None:
            return None
        return datetime.datetime.fromtimestamp(getattr(st, field))

    @property
    def LastWriteTime(self) -> datetime.datetime | None:
        """When the content last changed (local time)."""
        return self._time("st_mtime")

    @LastWriteTime.setter
    def LastWriteTime(self, value: datetime.datetime) -> None:
        st = self._stat()
        atime = st.st_atime if st is not None else value.timestamp()
        os.utime(self._path, (atime, value.timestamp()))
        self.Refresh()

    @property
    def LastAccessTime(self) -> datetime.datetime | None:
        """When the item was last read (local time)."""
        return self._time("st_atime")

    @property
    def CreationTime(self) -> datetime.datetime | None:
        """The birth time where the system records it, else the older of change and write time (as .NET)."""
        st = self._stat()
        if st is None:
            return None
        born = getattr(st, "st_birthtime", None)
        return datetime.datetime.fromtimestamp(born if born is not None else min(st.st_ctime, st.st_mtime))

    # ----------------------------------------------------------- methods
    def Delete(self) -> None:
        """Delete the item (a directory must be empty)."""
        if isinstance(self, DirectoryInfo) and not self.LinkType:
            os.rmdir(self._path)
        else:
            os.unlink(self._path)
        self.Refresh()

    def ToString(self) -> str:
        """The full path."""
        return self._path

    def __str__(self) -> str:
        return self._path

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._path!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._path == self._path  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._path)


def _writable_by_owner(st: os.stat_result) -> bool:
    """.NET's ReadOnly test on Unix: the write bit that applies to the current user."""
    uid = os.geteuid()
    if uid == st.st_uid or uid == 0:
        return bool(st.st_mode & statmod.S_IWUSR)
    if st.st_gid in os.getgroups() or st.st_gid == os.getegid():
        return bool(st.st_mode & statmod.S_IWGRP)
    return bool(st.st_mode & statmod.S_IWOTH)


_COMMON = ("Mode", "UnixMode", "User", "Group", "LastWriteTime", "CreationTime", "LastAccessTime",
           "Extension", "LinkType", "Target", "Attributes", "Exists", "PSPath", "PSParentPath",
           "PSChildName", "PSIsContainer")


class FileInfo(FileSystemInfo):
    """A file (``System.IO.FileInfo``)."""

    ps_type_names = ("System.IO.FileInfo", "System.IO.FileSystemInfo", "System.MarshalByRefObject",
                     "System.Object")
    ps_properties = ("Name", "FullName", "Length", "BaseName", "DirectoryName") + _COMMON

    PSIsContainer = False

    @property
    def Length(self) -> int:
        """The size in bytes."""
        st = self._stat()
        return st.st_size if st is not None else 0

    @property
    def BaseName(self) -> str:
        """The name without its extension."""
        ext = self.Extension
        return self.Name[: len(self.Name) - len(ext)] if ext else self.Name

    @property
    def DirectoryName(self) -> str:
        """The full path of the containing directory."""
        return os.path.dirname(self._path)

    @property
    def Directory(self) -> DirectoryInfo:
        """The containing directory."""
        return DirectoryInfo(os.path.dirname(self._path))

    @property
    def IsReadOnly(self) -> bool:
        """True when the owner's write bit is off."""
        return bool(self._attributes() & 0x1)

    def CopyTo(self, destFileName: Any, overwrite: Any = False) -> FileInfo:  # noqa: N802, N803
        """Copy the file; the copy's FileInfo. As in .NET, a relative destination is taken
        from the process's directory (not $PWD), and an existing one needs ``overwrite``."""
        import shutil  # noqa: PLC0415

        dest = self._destination(destFileName, overwrite)
        shutil.copyfile(self._path, dest)
        shutil.copymode(self._path, dest)
        return FileInfo(dest)

    def MoveTo(self, destFileName: Any, overwrite: Any = False) -> None:  # noqa: N802, N803
        """Move (rename) the file; this object then names the new place, as in .NET."""
        dest = self._destination(destFileName, overwrite)
        os.replace(self._path, dest)
        self._path = dest
        self.Refresh()

    def _destination(self, dest_name: Any, overwrite: Any) -> str:
        """The checked full destination path, with .NET's messages for what it refuses."""
        from shell.language.member_calls import MethodError  # noqa: PLC0415

        if not os.path.isfile(self._path):
            raise MethodError(f"Could not find file '{self._path}'.")
        dest = os.path.abspath(str(dest_name))
        if os.path.isdir(dest):
            raise MethodError(f"The target file '{dest}' is a directory, not a file.")
        if os.path.exists(dest) and not overwrite:
            raise MethodError(f"The file '{dest}' already exists.")
        return dest


class DirectoryInfo(FileSystemInfo):
    """A directory (``System.IO.DirectoryInfo``)."""

    ps_type_names = ("System.IO.DirectoryInfo", "System.IO.FileSystemInfo",
                     "System.MarshalByRefObject", "System.Object")
    ps_properties = ("Name", "FullName", "BaseName", "Parent", "Root") + _COMMON

    PSIsContainer = True
    #: A directory has no length; the table leaves the column empty (PowerShell's view does too).
    Length = None

    @property
    def BaseName(self) -> str:
        """A directory's BaseName is its name (PowerShell's script property)."""
        return self.Name

    @property
    def Parent(self) -> DirectoryInfo | None:
        """The parent directory (None for the root)."""
        parent = os.path.dirname(self._path)
        return None if parent == self._path else DirectoryInfo(parent)

    @property
    def Root(self) -> DirectoryInfo:
        """The root directory."""
        return DirectoryInfo(os.path.abspath(os.sep))

    def _children(self, pattern: str, want: str) -> list[FileSystemInfo]:
        from shell.language.regex import wildcard_regex  # noqa: PLC0415
        rx = wildcard_regex(pattern or "*", case_sensitive=True)
        out: list[FileSystemInfo] = []
        with os.scandir(self._path) as entries:
            for entry in sorted(entries, key=lambda e: (e.name.lower(), e.name)):
                if not rx.fullmatch(entry.name):
                    continue
                is_dir = entry.is_dir()
                if (want == "dirs" and not is_dir) or (want == "files" and is_dir):
                    continue
                out.append(DirectoryInfo(entry.path) if is_dir else FileInfo(entry.path))
        return out

    def GetFiles(self, pattern: str = "*") -> list[FileSystemInfo]:
        """The files directly in this directory matching ``pattern``."""
        return self._children(pattern, "files")

    def GetDirectories(self, pattern: str = "*") -> list[FileSystemInfo]:
        """The subdirectories matching ``pattern``."""
        return self._children(pattern, "dirs")

    def GetFileSystemInfos(self, pattern: str = "*") -> list[FileSystemInfo]:
        """Files and subdirectories matching ``pattern``."""
        return self._children(pattern, "all")

    def Create(self) -> None:
        """Create the directory (and its parents)."""
        os.makedirs(self._path, exist_ok=True)
        self.Refresh()


def item_for(path: str) -> FileSystemInfo:
    """A DirectoryInfo when ``path`` is (or links to) a directory, else a FileInfo."""
    return DirectoryInfo(path) if os.path.isdir(path) else FileInfo(path)


class PathInfo(PSLive):
    """A location, as Get-Location returns it (``System.Management.Automation.PathInfo``)."""

    ps_type_names = ("System.Management.Automation.PathInfo", "System.Object")
    ps_properties = ("Drive", "Provider", "ProviderPath", "Path")
    ps_table = ("Path",)

    # Declared on the class: PowerShell property lookup (psobject.live_attribute) reads the class.
    Path = ProviderPath = Provider = Drive = ""

    def __init__(self, path: str) -> None:
        self.Path = path
        self.ProviderPath = path
        self.Provider = "Microsoft.PowerShell.Core\\FileSystem"
        self.Drive = "/"

    def ToString(self) -> str:
        """The path."""
        return self.Path

    def __str__(self) -> str:
        return self.Path

    def __repr__(self) -> str:
        return f"PathInfo({self.Path!r})"

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, PathInfo) and other.Path == self.Path

    def __hash__(self) -> int:
        return hash(self.Path)
