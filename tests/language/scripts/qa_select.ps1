# Select-Object: properties, -First/-Last/-Skip, -ExpandProperty, calculated properties, -Unique
$data = @(
  [pscustomobject]@{Name='apple'; Kind='fruit'; Price=1.5; Qty=10}
  [pscustomobject]@{Name='carrot'; Kind='veg'; Price=0.5; Qty=25}
  [pscustomobject]@{Name='banana'; Kind='fruit'; Price=0.25; Qty=40}
  [pscustomobject]@{Name='leek'; Kind='veg'; Price=2; Qty=3}
)
$data | Select-Object Name, Price
$data | Select-Object -First 2 -Property Name
$data | Select-Object -Last 1 | ForEach-Object Name
$data | Select-Object -Skip 3 | ForEach-Object Name
$data | Select-Object -ExpandProperty Name
$data | Select-Object Name, @{Name='Total'; Expression={ $_.Price * $_.Qty }}
$data | Select-Object @{n='Upper'; e={$_.Name.ToUpper()}} -First 1
$data.Kind | Select-Object -Unique
1,1,2,3,3 | Select-Object -Unique
