# Where-Object operators in the simplified syntax, ForEach-Object blocks and member calls
$d = @([pscustomobject]@{N='ab'; V=1; F=$true}, [pscustomobject]@{N='cd'; V=5; F=$false}, [pscustomobject]@{N='ef'; V=$null; F=$true})
$d | Where-Object N -Match '^c' | ForEach-Object N
$d | Where-Object N -Like 'E*' | ForEach-Object N
$d | Where-Object N -CLike 'E*' | ForEach-Object N
$d | Where-Object V -In 1, 2 | ForEach-Object N
$d | Where-Object F | ForEach-Object N
$d | Where-Object -Not V | ForEach-Object N
$d | Where-Object -Property V -GT -Value 2 | ForEach-Object N
$d | where V -ge 1 | % N
$d | Where-Object N -NotIn 'ab' | ForEach-Object N
$d | Where-Object V -eq $null | ForEach-Object N
1..5 | Where-Object { $_ -gt 3 }
1..3 | ForEach-Object -Process { $_ } -End { 'end' }
1..3 | ForEach-Object { $_ } { 'second block' }
'a b' | ForEach-Object Split ' '
@{k='v'} | ForEach-Object { $_.k }
$null | ForEach-Object { 'ran for null' }
@() | ForEach-Object { 'never' }
1..2 | ForEach-Object -Begin { $t = 0 } -Process { $t += $_ } -End { "total $t" }
