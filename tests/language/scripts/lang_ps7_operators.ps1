# PowerShell 7's operators: ternary, null-coalescing, null-conditional access, pipeline chains.

# ternary: condition ? if-true : if-false (the loosest operator)
$n = 5
$n -gt 3 ? 'big' : 'small'
$n -lt 3 ? 'big' : 'small'
$null ? 'yes' : 'no'
@() ? 'yes' : 'no'
'x' ? 'yes' : 'no'
$n -lt 0 ? 'negative' : $n -eq 0 ? 'zero' : 'positive'
"$($n % 2 -eq 1 ? 'odd' : 'even') number"
$true ? 1, 2 : 3
$x = 0
$r = $true ? 'chosen' : ($x = 1)
$r
$x

# null-coalescing: the right side only when the left is $null
$null ?? 'default'
$undefined ?? $null ?? 'last'
0 ?? 'not used'
$false ?? 'not used'
'hello'.Length ?? 0
$hits = 0
'value' ?? ($hits = 1)
$hits

# null-coalescing assignment
$z = $null
$z ??= 'first'
$z ??= 'second'
$z
$h = @{}
$h.Name ??= 'n1'
$h.Name ??= 'n2'
$h.Name

# null-conditional member access and indexing need braces: $s? is a variable named 's?'
$s = 'hello'
${s}?.Length
${s}?.ToUpper()
${s}?[1]
$none = $null
${none}?.Length
${none}?.ToUpper()
${none}?[0]
'after nulls'
$a? = 'question'
$a?
"value: $a?"

# pipeline chains: && runs on success, || on failure ($? of the left side)
Write-Output 'one' && Write-Output 'two'
Write-Output 'three' || Write-Output 'not shown'
Write-Error 'failed' -ErrorAction SilentlyContinue || Write-Output 'recovered'
Write-Error 'failed' -ErrorAction SilentlyContinue && Write-Output 'not shown'
Write-Error 'failed' -ErrorAction SilentlyContinue || Write-Output "left said: $?"
'a' && 'b' || 'c'
$chained = 'x' && 'y'
$chained.Count
if ('p' && 'q') { 'a chain as a condition' }
Write-Error 'failed' -ErrorAction SilentlyContinue || 'handled'
$?
true && 'native ok'
false || "native failed with $LASTEXITCODE"

# a trailing & runs the whole chain as one background job
$job = Write-Output 'bg1' && Write-Output 'bg2' &
$job | Receive-Job -Wait -AutoRemoveJob
