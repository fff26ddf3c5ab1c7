# Where-Object and ForEach-Object: script blocks, simplified syntax, -Begin/-End, -MemberName
$data = @(
  [pscustomobject]@{Name='apple'; Kind='fruit'; Price=1.5; Qty=10}
  [pscustomobject]@{Name='carrot'; Kind='veg'; Price=0.5; Qty=25}
  [pscustomobject]@{Name='banana'; Kind='fruit'; Price=0.25; Qty=40}
  [pscustomobject]@{Name='leek'; Kind='veg'; Price=2; Qty=3}
)
$data | Where-Object Price -gt 1 | ForEach-Object Name
$data | Where-Object { $_.Kind -eq 'veg' -and $_.Qty -lt 10 } | ForEach-Object Name
$data | Where-Object Name -like '*an*' | ForEach-Object Name
$data | ? Kind -eq fruit | % Name
$data | ForEach-Object -Begin { 'start' } -Process { $_.Qty } -End { 'stop' }
$data | ForEach-Object -MemberName Name
'a','b' | ForEach-Object ToUpper
1..3 | ForEach-Object { $_ } | Measure-Object -Sum | Select-Object -ExpandProperty Sum
