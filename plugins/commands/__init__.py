"""Commands that bundled plugins add to the ``workbench`` command line."""
