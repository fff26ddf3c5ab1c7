"""The host of a ThreadJob's runspace: everything written goes into the job's buffers.

Output objects reach the job through the ``output`` callback the job body passes to
the interpreter (by reference, never serialised); records of the other streams come
here through ``write_record``. Text written straight to the host (Out-Host,
``$Host.UI``) becomes Information records tagged PSHOST, as PowerShell's job hosts
do, so Receive-Job shows it in order with the rest. A job cannot prompt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shell.language.host import Host
from shell.language.streams import InformationRecord, Stream

if TYPE_CHECKING:
    from jobs.job import Job


class JobHost(Host):
    """A host whose writes land in ``job``'s stream buffers.

    ``streaming`` (Start-ThreadJob -StreamingHost) is a host that shows Write-Host
    output at once instead of keeping it for Receive-Job.
    """

    name = "JobHost"
    interactive = False
    color = False
    passthrough_native = False

    def __init__(self, job: Job, streaming: Host | None = None, width: int = 120) -> None:
        self.job = job
        self.streaming = streaming
        self._width = width

    @property
    def width(self) -> int:
        return self._width

    def write(self, text: str) -> None:
        """Keep host text as PSHOST Information records, one per line."""
        if not text:
            return
        if self.streaming is not None:
            self.streaming.write(text)
            return
        body = text[:-1] if text.endswith("\n") else text
        for line in body.split("\n"):
            self.job.write(Stream.INFORMATION, InformationRecord(line, tags=("PSHOST",)))

    def write_record(self, stream: Stream, record: Any) -> None:
        """Buffer a record of a non-output stream for Receive-Job."""
        if (self.streaming is not None and stream == Stream.INFORMATION
                and getattr(record, "is_host", False)):
            self.streaming.write_record(stream, record)
            return
        self.job.write(stream, record)
