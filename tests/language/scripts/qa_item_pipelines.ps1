# pipelines of file objects into the item and content cmdlets (binding by property name)
'l1','l2' | Set-Content a.txt
'm1' | Set-Content b.txt
[pscustomobject]@{Path='a.txt'} | Get-Content
Get-ChildItem *.txt | Get-Content
Get-ChildItem *.txt | Select-String 'm1' | ForEach-Object { "$($_.Filename):$($_.LineNumber)" }
Get-Item b.txt | Copy-Item -Destination c.txt
Get-Content c.txt
Get-Item c.txt | Remove-Item
Test-Path c.txt
'a.txt' | Test-Path
'a.txt', 'nope.txt' | Test-Path
Get-ChildItem *.txt | Measure-Object -Property Length -Sum | ForEach-Object Sum
Get-ChildItem | Sort-Object Length -Descending | Select-Object -First 1 -ExpandProperty Name
Get-ChildItem | Where-Object Length -gt 3 | ForEach-Object Name
Get-ChildItem | Group-Object Extension | ForEach-Object { "$($_.Name)=$($_.Count)" }
(Get-ChildItem).Name -join ','
(Get-ChildItem)[0].Name
Get-ChildItem | ForEach-Object { $_.Name.ToUpper() }
Get-Item a.txt | Select-Object Name, Length
Get-ChildItem | Select-Object -Property Name | ConvertTo-Json -Compress
New-Item -ItemType Directory d | Out-Null
Get-ChildItem -Directory | ForEach-Object Name
'x' | Out-File d/inner.txt
Get-ChildItem -Recurse -File | ForEach-Object { $_.FullName.Substring($PWD.Path.Length + 1) }
