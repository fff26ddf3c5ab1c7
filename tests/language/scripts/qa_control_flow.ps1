# loops and conditions: truthiness of 0, empty strings, arrays; statements as values
'after empty'
foreach ($x in $null) { 'null loop' }
'after null foreach'
foreach ($x in 1) { "single $x" }
for ($i = 0; $i -lt 10; $i += 3) { $i }
$i = 0
while ($true) { $i++; if ($i -ge 3) { break } }
$i
do { 'do once' } while ($false)
$n = 0; do { $n++ } until ($n -eq 2); $n
if (0) { 'zero true' } else { 'zero false' }
if ('') { 't' } else { 'empty string false' }
if ('0') { 'string 0 true' }
if (@()) { 't' } else { 'empty array false' }
if (@(0)) { 't' } else { 'array of 0 false' }
if (@(1,2)) { 'two-array true' }
if ($null) {} else { 'null false' }
$v = if ($true) { 'if-value' } else { 'no' }
$v
$w = foreach ($q in 1..3) { $q * 10 }
$w -join ' '
1..3 | ForEach-Object { if ($_ -eq 2) { return }; $_ }
:lbl while ($true) { while ($true) { break lbl } }
'broke out'
