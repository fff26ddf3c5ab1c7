# redirection of the output, error and warning streams to files, to $null and into the output
'one' > out.txt
'two' >> out.txt
Get-Content out.txt
function Mixed { 'out'; Write-Error 'err'; Write-Warning 'warn' }
Mixed > o1.txt 2> e1.txt 3> $null
"o1: $(Get-Content o1.txt)"
(Get-Content e1.txt -Raw) -match 'err'
Mixed 2>&1 3>&1 | ForEach-Object { "[$_]" }
(Mixed 2>&1)[1] -is [System.Management.Automation.ErrorRecord]
Mixed > $null 2>&1 3>$null
'nothing above'
$r = Mixed 2>$null 3>$null
"captured: $r"
1..3 > nums.txt
Get-Content nums.txt
(Get-Item nums.txt).Length
'append' 2>> e1.txt
Write-Host 'host text' 6> host.txt
"host: $(Get-Content host.txt)"
$x = Write-Output 'kept' 2>$null
$x
& { 'in block'; Write-Error 'block err' } 2>&1 | ForEach-Object { "got: $_" }
'a', 'b' | Out-File list.txt
Get-Content list.txt
'c' | Out-File list.txt -Append
(Get-Content list.txt) -join ','
Write-Output 'to null' > $null
Test-Path nonexistent.txt
