# double-quoted strings expand variables and subexpressions; single quotes are literal
$name = 'World'
"Hello $name"
'Hello $name'
"Sum: $(1+2)"
"Tab:`tTab"
"Quote: `"x`" and ""y"""
'It''s'
"$name.Length"
"$($name.Length)"
"${name}s"
$h = @{a=1}
"$h.a"
"$($h.a)"
$arr = 1,2,3
"arr: $arr"
"env: $env:QA_SURELY_UNSET_VAR|"
"escape: `$name"
"unicode: `u{263A}"
"a`0b".Length
"multi
line"
# string methods
'abc'.ToUpper()
'a,b,c'.Split(',')
'hello'.Substring(1,3)
'hello'.Replace('l','L')
'  trim  '.Trim() + '|'
'hello'.IndexOf('l')
'hello'.Contains('ell')
'hello'.StartsWith('he')
'Hello'[0]
'Hello'[-1]
'hello'.Length
"x".PadLeft(5, '*')
'abc' * 3
'a' + 1
1 + '2'
'a-b-c' -split '-'
'a','b' -join '+'
'hello' -replace 'l', 'L'
'hello world' -replace '(\w+) (\w+)', '$2 $1'
'ABC' -creplace 'b', 'x'
'ABC' -replace 'b', 'x'
