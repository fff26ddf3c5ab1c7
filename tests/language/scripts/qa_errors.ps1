# try/catch/finally, typed catches, rethrow, -ErrorAction/-ErrorVariable, $Error
try { throw 'plain' } catch { $_.Exception.Message; $_.GetType().Name; $_.Exception.GetType().Name }
try { 1/0 } catch [System.DivideByZeroException] { 'div caught' } catch { 'generic' }
try { [int]'x' } catch [System.Management.Automation.RuntimeException] { 'runtime caught' }
try { Get-Item /nope -ErrorAction Stop } catch [System.Management.Automation.ItemNotFoundException] { 'item not found caught' }
try { throw @{a=1} } catch { $_.TargetObject.a }
try { try { throw 'inner' } catch { throw } } catch { "rethrown: $_" }
try { 'body' } finally { 'finally' }
function F { try { return 'ret' } finally { 'fin' } }
F
Get-Item /nope -ErrorAction SilentlyContinue -ErrorVariable ev
$ev.Count
$ev[0].Exception.Message
$ErrorActionPreference = 'SilentlyContinue'
Get-Item /nope; 'continued'
$ErrorActionPreference = 'Continue'
try { $null.Foo() } catch { $_.FullyQualifiedErrorId }
try { throw } catch { $_.Exception.Message }
$e = try { throw 'val' } catch { $_ }
$e.GetType().Name
try { Write-Error 'nonterm' } catch { 'not caught' }
'after nonterm'
try { Write-Error 'term' -ErrorAction Stop } catch { "caught: $($_.Exception.Message)" }
try { throw [pscustomobject]@{code=5} } catch { $_.TargetObject.code }
$err = $null
try { Get-ChildItem -Path /nope -ErrorAction Stop } catch { $err = $_ }
$err.CategoryInfo.Category
try { & { throw 'from block' } } catch { $_.InvocationInfo.Line.Trim() }
function Needs { param([Parameter(Mandatory)]$Name) "hi $Name" }
Needs -Name ok
