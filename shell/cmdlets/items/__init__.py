"""File-system, location and process cmdlets (Get-ChildItem, Set-Location, Get-Process, ...).

The location is runspace state: every path is resolved with
``runspace.resolve_path`` against ``runspace.location``, never the process's
working directory.
"""
