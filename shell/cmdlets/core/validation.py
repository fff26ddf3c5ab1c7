"""PowerShell's [ValidateRange] failure, for cmdlets that check their numbers themselves.

The binder has no range declaration on ``Param`` yet, so a cmdlet whose parameter
has bounds (Select-Object -First, Sort-Object -Top, ConvertTo-Json -Depth,
Get-Date -Month, Write-Progress -PercentComplete, ...) calls ``validate_range``
first; the message is PowerShell's, word for word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shell.language.errors import ErrorCategory

if TYPE_CHECKING:
    from shell.language.cmdlet import Cmdlet


def validate_range(cmdlet: Cmdlet, param: str, value: float, low: float | None = None,
                   high: float | None = None) -> None:
    """Throw PowerShell's message when ``value`` is below ``low`` or above ``high`` (None: unbounded)."""
    if low is not None and value < low:
        cmdlet.throw(f"Cannot validate argument on parameter '{param}'. The {_num(value)} argument is less "
                     f"than the minimum allowed range of {_num(low)}. Supply an argument that is greater "
                     f"than or equal to {_num(low)} and then try the command again.",
                     category=ErrorCategory.INVALID_DATA, error_id="ParameterArgumentValidationError")
    if high is not None and value > high:
        cmdlet.throw(f"Cannot validate argument on parameter '{param}'. The {_num(value)} argument is greater "
                     f"than the maximum allowed range of {_num(high)}. Supply an argument that is less "
                     f"than or equal to {_num(high)} and then try the command again.",
                     category=ErrorCategory.INVALID_DATA, error_id="ParameterArgumentValidationError")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
