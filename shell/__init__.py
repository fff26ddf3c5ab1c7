"""psrepl: PowerShell's job and session model, in Python, over SSH."""

__version__ = "0.1.0"
