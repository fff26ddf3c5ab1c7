"""The job cmdlets: Start-Job, Start-ThreadJob, Get-Job, Receive-Job, Wait-Job, Stop-Job, Remove-Job.

The job model itself is the ``jobs`` library; these cmdlets bind parameters, find
jobs in the runspace's job table (``selection``), build what a job runs (``start``:
a fresh runspace with a ``JobHost`` for a ThreadJob, an endpoint command line for a
BackgroundJob) and re-emit received records on the caller's streams (``receive``).
"""
