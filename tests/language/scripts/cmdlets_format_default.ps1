'plain string'
42
3.14
$true
$null
@()
[pscustomobject]@{Name='Ann'; Age=31}
[pscustomobject]@{Name='Bartholomew'; Age=7}
[pscustomobject]@{a=1; b=2; c=3; d=4; e=5}
@{ Name = 'x' }
1..3 | ForEach-Object { [pscustomobject]@{Id = $_; Square = $_ * $_} }
[pscustomobject]@{List = 1..10; Text = 'x' * 100}
Write-Output 'a', 'b' | Out-String
1..3 | ForEach-Object { [pscustomobject]@{Id = $_} } | Out-String -Stream | ForEach-Object { "[$_]" }
[pscustomobject]@{Value = 'y' * 60} | Out-String -Width 30
'file text' | Out-File out.txt
[pscustomobject]@{K = 1} | Out-File out.txt -Append
Get-Content out.txt
'more' > out2.txt
'again' >> out2.txt
Get-Content out2.txt
[timespan]'00:01:30'
