# splatting hashtables and arrays into cmdlets and functions; @args pass-through
function Show-P { param($Name, $Count = 1, [switch]$Loud) "$Name x$Count loud=$Loud" }
$p = @{ Name = 'a'; Count = 3 }
Show-P @p
$p.Loud = $true
Show-P @p
$pos = 'b', 2
Show-P @pos
function Wrapper { Show-P @args }
Wrapper d 4
$sel = @{ Property = 'Name'; First = 1 }
[pscustomobject]@{Name='x'} , [pscustomobject]@{Name='y'} | Select-Object @sel | ForEach-Object Name
$jp = @{ Depth = 1; Compress = $true }
@{a=@{b=1}} | ConvertTo-Json @jp
$sw = @{ Descending = $true }
3, 1, 2 | Sort-Object @sw
function Get-Bound { param($A, $B) ($PSBoundParameters.Keys | Sort-Object) -join ',' }
$hb = @{ B = 2 }
Get-Bound @hb -A 1
