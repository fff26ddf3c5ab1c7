# comparison, matching, containment, type and split/join operators
1 -eq 1
'a' -eq 'A'
'a' -ceq 'A'
'abc' -like 'A*'
'abc' -clike 'A*'
'abc' -notlike '*z'
'abc' -match 'B'
$matches[0]
'abc' -cmatch 'B'
'abc' -notmatch 'z'
'John Smith' -match '(?<first>\w+) (?<last>\w+)'
$matches.first
$matches['last']
1,2,3 -contains 2
1,2,3 -notcontains 5
2 -in 1,2,3
5 -notin 1,2,3
1,2,3,2 -eq 2
1,2,3 -gt 1
'a','b','c' -like '[ab]'
'a','B' -match 'b'
1,2,$null -eq $null
$null -eq @()
@() -eq $null
'10' -eq 10
10 -eq '10'
'10' -lt 9
10 -lt '9'
'abc' -gt 'ABD'
'b' -gt 'a'
'a,b;c' -split '[,;]'
'a b  c' -split ' '
-split ' a  b c '
'a1b2c3' -split '\d', 2
'a.b' -split '.', 0, 'SimpleMatch'
'ABC' -csplit 'b'
-join ('a','b')
(1,2,3) -join $null
'x' -is [string]
1 -is [int]
1 -isnot [string]
1.5 -as [int]
'abc' -as [int]
