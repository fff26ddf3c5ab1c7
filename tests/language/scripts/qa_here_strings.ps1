# here-strings, comments, line continuation and multi-line constructs
$name = 'X'
$a = @"
Hello $name
  indented "quotes" and 'single'
$(1 + 1)
"@
$a
$b = @'
Literal $name
  `n stays
'@
$b
@"
"@
'-- empty above'
@"

blank first and last

"@
$c = @"
a
"@ + 'b'
$c
<# block
comment #> 'after block comment'
'x' # trailing comment
1 + `
2
Get-ChildItem -Path . |
  Measure-Object |
  ForEach-Object Count
$h = @{
  a = 1
  b = 2
}
$h.Count
$arr = @(
  1
  2, 3
)
$arr.Count
$s = "multi
line string"
$s.Split("`n").Count
function multi-line-fn {
  param(
    $x
  )
  "fn $x"
}
multi-line-fn 5
if ($true)
{
  'brace on next line'
}
else
{
  'no'
}
$long = 1,
  2,
  3
$long.Count
