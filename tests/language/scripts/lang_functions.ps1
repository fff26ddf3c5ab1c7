function Add-Two { param([int]$a, [int]$b = 2) $a + $b }
Add-Two 1
Add-Two -a 5 -b 5
Add-Two -b 1 -a 1
function Show-Args { "count=$($args.Count) first=$($args[0])" }
Show-Args x y z
function Get-Double { process { $_ * 2 } }
1..3 | Get-Double
function Sum-Input { $total = 0; foreach ($x in $input) { $total += $x }; $total }
1..4 | Sum-Input
function Test-Switch([switch]$Force) { if ($Force) { 'forced' } else { 'gentle' } }
Test-Switch; Test-Switch -Force
function Outer { $v = 'outer'; Inner }
function Inner { "inner sees $v" }
Outer
$g = 1; function Set-G { $g = 2; $global:h = 3 }; Set-G; "g=$g h=$h"
function Early { 'one'; return 'two'; 'three' }
Early
$sb = { param($x) "sb got $x" }
& $sb 42
$sb.Invoke(7)
$params = @{ a = 10; b = 20 }
Add-Two @params
filter Plus-One { $_ + 1 }
1, 2 | Plus-One
function Pipe-Param { param([Parameter(ValueFromPipeline)]$Item) process { "item:$Item" } }
'p', 'q' | Pipe-Param
