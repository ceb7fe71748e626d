"""Workbench's bundled plugins (installed as ``workbench_plugins``).

Each module is one concern and registers through the ``workbench`` entry-point group in
``pyproject.toml``, exactly as a third-party plugin package would.
"""
