# dates and time spans: arithmetic, members, formats, string forms
$start = Get-Date
$span = (Get-Date) - $start
$span.GetType().Name
$span.TotalSeconds -ge 0
$d = [datetime]'2024-02-28 13:45:30'
$d.AddDays(1).ToString('yyyy-MM-dd')
$d.AddDays(2).ToString('yyyy-MM-dd')
$d.Year; $d.Month; $d.Day; $d.Hour; $d.DayOfWeek; $d.DayOfYear
$d.ToString('dddd, MMMM d, yyyy h:mm tt')
$d.ToString('HH:mm:ss.fff')
$d.Date
$d.ToShortDateString()
$d.ToLongTimeString()
"$d"
[string]$d
$d -lt [datetime]'2025-01-01'
($d - [datetime]'2024-01-01').Days
$t = [timespan]'1.02:03:04'
$t
"$t"
$t.TotalHours
$t.Days; $t.Hours
($t + [timespan]'00:00:56').ToString()
[timespan]::FromSeconds(90).ToString()
$d + [timespan]'01:00:00'
$d.AddHours(-14)
'{0:dd/MM/yyyy}' -f $d
'{0:t}' -f $d
'{0:d}' -f $d
[datetime]::ParseExact('05/06/2024', 'dd/MM/yyyy', $null).Month
[datetime]::Now.GetType().Name
[datetime]::Today -le (Get-Date)
(Get-Date).Kind
