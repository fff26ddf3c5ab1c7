# ConvertTo-Json / ConvertFrom-Json
@{a=1} | ConvertTo-Json
[pscustomobject]@{Name='n'; List=1,2; Nested=@{x=$null; y=$true}} | ConvertTo-Json
[pscustomobject]@{Name='n'; List=1,2} | ConvertTo-Json -Compress
1,2,3 | ConvertTo-Json
ConvertTo-Json @(1,2) -Compress
'str' | ConvertTo-Json
$null | ConvertTo-Json
ConvertTo-Json -InputObject 'a"b\c' 
[pscustomobject]@{d=[datetime]'2024-01-02T03:04:05'} | ConvertTo-Json -Compress
@{deep=@{a=@{b=@{c=1}}}} | ConvertTo-Json -Depth 1 -Compress
'{"a":1,"b":[1,2],"c":{"d":"x"}}' | ConvertFrom-Json | ForEach-Object { $_.a; $_.b.Count; $_.c.d }
$j = '{"name":"n","n":1.5,"t":true,"z":null}' | ConvertFrom-Json
$j.name; $j.n; $j.t; $null -eq $j.z
$j
'[1,2,3]' | ConvertFrom-Json | Measure-Object -Sum | ForEach-Object Sum
('{"a":1}' | ConvertFrom-Json -AsHashtable).GetType().Name
[pscustomobject]@{a=1} | ConvertTo-Json | ConvertFrom-Json | ForEach-Object a
@{} | ConvertTo-Json
@() | ConvertTo-Json
,@() | ConvertTo-Json
[pscustomobject]@{e=@()} | ConvertTo-Json -Compress
'{"date":"2024-01-02T03:04:05"}' | ConvertFrom-Json | ForEach-Object { $_.date.GetType().Name }
