# functions: positional and named binding, prefixes, switches, $args, pipeline blocks, filters
function Add-Two { param([int]$a, [int]$b = 10) $a + $b }
Add-Two 1 2
Add-Two -a 5
Add-Two -b 1 -a 2
Add-Two -A:3 -B:4
Add-Two '4' '5'
function Get-Sw { param([switch]$Force, $Name) "Force=$Force Name=$Name" }
Get-Sw
Get-Sw -Force
Get-Sw -Force:$false -Name n
Get-Sw -f -n abbreviated
function Test-Args { "count=$($args.Count) first=$($args[0])" }
Test-Args a b c
$sb = { param($p) "got $p" }
& $sb 'x'
$sb.Invoke('y')
$sb2 = { "args: $args" }
& $sb2 1 2
function Outer { Inner }
function Inner { 'inner called' }
Outer
function Ret { return 5; 'not reached' }
Ret
function Multi { 1; 2; 3 }
(Multi).Count
function Pipe-In { process { $_ * 2 } }
1..3 | Pipe-In
function Pipe-Param { param([Parameter(ValueFromPipeline)]$InputObject) begin { 'begin' } process { "p:$InputObject" } end { 'end' } }
1, 2 | Pipe-Param
function Typed { param([string[]]$Names) $Names.Count }
Typed a,b,c
Typed -Names x
filter Double { $_ * 2 }
4, 5 | Double
function Get-Default { param($x = (Get-Date).Year) $x -gt 2000 }
Get-Default
function Recurse($n) { if ($n -le 0) { return 0 }; $n + (Recurse ($n - 1)) }
Recurse 10
function Named-Pos { param([Parameter(Position=0)]$First, [Parameter(Position=1)]$Second) "$First-$Second" }
Named-Pos b a
Named-Pos -Second s f
(Get-Command Add-Two).CommandType
function Count-Input { $input.Count }
1, 2, 3 | Count-Input
function Get-Bound { param($a, $b) $PSBoundParameters.Keys -join ',' }
Get-Bound -b 1
function Early { foreach ($i in 1..5) { if ($i -eq 3) { return "returned at $i" } } }
Early
