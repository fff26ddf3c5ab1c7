# Variables, aliases, commands, help and Invoke-Expression
$answer = 42
Get-Variable answer -ValueOnly
Set-Variable -Name greeting -Value 'hi'
(Get-Variable greeting).Value
New-Variable -Name limit -Value 3 -Option ReadOnly
Set-Variable limit 4
$limit
Remove-Variable answer
Test-Path variable:answer
Set-Alias say Write-Output
say 'from an alias'
Get-Alias say | ForEach-Object DisplayName
(Get-Command gci).Definition
(Get-Command Get-ChildItem).CommandType
Get-Command -Verb Push
Get-Help Pop-Location
iex '$made = 1 + 2'
$made
'Write-Output piped', '2 * 21' | Invoke-Expression
