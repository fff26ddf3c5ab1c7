"""Get-Content, Set-Content and Add-Content.

Get-Content writes one string per line (no newline characters; ``\\n``, ``\\r\\n`` and
``\\r`` all end a line), or the whole text with ``-Raw``. Set-Content and
Add-Content write each value as a line, UTF-8 without a byte-order mark by default,
each line ended with ``\\n`` (``-NoNewline`` writes the values back to back).
"""

from __future__ import annotations

import codecs
import os
from collections import deque
from typing import Any, Iterator

from shell.cmdlets.items.paths import (expand, has_wildcard, not_found, os_error, path_params,
                                       resolve_existing)
from shell.cmdlets.items.providers import drive_content, drive_items, split_drives
from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory, ErrorRecord

#: PowerShell's -Encoding names -> Python codecs (writing; ``utf-16``/``utf-32`` write a BOM as .NET does).
ENCODINGS = {
    "utf8": "utf-8", "utf8nobom": "utf-8", "utf8bom": "utf-8-sig", "default": "utf-8",
    "oem": "utf-8", "ascii": "ascii", "unicode": "utf-16", "bigendianunicode": "utf-16-be",
    "utf32": "utf-32", "bigendianutf32": "utf-32-be", "latin1": "latin-1", "utf7": "utf-7",
    "byte": "latin-1",
}

_ENCODING_NAMES = ("ASCII", "BigEndianUnicode", "BigEndianUTF32", "OEM", "Unicode", "UTF7",
                   "UTF8", "UTF8BOM", "UTF8NoBOM", "UTF32", "Latin1")

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def codec_for(cmdlet: Cmdlet, name: Any) -> str:
    """The Python codec for an -Encoding value (a PowerShell name, a code page or a codec name)."""
    if name is None or str(name) == "":
        return "utf-8"
    text = str(name).strip()
    key = text.lower().replace("-", "")
    if key in ENCODINGS:
        return ENCODINGS[key]
    candidate = f"cp{text}" if text.isdigit() else text
    try:
        return codecs.lookup(candidate).name
    except LookupError:
        cmdlet.throw(f"Cannot bind parameter 'Encoding'. '{text}' is not a supported encoding name. "
                     f"Use one of: {', '.join(_ENCODING_NAMES)}.",
                     category=ErrorCategory.INVALID_ARGUMENT, error_id="CannotConvertArgument")


def _sniff(path: str) -> str:
    """The codec a file's byte-order mark names (UTF-8 when there is none)."""
    with open(path, "rb") as handle:
        head = handle.read(4)
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    return "utf-8"


