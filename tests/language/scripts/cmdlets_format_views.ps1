'abc', 'xbz', 'none' | Select-String b
'x' | Get-Member -MemberType Property
[pscustomobject]@{Id = 1; Name = 'p1'}
[pscustomobject]@{Id = 2; Name = 'p2'}
Write-Host 'between'
@{ Key = 'value' }
'plain'
Get-Command Get-Date | Format-Table CommandType, Name
Get-Alias gci | Format-List Name, Definition
[pscustomobject]@{Size = ''; Name = 'dir'}, [pscustomobject]@{Size = 12; Name = 'file'}
