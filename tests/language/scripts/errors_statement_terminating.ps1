# A statement-terminating error ends its statement; the block goes on (PowerShell's rule).
& { 1/0; "after divide" }
function f { [int]"x"; "after cast" }
f
"next"
foreach ($i in 1..2) { $null.Foo(); "loop $i" }
if ($true) { 1/0; "after in if" }
1..2 | ForEach-Object { 1/0; "item $_" }
# Inside try, the error goes to catch, also from a function called there.
try { f; "not reached" } catch { "caught: $($_.Exception.Message)" }
# throw ends the whole script block.
& { throw "thrown"; "not reached" }
"end"
