"""Introspection and session-utility cmdlets: variables, commands, help, aliases, history,
Measure-Command, Read-Host, Clear-Host and Invoke-Expression."""
