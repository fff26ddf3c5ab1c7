# aliases as in PowerShell 7 on Linux: the Unix names stay native programs
$aliases = @{}
Get-Alias | ForEach-Object { $aliases[$_.Name] = $_.Definition }
foreach ($a in '%', '?', 'gci', 'dir', 'gc', 'type', 'echo', 'cd', 'pwd', 'select', 'where', 'foreach',
               'sls', 'gm', 'group', 'measure', 'ft', 'fl', 'iex', 'gps', 'gl', 'sl', 'pushd', 'popd',
               'ni', 'ri', 'del', 'copy', 'move', 'ren', 'cls', 'h', 'history', 'gal', 'gcm',
               'gv', 'sv', 'set', 'rv', 'clv', 'ac', 'saps', 'start', 'spps', 'r', 'ihy') {
    "$a -> $($aliases[$a])"
}
foreach ($n in 'sort', 'sleep', 'ls', 'cat', 'ps', 'cp', 'mv', 'rm', 'kill', 'tee', 'diff') {
    "$n : alias=$($aliases.ContainsKey($n)) $((Get-Command $n -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).CommandType)"
}
