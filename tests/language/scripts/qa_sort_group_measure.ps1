# Sort-Object, Group-Object and Measure-Object
$data = @(
  [pscustomobject]@{Name='apple'; Kind='fruit'; Price=1.5; Qty=10}
  [pscustomobject]@{Name='carrot'; Kind='veg'; Price=0.5; Qty=25}
  [pscustomobject]@{Name='banana'; Kind='fruit'; Price=0.25; Qty=40}
  [pscustomobject]@{Name='leek'; Kind='veg'; Price=2; Qty=3}
)
$data | Sort-Object Price | ForEach-Object Name
$data | Sort-Object Price -Descending | Select-Object -First 1 -ExpandProperty Name
$data | Sort-Object Kind, Name | ForEach-Object { "$($_.Kind)/$($_.Name)" }
$data | Sort-Object @{e='Kind'; Descending=$true}, @{e='Qty'; Descending=$false} | ForEach-Object Name
3,1,2 | Sort-Object
'b','A','c' | Sort-Object
3,1,2 | Sort-Object -Descending
$data | Group-Object Kind | ForEach-Object { "$($_.Name): $($_.Count) [$($_.Group.Name -join ',')]" }
$data | Group-Object { $_.Price -gt 1 } | ForEach-Object Name
(1..10 | Group-Object { $_ % 3 } -AsHashTable)[1] -join ','
1..10 | Measure-Object
1..10 | Measure-Object -Sum -Average -Maximum -Minimum
$data | Measure-Object Qty -Sum | ForEach-Object Sum
"one two`nthree four five" | Measure-Object -Line -Word -Character
(1..4 | Measure-Object -Average).Average
@(
    @{ name = 'a' ; weight = 7 }
    @{ name = 'b' ; weight = 1 }
    @{ name = 'c' ; weight = 3 }
    @{ name = 'd' ; weight = 7 }
) | Group-Object -Property weight -NoElement
