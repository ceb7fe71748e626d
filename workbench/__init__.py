"""Workbench: a plugin-based editorial fact-check workbench.

Plugin authors import the marker from here::

    from workbench import hookimpl
"""

import pluggy

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("workbench")

__all__ = ["__version__", "hookimpl"]
