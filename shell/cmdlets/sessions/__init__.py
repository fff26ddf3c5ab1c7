"""The session cmdlets: New-PSSession, Get-PSSession, Remove-PSSession, Invoke-Command, Enter-PSSession, Exit-PSSession."""
