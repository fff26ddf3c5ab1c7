"""Writing formatted text to files: Out-File's encodings and PowerShell's error messages.

Encodings are PowerShell 7's names: ``utf8`` (the default, no BOM, as in
PowerShell 7), ``utf8NoBOM``, ``utf8BOM``, ``ascii`` (other characters become
``?``), ``unicode`` (UTF-16 LE with BOM), ``bigendianunicode``, ``utf32``,
``bigendianutf32``, ``latin1``, ``default``/``oem`` (UTF-8); any codec name Python
knows is accepted too. A BOM is written only at the start of a file.
"""

from __future__ import annotations

import codecs
import os
from typing import BinaryIO

from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError

_ENCODINGS: dict[str, tuple[str, bytes]] = {
    "utf8": ("utf-8", b""),
    "utf8nobom": ("utf-8", b""),
    "utf8bom": ("utf-8", codecs.BOM_UTF8),
    "default": ("utf-8", b""),
    "oem": ("utf-8", b""),
    "ascii": ("ascii", b""),
    "unicode": ("utf-16-le", codecs.BOM_UTF16_LE),
    "bigendianunicode": ("utf-16-be", codecs.BOM_UTF16_BE),
    "utf32": ("utf-32-le", codecs.BOM_UTF32_LE),
    "bigendianutf32": ("utf-32-be", codecs.BOM_UTF32_BE),
    "latin1": ("latin-1", b""),
    "utf7": ("utf-7", b""),
}

#: The names shown in messages and offered by tab completion.
ENCODING_NAMES = ("ascii", "bigendianunicode", "bigendianutf32", "oem", "unicode", "utf7",
                  "utf8", "utf8BOM", "utf8NoBOM", "utf32", "latin1", "default")


def encoding_of(name: str | None) -> tuple[str, bytes]:
    """(Python codec, BOM) for a PowerShell encoding name; PSRuntimeError if unknown."""
    if name is None or str(name) == "":
        return _ENCODINGS["utf8"]
    key = str(name).lower().replace("-", "")
    found = _ENCODINGS.get(key)
    if found is not None:
        return found
    try:
        return (codecs.lookup(str(name)).name, b"")
    except LookupError:
        raise PSRuntimeError(ErrorRecord(
            f"Cannot bind parameter 'Encoding'. '{name}' is not a supported encoding name. "
            f"The supported names are: {', '.join(ENCODING_NAMES)}.",
            category=ErrorCategory.INVALID_ARGUMENT, error_id="ArgumentException",
            exception_type="System.ArgumentException")) from None


def file_error(path: str, exc: OSError) -> PSRuntimeError:
    """PowerShell's message for a file that cannot be opened, naming the path."""
    if isinstance(exc, FileNotFoundError) or isinstance(exc, NotADirectoryError):
        return PSRuntimeError(ErrorRecord(
            f"Could not find a part of the path '{path}'.", category=ErrorCategory.OPEN_ERROR,
            error_id="DirectoryNotFoundException", target=path,
            exception_type="System.IO.DirectoryNotFoundException"))
    if isinstance(exc, (PermissionError, IsADirectoryError)):
        return PSRuntimeError(ErrorRecord(
            f"Access to the path '{path}' is denied.", category=ErrorCategory.PERMISSION_DENIED,
            error_id="UnauthorizedAccessException", target=path,
            exception_type="System.UnauthorizedAccessException"))
    return PSRuntimeError(ErrorRecord(
        f"{exc.strerror or exc}: '{path}'.", category=ErrorCategory.WRITE_ERROR,
        error_id="IOException", target=path, exception_type="System.IO.IOException"))


class TextFileWriter:
    """A file opened for formatted text in one of PowerShell's encodings."""

    def __init__(self, path: str, *, append: bool = False, encoding: str | None = None,
                 no_clobber: bool = False) -> None:
        """Open ``path`` (absolute; resolve it with the runspace first).

        Raises PSRuntimeError with PowerShell's message when it cannot be opened.
        """
        self.path = path
        self._codec, bom = encoding_of(encoding)
        if no_clobber and not append and os.path.exists(path):
            raise PSRuntimeError(ErrorRecord(
                f"The file '{path}' already exists.", category=ErrorCategory.RESOURCE_EXISTS,
                error_id="NoClobber", target=path, exception_type="System.IO.IOException"))
        try:
            self._file: BinaryIO | None = open(path, "ab" if append else "wb")  # noqa: SIM115
            if bom and self._file.tell() == 0:
                self._file.write(bom)
        except OSError as exc:
            raise file_error(path, exc) from None

    def write(self, text: str) -> None:
        """Write ``text`` (characters the encoding lacks become ``?``)."""
        if self._file is not None and text:
            try:
                self._file.write(text.encode(self._codec, errors="replace"))
            except OSError as exc:
                raise file_error(self.path, exc) from None

    def close(self) -> None:
        """Flush and close (safe to call twice)."""
        if self._file is not None:
            try:
                self._file.close()
            except OSError as exc:
                raise file_error(self.path, exc) from None
            finally:
                self._file = None


def write_text_file(path: str, text: str, *, append: bool = False,
                    encoding: str | None = None) -> None:
    """Write (or append) ``text`` to the absolute ``path``, as ``>``/``>>`` and Out-File do."""
    writer = TextFileWriter(path, append=append, encoding=encoding)
    try:
        writer.write(text)
    finally:
        writer.close()
