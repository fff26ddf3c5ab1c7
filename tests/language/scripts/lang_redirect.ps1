'line one' > out.txt
'line two' >> out.txt
Get-Content out.txt
Write-Error 'to file' 2> err.txt
(Get-Content err.txt) -match 'to file'
$all = & { 'out'; Write-Warning 'warn' } 3>&1
$all.Count
'gone' > $null
1..3 | Out-File nums.txt
(Get-Content nums.txt).Count
