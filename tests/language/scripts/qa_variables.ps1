# scopes, compound assignment, automatic variables, $env:, multiple assignment
$x = 1
function Show { "x=$x" }
Show
function Set-Local { $x = 2; "in: $x" }
Set-Local
"out: $x"
function Set-Global { $global:x = 3 }
Set-Global
"after global: $x"
function Set-Script { $script:y = 'scripty' }
Set-Script
"y=$y"
& { $x = 99 }
"after &: $x"
. { $x = 100 }
"after dot: $x"
$a = 5; $a += 2; $a -= 1; $a *= 3; $a /= 2; $a %= 5; $a
$s = 'ab'; $s += 'c'; $s
$arr = @(); $arr += 1; $arr += 2; $arr.Count
$i = 5; $i++; $i--; ++$i; $i
$null -eq $undefinedVar
$true -and $false
$true -or $false
-not $true
!$false
$?
Get-Item ./nope -ErrorAction SilentlyContinue
$?
$PID -gt 0
$HOME -eq $env:HOME
$PWD.Path -eq (Get-Location).Path
$Error.Count
$Error[0].GetType().Name
$env:QA_TEST = 'set'
$env:QA_TEST
Remove-Item env:QA_TEST
$null -eq $env:QA_TEST
${weird name} = 5
${weird name}
$a, $b = 1, 2
"$a $b"
$a, $b = $b, $a
"$a $b"
$first, $rest = 1, 2, 3, 4
$rest -join ','
[int]$typed = '5'
$typed += '3'
$typed
$typed.GetType().Name
$true.GetType().FullName
Set-Variable -Name sv -Value 'via cmdlet'
$sv
(Get-Variable sv).Value
$PSItem -eq $null
1..2 | ForEach-Object { "$_/$PSItem" }
[void](1 + 1)
'discarded into [void]'
$null -eq $null
