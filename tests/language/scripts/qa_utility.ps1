# utility cmdlets: variables, commands, help objects, Invoke-Expression, Measure-Command, Start-Sleep
Set-Variable -Name qa1 -Value 'one'
sv qa2 'two'
(Get-Variable -Name qa* | ForEach-Object Name) -join ','
Get-Variable qa1 -ValueOnly
New-Variable -Name qa3 -Value 3
$qa3
Remove-Variable qa3
Test-Path variable:qa3
Clear-Variable qa1
$null -eq $qa1
(Get-Command Get-Date).CommandType
(Get-Command Get-Date).Name
(Get-Command -Noun Location | ForEach-Object Name | Sort-Object) -join ','
(Get-Command -Verb Get -Name Get-Ch*).Name
function Get-QaThing { 'thing' }
(Get-Command Get-QaThing).CommandType
(Get-Help Get-Date).Name
(Get-Help Get-Date).Synopsis
Invoke-Expression '$ie = 6 * 7'
$ie
iex 'Get-Date -Year 2000 -Month 1 -Day 1 -Format yyyy'
$t = Measure-Command { Start-Sleep -Milliseconds 50 }
$t.TotalMilliseconds -ge 45
$t.GetType().Name
Start-Sleep -Seconds 0
Start-Sleep -Milliseconds 1
'slept'
(Get-Alias gci).Definition
Set-Alias qalias Get-Date
(Get-Alias qalias).Definition
qalias -Year 2001 -Format yyyy
