# Out-File / Set-Content encodings and -NoNewline, checked byte by byte
function Bytes($path) { ([System.IO.File]::ReadAllBytes("$PWD/$path") | ForEach-Object { '{0:x2}' -f $_ }) -join ' ' }
'é' | Out-File e1.txt -Encoding utf8; Bytes e1.txt
'é' | Out-File e2.txt -Encoding ascii; Bytes e2.txt
'é' | Out-File e3.txt -Encoding unicode; Bytes e3.txt
'é' | Out-File e4.txt -Encoding utf8BOM; Bytes e4.txt
'x' | Out-File e5.txt -NoNewline; Bytes e5.txt
Set-Content e6.txt 'a','b' -NoNewline; Bytes e6.txt
'é' | Out-File e7.txt -Encoding latin1; Bytes e7.txt
Add-Content e6.txt 'c'; Bytes e6.txt
'é' > e8.txt; Bytes e8.txt
Get-Content e3.txt -Encoding unicode
Get-Content e7.txt -Encoding latin1
