# Parsing: commands vs expressions, barewords, strings, precedence, control flow
$name = 'World'
"Hello $name!"
'single $name'
"escapes: [`t] [`$name] [""quoted""]"
"sub: $(1 + 2) member: $($name.Length) not member: $name.Length"
Write-Output logs/$name.txt
Write-Output 1..3
Write-Output (1..3).Count
Write-Output a,b,c
'{0}-{1}' -f 1, 2
1,2 -join '+'
2 + 3 * 4
-not $false -eq $true
10 - -3
[int]'42' + 1
[math]::Max(3, 7)
$h = @{ a = 1; b = 'two' }
$h.b
$h['a']
$a, $b = 5, 6
$a + $b
$s = @'
here 'single' $name
'@
$s
@"
here "double" $name
"@
$i = 0
while ($true) {
    $i++
    if ($i -ge 3) { break }
}
$i
:outer foreach ($x in 1..3) {
    foreach ($y in 1..3) {
        if ($y -eq 2) { continue outer }
        "$x.$y"
    }
}
switch (3) {
    1 { 'one' }
    { $_ -gt 2 } { 'big' }
    default { 'other' }
}
function Add-Two([int]$a, [int]$b = 2) { $a + $b }
Add-Two 40
$sb = { param($p) "got $p" }
& $sb 'x'
1..3 | foreach { $_ * 10 }
try {
    throw 'oops'
}
catch {
    "caught $_"
}
finally {
    'finally'
}
do { $i-- } until ($i -le 0)
$i
