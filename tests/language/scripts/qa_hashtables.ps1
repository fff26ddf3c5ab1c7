# hashtables: member and index access, case-insensitive keys, += on a missing key, [ordered]
$h = @{a=1; b=2}
$h.a
$h['b']
$h.A
$h.c = 3
$h.Count
$h.Keys | Sort-Object
$h.ContainsKey('A')
$h.Remove('a')
$h.Count
$o = [ordered]@{z=1; y=2; x=3}
$o.Keys -join ','
$o.GetType().Name
$h.GetType().FullName
@{}.Count
$e = @{}
$e['k'] += 1
$e.k
$h2 = @{ 'key with space' = 1; 2 = 'two' }
$h2['key with space']
$h2[2]
$n = @{a=@{b=@{c='deep'}}}
$n.a.b.c
$hh = @{a=1} + @{b=2}
$hh.Count
foreach ($k in $o.GetEnumerator()) { "$($k.Key)=$($k.Value)" }
$o.GetEnumerator() | ForEach-Object { $_.Name }
$h.nosuchkey -eq $null
@{a=1} + @{a=2}
'after duplicate key'
$p = [pscustomobject]@{Name='n'; Value=42}
$p
$p.Name
$p | Format-List
$p.PSObject.Properties.Name
$p.Value++
$p.Value