class GetContent(Cmdlet):
    """Get-Content [-Path] <string[]> [-TotalCount <long>] [-Tail <int>] [-Raw] [-Encoding <string>]."""

    name = "Get-Content"
    aliases = ("gc", "type")
    synopsis = "Gets the content of the item at the specified location."
    description = ("Reads text files and writes one string per line (or, with -Raw, the whole "
                   "text as one string). -TotalCount (-Head, -First) reads the first lines, -Tail "
                   "(-Last) the last ones. Files piped from Get-ChildItem are read too.")
    examples = ("Get-Content notes.txt", "Get-Content app.log -Tail 20",
                "(Get-Content settings.ini -Raw) -replace 'debug=0', 'debug=1'",
                "Get-ChildItem *.txt | Get-Content")
    params = (
        Param("Path", "string[]", position=0, by_property_name=True, mandatory=True,
              completer="path", help="The files to read; wildcards allowed."),
        Param("LiteralPath", "string[]", by_property_name=True, aliases=("PSPath", "LP", "FullName"),
              completer="path", help="The files to read, exactly as written (piped files bind "
                                     "by their PSPath or FullName)."),
        Param("TotalCount", "long", aliases=("First", "Head"), help="Read only the first N lines."),
        Param("Tail", "int", aliases=("Last",), help="Read only the last N lines."),
        Param("Raw", "switch", help="Return the whole content as one string, newlines kept."),
        Param("Encoding", "string", choices=_ENCODING_NAMES,
              help="The text encoding (default: UTF-8, or what the byte-order mark says)."),
        Param("ReadCount", "long", help="Lines per output array (0: all lines in one array; default 1)."),
        Param("Delimiter", "string", help="Split the content at this string instead of at newlines."),
        Param("AsByteStream", "switch", help="Read bytes (as numbers) instead of text."),
        Param("Force", "switch", help="Let wildcards match hidden dot-files."),
    )

    def process(self) -> None:
        """Read each file."""
        paths, literal = path_params(self)
        drives, paths = split_drives(paths)
        for drive, name in drives:
            for item in drive_items(self, drive, name):
                self.write(drive_content(item))
        for path in resolve_existing(self, paths, literal=literal, force=self.force):
            if os.path.isdir(path):
                self.write_error(ErrorRecord(
                    f"Unable to get content because it is a directory: '{path}'. "
                    "Please use 'Get-ChildItem' instead.", category=ErrorCategory.INVALID_OPERATION,
                    error_id="GetContentReaderUnauthorizedAccessError", target=path,
                    exception_type="System.UnauthorizedAccessException"))
                continue
            try:
                self._read(path)
            except OSError as exc:
                self.write_error(os_error(exc, path, "GetContentReader"))

    def _read(self, path: str) -> None:
        if self.as_byte_stream:
            with open(path, "rb") as handle:
                data = handle.read()
            if self.raw:
                self.write(list(data))
            else:
                self._emit_items(iter(data))
            return
        codec = codec_for(self, self.encoding) if self.encoding else _sniff(path)
        if self.raw:
            with open(path, encoding=codec, errors="replace", newline="") as handle:
                text = handle.read()
            if text:
                self.write(text)
            return
        with open(path, encoding=codec, errors="replace", newline=None if self.delimiter is None else "") as handle:
            self._emit_items(self._delimited(handle) if self.delimiter else _lines(handle))

    def _delimited(self, handle: Any) -> Iterator[str]:
        """Chunks ending with the delimiter (PowerShell keeps it), the last one without."""
        text = handle.read()
        delim = self.delimiter
        start = 0
        while True:
            found = text.find(delim, start)
            if found < 0:
                break
            yield text[start:found + len(delim)]
            start = found + len(delim)
        if start < len(text):
            yield text[start:]

    def _emit_items(self, items: Iterator[Any]) -> None:
        total = self.total_count if self.total_count is not None and self.total_count >= 0 else None
        if self.tail is not None and self.tail >= 0:
            kept: Any = deque(maxlen=self.tail) if self.tail else deque(maxlen=0)
            for n, item in enumerate(items):
                if total is not None and n >= total:
                    break
                kept.append(item)
            items = iter(kept)
        elif total is not None:
            items = _take(items, total)
        read_count = self.read_count if self.read_count is not None else 1
        if read_count == 1 or read_count < 0:
            for n, item in enumerate(items):
                if n % 1024 == 0:
                    self.check_stopping()
                self.write(item)
            return
        batch: list[Any] = []
        for item in items:
            batch.append(item)
            if read_count and len(batch) == read_count:
                self.write(batch)
                batch = []
                self.check_stopping()
        if batch:
            self.write(batch)


def _lines(handle: Any) -> Iterator[str]:
    for line in handle:
        yield line[:-1] if line.endswith("\n") else line


def _take(items: Iterator[Any], count: int) -> Iterator[Any]:
    for n, item in enumerate(items):
        if n >= count:
            return
        yield item


