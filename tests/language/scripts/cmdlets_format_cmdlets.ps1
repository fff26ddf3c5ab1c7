$people = @(
    [pscustomobject]@{Name = 'Ann'; Age = 31; City = 'Oslo'}
    [pscustomobject]@{Name = 'Bartholomew'; Age = 7; City = 'Rome'}
    [pscustomobject]@{Name = 'Cy'; Age = 45; City = 'Oslo'}
)
$people | Format-Table Name, City
$people | ft Name, @{Name = 'Months'; Expression = { $_.Age * 12 }}
$people | ft -HideTableHeaders
$people | Sort-Object City | Format-Table Name, Age -GroupBy City
$people | Format-List
$people[0] | fl N*, @{l = 'Decades'; e = { [math]::Floor($_.Age / 10) }}
$people | Format-Wide Name -Column 3
$people | ft @{n = 'Pct'; e = { $_.Age / 100 }; FormatString = 'P0'}, @{n = 'Who'; e = 'Name'; Width = 5}
[pscustomobject]@{Id = 1; Note = "first line`nsecond line"} | ft -Wrap
$people | ft Name | Out-String -Width 20
@{a = 1} | fl
'just text' | ft
