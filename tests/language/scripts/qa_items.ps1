# items: New/Get/Copy/Move/Rename/Remove-Item, content cmdlets, Test-Path, locations, paths
New-Item -ItemType Directory -Path d1 | ForEach-Object Name
New-Item -Path d1/a.txt -ItemType File -Value 'hello' | ForEach-Object Name
New-Item d1/b.log | Select-Object -ExpandProperty Length
Set-Content -Path d1/c.txt -Value 'one', 'two'
Add-Content -Path d1/c.txt -Value 'three'
Get-Content d1/c.txt
(Get-Content d1/c.txt).Count
Get-Content d1/c.txt -TotalCount 1
Get-Content d1/c.txt -Tail 1
Get-Content d1/c.txt -Raw
(Get-Content d1/c.txt -Raw).Length
Get-ChildItem d1 | ForEach-Object Name
Get-ChildItem d1 -Filter *.txt | ForEach-Object Name
Get-ChildItem d1 -Name
Get-ChildItem -Path d1 -Include *.log -Recurse | ForEach-Object Name
Test-Path d1/a.txt
Test-Path d1/zzz
Test-Path d1 -PathType Container
Test-Path d1/a.txt -PathType Leaf
Copy-Item d1/a.txt d1/a2.txt
Get-Content d1/a2.txt
Move-Item d1/a2.txt d1/moved.txt
Test-Path d1/a2.txt
Get-Content d1/moved.txt
Rename-Item d1/moved.txt renamed.txt
Get-ChildItem d1 -Name
Remove-Item d1/renamed.txt
Test-Path d1/renamed.txt
(Get-Item d1/a.txt).Name
(Get-Item d1/a.txt).Length
(Get-Item d1/a.txt).Extension
(Get-Item d1/a.txt).BaseName
(Get-Item d1).PSIsContainer
(Get-Item d1/a.txt).Directory.Name
(Get-Item d1/a.txt).FullName -eq (Join-Path (Get-Location).Path 'd1/a.txt')
Copy-Item d1 d2 -Recurse
Get-ChildItem d2 -Name
Remove-Item d2 -Recurse
Test-Path d2
Push-Location d1
(Get-Location).Path -like '*d1'
Pop-Location
(Get-Location).Path -like '*d1'
Set-Location d1
Split-Path (Get-Location) -Leaf
Set-Location ..
Get-Item nope -ErrorAction SilentlyContinue; $?
Remove-Item nope -ErrorAction SilentlyContinue; $?
Get-Content nope -ErrorAction SilentlyContinue; $?
Set-Location nope -ErrorAction SilentlyContinue; $?
$Error[0].CategoryInfo.Category
'after errors'
Split-Path /a/b/c.txt
Split-Path /a/b/c.txt -Leaf
Join-Path a b
Join-Path a b c
'x' | Set-Content d1/piped.txt
Get-Content d1/piped.txt
1..3 | Set-Content d1/nums.txt
(Get-Content d1/nums.txt) -join '+'
Get-Content d1/c.txt | Select-Object -Skip 1
Get-ChildItem d1 -File | Measure-Object | ForEach-Object Count
Get-ChildItem d1 -Directory | Measure-Object | ForEach-Object Count
try { New-Item d1/a.txt -ErrorAction Stop } catch { $_.Exception.Message -replace '^.*/d1/', '.../d1/' }
New-Item d1/a.txt -Force | ForEach-Object Length
Get-ChildItem d1/*.txt -Name
