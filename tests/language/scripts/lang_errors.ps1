try { 1 / 0 } catch { "caught: $($_.Exception.Message)" }
try { throw 'custom' } catch { "msg: $_" } finally { 'finally ran' }
try { Get-Item /definitely/not/here -ErrorAction Stop } catch { 'stopped: ' + $_.CategoryInfo.Category }
$r = Write-Error 'quiet' -ErrorAction SilentlyContinue; "after silent, errors: $($Error.Count)"
try { try { throw 'inner' } finally { 'inner finally' } } catch { "outer caught $_" }
$ErrorActionPreference = 'Stop'
try { Write-Error 'now terminating' } catch { "pref stop: $_" }
