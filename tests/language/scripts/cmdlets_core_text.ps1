# Select-String, Write-Output, Write-Host, Get-Date, Tee-Object, Get-Member
Set-Content notes.txt -Value 'alpha', 'TODO: beta', 'gamma', 'todo: delta'
Select-String -Path notes.txt -Pattern 'todo' | ForEach-Object { "$_" }
Select-String todo notes.txt -CaseSensitive -Raw
'one', 'two', 'three' | Select-String 't' -NotMatch | ForEach-Object Line
(Select-String todo notes.txt -Quiet)
Write-Output 'a', 'b' -NoEnumerate | Measure-Object | ForEach-Object Count
Write-Host 'x' 'y' -Separator '+'
Get-Date -Date '2024-02-29 13:05:00' -Format 'yyyy-MM-dd HH:mm'
Get-Date -Date '2024-02-29 13:05:00' -UFormat '%A %d %B %Y'
'kept' | Tee-Object -Variable copy | Out-Null; $copy
'text' | Get-Member -MemberType Property | ForEach-Object Definition
