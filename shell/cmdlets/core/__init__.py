"""The core pipeline cmdlets, as PowerShell 7 has them.

One module per topic: ``write`` (Write-Output, Write-Host and the stream writers),
``pipeline`` (ForEach-Object, Where-Object), ``select``, ``sort``, ``group``,
``measure``, ``member`` (Get-Member), ``tee``, ``dates`` (Get-Date, Start-Sleep),
``json_write`` (ConvertTo-Json), ``json_read`` (ConvertFrom-Json) and ``select_string``.
``properties`` holds what Select-, Sort-, Group- and Measure-Object share: reading a
property of any pipeline object and PowerShell's calculated-property hashtables.
"""
