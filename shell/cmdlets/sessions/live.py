"""The session objects as shell objects: a PSSession and a RemoteJob that are also PSLive.

``sessions`` and ``jobs`` cannot import ``shell``, so their classes only look like
PSLive objects (``ps_type_names``/``ps_properties``/``ps_table``). The classes
here are the same kinds that also *are* PSLive, so that every part of the shell
that asks ``isinstance(x, PSLive)`` (the wire adapter sending one to a client,
members, formatting) treats them as the live objects they are -- as
shell/cmdlets/jobs/live.py does for the other job kinds.
"""

from __future__ import annotations

from jobs.remote_job import RemoteChildJob, RemoteJob
from sessions.session import ClientSession
from shell.language.psobject import PSLive


class ShellSession(ClientSession, PSLive):
    """A PSSession (New-PSSession's object)."""


class ShellRemoteChildJob(RemoteChildJob, PSLive):
    """The child job of a RemoteJob: the command on one computer."""

    # A remoting job's results stay open while it runs: HasMoreData is True until it ends.
    results_open_while_running = True


class ShellRemoteJob(RemoteJob, PSLive):
    """Invoke-Command -AsJob's job."""

    results_open_while_running = True
    child_class = ShellRemoteChildJob
