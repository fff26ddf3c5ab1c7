Write-Warning 'careful'
Write-Error 'something failed'
Write-Host 'to the host'
Write-Information 'info' -InformationAction Continue
Write-Verbose 'verbose shown' -Verbose
Foo-Bar
'after'
throw 'boom'
