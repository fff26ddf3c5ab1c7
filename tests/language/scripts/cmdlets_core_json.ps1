# ConvertTo-Json and ConvertFrom-Json
$obj = [ordered]@{ name = 'psrepl'; tags = @('shell', 'jobs'); nested = @{ ok = $true }; none = $null }
$obj | ConvertTo-Json
$obj | ConvertTo-Json -Compress
1, 'two', 3.5 | ConvertTo-Json -Compress
$back = '{"id": 7, "items": [{"n": "a"}, {"n": "b"}]}' | ConvertFrom-Json
$back.id
$back.items.n
'[10, 20]' | ConvertFrom-Json | ForEach-Object { $_ + 1 }
try { '{oops' | ConvertFrom-Json } catch { 'caught: ' + $_.Exception.Message.Substring(0, 37) }
