# members and methods of strings, arrays and objects; Get-Member
'abc' | Get-Member -Name Length
(1, 'a' | Get-Member | Select-Object -ExpandProperty TypeName -Unique)
[pscustomobject]@{b=1; a='x'} | Get-Member -MemberType NoteProperty
$arr = 1, 2, 3
$arr.Count; $arr.Length
$arr.GetType().FullName
$arr[-1]; $arr[0..1] -join ','; $arr[5]
$arr.Contains(2)
$arr.IndexOf(3)
($arr | ForEach-Object { $_ * 2 }) -join ','
$arr.ForEach({ $_ + 1 }) -join ','
$arr.Where({ $_ -gt 1 }) -join ','
@(1,2,3,4).Where({ $_ % 2 }, 'First')
$s = 'Hello World'
$s.ToLower(); $s.Split(' ')[1]; $s.Length; $s.Substring(6)
$s -match 'W(or)ld'; $matches[1]
$s.Replace('World', 'There')
$s.Insert(5, ',')
$s.Remove(5)
$s.EndsWith('ld')
$s.ToCharArray().Count
$s.Trim('H')
[string]::Join('-', 'a', 'b')
[string]::IsNullOrEmpty('')
[string]::Format('{0}+{1}', 1, 2)
'a b'.Split()
'A,B,,C'.Split(',', [System.StringSplitOptions]::RemoveEmptyEntries) -join '|'
$s.PadRight(14, '.') + '|'
'x'.CompareTo('y')
$s[0..4] -join ''
(1..5)[1..3] -join ','
@(1,@(2,3)).Count
@(@(1,2)).Count
,(1,2) | ForEach-Object { $_.Count }
$h = @{}; $h.Keys.Count
$list = @(); $list += @(1,2); $list.Count
$x = 1; $x.GetType().Name; $x = 'a'; $x.GetType().Name
$o = [pscustomobject]@{a=1}
$o.a = 5; $o.a
$o.psobject.Properties.Count