class _ContentWriter(Cmdlet):
    """What Set-Content and Add-Content share: collect the values, then write them once."""

    mode = "w"
    params = (
        Param("Path", "string[]", position=0, by_property_name=True, mandatory=True,
              completer="path", help="The files to write; wildcards allowed."),
        Param("LiteralPath", "string[]", by_property_name=True, aliases=("PSPath", "LP"),
              completer="path", help="The files to write, exactly as written."),
        Param("Value", "object[]", position=1, pipeline=True, by_property_name=True,
              help="The content: each value becomes a line."),
        Param("NoNewline", "switch", help="Write the values back to back, with no newlines."),
        Param("Encoding", "string", choices=_ENCODING_NAMES,
              help="The text encoding (default: UTF-8 without a byte-order mark)."),
        Param("Force", "switch", help="Write even to a read-only file."),
        Param("PassThru", "switch", help="Write the values to the pipeline as well."),
    )

    def begin(self) -> None:
        """Nothing collected yet."""
        self._values: list[Any] = []

    def process(self) -> None:
        """Collect this input's values."""
        value = self.value
        if isinstance(value, (list, tuple)):
            self._values.extend(value)
        elif value is not None or not self.expecting_input:
            self._values.append(value)

    def end(self) -> None:
        """Write the collected values to every target file."""
        from shell.language.conversions import to_string  # noqa: PLC0415

        values = self._values
        if all(v is None for v in values):
            text = ""
        elif self.no_newline:
            text = "".join(to_string(v) for v in values)
        else:
            text = "".join(to_string(v) + "\n" for v in values)
        codec = codec_for(self, self.encoding)
        paths, literal = path_params(self)
        for target in self._targets(paths, literal):
            self._write_file(target, text, codec)
        if self.pass_thru:
            for v in values:
                self.write(v)

    def _targets(self, paths: list[str], literal: bool) -> list[str]:
        out = []
        for raw in paths:
            if not literal and has_wildcard(raw):
                found, _ = expand(self.runspace, raw)
                if not found:
                    self.write_error(not_found(self.runspace.resolve_path(raw)))
                out.extend(found)
            else:
                out.extend(expand(self.runspace, raw, literal=literal)[0])
        return out

    def _write_file(self, target: str, text: str, codec: str) -> None:
        if os.path.isdir(target):
            self.write_error(ErrorRecord(f"Access to the path '{target}' is denied.",
                                         category=ErrorCategory.PERMISSION_DENIED,
                                         error_id="GetContentWriterUnauthorizedAccessError",
                                         target=target, exception_type="System.UnauthorizedAccessException"))
            return
        try:
            if self.force and os.path.exists(target) and not os.access(target, os.W_OK):
                os.chmod(target, os.stat(target).st_mode | 0o200)
            with open(target, self.mode, encoding=codec, newline="") as handle:
                handle.write(text)
        except OSError as exc:
            self.write_error(os_error(exc, target, "GetContentWriter"))
        except UnicodeEncodeError as exc:
            self.write_error(ErrorRecord(f"Cannot write to '{target}' in {self.encoding}: {exc.reason}.",
                                         category=ErrorCategory.WRITE_ERROR, error_id="EncodingError",
                                         target=target))


class SetContent(_ContentWriter):
    """Set-Content [-Path] <string[]> [-Value] <object[]> [-NoNewline] [-Encoding <string>]."""

    name = "Set-Content"
    aliases = ("sc",)
    synopsis = "Writes new content or replaces existing content in a file."
    description = ("Replaces a file's content with the values given (each one a line), "
                   "creating the file when it does not exist.")
    examples = ("Set-Content notes.txt 'first line', 'second line'",
                "Get-Process | Select-Object -ExpandProperty Name | Set-Content names.txt")
    mode = "w"


class AddContent(_ContentWriter):
    """Add-Content [-Path] <string[]> [-Value] <object[]> [-NoNewline] [-Encoding <string>]."""

    name = "Add-Content"
    aliases = ("ac",)
    synopsis = "Adds content to the specified items, such as adding words to a file."
    description = ("Appends the values given (each one a line) to a file, creating it when it "
                   "does not exist.")
    examples = ("Add-Content log.txt \"$(Get-Date) started\"",)
    mode = "a"

