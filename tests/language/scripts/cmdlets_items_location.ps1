# The location is the runspace's: cd, pushd/popd, cd -, and relative paths follow it
New-Item -ItemType Directory a/b | Out-Null
$start = (Get-Location).Path
Set-Location a
(Get-Location).Path -eq "$start/a"
Set-Content here.txt 'written in a'
Push-Location b
Split-Path -Leaf (Get-Location).Path
Get-Content ../here.txt
Pop-Location
Split-Path -Leaf "$PWD"
cd b
cd -
Split-Path -Leaf (Get-Location).Path
cd ..
(Get-Location).Path -eq $start
Test-Path a/here.txt
cd does-not-exist
'still here'
