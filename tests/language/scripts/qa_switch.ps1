# switch: multiple matches, -casesensitive, script-block conditions, -regex with $matches, arrays, continue
switch (3) { 1 {'one'} 3 {'three'} 3 {'three again'} }
switch ('abc') { 'ABC' { 'case-insensitive' } }
switch -casesensitive ('abc') { 'ABC' { 'no' } default { 'cs default' } }
switch (1..4) { {$_ % 2} { "odd $_" } default { "even $_" } }
switch -exact ('a*') { 'a*' { 'exact' } }
switch -regex ('foo123') { '^(\w+?)(\d+)$' { "w=$($matches[1]) d=$($matches[2])" } }
$r = switch (5) { 5 { 'five' } }
$r
switch (1,2,3) { 2 { continue } default { "d$_" } }
switch ($null) { $null { 'null matched' } }
switch (@()) { default { 'never' } }
