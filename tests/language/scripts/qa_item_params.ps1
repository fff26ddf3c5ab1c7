# item and content cmdlet parameters: -Head/-ReadCount/-Delimiter, -Force, wildcards, -PassThru, refusals
1..5 | Set-Content n.txt
Get-Content n.txt -Head 2
Get-Content n.txt -First 1
Get-Content n.txt -ReadCount 2 | ForEach-Object { $_ -join '+' }
'a,b,c' | Set-Content d.txt -NoNewline
Get-Content d.txt -Delimiter ','
Add-Content new.txt 'created'
Get-Content new.txt
New-Item -ItemType File deep/er/f.txt -Force | ForEach-Object Name
Test-Path deep/er/f.txt
New-Item -ItemType File nodir/f.txt -ErrorAction SilentlyContinue; $?
Copy-Item *.txt -Destination deep
(Get-ChildItem deep -File).Name -join ','
Move-Item n.txt new.txt -ErrorAction SilentlyContinue; $?
Move-Item n.txt new.txt -Force
(Get-Content new.txt).Count
Remove-Item deep -ErrorAction SilentlyContinue; $?
Test-Path deep
Remove-Item deep -Recurse
Test-Path deep
Set-Content -Path p.txt -Value 'x' -PassThru
Get-ChildItem -Filter '*.txt' -Name
Get-ChildItem -Exclude 'd*' -Name
Rename-Item p.txt q.txt -PassThru | ForEach-Object Name
Copy-Item q.txt r.txt -PassThru | ForEach-Object Name
Get-Item *.txt | Measure-Object | ForEach-Object Count
