# Select-String, Tee-Object, Out-File, Out-String, Write-* cmdlets
Set-Content notes.txt -Value 'alpha one', 'Beta two', 'gamma three', 'ALPHA four'
Select-String -Path notes.txt -Pattern 'alpha'
Select-String -Path notes.txt -Pattern 'alpha' -CaseSensitive
(Select-String -Path notes.txt -Pattern 'a' -SimpleMatch | Measure-Object).Count
Select-String -Path notes.txt -Pattern 'beta' | ForEach-Object { "$($_.LineNumber): $($_.Line)" }
'x1', 'y2', 'x3' | Select-String 'x\d' | ForEach-Object Line
'abc' | Select-String 'b' -Quiet
'abc' | Select-String 'z' -Quiet
'a1b2' | Select-String '\d' -AllMatches | ForEach-Object { $_.Matches.Value -join ',' }
'key=value' | Select-String '(\w+)=(\w+)' | ForEach-Object { $_.Matches[0].Groups[2].Value }
Select-String -Path notes.txt -Pattern 'two' -Context 1,1 | ForEach-Object { $_.Context.PreContext; $_.Context.PostContext }
Get-Content notes.txt | Select-String -NotMatch 'a'
1..5 | Tee-Object -Variable tv | Measure-Object | ForEach-Object Count
$tv -join ','
'tee' | Tee-Object -FilePath tee.txt
Get-Content tee.txt
'more' | Tee-Object -FilePath tee.txt -Append | Out-Null
(Get-Content tee.txt) -join ','
'a','b' | Out-File out.txt
'c' | Out-File out.txt -Append
Get-Content out.txt
[pscustomobject]@{A=1} | Out-File tbl.txt
Get-Content tbl.txt
Write-Output 'wo' -NoEnumerate
Write-Output 1,2 -NoEnumerate | ForEach-Object { $_.Count }
Write-Output 1,2 | ForEach-Object { $_ }
'x' | Out-Null
(1..3 | Out-String)
(1..3 | Out-String -Stream).Count
Write-Host 'host' -NoNewline; Write-Host ' line'
Write-Host 1 2 3 -Separator '-'
Write-Host @('a','b')
Write-Information 'info shown' -InformationAction Continue
$InformationPreference = 'Continue'; Write-Information 'also shown'
Write-Verbose 'hidden verbose'
Write-Debug 'hidden debug'
$VerbosePreference = 'Continue'; Write-Verbose 'shown verbose'
