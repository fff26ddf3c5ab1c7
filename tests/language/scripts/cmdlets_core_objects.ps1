# ForEach-Object, Where-Object, Select-Object, Sort-Object, Group-Object, Measure-Object
$people = @(
    [pscustomobject]@{ Name = 'Ann'; Team = 'red'; Age = 31 }
    [pscustomobject]@{ Name = 'Bob'; Team = 'blue'; Age = 25 }
    [pscustomobject]@{ Name = 'Cy'; Team = 'red'; Age = 47 }
)
$people | Where-Object Team -eq 'RED' | ForEach-Object Name
$people | Where-Object { $_.Age -gt 30 } | Sort-Object Age -Descending | Select-Object Name, Age
$people | Sort-Object Name -Descending | Select-Object -First 2 -ExpandProperty Name
$people | Select-Object Name, @{Name = 'Decade'; Expression = { [int][math]::Floor($_.Age / 10) * 10 }}
'--'
$people | Group-Object Team | Sort-Object Count -Descending
'--'
$people | Measure-Object Age -Sum -Average -Maximum
1..5 | ForEach-Object -Begin { $total = 0 } -Process { $total += $_ } -End { "total: $total" }
'b', 'a', 'c', 'a' | Sort-Object -Unique
1..10 | Select-Object -Skip 2 -First 3
$n = 0; 1..100000 | ForEach-Object { $n++; $_ } | Select-Object -First 2; "upstream ran $n times"
