"""``$PSVersionTable``: which psrepl this is, in PowerShell's shape."""

from __future__ import annotations

import platform
from typing import Any

from shell.language.psobject import PSLive

#: The PowerShell version whose behaviour psrepl follows.
PS_VERSION = (7, 4, 0)


class SemanticVersion(PSLive):
    """A version with Major, Minor, Patch (``System.Management.Automation.SemanticVersion``)."""

    ps_type_names = ("System.Management.Automation.SemanticVersion", "System.Object")
    ps_properties = ("Major", "Minor", "Patch", "PreReleaseLabel", "BuildLabel")
    ps_table = ("Major", "Minor", "Patch", "PreReleaseLabel", "BuildLabel")
    Major = Minor = Patch = 0
    PreReleaseLabel = BuildLabel = None

    def __init__(self, major: int, minor: int, patch: int) -> None:
        self.Major, self.Minor, self.Patch = major, minor, patch

    def __str__(self) -> str:
        return f"{self.Major}.{self.Minor}.{self.Patch}"

    def ToString(self) -> str:  # noqa: N802 - PowerShell's method name
        """The version as text."""
        return str(self)


def version_table() -> Any:
    """A fresh $PSVersionTable."""
    from shell import __version__  # noqa: PLC0415
    from shell.language.pscollections import Hashtable  # noqa: PLC0415

    table = Hashtable()
    table["PSVersion"] = SemanticVersion(*PS_VERSION)
    table["PSEdition"] = "Core"
    table["PSReplVersion"] = __version__
    table["GitCommitId"] = __version__
    table["OS"] = f"{platform.system()} {platform.release()}"
    table["Platform"] = "Unix" if platform.system() != "Windows" else "Win32NT"
    table["PSCompatibleVersions"] = ["1.0", "2.0", "3.0", "4.0", "5.0", "5.1", "6.0", "7.0"]
    table["PSRemotingProtocolVersion"] = "2.3"
    table["SerializationVersion"] = "1.1.0.1"
    table["WSManStackVersion"] = "3.0"
    return table
