# loops, labels, break/continue
$out = foreach ($i in 1..10) { if ($i -eq 3) { continue }; if ($i -gt 5) { break }; $i }
$out -join ','
$i = 0; while ($i -lt 3) { $i++ }; "while: $i"
$j = 0; do { $j += 2 } while ($j -lt 7); "do-while: $j"
$k = 0; do { $k++ } until ($k -ge 4); "do-until: $k"
for ($n = 0; $n -lt 3; $n++) { "for $n" }
:outer foreach ($a in 1..3) { foreach ($b in 1..3) { if ($b -eq 2) { continue outer }; "$a$b" } }
switch (1, 2, 5) { 1 { 'one' } 2 { 'two'; break } default { 'other' } }
switch -wildcard ('alpha') { 'a*' { 'starts with a' } '*z' { 'ends with z' } }
switch -regex ('abc123') { '\d+' { "digits: $($matches[0])" } }
switch ('x') { { $_ -eq 'x' } { 'block matched' } }
if ($false) { 'no' } elseif ($null) { 'no' } elseif (1) { 'elseif' } else { 'else' }
