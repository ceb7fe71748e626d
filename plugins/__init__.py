"""Workbench's bundled plugins (installed as ``workbench_plugins``).

Each module is one concern and registers through the ``workbench`` entry-point group in
``pyproject.toml``, exactly as a third-party plugin package would.
"""

from pathlib import Path

# The data files the plugins ship (read through the file system: importlib.resources
# costs more start-up time than the files take to read).
DATA = Path(__file__).with_name("data")
