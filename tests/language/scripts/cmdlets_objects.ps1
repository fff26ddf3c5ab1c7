# Add-Member, New-Object, New-TimeSpan and Clear-Content as scripts use them.

# Building an object up, the PowerShell 2 way.
$server = New-Object PSObject
$server | Add-Member -MemberType NoteProperty -Name Name -Value 'web1'
$server | Add-Member -MemberType NoteProperty -Name Port -Value 8080
$server | Add-Member Role 'frontend'
$server

# Properties at construction, then more at once.
$db = New-Object -TypeName PSObject -Property ([ordered]@{Name = 'db1'; Port = 5432})
$db | Add-Member -NotePropertyMembers ([ordered]@{Role = 'database'; Replicas = 2})
$db | Format-List

# A member that is there already.
$db | Add-Member Port 1 -ErrorAction SilentlyContinue
$db.Port
$db | Add-Member Port 5433 -Force
$db.Port
try { $db | Add-Member Port 1 -ErrorAction Stop } catch { $_.Exception.Message }

# Alias and script members.
$db | Add-Member -MemberType AliasProperty -Name Host -Value Name
$db | Add-Member -MemberType ScriptProperty -Name Url -Value { "tcp://$($this.Host):$($this.Port)" }
$db | Add-Member -MemberType ScriptMethod -Name Scale -Value { param($n) $this.Replicas += $n; $this.Replicas }
$db.Url
$db.Scale(3)
$db.Host = 'db2'
$db.Name
$db | Select-Object Name, Host, Url, Replicas

# A collection of objects, and a type name for them.
$servers = foreach ($i in 1..3) {
    New-Object PSObject -Property ([ordered]@{Id = $i; Up = $i -ne 2}) |
        Add-Member -TypeName Demo.Server -PassThru |
        Add-Member ScriptProperty Status { if ($this.Up) { 'ok' } else { 'down' } } -PassThru
}
$servers | Format-Table Id, Status
$servers[0].PSTypeNames[0]

# A string keeps being a string.
$label = 'release' | Add-Member -NotePropertyName Color -NotePropertyValue 'green' -PassThru
"$label is $($label.Color), $($label.Length) letters"

# New-Object and the types it can make.
$list = New-Object System.Collections.ArrayList
$list.Add('a') | Out-Null
$list.Add('b') | Out-Null
$list.Count
$names = New-Object 'System.Collections.Generic.List[string]'
$names.Add('x')
$names.GetType().FullName
$sb = New-Object System.Text.StringBuilder
[void]$sb.Append('Hello').Append(', ').Append('world')
$sb.ToString()
(New-Object DateTime 2024, 1, 31).ToString('yyyy-MM-dd')
(New-Object TimeSpan 0, 5, 0).TotalSeconds
try { New-Object Nope.Missing } catch { $_.Exception.Message }

# New-TimeSpan.
$span = New-TimeSpan -Hours 1 -Minutes 25
$span.TotalMinutes
(New-TimeSpan -Start '2024-01-01' -End '2024-03-01').Days
([datetime]'2024-01-01' + (New-TimeSpan -Days 90)).ToString('yyyy-MM-dd')
(New-TimeSpan -Minutes -90).ToString()

# Clear-Content empties a file and keeps it.
Set-Content app.log 'one', 'two'
(Get-Content app.log).Count
Clear-Content app.log
Test-Path app.log
(Get-Item app.log).Length
clc missing.log -ErrorAction SilentlyContinue
$Error[0].Exception.Message -replace [regex]::Escape((Get-Location).Path), '<here>'
