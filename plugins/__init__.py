"""Workbench's bundled plugins (installed as ``workbench_plugins``), grouped by role.

Each module in ``loaders``, ``segmenters``, ``detectors``, ``scorers``, ``checkers``,
``exporters`` and ``commands`` is one plugin of one concern, registered through the
``workbench`` entry-point group in ``pyproject.toml`` exactly as a third-party plugin
package would be. ``shared`` holds the helpers they have in common, ``data`` their data.
"""

from pathlib import Path

DATA = Path(__file__).with_name("data")
