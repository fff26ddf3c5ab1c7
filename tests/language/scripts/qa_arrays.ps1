# arrays: index assignment, +, +=, casts to [array]/[string[]]/[int[]], @() wrapping, Count of scalars
$a = 1..3; $a[1] = 10; $a -join ','
"[$($null)] [$null]"
@(1,2) + 3 -join ','
(1,2) + (3,4) -join ','
$b = @(1,2); $b += @(3,4); $b.Count
[array]$one = 5; $one.GetType().Name; $one.Count
[hashtable]$ht = @{x=1}; $ht.x
[string[]]$strs = 1, 2; $strs[0].GetType().Name
$h = @{a=1; b=2}; foreach ($k in @($h.Keys)) { $h[$k] = $h[$k] * 10 }; $h.a + $h.b
[int[]]$nums = '1', '2', '3'; ($nums | Measure-Object -Sum).Sum
$e = @(); $e.Count; $e.Length
(1).Count
'x'.Count
@($null).Count
@($null, $null).Count
$(1; 2; 3).Count
$(if ($true) { 'sub-if' })
@(Get-ChildItem nonexistent_dir_qa -ErrorAction SilentlyContinue).Count
$m = 1, 2, 3, 4, 5
$m[1..2] -join ','
$m[-2..-1] -join ','
$m[0, 2, 4] -join ','
$m.Count -eq $m.Length
,$m | ForEach-Object { $_.Count }
$nested = @(1, @(2, 3), 4)
$nested[1][0]
$nested.Count
$empty = @()
$empty + 1 | ForEach-Object { "elem $_" }
$r = foreach ($i in 1..3) { if ($i -ne 2) { $i } }; $r -join ','
(1..10 | Where-Object { $_ % 2 -eq 0 }).Count
$arr2 = 'b', 'a', 'c'; [array]::Sort($arr2); $arr2 -join ''
[array]::IndexOf(@('x','y'), 'y')
