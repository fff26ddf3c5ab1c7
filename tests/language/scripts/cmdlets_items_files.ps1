# Files and directories: create, list, read, copy, remove (paths relative to the test's location)
New-Item -ItemType Directory logs/old | Out-Null
Set-Content logs/app.log 'line one', 'line two', 'line three'
New-Item notes.txt -Value 'hello' | Out-Null
Add-Content notes.txt ' world'
Get-ChildItem -Recurse -Name
Get-ChildItem -Recurse -File | Format-Table Name, Length
Get-Content logs/app.log -Tail 2
Get-Content notes.txt -Raw
(Get-Content logs/app.log).Count
Test-Path logs/app.log
Test-Path logs -PathType Leaf
Copy-Item notes.txt logs/old
Rename-Item logs/old/notes.txt kept.txt
Get-ChildItem logs -Recurse | ForEach-Object { "{0} {1}" -f $_.Mode, $_.Name }
Get-ChildItem *.txt | Get-Content
Move-Item notes.txt logs
Get-ChildItem -Filter *.txt -Recurse | Select-Object -ExpandProperty Name
Remove-Item logs/app.log
Get-ChildItem logs -File -Name
Remove-Item logs -Recurse
Test-Path logs
Get-Item missing.txt
'done'
