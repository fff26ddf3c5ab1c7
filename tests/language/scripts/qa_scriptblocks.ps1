# script blocks as values: their text, invocation with & and .Invoke(), param() and $args, closures over scope
$sb = { 1 + 1 }
$sb
$sb.GetType().FullName
"[$sb]"
& $sb
[scriptblock]::Create("2 * 3").Invoke()
$sb2 = { param($a, $b) $a + $b }
$sb2.Invoke(1, 2)
& $sb2 -b 5 -a 1
$sb.InvokeReturnAsIs()
$counter = 10
$inc = { $counter + 1 }
& $inc
$counter = 20
& $inc
$blocks = @{ double = { $args[0] * 2 }; square = { param($n) $n * $n } }
& $blocks.double 4
& $blocks['square'] 5
$list = { 'a' }, { 'b' }
$list | ForEach-Object { & $_ }
function Apply([scriptblock]$f, $x) { & $f $x }
Apply { param($v) "applied to $v" } 7
$filter = { $_ -gt 2 }
1..4 | Where-Object $filter
